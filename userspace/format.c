// SPDX-License-Identifier: GPL-2.0
/*
 * Tables, JSON and CSV for the synclab tool.  Everything here writes to a
 * FILE * and looks at nothing else, so the tests can print into memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

int format_parse(const char *name, enum out_format *fmt)
{
	if (!strcmp(name, "table"))
		*fmt = FMT_TABLE;
	else if (!strcmp(name, "json"))
		*fmt = FMT_JSON;
	else if (!strcmp(name, "csv"))
		*fmt = FMT_CSV;
	else
		return -1;
	return 0;
}

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);	/* /proc is ASCII: bytes as-is */
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* JSON's own grammar for integers: no leading zeros, no '+'. */
int json_is_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		return s[1] == '\0';
	if (*s < '1' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\0';
}

void json_value(FILE *f, const char *s)
{
	if (json_is_number(s))
		fputs(s, f);
	else
		json_string(f, s);
}

void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void fmt_duration(char *buf, size_t size, unsigned long long ns)
{
	if (ns < 1000ULL)
		snprintf(buf, size, "%llu ns", ns);
	else if (ns < 1000000ULL)
		snprintf(buf, size, "%.1f µs", ns / 1e3);
	else if (ns < 1000000000ULL)
		snprintf(buf, size, "%.3f ms", ns / 1e6);
	else
		snprintf(buf, size, "%.3f s", ns / 1e9);
}

void fmt_compact(char *buf, size_t size, unsigned long long a, int negative)
{
	static const char suffix[] = "kMGTPE";
	const char *sign = negative ? "-" : "";
	double d = (double)a;
	int i = -1;

	if (a < 100000ULL) {
		snprintf(buf, size, "%s%llu", sign, a);
		return;
	}
	while (d >= 999.5 && i < 5) {
		d /= 1000;
		i++;
	}
	if (d >= 99.95)
		snprintf(buf, size, "%s%.0f%c", sign, d, suffix[i]);
	else if (d >= 9.995)
		snprintf(buf, size, "%s%.1f%c", sign, d, suffix[i]);
	else
		snprintf(buf, size, "%s%.2f%c", sign, d, suffix[i]);
}

const char *verdict_meaning(const char *verdict)
{
	if (!strcmp(verdict, "ok"))
		return "the invariant held";
	if (!strcmp(verdict, "race"))
		return "updates were lost, as expected without synchronization";
	if (!strcmp(verdict, "fail"))
		return "an invariant broke where it should have held";
	if (!strcmp(verdict, "stopped"))
		return "stopped before finishing: the figures are partial";
	return "unknown verdict";
}

/* ---- scenarios ---------------------------------------------------------- */

/* Prints @s word-wrapped to the columns [indent, TABLE_WIDTH). */
static void print_wrapped(FILE *f, const char *s, int col, int indent)
{
	while (*s) {
		int len = (int)strlen(s), cut;

		if (len <= TABLE_WIDTH - col) {
			fprintf(f, "%s\n", s);
			return;
		}
		for (cut = TABLE_WIDTH - col; cut > 0 && s[cut] != ' '; cut--)
			;
		if (cut == 0)
			cut = TABLE_WIDTH - col;	/* one word wider than the line */
		fprintf(f, "%.*s\n%*s", cut, s, indent, "");
		s += cut;
		while (*s == ' ')
			s++;
		col = indent;
	}
	fputc('\n', f);
}

static void json_params(FILE *f, const struct scenario *s)
{
	int i;

	fputc('{', f);
	for (i = 0; i < s->nparams; i++) {
		fputs(i ? ", " : "", f);
		json_string(f, s->params[i].key);
		fputs(": ", f);
		if (!strcmp(s->params[i].key, "cpu"))
			json_string(f, s->params[i].val);
		else
			json_value(f, s->params[i].val);
	}
	fputc('}', f);
}

void print_scenarios(FILE *f, enum out_format fmt, const struct scenario_list *l)
{
	int i, j, w = 0;

	switch (fmt) {
	case FMT_JSON:
		fputs("[", f);
		for (i = 0; i < l->n; i++) {
			fputs(i ? ",\n {" : "\n {", f);
			fputs("\"name\": ", f);
			json_string(f, l->v[i].name);
			fputs(", \"description\": ", f);
			json_string(f, l->v[i].desc);
			fputs(", \"params\": ", f);
			json_params(f, &l->v[i]);
			fputs("}", f);
		}
		fputs(l->n ? "\n]\n" : "]\n", f);
		return;
	case FMT_CSV:
		fputs("name,description,params\n", f);
		for (i = 0; i < l->n; i++) {
			csv_field(f, l->v[i].name);
			fputc(',', f);
			csv_field(f, l->v[i].desc);
			fputc(',', f);
			for (j = 0; j < l->v[i].nparams; j++)
				fprintf(f, "%s%s=%s", j ? " " : "", l->v[i].params[j].key,
					l->v[i].params[j].val);
			fputc('\n', f);
		}
		return;
	case FMT_TABLE:
		break;
	}
	if (!l->n) {
		fputs("no scenarios\n", f);
		return;
	}
	for (i = 0; i < l->n; i++)
		if ((int)strlen(l->v[i].name) > w)
			w = (int)strlen(l->v[i].name);
	w += 2;
	for (i = 0; i < l->n; i++) {
		char params[SCEN_PARAMS_MAX * (KEY_MAX + VAL_MAX + 1) + 16];
		size_t len = 0;

		fprintf(f, "%-*s", w, l->v[i].name);
		print_wrapped(f, l->v[i].desc, w, w);
		len += snprintf(params, sizeof(params), "takes:");
		for (j = 0; j < l->v[i].nparams; j++)
			len += snprintf(params + len, sizeof(params) - len, " %s=%s",
					l->v[i].params[j].key, l->v[i].params[j].val);
		if (!l->v[i].nparams)
			snprintf(params + len, sizeof(params) - len, " no parameters");
		fprintf(f, "%*s", w, "");
		print_wrapped(f, params, w, w + 6);
	}
}

/* ---- status ------------------------------------------------------------- */

void print_status(FILE *f, enum out_format fmt, const struct status *st)
{
	int running = st->state == STATE_RUNNING;

	switch (fmt) {
	case FMT_JSON:
		fputs("{\"state\": ", f);
		json_string(f, st->state_name);
		if (running) {
			fputs(", \"scenario\": ", f);
			json_string(f, st->scenario);
			fprintf(f, ", \"elapsed_ms\": %llu, \"done\": %llu, \"total\": %llu",
				st->elapsed_ms, st->done, st->total);
		}
		fputs("}\n", f);
		return;
	case FMT_CSV:
		fputs("state,scenario,elapsed_ms,done,total\n", f);
		csv_field(f, st->state_name);
		if (running)
			fprintf(f, ",%s,%llu,%llu,%llu\n", st->scenario, st->elapsed_ms,
				st->done, st->total);
		else
			fputs(",,,,\n", f);
		return;
	case FMT_TABLE:
		break;
	}
	if (!running) {
		fprintf(f, "%s\n", st->state_name);
		return;
	}
	fprintf(f, "running %s: %llu of %llu done", st->scenario, st->done, st->total);
	if (st->total)
		fprintf(f, " (%llu%%)",
			(st->done >= st->total ? st->total : st->done) * 100 / st->total);
	fprintf(f, ", %llu ms elapsed\n", st->elapsed_ms);
}

/* ---- results ------------------------------------------------------------ */

static void json_result(FILE *f, const struct result *r)
{
	int i;

	fputs("{\"scenario\": ", f);
	json_string(f, r->scenario);
	fprintf(f, ", \"threads\": %llu, \"iters\": %llu, \"cpu\": ", r->threads, r->iters);
	json_string(f, r->cpu);
	fprintf(f, ", \"expected\": %llu, \"actual\": %llu, \"lost\": %lld, \"verdict\": ",
		r->expected, r->actual, r->lost);
	json_string(f, r->verdict);
	fprintf(f, ", \"elapsed_ns\": %llu, \"ns_per_op\": %llu, \"cpu_ns\": %llu"
		", \"nvcsw\": %llu, \"nivcsw\": %llu",
		r->elapsed_ns, r->ns_per_op, r->cpu_ns, r->nvcsw, r->nivcsw);
	for (i = 0; i < r->nextra; i++) {
		fputs(", ", f);
		json_string(f, r->extra[i].key);
		fputs(": ", f);
		json_value(f, r->extra[i].val);
	}
	fputc('}', f);
}

static const char csv_header[] =
	"scenario,threads,iters,cpu,expected,actual,lost,verdict,"
	"elapsed_ns,ns_per_op,cpu_ns,nvcsw,nivcsw,extra\n";

static void csv_result(FILE *f, const struct result *r)
{
	int i;

	fprintf(f, "%s,%llu,%llu,%s,%llu,%llu,%lld,%s,%llu,%llu,%llu,%llu,%llu,",
		r->scenario, r->threads, r->iters, r->cpu, r->expected, r->actual,
		r->lost, r->verdict, r->elapsed_ns, r->ns_per_op, r->cpu_ns,
		r->nvcsw, r->nivcsw);
	for (i = 0; i < r->nextra; i++)
		fprintf(f, "%s%s=%s", i ? " " : "", r->extra[i].key, r->extra[i].val);
	fputc('\n', f);
}

void print_result(FILE *f, enum out_format fmt, const struct result *r)
{
	char buf[64];
	int i, w = 18;

	switch (fmt) {
	case FMT_JSON:
		json_result(f, r);
		fputc('\n', f);
		return;
	case FMT_CSV:
		fputs(csv_header, f);
		csv_result(f, r);
		return;
	case FMT_TABLE:
		break;
	}
	fprintf(f, "%s: %llu thread%s x %llu iteration%s, cpu=%s\n", r->scenario,
		r->threads, r->threads == 1 ? "" : "s", r->iters, r->iters == 1 ? "" : "s",
		r->cpu);
	for (i = 0; i < r->nextra; i++)
		if ((int)strlen(r->extra[i].key) + 1 > w)
			w = (int)strlen(r->extra[i].key) + 1;
	fprintf(f, "  %-*s%llu\n", w, "expected", r->expected);
	fprintf(f, "  %-*s%llu\n", w, "actual", r->actual);
	fprintf(f, "  %-*s%lld\n", w, "lost", r->lost);
	fprintf(f, "  %-*s%s: %s\n", w, "verdict", r->verdict, verdict_meaning(r->verdict));
	fmt_duration(buf, sizeof(buf), r->elapsed_ns);
	fprintf(f, "  %-*s%s\n", w, "elapsed", buf);
	fprintf(f, "  %-*s%llu\n", w, "ns/op", r->ns_per_op);
	fmt_duration(buf, sizeof(buf), r->cpu_ns);
	fprintf(f, "  %-*s%s\n", w, "CPU time", buf);
	fprintf(f, "  %-*s%llu voluntary, %llu involuntary\n", w, "context switches",
		r->nvcsw, r->nivcsw);
	for (i = 0; i < r->nextra; i++)
		fprintf(f, "  %-*s%s\n", w, r->extra[i].key, r->extra[i].val);
}

/* The comparison table: one row per result, columns sized to fit. */
enum {
	C_SCENARIO, C_THREADS, C_EXPECTED, C_ACTUAL, C_LOST, C_VERDICT,
	C_TIME, C_NSOP, C_CPU, C_NVCSW, C_NIVCSW, C_NR,
};

static const char *const col_name[C_NR] = {
	"scenario", "thr", "expected", "actual", "lost", "verdict",
	"time_ms", "ns/op", "cpu_ms", "nvcsw", "nivcsw",
};

#define CELL_MAX	80

/* Rounded to the nearest millisecond, without overflowing near 2^64. */
static unsigned long long ns_to_ms(unsigned long long ns)
{
	return ns / 1000000 + (ns % 1000000 >= 500000);
}

static unsigned long long cell_int(const struct result *r, int c)
{
	switch (c) {
	case C_THREADS:	return r->threads;
	case C_EXPECTED: return r->expected;
	case C_ACTUAL:	return r->actual;
	case C_LOST:	return r->lost < 0 ? -(unsigned long long)r->lost
					   : (unsigned long long)r->lost;
	case C_TIME:	return ns_to_ms(r->elapsed_ns);
	case C_NSOP:	return r->ns_per_op;
	case C_CPU:	return ns_to_ms(r->cpu_ns);
	case C_NVCSW:	return r->nvcsw;
	case C_NIVCSW:	return r->nivcsw;
	}
	return 0;
}

static int is_num_col(int c)
{
	return c != C_SCENARIO && c != C_VERDICT;
}

/* Compact cells round: milliseconds lose their decimal, counts their digits. */
static void fill_cell(char *cell, const struct result *r, int c, int compact)
{
	int neg = c == C_LOST && r->lost < 0;

	switch (c) {
	case C_SCENARIO:
		snprintf(cell, CELL_MAX, "%s", r->scenario);
		return;
	case C_VERDICT:
		snprintf(cell, CELL_MAX, "%s", r->verdict);
		return;
	case C_TIME:
		if (!compact) {
			snprintf(cell, CELL_MAX, "%.1f", r->elapsed_ns / 1e6);
			return;
		}
		break;
	case C_CPU:
		if (!compact) {
			snprintf(cell, CELL_MAX, "%.1f", r->cpu_ns / 1e6);
			return;
		}
		break;
	}
	if (compact)
		fmt_compact(cell, CELL_MAX, cell_int(r, c), neg);
	else
		snprintf(cell, CELL_MAX, "%s%llu", neg ? "-" : "", cell_int(r, c));
}

static int table_width(const int *w)
{
	int c, sum = C_NR - 1;	/* one blank between columns */

	for (c = 0; c < C_NR; c++)
		sum += w[c];
	return sum;
}

static void col_widths(const struct result *v, int n, const int *compact, int *w)
{
	char cell[CELL_MAX];
	int c, i;

	for (c = 0; c < C_NR; c++) {
		w[c] = (int)strlen(col_name[c]);
		for (i = 0; i < n; i++) {
			fill_cell(cell, &v[i], c, compact[c]);
			if ((int)strlen(cell) > w[c])
				w[c] = (int)strlen(cell);
		}
	}
}

static void table_results(FILE *f, const struct result *v, int n)
{
	int compact[C_NR] = { 0 }, w[C_NR], c, i, any = 0;
	char cell[CELL_MAX];

	col_widths(v, n, compact, w);
	/* Too wide: round the integer column that shrinks most, until it fits. */
	while (table_width(w) > TABLE_WIDTH) {
		int best = -1, gain = 0, trial[C_NR];

		for (c = 0; c < C_NR; c++) {
			if (!is_num_col(c) || compact[c])
				continue;
			compact[c] = 1;
			col_widths(v, n, compact, trial);
			compact[c] = 0;
			if (w[c] - trial[c] > gain) {
				gain = w[c] - trial[c];
				best = c;
			}
		}
		if (best < 0)
			break;		/* as narrow as it gets */
		compact[best] = 1;
		any = 1;
		col_widths(v, n, compact, w);
	}
	for (c = 0; c < C_NR; c++)
		fprintf(f, c == C_SCENARIO || c == C_VERDICT ? "%-*s%s" : "%*s%s", w[c],
			col_name[c], c == C_NR - 1 ? "\n" : " ");
	for (i = 0; i < n; i++) {
		for (c = 0; c < C_NR; c++) {
			fill_cell(cell, &v[i], c, compact[c]);
			if (c == C_NR - 1)
				fprintf(f, "%*s\n", w[c], cell);
			else if (c == C_SCENARIO || c == C_VERDICT)
				fprintf(f, "%-*s ", w[c], cell);
			else
				fprintf(f, "%*s ", w[c], cell);
		}
	}
	if (any)
		fputs("(k, M, G, T: 10^3, 10^6, 10^9, 10^12...; exact figures: --format csv)\n", f);
}

void print_results(FILE *f, enum out_format fmt, const struct result *v, int n)
{
	int i;

	switch (fmt) {
	case FMT_JSON:
		fputc('[', f);
		for (i = 0; i < n; i++) {
			fputs(i ? ",\n " : "\n ", f);
			json_result(f, &v[i]);
		}
		fputs(n ? "\n]\n" : "]\n", f);
		return;
	case FMT_CSV:
		fputs(csv_header, f);
		for (i = 0; i < n; i++)
			csv_result(f, &v[i]);
		return;
	case FMT_TABLE:
		break;
	}
	if (!n) {
		fputs("no results yet: run a scenario first (synclab run)\n", f);
		return;
	}
	table_results(f, v, n);
}
