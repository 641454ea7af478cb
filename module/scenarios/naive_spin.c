// SPDX-License-Identifier: GPL-2.0
/*
 * naive-spin: a "lock" made of a plain flag, as a first attempt often is:
 *
 *	while (flag)
 *		;
 *	flag = 1;  ...  flag = 0;
 *
 * It still loses updates: two threads can both see the flag clear before
 * either sets it, because the test and the set are two steps.  A real
 * spinlock makes them one atomic test-and-set.
 */
#include <linux/sched.h>

#include "synclab.h"

#define NAIVE_SPINS	0	/* sc_stat slot: loop turns spent waiting */

struct naive_spin {
	int flag;
};

static void naive_spin_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct naive_spin *ns = run->priv;
	unsigned long tmp;

	/* Plain accesses on purpose, as in race.c; cpu_relax() re-reads the flag. */
	while (ns->flag) {
		cpu_relax();
		/* The holder may be waiting for this CPU: yield now and then. */
		if (!(++t->sc_stat[NAIVE_SPINS] & 1023)) {
			cond_resched();
			if (synclab_stopping(run))
				return;
		}
	}
	ns->flag = 1;
	barrier();
	tmp = run->counter;
	barrier();
	run->counter = tmp + 1;
	barrier();
	ns->flag = 0;
}

static bool naive_spin_check(struct synclab_run *run, struct synclab_result *res)
{
	synclab_add_extra(res, "spins", synclab_sum_stat(run, NAIVE_SPINS));
	return true;
}

const struct synclab_scenario synclab_naive_spin = {
	.name		= "naive-spin",
	.description	= "a busy-wait lock made of a plain flag: test and set are two steps",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.races		= true,
	.priv_size	= sizeof(struct naive_spin),
	.increment	= naive_spin_increment,
	.check		= naive_spin_check,
};
