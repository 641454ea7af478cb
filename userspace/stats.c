// SPDX-License-Identifier: GPL-2.0
/*
 * The arithmetic of synclab bench: thread lists, medians and spreads, and
 * the rows made of the results lines of the repeats.  Pure functions only,
 * for the unit tests.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "cmd.h"

#define QUOTE_MAX	32

static int quote_len(size_t len)
{
	return len > QUOTE_MAX ? QUOTE_MAX : (int)len;
}

/*
 * Decimal digits only, as the shared parser wants them.  Returns 0 with
 * the value, -1 when not a number, -2 when above @max.
 */
static int parse_small(const char *s, size_t len, unsigned int max, unsigned int *out)
{
	unsigned int v = 0;
	int over = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (!over)
			v = v * 10 + (unsigned int)(s[i] - '0');
		over |= v > max;
	}
	if (over)
		return -2;
	*out = v;
	return 0;
}

int parse_thread_list(const char *s, unsigned int *v, char *err, size_t errlen)
{
	unsigned int max = synclab_param_max[SYNCLAB_P_THREADS], t;
	unsigned char seen[BENCH_THREADS_MAX + 1];
	const char *p = s, *end;
	int n = 0, ret;

	if (max > BENCH_THREADS_MAX)
		max = BENCH_THREADS_MAX;
	memset(seen, 0, sizeof(seen));
	if (!*s) {
		snprintf(err, errlen, "--threads needs a list of thread counts, e.g. 1,2,4,8");
		return -1;
	}
	for (;;) {
		size_t len;

		for (end = p; *end && *end != ','; end++)
			;
		len = (size_t)(end - p);
		if (!len) {
			snprintf(err, errlen, "--threads: empty item in '%.*s'",
				 quote_len(strlen(s)), s);
			return -1;
		}
		ret = parse_small(p, len, max, &t);
		if (!ret && t < 1)
			ret = -2;
		if (ret == -1) {
			snprintf(err, errlen, "--threads: '%.*s' is not a decimal number",
				 quote_len(len), p);
			return -1;
		}
		if (ret == -2) {
			snprintf(err, errlen, "--threads: %.*s is out of range (1..%u)",
				 quote_len(len), p, max);
			return -1;
		}
		if (seen[t]) {
			snprintf(err, errlen, "--threads: %u listed twice", t);
			return -1;
		}
		seen[t] = 1;
		if (!*end)
			break;
		p = end + 1;
	}
	for (t = 1; t <= max; t++)
		if (seen[t])
			v[n++] = t;
	return n;
}

int parse_repeat(const char *s, char *err, size_t errlen)
{
	unsigned int r;
	int ret = parse_small(s, strlen(s), BENCH_REPEAT_MAX, &r);

	if (!ret && r < 1)
		ret = -2;
	if (ret == -1)
		snprintf(err, errlen, "--repeat: '%.*s' is not a decimal number",
			 quote_len(strlen(s)), s);
	else if (ret == -2)
		snprintf(err, errlen, "--repeat: %.*s is out of range (1..%d)",
			 quote_len(strlen(s)), s, BENCH_REPEAT_MAX);
	return ret ? -1 : (int)r;
}

/* ---- medians and spreads ---------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stats_median(double *v, int n)
{
	if (n <= 0)
		return NAN;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	if (n % 2)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

double stats_min(const double *v, int n)
{
	double m = NAN;
	int i;

	for (i = 0; i < n; i++)
		if (!i || v[i] < m)
			m = v[i];
	return m;
}

double stats_max(const double *v, int n)
{
	double m = NAN;
	int i;

	for (i = 0; i < n; i++)
		if (!i || v[i] > m)
			m = v[i];
	return m;
}

/* ---- rows ------------------------------------------------------------------- */

/* A non-negative decimal number, with or without a fraction. */
static int parse_ns(const char *s, double *out)
{
	char *end;
	double d;

	if (!s || *s < '0' || *s > '9')
		return -1;
	d = strtod(s, &end);
	if (*end || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

void bench_sample_from_result(const struct result *r, struct bench_sample *s)
{
	memset(s, 0, sizeof(*s));
	s->verdict = r->verdict;
	s->threads = r->threads;
	s->iters = r->iters;
	s->elapsed_ns = r->elapsed_ns;
	s->cpu_ns = r->cpu_ns;
	s->csw = r->nvcsw + r->nivcsw;
	if (s->csw < r->nvcsw)
		s->csw = ~0ULL;		/* absurd, but not wrapped around */
	s->has_lockpair = !parse_ns(result_extra(r, "lockpair_ns"), &s->lockpair_ns);
}

void bench_aggregate(const char *scenario, unsigned int threads,
		     const struct bench_sample *v, int n, struct bench_row *row)
{
	double ns[BENCH_REPEAT_MAX], ops[BENCH_REPEAT_MAX], cpu[BENCH_REPEAT_MAX];
	double csw[BENCH_REPEAT_MAX], lp[BENCH_REPEAT_MAX];
	int i, m = 0, nlp = 0;

	if (n > BENCH_REPEAT_MAX)
		n = BENCH_REPEAT_MAX;
	memset(row, 0, sizeof(*row));
	snprintf(row->scenario, sizeof(row->scenario), "%s", scenario);
	row->threads = threads;
	row->runs = n;
	row->iters = n ? v[0].iters : 0;
	for (i = 0; i < n; i++) {
		/* In double: threads * iters may not fit in 64 bits. */
		double total = (double)v[i].threads * (double)v[i].iters;

		row->verdicts[i] = (unsigned char)v[i].verdict;
		if (!i || v[i].verdict > row->verdict) {
			row->verdict = v[i].verdict;
			row->nworst = 0;
		}
		row->nworst += v[i].verdict == row->verdict;
		if (v[i].has_lockpair)
			lp[nlp++] = v[i].lockpair_ns;
		/* A stopped run did part of its work in the time it reports. */
		if (v[i].verdict == SYNCLAB_STOPPED || total <= 0 || !v[i].elapsed_ns)
			continue;
		ns[m] = (double)v[i].elapsed_ns / total;
		ops[m] = total * 1e9 / (double)v[i].elapsed_ns;
		cpu[m] = (double)v[i].cpu_ns / total;
		csw[m] = (double)v[i].csw / total;
		m++;
	}
	row->measured = m;
	row->ns_op_min = stats_min(ns, m);
	row->ns_op_max = stats_max(ns, m);
	row->ns_op = stats_median(ns, m);
	row->ops_s = stats_median(ops, m);
	row->cpu_ns_op = stats_median(cpu, m);
	row->csw_op = stats_median(csw, m);
	row->lockpair_ns = stats_median(lp, nlp);
	row->floor_x = NAN;
}

void bench_floor(struct bench_row *v, int n)
{
	int i, j;

	for (i = 0; i < n; i++) {
		v[i].floor_x = NAN;
		for (j = 0; j < n; j++) {
			if (strcmp(v[j].scenario, BENCH_FLOOR) || v[j].threads != v[i].threads)
				continue;
			if (isfinite(v[i].ns_op) && isfinite(v[j].ns_op) && v[j].ns_op > 0)
				v[i].floor_x = v[i].ns_op / v[j].ns_op;
			break;
		}
	}
}
