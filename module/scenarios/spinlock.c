// SPDX-License-Identifier: GPL-2.0
/*
 * spinlock: counter++ under spinlock_t.  A waiter busy-waits: it keeps its
 * CPU and burns it.  Contention is measured by trying spin_trylock() first
 * and timing the spin_lock() that follows a failure.
 */
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>

#include "synclab.h"

#define SPIN_CONTENDED	0	/* sc_stat slots */
#define SPIN_NS		1

struct spin_counter {
	spinlock_t lock;		/* protects run->counter */
};

static int spin_counter_setup(struct synclab_run *run)
{
	struct spin_counter *s = run->priv;

	spin_lock_init(&s->lock);
	return 0;
}

static void spin_counter_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct spin_counter *s = run->priv;

	if (!spin_trylock(&s->lock)) {
		u64 t0 = ktime_get_ns();

		spin_lock(&s->lock);
		t->sc_stat[SPIN_NS] += ktime_get_ns() - t0;
		t->sc_stat[SPIN_CONTENDED]++;
	}
	run->counter++;
	/* A busy hold, never a sleep: sleeping under a spinlock is a bug. */
	if (run->p[SYNCLAB_P_HOLD_NS])
		ndelay(run->p[SYNCLAB_P_HOLD_NS]);
	spin_unlock(&s->lock);
}

static bool spin_counter_check(struct synclab_run *run, struct synclab_result *res)
{
	synclab_add_extra(res, "contended", synclab_sum_stat(run, SPIN_CONTENDED));
	synclab_add_extra(res, "spin_ns", synclab_sum_stat(run, SPIN_NS));
	return true;
}

const struct synclab_scenario synclab_spinlock = {
	.name		= "spinlock",
	.description	= "counter++ under spinlock_t: waiters busy-wait and burn CPU",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(HOLD_NS) |
			  SYNCLAB_PB(CPU),
	.priv_size	= sizeof(struct spin_counter),
	.setup		= spin_counter_setup,
	.increment	= spin_counter_increment,
	.check		= spin_counter_check,
};
