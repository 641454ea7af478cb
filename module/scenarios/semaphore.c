// SPDX-License-Identifier: GPL-2.0
/*
 * semaphore: counter++ under a binary struct semaphore (one permit), the
 * "lock" of older textbooks.  Unlike a mutex it has no owner: any thread
 * may up() it, which is why the kernel prefers mutexes for locking.
 */
#include <linux/delay.h>
#include <linux/semaphore.h>

#include "synclab.h"

struct sem_counter {
	struct semaphore sem;
};

static int sem_counter_setup(struct synclab_run *run)
{
	struct sem_counter *s = run->priv;

	sema_init(&s->sem, 1);
	return 0;
}

static void sem_counter_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct sem_counter *s = run->priv;

	down(&s->sem);
	run->counter++;
	if (run->p[SYNCLAB_P_HOLD_NS])
		ndelay(run->p[SYNCLAB_P_HOLD_NS]);
	/* A blocking lock may be held across a sleep; a spinlock never. */
	if (run->p[SYNCLAB_P_HOLD_US])
		synclab_sleep_us(run, run->p[SYNCLAB_P_HOLD_US]);
	up(&s->sem);
}

const struct synclab_scenario synclab_semaphore = {
	.name		= "semaphore",
	.description	= "counter++ under a binary struct semaphore (sema_init(&s, 1))",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(HOLD_NS) |
			  SYNCLAB_PB(HOLD_US) | SYNCLAB_PB(CPU),
	/*
	 * No optimistic spinning: a contended down() sleeps and up() wakes the
	 * next waiter, a context switch per acquisition.  Fewer iterations
	 * keep a default run short, under emulation too.
	 */
	.defaults	= {
		[SYNCLAB_P_ITERS]	= 20000,
	},
	.priv_size	= sizeof(struct sem_counter),
	.setup		= sem_counter_setup,
	.increment	= sem_counter_increment,
};
