// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 06, for the grader's tests: the loops are
 * right, but a get never wakes the producers.  The first producer to find
 * the buffer full sleeps for good; the consumers empty the buffer and sleep
 * too, and nothing moves until the run is stopped.
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
	return 0;
}
