// SPDX-License-Identifier: GPL-2.0
/*
 * percpu: the fix that scales.  Each CPU increments its own counter, so no
 * cache line moves between CPUs; the total exists only when it is read, by
 * summing every CPU's counter.  this_cpu_inc() is one instruction that
 * preemption cannot split (a %gs-relative add on x86).
 */
#include <linux/percpu.h>

#include "synclab.h"

struct percpu_counter_run {
	unsigned long __percpu *count;
};

static int percpu_setup(struct synclab_run *run)
{
	struct percpu_counter_run *pc = run->priv;

	pc->count = alloc_percpu(unsigned long);
	return pc->count ? 0 : -ENOMEM;
}

static void percpu_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct percpu_counter_run *pc = run->priv;

	this_cpu_inc(*pc->count);
}

static bool percpu_check(struct synclab_run *run, struct synclab_result *res)
{
	struct percpu_counter_run *pc = run->priv;
	int cpu;

	res->actual = 0;
	for_each_possible_cpu(cpu)
		res->actual += *per_cpu_ptr(pc->count, cpu);
	return true;
}

static void percpu_teardown(struct synclab_run *run)
{
	struct percpu_counter_run *pc = run->priv;

	free_percpu(pc->count);
}

const struct synclab_scenario synclab_percpu = {
	.name		= "percpu",
	.description	= "per-CPU counters summed at the end: nothing shared while counting",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.priv_size	= sizeof(struct percpu_counter_run),
	.setup		= percpu_setup,
	.increment	= percpu_increment,
	.check		= percpu_check,
	.teardown	= percpu_teardown,
};
