// SPDX-License-Identifier: GPL-2.0
/*
 * waitqueue: producers and consumers around a bounded buffer (Python's
 * Condition and Queue).  A spinlock guards the buffer; producers sleep on
 * not_full while it is full, consumers on not_empty while it is empty,
 * and each side wakes the other.  Every item must arrive exactly once:
 * a bitmap of the items seen catches duplicates and losses.
 *
 * Half the threads (rounded down, at least one) produce `iters` items
 * each; the others consume.  `limit` is the number of buffer slots.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "synclab.h"

#define WQ_DUPLICATES	0	/* sc_stat slot */

struct buffer {
	spinlock_t lock;		/* everything below but seen */
	unsigned int head, count, cap, max_fill;
	unsigned int producers, producers_done;
	u64 produced, consumed;
	u32 *slot;
	unsigned long *seen;		/* one bit per item, set atomically */
	wait_queue_head_t not_full, not_empty;
};

static int waitqueue_setup(struct synclab_run *run)
{
	struct buffer *b = run->priv;
	u64 items;

	spin_lock_init(&b->lock);
	init_waitqueue_head(&b->not_full);
	init_waitqueue_head(&b->not_empty);
	b->cap = run->p[SYNCLAB_P_LIMIT];
	b->producers = run->p[SYNCLAB_P_THREADS] / 2;
	items = (u64)b->producers * run->p[SYNCLAB_P_ITERS];
	run->total_work = items;
	b->slot = kcalloc(b->cap, sizeof(*b->slot), GFP_KERNEL);
	b->seen = kvcalloc(BITS_TO_LONGS(items), sizeof(unsigned long), GFP_KERNEL);
	if (!b->slot || !b->seen) {
		kfree(b->slot);
		kvfree(b->seen);
		return -ENOMEM;
	}
	return 0;
}

static void waitqueue_teardown(struct synclab_run *run)
{
	struct buffer *b = run->priv;

	kfree(b->slot);
	kvfree(b->seen);
}

static void waitqueue_produce(struct synclab_run *run, struct synclab_thread *t, struct buffer *b)
{
	unsigned int iters = run->p[SYNCLAB_P_ITERS];
	unsigned int i;

	for (i = 0; i < iters; i++) {
		/* Sleep while full; recheck under the lock, another producer may have won. */
		for (;;) {
			synclab_wait_event(run, b->not_full, READ_ONCE(b->count) < b->cap);
			if (synclab_stopping(run))
				goto out;
			spin_lock(&b->lock);
			if (b->count < b->cap)
				break;
			spin_unlock(&b->lock);
		}
		b->slot[(b->head + b->count) % b->cap] = t->id * iters + i;
		b->count++;
		b->max_fill = max(b->max_fill, b->count);
		b->produced++;
		spin_unlock(&b->lock);
		wake_up(&b->not_empty);
		synclab_tick(t);
	}
out:
	spin_lock(&b->lock);
	b->producers_done++;
	spin_unlock(&b->lock);
	/* Consumers may be waiting for an item that will never come. */
	wake_up_all(&b->not_empty);
}

static bool waitqueue_drained(struct buffer *b)
{
	return !READ_ONCE(b->count) && READ_ONCE(b->producers_done) == b->producers;
}

static void waitqueue_consume(struct synclab_run *run, struct synclab_thread *t, struct buffer *b)
{
	u64 items = run->total_work;
	u32 item;

	for (;;) {
		synclab_wait_event(run, b->not_empty, READ_ONCE(b->count) || waitqueue_drained(b));
		if (synclab_stopping(run))
			return;
		spin_lock(&b->lock);
		if (!b->count) {
			bool drained = b->producers_done == b->producers;

			spin_unlock(&b->lock);
			if (drained)
				return;
			continue;
		}
		item = b->slot[b->head];
		b->head = (b->head + 1) % b->cap;
		b->count--;
		b->consumed++;
		spin_unlock(&b->lock);
		wake_up(&b->not_full);
		if (item >= items || test_and_set_bit(item, b->seen))
			t->sc_stat[WQ_DUPLICATES]++;
	}
}

static void waitqueue_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct buffer *b = run->priv;

	if (t->id < b->producers)
		waitqueue_produce(run, t, b);
	else
		waitqueue_consume(run, t, b);
}

static bool waitqueue_check(struct synclab_run *run, struct synclab_result *res)
{
	struct buffer *b = run->priv;
	u64 dups = synclab_sum_stat(run, WQ_DUPLICATES);

	res->expected = run->total_work;
	res->actual = bitmap_weight(b->seen, run->total_work);
	synclab_add_extra(res, "produced", b->produced);
	synclab_add_extra(res, "consumed", b->consumed);
	synclab_add_extra(res, "duplicates", dups);
	synclab_add_extra(res, "max_fill", b->max_fill);
	return !dups && b->produced == res->expected && b->consumed == b->produced &&
	       b->max_fill <= b->cap;
}

const struct synclab_scenario synclab_waitqueue = {
	.name		= "waitqueue",
	.description	= "producers and consumers on a bounded buffer with two wait queues",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(LIMIT) |
			  SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_ITERS]	= 10000,
		[SYNCLAB_P_LIMIT]	= 8,
	},
	.max		= {
		[SYNCLAB_P_ITERS]	= 100000,
	},
	.min_threads	= 2,
	.priv_size	= sizeof(struct buffer),
	.setup		= waitqueue_setup,
	.thread_fn	= waitqueue_thread,
	.check		= waitqueue_check,
	.teardown	= waitqueue_teardown,
};
