/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab internals: what a scenario sees of the runner.
 *
 * core.c owns the threads, the start gate, timing, per-thread statistics,
 * stopping and the verdict; a scenario (one file under scenarios/) owns only
 * its primitive.  A counter scenario supplies ->increment() and the runner
 * loops over it; any other supplies ->thread_fn(), the whole body of a
 * thread.
 */
#ifndef SYNCLAB_H
#define SYNCLAB_H

#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "cmd.h"
#include "verdict.h"

/* MODULE_AUTHOR of synclab.ko and synclab_kunit.ko. */
#define SYNCLAB_AUTHOR		"The synclab maintainers <maintainers@users.noreply.b-seed-ec6fe5b0.example>"

#define SYNCLAB_MAX_EXTRAS	8
#define SYNCLAB_MAX_THREADS	(SYNCLAB_THREADS_MAX + 1)	/* threads, plus a helper */
#define SYNCLAB_NR_STATS	4

struct synclab_run;

enum synclab_stop {
	SYNCLAB_RUNNING,
	SYNCLAB_STOP_USER,	/* "stop" written to control */
	SYNCLAB_STOP_SIGNAL,	/* the writer of "run" got a signal */
	SYNCLAB_STOP_TIMEOUT,	/* max_run_ms reached */
	SYNCLAB_STOP_UNLOAD,	/* rmmod */
	SYNCLAB_STOP_ERROR,	/* the run could not start */
};

struct synclab_extra {
	const char *key;
	s64 val;
};

/* What one finished run produced: a line of /proc/synclab/results. */
struct synclab_result {
	const char *scenario;
	unsigned int params;		/* SYNCLAB_PB() of the keys it accepts */
	unsigned int p[SYNCLAB_NR_PARAMS];
	u64 expected;
	u64 actual;
	s64 lost;
	enum synclab_verdict verdict;
	enum synclab_stop stop;
	u64 elapsed_ns;
	u64 ns_per_op;
	u64 cpu_ns;
	u64 nvcsw;
	u64 nivcsw;
	unsigned int nr_extras;
	struct synclab_extra extras[SYNCLAB_MAX_EXTRAS];
};

/* Per-thread figures, kept for the report in /proc/synclab/last. */
struct synclab_thread_stat {
	int cpu;			/* the CPU it finished on */
	unsigned long done;		/* units of work done */
	u64 cpu_ns;
	unsigned long nvcsw;
	unsigned long nivcsw;
};

/*
 * One per thread, each on cache lines of its own: the read-mostly scenarios
 * write ->rand and ->sc_stat on every operation, and neighbours sharing a
 * line would make those private writes contend like a shared counter.
 */
struct synclab_thread {
	struct synclab_run *run;
	struct task_struct *task;		/* with a reference of ours */
	unsigned int id;
	u64 exec0;				/* its CPU time when work began */
	struct synclab_thread_stat stat;
	u64 sc_stat[SYNCLAB_NR_STATS];	/* the scenario's own per-thread counts */
	u32 rand;				/* state of synclab_read_turn() */
} ____cacheline_aligned_in_smp;

struct synclab_scenario {
	const char *name;
	const char *description;
	unsigned int params;		/* SYNCLAB_PB() of the keys it accepts */
	unsigned int defaults[SYNCLAB_NR_PARAMS];	/* 0: the module's default */
	unsigned int max[SYNCLAB_NR_PARAMS];		/* 0: the parser's bound */
	unsigned int min_threads;
	unsigned int extra_threads;	/* helpers beyond "threads", e.g. a setter */
	bool races;			/* unsynchronized on purpose */
	bool traced;			/* records /proc/synclab/trace */
	size_t priv_size;		/* zeroed state at run->priv */

	int (*setup)(struct synclab_run *run);
	void (*increment)(struct synclab_run *run, struct synclab_thread *t);
	void (*thread_fn)(struct synclab_run *run, struct synclab_thread *t);
	/* Sets actual/expected and extras when not the counter's; false if an invariant broke. */
	bool (*check)(struct synclab_run *run, struct synclab_result *res);
	void (*teardown)(struct synclab_run *run);
};

struct synclab_trace;

struct synclab_run {
	const struct synclab_scenario *sc;
	unsigned int p[SYNCLAB_NR_PARAMS];	/* effective parameters */
	unsigned int nr_threads;		/* threads + extra_threads */
	struct synclab_thread *threads;
	void *priv;
	struct synclab_trace *trace;		/* NULL when not traced */
	u64 total_work;				/* for the progress in status */

	int stop;				/* enum synclab_stop */
	struct completion gate;			/* opened once every thread exists */
	atomic_t arrived;			/* threads through the gate */
	atomic_t running;
	struct completion finished;		/* the last thread is done */
	u64 start_ns;
	u64 end_ns;
	u64 stop_ns;				/* when the stop was requested */

	/* The shared counter, alone on its cache line. */
	unsigned long counter ____cacheline_aligned_in_smp;
};

/* Longest a scenario may block before it looks at the stop flag again. */
#define SYNCLAB_POLL		(HZ / 10)

static inline bool synclab_stopping(const struct synclab_run *run)
{
	return READ_ONCE(run->stop) != SYNCLAB_RUNNING || kthread_should_stop();
}

/*
 * wait_event_interruptible() that also ends when the run is stopped.  The
 * timeout is a safety net: whoever stops a run does not know which wait
 * queue each scenario sleeps on.
 */
#define synclab_wait_event(run, wq, cond)					\
	do {									\
		struct synclab_run *__run = (run);				\
										\
		while (!wait_event_interruptible_timeout(wq,			\
				(cond) || synclab_stopping(__run), SYNCLAB_POLL)) \
			;							\
	} while (0)

static inline void synclab_tick(struct synclab_thread *t)
{
	WRITE_ONCE(t->stat.done, t->stat.done + 1);
}

/*
 * Read or write, for the read-mostly scenarios: true for about read_pct
 * percent of the calls.  A per-thread linear congruential sequence (the
 * constants of Numerical Recipes), cheap and the same on every run.
 */
static inline bool synclab_read_turn(struct synclab_run *run, struct synclab_thread *t)
{
	t->rand = t->rand * 1664525u + 1013904223u + t->id;
	return (t->rand >> 16) % 100 < run->p[SYNCLAB_P_READ_PCT];
}

void synclab_sleep_us(struct synclab_run *run, unsigned int us);
void synclab_add_extra(struct synclab_result *res, const char *key, s64 val);
u64 synclab_sum_stat(const struct synclab_run *run, unsigned int i);
u64 synclab_max_stat(const struct synclab_run *run, unsigned int i);
u64 synclab_sum_done(const struct synclab_run *run);

/* sc_stat slots of the read-mostly scenarios */
#define SYNCLAB_STAT_READS	0
#define SYNCLAB_STAT_WRITES	1
void synclab_check_reads_writes(struct synclab_run *run, struct synclab_result *res);

/* trace.c */
struct synclab_trace *synclab_trace_alloc(void);
void synclab_trace_read(struct synclab_run *run, struct synclab_thread *t, unsigned long val);
void synclab_trace_sleep(struct synclab_run *run, struct synclab_thread *t, unsigned int us);
void synclab_trace_write(struct synclab_run *run, struct synclab_thread *t,
			 unsigned long was, unsigned long val);
void synclab_trace_enter(struct synclab_run *run, struct synclab_thread *t, unsigned int inside);
void synclab_trace_leave(struct synclab_run *run, struct synclab_thread *t, unsigned int inside);
unsigned int synclab_trace_overwrites(const struct synclab_trace *trace);
struct seq_file;
void synclab_trace_show(struct seq_file *m, const struct synclab_trace *trace,
			const char *scenario, unsigned int threads);

/* A finished run as /proc/synclab/last shows it: the result and each thread's figures. */
struct synclab_report {
	struct synclab_result res;
	bool traced;			/* its run wrote the trace */
	unsigned int nr_threads;
	struct synclab_thread_stat th[];
};

/*
 * What the runner (core.c) keeps between runs and proc.c shows.  Everything
 * here is under ->lock, held only briefly, never across a run.
 */
struct synclab_state {
	struct mutex lock;			/* guards the rest */
	struct synclab_run *active;		/* the run in progress, or NULL */
	bool unloading;				/* rmmod has begun */
	/* One per scenario, in table order; ->scenario is NULL until it has run. */
	struct synclab_result *results;
	struct synclab_report *last;		/* the last run, or NULL */
	struct synclab_trace *trace;		/* of the last traced run, or NULL */
	const struct synclab_scenario *trace_sc;
	unsigned int trace_threads;
	char error[SYNCLAB_ERR_MAX];		/* why the last command was refused */
};

/* core.c, for proc.c and the tests */
extern const struct synclab_scenario *synclab_scenarios[];
extern struct synclab_state synclab_state;
int synclab_execute(const char *buf, size_t len);
int synclab_refuse_length(size_t len);
int synclab_result_get(const char *scenario, struct synclab_result *res);
const struct synclab_scenario *synclab_find(const char *name);
void synclab_default_params(const struct synclab_scenario *sc, unsigned int *p);
const char *synclab_stop_why(enum synclab_stop why);
const char *synclab_stop_key(enum synclab_stop why);

/* proc.c */
int synclab_proc_init(void);
void synclab_proc_exit(void);

/* Each scenario of scenarios.h, defined in scenarios/<name>.c or exercises/. */
#define SYNCLAB_SCENARIO(name)	extern const struct synclab_scenario synclab_##name
#include "scenarios.h"
#undef SYNCLAB_SCENARIO

/* One byte per line of scenarios.h: their number, known when compiling. */
struct synclab_scenario_count {
#define SYNCLAB_SCENARIO(name)	char name
#include "scenarios.h"
#undef SYNCLAB_SCENARIO
};

#define SYNCLAB_NR_SCENARIOS	sizeof(struct synclab_scenario_count)

#endif /* SYNCLAB_H */
