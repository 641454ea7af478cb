// SPDX-License-Identifier: GPL-2.0
/*
 * synclab_scenarios: every scenario through the control entry point, each
 * checked against its invariant.
 */
#include <kunit/test.h>
#include <linux/math.h>
#include <linux/module.h>

#include "kunit_util.h"

struct fix_case {
	const char *scenario;
	unsigned int threads;
};

static const struct fix_case fix_cases[] = {
	{ "atomic", 1 }, { "atomic", 2 }, { "atomic", 4 }, { "atomic", 8 },
	{ "spinlock", 1 }, { "spinlock", 2 }, { "spinlock", 4 }, { "spinlock", 8 },
	{ "mutex", 1 }, { "mutex", 2 }, { "mutex", 4 }, { "mutex", 8 },
	{ "semaphore", 1 }, { "semaphore", 2 }, { "semaphore", 4 }, { "semaphore", 8 },
	{ "trylock", 1 }, { "trylock", 2 }, { "trylock", 4 }, { "trylock", 8 },
	{ "percpu", 1 }, { "percpu", 2 }, { "percpu", 4 }, { "percpu", 8 },
	{ "baseline", 1 }, { "baseline", 4 },
};

static void fix_case_desc(const struct fix_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s threads=%u", c->scenario, c->threads);
}

KUNIT_ARRAY_PARAM(fix, fix_cases, fix_case_desc);

#define FIX_ITERS	500

/* Every fix gives the exact total, whatever the number of threads. */
static void synclab_scenarios_fix_is_exact(struct kunit *test)
{
	const struct fix_case *c = test->param_value;
	struct synclab_result res;
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "run %s threads=%u iters=%u", c->scenario, c->threads,
		 FIX_ITERS);
	synclab_test_run(test, cmd, c->scenario, &res);
	KUNIT_EXPECT_EQ(test, res.expected, (u64)c->threads * FIX_ITERS);
	KUNIT_EXPECT_EQ(test, res.actual, res.expected);
	KUNIT_EXPECT_EQ(test, res.lost, 0);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

struct read_mostly_case {
	const char *scenario;
	unsigned int read_pct;
};

static const struct read_mostly_case read_mostly_cases[] = {
	{ "rwlock", 0 }, { "rwlock", 50 }, { "rwlock", 90 }, { "rwlock", 100 },
	{ "rwsem", 0 }, { "rwsem", 50 }, { "rwsem", 90 }, { "rwsem", 100 },
	{ "seqlock", 0 }, { "seqlock", 50 }, { "seqlock", 90 }, { "seqlock", 100 },
};

static void read_mostly_case_desc(const struct read_mostly_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s read_pct=%u", c->scenario, c->read_pct);
}

KUNIT_ARRAY_PARAM(read_mostly, read_mostly_cases, read_mostly_case_desc);

/*
 * Read-mostly locks: every operation is a read or a write, every write is
 * in the counter, the share of reads follows read_pct, no read is torn.
 */
static void synclab_scenarios_read_mostly_exact(struct kunit *test)
{
	const struct read_mostly_case *c = test->param_value;
	const u64 ops = 4ULL * FIX_ITERS;
	struct synclab_result res;
	s64 reads, writes;
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "run %s threads=4 iters=%u read_pct=%u", c->scenario,
		 FIX_ITERS, c->read_pct);
	synclab_test_run(test, cmd, c->scenario, &res);
	reads = synclab_test_extra(&res, "reads");
	writes = synclab_test_extra(&res, "writes");
	KUNIT_EXPECT_EQ(test, reads + writes, ops);
	KUNIT_EXPECT_EQ(test, res.expected, writes);
	KUNIT_EXPECT_EQ(test, res.actual, res.expected);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
	if (c->read_pct == 0)
		KUNIT_EXPECT_EQ(test, writes, ops);
	else if (c->read_pct == 100)
		KUNIT_EXPECT_EQ(test, reads, ops);
	else	/* within 10 points of read_pct over 2000 draws */
		KUNIT_EXPECT_LE(test, abs(reads * 100 / (s64)ops - c->read_pct), 10);
	if (!strcmp(c->scenario, "seqlock"))
		KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "torn"), 0);
}

/* The floor measures its lock pair, and nothing is shared so nothing is lost. */
static void synclab_scenarios_baseline_floor(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run baseline threads=2 iters=1000", "baseline", &res);
	KUNIT_EXPECT_EQ(test, res.actual, 2000);
	KUNIT_EXPECT_GT(test, synclab_test_extra(&res, "lockpair_ns"), 0);
}

/* The textbook program loses thread 4's update on every run: 6, not 10. */
static void synclab_scenarios_classic_loses(struct kunit *test)
{
	struct synclab_result res;
	int i;

	for (i = 0; i < 3; i++) {
		synclab_test_run(test, "run classic window_us=20000", "classic", &res);
		KUNIT_EXPECT_EQ(test, res.expected, 10);
		KUNIT_EXPECT_EQ(test, res.actual, 6);
		KUNIT_EXPECT_EQ(test, res.lost, 4);
		KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_RACE);
		KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "overwrites"), 1);
	}
}

/* Without the sleep nobody interleaves and nothing is lost. */
static void synclab_scenarios_classic_without_sleep(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run classic window_us=0", "classic", &res);
	KUNIT_EXPECT_EQ(test, res.actual, 10);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

/* A sleep between read and write makes the race lose updates even on one CPU. */
static void synclab_scenarios_race_window_loses(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run race threads=4 iters=20 window_us=1000 cpu=0", "race", &res);
	KUNIT_EXPECT_GT(test, res.lost, 0);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_RACE);
	KUNIT_EXPECT_GT(test, synclab_test_extra(&res, "overwrites"), 0);
	KUNIT_EXPECT_EQ(test, res.p[SYNCLAB_P_CPU], 0);
}

static void synclab_scenarios_sem_limit_holds(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run sem-limit", "sem-limit", &res);
	KUNIT_EXPECT_EQ(test, res.p[SYNCLAB_P_THREADS], 10);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "max_concurrent"), 3);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "overrelease_caught"), 1);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "permits_after"), 3);
	KUNIT_EXPECT_EQ(test, res.actual, 10);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);

	synclab_test_run(test, "run sem-limit threads=4 limit=1 iters=3 hold_us=2000",
			 "sem-limit", &res);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "max_concurrent"), 1);
	KUNIT_EXPECT_EQ(test, res.actual, 12);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

static void synclab_scenarios_completion_no_early_wake(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run completion threads=4 delay_us=20000", "completion", &res);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "early_wakeups"), 0);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "rounds"), 2);
	KUNIT_EXPECT_EQ(test, res.expected, 8);
	KUNIT_EXPECT_EQ(test, res.actual, 8);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

static const char *const waitqueue_cmds[] = {
	"run waitqueue threads=2 iters=500 limit=1",
	"run waitqueue threads=5 iters=500 limit=8",
	"run waitqueue threads=8 iters=200 limit=3 cpu=0",
};

/* A command as the description of its case. */
static void cmd_desc(const char *const *cmd, char *desc)
{
	strscpy(desc, *cmd, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(waitqueue, waitqueue_cmds, cmd_desc);

/* Every item arrives exactly once and the buffer never overflows. */
static void synclab_scenarios_waitqueue_exactly_once(struct kunit *test)
{
	const char *const *cmd = test->param_value;
	struct synclab_result res;

	synclab_test_run(test, *cmd, "waitqueue", &res);
	KUNIT_EXPECT_EQ(test, res.expected,
			(u64)(res.p[SYNCLAB_P_THREADS] / 2) * res.p[SYNCLAB_P_ITERS]);
	KUNIT_EXPECT_EQ(test, res.actual, res.expected);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "duplicates"), 0);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "produced"), res.expected);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "consumed"), res.expected);
	KUNIT_EXPECT_LE(test, synclab_test_extra(&res, "max_fill"), res.p[SYNCLAB_P_LIMIT]);
	KUNIT_EXPECT_GE(test, synclab_test_extra(&res, "max_fill"), 1);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

/* With smp_mb() between its stores and its loads, Peterson's lock is exact. */
static void synclab_scenarios_peterson_mb_exact(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run peterson-mb iters=2000", "peterson-mb", &res);
	KUNIT_EXPECT_EQ(test, res.expected, 4000);
	KUNIT_EXPECT_EQ(test, res.actual, 4000);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "both_inside"), 0);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

/*
 * Without it, whether the CPUs reorder in this run is luck; the accounting
 * is not: an update is lost only while both threads are inside.
 */
static void synclab_scenarios_peterson_accounts(struct kunit *test)
{
	struct synclab_result res;
	s64 both;

	synclab_test_run(test, "run peterson iters=2000", "peterson", &res);
	both = synclab_test_extra(&res, "both_inside");
	KUNIT_EXPECT_EQ(test, res.expected, 4000);
	KUNIT_EXPECT_EQ(test, res.lost, (s64)(res.expected - res.actual));
	KUNIT_EXPECT_GE(test, both, 0);
	KUNIT_EXPECT_LE(test, res.lost, both);
	KUNIT_EXPECT_EQ(test, res.verdict, res.lost ? SYNCLAB_RACE : SYNCLAB_OK);
}

/* Every store-buffering trial ends in exactly one of the outcomes. */
static void synclab_scenarios_sb_outcomes(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run sb iters=3000", "sb", &res);
	KUNIT_EXPECT_EQ(test, res.expected, 3000);
	KUNIT_EXPECT_EQ(test, res.actual, 3000);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "both_zero") +
			synclab_test_extra(&res, "one_zero") +
			synclab_test_extra(&res, "none_zero"), 3000);
	KUNIT_EXPECT_GE(test, synclab_test_extra(&res, "both_zero"), 0);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

/* The two-thread scenarios refuse any other count, and change nothing. */
static void synclab_scenarios_two_threads_only(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, synclab_test_exec("run sb threads=3"), -EINVAL);
	KUNIT_EXPECT_EQ(test, synclab_test_exec("run peterson threads=1"), -EINVAL);
	KUNIT_EXPECT_EQ(test, synclab_test_exec("run peterson-mb threads=4"), -EINVAL);
}

static const char *const scoped_cmds[] = {
	"run scoped threads=1 iters=400",
	"run scoped threads=4 iters=400",
	"run scoped threads=8 iters=400 cpu=0",
};

KUNIT_ARRAY_PARAM(scoped, scoped_cmds, cmd_desc);

/*
 * Every 4th step returns from inside the guarded block: the total is still
 * exact, the other steps all went on, and the lock is free at the end.
 */
static void synclab_scenarios_scoped_unlocks(struct kunit *test)
{
	const char *const *cmd = test->param_value;
	struct synclab_result res;
	u64 steps;

	synclab_test_run(test, *cmd, "scoped", &res);
	steps = (u64)res.p[SYNCLAB_P_THREADS] * 400;
	KUNIT_EXPECT_EQ(test, res.expected, steps);
	KUNIT_EXPECT_EQ(test, res.actual, steps);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "early_returns"), steps / 4);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "passes"), steps - steps / 4);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "locked_after"), 0);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "gave_up"), -1);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

/* The seeded bug is scoped's alone, and only 0 or 1. */
static void synclab_scenarios_bug_refused(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, synclab_test_exec("run mutex bug=1"), -EINVAL);
	KUNIT_EXPECT_EQ(test, synclab_test_exec("run scoped bug=2"), -EINVAL);
}

static const char *const workqueue_cmds[] = {
	"run workqueue threads=1 iters=50 hold_us=0 limit=1",
	"run workqueue threads=4 iters=100 hold_us=100 limit=4",
	"run workqueue threads=8 iters=50 hold_us=1000 limit=2 cpu=0",
};

KUNIT_ARRAY_PARAM(workqueue, workqueue_cmds, cmd_desc);

/* flush_workqueue() returns only once every queued item has run. */
static void synclab_scenarios_workqueue_flush_joins(struct kunit *test)
{
	const char *const *cmd = test->param_value;
	struct synclab_result res;
	s64 queued;

	synclab_test_run(test, *cmd, "workqueue", &res);
	queued = synclab_test_extra(&res, "queued");
	KUNIT_EXPECT_EQ(test, queued, (s64)res.p[SYNCLAB_P_THREADS] * res.p[SYNCLAB_P_ITERS]);
	KUNIT_EXPECT_EQ(test, synclab_test_extra(&res, "done_at_flush"), queued);
	KUNIT_EXPECT_LE(test, synclab_test_extra(&res, "done_before_flush"), queued);
	KUNIT_EXPECT_GE(test, synclab_test_extra(&res, "done_before_flush"), 0);
	KUNIT_EXPECT_GE(test, synclab_test_extra(&res, "max_running"), 1);
	/* max_active: one NUMA node here (unbound workqueues count per node before 6.9). */
	KUNIT_EXPECT_LE(test, synclab_test_extra(&res, "max_running"), res.p[SYNCLAB_P_LIMIT]);
	KUNIT_EXPECT_EQ(test, res.actual, res.expected);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_OK);
}

/* The costs are accounted: CPU time, and the sleeps of the blocking primitives. */
static void synclab_scenarios_costs_recorded(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run sem-limit threads=4 limit=1 hold_us=5000", "sem-limit", &res);
	/* Each waiter slept at least once in down(), each holder in its hold. */
	KUNIT_EXPECT_GE(test, res.nvcsw, 4);
	KUNIT_EXPECT_GT(test, res.elapsed_ns, 4ULL * 5000 * NSEC_PER_USEC);
	KUNIT_EXPECT_GT(test, res.ns_per_op, 0);
}

static struct kunit_case synclab_scenarios_cases[] = {
	KUNIT_CASE_PARAM(synclab_scenarios_fix_is_exact, fix_gen_params),
	KUNIT_CASE_PARAM(synclab_scenarios_read_mostly_exact, read_mostly_gen_params),
	KUNIT_CASE(synclab_scenarios_baseline_floor),
	KUNIT_CASE(synclab_scenarios_classic_loses),
	KUNIT_CASE(synclab_scenarios_classic_without_sleep),
	KUNIT_CASE(synclab_scenarios_race_window_loses),
	KUNIT_CASE(synclab_scenarios_sem_limit_holds),
	KUNIT_CASE(synclab_scenarios_completion_no_early_wake),
	KUNIT_CASE_PARAM(synclab_scenarios_waitqueue_exactly_once, waitqueue_gen_params),
	KUNIT_CASE(synclab_scenarios_peterson_mb_exact),
	KUNIT_CASE(synclab_scenarios_peterson_accounts),
	KUNIT_CASE(synclab_scenarios_sb_outcomes),
	KUNIT_CASE(synclab_scenarios_two_threads_only),
	KUNIT_CASE_PARAM(synclab_scenarios_scoped_unlocks, scoped_gen_params),
	KUNIT_CASE(synclab_scenarios_bug_refused),
	KUNIT_CASE_PARAM(synclab_scenarios_workqueue_flush_joins, workqueue_gen_params),
	KUNIT_CASE(synclab_scenarios_costs_recorded),
	{}
};

static struct kunit_suite synclab_scenarios_suite = {
	.name = "synclab_scenarios",
	.test_cases = synclab_scenarios_cases,
};

kunit_test_suites(&synclab_scenarios_suite);

MODULE_LICENSE("GPL");
MODULE_AUTHOR(SYNCLAB_AUTHOR);
MODULE_DESCRIPTION("KUnit tests of synclab");
/* MODULE_IMPORT_NS() spelled so that it reads the same before and after 6.13. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");
