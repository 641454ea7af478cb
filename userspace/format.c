// SPDX-License-Identifier: GPL-2.0
/*
 * Tables, JSON and CSV for the synclab tool.  Everything here writes to a
 * FILE * and looks at nothing else, so the tests can print into memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
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

/* ---- scenarios ---------------------------------------------------------- */

/* Columns of the first @len bytes of UTF-8 @s: bytes that do not continue a character. */
static int text_cols(const char *s, int len)
{
	int i, w = 0;

	for (i = 0; i < len && s[i]; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/* Bytes of @s that fill @cols columns at most. */
static int cols_bytes(const char *s, int cols)
{
	int i, w = 0;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (w++ == cols)
			break;
	}
	return i;
}

/* Prints @s word-wrapped to the columns [indent, TABLE_WIDTH). */
static void print_wrapped(FILE *f, const char *s, int col, int indent)
{
	while (*s) {
		int len = (int)strlen(s), cut;

		if (text_cols(s, len) <= TABLE_WIDTH - col) {
			fprintf(f, "%s\n", s);
			return;
		}
		for (cut = cols_bytes(s, TABLE_WIDTH - col); cut > 0 && s[cut] != ' '; cut--)
			;
		if (cut == 0)
			cut = cols_bytes(s, TABLE_WIDTH - col);	/* one word wider than the line */
		fprintf(f, "%.*s\n%*s", cut, s, indent, "");
		s += cut;
		while (*s == ' ')
			s++;
		col = indent;
	}
	fputc('\n', f);
}

void print_text(FILE *f, const char *s)
{
	print_wrapped(f, s, 0, 0);
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

/* ---- results: what the figures mean ------------------------------------- */

enum result_kind result_kind(const struct result *r)
{
	const char *memory = result_extra(r, "memory");

	if (memory)		/* synclab processes: forked processes, not threads */
		return strcmp(memory, "private") ? KIND_PROCESSES : KIND_PRIVATE;
	if (result_extra(r, "writes") && result_extra(r, "reads"))
		return KIND_READ_MOSTLY;
	if (result_extra(r, "max_concurrent"))
		return KIND_LIMIT;
	if (result_extra(r, "rounds"))
		return KIND_EVENT;
	if (result_extra(r, "produced"))
		return KIND_QUEUE;
	if (!strcmp(r->scenario, "classic"))
		return KIND_CLASSIC;
	if (r->shape == SHAPE_PROGRAM)
		return KIND_PROGRAM;
	return KIND_COUNTER;
}

/* The labels of expected and actual, and what they count, by kind. */
static const struct {
	const char *expected, *actual;
	const char *counts;	/* for the notes under the comparison table */
	int per_op;		/* a loop of operations: ns/op means something */
} kinds[] = {
	[KIND_COUNTER]		= { "expected total", "actual total", NULL, 1 },
	[KIND_CLASSIC]		= { "expected total", "actual total", NULL, 0 },
	[KIND_READ_MOSTLY]	= { "writes expected", "writes counted", "the writes only", 1 },
	[KIND_LIMIT]		= { "acquisitions due", "acquisitions done", "acquisitions", 0 },
	[KIND_EVENT]		= { "wakeups expected", "wakeups seen", "wakeups", 0 },
	[KIND_QUEUE]		= { "items expected", "items arrived", "items", 0 },
	[KIND_PROGRAM]		= { "expected", "actual", NULL, 0 },
	[KIND_PRIVATE]		= { "parent's expected", "parent's total", "the parent's own total",
				    1 },
	[KIND_PROCESSES]	= { "expected total", "actual total", NULL, 1 },
};

int result_per_op(const struct result *r)
{
	return kinds[result_kind(r)].per_op;
}

static int is_floor(const struct result *r)
{
	return !strcmp(r->scenario, "baseline");
}

static int is_param(const char *key)
{
	int p;

	for (p = 0; p < SYNCLAB_NR_PARAMS; p++)
		if (!strcmp(key, synclab_param_name[p]))
			return 1;
	return 0;
}

/* The value of @key, or @none. */
static const char *extra_or(const struct result *r, const char *key, const char *none)
{
	const char *v = result_extra(r, key);

	return v ? v : none;
}

static const char *plural(unsigned long long n)
{
	return n == 1 ? "" : "s";
}

/* "classic: 5 threads, thread i adds i (window_us=100000 cpu=all)" */
static void result_header(char *buf, size_t size, const struct result *r)
{
	/* "N threads x N increments": who runs, and what each does iters times. */
	static const struct {
		const char *who, *what;
	} loop[] = {
		[KIND_COUNTER]		= { "thread", "increment" },
		[KIND_READ_MOSTLY]	= { "thread", "operation" },
		[KIND_LIMIT]		= { "client", "acquisition" },
	};
	unsigned long long t = r->threads, n = r->iters, half = t / 2;
	enum result_kind k = result_kind(r);
	size_t len;
	int i;

	switch (k) {
	case KIND_COUNTER:
	case KIND_READ_MOSTLY:
	case KIND_LIMIT:
		len = snprintf(buf, size, "%s: %llu %s%s x %llu %s%s", r->scenario, t,
			       loop[k].who, plural(t), n, loop[k].what, plural(n));
		break;
	case KIND_CLASSIC:
		len = snprintf(buf, size, "%s: %llu thread%s, thread i adds i", r->scenario,
			       t, plural(t));
		break;
	case KIND_EVENT:
		len = snprintf(buf, size, "%s: %llu waiter%s and a setter thread, %llu round%s",
			       r->scenario, t, plural(t), n, plural(n));
		break;
	case KIND_QUEUE:
		len = snprintf(buf, size, "%s: %llu producer%s x %llu item%s, %llu consumer%s",
			       r->scenario, half, plural(half), n, plural(n), t - half,
			       plural(t - half));
		break;
	default:
		len = snprintf(buf, size, "%s: %llu thread%s", r->scenario, t, plural(t));
		break;
	}
	for (i = 0; i < r->nextra && len < size; i++)
		if (is_param(r->extra[i].key))
			len += snprintf(buf + len, size - len, "%s%s=%s", len && buf[len - 1] == ')' ?
					"" : i ? " " : " (", r->extra[i].key, r->extra[i].val);
	if (len < size)
		snprintf(buf + len, size - len, "%scpu=%s)", strchr(buf, '(') ? " " : " (", r->cpu);
}

/* The invariant that held, with its figures. */
/*
 * The invariants of the scenarios that name theirs by their own figures:
 * 1 when @r is one of them and @buf has its verdict.
 */
static int verdict_ok_own(char *buf, size_t size, const struct result *r)
{
	const char *v;

	if ((v = result_extra(r, "done_at_flush")))
		snprintf(buf, size, "ok: flush_workqueue() returned with every item run: "
			 "done_at_flush %s = queued %s (done before the flush: %s)", v,
			 extra_or(r, "queued", "?"), extra_or(r, "done_before_flush", "?"));
	else if ((v = result_extra(r, "early_returns")))
		snprintf(buf, size, "ok: the total is exact and the mutex free after the run, "
			 "through %s early returns from inside the guarded block", v);
	else if ((v = result_extra(r, "both_zero")))
		snprintf(buf, size, "ok: every trial had one outcome; r1 == r2 == 0 in %s of "
			 "them, which sequential consistency forbids and x86 allows", v);
	else if ((v = result_extra(r, "both_inside")) && strcmp(v, "0"))
		snprintf(buf, size, "ok: the total is exact, but both threads were inside at "
			 "once %s times (their increments happened not to overlap)", v);
	else if (v)
		snprintf(buf, size, "ok: the total is exact and the threads were never inside "
			 "together (both_inside 0)");
	else
		return 0;
	return 1;
}

static void verdict_ok(char *buf, size_t size, const struct result *r)
{
	const char *early = extra_or(r, "early_wakeups", extra_or(r, "early", "0"));

	switch (result_kind(r)) {
	case KIND_LIMIT:
		snprintf(buf, size, "ok: max_concurrent %s <= limit %s%s%s%s%s",
			 extra_or(r, "max_concurrent", "?"), extra_or(r, "limit", "?"),
			 result_extra(r, "overrelease_caught") ? ", the over-release refused" : "",
			 result_extra(r, "permits_after") ? ", " : "",
			 extra_or(r, "permits_after", ""),
			 result_extra(r, "permits_after") ? " permits after" : "");
		return;
	case KIND_EVENT:
		snprintf(buf, size, "ok: no waiter passed before %s (early wakeups %s), in "
			 "each of %s rounds", strcmp(r->scenario, "completion") ?
			 "the event was signalled" : "complete_all()", early,
			 extra_or(r, "rounds", "?"));
		return;
	case KIND_QUEUE:
		snprintf(buf, size, "ok: every item consumed exactly once (duplicates %s), "
			 "max_fill %s <= limit %s", extra_or(r, "duplicates", "0"),
			 extra_or(r, "max_fill", "?"), extra_or(r, "limit", "?"));
		return;
	case KIND_READ_MOSTLY:
		if (result_extra(r, "torn"))
			snprintf(buf, size, "ok: every write counted, and no reader saw a "
				 "half-done write (torn %s)", extra_or(r, "torn", "0"));
		else
			snprintf(buf, size, "ok: every write counted: writes counted = writes "
				 "expected");
		return;
	default:
		if (verdict_ok_own(buf, size, r))
			return;
		if (is_floor(r))
			snprintf(buf, size, "ok: exact, as it must be: nothing is shared (the "
				 "floor the others are compared to, not a lesson)");
		else
			snprintf(buf, size, "ok: the total is exact: actual = expected, no update "
				 "lost");
		return;
	}
}

/* The invariant that broke, with its figures. */
static void verdict_fail(char *buf, size_t size, const struct result *r)
{
	const char *max = result_extra(r, "max_concurrent"), *limit = result_extra(r, "limit");
	const char *v;

	if (max && limit && strtoull(max, NULL, 10) > strtoull(limit, NULL, 10))
		snprintf(buf, size, "fail: max_concurrent %s > limit %s: more clients inside "
			 "than permits", max, limit);
	else if ((v = result_extra(r, "overrelease_caught")) && !strcmp(v, "0"))
		snprintf(buf, size, "fail: a release beyond the permits taken was not refused");
	else if ((v = result_extra(r, "permits_after")) && limit && strcmp(v, limit))
		snprintf(buf, size, "fail: %s permits after the run, not limit %s", v, limit);
	else if (((v = result_extra(r, "early_wakeups")) || (v = result_extra(r, "early"))) &&
		 strcmp(v, "0"))
		snprintf(buf, size, "fail: %s waiter%s passed before complete_all()", v,
			 strcmp(v, "1") ? "s" : "");
	else if ((v = result_extra(r, "locked_after")) && strcmp(v, "0"))
		snprintf(buf, size, "fail: the mutex was still locked after the run: an error "
			 "path returned without unlocking it (bug=1), and %s steps were given up",
			 extra_or(r, "gave_up", "?"));
	else if ((v = result_extra(r, "done_at_flush")) &&
		 strcmp(v, extra_or(r, "queued", "?")))
		snprintf(buf, size, "fail: done_at_flush %s, not queued %s: flush_workqueue() "
			 "returned before every item ran, or an item was not queued", v,
			 extra_or(r, "queued", "?"));
	else if ((v = result_extra(r, "both_inside")) && strcmp(v, "0"))
		snprintf(buf, size, "fail: both threads were inside the lock at once %s times",
			 v);
	else if ((v = result_extra(r, "duplicates")) && strcmp(v, "0"))
		snprintf(buf, size, "fail: %s item%s consumed twice", v, strcmp(v, "1") ? "s" : "");
	else if ((v = result_extra(r, "torn")) && strcmp(v, "0"))
		snprintf(buf, size, "fail: %s read%s saw a half-done write", v,
			 strcmp(v, "1") ? "s" : "");
	else if (r->lost)
		snprintf(buf, size, "fail: %lld missing from the total (actual != expected), "
			 "where the primitive should prevent any loss", r->lost);
	else
		snprintf(buf, size, "fail: an invariant broke where it should have held");
}

static void verdict_stopped(char *buf, size_t size, const struct result *r)
{
	const char *by = result_extra(r, "stopped_by");

	if (!by)		/* a module that does not say */
		snprintf(buf, size, "stopped before finishing (by a stop, a signal or "
			 "max_run_ms: /proc/synclab/last says which): the figures are partial");
	else if (!strcmp(by, "max_run_ms"))
		snprintf(buf, size, "stopped by the time limit, max_run_ms=%s, before "
			 "finishing: the figures are partial. To allow longer runs: echo MS | "
			 "sudo tee /sys/module/synclab/parameters/max_run_ms",
			 extra_or(r, "max_run_ms", "?"));
	else if (!strcmp(by, "stop"))
		snprintf(buf, size, "stopped by a stop command (synclab stop) before "
			 "finishing: the figures are partial");
	else if (!strcmp(by, "signal"))
		snprintf(buf, size, "stopped by Ctrl-C (a signal to the run's writer) before "
			 "finishing: the figures are partial");
	else if (!strcmp(by, "rmmod"))
		snprintf(buf, size, "stopped by rmmod before finishing: the figures are partial");
	else
		snprintf(buf, size, "stopped (%s) before finishing: the figures are partial", by);
}

void verdict_text(char *buf, size_t size, const struct result *r)
{
	enum result_kind k = result_kind(r);

	if (r->verdict == SYNCLAB_OK) {
		verdict_ok(buf, size, r);
	} else if (r->verdict == SYNCLAB_FAIL) {
		verdict_fail(buf, size, r);
	} else if (r->verdict == SYNCLAB_STOPPED) {
		verdict_stopped(buf, size, r);
	} else if (!strcmp(r->scenario, "peterson")) {
		snprintf(buf, size, "race: %lld increment%s lost: both threads were inside at "
			 "once %s times, each CPU's flag store still in its store buffer when it "
			 "read the other's flag as 0 (the CPU reorders: the lesson)", r->lost,
			 plural(r->lost), extra_or(r, "both_inside", "?"));
	} else if (!strcmp(r->scenario, "naive-spin")) {
		snprintf(buf, size, "race: %lld increment%s lost: the flag let two threads in "
			 "at once, since its test and its set are two steps (broken "
			 "synchronization: the lesson)", r->lost, plural(r->lost));
	} else if (k == KIND_CLASSIC) {
		snprintf(buf, size, "race: %lld missing: a thread wrote back a total it had "
			 "read before another thread's write, and overwrote that update (no "
			 "synchronization: the lesson)", r->lost);
	} else if (k == KIND_COUNTER) {
		snprintf(buf, size, "race: %lld increment%s lost: threads read the same value "
			 "and wrote over each other's increments (no synchronization: the "
			 "lesson)", r->lost, plural(r->lost));
	} else {
		snprintf(buf, size, "race: %lld missing, where nothing synchronizes the "
			 "threads (the lesson)", r->lost);
	}
}

/* The scenario's own figures: a label, and what the number is. */
enum extra_unit { U_COUNT, U_NS, U_MS, U_TEXT, U_BOOL };

static const struct {
	const char *key, *label, *what;
	enum extra_unit unit;
} extra_words[] = {
	{ "overwrites", "overwriting writes", "writes that replaced another thread's "
	  "update", U_COUNT },
	{ "spins", "spins on the flag", "loop turns waiting for the flag to clear", U_COUNT },
	{ "contended", "contended", "acquisitions that found the lock taken", U_COUNT },
	{ "spin_ns", "time spinning", NULL, U_NS },
	{ "max_concurrent", "most inside at once", "clients holding a permit together",
	  U_COUNT },
	{ "overrelease_caught", "over-release caught", "a release beyond the permits "
	  "taken was refused", U_BOOL },
	{ "permits_after", "permits after", "free once every client had left", U_COUNT },
	{ "early_wakeups", "early wakeups", "waiters through before the signal", U_COUNT },
	{ "rounds", "rounds", "signal rounds completed, the second after "
	  "reinit_completion()", U_COUNT },
	{ "wake_max_ns", "wake-up latency max", "from complete_all() until a waiter ran",
	  U_NS },
	{ "wake_avg_ns", "wake-up latency avg", NULL, U_NS },
	{ "produced", "produced", "items put into the buffer", U_COUNT },
	{ "consumed", "consumed", "items taken out", U_COUNT },
	{ "duplicates", "duplicates", "items consumed twice", U_COUNT },
	{ "max_fill", "max fill", "most items in the buffer at once", U_COUNT },
	{ "trylock_ok", "trylock ok", "mutex_trylock() calls that got the lock", U_COUNT },
	{ "trylock_fail", "trylock failed", "calls that found it taken after all", U_COUNT },
	{ "locked_seen", "seen locked", "times mutex_is_locked() sent a thread to other "
	  "work", U_COUNT },
	{ "reads", "reads", "operations that only read", U_COUNT },
	{ "writes", "writes", "operations that incremented the counter", U_COUNT },
	{ "retries", "read retries", "reads done again because a write overlapped", U_COUNT },
	{ "torn", "torn reads", "reads that saw a half-done write", U_COUNT },
	{ "lockpair_ns", "lock+unlock pair", "an uncontended spin_lock/spin_unlock, timed "
	  "after the run", U_NS },
	{ "both_inside", "both inside", "entries that found the other thread inside the lock",
	  U_COUNT },
	{ "both_zero", "r1 == r2 == 0", "trials where both loads missed the other's store: "
	  "forbidden by sequential consistency", U_COUNT },
	{ "one_zero", "one of r1, r2 is 0", "trials where one thread went first", U_COUNT },
	{ "none_zero", "r1 == r2 == 1", "trials where both stores were seen", U_COUNT },
	{ "early_returns", "early returns", "returns from inside the guarded block", U_COUNT },
	{ "passes", "passes", "steps that went on past the early return", U_COUNT },
	{ "locked_after", "locked after", "1 if the mutex was still locked after the run "
	  "(must be 0)", U_COUNT },
	{ "gave_up", "given up", "steps not done: their lock was never released", U_COUNT },
	{ "queued", "queued", "items put on the workqueue with queue_work()", U_COUNT },
	{ "done_before_flush", "done before flush", "items run when the last one was queued",
	  U_COUNT },
	{ "done_at_flush", "done at flush", "items run when flush_workqueue() returned", U_COUNT },
	{ "max_running", "most running", "work items running at once (the workers)", U_COUNT },
	{ "stop_ns", "stop latency", "from the stop request to the end of the last "
	  "thread's work", U_NS },
	{ "max_run_ms", "time limit", "max_run_ms, the limit the run reached", U_MS },
	{ "stopped_by", "stopped by", NULL, U_TEXT },
};

#define LABEL_WIDTH	19
#define VALUE_COL	(2 + LABEL_WIDTH + 1)

static void item(FILE *f, const char *label, const char *text)
{
	int len = (int)strlen(label);

	fprintf(f, "  %-*s ", LABEL_WIDTH, label);
	print_wrapped(f, text, 2 + (len > LABEL_WIDTH ? len : LABEL_WIDTH) + 1, VALUE_COL);
}

static void extra_item(FILE *f, const struct result *r, const struct kv *kv)
{
	char text[256], d[32];
	unsigned long long v;
	size_t i;

	for (i = 0; i < sizeof(extra_words) / sizeof(extra_words[0]); i++)
		if (!strcmp(kv->key, extra_words[i].key))
			break;
	if (i == sizeof(extra_words) / sizeof(extra_words[0])) {
		item(f, kv->key, kv->val);	/* a figure this tool does not know */
		return;
	}
	v = strtoull(kv->val, NULL, 10);
	switch (extra_words[i].unit) {
	case U_NS:
		fmt_duration(d, sizeof(d), v);
		if (!strcmp(kv->key, "spin_ns") && r->cpu_ns)
			snprintf(text, sizeof(text), "%s, %.0f%% of the CPU time: waiters burning "
				 "their CPU", d, 100.0 * v / r->cpu_ns);
		else
			snprintf(text, sizeof(text), "%s%s%s", d, extra_words[i].what ? ": " : "",
				 extra_words[i].what ? extra_words[i].what : "");
		break;
	case U_MS:
		snprintf(text, sizeof(text), "%s ms: %s", kv->val, extra_words[i].what);
		break;
	case U_TEXT:
		snprintf(text, sizeof(text), "%s", kv->val);
		break;
	case U_BOOL:
		snprintf(text, sizeof(text), "%s (%s): %s%s", v ? "yes" : "no", kv->val,
			 v ? "" : "not: ", extra_words[i].what);
		break;
	default:
		snprintf(text, sizeof(text), "%s%s%s", kv->val, extra_words[i].what ? ": " : "",
			 extra_words[i].what ? extra_words[i].what : "");
		break;
	}
	item(f, extra_words[i].label, text);
}

/* "840.1 ms = 3.94 x the wall time: on average 3.9 threads on a CPU" */
static void cpu_text(char *buf, size_t size, const struct result *r)
{
	char d[32];
	double ratio;

	fmt_duration(d, sizeof(d), r->cpu_ns);
	if (!r->elapsed_ns) {
		snprintf(buf, size, "%s", d);
		return;
	}
	ratio = (double)r->cpu_ns / r->elapsed_ns;
	if (ratio < 0.5)
		snprintf(buf, size, "%s = %.2g x the wall time: the threads mostly slept", d,
			 ratio);
	else
		snprintf(buf, size, "%s = %.2f x the wall time: %.1f thread%s busy at once",
			 d, ratio, ratio, ratio < 1.05 ? "" : "s");
}

/* ---- results: the formats ----------------------------------------------- */

static void json_result(FILE *f, const struct result *r)
{
	int i;

	fputs("{\"scenario\": ", f);
	json_string(f, r->scenario);
	fprintf(f, ", \"threads\": %llu, \"iters\": %llu, \"cpu\": ", r->threads, r->iters);
	json_string(f, r->cpu);
	fprintf(f, ", \"expected\": %llu, \"actual\": %llu, \"lost\": %lld, \"verdict\": ",
		r->expected, r->actual, r->lost);
	json_string(f, synclab_verdict_name(r->verdict));
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
		r->lost, synclab_verdict_name(r->verdict), r->elapsed_ns, r->ns_per_op, r->cpu_ns,
		r->nvcsw, r->nivcsw);
	for (i = 0; i < r->nextra; i++)
		fprintf(f, "%s%s=%s", i ? " " : "", r->extra[i].key, r->extra[i].val);
	fputc('\n', f);
}

void print_result(FILE *f, enum out_format fmt, const struct result *r)
{
	enum result_kind k = result_kind(r);
	char buf[512];
	int i;

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
	result_header(buf, sizeof(buf), r);
	print_wrapped(f, buf, 0, 4);
	snprintf(buf, sizeof(buf), "%llu", r->expected);
	if (k == KIND_READ_MOSTLY)
		snprintf(buf, sizeof(buf), "%llu, of %llu operations: the reads change nothing",
			 r->expected, r->threads * r->iters);
	item(f, kinds[k].expected, buf);
	snprintf(buf, sizeof(buf), "%llu", r->actual);
	item(f, kinds[k].actual, buf);
	/* The event's waiters count wakeups: its invariant is elsewhere. */
	if (k != KIND_EVENT) {
		snprintf(buf, sizeof(buf), "%lld%s", r->lost, r->lost ? " (expected - actual)" : "");
		item(f, "missing", buf);
	}
	verdict_text(buf, sizeof(buf), r);
	item(f, "verdict", buf);
	fmt_duration(buf, sizeof(buf), r->elapsed_ns);
	item(f, "elapsed", buf);
	if (kinds[k].per_op) {
		snprintf(buf, sizeof(buf), "%llu (elapsed / operations done)", r->ns_per_op);
		item(f, "ns/op", buf);
	}
	cpu_text(buf, sizeof(buf), r);
	item(f, "CPU time", buf);
	snprintf(buf, sizeof(buf), "%llu voluntary (slept), %llu involuntary (preempted)",
		 r->nvcsw, r->nivcsw);
	item(f, "context switches", buf);
	for (i = 0; i < r->nextra; i++)
		if (!is_param(r->extra[i].key))
			extra_item(f, r, &r->extra[i]);
	/* The run wrote the trace: it shows the interleaving that lost the update. */
	if (result_extra(r, "overwrites"))
		fputs("\nwhose update was overwritten: synclab trace\n", f);
	else if (!strcmp(r->scenario, "sem-limit"))
		fputs("\nwho entered and left, wave by wave: synclab trace\n", f);
}

/* The comparison table: one row per result, columns sized to fit. */
enum {
	C_SCENARIO, C_THREADS, C_EXPECTED, C_ACTUAL, C_LOST, C_VERDICT,
	C_TIME, C_NSOP, C_CPU, C_NVCSW, C_NIVCSW, C_NR,
};

static const char *const col_name[C_NR] = {
	"scenario", "thr", "expected", "actual", "missing", "verdict",
	"ms", "ns/op", "busy", "nvcsw", "nivcsw",
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
	case C_NVCSW:	return r->nvcsw;
	case C_NIVCSW:	return r->nivcsw;
	}
	return 0;
}

/* The columns rounded together: expected, actual and missing, or none of them. */
static int col_group(int c)
{
	return c == C_ACTUAL || c == C_LOST ? C_EXPECTED : c;
}

static int is_compactable(int c)
{
	return c != C_SCENARIO && c != C_VERDICT && c != C_CPU;
}

static int is_floor_row(const struct result *r)
{
	return is_floor(r) && r->verdict == SYNCLAB_OK;
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
		snprintf(cell, CELL_MAX, "%s", is_floor_row(r) ? "floor" :
			 synclab_verdict_name(r->verdict));
		return;
	case C_TIME:
		if (!compact) {
			snprintf(cell, CELL_MAX, "%.1f", r->elapsed_ns / 1e6);
			return;
		}
		break;
	case C_NSOP:
		if (!result_per_op(r)) {
			snprintf(cell, CELL_MAX, "-");
			return;
		}
		break;
	case C_CPU:
		if (r->elapsed_ns)
			snprintf(cell, CELL_MAX, "%.2f", (double)r->cpu_ns / r->elapsed_ns);
		else
			snprintf(cell, CELL_MAX, "-");
		return;
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

static void set_group(int *compact, int g, int on)
{
	int c;

	for (c = 0; c < C_NR; c++)
		if (col_group(c) == g)
			compact[c] = on;
}

/* What the columns say, for the kinds of rows in the table. */
static void table_notes(FILE *f, const struct result *v, int n, int compacted)
{
	char notes[1024], counts[512] = "";
	size_t len = 0, cl = 0;
	int i, j, floor = 0, no_op = 0, listed, procs = 0;

	for (i = 0; i < n; i++) {
		enum result_kind k = result_kind(&v[i]);

		floor |= is_floor_row(&v[i]);
		procs |= k == KIND_PRIVATE || k == KIND_PROCESSES;
		no_op |= !kinds[k].per_op;
		if (!kinds[k].counts)
			continue;
		for (j = 0, listed = 0; j < i; j++)
			listed |= result_kind(&v[j]) == k;
		if (listed)
			continue;
		/* "the writes only for rwlock, rwsem, seqlock" */
		cl += snprintf(counts + cl, cl < sizeof(counts) ? sizeof(counts) - cl : 0,
			       "; %s for", kinds[k].counts);
		for (j = i; j < n && cl < sizeof(counts); j++)
			if (result_kind(&v[j]) == k)
				cl += snprintf(counts + cl, sizeof(counts) - cl, "%s %s",
					       j == i ? "" : ",", v[j].scenario);
	}
	len += snprintf(notes + len, sizeof(notes) - len,
			"expected, actual: the shared total%s; missing: expected - actual. "
			"ms: wall time. busy: CPU time / wall time, the threads%s running at "
			"once on average.", counts, procs ? " (processes)" : "");
	if (no_op && len < sizeof(notes))
		len += snprintf(notes + len, sizeof(notes) - len,
				" ns/op: for a loop of operations only.");
	if (floor && len < sizeof(notes))
		len += snprintf(notes + len, sizeof(notes) - len,
				" floor: baseline is not a lesson but the floor: the same loop "
				"with nothing shared.");
	if (compacted && len < sizeof(notes))
		snprintf(notes + len, sizeof(notes) - len,
			 " k, M, G, T: 10^3, 10^6, 10^9, 10^12...; exact figures: --format csv.");
	fputc('\n', f);
	print_wrapped(f, notes, 0, 0);
}

static void table_results(FILE *f, const struct result *v, int n)
{
	int compact[C_NR] = { 0 }, w[C_NR], c, i, any = 0;
	char cell[CELL_MAX];

	col_widths(v, n, compact, w);
	/* Too wide: round the integer columns that shrink most, until it fits. */
	while (table_width(w) > TABLE_WIDTH) {
		int best = -1, gain = 0, trial[C_NR], pass;

		/* The totals last: rounded, "missing" no longer says what was lost. */
		for (pass = 0; pass < 2 && best < 0; pass++) {
			for (c = 0; c < C_NR; c++) {
				if (!is_compactable(c) || col_group(c) != c || compact[c] ||
				    (c == C_EXPECTED) != pass)
					continue;
				set_group(compact, c, 1);
				col_widths(v, n, compact, trial);
				set_group(compact, c, 0);
				if (table_width(w) - table_width(trial) > gain) {
					gain = table_width(w) - table_width(trial);
					best = c;
				}
			}
		}
		if (best < 0)
			break;		/* as narrow as it gets */
		set_group(compact, best, 1);
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
	table_notes(f, v, n, any);
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
