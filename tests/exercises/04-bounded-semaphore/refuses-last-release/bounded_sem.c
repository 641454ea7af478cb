// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 04: the release is bounded one off.  It refuses
 * when the count of permits taken reaches zero after it is lowered, which is
 * the release of the last permit taken: that permit is lost.  The run ends
 * with fewer permits than it began with, or, when all are lost, with clients
 * waiting for permits that are gone until the run is stopped.
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
	if (atomic_dec_return(&b->held) <= 0)
		return -EOVERFLOW;
	up(&b->sem);
	return 0;
}
