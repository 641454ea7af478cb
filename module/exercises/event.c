// SPDX-License-Identifier: GPL-2.0
/*
 * ex-event: the harness of exercise 05, two rounds of the student's event
 * (exercises/05-event/event.c).  `threads` waiters call event_wait(); a
 * setter thread sleeps delay_us, then calls event_set().  One set must
 * release every waiter.  Once all are through, the setter calls
 * event_clear(), and the second round must block again until the second
 * set: a waiter that passes before its round's set counts as early.
 */
#include <linux/atomic.h>
#include <linux/wait.h>

#include "synclab.h"
#include "event.h"

#define EX_EVENT_ROUNDS		2
#define EX_EVENT_EARLY		0	/* sc_stat slot */

struct ex_event {
	struct event ev;
	wait_queue_head_t wq;		/* round changes and passes */
	unsigned int round;		/* the round waiters may wait in */
	unsigned int set;		/* rounds whose event_set() has begun */
	atomic_t passed;		/* waiters through, all rounds */
	unsigned int rounds;		/* rounds completed */
};

static int ex_event_setup(struct synclab_run *run)
{
	struct ex_event *e = run->priv;

	event_init(&e->ev);
	init_waitqueue_head(&e->wq);
	atomic_set(&e->passed, 0);
	run->total_work = (u64)run->p[SYNCLAB_P_THREADS] * EX_EVENT_ROUNDS;
	return 0;
}

static void ex_event_setter(struct synclab_run *run, struct ex_event *e)
{
	unsigned int waiters = run->p[SYNCLAB_P_THREADS];
	unsigned int r;

	for (r = 0; r < EX_EVENT_ROUNDS; r++) {
		synclab_sleep_us(run, run->p[SYNCLAB_P_DELAY_US]);
		if (synclab_stopping(run))
			return;
		/* Pairs with the waiter's acquire: a released waiter sees it. */
		smp_store_release(&e->set, r + 1);
		event_set(&e->ev);

		/* Every waiter must be through before the event is cleared. */
		synclab_wait_event(run, e->wq, atomic_read(&e->passed) == waiters * (r + 1));
		if (synclab_stopping(run))
			return;
		event_clear(&e->ev);
		e->rounds = r + 1;
		/* Pairs with the waiter's acquire: the event is cleared before. */
		smp_store_release(&e->round, r + 1);
		wake_up_all(&e->wq);
	}
}

static void ex_event_waiter(struct synclab_run *run, struct synclab_thread *t,
			    struct ex_event *e)
{
	unsigned int r;

	for (r = 0; r < EX_EVENT_ROUNDS; r++) {
		/* Acquire: see the event cleared before waiting on it again. */
		synclab_wait_event(run, e->wq, smp_load_acquire(&e->round) == r);
		if (synclab_stopping(run))
			return;
		while (!event_wait(&e->ev, SYNCLAB_POLL))
			if (synclab_stopping(run))
				return;
		/* Acquire: the setter's round number, if the set came first. */
		if (smp_load_acquire(&e->set) <= r)
			t->sc_stat[EX_EVENT_EARLY]++;
		synclab_tick(t);
		atomic_inc(&e->passed);
		wake_up_all(&e->wq);
	}
}

static void ex_event_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct ex_event *e = run->priv;

	if (t->id == run->p[SYNCLAB_P_THREADS])		/* the one extra thread */
		ex_event_setter(run, e);
	else
		ex_event_waiter(run, t, e);
}

static bool ex_event_check(struct synclab_run *run, struct synclab_result *res)
{
	struct ex_event *e = run->priv;
	u64 early = synclab_sum_stat(run, EX_EVENT_EARLY);

	res->expected = run->total_work;
	res->actual = synclab_sum_done(run);
	synclab_add_extra(res, "early", early);
	synclab_add_extra(res, "released", res->actual);
	synclab_add_extra(res, "rounds", e->rounds);
	return early == 0;
}

const struct synclab_scenario synclab_ex_event = {
	.name		= "ex-event",
	.description	= "exercise 05: waiters released by your event, two rounds",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(DELAY_US) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_ITERS]	= EX_EVENT_ROUNDS,
		[SYNCLAB_P_DELAY_US]	= 10000,
	},
	.extra_threads	= 1,
	.priv_size	= sizeof(struct ex_event),
	.setup		= ex_event_setup,
	.thread_fn	= ex_event_thread,
	.check		= ex_event_check,
};
