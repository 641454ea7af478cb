// SPDX-License-Identifier: GPL-2.0
/*
 * synclab bench: run each scenario at each thread count, --repeat times,
 * through the same path as synclab run, then report the cost of an
 * operation per scenario and thread count (report.c) and draw the
 * throughput (plot.c).
 *
 * Every argument is checked before the first run.  Ctrl-C stops the run in
 * progress and the bench: what was measured until then is reported.  The
 * files of --output and --plot replace the user's only once something was
 * measured; a bench that measured nothing prints nothing but its error.  The
 * figures are measurements of one machine at one moment; nothing here
 * judges them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "plot.h"
#include "run.h"
#include "tool.h"

/* The scenarios a bench runs when none is named, in this order. */
static const char *const bench_default[] = {
	"baseline", "atomic", "percpu", "spinlock", "mutex", "semaphore", "rwlock",
	"rwsem", "seqlock",
};
#define NDEFAULT	(int)(sizeof(bench_default) / sizeof(bench_default[0]))

struct bench {
	const char *dir;
	const struct bench_opts *o;
	const struct scenario **scen;	/* those to run, in order */
	int nscen;
	unsigned int threads[BENCH_THREADS_MAX];
	int nthreads;
	int repeat;
	struct bench_sample *samples;	/* nscen * nthreads * repeat */
	int *nsamples;			/* nscen * nthreads */
	struct outfile out, plot;	/* .f NULL: not asked for */
	struct bench_meta meta;
};

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

/* The arguments, before anything is read or written. */
static int check_args(struct bench *b)
{
	const struct bench_opts *o = b->o;
	struct run_opts ro = { { NULL } };
	char err[160];
	int ret;

	b->nthreads = parse_thread_list(o->threads ? o->threads : BENCH_THREADS_DEFAULT,
					b->threads, err, sizeof(err));
	if (b->nthreads < 0)
		return usage_error("%s", err);
	b->repeat = BENCH_REPEAT_DEFAULT;
	if (o->repeat) {
		b->repeat = parse_repeat(o->repeat, err, sizeof(err));
		if (b->repeat < 0)
			return usage_error("%s", err);
	}
	ro.val[SYNCLAB_P_ITERS] = o->iters;
	ro.val[SYNCLAB_P_READ_PCT] = o->read_pct;
	ret = run_opts_check("bench", &ro);
	if (ret)
		return ret;
	if (o->plot && !has_suffix(o->plot, ".svg"))
		return usage_error("--plot %s: the file name must end in .svg", o->plot);
	if (o->output && o->fmt == FMT_TABLE)
		return usage_error("--output writes csv or json: add --format csv or --format json");
	if (o->output && o->plot && !strcmp(o->output, o->plot))
		return usage_error("--output and --plot name the same file");
	return EXIT_OK;
}

/* The scenarios named, or those of the default list the module has. */
static int pick_scenarios(struct bench *b, const struct scenario_list *sl)
{
	char missing[NDEFAULT * SYNCLAB_NAME_MAX + 1] = "";
	const struct scenario *s;
	int i, j;

	b->scen = calloc((size_t)(b->o->nnames ? b->o->nnames : NDEFAULT), sizeof(*b->scen));
	if (!b->scen) {
		errmsg("out of memory");
		return EXIT_ERROR;
	}
	for (i = 0; i < b->o->nnames; i++) {
		const char *name = b->o->names[i];

		s = scenario_find(sl, name);
		if (!s)
			return unknown_scenario(name, sl);
		/* classic, sem-limit...: their threads do something else than operations. */
		if (!s->counter || !scenario_accepts(s, synclab_param_name[SYNCLAB_P_THREADS]))
			return usage_error("bench: %s runs a program of its own, not the counting "
					   "loop: it has no cost per operation", name);
		for (j = 0; j < b->nscen; j++)
			if (b->scen[j] == s)
				return usage_error("bench: %s named twice", name);
		b->scen[b->nscen++] = s;
	}
	if (b->o->nnames)
		return EXIT_OK;
	for (i = 0; i < NDEFAULT; i++) {
		s = scenario_find(sl, bench_default[i]);
		if (s) {
			b->scen[b->nscen++] = s;
			continue;
		}
		strcat(missing, " ");
		strcat(missing, bench_default[i]);
	}
	if (!b->nscen) {
		errmsg("%s/scenarios has none of the scenarios bench runs:%s", b->dir, missing);
		return EXIT_ERROR;
	}
	if (missing[0])
		errmsg("note: not in %s/scenarios, skipped:%s", b->dir, missing);
	return EXIT_OK;
}

void bench_meta_collect(struct bench_meta *m)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char line[512], *colon;
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;

	memset(m, 0, sizeof(*m));
	if (!uname(&u))
		snprintf(m->kernel, sizeof(m->kernel), "%s", u.release);
	m->cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10) || !(colon = strchr(line, ':')))
			continue;
		colon += 1 + strspn(colon + 1, " \t");
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(m->cpu_model, sizeof(m->cpu_model), "%s", colon);
		break;
	}
	if (f)
		fclose(f);
	/* Reproducible output, as the reproducible-builds convention asks. */
	if (epoch && *epoch)
		now = (time_t)strtoll(epoch, NULL, 10);
	gmtime_r(&now, &tm);
	strftime(m->date, sizeof(m->date), "%Y-%m-%d %H:%M UTC", &tm);
}

/* "12 s", "3 min 05 s" */
static void fmt_secs(char *buf, size_t size, double s)
{
	long t = (long)(s + 0.5);

	if (t < 60)
		snprintf(buf, size, "%ld s", t);
	else if (t < 3600)
		snprintf(buf, size, "%ld min %02ld s", t / 60, t % 60);
	else
		snprintf(buf, size, "%ld h %02ld min", t / 3600, t % 3600 / 60);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "[3/36] atomic threads=2 repeat 1/3, 4 s so far, about 40 s left" */
static void progress(int k, int n, const char *name, unsigned int threads, int r, int repeat,
		     double elapsed)
{
	char line[256], took[32], left[32];

	fmt_secs(took, sizeof(took), elapsed);
	if (k > 1) {
		fmt_secs(left, sizeof(left), elapsed / (k - 1) * (n - k + 1));
		snprintf(line, sizeof(line), "[%d/%d] %s threads=%u repeat %d/%d, %s so far, "
			 "about %s left", k, n, name, threads, r, repeat, took, left);
	} else {
		snprintf(line, sizeof(line), "[%d/%d] %s threads=%u repeat %d/%d", k, n, name,
			 threads, r, repeat);
	}
	progress_show(line);
}

/* Every run of the bench; stops at the first error or at Ctrl-C. */
static int measure(struct bench *b, int *stopped)
{
	int tty = isatty(STDERR_FILENO), total, k = 0, si, ti, r, ret = EXIT_OK;
	struct result *res = calloc(1, sizeof(*res));
	double start = now_s();
	struct run_opts ro = { { NULL } };
	char threads[16];

	if (!res) {
		errmsg("out of memory");
		return EXIT_ERROR;
	}
	total = b->nscen * b->nthreads * b->repeat;
	ro.val[SYNCLAB_P_THREADS] = threads;
	/*
	 * Without --iters the module picks each scenario's own length: long
	 * enough that starting the threads is lost in the run, short enough
	 * for a lock that hands over by sleeping (semaphore).
	 */
	ro.val[SYNCLAB_P_ITERS] = b->o->iters;
	ro.val[SYNCLAB_P_READ_PCT] = b->o->read_pct;
	sigint_catch();
	for (si = 0; si < b->nscen; si++) {
		for (ti = 0; ti < b->nthreads; ti++) {
			int cell = si * b->nthreads + ti;

			snprintf(threads, sizeof(threads), "%u", b->threads[ti]);
			for (r = 0; r < b->repeat; r++) {
				int have;

				if (run_interrupted()) {
					*stopped = 1;
					goto out;
				}
				if (tty)
					progress(++k, total, b->scen[si]->name, b->threads[ti],
						 r + 1, b->repeat, now_s() - start);
				ret = run_scenario(b->dir, b->scen[si], &ro, 0, res, &have);
				if (have)
					bench_sample_from_result(res, &b->samples[cell * b->repeat +
									  b->nsamples[cell]++]);
				if (ret == EXIT_STOPPED)
					*stopped = 1;
				if (ret != EXIT_OK)
					goto out;
			}
		}
	}
out:
	progress_clear();
	if (*stopped && ret == EXIT_OK)
		ret = EXIT_STOPPED;
	if (*stopped)
		errmsg("bench stopped: showing what was measured");
	free(res);
	return ret;
}

static int draw(struct bench *b, const struct bench_row *rows, int nrows)
{
	struct plot_series *ps = calloc((size_t)b->nscen, sizeof(*ps));
	double *x = calloc((size_t)nrows + 1, sizeof(*x));
	double *y = calloc((size_t)nrows + 1, sizeof(*y));
	double *lo = calloc((size_t)nrows + 1, sizeof(*lo));
	double *hi = calloc((size_t)nrows + 1, sizeof(*hi));
	char title[160], caption[640], iters[256], meta[320];
	struct plot p;
	int i, n = 0, ret = EXIT_OK;

	if (!ps || !x || !y || !lo || !hi) {
		errmsg("out of memory");
		ret = EXIT_ERROR;
		goto out;
	}
	/* The rows come scenario by scenario, thread counts increasing. */
	for (i = 0; i < nrows; i++) {
		if (!i || strcmp(rows[i].scenario, rows[i - 1].scenario)) {
			ps[n].name = rows[i].scenario;
			ps[n].x = x + i;
			ps[n].y = y + i;
			ps[n].ylo = lo + i;
			ps[n].yhi = hi + i;
			n++;
		}
		x[i] = rows[i].threads;
		y[i] = rows[i].ops_s;
		/* The spread of the repeats: the slowest and the fastest, as throughputs. */
		lo[i] = rows[i].threads * 1e9 / rows[i].ns_op_max;
		hi[i] = rows[i].threads * 1e9 / rows[i].ns_op_min;
		ps[n - 1].n++;
	}
	snprintf(title, sizeof(title), "synclab bench: throughput, median of %d run%s",
		 b->repeat, b->repeat == 1 ? "" : "s");
	bench_iters_text(iters, sizeof(iters), rows, nrows, b->o->iters);
	bench_meta_text(meta, sizeof(meta), &b->meta);
	snprintf(caption, sizeof(caption), "%s\n%s; synclab %s", meta, iters, SYNCLAB_VERSION);
	memset(&p, 0, sizeof(p));
	p.title = title;
	p.caption = caption;
	p.xlabel = "threads";
	p.ylabel = "operations per second";
	p.nseries = n;
	p.series = ps;
	p.cpus = b->meta.cpus;
	if (plot_svg(b->plot.f, &p)) {
		errmsg("cannot write %s: %s", b->o->plot, strerror(errno));
		ret = EXIT_ERROR;
	}
out:
	free(ps);
	free(x);
	free(y);
	free(lo);
	free(hi);
	return ret;
}

/* Rows of what was measured, reported and drawn. */
static int report(struct bench *b, int stopped)
{
	struct bench_row *rows = calloc((size_t)(b->nscen * b->nthreads) + 1, sizeof(*rows));
	struct bench_info info = {
		.iters = b->o->iters,
		.repeat = b->repeat,
		.read_pct = b->o->read_pct,
		.stopped = stopped,
		.meta = &b->meta,
	};
	int cell, n = 0, ret = EXIT_OK;

	if (!rows) {
		errmsg("out of memory");
		return EXIT_ERROR;
	}
	for (cell = 0; cell < b->nscen * b->nthreads; cell++) {
		if (!b->nsamples[cell])
			continue;
		bench_aggregate(b->scen[cell / b->nthreads]->name, b->threads[cell % b->nthreads],
				&b->samples[cell * b->repeat], b->nsamples[cell], &rows[n++]);
	}
	bench_floor(rows, n);
	/* Nothing measured: nothing to say, and the files asked for keep what they had. */
	if (!n) {
		free(rows);
		return EXIT_OK;
	}
	if (b->o->fmt == FMT_TABLE || b->out.f)
		print_bench(stdout, FMT_TABLE, rows, n, &info);
	if (b->o->fmt != FMT_TABLE)
		print_bench(b->out.f ? b->out.f : stdout, b->o->fmt, rows, n, &info);
	if (b->out.f && outfile_commit(&b->out))
		ret = EXIT_ERROR;
	if (b->plot.f && (draw(b, rows, n) || outfile_commit(&b->plot)))
		ret = EXIT_ERROR;
	free(rows);
	return ret;
}

/* 1 if a run's verdict was fail, else 5 if one was stopped, else 0. */
static int verdicts_exit(const struct bench *b)
{
	int i, any_stopped = 0, n = b->nscen * b->nthreads * b->repeat;

	for (i = 0; i < n; i++) {
		if (i % b->repeat >= b->nsamples[i / b->repeat])
			continue;
		if (b->samples[i].verdict == SYNCLAB_FAIL)
			return EXIT_VERDICT_FAIL;
		any_stopped |= b->samples[i].verdict == SYNCLAB_STOPPED;
	}
	return any_stopped ? EXIT_STOPPED : EXIT_OK;
}

int cmd_bench(const char *dir, const struct bench_opts *o)
{
	struct bench b = { .dir = dir, .o = o };
	struct scenario_list sl = { 0, NULL };
	int ret, rep, stopped = 0;
	size_t cells;

	ret = check_args(&b);
	if (ret)
		return ret;
	ret = load_scenarios(dir, &sl);
	if (ret)
		return ret;
	ret = pick_scenarios(&b, &sl);
	if (ret)
		goto out;
	cells = (size_t)b.nscen * (size_t)b.nthreads;
	b.samples = calloc(cells * (size_t)b.repeat, sizeof(*b.samples));
	b.nsamples = calloc(cells, sizeof(*b.nsamples));
	if (!b.samples || !b.nsamples) {
		errmsg("out of memory");
		ret = EXIT_ERROR;
		goto out;
	}
	/*
	 * Before the runs: a file that cannot be written fails now, not after
	 * them.  Each is a temporary file until something was measured.
	 */
	if ((o->output && outfile_open(&b.out, o->output)) ||
	    (o->plot && outfile_open(&b.plot, o->plot))) {
		ret = EXIT_ERROR;
		goto out;
	}
	bench_meta_collect(&b.meta);
	ret = measure(&b, &stopped);
	rep = report(&b, stopped);
	if (ret == EXIT_OK)
		ret = rep;
	if (ret == EXIT_OK)
		ret = verdicts_exit(&b);
out:
	outfile_discard(&b.out);
	outfile_discard(&b.plot);
	free(b.samples);
	free(b.nsamples);
	free(b.scen);
	scenario_list_free(&sl);
	return ret;
}
