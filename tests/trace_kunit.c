// SPDX-License-Identifier: GPL-2.0
/*
 * synclab_tracepoints: the synclab:* tracepoints, seen by probes of our own
 * as any tracer would see them.  classic's run gives the textbook story,
 * event by event; a run that is not traced gives only its start and end.
 */
#include <kunit/test.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "kunit_util.h"
#include "synclab_trace.h"

#define SEEN_MAX	64u

enum seen_op { SEEN_READ, SEEN_SLEEP, SEEN_WRITE };

struct seen_event {
	enum seen_op op;
	unsigned int thread;
	unsigned long value, was;
};

/* What the probes saw; they run where sleeping is not allowed. */
struct seen {
	spinlock_t lock;	/* protects everything below */
	unsigned int n, starts, ends;
	struct seen_event ev[SEEN_MAX];
	char start_scenario[SYNCLAB_NAME_MAX];
	unsigned int start_threads;
	struct synclab_result end;
};

static void seen_add(struct seen *s, enum seen_op op, unsigned int thread, unsigned long value,
		     unsigned long was)
{
	spin_lock(&s->lock);
	if (s->n < SEEN_MAX) {
		s->ev[s->n].op = op;
		s->ev[s->n].thread = thread;
		s->ev[s->n].value = value;
		s->ev[s->n].was = was;
	}
	s->n++;
	spin_unlock(&s->lock);
}

static void probe_read(void *data, unsigned int thread, unsigned long value)
{
	seen_add(data, SEEN_READ, thread, value, 0);
}

static void probe_sleep(void *data, unsigned int thread, unsigned long value)
{
	seen_add(data, SEEN_SLEEP, thread, value, 0);
}

static void probe_write(void *data, unsigned int thread, unsigned long value, unsigned long was)
{
	seen_add(data, SEEN_WRITE, thread, value, was);
}

static void probe_start(void *data, const struct synclab_run *run)
{
	struct seen *s = data;

	spin_lock(&s->lock);
	s->starts++;
	strscpy(s->start_scenario, run->sc->name, sizeof(s->start_scenario));
	s->start_threads = run->p[SYNCLAB_P_THREADS];
	spin_unlock(&s->lock);
}

static void probe_end(void *data, const struct synclab_result *res)
{
	struct seen *s = data;

	spin_lock(&s->lock);
	s->ends++;
	s->end = *res;
	spin_unlock(&s->lock);
}

/* Runs @cmd with every synclab tracepoint probed into @s. */
static void run_probed(struct kunit *test, const char *cmd, struct seen *s)
{
	int reg, ret = -1;

	spin_lock_init(&s->lock);
	reg = register_trace_synclab_read(probe_read, s);
	reg = reg ?: register_trace_synclab_sleep(probe_sleep, s);
	reg = reg ?: register_trace_synclab_write(probe_write, s);
	reg = reg ?: register_trace_synclab_run_start(probe_start, s);
	reg = reg ?: register_trace_synclab_run_end(probe_end, s);
	if (!reg)
		ret = synclab_test_exec(cmd);
	/* Each that was registered; the others say -ENOENT. */
	unregister_trace_synclab_run_end(probe_end, s);
	unregister_trace_synclab_run_start(probe_start, s);
	unregister_trace_synclab_write(probe_write, s);
	unregister_trace_synclab_sleep(probe_sleep, s);
	unregister_trace_synclab_read(probe_read, s);
	tracepoint_synchronize_unregister();	/* no probe still running */
	KUNIT_ASSERT_EQ_MSG(test, reg, 0, "registering a probe on every synclab tracepoint");
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "command: %s", cmd);
}

/* The index of the event (@op, @thread), or -1. */
static int seen_find(const struct seen *s, enum seen_op op, unsigned int thread)
{
	unsigned int i;

	for (i = 0; i < min(s->n, SEEN_MAX); i++)
		if (s->ev[i].op == op && s->ev[i].thread == thread)
			return i;
	return -1;
}

/* Thread i adds i; thread 3 reads 3, sleeps; thread 4 writes 7; thread 3 writes 6 over it. */
static void synclab_tracepoints_classic_story(struct kunit *test)
{
	struct seen *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	int w3, w4, i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	run_probed(test, "run classic window_us=20000", s);

	KUNIT_EXPECT_EQ(test, s->n, 11);	/* 5 reads, 5 writes, 1 sleep */
	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_GE_MSG(test, seen_find(s, SEEN_READ, i), 0, "read of thread %d", i);
		KUNIT_EXPECT_GE_MSG(test, seen_find(s, SEEN_WRITE, i), 0, "write of thread %d", i);
	}
	i = seen_find(s, SEEN_SLEEP, 3);
	KUNIT_ASSERT_GE(test, i, 0);
	KUNIT_EXPECT_EQ(test, s->ev[i].value, 20000);
	i = seen_find(s, SEEN_READ, 3);
	KUNIT_ASSERT_GE(test, i, 0);
	KUNIT_EXPECT_EQ(test, s->ev[i].value, 3);
	w4 = seen_find(s, SEEN_WRITE, 4);
	w3 = seen_find(s, SEEN_WRITE, 3);
	KUNIT_ASSERT_GE(test, w4, 0);
	KUNIT_ASSERT_GE(test, w3, 0);
	KUNIT_EXPECT_EQ(test, s->ev[w4].value, 7);
	KUNIT_EXPECT_EQ(test, s->ev[w4].was, 3);
	/* The lost update: thread 3 writes 3 + 3 over thread 4's 7. */
	KUNIT_EXPECT_EQ(test, s->ev[w3].value, 6);
	KUNIT_EXPECT_EQ(test, s->ev[w3].was, 7);
	KUNIT_EXPECT_GT(test, w3, w4);
}

/* One start and one end per run, with the scenario and its result. */
static void synclab_tracepoints_start_end(struct kunit *test)
{
	struct seen *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	run_probed(test, "run classic window_us=20000", s);
	KUNIT_EXPECT_EQ(test, s->starts, 1);
	KUNIT_EXPECT_STREQ(test, s->start_scenario, "classic");
	KUNIT_EXPECT_EQ(test, s->start_threads, 5);
	KUNIT_ASSERT_EQ(test, s->ends, 1);
	KUNIT_EXPECT_STREQ(test, s->end.scenario, "classic");
	KUNIT_EXPECT_EQ(test, s->end.expected, 10);
	KUNIT_EXPECT_EQ(test, s->end.actual, 6);
	KUNIT_EXPECT_EQ(test, s->end.verdict, SYNCLAB_RACE);
}

/* A run that is not traced (race without a window) gives no read or write event. */
static void synclab_tracepoints_untraced_quiet(struct kunit *test)
{
	struct seen *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	run_probed(test, "run race threads=2 iters=1000", s);
	KUNIT_EXPECT_EQ(test, s->n, 0);
	KUNIT_EXPECT_EQ(test, s->starts, 1);
	KUNIT_EXPECT_EQ(test, s->ends, 1);
	KUNIT_EXPECT_EQ(test, s->end.expected, 2000);
}

static struct kunit_case synclab_tracepoints_cases[] = {
	KUNIT_CASE(synclab_tracepoints_classic_story),
	KUNIT_CASE(synclab_tracepoints_start_end),
	KUNIT_CASE(synclab_tracepoints_untraced_quiet),
	{}
};

static struct kunit_suite synclab_tracepoints_suite = {
	.name = "synclab_tracepoints",
	.test_cases = synclab_tracepoints_cases,
};

kunit_test_suites(&synclab_tracepoints_suite);
