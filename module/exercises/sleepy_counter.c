// SPDX-License-Identifier: GPL-2.0
/*
 * ex-sleepy-counter: the harness of exercise 03.  A counter whose critical
 * section sometimes sleeps.  Every thread adds one to the total through the
 * student's sleepy_counter_inc() (exercises/03-sleepy-counter/), which
 * writes every 64th count to a log, and writing a record sleeps.  The count
 * must hold still while its record is written, so the lock is held across
 * the sleep: it has to be a lock that a thread may sleep under.
 *
 * The total must be exact, and the log must hold one record per 64 counts,
 * none of them stale (the count moved while it was written).  Sleeping
 * under a spinlock passes that with no more threads than CPUs, and the
 * debug kernel reports it; with more, the waiters spin on every CPU and
 * the sleeper never runs again.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/kernel.h>

#include "synclab.h"
#include "sleepy_counter.h"

struct sleepy_log {
	atomic_t records;
	atomic_t stale;			/* records the count moved under */
};

/* The log of the run in progress: one run at a time (core.c). */
static struct sleepy_log *sleepy_log;

void sleepy_log_write(const unsigned long *total)
{
	unsigned long was = *total;

	/* The kernel's rule for a function that sleeps: say so. */
	might_sleep();
	usleep_range(100, 200);
	if (*total != was)
		atomic_inc(&sleepy_log->stale);
	atomic_inc(&sleepy_log->records);
}

static int ex_sleepy_counter_setup(struct synclab_run *run)
{
	sleepy_log = run->priv;
	return 0;
}

static void ex_sleepy_counter_increment(struct synclab_run *run, struct synclab_thread *t)
{
	sleepy_counter_inc(&run->counter);
}

static bool ex_sleepy_counter_check(struct synclab_run *run, struct synclab_result *res)
{
	struct sleepy_log *log = run->priv;
	s64 records = atomic_read(&log->records);
	s64 unlogged = run->counter / SLEEPY_LOG_EVERY - records;
	s64 stale = atomic_read(&log->stale);

	synclab_add_extra(res, "records", records);
	synclab_add_extra(res, "unlogged", unlogged);
	synclab_add_extra(res, "stale_records", stale);
	return !unlogged && !stale;
}

static void ex_sleepy_counter_teardown(struct synclab_run *run)
{
	sleepy_log = NULL;
}

const struct synclab_scenario synclab_ex_sleepy_counter = {
	.name		= "ex-sleepy-counter",
	.description	= "exercise 03: a counter whose critical section sleeps, under your lock",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_ITERS]	= 2048,
	},
	.max		= {
		[SYNCLAB_P_ITERS]	= 100000,
	},
	.priv_size	= sizeof(struct sleepy_log),
	.setup		= ex_sleepy_counter_setup,
	.increment	= ex_sleepy_counter_increment,
	.check		= ex_sleepy_counter_check,
	.teardown	= ex_sleepy_counter_teardown,
};
