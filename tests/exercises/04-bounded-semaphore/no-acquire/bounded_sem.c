// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 04: release is bounded, but acquire only counts
 * the permit and never takes it from the semaphore.  Every client walks in,
 * and every release adds a permit.
 */
#include "bounded_sem.h"

void bounded_sem_init(struct bounded_sem *b, unsigned int permits)
{
	sema_init(&b->sem, permits);
	atomic_set(&b->held, 0);
}

int bounded_sem_acquire(struct bounded_sem *b, long timeout)
{
	atomic_inc(&b->held);
	return 0;
}

int bounded_sem_release(struct bounded_sem *b)
{
	if (atomic_dec_if_positive(&b->held) < 0)
		return -EOVERFLOW;
	up(&b->sem);
	return 0;
}
