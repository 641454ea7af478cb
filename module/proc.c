// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/synclab: the files of docs/proc-interface.md and what each prints.
 * One seq_file show function per file reads what the runner (core.c) keeps
 * in synclab_state, under its lock; control hands its command to the runner.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "synclab.h"

static struct proc_dir_entry *synclab_dir;

/* " key=value" for each key in @keys; @lead instead of the first blank. */
static void synclab_show_params(struct seq_file *m, unsigned int keys, const unsigned int *p,
				const char *lead)
{
	unsigned int k;

	for (k = 0; k < SYNCLAB_NR_PARAMS; k++) {
		if (!(keys & (1u << k)))
			continue;
		seq_puts(m, lead);
		lead = " ";
		if (k == SYNCLAB_P_CPU && p[k] == SYNCLAB_CPU_ALL)
			seq_puts(m, "cpu=all");
		else
			seq_printf(m, "%s=%u", synclab_param_name[k], p[k]);
	}
}

/* One line per scenario: name, description, parameters with defaults, kind. */
static int synclab_proc_scenarios_show(struct seq_file *m, void *v)
{
	unsigned int i, p[SYNCLAB_NR_PARAMS];

	for (i = 0; i < SYNCLAB_NR_SCENARIOS; i++) {
		const struct synclab_scenario *sc = synclab_scenarios[i];

		synclab_default_params(sc, p);
		seq_printf(m, "%s\t%s\t", sc->name, sc->description);
		synclab_show_params(m, sc->params, p, "");
		/* The runner's counting loop, or a thread program of its own. */
		seq_printf(m, "\t%s\n", sc->increment ? "counter" : "program");
	}
	return 0;
}

/* The run in progress, if any, and how far it got. */
static int synclab_proc_status_show(struct seq_file *m, void *v)
{
	struct synclab_run *run;
	unsigned long done = 0;
	unsigned int i;

	mutex_lock(&synclab_state.lock);
	run = synclab_state.active;
	if (!run) {
		seq_puts(m, "state=idle\n");
	} else {
		for (i = 0; i < run->nr_threads; i++)
			done += READ_ONCE(run->threads[i].stat.done);
		seq_printf(m, "state=running scenario=%s elapsed_ms=%llu done=%lu total=%llu\n",
			   run->sc->name, div_u64(ktime_get_ns() - run->start_ns, NSEC_PER_MSEC),
			   done, run->total_work);
	}
	mutex_unlock(&synclab_state.lock);
	return 0;
}

#define SYNCLAB_COMMON_KEYS	(SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU))

static void synclab_show_result(struct seq_file *m, const struct synclab_result *res)
{
	unsigned int i;

	seq_printf(m, "scenario=%s", res->scenario);
	synclab_show_params(m, SYNCLAB_COMMON_KEYS, res->p, " ");
	seq_printf(m, " expected=%llu actual=%llu lost=%lld verdict=%s",
		   res->expected, res->actual, res->lost, synclab_verdict_name(res->verdict));
	seq_printf(m, " elapsed_ns=%llu ns_per_op=%llu cpu_ns=%llu nvcsw=%llu nivcsw=%llu",
		   res->elapsed_ns, res->ns_per_op, res->cpu_ns, res->nvcsw, res->nivcsw);
	synclab_show_params(m, res->params & ~SYNCLAB_COMMON_KEYS, res->p, " ");
	for (i = 0; i < res->nr_extras; i++)
		seq_printf(m, " %s=%lld", res->extras[i].key, res->extras[i].val);
	if (res->verdict == SYNCLAB_STOPPED)
		seq_printf(m, " stopped_by=%s", synclab_stop_key(res->stop));
	seq_putc(m, '\n');
}

/* One line per scenario run since load or reset, in the order of the table. */
static int synclab_proc_results_show(struct seq_file *m, void *v)
{
	unsigned int i;

	mutex_lock(&synclab_state.lock);
	for (i = 0; i < SYNCLAB_NR_SCENARIOS; i++)
		if (synclab_state.results[i].scenario)
			synclab_show_result(m, &synclab_state.results[i]);
	mutex_unlock(&synclab_state.lock);
	return 0;
}

/* Extra @key of @res, or NULL when it has none. */
static const struct synclab_extra *synclab_find_extra(const struct synclab_result *res,
						      const char *key)
{
	unsigned int i;

	for (i = 0; i < res->nr_extras; i++)
		if (!strcmp(res->extras[i].key, key))
			return &res->extras[i];
	return NULL;
}

/* The value of extra @key of @res, 0 when it has none. */
static s64 synclab_result_extra(const struct synclab_result *res, const char *key)
{
	const struct synclab_extra *e = synclab_find_extra(res, key);

	return e ? e->val : 0;
}

/*
 * What expected and actual count, when not the counter's total: the
 * scenario's own figures say which kind of scenario it is.
 */
static const char *synclab_unit(const struct synclab_result *res)
{
	if (synclab_find_extra(res, "writes"))
		return " writes";
	if (synclab_find_extra(res, "rounds"))
		return " wakeups";
	if (synclab_find_extra(res, "max_concurrent"))
		return " acquisitions";
	if (synclab_find_extra(res, "produced") || synclab_find_extra(res, "queued"))
		return " items";
	if (synclab_find_extra(res, "both_zero"))
		return " trials";
	return "";
}

#define SYNCLAB_NL	"\n                 "

/* The invariant that held, named with its figures. */
static void synclab_show_held(struct seq_file *m, const struct synclab_result *res)
{
	unsigned int limit = res->p[SYNCLAB_P_LIMIT];

	if (synclab_find_extra(res, "max_concurrent"))
		seq_printf(m, "max_concurrent %lld <= limit %u, the over-release refused,"
			   SYNCLAB_NL "%lld permits after\n",
			   synclab_result_extra(res, "max_concurrent"), limit,
			   synclab_result_extra(res, "permits_after"));
	else if (synclab_find_extra(res, "early_wakeups"))
		seq_printf(m, "no waiter passed before complete_all() (early_wakeups 0),"
			   SYNCLAB_NL "in each of %lld rounds\n",
			   synclab_result_extra(res, "rounds"));
	else if (synclab_find_extra(res, "duplicates"))
		seq_printf(m, "every item consumed exactly once, max_fill %lld <= limit %u\n",
			   synclab_result_extra(res, "max_fill"), limit);
	else if (synclab_find_extra(res, "done_at_flush"))
		seq_printf(m, "flush_workqueue() returned with every item run: done_at_flush"
			   SYNCLAB_NL "%lld = queued %lld (done before the flush: %lld)\n",
			   synclab_result_extra(res, "done_at_flush"),
			   synclab_result_extra(res, "queued"),
			   synclab_result_extra(res, "done_before_flush"));
	else if (synclab_find_extra(res, "early_returns"))
		seq_printf(m, "the total is exact and the mutex free after the run,"
			   SYNCLAB_NL "through %lld early returns from inside the guarded block\n",
			   synclab_result_extra(res, "early_returns"));
	else if (synclab_find_extra(res, "both_zero"))
		seq_printf(m, "every trial had one outcome; r1 == r2 == 0 in %lld of them,"
			   SYNCLAB_NL "which sequential consistency forbids and x86 allows\n",
			   synclab_result_extra(res, "both_zero"));
	else if (synclab_result_extra(res, "both_inside"))
		seq_printf(m, "the total is exact, but both threads were inside at once"
			   SYNCLAB_NL "%lld times (their increments happened not to overlap)\n",
			   synclab_result_extra(res, "both_inside"));
	else if (synclab_find_extra(res, "both_inside"))
		seq_puts(m, "the total is exact and the threads were never inside"
			 SYNCLAB_NL "together (both_inside 0)\n");
	else if (synclab_find_extra(res, "torn"))
		seq_puts(m, "every write counted, and no reader saw a half-done write\n");
	else if (synclab_find_extra(res, "writes"))
		seq_puts(m, "every write counted: actual = expected\n");
	else
		seq_puts(m, "the total is exact: actual = expected, no update lost\n");
}

/* The invariant that broke, named with its figures. */
static void synclab_show_broken(struct seq_file *m, const struct synclab_result *res)
{
	/* The figures that count violations: any is one too many. */
	static const struct {
		const char *key, *what;
	} counted[] = {
		{ "early_wakeups",	"waiters passed before complete_all()" },
		{ "duplicates",		"items consumed twice" },
		{ "torn",		"reads saw a half-done write" },
	};
	unsigned int limit = res->p[SYNCLAB_P_LIMIT];
	const struct synclab_extra *e;
	size_t i;

	e = synclab_find_extra(res, "max_concurrent");
	if (e && e->val > limit) {
		seq_printf(m, "max_concurrent %lld > limit %u\n", e->val, limit);
		return;
	}
	e = synclab_find_extra(res, "overrelease_caught");
	if (e && !e->val) {
		seq_puts(m, "a release beyond the permits taken was not refused\n");
		return;
	}
	e = synclab_find_extra(res, "permits_after");
	if (e && e->val != limit) {
		seq_printf(m, "%lld permits after the run, not limit %u\n", e->val, limit);
		return;
	}
	e = synclab_find_extra(res, "locked_after");
	if (e && e->val) {
		seq_printf(m, "the mutex was still locked after the run: an error path"
			   SYNCLAB_NL "returned without unlocking it (bug=1), and %lld steps"
			   SYNCLAB_NL "were given up\n", synclab_result_extra(res, "gave_up"));
		return;
	}
	e = synclab_find_extra(res, "done_at_flush");
	if (e && e->val != synclab_result_extra(res, "queued")) {
		seq_printf(m, "done_at_flush %lld, not queued %lld: flush_workqueue()"
			   SYNCLAB_NL "returned before every item ran, or an item was not queued\n",
			   e->val, synclab_result_extra(res, "queued"));
		return;
	}
	e = synclab_find_extra(res, "both_inside");
	if (e && e->val) {
		seq_printf(m, "both threads were inside the lock at once %lld times\n", e->val);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(counted); i++) {
		e = synclab_find_extra(res, counted[i].key);
		if (e && e->val) {
			seq_printf(m, "%lld %s\n", e->val, counted[i].what);
			return;
		}
	}
	if (res->lost) {
		seq_printf(m, "%lld missing from the total, where the primitive"
			   SYNCLAB_NL "should prevent any loss\n", res->lost);
		return;
	}
	seq_puts(m, "an invariant broke where the primitive should guarantee it\n");
}

static void synclab_show_verdict(struct seq_file *m, const struct synclab_result *res)
{
	const struct synclab_scenario *sc = synclab_find(res->scenario);

	seq_printf(m, "verdict          %s: ", synclab_verdict_name(res->verdict));
	switch (res->verdict) {
	case SYNCLAB_OK:
		synclab_show_held(m, res);
		break;
	case SYNCLAB_RACE:
		if (sc == &synclab_peterson)
			seq_printf(m, "updates were lost: both threads were inside at once"
				   SYNCLAB_NL "%lld times, each CPU's flag store still in its store"
				   SYNCLAB_NL "buffer when it read the other's flag as 0 (the CPU"
				   SYNCLAB_NL "reorders: the lesson of this scenario)\n",
				   synclab_result_extra(res, "both_inside"));
		else if (sc == &synclab_naive_spin)
			seq_puts(m, "updates were lost: the flag let two threads in at once,"
				 SYNCLAB_NL "since its test and its set are two steps (broken"
				 SYNCLAB_NL "synchronization: the lesson of this scenario)\n");
		else
			seq_puts(m, "updates were lost: threads read the same old value and"
				 SYNCLAB_NL "overwrote each other's writes (no synchronization:"
				 SYNCLAB_NL "the lesson of this scenario)\n");
		break;
	case SYNCLAB_FAIL:
		synclab_show_broken(m, res);
		break;
	case SYNCLAB_STOPPED:
		seq_printf(m, "stopped by %s before finishing\n"
			   "                 (its threads ended %llu us after the request: stop_ns)\n",
			   synclab_stop_why(res->stop),
			   div_u64(synclab_result_extra(res, "stop_ns"), NSEC_PER_USEC));
		if (res->stop == SYNCLAB_STOP_TIMEOUT)
			seq_printf(m, "                 the limit was max_run_ms=%lld: raise it in"
				   SYNCLAB_NL "/sys/module/synclab/parameters/max_run_ms\n",
				   synclab_result_extra(res, "max_run_ms"));
		break;
	}
}

/* "3.92" for CPU time over wall time: how many threads ran, on average. */
static void synclab_show_cpu(struct seq_file *m, const struct synclab_result *res)
{
	u64 r100 = res->elapsed_ns ? div64_u64(res->cpu_ns * 100, res->elapsed_ns) : 0;

	seq_printf(m, "cpu time         %llu.%03llu ms, all threads together",
		   div_u64(res->cpu_ns, NSEC_PER_MSEC),
		   div_u64(res->cpu_ns % NSEC_PER_MSEC, NSEC_PER_USEC));
	if (!res->elapsed_ns)
		seq_putc(m, '\n');
	else if (r100)
		seq_printf(m, ": %llu.%02llu x the wall time\n", div_u64(r100, 100), r100 % 100);
	else
		seq_puts(m, ": under 0.01 x the wall time\n");
}

/* The last run, for a reader: figures, verdict in words, then per thread. */
static int synclab_proc_last_show(struct seq_file *m, void *v)
{
	const struct synclab_scenario *sc;
	const struct synclab_report *rep;
	const struct synclab_result *res;
	const char *unit;
	unsigned int i;

	mutex_lock(&synclab_state.lock);
	rep = synclab_state.last;
	if (!rep) {
		seq_puts(m, "no run yet: echo \"run classic\" > /proc/synclab/control\n");
		goto out;
	}
	res = &rep->res;
	sc = synclab_find(res->scenario);
	unit = synclab_unit(res);
	seq_printf(m, "run %s", res->scenario);
	synclab_show_params(m, res->params, res->p, " ");
	seq_printf(m, "\n\nexpected total   %llu%s", res->expected, unit);
	if (synclab_find_extra(res, "writes"))
		seq_printf(m, ", of %llu operations",
			   (u64)res->p[SYNCLAB_P_THREADS] * res->p[SYNCLAB_P_ITERS]);
	seq_printf(m, "\nactual total     %llu%s\nmissing          %lld%s\n",
		   res->actual, unit, res->lost, res->lost ? " (expected - actual)" : "");
	synclab_show_verdict(m, res);
	seq_printf(m, "elapsed          %llu.%03llu ms",
		   div_u64(res->elapsed_ns, NSEC_PER_MSEC),
		   div_u64(res->elapsed_ns % NSEC_PER_MSEC, NSEC_PER_USEC));
	/* Per operation only where there is a loop of operations. */
	if (sc && sc->increment)
		seq_printf(m, " (%llu ns per operation)", res->ns_per_op);
	seq_putc(m, '\n');
	synclab_show_cpu(m, res);
	seq_printf(m, "context switches %llu voluntary (slept), %llu involuntary (preempted)\n",
		   res->nvcsw, res->nivcsw);
	for (i = 0; i < res->nr_extras; i++)
		seq_printf(m, "%-16s %lld\n", res->extras[i].key, res->extras[i].val);
	/* Only the run that wrote the trace there now: not an earlier one, not after reset. */
	if (rep->traced && synclab_state.trace)
		seq_printf(m, "\n%s: cat /proc/synclab/trace\n", sc && sc->races ?
			   "whose update was overwritten" : "who entered and left, and when");
	seq_puts(m, "\nthread  cpu        done      cpu_ns   nvcsw  nivcsw\n");
	for (i = 0; i < rep->nr_threads; i++) {
		const struct synclab_thread_stat *st = &rep->th[i];

		seq_printf(m, "%6u %4d %11lu %11llu %7lu %7lu\n", i, st->cpu, st->done,
			   st->cpu_ns, st->nvcsw, st->nivcsw);
	}
out:
	mutex_unlock(&synclab_state.lock);
	return 0;
}

/* Why the last refused command was refused. */
static int synclab_proc_error_show(struct seq_file *m, void *v)
{
	mutex_lock(&synclab_state.lock);
	if (synclab_state.error[0])
		seq_printf(m, "%s\n", synclab_state.error);
	mutex_unlock(&synclab_state.lock);
	return 0;
}

/* The trace of the last traced run (trace.c formats it). */
static int synclab_proc_trace_show(struct seq_file *m, void *v)
{
	mutex_lock(&synclab_state.lock);
	if (synclab_state.trace)
		synclab_trace_show(m, synclab_state.trace, synclab_state.trace_sc->name,
				   synclab_state.trace_threads);
	else
		seq_puts(m, "# no trace yet: echo \"run classic\" > /proc/synclab/control\n");
	mutex_unlock(&synclab_state.lock);
	return 0;
}

static ssize_t synclab_control_write(struct file *file, const char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	char buf[SYNCLAB_CMD_MAX];
	int ret;

	/* The file is 0200, but a run can occupy every CPU: ask for more than write access. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len > sizeof(buf))
		return synclab_refuse_length(len);
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	ret = synclab_execute(buf, len);
	return ret ? ret : len;
}

static const struct proc_ops synclab_control_ops = {
	.proc_write	= synclab_control_write,
	.proc_lseek	= noop_llseek,
};

int synclab_proc_init(void)
{
	synclab_dir = proc_mkdir("synclab", NULL);
	if (!synclab_dir)
		return -ENOMEM;
	if (!proc_create_single("scenarios", 0444, synclab_dir, synclab_proc_scenarios_show) ||
	    !proc_create_single("status", 0444, synclab_dir, synclab_proc_status_show) ||
	    !proc_create_single("last", 0444, synclab_dir, synclab_proc_last_show) ||
	    !proc_create_single("results", 0444, synclab_dir, synclab_proc_results_show) ||
	    !proc_create_single("trace", 0444, synclab_dir, synclab_proc_trace_show) ||
	    !proc_create_single("error", 0444, synclab_dir, synclab_proc_error_show) ||
	    !proc_create("control", 0200, synclab_dir, &synclab_control_ops))
		goto err_remove;
	return 0;

err_remove:
	proc_remove(synclab_dir);
	return -ENOMEM;
}

void synclab_proc_exit(void)
{
	/* Waits for readers and for a writer still inside a run. */
	proc_remove(synclab_dir);
}
