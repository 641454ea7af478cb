// SPDX-License-Identifier: GPL-2.0
/*
 * classic: the textbook lost update.  Five threads, thread i adds i to a
 * shared total in two steps (tmp = total; total = tmp + i) and thread 3
 * sleeps between them.  Expected 10; the total is 6.
 *
 * The threads take turns in the order they were started, each running
 * until it finishes or goes to sleep: the schedule that CPython's global
 * interpreter lock gives the Python original.  That makes the loss
 * deterministic: threads 0..2 bring the total to 3, thread 3 reads 3 and
 * sleeps, thread 4 reads 3 and writes 7, thread 3 wakes and writes 3 + 3,
 * overwriting thread 4's update.
 */
#include <linux/wait.h>

#include "synclab.h"

#define CLASSIC_SLEEPER	3

struct classic {
	unsigned int turn;		/* the thread allowed to run */
	wait_queue_head_t wq;
};

static int classic_setup(struct synclab_run *run)
{
	struct classic *c = run->priv;

	init_waitqueue_head(&c->wq);
	run->total_work = run->p[SYNCLAB_P_THREADS];
	return 0;
}

static void classic_pass_turn(struct classic *c, unsigned int id)
{
	WRITE_ONCE(c->turn, id + 1);
	wake_up_all(&c->wq);
}

static void classic_thread(struct synclab_run *run, struct synclab_thread *t)
{
	unsigned int window = run->p[SYNCLAB_P_WINDOW_US];
	struct classic *c = run->priv;
	bool passed = false;
	unsigned long tmp, was;

	synclab_wait_event(run, c->wq, READ_ONCE(c->turn) == t->id);
	if (synclab_stopping(run))
		return;

	tmp = run->counter;
	synclab_trace_read(run, t, tmp);
	if (t->id == CLASSIC_SLEEPER && window) {
		/* Going to sleep lets the next thread run, as in Python. */
		classic_pass_turn(c, t->id);
		passed = true;
		synclab_trace_sleep(run, t, window);
		synclab_sleep_us(run, window);
	}
	was = run->counter;
	run->counter = tmp + t->id;
	synclab_trace_write(run, t, was, tmp + t->id);
	synclab_tick(t);
	if (!passed)
		classic_pass_turn(c, t->id);
}

/* Thread i adds i: the correct total is 0 + 1 + ... + (threads - 1). */
static bool classic_check(struct synclab_run *run, struct synclab_result *res)
{
	u64 n = run->p[SYNCLAB_P_THREADS];

	res->expected = n * (n - 1) / 2;
	return true;
}

const struct synclab_scenario synclab_classic = {
	.name		= "classic",
	.description	= "thread i adds i, thread 3 sleeps between read and write: 6, not 10",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(WINDOW_US) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_THREADS]	= 5,
		[SYNCLAB_P_ITERS]	= 1,
		[SYNCLAB_P_WINDOW_US]	= 100000,
	},
	.races		= true,
	.traced		= true,
	.priv_size	= sizeof(struct classic),
	.setup		= classic_setup,
	.thread_fn	= classic_thread,
	.check		= classic_check,
};
