// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering of /proc/synclab/trace as text: the lost update made visible
 * (tracesvg.c draws it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

#define TIME_WIDTH	11	/* the µs column, without its blank */
#define CELL_WIDTH_MAX	24

static void fmt_sleep(char *buf, size_t size, unsigned long long us)
{
	if (us >= 1000000ULL && us % 1000000ULL == 0)
		snprintf(buf, size, "%llus", us / 1000000ULL);
	else if (us >= 1000ULL && us % 1000ULL == 0)
		snprintf(buf, size, "%llums", us / 1000ULL);
	else if (us >= 1000ULL)
		snprintf(buf, size, "%.1fms", us / 1e3);
	else
		snprintf(buf, size, "%lluµs", us);
}

void trace_event_text(char *buf, size_t size, const struct trace_event *ev)
{
	char d[32];

	if (!strcmp(ev->op, "sleep")) {
		fmt_sleep(d, sizeof(d), ev->value);
		snprintf(buf, size, "sleep %s", d);
	} else if (!strcmp(ev->op, "enter") || !strcmp(ev->op, "leave")) {
		snprintf(buf, size, "%s, %llu in", ev->op, ev->value);
	} else {
		snprintf(buf, size, "%s %llu", ev->op, ev->value);
	}
}

void trace_event_note(char *buf, size_t size, const struct trace_event *ev)
{
	size_t len;
	int i;

	buf[0] = '\0';
	if (!ev->noverwrote)
		return;
	len = snprintf(buf, size, "overwrote ");
	for (i = 0; i < ev->noverwrote && len < size; i++)
		len += snprintf(buf + len, size - len, "%sT%u", i ? "," : "",
				ev->overwrote[i]);
	if (len < size && ev->has_was)
		snprintf(buf + len, size - len, ": total was %llu", ev->was);
}

/* The read write @w is based on: its thread's last read before it, or -1. */
static long base_read(const struct trace *tr, size_t w)
{
	size_t i;

	for (i = w; i-- > 0; )
		if (tr->ev[i].thread == tr->ev[w].thread && !strcmp(tr->ev[i].op, "read"))
			return (long)i;
	return -1;
}

int trace_overwritten(const struct trace *tr, long *by)
{
	size_t i, j;
	long r;
	int n = 0;

	for (i = 0; i < tr->n; i++)
		by[i] = -1;
	for (i = 0; i < tr->n; i++) {
		if (!tr->ev[i].noverwrote || (r = base_read(tr, i)) < 0)
			continue;
		/* Every other thread's write since its read: this write undid them. */
		for (j = (size_t)r + 1; j < i; j++) {
			if (by[j] >= 0 || tr->ev[j].thread == tr->ev[i].thread ||
			    strcmp(tr->ev[j].op, "write"))
				continue;
			by[j] = (long)i;
			n++;
		}
	}
	return n;
}

int trace_overwritten_count(const struct trace *tr)
{
	long *by = calloc(tr->n + 1, sizeof(*by));
	int n;

	if (!by)
		return -1;
	n = trace_overwritten(tr, by);
	free(by);
	return n;
}

/* What write @w added: its value minus the value its thread read; -1 if unknown. */
long long trace_increment(const struct trace *tr, size_t w)
{
	long r = base_read(tr, w);

	if (r < 0 || tr->ev[w].value < tr->ev[r].value)
		return -1;
	return (long long)(tr->ev[w].value - tr->ev[r].value);
}

int trace_is_admission(const struct trace *tr)
{
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (!strcmp(tr->ev[i].op, "enter"))
			return 1;
	return 0;
}

int trace_max_inside(const struct trace *tr)
{
	int inside = 0, max = 0;
	size_t i;

	for (i = 0; i < tr->n; i++) {
		if (!strcmp(tr->ev[i].op, "enter") && ++inside > max)
			max = inside;
		else if (!strcmp(tr->ev[i].op, "leave") && inside > 0)
			inside--;
	}
	return max;
}

/* The mean time from an entry to the same thread's next leave, in ns; 0 if none. */
static double mean_hold(const struct trace *tr)
{
	double sum = 0;
	size_t i, j, n = 0;

	for (i = 0; i < tr->n; i++) {
		if (strcmp(tr->ev[i].op, "enter"))
			continue;
		for (j = i + 1; j < tr->n; j++)
			if (tr->ev[j].thread == tr->ev[i].thread)
				break;
		if (j < tr->n && !strcmp(tr->ev[j].op, "leave") && tr->ev[j].ns >= tr->ev[i].ns) {
			sum += (double)(tr->ev[j].ns - tr->ev[i].ns);
			n++;
		}
	}
	return n ? sum / (double)n : 0;
}

int trace_waves(const struct trace *tr, int *wave)
{
	double gap = mean_hold(tr) / 2;
	unsigned long long prev = 0;
	int n = 0;
	size_t i;

	for (i = 0; i < tr->n; i++) {
		wave[i] = -1;
		if (strcmp(tr->ev[i].op, "enter"))
			continue;
		if (!n || (double)(tr->ev[i].ns - prev) > gap)
			n++;
		wave[i] = n - 1;
		prev = tr->ev[i].ns;
	}
	return n;
}

/* Display width of UTF-8 text: bytes that do not continue a character. */
static int text_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void pad(FILE *f, int n)
{
	while (n-- > 0)
		fputc(' ', f);
}

#define LOST_DETAILS_MAX	10

/* "at most 3 inside at once", and who entered in each wave: "T0 T1 T2 | T3 ..." */
static void print_admission_summary(FILE *f, const struct trace *tr)
{
	int *wave = calloc(tr->n + 1, sizeof(*wave));
	int waves, last = -1, col;
	char word[32];
	size_t i;

	if (!wave)
		return;
	waves = trace_waves(tr, wave);
	fprintf(f, "at most %d inside at once (enters and leaves counted in order)\n",
		trace_max_inside(tr));
	col = fprintf(f, "%d wave%s of entries:", waves, waves == 1 ? "" : "s");
	for (i = 0; i < tr->n; i++) {
		if (wave[i] < 0)
			continue;
		snprintf(word, sizeof(word), "%s T%u", wave[i] != last && last >= 0 ? " |" : "",
			 tr->ev[i].thread);
		last = wave[i];
		if (col + (int)strlen(word) > TABLE_WIDTH) {
			fputs("\n   ", f);
			col = 3;
		}
		col += fprintf(f, "%s", word);
	}
	fputc('\n', f);
	free(wave);
}

static void print_summary(FILE *f, const struct trace *tr)
{
	unsigned char named[65536 / 8] = { 0 };	/* threads already named */
	long *by = calloc(tr->n + 1, sizeof(*by));
	int lost, shown = 0, col;
	char word[32];
	size_t i;

	if (!by)
		return;
	lost = trace_overwritten(tr, by);
	if (trace_is_admission(tr)) {
		print_admission_summary(f, tr);
	} else if (!lost) {
		fputs("no update overwritten: every write built on the total before it\n", f);
	} else {
		/* Whose updates: each thread once, in the order of their writes. */
		col = fprintf(f, "%d update%s overwritten, of", lost, lost == 1 ? "" : "s");
		for (i = 0; i < tr->n; i++) {
			unsigned int t = tr->ev[i].thread;

			if (by[i] < 0 || (named[t / 8] & (1u << (t % 8))))
				continue;
			named[t / 8] |= 1u << (t % 8);
			snprintf(word, sizeof(word), "%sT%u", shown ? ", " : " ", t);
			if (col + (int)strlen(word) > TABLE_WIDTH) {
				fputs(",\n   ", f);
				snprintf(word, sizeof(word), " T%u", t);
				col = 3;
			}
			col += fprintf(f, "%s", word);
			shown++;
		}
		fputc('\n', f);
		shown = 0;
		for (i = 0; i < tr->n; i++) {
			const struct trace_event *w;
			long long inc;

			if (by[i] < 0 || shown++ >= LOST_DETAILS_MAX)
				continue;
			w = &tr->ev[by[i]];
			inc = trace_increment(tr, i);
			fprintf(f, "  T%u's update", tr->ev[i].thread);
			if (inc >= 0)
				fprintf(f, " (+%lld)", inc);
			fprintf(f, " was overwritten by T%u at t=%.1f µs\n", w->thread, w->ns / 1e3);
		}
		if (shown > LOST_DETAILS_MAX)
			fprintf(f, "  ... and %d more\n", shown - LOST_DETAILS_MAX);
	}
	if (tr->h.dropped)
		fprintf(f, "(the trace keeps the first %zu events: %llu more were dropped)\n",
			tr->n, tr->h.dropped);
	free(by);
}

static void print_lines(FILE *f, const struct trace *tr)
{
	char text[64], note[160];
	size_t i;

	for (i = 0; i < tr->n; i++) {
		trace_event_text(text, sizeof(text), &tr->ev[i]);
		trace_event_note(note, sizeof(note), &tr->ev[i]);
		fprintf(f, "t=%.1f µs thread %u: %s", tr->ev[i].ns / 1e3, tr->ev[i].thread,
			text);
		fprintf(f, *note ? " (%s)\n" : "%s\n", note);
	}
}

static void print_columns(FILE *f, const struct trace *tr)
{
	int nt = (int)tr->h.threads, cw, t;
	char text[64], note[160], head[16];
	size_t i;

	cw = (TABLE_WIDTH - TIME_WIDTH - 1) / nt;
	if (cw > CELL_WIDTH_MAX)
		cw = CELL_WIDTH_MAX;
	pad(f, TIME_WIDTH - 2);
	fputs("µs ", f);
	for (t = 0; t < nt; t++) {
		snprintf(head, sizeof(head), "T%d", t);
		fputs(head, f);
		if (t < nt - 1)
			pad(f, cw - (int)strlen(head));
	}
	fputc('\n', f);
	for (i = 0; i < tr->n; i++) {
		const struct trace_event *ev = &tr->ev[i];
		int col = TIME_WIDTH + 1 + (int)ev->thread * cw, len;

		trace_event_text(text, sizeof(text), ev);
		trace_event_note(note, sizeof(note), ev);
		fprintf(f, "%*.1f ", TIME_WIDTH, ev->ns / 1e3);
		pad(f, col - TIME_WIDTH - 1);
		fputs(text, f);
		if (!*note) {
			fputc('\n', f);
			continue;
		}
		len = text_width(text) + 3 + text_width(note);
		if (col + len <= TABLE_WIDTH) {
			fprintf(f, " (%s)\n", note);
			continue;
		}
		/* No room: the note goes under the event, kept inside 80 columns. */
		len = text_width(note) + 2;
		fputc('\n', f);
		pad(f, col + len <= TABLE_WIDTH ? col : TABLE_WIDTH - len);
		fprintf(f, "^ %s\n", note);
	}
}

static void json_trace(FILE *f, const struct trace *tr)
{
	int k, first = 1;
	size_t i;

	if (!tr->has_header) {
		fputs("{\"scenario\": null, \"threads\": 0, \"events\": 0, \"dropped\": 0"
		      ", \"trace\": [], \"overwritten\": []}\n", f);
		return;
	}
	fputs("{\"scenario\": ", f);
	json_string(f, tr->h.scenario);
	fprintf(f, ", \"threads\": %llu, \"events\": %llu, \"dropped\": %llu, \"trace\": [",
		tr->h.threads, tr->h.events, tr->h.dropped);
	for (i = 0; i < tr->n; i++) {
		const struct trace_event *ev = &tr->ev[i];

		fprintf(f, "%s\n  {\"ns\": %llu, \"thread\": %u, \"op\": ", i ? "," : "",
			ev->ns, ev->thread);
		json_string(f, ev->op);
		fprintf(f, ", \"value\": %llu", ev->value);
		if (ev->has_was)
			fprintf(f, ", \"was\": %llu", ev->was);
		if (ev->noverwrote) {
			fputs(", \"overwrote\": [", f);
			for (k = 0; k < ev->noverwrote; k++)
				fprintf(f, "%s%u", k ? ", " : "", ev->overwrote[k]);
			fputc(']', f);
		}
		fputc('}', f);
	}
	fputs(tr->n ? "\n ], \"overwritten\": [" : "], \"overwritten\": [", f);
	for (i = 0; i < tr->n; i++) {
		for (k = 0; k < tr->ev[i].noverwrote; k++) {
			fprintf(f, "%s{\"thread\": %u, \"overwritten_by\": %u, \"ns\": %llu}",
				first ? "" : ", ", tr->ev[i].overwrote[k], tr->ev[i].thread,
				tr->ev[i].ns);
			first = 0;
		}
	}
	fputs("]}\n", f);
}

static void csv_trace(FILE *f, const struct trace *tr)
{
	size_t i;
	int k;

	fputs("ns,thread,op,value,was,overwrote\n", f);
	for (i = 0; i < tr->n; i++) {
		const struct trace_event *ev = &tr->ev[i];

		fprintf(f, "%llu,%u,%s,%llu,", ev->ns, ev->thread, ev->op, ev->value);
		if (ev->has_was)
			fprintf(f, "%llu", ev->was);
		fputc(',', f);
		if (ev->noverwrote > 1)
			fputc('"', f);
		for (k = 0; k < ev->noverwrote; k++)
			fprintf(f, "%s%u", k ? "," : "", ev->overwrote[k]);
		if (ev->noverwrote > 1)
			fputc('"', f);
		fputc('\n', f);
	}
}

void print_trace(FILE *f, enum out_format fmt, const struct trace *tr)
{
	if (fmt == FMT_JSON) {
		json_trace(f, tr);
		return;
	}
	if (fmt == FMT_CSV) {
		csv_trace(f, tr);
		return;
	}
	if (!tr->has_header) {
		fputs("no trace yet: run classic, sem-limit, or race with --window-us\n", f);
		return;
	}
	fprintf(f, "%s: %llu thread%s, %zu events\n", tr->h.scenario, tr->h.threads,
		tr->h.threads == 1 ? "" : "s", tr->n);
	if (tr->h.threads <= TRACE_COLUMNS_MAX)
		print_columns(f, tr);
	else
		print_lines(f, tr);
	print_summary(f, tr);
}
