/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab bench: each scenario run at several thread counts, several times,
 * and the cost of an operation summarized per scenario and thread count.
 *
 * stats.c turns results lines into rows (pure arithmetic), report.c prints
 * the rows, bench.c runs the scenarios and plot.c draws the throughput.
 */
#ifndef SYNCLAB_BENCH_H
#define SYNCLAB_BENCH_H

#include <stddef.h>
#include <stdio.h>

#include "format.h"
#include "procfiles.h"

#define BENCH_THREADS_MAX	256	/* thread counts in a list (each 1..256) */
#define BENCH_REPEAT_MAX	100
#define BENCH_THREADS_DEFAULT	"1,2,4,8"
#define BENCH_REPEAT_DEFAULT	3
#define BENCH_FLOOR		"baseline"	/* the scenario the others are compared to */

/* What one run of a scenario measured, from its results line. */
struct bench_sample {
	enum synclab_verdict verdict;
	unsigned long long threads, iters;	/* as the results line says */
	unsigned long long elapsed_ns, cpu_ns, csw;
	int has_lockpair;
	double lockpair_ns;			/* baseline's extra key */
};

/*
 * One scenario at one thread count, over its repeats.  The figures are
 * medians over the repeats that finished (not stopped) and measured some
 * time; NAN when there is none.
 */
struct bench_row {
	char scenario[SYNCLAB_NAME_MAX];
	unsigned int threads;			/* as asked */
	unsigned long long iters;		/* per thread, as the results line says */
	int runs;				/* repeats that gave a result */
	int measured;				/* of them, those in the figures */
	double ns_op, ns_op_min, ns_op_max;	/* elapsed_ns / (threads * iters) */
	double ops_s;				/* threads * iters * 1e9 / elapsed_ns */
	double cpu_ns_op;			/* cpu_ns / (threads * iters) */
	double csw_op;				/* (nvcsw + nivcsw) / (threads * iters) */
	double floor_x;				/* ns_op / baseline's at the same threads */
	double lockpair_ns;			/* baseline: one spin_lock/unlock pair */
	enum synclab_verdict verdict;		/* the worst of the runs */
	int nworst;				/* runs with that verdict */
	unsigned char verdicts[BENCH_REPEAT_MAX];	/* each run's, in order */
};

/* Where and when it was measured: the reader of a table, a csv or a chart needs it. */
struct bench_meta {
	char kernel[128];		/* the release, as uname -r */
	int cpus;			/* online */
	char cpu_model[128];		/* /proc/cpuinfo's model name */
	char date[32];			/* UTC, ISO 8601 (SOURCE_DATE_EPOCH when set) */
};

/* What the report says about the whole bench. */
struct bench_info {
	const char *iters;		/* as asked; NULL: each scenario's default */
	int repeat;
	const char *read_pct;		/* NULL: each scenario's default */
	int stopped;			/* Ctrl-C: fewer rows than planned */
	const struct bench_meta *meta;	/* NULL: not known */
};

struct bench_opts {
	const char *threads;		/* the list; NULL: BENCH_THREADS_DEFAULT */
	const char *iters;		/* NULL: each scenario's default (see list) */
	const char *repeat;		/* NULL: BENCH_REPEAT_DEFAULT */
	const char *read_pct;		/* NULL: each scenario's default */
	const char *plot;		/* an .svg file, or NULL */
	const char *output;		/* csv or json there instead of stdout */
	enum out_format fmt;
	char **names;			/* the scenarios named, or none */
	int nnames;
};

/* ---- stats.c ------------------------------------------------------------- */

/*
 * "1,2,4,8": thread counts, each 1..256, comma-separated, no blanks, none
 * twice.  Fills @v sorted in increasing order (room for BENCH_THREADS_MAX)
 * and returns their number, or -1 with a one-line reason in @err.
 */
int parse_thread_list(const char *s, unsigned int *v, char *err, size_t errlen);

/* --repeat: 1..BENCH_REPEAT_MAX; returns it, or -1 with @err set. */
int parse_repeat(const char *s, char *err, size_t errlen);

/* Median of @v (sorted in place); NAN when @n is 0. */
double stats_median(double *v, int n);
/* Smallest and largest of @v; NAN when @n is 0. */
double stats_min(const double *v, int n);
double stats_max(const double *v, int n);


void bench_sample_from_result(const struct result *r, struct bench_sample *s);

/* Fills @row from the @n samples of @scenario at @threads (n <= BENCH_REPEAT_MAX). */
void bench_aggregate(const char *scenario, unsigned int threads,
		     const struct bench_sample *v, int n, struct bench_row *row);

/* Sets floor_x of every row whose thread count baseline was measured at. */
void bench_floor(struct bench_row *v, int n);

/* ---- report.c ------------------------------------------------------------ */

void print_bench(FILE *f, enum out_format fmt, const struct bench_row *v, int n,
		 const struct bench_info *info);
/* "1000000 iterations per thread (semaphore: 20000)" */
void bench_iters_text(char *buf, size_t size, const struct bench_row *v, int n,
		      const char *iters);
/* "Linux 6.12.0, 2 CPUs (QEMU Virtual CPU), 2025-01-31" */
void bench_meta_text(char *buf, size_t size, const struct bench_meta *m);

/* ---- bench.c ------------------------------------------------------------- */

int cmd_bench(const char *dir, const struct bench_opts *o);
/* The kernel, CPUs and date of this machine now. */
void bench_meta_collect(struct bench_meta *m);

#endif /* SYNCLAB_BENCH_H */
