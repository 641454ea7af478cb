// SPDX-License-Identifier: GPL-2.0
/*
 * synclab_control: commands through synclab_execute(), the entry point of
 * /proc/synclab/control.  A rejected command changes nothing; one run at a
 * time; "stop" ends a long run.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>

#include "kunit_util.h"

static const char *const rejected[] = {
	"run no-such-scenario",
	"run atomic limit=3",			/* a key atomic does not take */
	"run classic iters=5",
	"run atomic threads=65",		/* above max_threads */
	"run waitqueue threads=1",		/* needs a producer and a consumer */
	"run waitqueue iters=100001",		/* its own limit */
	"run sem-limit iters=10001",
	"run atomic cpu=8191",			/* not an online CPU */
	"run atomic threads=0",
	"walk",
	"",
};

static void synclab_control_rejects_change_nothing(struct kunit *test)
{
	struct synclab_result before, after;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, synclab_test_exec("reset"), 0);
	synclab_test_run(test, "run atomic threads=2 iters=100", "atomic", &before);
	for (i = 0; i < ARRAY_SIZE(rejected); i++) {
		KUNIT_EXPECT_EQ_MSG(test, synclab_test_exec(rejected[i]), -EINVAL,
				    "command: %s", rejected[i]);
		KUNIT_ASSERT_EQ(test, synclab_result_get("atomic", &after), 0);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&before, &after, sizeof(before)), 0,
				    "command: %s", rejected[i]);
		KUNIT_EXPECT_EQ(test, synclab_result_get("waitqueue", &after), -ENOENT);
	}
}

static void synclab_control_reset_forgets(struct kunit *test)
{
	struct synclab_result res;

	synclab_test_run(test, "run atomic threads=1 iters=10", "atomic", &res);
	KUNIT_EXPECT_EQ(test, synclab_test_exec("reset\n"), 0);
	KUNIT_EXPECT_EQ(test, synclab_result_get("atomic", &res), -ENOENT);
}

static void synclab_control_stop_when_idle(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, synclab_test_exec("stop"), 0);
}

struct long_run {
	struct completion done;
	int ret;
};

/* A run that would take minutes: 2 threads, 10^8 increments each, 100 us apart. */
static int long_run_fn(void *data)
{
	struct long_run *lr = data;

	lr->ret = synclab_test_exec("run race threads=2 iters=100000000 window_us=100");
	complete(&lr->done);
	return 0;
}

static void synclab_control_busy_then_stop(struct kunit *test)
{
	struct synclab_result res;
	struct task_struct *task;
	struct long_run lr;
	int i, ret = 0;

	init_completion(&lr.done);
	task = kthread_run(long_run_fn, &lr, "synclab-test-run");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));

	/*
	 * Once the run holds the lock, every other run or reset is refused.
	 * The bound only catches a run that never starts: 10 s at least.
	 */
	for (i = 0; i < 1000 && ret != -EBUSY; i++) {
		usleep_range(10000, 20000);
		ret = synclab_test_exec("run atomic threads=1 iters=1");
	}
	KUNIT_EXPECT_EQ(test, ret, -EBUSY);
	KUNIT_EXPECT_EQ(test, synclab_test_exec("reset"), -EBUSY);

	msleep(100);
	KUNIT_EXPECT_EQ(test, synclab_test_exec("stop"), 0);
	/* Generous for an emulated, instrumented kernel; the run alone needs minutes. */
	KUNIT_ASSERT_GT_MSG(test, wait_for_completion_timeout(&lr.done, 30 * HZ), 0,
			    "the run did not end after stop");
	KUNIT_EXPECT_EQ(test, lr.ret, 0);
	KUNIT_ASSERT_EQ(test, synclab_result_get("race", &res), 0);
	KUNIT_EXPECT_EQ(test, res.verdict, SYNCLAB_STOPPED);
	KUNIT_EXPECT_EQ(test, res.stop, SYNCLAB_STOP_USER);
	KUNIT_EXPECT_LT(test, res.actual, res.expected);
	/* Stopped mid-run: the latency is measured, and is within the run. */
	KUNIT_EXPECT_GT(test, synclab_test_extra(&res, "stop_ns"), 0);
	KUNIT_EXPECT_LT(test, synclab_test_extra(&res, "stop_ns"), res.elapsed_ns);
}

static struct kunit_case synclab_control_cases[] = {
	KUNIT_CASE(synclab_control_rejects_change_nothing),
	KUNIT_CASE(synclab_control_reset_forgets),
	KUNIT_CASE(synclab_control_stop_when_idle),
	KUNIT_CASE_SLOW(synclab_control_busy_then_stop),
	{}
};

static struct kunit_suite synclab_control_suite = {
	.name = "synclab_control",
	.test_cases = synclab_control_cases,
};

kunit_test_suites(&synclab_control_suite);
