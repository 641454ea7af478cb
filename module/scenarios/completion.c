// SPDX-License-Identifier: GPL-2.0
/*
 * completion: a one-shot event (Python's Event).  `threads` waiters block
 * in wait_for_completion(); a setter thread calls complete_all() after
 * delay_us.  Then reinit_completion() clears the event (event.clear()) and
 * a second round proves that waiters block again.  No waiter may pass
 * before the event is signalled.
 */
#include <linux/completion.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/wait.h>

#include "synclab.h"

#define COMPLETION_ROUNDS	2
#define WAKE_SUM_NS		0	/* sc_stat slots */
#define WAKE_MAX_NS		1
#define EARLY			2

struct event {
	struct completion done;
	wait_queue_head_t wq;		/* round changes and acknowledgements */
	unsigned int round;		/* the round waiters may wait in */
	unsigned int signalled;		/* rounds signalled so far */
	u64 signal_ns;
	atomic_t acked;			/* waiters through, all rounds */
	unsigned int rounds_done;
};

static int completion_setup(struct synclab_run *run)
{
	struct event *e = run->priv;

	init_completion(&e->done);
	init_waitqueue_head(&e->wq);
	run->total_work = (u64)run->p[SYNCLAB_P_THREADS] * COMPLETION_ROUNDS;
	return 0;
}

static void completion_setter(struct synclab_run *run, struct event *e)
{
	unsigned int waiters = run->p[SYNCLAB_P_THREADS];
	unsigned int r;

	for (r = 0; r < COMPLETION_ROUNDS; r++) {
		synclab_sleep_us(run, run->p[SYNCLAB_P_DELAY_US]);
		if (synclab_stopping(run))
			return;
		WRITE_ONCE(e->signal_ns, ktime_get_ns());
		/* Pairs with the waiter's acquire: signal_ns is set before it. */
		smp_store_release(&e->signalled, r + 1);
		complete_all(&e->done);

		/* Every waiter must be through before the event is cleared. */
		synclab_wait_event(run, e->wq, atomic_read(&e->acked) == waiters * (r + 1));
		if (synclab_stopping(run))
			return;
		reinit_completion(&e->done);
		e->rounds_done = r + 1;
		/* Pairs with the waiter's acquire: the event is cleared before. */
		smp_store_release(&e->round, r + 1);
		wake_up_all(&e->wq);
	}
}

static void completion_waiter(struct synclab_run *run, struct synclab_thread *t, struct event *e)
{
	unsigned int r;
	u64 ns;

	for (r = 0; r < COMPLETION_ROUNDS; r++) {
		/* Acquire: see the event cleared before waiting on it again. */
		synclab_wait_event(run, e->wq, smp_load_acquire(&e->round) == r);
		/* wait_for_completion(), in slices, so that a stopped run ends. */
		while (!wait_for_completion_timeout(&e->done, SYNCLAB_POLL))
			if (synclab_stopping(run))
				return;
		if (synclab_stopping(run))
			return;
		/* Acquire: a signalled round comes with its signal_ns. */
		if (smp_load_acquire(&e->signalled) <= r) {
			t->sc_stat[EARLY]++;
		} else {
			ns = ktime_get_ns() - READ_ONCE(e->signal_ns);
			t->sc_stat[WAKE_SUM_NS] += ns;
			t->sc_stat[WAKE_MAX_NS] = max(t->sc_stat[WAKE_MAX_NS], ns);
			synclab_tick(t);
		}
		atomic_inc(&e->acked);
		wake_up_all(&e->wq);
	}
}

static void completion_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct event *e = run->priv;

	if (t->id == run->p[SYNCLAB_P_THREADS])		/* the one extra thread */
		completion_setter(run, e);
	else
		completion_waiter(run, t, e);
}

static bool completion_check(struct synclab_run *run, struct synclab_result *res)
{
	struct event *e = run->priv;
	u64 early = synclab_sum_stat(run, EARLY);
	u64 woken = synclab_sum_done(run);

	res->expected = (u64)run->p[SYNCLAB_P_THREADS] * COMPLETION_ROUNDS;
	res->actual = woken;
	synclab_add_extra(res, "early_wakeups", early);
	synclab_add_extra(res, "rounds", e->rounds_done);
	synclab_add_extra(res, "wake_max_ns", synclab_max_stat(run, WAKE_MAX_NS));
	synclab_add_extra(res, "wake_avg_ns",
			  woken ? div64_u64(synclab_sum_stat(run, WAKE_SUM_NS), woken) : 0);
	return early == 0;
}

const struct synclab_scenario synclab_completion = {
	.name		= "completion",
	.description	= "a one-shot event: waiters block until complete_all(), twice",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(DELAY_US) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_ITERS]	= COMPLETION_ROUNDS,
		[SYNCLAB_P_DELAY_US]	= 10000,
	},
	.extra_threads	= 1,
	.priv_size	= sizeof(struct event),
	.setup		= completion_setup,
	.thread_fn	= completion_thread,
	.check		= completion_check,
};
