// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 06, the reference: a bounded buffer under a spinlock, with a
 * wait queue for each side.
 *
 * A thread that finds the buffer full (or empty) drops the lock, sleeps
 * until the other side has made a change, takes the lock again, and tests
 * again: the `while` of Python's Condition lesson.  A wake-up only says that
 * the condition held when it was sent; another thread may have used the
 * slot or the item since.  Each side wakes the other after a change:
 * without the wake-up, a sleeper waits for good.
 *
 * wait_event_interruptible_lock_irq() would do the unlock, sleep, lock and
 * test in one, with spin_lock_irq() around it.
 */
#include "prodcons.h"

void prodcons_init(struct prodcons *q, u32 *slot, unsigned int limit)
{
	spin_lock_init(&q->lock);
	init_waitqueue_head(&q->not_full);
	init_waitqueue_head(&q->not_empty);
	q->head = 0;
	q->count = 0;
	q->limit = limit;
	q->slot = slot;
	q->stopped = false;
}

int prodcons_put(struct prodcons *q, u32 item)
{
	spin_lock(&q->lock);
	while (q->count == q->limit && !prodcons_stopped(q)) {
		spin_unlock(&q->lock);
		wait_event_interruptible(q->not_full,
					 READ_ONCE(q->count) < q->limit || prodcons_stopped(q));
		spin_lock(&q->lock);
	}
	if (prodcons_stopped(q)) {
		spin_unlock(&q->lock);
		return -EINTR;
	}
	q->slot[(q->head + q->count) % q->limit] = item;
	q->count++;
	spin_unlock(&q->lock);
	wake_up(&q->not_empty);
	return 0;
}

int prodcons_get(struct prodcons *q, u32 *item)
{
	spin_lock(&q->lock);
	while (!q->count && !prodcons_stopped(q)) {
		spin_unlock(&q->lock);
		wait_event_interruptible(q->not_empty,
					 READ_ONCE(q->count) || prodcons_stopped(q));
		spin_lock(&q->lock);
	}
	if (prodcons_stopped(q)) {
		spin_unlock(&q->lock);
		return -EINTR;
	}
	*item = q->slot[q->head];
	q->head = (q->head + 1) % q->limit;
	q->count--;
	spin_unlock(&q->lock);
	wake_up(&q->not_full);
	return 0;
}
