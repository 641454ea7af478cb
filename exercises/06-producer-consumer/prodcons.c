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
 * and cond.notify() after a change.  In ex-prodcons, producers put
 * numbered items, and consumers get them.  As handed out, items are taken
 * twice or lost, and threads sleep with nobody to wake them until the run
 * is stopped.
 */
#include "prodcons.h"

/*
 * Python's cond.wait(): drops the lock, sleeps until a wake_up() on @wq (or
 * until the harness stops the run), and takes the lock again.  Called, and
 * returning, with q->lock held.  The thread is on @wq before it drops the
 * lock, so that a wake-up sent right after cannot be missed.
 */
static void prodcons_wait(struct prodcons *q, wait_queue_head_t *wq)
	__must_hold(&q->lock)
{
	DEFINE_WAIT(wait);

	prepare_to_wait(wq, &wait, TASK_INTERRUPTIBLE);
	spin_unlock(&q->lock);
	if (!prodcons_stopped(q))
		schedule();
	finish_wait(wq, &wait);
	spin_lock(&q->lock);
}

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
	 * TODO 1: a wake-up says that a slot was freed, not that one is
	 * still free: another producer may have filled it before this one
	 * got the lock back.  Look again after every wake-up, until there is
	 * room (or the run is stopped).
	 */
	if (q->count == q->limit && !prodcons_stopped(q))
		prodcons_wait(q, &q->not_full);
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
	 * TODO 2: the same for a consumer: one put wakes every consumer
	 * asleep on not_empty, and only one of them will find the item.
	 */
	if (!q->count && !prodcons_stopped(q))
		prodcons_wait(q, &q->not_empty);
	if (prodcons_stopped(q)) {
		spin_unlock(&q->lock);
		return -EINTR;
	}
	*item = q->slot[q->head];
	q->head = (q->head + 1) % q->limit;
	q->count--;
	spin_unlock(&q->lock);
	/*
	 * TODO 3: a slot is free now, and producers may be asleep waiting
	 * for one.  Nothing else will ever wake them.
	 */
	return 0;
}
