// SPDX-License-Identifier: GPL-2.0
/*
 * race: N threads each do iters unsynchronized read-modify-write
 * increments of one counter.  Increments are lost whenever two threads
 * read the same value.
 */
#include "synclab.h"

static void race_increment(struct synclab_run *run, struct synclab_thread *t)
{
	unsigned int window = run->p[SYNCLAB_P_WINDOW_US];
	unsigned long tmp, was;

	/*
	 * Plain accesses, kept apart by barrier(): without it gcc folds the
	 * loop's loads and stores into a single add.  READ_ONCE()/WRITE_ONCE()
	 * would stop the folding too, but they mark the accesses as intended
	 * races and KCSAN would then say nothing about this one.
	 */
	tmp = run->counter;
	barrier();
	if (window) {
		synclab_trace_read(run, t, tmp);
		synclab_sleep_us(run, window);
		was = run->counter;
		run->counter = tmp + 1;
		synclab_trace_write(run, t, was, tmp + 1);
	} else {
		run->counter = tmp + 1;
	}
	barrier();
}

const struct synclab_scenario synclab_race = {
	.name		= "race",
	.description	= "unsynchronized counter++ in N threads: lost updates",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(WINDOW_US) |
			  SYNCLAB_PB(CPU),
	.races		= true,
	.traced		= true,
	.increment	= race_increment,
};
