// SPDX-License-Identifier: GPL-2.0
/*
 * synclab: see, on a real kernel, why a shared counter loses updates and
 * what each synchronization primitive costs to fix it.
 *
 * The runner: it turns a "run" command into kthreads released together
 * through a start gate, waits for them (or stops them), and keeps the
 * result.  Scenarios live in scenarios/, one file each, listed in the table
 * below.
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
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "synclab.h"

static unsigned int threads = 4;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "Threads of a run that does not say (default 4)");

/* Big enough that threads overlap, and so race, even under emulation. */
static unsigned int iters = 1000000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "Iterations per thread of a run that does not say (default 1000000)");

static unsigned int max_threads = 64;
module_param(max_threads, uint, 0444);
MODULE_PARM_DESC(max_threads, "Most threads a run may ask for (default 64, at most 256)");

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

/* The scenarios, in teaching order: the race, each fix, then coordination. */
const struct synclab_scenario *const synclab_scenarios[] = {
	&synclab_classic,
	&synclab_race,
	&synclab_naive_spin,
	&synclab_atomic,
	&synclab_percpu,
	&synclab_spinlock,
	&synclab_mutex,
	&synclab_semaphore,
	&synclab_trylock,
	&synclab_rwlock,
	&synclab_rwsem,
	&synclab_seqlock,
	/* Each solves an exercise: a student's handout has none of them. */
#ifdef SYNCLAB_HAS_sem_limit
	&synclab_sem_limit,
#endif
#ifdef SYNCLAB_HAS_completion
	&synclab_completion,
#endif
#ifdef SYNCLAB_HAS_waitqueue
	&synclab_waitqueue,
#endif
	/* Not a lesson: the floor the benchmarks compare against. */
	&synclab_baseline,
	/* The exercises a grading build adds (scripts/grade.sh, exercises/). */
#ifdef SYNCLAB_EX_flag_lock
	&synclab_ex_flag_lock,
#endif
#ifdef SYNCLAB_EX_sleepy_counter
	&synclab_ex_sleepy_counter,
#endif
#ifdef SYNCLAB_EX_bounded_sem
	&synclab_ex_bounded_sem,
#endif
#ifdef SYNCLAB_EX_event
	&synclab_ex_event,
#endif
#ifdef SYNCLAB_EX_prodcons
	&synclab_ex_prodcons,
#endif
};

const unsigned int synclab_nr_scenarios = ARRAY_SIZE(synclab_scenarios);

struct synclab_report {
	struct synclab_result res;
	bool traced;			/* its run wrote the trace */
	unsigned int nr_threads;
	struct synclab_thread_stat th[];
};

/* Held for the whole of a run: one run at a time. */
static DEFINE_MUTEX(synclab_run_lock);

/* Protects everything below; held only briefly, never across a run. */
static DEFINE_MUTEX(synclab_state_lock);
static struct synclab_run *synclab_current;
static bool synclab_unloading;
static bool synclab_valid[ARRAY_SIZE(synclab_scenarios)];
static struct synclab_result synclab_results[ARRAY_SIZE(synclab_scenarios)];
static struct synclab_report *synclab_last;
static struct synclab_trace *synclab_last_trace;
static const struct synclab_scenario *synclab_last_trace_sc;
static unsigned int synclab_last_trace_threads;
static char synclab_last_error[SYNCLAB_ERR_MAX];

static const char *const synclab_verdicts[] = {
	[SYNCLAB_OK]		= "ok",
	[SYNCLAB_RACE]		= "race",
	[SYNCLAB_FAIL]		= "fail",
	[SYNCLAB_STOPPED]	= "stopped",
};

static const char *const synclab_stop_why[] = {
	[SYNCLAB_STOP_USER]	= "a stop command",
	[SYNCLAB_STOP_SIGNAL]	= "a signal to the writer",
	[SYNCLAB_STOP_TIMEOUT]	= "max_run_ms",
	[SYNCLAB_STOP_UNLOAD]	= "module unload",
	[SYNCLAB_STOP_ERROR]	= "an error starting threads",
};

/* The same causes, as the value of stopped_by in results. */
static const char *const synclab_stop_key[] = {
	[SYNCLAB_STOP_USER]	= "stop",
	[SYNCLAB_STOP_SIGNAL]	= "signal",
	[SYNCLAB_STOP_TIMEOUT]	= "max_run_ms",
	[SYNCLAB_STOP_UNLOAD]	= "rmmod",
	[SYNCLAB_STOP_ERROR]	= "error",
};

const char *synclab_verdict_name(enum synclab_verdict v)
{
	return synclab_verdicts[v];
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
	if (run->trace)
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
	mutex_lock(&synclab_state_lock);
	synclab_results[idx] = rep->res;
	synclab_valid[idx] = true;
	swap(synclab_last, rep);
	if (run->trace) {
		swap(synclab_last_trace, run->trace);
		synclab_last_trace_sc = run->sc;
		synclab_last_trace_threads = run->nr_threads;
	}
	synclab_current = NULL;
	mutex_unlock(&synclab_state_lock);
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

	run->start_ns = ktime_get_ns();
	complete_all(&run->gate);

	/* From here on "stop", status and rmmod see the run. */
	mutex_lock(&synclab_state_lock);
	synclab_current = run;
	if (synclab_unloading)
		synclab_request_stop(run, SYNCLAB_STOP_UNLOAD);
	mutex_unlock(&synclab_state_lock);

	ret = synclab_wait_run(run, &limit_ms);
	synclab_stop_threads(run, nr);

	synclab_fill_result(run, rep, limit_ms);
	/* The one record of a run stopped by rmmod, whose results go with the module. */
	if (rep->res.verdict == SYNCLAB_STOPPED)
		pr_info("%s stopped by %s: its threads ended %llu us after the request\n",
			sc->name, synclab_stop_why[rep->res.stop],
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

static const struct synclab_scenario *synclab_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(synclab_scenarios); i++)
		if (!strcmp(synclab_scenarios[i]->name, name))
			return synclab_scenarios[i];
	return NULL;
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
	for (k = 0; k < SYNCLAB_NR_PARAMS; k++) {
		if (cmd->given & (1u << k))
			p[k] = cmd->val[k];
		else
			p[k] = sc->defaults[k];
		if (sc->max[k] && p[k] > sc->max[k]) {
			snprintf(err, errlen, "%s=%u is above %s's limit of %u",
				 synclab_param_name[k], p[k], sc->name, sc->max[k]);
			return -EINVAL;
		}
	}
	if (!(cmd->given & SYNCLAB_PB(CPU)))
		p[SYNCLAB_P_CPU] = SYNCLAB_CPU_ALL;
	if (!p[SYNCLAB_P_THREADS])
		p[SYNCLAB_P_THREADS] = threads;
	if (!p[SYNCLAB_P_ITERS])
		p[SYNCLAB_P_ITERS] = iters;
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

	mutex_lock(&synclab_state_lock);
	memset(synclab_valid, 0, sizeof(synclab_valid));
	rep = synclab_last;
	trace = synclab_last_trace;
	synclab_last = NULL;
	synclab_last_trace = NULL;
	mutex_unlock(&synclab_state_lock);
	kfree(rep);
	kfree(trace);
	return 0;
}

static void synclab_stop_current(enum synclab_stop why)
{
	mutex_lock(&synclab_state_lock);
	if (why == SYNCLAB_STOP_UNLOAD)
		synclab_unloading = true;
	if (synclab_current)
		synclab_request_stop(synclab_current, why);
	mutex_unlock(&synclab_state_lock);
}

/* Refuses a command: the reason goes to the kernel log and to /proc/synclab/error. */
static int synclab_refuse_msg(const char *err)
{
	pr_warn_ratelimited("%s\n", err);
	mutex_lock(&synclab_state_lock);
	strscpy(synclab_last_error, err, sizeof(synclab_last_error));
	mutex_unlock(&synclab_state_lock);
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
	if (READ_ONCE(synclab_unloading))
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

	mutex_lock(&synclab_state_lock);
	for (i = 0; i < ARRAY_SIZE(synclab_scenarios); i++) {
		if (synclab_valid[i] && !strcmp(synclab_scenarios[i]->name, scenario)) {
			*res = synclab_results[i];
			ret = 0;
		}
	}
	mutex_unlock(&synclab_state_lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(synclab_result_get);

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

void synclab_show_scenarios(struct seq_file *m)
{
	unsigned int i, k, p[SYNCLAB_NR_PARAMS];

	for (i = 0; i < ARRAY_SIZE(synclab_scenarios); i++) {
		const struct synclab_scenario *sc = synclab_scenarios[i];

		for (k = 0; k < SYNCLAB_NR_PARAMS; k++)
			p[k] = sc->defaults[k];
		p[SYNCLAB_P_CPU] = SYNCLAB_CPU_ALL;
		if (!p[SYNCLAB_P_THREADS])
			p[SYNCLAB_P_THREADS] = threads;
		if (!p[SYNCLAB_P_ITERS])
			p[SYNCLAB_P_ITERS] = iters;
		seq_printf(m, "%s\t%s\t", sc->name, sc->description);
		synclab_show_params(m, sc->params, p, "");
		/* The runner's counting loop, or a thread program of its own. */
		seq_printf(m, "\t%s\n", sc->increment ? "counter" : "program");
	}
}

void synclab_show_status(struct seq_file *m)
{
	struct synclab_run *run;
	unsigned long done = 0;
	unsigned int i;

	mutex_lock(&synclab_state_lock);
	run = synclab_current;
	if (!run) {
		seq_puts(m, "state=idle\n");
	} else {
		for (i = 0; i < run->nr_threads; i++)
			done += READ_ONCE(run->threads[i].stat.done);
		seq_printf(m, "state=running scenario=%s elapsed_ms=%llu done=%lu total=%llu\n",
			   run->sc->name, div_u64(ktime_get_ns() - run->start_ns, NSEC_PER_MSEC),
			   done, run->total_work);
	}
	mutex_unlock(&synclab_state_lock);
}

#define SYNCLAB_COMMON_KEYS	(SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU))

static void synclab_show_result(struct seq_file *m, const struct synclab_result *res)
{
	unsigned int i;

	seq_printf(m, "scenario=%s", res->scenario);
	synclab_show_params(m, SYNCLAB_COMMON_KEYS, res->p, " ");
	seq_printf(m, " expected=%llu actual=%llu lost=%lld verdict=%s",
		   res->expected, res->actual, res->lost, synclab_verdicts[res->verdict]);
	seq_printf(m, " elapsed_ns=%llu ns_per_op=%llu cpu_ns=%llu nvcsw=%llu nivcsw=%llu",
		   res->elapsed_ns, res->ns_per_op, res->cpu_ns, res->nvcsw, res->nivcsw);
	synclab_show_params(m, res->params & ~SYNCLAB_COMMON_KEYS, res->p, " ");
	for (i = 0; i < res->nr_extras; i++)
		seq_printf(m, " %s=%lld", res->extras[i].key, res->extras[i].val);
	if (res->verdict == SYNCLAB_STOPPED)
		seq_printf(m, " stopped_by=%s", synclab_stop_key[res->stop]);
	seq_putc(m, '\n');
}

void synclab_show_results(struct seq_file *m)
{
	unsigned int i;

	mutex_lock(&synclab_state_lock);
	for (i = 0; i < ARRAY_SIZE(synclab_scenarios); i++)
		if (synclab_valid[i])
			synclab_show_result(m, &synclab_results[i]);
	mutex_unlock(&synclab_state_lock);
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
	if (synclab_find_extra(res, "produced"))
		return " items";
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
	unsigned int limit = res->p[SYNCLAB_P_LIMIT];
	const struct synclab_extra *e;

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
	e = synclab_find_extra(res, "early_wakeups");
	if (e && e->val) {
		seq_printf(m, "%lld waiters passed before complete_all()\n", e->val);
		return;
	}
	e = synclab_find_extra(res, "duplicates");
	if (e && e->val) {
		seq_printf(m, "%lld items consumed twice\n", e->val);
		return;
	}
	e = synclab_find_extra(res, "torn");
	if (e && e->val) {
		seq_printf(m, "%lld reads saw a half-done write\n", e->val);
		return;
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

	seq_printf(m, "verdict          %s: ", synclab_verdicts[res->verdict]);
	switch (res->verdict) {
	case SYNCLAB_OK:
		synclab_show_held(m, res);
		break;
	case SYNCLAB_RACE:
		if (sc == &synclab_naive_spin)
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
			   synclab_stop_why[res->stop],
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

void synclab_show_last(struct seq_file *m)
{
	const struct synclab_scenario *sc;
	const struct synclab_report *rep;
	const struct synclab_result *res;
	const char *unit;
	unsigned int i;

	mutex_lock(&synclab_state_lock);
	rep = synclab_last;
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
	if (rep->traced && synclab_last_trace)
		seq_puts(m, "\nwhose update was overwritten: cat /proc/synclab/trace\n");
	seq_puts(m, "\nthread  cpu        done      cpu_ns   nvcsw  nivcsw\n");
	for (i = 0; i < rep->nr_threads; i++) {
		const struct synclab_thread_stat *st = &rep->th[i];

		seq_printf(m, "%6u %4d %11lu %11llu %7lu %7lu\n", i, st->cpu, st->done,
			   st->cpu_ns, st->nvcsw, st->nivcsw);
	}
out:
	mutex_unlock(&synclab_state_lock);
}

void synclab_show_error(struct seq_file *m)
{
	mutex_lock(&synclab_state_lock);
	if (synclab_last_error[0])
		seq_printf(m, "%s\n", synclab_last_error);
	mutex_unlock(&synclab_state_lock);
}

void synclab_show_trace(struct seq_file *m)
{
	mutex_lock(&synclab_state_lock);
	if (synclab_last_trace)
		synclab_trace_show(m, synclab_last_trace, synclab_last_trace_sc->name,
				   synclab_last_trace_threads);
	else
		seq_puts(m, "# no trace yet: echo \"run classic\" > /proc/synclab/control\n");
	mutex_unlock(&synclab_state_lock);
}

static int __init synclab_init(void)
{
	if (!max_threads || max_threads > synclab_param_max[SYNCLAB_P_THREADS] ||
	    !threads || threads > max_threads || !iters ||
	    iters > synclab_param_max[SYNCLAB_P_ITERS]) {
		pr_err("bad module parameters: need 1 <= threads <= max_threads <= %u, 1 <= iters <= %u\n",
		       synclab_param_max[SYNCLAB_P_THREADS], synclab_param_max[SYNCLAB_P_ITERS]);
		return -EINVAL;
	}
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
MODULE_VERSION("0.1.0");
