// SPDX-License-Identifier: GPL-2.0
/*
 * mutex: counter++ under struct mutex.  A waiter that cannot get the lock
 * soon goes to sleep (a voluntary context switch) instead of spinning:
 * compare nvcsw and cpu_ns with the spinlock scenario.
 */
#include <linux/delay.h>
#include <linux/mutex.h>

#include "synclab.h"

struct mutex_counter {
	struct mutex lock;		/* protects run->counter */
};

static int mutex_counter_setup(struct synclab_run *run)
{
	struct mutex_counter *mc = run->priv;

	mutex_init(&mc->lock);
	return 0;
}

static void mutex_counter_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct mutex_counter *mc = run->priv;

	mutex_lock(&mc->lock);
	run->counter++;
	if (run->p[SYNCLAB_P_HOLD_NS])
		ndelay(run->p[SYNCLAB_P_HOLD_NS]);
	/* A blocking lock may be held across a sleep; a spinlock never. */
	if (run->p[SYNCLAB_P_HOLD_US])
		synclab_sleep_us(run, run->p[SYNCLAB_P_HOLD_US]);
	mutex_unlock(&mc->lock);
}

static void mutex_counter_teardown(struct synclab_run *run)
{
	struct mutex_counter *mc = run->priv;

	mutex_destroy(&mc->lock);
}

const struct synclab_scenario synclab_mutex = {
	.name		= "mutex",
	.description	= "counter++ under struct mutex: waiters sleep instead of spinning",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(HOLD_NS) |
			  SYNCLAB_PB(HOLD_US) | SYNCLAB_PB(CPU),
	.priv_size	= sizeof(struct mutex_counter),
	.setup		= mutex_counter_setup,
	.increment	= mutex_counter_increment,
	.teardown	= mutex_counter_teardown,
};
