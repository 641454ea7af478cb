// SPDX-License-Identifier: GPL-2.0
/*
 * The report of synclab bench: an 80-column table, CSV (a header row, one
 * row per scenario and thread count) or JSON (an array of one object per
 * row).  Figures that could not be measured are "-", empty or null.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "tool.h"

#define CELL_MAX	32
#define COL_GAP		2

enum {
	B_SCENARIO, B_THREADS, B_NSOP, B_MIN, B_MAX, B_OPS, B_CPU, B_CSW,
	B_VERDICT, B_FLOOR, B_NR,
};

static const char *const bcol_name[B_NR] = {
	"scenario", "thr", "ns/op", "min", "max", "ops/s", "cpu/op", "csw/op",
	"verdict", "x floor",
};

/* Three significant digits at most, then k, M, G...: "1.23", "45.6", "812M". */
static void fmt_sig3(char *buf, size_t size, double d, int suffix_from_1000)
{
	static const char suffix[] = "kMGTPE";
	int i = -1;

	if (!isfinite(d)) {
		snprintf(buf, size, "-");
		return;
	}
	if (suffix_from_1000 || d >= 99999.5) {
		while (d >= 999.5 && i < 5) {
			d /= 1000;
			i++;
		}
	}
	if (d < 1)
		snprintf(buf, size, "%#.3g", d);	/* "0.500", "0.0688" */
	else if (d >= 99.5)
		snprintf(buf, size, "%.0f", d);
	else if (d >= 9.995)
		snprintf(buf, size, "%.1f", d);
	else
		snprintf(buf, size, "%.2f", d);
	if (i >= 0)
		snprintf(buf + strlen(buf), size - strlen(buf), "%c", suffix[i]);
}

/*
 * Context switches per operation: often millionths, so three significant
 * digits however small: "1.02e-06", "0.0385", "2.5".
 */
static void fmt_small(char *buf, size_t size, double d)
{
	if (!isfinite(d))
		snprintf(buf, size, "-");
	else if (d == 0)
		snprintf(buf, size, "0");
	else if (d < 0.01)
		snprintf(buf, size, "%.2e", d);
	else if (d < 10)
		snprintf(buf, size, "%#.3g", d);
	else
		fmt_sig3(buf, size, d, 0);
}

static void bench_cell(char *cell, const struct bench_row *r, int c)
{
	/* The columns of figures, each shown to three significant digits. */
	const double sig3[B_NR] = {
		[B_NSOP] = r->ns_op, [B_MIN] = r->ns_op_min, [B_MAX] = r->ns_op_max,
		[B_OPS] = r->ops_s, [B_CPU] = r->cpu_ns_op, [B_FLOOR] = r->floor_x,
	};

	switch (c) {
	case B_SCENARIO:
		snprintf(cell, CELL_MAX, "%s", r->scenario);
		return;
	case B_THREADS:
		snprintf(cell, CELL_MAX, "%u", r->threads);
		return;
	case B_CSW:
		fmt_small(cell, CELL_MAX, r->csw_op);
		return;
	case B_VERDICT:
		if (r->nworst == r->runs)
			snprintf(cell, CELL_MAX, "%s", synclab_verdict_name(r->verdict));
		else
			snprintf(cell, CELL_MAX, "%s %d/%d", synclab_verdict_name(r->verdict),
				 r->nworst, r->runs);
		return;
	}
	/* ops/s takes k, M, G from 1000 on; the times from 100000 on. */
	fmt_sig3(cell, CELL_MAX, sig3[c], c == B_OPS);
}

static int left_aligned(int c)
{
	return c == B_SCENARIO || c == B_VERDICT;
}

static void table_row(FILE *f, const char cells[B_NR][CELL_MAX], const int *w)
{
	int c;

	for (c = 0; c < B_NR; c++) {
		int last = c == B_NR - 1;

		if (left_aligned(c) && !last)
			fprintf(f, "%-*s%*s", w[c], cells[c], COL_GAP, "");
		else
			fprintf(f, "%*s%*s", w[c], cells[c], last ? 0 : COL_GAP, "");
	}
	fputc('\n', f);
}

/*
 * Each scenario ran its default iterations: say the most common count, and
 * the scenarios that ran another, e.g. "1000000 iterations per thread
 * (semaphore: 20000)".
 */
void bench_iters_text(char *buf, size_t size, const struct bench_row *v, int n,
		      const char *iters)
{
	unsigned long long common = 0;
	int i, j, most = 0, others = 0;
	size_t len;

	if (iters) {
		snprintf(buf, size, "%s iterations per thread", iters);
		return;
	}
	if (!n) {
		snprintf(buf, size, "each scenario's default iterations per thread");
		return;
	}
	for (i = 0; i < n; i++) {
		int same = 0;

		if (!v[i].iters)	/* a row never measured */
			continue;
		for (j = 0; j < n; j++)
			same += v[j].iters == v[i].iters;
		if (same > most) {
			most = same;
			common = v[i].iters;
		}
	}
	len = snprintf(buf, size, "%llu iterations per thread", common);
	for (i = 0; i < n && len < size; i++) {
		if (v[i].iters == common || !v[i].iters ||
		    (i && !strcmp(v[i].scenario, v[i - 1].scenario) && v[i].iters == v[i - 1].iters))
			continue;
		len += snprintf(buf + len, size - len, "%s%s: %llu", others++ ? ", " : " (",
				v[i].scenario, v[i].iters);
	}
	if (others && len < size)
		snprintf(buf + len, size - len, ")");
}

void bench_meta_text(char *buf, size_t size, const struct bench_meta *m)
{
	snprintf(buf, size, "Linux %s, %d CPU%s%s%s%s, %s", m->kernel, m->cpus,
		 m->cpus == 1 ? "" : "s", m->cpu_model[0] ? " (" : "", m->cpu_model,
		 m->cpu_model[0] ? ")" : "", m->date);
}

static void bench_table(FILE *f, const struct bench_row *v, int n,
			const struct bench_info *info)
{
	char cells[B_NR][CELL_MAX];
	const struct bench_row *lockpair = NULL;
	int w[B_NR], c, i, rest = 0;

	char line[512];

	bench_iters_text(line, sizeof(line), v, n, info->iters);
	fprintf(f, "%s, median of %d run%s", line, info->repeat, info->repeat == 1 ? "" : "s");
	if (info->read_pct)
		fprintf(f, ", read_pct=%s", info->read_pct);
	fputc('\n', f);
	if (info->meta) {
		char meta[sizeof(line) + 64], *cut;

		bench_meta_text(line, sizeof(line), info->meta);
		snprintf(meta, sizeof(meta), "Measured on %s, synclab %s.", line, SYNCLAB_VERSION);
		/* Two lines, at a comma, when one would pass 80 columns. */
		for (cut = meta + strlen(meta); cut > meta && (cut - meta > TABLE_WIDTH ||
							     strncmp(cut, ", ", 2)); cut--)
			;
		if (strlen(meta) > TABLE_WIDTH && cut > meta)
			fprintf(f, "%.*s,\n%s\n", (int)(cut - meta), meta, cut + 2);
		else
			fprintf(f, "%s\n", meta);
	}
	fputs(info->stopped ? "Stopped: only what was measured before Ctrl-C.\n\n" : "\n", f);
	if (!n) {
		fputs("nothing was measured\n", f);
		return;
	}
	for (c = 0; c < B_NR; c++) {
		w[c] = (int)strlen(bcol_name[c]);
		for (i = 0; i < n; i++) {
			bench_cell(cells[c], &v[i], c);
			if ((int)strlen(cells[c]) > w[c])
				w[c] = (int)strlen(cells[c]);
		}
		if (c != B_SCENARIO)
			rest += w[c] + COL_GAP;
	}
	/* A long name gets a line of its own rather than pushing past 80 columns. */
	if (w[B_SCENARIO] + rest > TABLE_WIDTH && TABLE_WIDTH - rest >= 8)
		w[B_SCENARIO] = TABLE_WIDTH - rest;

	for (c = 0; c < B_NR; c++)
		snprintf(cells[c], CELL_MAX, "%s", bcol_name[c]);
	table_row(f, (const char (*)[CELL_MAX])cells, w);
	for (i = 0; i < n; i++) {
		for (c = 0; c < B_NR; c++)
			bench_cell(cells[c], &v[i], c);
		if ((int)strlen(cells[B_SCENARIO]) > w[B_SCENARIO]) {
			fprintf(f, "%s\n", cells[B_SCENARIO]);
			cells[B_SCENARIO][0] = '\0';
		}
		table_row(f, (const char (*)[CELL_MAX])cells, w);
		if (!lockpair && !strcmp(v[i].scenario, BENCH_FLOOR) &&
		    isfinite(v[i].lockpair_ns))
			lockpair = &v[i];
	}
	fputs("\nns/op: wall time per operation (median, min, max); ops/s: throughput;\n"
	      "cpu/op: CPU ns per operation; csw/op: context switches per operation;\n"
	      "x floor: ns/op over baseline's at the same thread count.\n", f);
	if (lockpair) {
		char cell[CELL_MAX];

		fmt_sig3(cell, sizeof(cell), lockpair->lockpair_ns, 0);
		fprintf(f, "An uncontended spin_lock/spin_unlock pair: %s ns "
			"(baseline, %u thread%s).\n", cell, lockpair->threads,
			lockpair->threads == 1 ? "" : "s");
	}
	fputs("Measured on this machine, this time: compare the rows, do not quote them.\n", f);
}

/* Nine significant digits; NAN is @none. */
static void put_num(FILE *f, double d, const char *none)
{
	if (isfinite(d))
		fprintf(f, "%.9g", d);
	else
		fputs(none, f);
}

static const char bench_csv_header[] =
	"scenario,threads,iters,runs,measured,ns_per_op,ns_per_op_min,ns_per_op_max,"
	"ops_per_s,cpu_ns_per_op,csw_per_op,x_floor,lockpair_ns,verdict,verdicts,"
	"kernel,cpus,cpu_model,synclab_version,date\n";

/* The machine and the date, the same on every row (empty when not known). */
static void csv_meta(FILE *f, const struct bench_meta *m)
{
	if (!m) {
		fputs(",,,,,", f);
		return;
	}
	fputc(',', f);
	csv_field(f, m->kernel);
	fprintf(f, ",%d,", m->cpus);
	csv_field(f, m->cpu_model);
	fprintf(f, ",%s,%s", SYNCLAB_VERSION, m->date);
}

static void json_meta(FILE *f, const struct bench_meta *m)
{
	if (!m)
		return;
	fputs(", \"kernel\": ", f);
	json_string(f, m->kernel);
	fprintf(f, ", \"cpus\": %d, \"cpu_model\": ", m->cpus);
	json_string(f, m->cpu_model);
	fprintf(f, ", \"synclab_version\": \"%s\", \"date\": ", SYNCLAB_VERSION);
	json_string(f, m->date);
}

static void bench_csv(FILE *f, const struct bench_row *v, int n, const struct bench_meta *m)
{
	int i, j;

	fputs(bench_csv_header, f);
	for (i = 0; i < n; i++) {
		const struct bench_row *r = &v[i];
		const double num[] = {
			r->ns_op, r->ns_op_min, r->ns_op_max, r->ops_s, r->cpu_ns_op,
			r->csw_op, r->floor_x, r->lockpair_ns,
		};

		csv_field(f, r->scenario);
		fprintf(f, ",%u,%llu,%d,%d", r->threads, r->iters, r->runs, r->measured);
		for (j = 0; j < (int)(sizeof(num) / sizeof(num[0])); j++) {
			fputc(',', f);
			put_num(f, num[j], "");
		}
		fprintf(f, ",%s,", synclab_verdict_name(r->verdict));
		for (j = 0; j < r->runs; j++)
			fprintf(f, "%s%s", j ? " " : "", synclab_verdict_name(r->verdicts[j]));
		csv_meta(f, m);
		fputc('\n', f);
	}
}

static void bench_json(FILE *f, const struct bench_row *v, int n, const struct bench_meta *m)
{
	static const char *const keys[] = {
		"ns_per_op", "ns_per_op_min", "ns_per_op_max", "ops_per_s",
		"cpu_ns_per_op", "csw_per_op", "x_floor", "lockpair_ns",
	};
	int i, j;

	fputc('[', f);
	for (i = 0; i < n; i++) {
		const struct bench_row *r = &v[i];
		const double num[] = {
			r->ns_op, r->ns_op_min, r->ns_op_max, r->ops_s, r->cpu_ns_op,
			r->csw_op, r->floor_x, r->lockpair_ns,
		};

		fputs(i ? ",\n {\"scenario\": " : "\n {\"scenario\": ", f);
		json_string(f, r->scenario);
		fprintf(f, ", \"threads\": %u, \"iters\": %llu, \"runs\": %d, \"measured\": %d",
			r->threads, r->iters, r->runs, r->measured);
		for (j = 0; j < (int)(sizeof(num) / sizeof(num[0])); j++) {
			fprintf(f, ", \"%s\": ", keys[j]);
			put_num(f, num[j], "null");
		}
		fprintf(f, ", \"verdict\": \"%s\", \"verdicts\": [",
			synclab_verdict_name(r->verdict));
		for (j = 0; j < r->runs; j++)
			fprintf(f, "%s\"%s\"", j ? ", " : "", synclab_verdict_name(r->verdicts[j]));
		fputc(']', f);
		json_meta(f, m);
		fputc('}', f);
	}
	fputs(n ? "\n]\n" : "]\n", f);
}

void print_bench(FILE *f, enum out_format fmt, const struct bench_row *v, int n,
		 const struct bench_info *info)
{
	switch (fmt) {
	case FMT_JSON:
		bench_json(f, v, n, info->meta);
		return;
	case FMT_CSV:
		bench_csv(f, v, n, info->meta);
		return;
	case FMT_TABLE:
		bench_table(f, v, n, info);
		return;
	}
}
