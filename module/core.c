// SPDX-License-Identifier: GPL-2.0
/*
 * synclab: see, on a real kernel, why a shared counter loses updates and
 * what each synchronization primitive costs to fix it.
 *
 * The runner: it turns a "run" command into kthreads released together
 * through a start gate, waits for them (or stops them), and keeps the
 * result in synclab_state, which proc.c shows.  Scenarios live in
 * scenarios/, one file each, listed in scenarios.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringify.h>

#include "synclab.h"
#include "synclab_trace.h"
#include "synclab_version.h"

static unsigned int threads = 4;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "Threads of a run that does not say (default 4)");

/* Big enough that threads overlap, and so race, even under emulation. */
static unsigned int iters = 1000000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "Iterations per thread of a run that does not say (default 1000000; a tenth for the locks on a lockdep, KASAN or KCSAN kernel)");

/*
 * Lockdep, KASAN and KCSAN make each lock operation 10 to 50 times slower:
 * at the stock length a lock's run would reach max_run_ms and be stopped
 * instead of giving its result.  The racing scenarios keep their length,
 * which is what makes their threads overlap.
 */
#define SYNCLAB_DEBUG_SHRINK	10

static unsigned int synclab_default_iters(const struct synclab_scenario *sc)
{
	bool instrumented = IS_ENABLED(CONFIG_LOCKDEP) || IS_ENABLED(CONFIG_KASAN) ||
			    IS_ENABLED(CONFIG_KCSAN);

	if (instrumented && !sc->races)
		return iters / SYNCLAB_DEBUG_SHRINK ?: 1;
	return iters;
}

static unsigned int max_threads = 64;
module_param(max_threads, uint, 0444);
MODULE_PARM_DESC(max_threads, "Most threads a run may ask for (default 64, at most "
		 __stringify(SYNCLAB_THREADS_MAX) ")");

static unsigned int max_run_ms = 10000;

static int max_run_ms_set(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;
	int ret;

	ret = kstrtouint(val, 10, &ms);
	if (ret || ms < 10 || ms > 600000)
		return -EINVAL;
	WRITE_ONCE(max_run_ms, ms);
	return 0;
}

static const struct kernel_param_ops max_run_ms_ops = {
	.set = max_run_ms_set,
	.get = param_get_uint,
};
module_param_cb(max_run_ms, &max_run_ms_ops, &max_run_ms, 0644);
MODULE_PARM_DESC(max_run_ms, "A run still going after this many ms is stopped (default 10000, 10..600000)");

/* The scenarios in the order of scenarios.h; filled by synclab_table_init(). */
const struct synclab_scenario *synclab_scenarios[SYNCLAB_NR_SCENARIOS] __ro_after_init;

static void __init synclab_table_init(void)
{
	unsigned int n = 0;

#define SYNCLAB_SCENARIO(name)	(synclab_scenarios[n++] = &synclab_##name)
#include "scenarios.h"
#undef SYNCLAB_SCENARIO
}

/* Held for the whole of a run: one run at a time. */
static DEFINE_MUTEX(synclab_run_lock);

static struct synclab_result synclab_results[SYNCLAB_NR_SCENARIOS];

struct synclab_state synclab_state = {
	.lock		= __MUTEX_INITIALIZER(synclab_state.lock),
	.results	= synclab_results,
};

/* Why a run stopped: in /proc/synclab/last, and as stopped_by in results. */
static const struct {
	const char *why, *key;
} synclab_stops[] = {
	[SYNCLAB_STOP_USER]	= { "a stop command",		"stop" },
	[SYNCLAB_STOP_SIGNAL]	= { "a signal to the writer",	"signal" },
	[SYNCLAB_STOP_TIMEOUT]	= { "max_run_ms",		"max_run_ms" },
	[SYNCLAB_STOP_UNLOAD]	= { "module unload",		"rmmod" },
	[SYNCLAB_STOP_ERROR]	= { "an error starting threads",	"error" },
};

const char *synclab_stop_why(enum synclab_stop why)
{
	return synclab_stops[why].why;
}

const char *synclab_stop_key(enum synclab_stop why)
{
	return synclab_stops[why].key;
}

void synclab_add_extra(struct synclab_result *res, const char *key, s64 val)
{
	if (WARN_ON_ONCE(res->nr_extras >= SYNCLAB_MAX_EXTRAS))
		return;
	res->extras[res->nr_extras].key = key;
	res->extras[res->nr_extras].val = val;
	res->nr_extras++;
}

u64 synclab_sum_stat(const struct synclab_run *run, unsigned int i)
{
	u64 sum = 0;
	unsigned int n;

	for (n = 0; n < run->nr_threads; n++)
		sum += run->threads[n].sc_stat[i];
	return sum;
}

/*
 * The read-mostly scenarios count each thread's reads and writes in the
 * SYNCLAB_STAT_READS and SYNCLAB_STAT_WRITES slots, and their counter counts
 * the writes: every one must be there.
 */
void synclab_check_reads_writes(struct synclab_run *run, struct synclab_result *res)
{
	res->expected = synclab_sum_stat(run, SYNCLAB_STAT_WRITES);
	synclab_add_extra(res, "reads", synclab_sum_stat(run, SYNCLAB_STAT_READS));
	synclab_add_extra(res, "writes", res->expected);
}

u64 synclab_max_stat(const struct synclab_run *run, unsigned int i)
{
	u64 max = 0;
	unsigned int n;

	for (n = 0; n < run->nr_threads; n++)
		max = max(max, run->threads[n].sc_stat[i]);
	return max;
}

/* Units of work done by all threads: the actual total of most non-counters. */
u64 synclab_sum_done(const struct synclab_run *run)
{
	u64 sum = 0;
	unsigned int n;

	for (n = 0; n < run->nr_threads; n++)
		sum += run->threads[n].stat.done;
	return sum;
}

/*
 * Sleep @us microseconds, in slices of at most 10 ms so that a stopped run
 * wakes up promptly; usleep_range() rather than msleep() because windows of
 * a few microseconds matter here.
 */
void synclab_sleep_us(struct synclab_run *run, unsigned int us)
{
	while (us && !synclab_stopping(run)) {
		unsigned int slice = min(us, 10000u);

		usleep_range(slice, slice + slice / 8 + 1);
		us -= slice;
	}
}

/* A counter scenario: the runner loops, the scenario does one increment. */
static void synclab_count(struct synclab_run *run, struct synclab_thread *t)
{
	void (*increment)(struct synclab_run *, struct synclab_thread *) = run->sc->increment;
	unsigned int n = run->p[SYNCLAB_P_ITERS];
	/* With a sleep inside each increment, every one is worth a stop check. */
	unsigned int mask = run->p[SYNCLAB_P_WINDOW_US] ? 0 : 255;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!(i & mask)) {
			if (synclab_stopping(run))
				break;
			WRITE_ONCE(t->stat.done, i);
			cond_resched();
		}
		increment(run, t);
	}
	WRITE_ONCE(t->stat.done, i);
}

/*
 * Woken threads reach the CPUs one by one, milliseconds apart on a slow or
 * emulated machine: long enough for one to finish before the next starts,
 * and then nothing races.  So each waits, yielding, until all have arrived.
 */
static void synclab_line_up(struct synclab_run *run)
{
	atomic_inc(&run->arrived);
	while (atomic_read(&run->arrived) < run->nr_threads && !synclab_stopping(run)) {
		cpu_relax();
		cond_resched();
	}
}

static int synclab_thread_main(void *data)
{
	struct synclab_thread *t = data;
	struct synclab_run *run = t->run;
	u64 nvcsw0, nivcsw0;

	/* The runner opens the gate on every path, even when it gives up. */
	wait_for_completion(&run->gate);
	synclab_line_up(run);
	if (!synclab_stopping(run)) {
		t->exec0 = current->se.sum_exec_runtime;
		nvcsw0 = current->nvcsw;
		nivcsw0 = current->nivcsw;
		if (run->sc->increment)
			synclab_count(run, t);
		else
			run->sc->thread_fn(run, t);
		t->stat.nvcsw = current->nvcsw - nvcsw0;
		t->stat.nivcsw = current->nivcsw - nivcsw0;
		t->stat.cpu = raw_smp_processor_id();
	}
	if (atomic_dec_and_test(&run->running)) {
		run->end_ns = ktime_get_ns();
		complete(&run->finished);
	}
	/* Wait for kthread_stop(): the runner reaps every thread itself. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* The first request wins: its reason and its time are the run's. */
static void synclab_request_stop(struct synclab_run *run, enum synclab_stop why)
{
	u64 now = ktime_get_ns();

	if (cmpxchg(&run->stop, SYNCLAB_RUNNING, why) == SYNCLAB_RUNNING)
		WRITE_ONCE(run->stop_ns, now);
}

/* Reaps the threads; their CPU time is final once they have exited. */
static void synclab_stop_threads(struct synclab_run *run, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct synclab_thread *t = &run->threads[i];

		kthread_stop(t->task);
		if (t->stat.cpu >= 0)	/* it did work */
			t->stat.cpu_ns = t->task->se.sum_exec_runtime - t->exec0;
		put_task_struct(t->task);
	}
}

/* Creates every thread, or none: on failure the ones made are stopped. */
static int synclab_start_threads(struct synclab_run *run)
{
	unsigned int cpu = run->p[SYNCLAB_P_CPU];
	unsigned int i;

	atomic_set(&run->running, run->nr_threads);
	for (i = 0; i < run->nr_threads; i++) {
		struct synclab_thread *t = &run->threads[i];
		struct task_struct *task;

		t->run = run;
		t->id = i;
		t->stat.cpu = -1;
		task = kthread_create(synclab_thread_main, t, "synclab/%s:%u",
				      run->sc->name, i);
		if (IS_ERR(task)) {
			synclab_request_stop(run, SYNCLAB_STOP_ERROR);
			/* Never woken: kthread_stop() reaps them without running them. */
			synclab_stop_threads(run, i);
			return PTR_ERR(task);
		}
		if (cpu != SYNCLAB_CPU_ALL)
			kthread_bind(task, cpu);
		get_task_struct(task);
		t->task = task;
	}
	for (i = 0; i < run->nr_threads; i++)
		wake_up_process(run->threads[i].task);
	return 0;
}

/* Returns -EINTR when a signal stopped the run; *@limit_ms is the limit it had. */
static int synclab_wait_run(struct synclab_run *run, unsigned int *limit_ms)
{
	long left;

	*limit_ms = READ_ONCE(max_run_ms);
	left = msecs_to_jiffies(*limit_ms);

	left = wait_for_completion_interruptible_timeout(&run->finished, left);
	if (left > 0)
		return 0;
	synclab_request_stop(run, left ? SYNCLAB_STOP_SIGNAL : SYNCLAB_STOP_TIMEOUT);
	/* Every scenario looks at the stop flag at least every SYNCLAB_POLL. */
	wait_for_completion(&run->finished);
	return left ? -EINTR : 0;
}

/*
 * A stopped run's stop latency: from the stop request to the end of the last
 * thread's work.  0 when the work had ended before the request.
 */
static u64 synclab_stop_latency(const struct synclab_run *run)
{
	u64 asked = READ_ONCE(run->stop_ns);

	return asked && run->end_ns > asked ? run->end_ns - asked : 0;
}

static void synclab_fill_result(struct synclab_run *run, struct synclab_report *rep,
				unsigned int limit_ms)
{
	struct synclab_result *res = &rep->res;
	const struct synclab_scenario *sc = run->sc;
	bool held = true;
	unsigned int i;

	res->scenario = sc->name;
	res->params = sc->params;
	memcpy(res->p, run->p, sizeof(res->p));
	res->expected = (u64)run->p[SYNCLAB_P_THREADS] * run->p[SYNCLAB_P_ITERS];
	res->actual = run->counter;
	res->elapsed_ns = run->end_ns - run->start_ns;
	rep->nr_threads = run->nr_threads;
	for (i = 0; i < run->nr_threads; i++) {
		const struct synclab_thread_stat *st = &run->threads[i].stat;

		rep->th[i] = *st;
		res->cpu_ns += st->cpu_ns;
		res->nvcsw += st->nvcsw;
		res->nivcsw += st->nivcsw;
	}
	if (sc->check)
		held = sc->check(run, res);
	if (run->trace && sc->races)
		synclab_add_extra(res, "overwrites", synclab_trace_overwrites(run->trace));
	res->lost = (s64)(res->expected - res->actual);
	/* Per operation actually done: a stopped run did fewer. */
	res->ns_per_op = div64_u64(res->elapsed_ns, max(synclab_sum_done(run), 1ULL));
	res->stop = run->stop;
	if (run->stop != SYNCLAB_RUNNING) {
		synclab_add_extra(res, "stop_ns", synclab_stop_latency(run));
		/* The limit that was reached, for the advice in last and the tool's. */
		if (run->stop == SYNCLAB_STOP_TIMEOUT)
			synclab_add_extra(res, "max_run_ms", limit_ms);
		res->verdict = SYNCLAB_STOPPED;
	} else if (!held) {
		res->verdict = SYNCLAB_FAIL;
	} else if (res->lost) {
		res->verdict = sc->races ? SYNCLAB_RACE : SYNCLAB_FAIL;
	} else {
		res->verdict = SYNCLAB_OK;
	}
}

/* Publishes a finished run: its result, its report and its trace. */
static void synclab_record(struct synclab_run *run, struct synclab_report *rep)
{
	unsigned int idx;

	for (idx = 0; synclab_scenarios[idx] != run->sc; idx++)
		;
	rep->traced = run->trace;
	mutex_lock(&synclab_state.lock);
	synclab_results[idx] = rep->res;
	swap(synclab_state.last, rep);
	if (run->trace) {
		swap(synclab_state.trace, run->trace);
		synclab_state.trace_sc = run->sc;
		synclab_state.trace_threads = run->nr_threads;
	}
	synclab_state.active = NULL;
	mutex_unlock(&synclab_state.lock);
	kfree(rep);	/* the previous report */
}

static int synclab_run(const struct synclab_scenario *sc, const unsigned int *p)
{
	unsigned int nr = p[SYNCLAB_P_THREADS] + sc->extra_threads;
	struct synclab_report *rep;
	struct synclab_run *run;
	unsigned int limit_ms;
	int ret = -ENOMEM;
	bool traced;

	run = kzalloc(sizeof(*run), GFP_KERNEL);
	if (!run)
		return -ENOMEM;
	run->sc = sc;
	memcpy(run->p, p, sizeof(run->p));
	run->nr_threads = nr;
	run->total_work = (u64)p[SYNCLAB_P_THREADS] * p[SYNCLAB_P_ITERS];
	init_completion(&run->gate);
	init_completion(&run->finished);

	/* Allocated up front, so that recording the result cannot fail. */
	rep = kzalloc(struct_size(rep, th, nr), GFP_KERNEL);
	/* A multiple of the cache line: kmalloc gives it a power-of-two slab, line-aligned. */
	run->threads = kcalloc(nr, sizeof(*run->threads), GFP_KERNEL);
	run->priv = kzalloc(sc->priv_size, GFP_KERNEL);
	/* A counter scenario is traced only when its window makes a story. */
	traced = sc->traced && (!sc->increment || p[SYNCLAB_P_WINDOW_US]);
	if (traced)
		run->trace = synclab_trace_alloc();
	if (!rep || !run->threads || !run->priv || (traced && !run->trace))
		goto out_free;

	if (sc->setup) {
		ret = sc->setup(run);
		if (ret)
			goto out_free;
	}
	ret = synclab_start_threads(run);
	if (ret)
		goto out_teardown;

	trace_synclab_run_start(run);
	run->start_ns = ktime_get_ns();
	complete_all(&run->gate);

	/* From here on "stop", status and rmmod see the run. */
	mutex_lock(&synclab_state.lock);
	synclab_state.active = run;
	if (synclab_state.unloading)
		synclab_request_stop(run, SYNCLAB_STOP_UNLOAD);
	mutex_unlock(&synclab_state.lock);

	ret = synclab_wait_run(run, &limit_ms);
	synclab_stop_threads(run, nr);

	synclab_fill_result(run, rep, limit_ms);
	trace_synclab_run_end(&rep->res);
	/* The one record of a run stopped by rmmod, whose results go with the module. */
	if (rep->res.verdict == SYNCLAB_STOPPED)
		pr_info("%s stopped by %s: its threads ended %llu us after the request\n",
			sc->name, synclab_stop_why(rep->res.stop),
			div_u64(synclab_stop_latency(run), NSEC_PER_USEC));
	synclab_record(run, rep);
	rep = NULL;
out_teardown:
	if (sc->teardown)
		sc->teardown(run);
out_free:
	kfree(run->trace);
	kfree(run->priv);
	kfree(run->threads);
	kfree(run);
	kfree(rep);
	return ret;
}

const struct synclab_scenario *synclab_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < SYNCLAB_NR_SCENARIOS; i++)
		if (!strcmp(synclab_scenarios[i]->name, name))
			return synclab_scenarios[i];
	return NULL;
}

/*
 * The parameters of a run of @sc that gives none: the scenario's defaults,
 * the module's threads and iters where it has none (see
 * synclab_default_iters()), every CPU.
 */
void synclab_default_params(const struct synclab_scenario *sc, unsigned int *p)
{
	memcpy(p, sc->defaults, sizeof(sc->defaults));
	p[SYNCLAB_P_CPU] = SYNCLAB_CPU_ALL;
	if (!p[SYNCLAB_P_THREADS])
		p[SYNCLAB_P_THREADS] = threads;
	if (!p[SYNCLAB_P_ITERS])
		p[SYNCLAB_P_ITERS] = synclab_default_iters(sc);
}

/* Fills @p with the effective parameters, or says what is wrong. */
static int synclab_resolve(const struct synclab_cmd *cmd, const struct synclab_scenario **scp,
			   unsigned int *p, char *err, size_t errlen)
{
	const struct synclab_scenario *sc = synclab_find(cmd->scenario);
	unsigned int k, bad;

	if (!sc) {
		snprintf(err, errlen, "unknown scenario '%s'", cmd->scenario);
		return -EINVAL;
	}
	bad = cmd->given & ~sc->params;
	if (bad) {
		snprintf(err, errlen, "scenario %s does not take %s", sc->name,
			 synclab_param_name[__ffs(bad)]);
		return -EINVAL;
	}
	synclab_default_params(sc, p);
	for (k = 0; k < SYNCLAB_NR_PARAMS; k++) {
		if (cmd->given & (1u << k))
			p[k] = cmd->val[k];
		if (sc->max[k] && p[k] > sc->max[k]) {
			snprintf(err, errlen, "%s=%u is above %s's limit of %u",
				 synclab_param_name[k], p[k], sc->name, sc->max[k]);
			return -EINVAL;
		}
	}
	if (p[SYNCLAB_P_THREADS] > max_threads) {
		snprintf(err, errlen, "threads=%u is above max_threads=%u",
			 p[SYNCLAB_P_THREADS], max_threads);
		return -EINVAL;
	}
	if (p[SYNCLAB_P_THREADS] < sc->min_threads) {
		snprintf(err, errlen, "%s needs threads=%u or more", sc->name, sc->min_threads);
		return -EINVAL;
	}
	k = p[SYNCLAB_P_CPU];
	if (k != SYNCLAB_CPU_ALL && (k >= nr_cpu_ids || !cpu_online(k))) {
		snprintf(err, errlen, "cpu=%u is not an online CPU", k);
		return -EINVAL;
	}
	*scp = sc;
	return 0;
}

static int synclab_reset(void)
{
	struct synclab_report *rep;
	struct synclab_trace *trace;

	mutex_lock(&synclab_state.lock);
	memset(synclab_results, 0, sizeof(synclab_results));
	rep = synclab_state.last;
	trace = synclab_state.trace;
	synclab_state.last = NULL;
	synclab_state.trace = NULL;
	mutex_unlock(&synclab_state.lock);
	kfree(rep);
	kfree(trace);
	return 0;
}

static void synclab_stop_current(enum synclab_stop why)
{
	mutex_lock(&synclab_state.lock);
	if (why == SYNCLAB_STOP_UNLOAD)
		synclab_state.unloading = true;
	if (synclab_state.active)
		synclab_request_stop(synclab_state.active, why);
	mutex_unlock(&synclab_state.lock);
}

/* Refuses a command: the reason goes to the kernel log and to /proc/synclab/error. */
static int synclab_refuse_msg(const char *err)
{
	pr_warn_ratelimited("%s\n", err);
	mutex_lock(&synclab_state.lock);
	strscpy(synclab_state.error, err, sizeof(synclab_state.error));
	mutex_unlock(&synclab_state.lock);
	return -EINVAL;
}

/* A write too long to be read at all. */
int synclab_refuse_length(size_t len)
{
	char err[SYNCLAB_ERR_MAX];

	snprintf(err, sizeof(err), "command of %zu bytes is longer than %d", len, SYNCLAB_CMD_MAX);
	return synclab_refuse_msg(err);
}

/**
 * synclab_execute() - carry out one control command
 * @buf: the command, as written to /proc/synclab/control
 * @len: its length
 *
 * The one entry point of control writes and of the KUnit tests.  A "run"
 * blocks until the run has ended.
 *
 * Return: 0, or a negative errno; a rejected command changes nothing.
 */
int synclab_execute(const char *buf, size_t len)
{
	unsigned int p[SYNCLAB_NR_PARAMS];
	const struct synclab_scenario *sc;
	char err[SYNCLAB_ERR_MAX];
	struct synclab_cmd cmd;
	int ret;

	ret = synclab_cmd_parse(buf, len, &cmd, err, sizeof(err));
	if (!ret && cmd.op == SYNCLAB_OP_RUN)
		ret = synclab_resolve(&cmd, &sc, p, err, sizeof(err));
	if (ret) {
		synclab_refuse_msg(err);
		return ret;
	}
	if (cmd.op == SYNCLAB_OP_STOP) {
		synclab_stop_current(SYNCLAB_STOP_USER);
		return 0;
	}
	if (!mutex_trylock(&synclab_run_lock))
		return -EBUSY;
	if (READ_ONCE(synclab_state.unloading))
		ret = -ENODEV;
	else if (cmd.op == SYNCLAB_OP_RESET)
		ret = synclab_reset();
	else
		ret = synclab_run(sc, p);
	mutex_unlock(&synclab_run_lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(synclab_execute);

/**
 * synclab_result_get() - the latest result of a scenario
 * @scenario: its name
 * @res: where to copy the result
 *
 * Return: 0, or -ENOENT when it has not run since load or reset.
 */
int synclab_result_get(const char *scenario, struct synclab_result *res)
{
	int ret = -ENOENT;
	unsigned int i;

	mutex_lock(&synclab_state.lock);
	for (i = 0; i < SYNCLAB_NR_SCENARIOS; i++) {
		if (synclab_results[i].scenario && !strcmp(synclab_scenarios[i]->name, scenario)) {
			*res = synclab_results[i];
			ret = 0;
		}
	}
	mutex_unlock(&synclab_state.lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(synclab_result_get);

static int __init synclab_init(void)
{
	if (!max_threads || max_threads > synclab_param_max[SYNCLAB_P_THREADS] ||
	    !threads || threads > max_threads || !iters ||
	    iters > synclab_param_max[SYNCLAB_P_ITERS]) {
		pr_err("bad module parameters: need 1 <= threads <= max_threads <= %u, 1 <= iters <= %u\n",
		       synclab_param_max[SYNCLAB_P_THREADS], synclab_param_max[SYNCLAB_P_ITERS]);
		return -EINVAL;
	}
	synclab_table_init();
	return synclab_proc_init();
}

static void __exit synclab_exit(void)
{
	/* Stop a run in progress first: proc removal waits for its writer. */
	synclab_stop_current(SYNCLAB_STOP_UNLOAD);
	synclab_proc_exit();
	synclab_reset();
}

module_init(synclab_init);
module_exit(synclab_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR(SYNCLAB_AUTHOR);
MODULE_DESCRIPTION("Shared-counter races and the kernel primitives that fix them, run by kthreads");
MODULE_VERSION(SYNCLAB_VERSION);
