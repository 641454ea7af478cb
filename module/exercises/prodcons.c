// SPDX-License-Identifier: GPL-2.0
/*
 * ex-prodcons: the harness of exercise 06, producers and consumers around
 * the student's bounded buffer (exercises/06-producer-consumer/prodcons.c).
 * Half the threads (rounded down) put `iters` numbered items each; the
 * others get until every item is taken.  A bitmap of the items seen catches
 * an item taken twice and one never taken; after each put, the buffer may
 * hold `limit` items at most.
 *
 * The student's waits have no timeout, so a stopped run would not end by
 * itself: an extra thread waits for the others, and if the run is stopped
 * first, it sets the buffer's stop flag and wakes both wait queues.
 */
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "synclab.h"
#include "prodcons.h"

#define EX_PC_PRODUCED		0	/* sc_stat slots */
#define EX_PC_CONSUMED		1
#define EX_PC_DUPLICATES	2
#define EX_PC_MAX_FILL		3

struct ex_prodcons {
	struct prodcons q;
	unsigned int producers;
	u64 items;
	atomic_t claimed;		/* gets begun, and one more per consumer */
	atomic_t working;		/* producers and consumers not done */
	wait_queue_head_t done;		/* the watcher waits here for them */
	unsigned long *seen;		/* one bit per item, set atomically */
};

static int ex_pc_setup(struct synclab_run *run)
{
	struct ex_prodcons *h = run->priv;
	unsigned int limit = run->p[SYNCLAB_P_LIMIT];
	u32 *slot;

	h->producers = run->p[SYNCLAB_P_THREADS] / 2;
	h->items = (u64)h->producers * run->p[SYNCLAB_P_ITERS];
	run->total_work = h->items * 2;		/* the puts and the gets */
	atomic_set(&h->claimed, 0);
	atomic_set(&h->working, run->p[SYNCLAB_P_THREADS]);
	init_waitqueue_head(&h->done);
	slot = kcalloc(limit, sizeof(*slot), GFP_KERNEL);
	h->seen = kvcalloc(BITS_TO_LONGS(h->items), sizeof(unsigned long), GFP_KERNEL);
	if (!slot || !h->seen) {
		kfree(slot);
		kvfree(h->seen);
		return -ENOMEM;
	}
	prodcons_init(&h->q, slot, limit);
	return 0;
}

static void ex_pc_teardown(struct synclab_run *run)
{
	struct ex_prodcons *h = run->priv;

	kfree(h->q.slot);
	kvfree(h->seen);
}

static void ex_pc_produce(struct synclab_run *run, struct synclab_thread *t,
			  struct ex_prodcons *h)
{
	unsigned int iters = run->p[SYNCLAB_P_ITERS];
	struct prodcons *q = &h->q;
	unsigned int i, fill;

	for (i = 0; i < iters && !synclab_stopping(run); i++) {
		if (prodcons_put(q, t->id * iters + i))
			break;
		t->sc_stat[EX_PC_PRODUCED]++;
		synclab_tick(t);
		/* What the buffer holds right after a put: never above limit. */
		spin_lock(&q->lock);
		fill = q->count;
		spin_unlock(&q->lock);
		t->sc_stat[EX_PC_MAX_FILL] = max_t(u64, t->sc_stat[EX_PC_MAX_FILL], fill);
	}
}

static void ex_pc_consume(struct synclab_run *run, struct synclab_thread *t,
			  struct ex_prodcons *h)
{
	u32 item;

	/* A get is claimed first: none waits for an item that will never come. */
	while ((u64)atomic_inc_return(&h->claimed) <= h->items && !synclab_stopping(run)) {
		if (prodcons_get(&h->q, &item))
			break;
		t->sc_stat[EX_PC_CONSUMED]++;
		synclab_tick(t);
		if (item >= h->items || test_and_set_bit(item, h->seen))
			t->sc_stat[EX_PC_DUPLICATES]++;
	}
}

/* The extra thread: it ends the student's waits when the run is stopped. */
static void ex_pc_watch(struct synclab_run *run, struct ex_prodcons *h)
{
	synclab_wait_event(run, h->done, !atomic_read(&h->working));
	if (!synclab_stopping(run))
		return;
	WRITE_ONCE(h->q.stopped, true);
	wake_up_all(&h->q.not_full);
	wake_up_all(&h->q.not_empty);
}

static void ex_pc_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct ex_prodcons *h = run->priv;

	if (t->id == run->p[SYNCLAB_P_THREADS]) {
		ex_pc_watch(run, h);
		return;
	}
	if (t->id < h->producers)
		ex_pc_produce(run, t, h);
	else
		ex_pc_consume(run, t, h);
	if (atomic_dec_and_test(&h->working))
		wake_up(&h->done);
}

static bool ex_pc_check(struct synclab_run *run, struct synclab_result *res)
{
	struct ex_prodcons *h = run->priv;
	u64 produced = synclab_sum_stat(run, EX_PC_PRODUCED);
	u64 consumed = synclab_sum_stat(run, EX_PC_CONSUMED);
	u64 dups = synclab_sum_stat(run, EX_PC_DUPLICATES);
	u64 max_fill = synclab_max_stat(run, EX_PC_MAX_FILL);

	res->expected = h->items;
	res->actual = bitmap_weight(h->seen, h->items);
	synclab_add_extra(res, "produced", produced);
	synclab_add_extra(res, "consumed", consumed);
	synclab_add_extra(res, "duplicates", dups);
	synclab_add_extra(res, "lost_items", res->expected - res->actual);
	synclab_add_extra(res, "max_fill", max_fill);
	return !dups && produced == h->items && consumed == h->items &&
	       max_fill <= h->q.limit;
}

const struct synclab_scenario synclab_ex_prodcons = {
	.name		= "ex-prodcons",
	.description	= "exercise 06: producers and consumers around your bounded buffer",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(LIMIT) |
			  SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_ITERS]	= 1000,
		[SYNCLAB_P_LIMIT]	= 4,
	},
	.max		= {
		[SYNCLAB_P_ITERS]	= 100000,
	},
	.min_threads	= 2,
	.extra_threads	= 1,
	.priv_size	= sizeof(struct ex_prodcons),
	.setup		= ex_pc_setup,
	.thread_fn	= ex_pc_thread,
	.check		= ex_pc_check,
	.teardown	= ex_pc_teardown,
};
