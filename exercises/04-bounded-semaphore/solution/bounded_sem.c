// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 04, the reference: struct semaphore, and a count of the permits
 * taken.
 *
 * down_timeout() waits for a permit, for a while: -ETIME when it got none.
 * The release refuses a permit that was never taken: atomic_dec_if_positive()
 * lowers the count of permits taken only when it is above zero, in one
 * atomic step, so that two releases of the last permit cannot both succeed.
 * A permit is counted after it is taken, and uncounted before it is given
 * back: the count is never above the permits taken.
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
	if (atomic_dec_if_positive(&b->held) < 0)
		return -EOVERFLOW;
	up(&b->sem);
	return 0;
}
