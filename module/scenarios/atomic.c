// SPDX-License-Identifier: GPL-2.0
/*
 * atomic: the lock-free fix.  atomic_long_inc() is one indivisible
 * read-modify-write (a locked add on x86): nothing to lose, nobody waits.
 */
#include <linux/atomic.h>

#include "synclab.h"

struct atomic_counter {
	atomic_long_t count;
};

static void atomic_counter_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct atomic_counter *a = run->priv;

	atomic_long_inc(&a->count);
}

static bool atomic_counter_check(struct synclab_run *run, struct synclab_result *res)
{
	struct atomic_counter *a = run->priv;

	res->actual = atomic_long_read(&a->count);
	return true;
}

const struct synclab_scenario synclab_atomic = {
	.name		= "atomic",
	.description	= "the lock-free fix: atomic_long_inc()",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.priv_size	= sizeof(struct atomic_counter),
	.increment	= atomic_counter_increment,
	.check		= atomic_counter_check,
};
