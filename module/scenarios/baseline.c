// SPDX-License-Identifier: GPL-2.0
/*
 * baseline: the floor under every other figure.  Each thread increments a
 * counter of its own, on its own cache line: the same loop as the counter
 * scenarios with nothing shared, so its ns/op is what the runner itself
 * costs.  check() also times uncontended spin_lock()/spin_unlock() pairs,
 * the least any lock adds, in the same run.
 */
#include <linux/cache.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/spinlock.h>

#include "synclab.h"

#define BASELINE_LOCK_PAIRS	100000	/* 10 ms emulated: long enough to be steady */

struct baseline_slot {
	unsigned long count;
} ____cacheline_aligned_in_smp;

struct baseline {
	struct baseline_slot slot[SYNCLAB_MAX_THREADS];
};

static void baseline_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct baseline *b = run->priv;

	b->slot[t->id].count++;
}

/* ns per uncontended lock/unlock pair, timed over a batch. */
static u64 baseline_lock_pair_ns(unsigned int pairs)
{
	spinlock_t lock;		/* private: never contended */
	unsigned int i;
	u64 t0;

	spin_lock_init(&lock);
	t0 = ktime_get_ns();
	for (i = 0; i < pairs; i++) {
		spin_lock(&lock);
		spin_unlock(&lock);
	}
	return div_u64(ktime_get_ns() - t0, pairs);
}

static bool baseline_check(struct synclab_run *run, struct synclab_result *res)
{
	struct baseline *b = run->priv;
	unsigned int i;

	res->actual = 0;
	for (i = 0; i < run->p[SYNCLAB_P_THREADS]; i++)
		res->actual += b->slot[i].count;
	/* A stopped run (rmmod, a signal) is not kept waiting for a figure. */
	if (READ_ONCE(run->stop) == SYNCLAB_RUNNING)
		synclab_add_extra(res, "lockpair_ns",
				  baseline_lock_pair_ns(min(run->p[SYNCLAB_P_ITERS],
							    BASELINE_LOCK_PAIRS)));
	return true;
}

const struct synclab_scenario synclab_baseline = {
	.name		= "baseline",
	.description	= "the floor: each thread increments its own counter, nothing shared",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.priv_size	= sizeof(struct baseline),
	.increment	= baseline_increment,
	.check		= baseline_check,
};
