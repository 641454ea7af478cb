// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 04: acquire is right, but release gives back a
 * permit whether or not one was taken, as a plain Semaphore does.  The
 * harness's extra release makes a fourth permit.
 */
#include "bounded_sem.h"

void bounded_sem_init(struct bounded_sem *b, unsigned int permits)
{
	sema_init(&b->sem, permits);
	atomic_set(&b->held, 0);
}

int bounded_sem_acquire(struct bounded_sem *b, long timeout)
{
	int ret;

	ret = down_timeout(&b->sem, timeout);
	if (ret)
		return ret;
	atomic_inc(&b->held);
	return 0;
}

int bounded_sem_release(struct bounded_sem *b)
{
	atomic_dec(&b->held);
	up(&b->sem);
	return 0;
}
