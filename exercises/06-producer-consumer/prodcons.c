// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 06: make the bounded buffer safe (see README.md).
 *
 * Python's Condition lesson, with a spinlock for the lock and a wait queue
 * for each thing a thread may wait for:
 *
 *	cond.acquire()
 *	while not is_item_available():
 *		cond.wait()
 *	get_an_available_item()
 *	cond.release()
 *
 * cond.wait() releases the lock while it sleeps and takes it again before
 * it returns.  Here a thread drops the spinlock itself before it sleeps in
 * wait_event_interruptible(), and takes it again after: a thread must never
 * sleep while it holds a spinlock.
 *
 * In ex-prodcons, producers put numbered items and consumers get them.  As
 * handed out, items get taken twice, and threads sleep with nobody to wake
 * them until the run is stopped.
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
	/*
	 * TODO 1: the wake-up says that there was room when it was sent,
	 * not that there is room now: another producer may have taken the
	 * slot before this one got the lock back.  Test again after every
	 * wake-up, until there is room (or the run is stopped).
	 */
	if (q->count == q->limit && !prodcons_stopped(q)) {
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
	/* A consumer may be asleep waiting for this item. */
	wake_up(&q->not_empty);
	return 0;
}

int prodcons_get(struct prodcons *q, u32 *item)
{
	spin_lock(&q->lock);
	/*
	 * TODO 2: the same as TODO 1, for a consumer: the item it was woken
	 * for may be gone already.
	 */
	if (!q->count && !prodcons_stopped(q)) {
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
	/*
	 * TODO 3: a slot is free now, and a producer may be asleep waiting
	 * for one.  Nothing else will ever wake it.
	 */
	return 0;
}
