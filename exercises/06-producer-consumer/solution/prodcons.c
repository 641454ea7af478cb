// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 06, the reference: a bounded buffer under a spinlock, with a
 * wait queue for each side.
 *
 * A thread that finds the buffer full (or empty) sleeps until the other
 * side has made a change, takes the lock again, and looks again: the
 * `while` of Python's Condition lesson.  A wake-up only says that something
 * changed; another thread may have used the slot or the item since, and a
 * put wakes every consumer asleep, for one item.  Each side wakes the
 * other after a change: without the wake-up, a sleeper sleeps for good.
 *
 * No thread sleeps holding the spinlock: prodcons_wait() drops it first.
 * wait_event_interruptible_lock_irq() does the same wait in one macro,
 * with its own loop, under spin_lock_irq().
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
	while (q->count == q->limit && !prodcons_stopped(q))
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
	while (!q->count && !prodcons_stopped(q))
		prodcons_wait(q, &q->not_empty);
	if (prodcons_stopped(q)) {
		spin_unlock(&q->lock);
		return -EINTR;
	}
	*item = q->slot[q->head];
	q->head = (q->head + 1) % q->limit;
	q->count--;
	spin_unlock(&q->lock);
	/* A producer may be asleep waiting for this slot. */
	wake_up(&q->not_full);
	return 0;
}
