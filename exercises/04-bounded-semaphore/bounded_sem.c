// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 04: a bounded semaphore (see README.md).
 *
 * Python's BoundedSemaphore(3): a server that serves three clients at once.
 * acquire() takes one of the three permits, waiting while none is left, and
 * release() gives it back.  A release with no permit taken would make four,
 * so BoundedSemaphore raises ValueError instead.
 *
 * Every client of ex-bounded-sem acquires a permit, holds it a while and
 * releases it.  As handed out, every client walks in, and every release
 * adds a permit.
 */
#include "bounded_sem.h"

void bounded_sem_init(struct bounded_sem *b, unsigned int permits)
{
	sema_init(&b->sem, permits);
	atomic_set(&b->held, 0);
}

int bounded_sem_acquire(struct bounded_sem *b, long timeout)
{
	/*
	 * TODO 1: take a permit.  When none is left, wait until one is given
	 * back, but for at most @timeout jiffies: then return -ETIME having
	 * taken nothing (the harness calls again, unless the run is over).
	 * Count the permit taken in b->held, for TODO 2.
	 */
	return 0;
}

int bounded_sem_release(struct bounded_sem *b)
{
	/*
	 * TODO 2: struct semaphore, like Python's Semaphore, takes back any
	 * permit given to it, even one it never gave out.  Refuse with
	 * -EOVERFLOW when no permit is taken (b->held), as BoundedSemaphore
	 * raises ValueError, and give back nothing then.
	 */
	up(&b->sem);
	return 0;
}
