// SPDX-License-Identifier: GPL-2.0
/*
 * workqueue: Python's Queue with task_done() and join(), the kernel's way.
 *
 *	queue_work(wq, &item->work)	q.put(item)
 *	the work function		a worker's q.get() ... q.task_done()
 *	flush_workqueue(wq)		q.join()
 *
 * `threads` producers each queue `iters` items to a workqueue of the run's
 * own, which runs at most `limit` items at once (max_active: Python's
 * number of worker threads); a kernel worker runs each item (it sleeps
 * hold_us, counts itself done, and frees its item).  The last producer to finish calls
 * flush_workqueue() and counts the items done the moment it returns: every
 * item queued, none still pending.  Just before the flush, some usually are.
 * (flush_work(&item->work) is the join of a single item: not usable here,
 * where an item frees itself.)
 */
#include <linux/atomic.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "synclab.h"

struct wq_run {
	struct workqueue_struct *wq;
	struct synclab_run *run;
	atomic_t queued;
	atomic_t done;			/* items whose work function ran */
	atomic_t running;		/* work functions running right now */
	atomic_t max_running;
	atomic_t producing;		/* producers still queueing */
	atomic_t failed;		/* items that could not be allocated */
	int done_before_flush;		/* -1 until the flush */
	int done_at_flush;
};

struct workqueue_item {
	struct work_struct work;
	struct wq_run *q;
};

static void workqueue_note_running(struct wq_run *q, int now)
{
	int max = atomic_read(&q->max_running);

	while (now > max && !atomic_try_cmpxchg(&q->max_running, &max, now))
		;
}

/* A worker's body: the item's work, then task_done(). */
static void workqueue_item_fn(struct work_struct *work)
{
	struct workqueue_item *item = container_of(work, struct workqueue_item, work);
	struct wq_run *q = item->q;

	workqueue_note_running(q, atomic_inc_return(&q->running));
	/* In slices that end at a stop: a stopped run's flush returns promptly. */
	synclab_sleep_us(q->run, q->run->p[SYNCLAB_P_HOLD_US]);
	atomic_dec(&q->running);
	atomic_inc(&q->done);
	kfree(item);
}

static int workqueue_setup(struct synclab_run *run)
{
	struct wq_run *q = run->priv;

	q->run = run;
	q->done_before_flush = -1;
	q->done_at_flush = -1;
	atomic_set(&q->producing, run->p[SYNCLAB_P_THREADS]);
	q->wq = alloc_workqueue("synclab_wq", WQ_UNBOUND, run->p[SYNCLAB_P_LIMIT]);
	return q->wq ? 0 : -ENOMEM;
}

static void workqueue_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct wq_run *q = run->priv;
	struct workqueue_item *item;
	unsigned int i;

	for (i = 0; i < run->p[SYNCLAB_P_ITERS] && !synclab_stopping(run); i++) {
		item = kmalloc(sizeof(*item), GFP_KERNEL);
		if (!item) {
			atomic_inc(&q->failed);
			break;
		}
		item->q = q;
		INIT_WORK(&item->work, workqueue_item_fn);
		atomic_inc(&q->queued);
		queue_work(q->wq, &item->work);
		synclab_tick(t);
	}
	/* The last producer joins: every item queued by anyone is before its flush. */
	if (!atomic_dec_and_test(&q->producing) || synclab_stopping(run))
		return;
	q->done_before_flush = atomic_read(&q->done);
	flush_workqueue(q->wq);
	q->done_at_flush = atomic_read(&q->done);
}

static bool workqueue_check(struct synclab_run *run, struct synclab_result *res)
{
	struct wq_run *q = run->priv;
	int queued = atomic_read(&q->queued);

	res->actual = max(q->done_at_flush, 0);
	synclab_add_extra(res, "queued", queued);
	synclab_add_extra(res, "done_before_flush", q->done_before_flush);
	synclab_add_extra(res, "done_at_flush", q->done_at_flush);
	synclab_add_extra(res, "max_running", atomic_read(&q->max_running));
	return q->done_at_flush == queued && !atomic_read(&q->failed);
}

/* Every path, rmmod mid-run included: pending items run (and free themselves) first. */
static void workqueue_teardown(struct synclab_run *run)
{
	struct wq_run *q = run->priv;

	destroy_workqueue(q->wq);
}

const struct synclab_scenario synclab_workqueue = {
	.name		= "workqueue",
	.description	= "queue_work() is put, flush_workqueue() is join: every item has run",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(HOLD_US) |
			  SYNCLAB_PB(LIMIT) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_ITERS]	= 250,
		[SYNCLAB_P_HOLD_US]	= 100,
		[SYNCLAB_P_LIMIT]	= 4,
	},
	.max		= {
		[SYNCLAB_P_ITERS]	= 1000,
		[SYNCLAB_P_HOLD_US]	= 10000,
	},
	.priv_size	= sizeof(struct wq_run),
	.setup		= workqueue_setup,
	.thread_fn	= workqueue_thread,
	.check		= workqueue_check,
	.teardown	= workqueue_teardown,
};
