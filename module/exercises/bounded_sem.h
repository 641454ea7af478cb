/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exercise 04 (exercises/04-bounded-semaphore/): the bounded semaphore the
 * student writes in bounded_sem.c, and that the harness ex-bounded-sem
 * (bounded_sem.c here) uses.
 */
#ifndef SYNCLAB_EX_BOUNDED_SEM_H
#define SYNCLAB_EX_BOUNDED_SEM_H

#include <linux/atomic.h>
#include <linux/semaphore.h>

struct bounded_sem {
	struct semaphore sem;		/* the permits */
	atomic_t held;			/* permits taken and not given back */
};

void bounded_sem_init(struct bounded_sem *b, unsigned int permits);
/* Take a permit, waiting at most @timeout jiffies: 0, or -ETIME. */
int bounded_sem_acquire(struct bounded_sem *b, long timeout);
/* Give back a permit: 0, or -EOVERFLOW when none is taken. */
int bounded_sem_release(struct bounded_sem *b);

#endif /* SYNCLAB_EX_BOUNDED_SEM_H */
