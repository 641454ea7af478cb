// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the synclab tool's pure parts: the /proc parsers on valid,
 * truncated and garbled input, the output formats, the command builder,
 * the arithmetic and the reports of bench, and the SVG writer.
 *
 * Prints TAP ("ok N - what"), then its plan; exit status 0 when it ran to
 * its end. Run by tests/tool/run_tests.sh, which passes its lines on to be
 * counted (scripts/tap-count).
 * Built with AddressSanitizer by default, so a read past the end of a line
 * is a crash here, not a silent pass.
 *
 * Usage: unit_tests FIXTURES_DIR [OUT_DIR]
 * With OUT_DIR, the bench CSV and JSON and a chart are also written there
 * (bench.csv, bench.json, plot.svg) for run_tests.sh to read with python3.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "cmd.h"
#include "format.h"
#include "plot.h"
#include "procfiles.h"
#include "run.h"
#include "tool.h"
#include "trace.h"

static int test_no;
static const char *fixtures, *out_dir;

static void check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

#define CLASSIC "scenario=classic threads=5 iters=1 cpu=all expected=10 actual=6 lost=4 " \
	"verdict=race elapsed_ns=100412345 ns_per_op=20082469 cpu_ns=301234 nvcsw=9 " \
	"nivcsw=0 window_us=100000 overwrites=1"

/* A heap copy of the first @len bytes of @s: ASan sees any read past it. */
static char *dup_n(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * Joins the strings up to NULL into @buf of @size bytes, which must hold them:
 * a line longer than the source's 100 columns is written in parts.
 */
static const char *cat(char *buf, size_t size, ...)
{
	const char *part;
	size_t len = 0;
	va_list ap;

	buf[0] = '\0';
	va_start(ap, size);
	while ((part = va_arg(ap, const char *))) {
		size_t n = strlen(part);

		if (len + n >= size) {
			printf("Bail out! %s: %zu bytes are too few\n", __func__, size);
			exit(1);
		}
		memcpy(buf + len, part, n + 1);
		len += n;
	}
	va_end(ap);
	return buf;
}

static int result_of(const char *line, struct result *r)
{
	char err[160];
	char *copy = dup_n(line, strlen(line));
	int ret = parse_result_line(copy, r, err, sizeof(err));

	free(copy);
	return ret;
}

static int result_err(const char *line, const char *want)
{
	struct result r;
	char err[160] = "";
	char *copy = dup_n(line, strlen(line));
	int ret = parse_result_line(copy, &r, err, sizeof(err));

	free(copy);
	return ret == -EINVAL && strstr(err, want);
}

/* ---- results ------------------------------------------------------------ */

static void test_result_valid(void)
{
	struct result r;
	char line[256];

	memset(&r, 0xaa, sizeof(r));
	check(result_of(CLASSIC, &r) == 0, "result: the contract's classic line parses");
	check(!strcmp(r.scenario, "classic") && r.threads == 5 && r.iters == 1 &&
	      !strcmp(r.cpu, "all"), "result: scenario, threads, iters, cpu");
	check(r.expected == 10 && r.actual == 6 && r.lost == 4 && r.verdict == SYNCLAB_RACE,
	      "result: expected, actual, lost, verdict");
	check(r.elapsed_ns == 100412345ULL && r.ns_per_op == 20082469ULL &&
	      r.cpu_ns == 301234 && r.nvcsw == 9 && r.nivcsw == 0,
	      "result: elapsed_ns, ns_per_op, cpu_ns, nvcsw, nivcsw");
	check(r.nextra == 2 && !strcmp(r.extra[0].key, "window_us") &&
	      !strcmp(r.extra[0].val, "100000") && !strcmp(result_extra(&r, "overwrites"), "1"),
	      "result: the scenario's own keys are kept, in order");
	check(!result_extra(&r, "threads"), "result: common keys are not extras");

	cat(line, sizeof(line),
	    "nivcsw=0 nvcsw=9 cpu_ns=1 ns_per_op=2 elapsed_ns=3 verdict=ok lost=0 ",
	    "actual=4 expected=4 cpu=3 iters=1 threads=4 scenario=atomic", NULL);
	check(result_of(line, &r) == 0 && !strcmp(r.cpu, "3") && r.expected == 4,
	      "result: key order does not matter");
	cat(line, sizeof(line), "scenario=x threads=1 iters=1 cpu=all expected=1 actual=3 lost=-2 ",
	    "verdict=fail elapsed_ns=1 ns_per_op=1 cpu_ns=1 nvcsw=1 nivcsw=1", NULL);
	check(result_of(line, &r) == 0 && r.lost == -2,
	      "result: a negative lost (actual above expected) parses");
	cat(line, sizeof(line),
	    "scenario=x threads=1 iters=1 cpu=all expected=18446744073709551615 ",
	    "actual=1 lost=0 verdict=ok elapsed_ns=1 ns_per_op=1 cpu_ns=1 nvcsw=1 ",
	    "nivcsw=1", NULL);
	check(result_of(line, &r) == 0 && r.expected == 18446744073709551615ULL,
	      "result: 2^64-1 is the largest number accepted");
	cat(line, sizeof(line),
	    "scenario=x  threads=1\titers=1 cpu=all expected=1 actual=1 lost=0 ",
	    "verdict=ok elapsed_ns=1 ns_per_op=1 cpu_ns=1 nvcsw=1 nivcsw=1 ", NULL);
	check(result_of(line, &r) == 0,
	      "result: runs of blanks and a trailing blank are accepted");
}

static void test_result_truncated(void)
{
	size_t full = strlen(CLASSIC), last_common = strstr(CLASSIC, "nivcsw=0") - CLASSIC + 8;
	size_t len, bad = 0, ok_after = 0;
	struct result r;

	/* Every prefix is parsed from an exact-size heap buffer. */
	for (len = 0; len < last_common; len++) {
		char *p = dup_n(CLASSIC, len);
		char err[160];

		if (parse_result_line(p, &r, err, sizeof(err)) != -EINVAL)
			bad++;
		free(p);
	}
	check(!bad, "result: each of the %zu truncations before the last common key fails",
	      last_common);
	for (len = last_common; len <= full; len++) {
		char *p = dup_n(CLASSIC, len);
		char err[160];

		if (parse_result_line(p, &r, err, sizeof(err)) == 0)
			ok_after++;
		free(p);
	}
	check(ok_after > 0 && ok_after < full - last_common + 1,
	      "result: truncations inside the extra keys fail unless they end on a value");
	check(result_err("scenario=classic threads=5 iters=1 cpu=all expected=10 act",
			 "is not key=value"), "result: a line cut inside a key says so");
	check(result_err(CLASSIC " overwr=", "is not key=value"),
	      "result: a key with an empty value is refused");
	check(result_err("", "missing key 'scenario'"), "result: an empty line is refused");
}

static void test_result_garbled(void)
{
	char line[512];
	unsigned int seed = 12345, i, j, crashes = 0;
	struct result r;

	check(result_err("scen\001ario=classic", "byte 0x01 at offset 4"),
	      "result: a control byte is refused, with its offset");
	check(result_err("scenario=cl\377assic", "byte 0xff"), "result: a high byte is refused");
	check(result_err(CLASSIC " threads=5", "threads given twice"),
	      "result: a key given twice is refused");
	check(result_err(CLASSIC " overwrites=2", "overwrites given twice"),
	      "result: an extra key given twice is refused");
	cat(line, sizeof(line), "scenario=classic threads=5 iters=1 cpu=all expected=10 actual=6 ",
	    "lost=4 verdict=maybe elapsed_ns=1 ns_per_op=1 cpu_ns=1 nvcsw=1 nivcsw=1", NULL);
	check(result_err(line, "unknown verdict"), "result: an unknown verdict is refused");
	check(result_err("scenario=x threads=5x", "threads=5x is not a number"),
	      "result: a non-number is refused");
	check(result_err("scenario=x threads=-5", "threads=-5 is not a number"),
	      "result: a negative count is refused");
	check(result_err("scenario=x expected=18446744073709551616", "too large"),
	      "result: 2^64 is too large");
	check(result_err("scenario=x elapsed_ns=99999999999999999999999", "too large"),
	      "result: a huge number is too large");
	check(result_err("scenario=x lost=-", "not a number"), "result: lost=- is refused");
	check(result_err("scenario=x cpu=any", "neither a number nor 'all'"),
	      "result: cpu must be a number or all");
	check(result_err("scenario=Classic", "bad scenario name"),
	      "result: an upper-case scenario name is refused");
	check(result_err("scenario=x =5", "is not key=value"), "result: an empty key is refused");
	check(result_err(CLASSIC " Bad-Key=1", "bad key"),
	      "result: a key with odd characters is refused");
	memset(line, 'a', sizeof(line));
	memcpy(line, CLASSIC " x=", strlen(CLASSIC " x="));
	line[sizeof(line) - 1] = '\0';
	check(result_err(line, "too long"), "result: an overlong value is refused");

	/* Random bytes and random splices: never a crash (ASan watches). */
	for (i = 0; i < 5000; i++) {
		size_t len = (seed = seed * 1103515245u + 12345u) % 300;
		char *p;

		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 4)
				line[j] = CLASSIC[(seed >> 8) % strlen(CLASSIC)];
			else
				line[j] = (char)((seed >> 12) % 255 + 1);
		}
		p = dup_n(line, len);
		{
			char err[160];
			int ret = parse_result_line(p, &r, err, sizeof(err));

			if (ret && (ret != -EINVAL || !err[0]))
				crashes++;
		}
		free(p);
	}
	check(!crashes, "result: 5000 garbled lines give -EINVAL and a reason, or parse");
}

/* ---- scenarios ---------------------------------------------------------- */

static void test_scenarios(void)
{
	struct scenario s;
	char err[160];

	check(parse_scenarios_line("classic\tthe textbook lost update: 5 threads\t"
				   "threads=5 window_us=100000 cpu=all", &s, err, sizeof(err)) == 0,
	      "scenarios: a valid line parses");
	check(!strcmp(s.name, "classic") &&
	      !strcmp(s.desc, "the textbook lost update: 5 threads") &&
	      s.nparams == 3 && !strcmp(s.params[1].key, "window_us") &&
	      !strcmp(s.params[1].val, "100000"), "scenarios: name, description, parameters");
	check(scenario_accepts(&s, "window_us") && scenario_accepts(&s, "cpu") &&
	      !scenario_accepts(&s, "iters"), "scenarios: accepted keys come from the third field");
	check(parse_scenarios_line("x\tno parameters\t", &s, err, sizeof(err)) == 0 &&
	      s.nparams == 0, "scenarios: an empty parameter field is no parameters");
	check(parse_scenarios_line("classic the textbook", &s, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "tab-separated"), "scenarios: spaces instead of tabs are refused");
	check(parse_scenarios_line("classic\tdesc", &s, err, sizeof(err)) == -EINVAL,
	      "scenarios: a line cut after the description is refused");
	check(parse_scenarios_line("atomic\td\tthreads=4 iters=1000000 cpu=all\tcounter", &s, err,
				   sizeof(err)) == 0 && s.counter && s.nparams == 3 &&
	      !strcmp(s.params[2].key, "cpu") && !strcmp(s.params[2].val, "all"),
	      "scenarios: a fourth field, the shape: counter");
	check(parse_scenarios_line("classic\td\tthreads=5 cpu=all\tprogram", &s, err,
				   sizeof(err)) == 0 && !s.counter && s.nparams == 2,
	      "scenarios: the shape program");
	check(parse_scenarios_line("sem-limit\td\tthreads=10 iters=1 limit=3", &s, err,
				   sizeof(err)) == 0 && s.counter &&
	      parse_scenarios_line("classic\td\tthreads=5", &s, err, sizeof(err)) == 0 &&
	      !s.counter,
	      "scenarios: without a shape (older module), a counter is what takes iters");
	check(parse_scenarios_line("classic\td\tthreads=5\textra", &s, err,
				   sizeof(err)) == -EINVAL &&
	      strstr(err, "unknown shape 'extra'"), "scenarios: an unknown shape is refused");
	check(parse_scenarios_line("classic\td\tthreads=5\tcounter\tx", &s, err, sizeof(err)) ==
	      -EINVAL, "scenarios: a fifth field is refused");
	check(parse_scenarios_line("Classic!\td\tthreads=5", &s, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "bad scenario name"), "scenarios: a bad name is refused");
	check(parse_scenarios_line("classic\td\tthreads", &s, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "not key=value"), "scenarios: a parameter without a default is refused");
	check(parse_scenarios_line("classic\td\tthreads=5 threads=6", &s, err, sizeof(err)) ==
	      -EINVAL, "scenarios: a parameter listed twice is refused");
	check(parse_scenarios_line("classic\td\xe9\tthreads=5", &s, err, sizeof(err)) == -EINVAL,
	      "scenarios: a high byte is refused");
}

/* ---- status ------------------------------------------------------------- */

static void test_status(void)
{
	struct status st;
	char err[160], line[128];

	check(parse_status("state=idle\n", &st, err, sizeof(err)) == 0 && st.state == STATE_IDLE,
	      "status: idle");
	check(parse_status("state=running scenario=race elapsed_ms=412 done=180224 total=400000",
			   &st, err, sizeof(err)) == 0 && st.state == STATE_RUNNING &&
	      !strcmp(st.scenario, "race") && st.elapsed_ms == 412 && st.done == 180224 &&
	      st.total == 400000, "status: running, with its progress");
	check(parse_status("state=running scenario=race done=5", &st, err, sizeof(err)) ==
	      -EINVAL && strstr(err, "missing key 'elapsed_ms'"),
	      "status: running without its progress is refused");
	check(parse_status("state=stopping", &st, err, sizeof(err)) == 0 &&
	      st.state == STATE_OTHER && !strcmp(st.state_name, "stopping"),
	      "status: an unknown state is kept by name");
	check(parse_status("state=idle future_key=1", &st, err, sizeof(err)) == 0,
	      "status: keys added later are ignored");
	check(parse_status("", &st, err, sizeof(err)) == -EINVAL, "status: empty is refused");
	check(parse_status("state=idle\nstate=idle\n", &st, err, sizeof(err)) == -EINVAL,
	      "status: two lines are refused");
	check(parse_status("\xfe\xff junk", &st, err, sizeof(err)) == -EINVAL,
	      "status: garbage is refused");
	cat(line, sizeof(line), "state=running scenario=race elapsed_ms=1 done=1 ",
	    "total=99999999999999999999", NULL);
	check(parse_status(line, &st, err, sizeof(err)) == -EINVAL && strstr(err, "too large"),
	      "status: a huge total is refused");
}

/* ---- trace -------------------------------------------------------------- */

static void test_trace_lines(void)
{
	struct trace_header h;
	struct trace_event ev;
	char err[160];

	check(parse_trace_header("# scenario=classic threads=5 events=10 dropped=0", &h, err,
				 sizeof(err)) == 0 && !strcmp(h.scenario, "classic") &&
	      h.threads == 5 && h.events == 10 && h.dropped == 0, "trace: the header parses");
	check(parse_trace_header("scenario=classic threads=5 events=10 dropped=0", &h, err,
				 sizeof(err)) == -EINVAL, "trace: a header without '#' is refused");
	check(parse_trace_header("# scenario=classic threads=5 ev", &h, err, sizeof(err)) ==
	      -EINVAL, "trace: a truncated header is refused");
	check(parse_trace_header("# scenario=classic threads=0 events=0 dropped=0", &h, err,
				 sizeof(err)) == -EINVAL, "trace: threads=0 is refused");

	check(parse_trace_line("ns=1200 thread=0 op=read value=0", &ev, err, sizeof(err)) == 0 &&
	      ev.ns == 1200 && ev.thread == 0 && !strcmp(ev.op, "read") && ev.value == 0 &&
	      !ev.has_was && !ev.noverwrote, "trace: a read event");
	check(parse_trace_line("ns=100106000 thread=3 op=write value=6 was=7 overwrote=4", &ev,
			       err, sizeof(err)) == 0 && ev.has_was && ev.was == 7 &&
	      ev.noverwrote == 1 && ev.overwrote[0] == 4, "trace: a write that overwrote T4");
	check(parse_trace_line("ns=1 thread=3 op=write value=6 was=7 overwrote=1,4,2", &ev, err,
			       sizeof(err)) == 0 && ev.noverwrote == 3 && ev.overwrote[1] == 4 &&
	      ev.overwrote[2] == 2, "trace: overwrote lists several threads");
	check(parse_trace_line("ns=1 thread=3 op=write value=6 overwrote=1,,4", &ev, err,
			       sizeof(err)) == -EINVAL, "trace: overwrote=1,,4 is refused");
	check(parse_trace_line("ns=1 thread=3 op=write value=6 overwrote=1,", &ev, err,
			       sizeof(err)) == -EINVAL, "trace: overwrote=1, is refused");
	{
		char line[2048];
		size_t len = snprintf(line, sizeof(line),
				      "ns=1 thread=300 op=write value=6 overwrote=");
		int i;

		for (i = 0; i < 255; i++)
			len += snprintf(line + len, sizeof(line) - len, "%s%d", i ? "," : "", i);
		check(parse_trace_line(line, &ev, err, sizeof(err)) == 0 && ev.noverwrote == 255 &&
		      ev.overwrote[254] == 254, "trace: a write may overwrite 255 other threads");
		len += snprintf(line + len, sizeof(line) - len, ",255,256");
		check(parse_trace_line(line, &ev, err, sizeof(err)) == -EINVAL,
		      "trace: an overwrote list beyond 256 threads is refused");
	}
	check(parse_trace_line("ns=1200 thread=0 op=read", &ev, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "missing key 'value'"), "trace: a truncated event is refused");
	check(parse_trace_line("ns=12x thread=0 op=read value=0", &ev, err, sizeof(err)) ==
	      -EINVAL, "trace: a garbled time is refused");
	check(parse_trace_line("ns=1 thread=0 op=READ! value=0", &ev, err, sizeof(err)) ==
	      -EINVAL, "trace: a garbled op is refused");
	check(parse_trace_line("ns=1 thread=99999 op=read value=0", &ev, err, sizeof(err)) ==
	      -EINVAL, "trace: an absurd thread number is refused");
	check(parse_trace_line("ns=1 thread=0 op=read value=0 cpu=1", &ev, err, sizeof(err)) == 0,
	      "trace: keys added later are ignored");
}

/* ---- whole files -------------------------------------------------------- */

static int load(const char *fixture, const char *file, struct text *t)
{
	char dir[1024];

	snprintf(dir, sizeof(dir), "%s/%s", fixtures, fixture);
	return proc_read(dir, file, t);
}

static void test_files(void)
{
	struct scenario_list sl;
	struct result_list rl;
	struct trace tr;
	struct text t;
	char err[160];
	int i, same = 1;

	check(load("all", "scenarios", &t) == 0 &&
	      scenarios_parse_text(&t, &sl, err, sizeof(err)) == 0 && sl.n >= 16,
	      "files: the recorded fixture lists the module's scenarios");
	text_free(&t);
	check(!strcmp(sl.v[0].name, "classic") && !strcmp(sl.v[sl.n - 1].name, "baseline") &&
	      scenario_find(&sl, "sem-limit") && !scenario_find(&sl, "nope"),
	      "files: scenarios keep the teaching order and can be found");
	check(load("all", "results", &t) == 0 &&
	      results_parse_text(&t, &rl, err, sizeof(err)) == 0 && rl.n == sl.n,
	      "files: the recorded fixture holds a result for each scenario");
	text_free(&t);
	for (i = 0; i < rl.n && i < sl.n; i++)
		same &= !strcmp(rl.v[i].scenario, sl.v[i].name);
	check(same && !strcmp(result_extra(result_find(&rl, "sem-limit"), "max_concurrent"), "3"),
	      "files: results are in scenario order, with their own keys");
	result_list_free(&rl);
	scenario_list_free(&sl);

	check(load("truncated", "results", &t) == 0 &&
	      results_parse_text(&t, &rl, err, sizeof(err)) == -EINVAL && strstr(err, "line 2"),
	      "files: a truncated results file is refused, naming the line");
	text_free(&t);
	check(load("garbled", "results", &t) == 0 &&
	      results_parse_text(&t, &rl, err, sizeof(err)) == -EINVAL,
	      "files: a garbled results file is refused");
	text_free(&t);
	check(load("nul", "results", &t) == -EINVAL, "files: a NUL byte is refused");
	check(load("empty", "results", &t) == 0 && t.nlines == 0 &&
	      results_parse_text(&t, &rl, err, sizeof(err)) == 0 && rl.n == 0,
	      "files: an empty results file is no results");
	text_free(&t);
	result_list_free(&rl);
	check(load("classic", "trace", &t) == 0 &&
	      trace_parse_text(&t, &tr, err, sizeof(err)) == 0 && tr.has_header && tr.n == 11 &&
	      tr.ev[10].thread == 3 && tr.ev[10].value == 6 && tr.ev[10].overwrote[0] == 4,
	      "files: the recorded classic trace parses: T3 writes 6 over T4's update");
	text_free(&t);
	trace_free(&tr);
	check(load("trace-garbled", "trace", &t) == 0 &&
	      trace_parse_text(&t, &tr, err, sizeof(err)) == -EINVAL,
	      "files: a garbled trace is refused");
	text_free(&t);
	check(load("empty", "trace", &t) == 0 &&
	      trace_parse_text(&t, &tr, err, sizeof(err)) == 0 && !tr.has_header,
	      "files: an empty trace is no trace yet");
	text_free(&t);
	check(load("no-such-fixture", "results", &t) == -ENOENT,
	      "files: a missing file is -ENOENT");

	{
		char *b = malloc(16);

		memcpy(b, "a\nbc", 4);
		check(text_split(&t, b, 4) == 0 && t.nlines == 2 && !strcmp(t.lines[1], "bc"),
		      "files: a last line without its newline is kept");
		text_free(&t);
	}
}

/* ---- formats ------------------------------------------------------------ */

/* Runs @print into memory; returns the text (to free). */
static char *capture(void (*print)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	print(f, arg);
	fclose(f);
	return buf;
}

static int max_line_width(const char *s)
{
	int w = 0, max = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			w = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80 && ++w > max)
			max = w;
	}
	return max;
}

static struct result_list fixture_results(const char *name)
{
	struct result_list rl = { 0, NULL };
	struct text t;
	char err[160];

	if (!load(name, "results", &t)) {
		results_parse_text(&t, &rl, err, sizeof(err));
		text_free(&t);
	}
	return rl;
}

static void print_table(FILE *f, const void *arg)
{
	const struct result_list *rl = arg;

	print_results(f, FMT_TABLE, rl->v, rl->n);
}

static void print_csv(FILE *f, const void *arg)
{
	const struct result_list *rl = arg;

	print_results(f, FMT_CSV, rl->v, rl->n);
}

static void print_one_json(FILE *f, const void *arg)
{
	print_result(f, FMT_JSON, arg);
}

static void print_detail(FILE *f, const void *arg)
{
	print_result(f, FMT_TABLE, arg);
}

static void print_json_str(FILE *f, const void *arg)
{
	json_string(f, arg);
}

static void print_csv_str(FILE *f, const void *arg)
{
	csv_field(f, arg);
}

static void print_trace_table(FILE *f, const void *arg)
{
	print_trace(f, FMT_TABLE, arg);
}

static void test_formats(void)
{
	static const char json_head[] =
		"{\"scenario\": \"classic\", \"threads\": 5, \"iters\": 1, \"cpu\": \"all\"";
	struct result_list rl = fixture_results("all"), big = fixture_results("big");
	struct result_list one = { 1, NULL };
	struct result classic;
	char buf[32], want[2][160], *s;

	result_of(CLASSIC, &classic);
	one.v = &classic;
	s = capture(print_table, &rl);
	check(max_line_width(s) <= 80 && strstr(s, "scenario") && strstr(s, "waitqueue"),
	      "table: the recorded results of every scenario fit 80 columns");
	free(s);
	s = capture(print_table, &one);
	check(!!strstr(s, "classic    5       10      6       4 race    100.4     - 0.00     9"),
	      "table: the classic row shows its figures aligned, no ns/op");
	free(s);
	s = capture(print_table, &big);
	check(big.n == 2 && max_line_width(s) <= 80 && strstr(s, "18.4E") && strstr(s, "25.6G"),
	      "table: 20-digit numbers are rounded to fit 80 columns");
	free(s);
	s = capture(print_csv, &one);
	cat(want[0], sizeof(want[0]),
	    "scenario,threads,iters,cpu,expected,actual,lost,verdict,elapsed_ns,",
	    "ns_per_op,cpu_ns,nvcsw,nivcsw,extra\n", NULL);
	cat(want[1], sizeof(want[1]),
	    "\nclassic,5,1,all,10,6,4,race,100412345,20082469,301234,9,0,",
	    "window_us=100000 overwrites=1\n", NULL);
	check(!strncmp(s, want[0], 94) && strstr(s, want[1]),
	      "csv: header, then the exact figures");
	free(s);
	s = capture(print_one_json, &classic);
	check(!strncmp(s, json_head, 60) && strstr(s, "\"overwrites\": 1}"),
	      "json: numbers are numbers, cpu a string, extras included");
	free(s);
	s = capture(print_detail, &classic);
	check(strstr(s, "classic: 5 threads, thread i adds i (window_us=100000 cpu=all)\n") &&
	      strstr(s, "  expected total      10\n") && strstr(s, "  missing             4") &&
	      strstr(s, "  verdict             race: 4 missing") &&
	      strstr(s, "  elapsed             100.412 ms") &&
	      strstr(s, "9 voluntary (slept), 0 involuntary") &&
	      strstr(s, "  overwriting writes  1: writes that replaced") && max_line_width(s) <= 80,
	      "detail: every figure of a run, labelled, extras last");
	check(!strstr(s, "ns/op") && !strstr(s, "window_us   ") && !strstr(s, "lost"),
	      "detail: no ns/op where there is no loop; parameters in the header; no 'lost'");
	cat(want[0], sizeof(want[0]), "CPU time            301.2 µs = 0.003 x the wall time: ",
	    "the threads mostly slept", NULL);
	check(!!strstr(s, want[0]), "detail: CPU time as a multiple of the wall time");
	check(!!strstr(s, "\nwhose update was overwritten: synclab trace\n"),
	      "detail: a traced run points to synclab trace");
	free(s);

	s = capture(print_json_str, "a\"b\\c\nd\te\x01");
	check(!strcmp(s, "\"a\\\"b\\\\c\\nd\\te\\u0001\""), "json: strings are escaped");
	free(s);
	check(json_is_number("0") && json_is_number("123") && json_is_number("-4") &&
	      !json_is_number("007") && !json_is_number("") && !json_is_number("1e5") &&
	      !json_is_number("all") && !json_is_number("-"), "json: what counts as a number");
	s = capture(print_csv_str, "a,\"b\"");
	check(!strcmp(s, "\"a,\"\"b\"\"\""), "csv: fields with commas and quotes are quoted");
	free(s);

	fmt_compact(buf, sizeof(buf), 99999, 0);
	check(!strcmp(buf, "99999"), "compact: exact below 100000");
	fmt_compact(buf, sizeof(buf), 20082469, 0);
	check(!strcmp(buf, "20.1M"), "compact: 20082469 is 20.1M");
	fmt_compact(buf, sizeof(buf), 400000, 1);
	check(!strcmp(buf, "-400k"), "compact: negative values keep their sign");
	fmt_compact(buf, sizeof(buf), 18446744073709551615ULL, 0);
	check(!strcmp(buf, "18.4E"), "compact: 2^64-1 is 18.4E");
	fmt_duration(buf, sizeof(buf), 100412345);
	check(!strcmp(buf, "100.412 ms"), "duration: 100412345 ns is 100.412 ms");
	fmt_duration(buf, sizeof(buf), 2500000000ULL);
	check(!strcmp(buf, "2.500 s"), "duration: seconds");
	result_list_free(&rl);
	result_list_free(&big);
}

/* The classic trace, with round times: the recorded one has the module's. */
static const char classic_trace[] =
	"# scenario=classic threads=5 events=11 dropped=0\n"
	"ns=1200 thread=0 op=read value=0\n"
	"ns=1850 thread=0 op=write value=0 was=0\n"
	"ns=2300 thread=1 op=read value=0\n"
	"ns=2900 thread=1 op=write value=1 was=0\n"
	"ns=3400 thread=2 op=read value=1\n"
	"ns=4000 thread=2 op=write value=3 was=1\n"
	"ns=5100 thread=3 op=read value=3\n"
	"ns=5300 thread=3 op=sleep value=100000\n"
	"ns=6100 thread=4 op=read value=3\n"
	"ns=6700 thread=4 op=write value=7 was=3\n"
	"ns=100106000 thread=3 op=write value=6 was=7 overwrote=4\n";

static int trace_of(const char *text, struct trace *tr)
{
	char err[160];
	struct text t;
	char *buf = malloc(strlen(text) + 1);

	memcpy(buf, text, strlen(text));
	if (text_split(&t, buf, strlen(text)))
		return -1;
	if (trace_parse_text(&t, tr, err, sizeof(err))) {
		text_free(&t);
		return -1;
	}
	text_free(&t);
	return 0;
}

static void test_trace_render(void)
{
	struct trace tr;
	struct text t;
	char err[160], buf[160], *s;

	trace_of(classic_trace, &tr);
	trace_event_text(buf, sizeof(buf), &tr.ev[7]);
	check(!strcmp(buf, "sleep 100ms"), "trace: a sleep of 100000 us reads 'sleep 100ms'");
	trace_event_text(buf, sizeof(buf), &tr.ev[6]);
	check(!strcmp(buf, "read 3"), "trace: a read reads 'read 3'");
	trace_event_note(buf, sizeof(buf), &tr.ev[10]);
	check(!strcmp(buf, "overwrote T4: total was 7"), "trace: the lost update is named");
	check(trace_overwritten_count(&tr) == 1 && trace_increment(&tr, 9) == 4,
	      "trace: one update overwritten, T4's +4");
	s = capture(print_trace_table, &tr);
	check(max_line_width(s) <= 80 && strstr(s, " T0 ") && strstr(s, " T4\n"),
	      "trace: one column per thread, within 80 columns");
	check(strstr(s, "   100106.0 ") && strstr(s, "write 6") &&
	      strstr(s, "1 update overwritten, of T4\n") && !strstr(s, "lost") &&
	      strstr(s, "T4's update (+4) was overwritten by T3 at t=100106.0 µs"),
	      "trace: time in µs and a summary naming whose update was lost");
	free(s);
	trace_free(&tr);

	load("trace-many", "trace", &t);
	trace_parse_text(&t, &tr, err, sizeof(err));
	text_free(&t);
	s = capture(print_trace_table, &tr);
	check(strstr(s, " thread 7: ") && strstr(s, " updates overwritten, of T") &&
	      strstr(s, "128 more were dropped") && max_line_width(s) <= 80,
	      "trace: more than 6 threads, one event per line");
	free(s);
	trace_free(&tr);
}

/*
 * Five clients, two permits, holds of about 10 ms: T0 and T1 enter, then T2
 * and T3 as they leave, then T4.  T2's entry is logged 2 µs after T0's leave
 * and T3's 3 µs after T1's: in the same wave.
 */
static const char sem_trace[] =
	"# scenario=sem-limit threads=5 events=10 dropped=0\n"
	"ns=1000 thread=0 op=enter value=1\n"
	"ns=1500 thread=1 op=enter value=2\n"
	"ns=10001000 thread=0 op=leave value=1\n"
	"ns=10003000 thread=2 op=enter value=2\n"
	"ns=10004000 thread=1 op=leave value=1\n"
	"ns=10007000 thread=3 op=enter value=2\n"
	"ns=20003000 thread=2 op=leave value=1\n"
	"ns=20005000 thread=4 op=enter value=2\n"
	"ns=20007000 thread=3 op=leave value=1\n"
	"ns=30005000 thread=4 op=leave value=0\n";

static void test_trace_waves(void)
{
	int wave[16], i, ok = 1;
	struct trace tr;
	char buf[64], *s;
	static const int want[] = { 0, 0, -1, 1, -1, 1, -1, 2, -1, -1 };

	trace_of(sem_trace, &tr);
	check(trace_is_admission(&tr) && trace_max_inside(&tr) == 2,
	      "trace waves: entries and leaves, at most 2 inside in the trace's order");
	check(trace_waves(&tr, wave) == 3, "trace waves: three waves (2, 2 and 1 clients)");
	for (i = 0; i < 10; i++)
		ok &= wave[i] == want[i];
	check(ok, "trace waves: each entry in its wave, the leaves in none");
	trace_event_text(buf, sizeof(buf), &tr.ev[3]);
	check(!strcmp(buf, "enter, 2 in"), "trace waves: an entry reads 'enter, 2 in'");
	s = capture(print_trace_table, &tr);
	check(strstr(s, "at most 2 inside at once") &&
	      strstr(s, "3 waves of entries: T0 T1 | T2 T3 | T4\n") &&
	      !strstr(s, "overwritten") && max_line_width(s) <= 80,
	      "trace waves: the summary names the most inside and the waves");
	free(s);
	trace_free(&tr);
	trace_of(classic_trace, &tr);
	check(!trace_is_admission(&tr), "trace waves: classic's trace is not an admission trace");
	trace_free(&tr);
}

/* ---- the command ---------------------------------------------------------- */

static void test_command(void)
{
	struct scenario s;
	struct run_opts o = { { NULL } };
	struct synclab_cmd c;
	char buf[SYNCLAB_CMD_MAX + 1], err[SYNCLAB_ERR_MAX];
	int len;

	parse_scenarios_line("classic\td\tthreads=5 window_us=100000 cpu=all", &s, err,
			     sizeof(err));
	o.val[SYNCLAB_P_THREADS] = "3";
	o.val[SYNCLAB_P_ITERS] = "7";
	o.val[SYNCLAB_P_CPU] = "all";
	len = build_run_command(buf, sizeof(buf), "classic", &o, &s);
	check(len > 0 && !strcmp(buf, "run classic threads=3 cpu=all"),
	      "command: only the keys the scenario takes");
	check(synclab_cmd_parse(buf, len, &c, err, sizeof(err)) == 0 && c.op == SYNCLAB_OP_RUN &&
	      c.val[SYNCLAB_P_THREADS] == 3 && c.val[SYNCLAB_P_CPU] == SYNCLAB_CPU_ALL,
	      "command: the shared parser accepts what we build");
	len = build_run_command(buf, sizeof(buf), "classic", &o, NULL);
	check(!strcmp(buf, "run classic threads=3 iters=7 cpu=all"),
	      "command: without a scenario, every key given");
	check(build_run_command(buf, 12, "classic", &o, NULL) == -1,
	      "command: too small a buffer is an error, not an overflow");
}

/* ---- bench: thread lists ------------------------------------------------------ */

static int list_is(const char *s, const char *want)
{
	unsigned int v[BENCH_THREADS_MAX];
	char err[160], got[1024] = "";
	size_t len = 0;
	int i, n = parse_thread_list(s, v, err, sizeof(err));

	for (i = 0; i < n; i++)
		len += snprintf(got + len, sizeof(got) - len, "%s%u", i ? "," : "", v[i]);
	return n >= 0 && !strcmp(got, want);
}

static int list_err(const char *s, const char *want)
{
	unsigned int v[BENCH_THREADS_MAX];
	char err[160] = "";
	char *copy = dup_n(s, strlen(s));
	int n = parse_thread_list(copy, v, err, sizeof(err));

	free(copy);
	return n == -1 && strstr(err, want);
}

static void test_thread_list(void)
{
	unsigned int v[BENCH_THREADS_MAX];
	char all[1200], err[160];
	size_t len = 0;
	int i;

	check(list_is("1,2,4,8", "1,2,4,8"), "threads: 1,2,4,8");
	check(list_is("8,1,4", "1,4,8"), "threads: measured in increasing order");
	check(list_is("1", "1") && list_is("256", "256") && list_is("007", "7"),
	      "threads: one count; 256 is the largest; decimal as the parser takes it");
	for (i = 256; i >= 1; i--)
		len += snprintf(all + len, sizeof(all) - len, "%d%s", i, i > 1 ? "," : "");
	check(parse_thread_list(all, v, err, sizeof(err)) == 256 && v[0] == 1 && v[255] == 256,
	      "threads: all 256 counts, from 256 down to 1, fit and come out sorted");
	check(list_err("", "needs a list"), "threads: an empty list is refused");
	check(list_err("0", "0 is out of range (1..256)"), "threads: 0 is refused");
	check(list_err("1,257", "257 is out of range (1..256)"), "threads: 257 is refused");
	check(list_err("99999999999999999999999", "out of range"),
	      "threads: a huge count is out of range, not wrapped");
	check(list_err("1,,2", "empty item in '1,,2'"), "threads: an empty item is refused");
	check(list_err(",1", "empty item") && list_err("1,", "empty item"),
	      "threads: a leading or trailing comma is refused");
	check(list_err("1, 2", "' 2' is not a decimal number"), "threads: blanks are refused");
	check(list_err("a", "'a' is not a decimal number") && list_err("-1", "not a decimal") &&
	      list_err("1.5", "not a decimal") && list_err("0x4", "not a decimal"),
	      "threads: non-numbers are refused");
	check(list_err("4,2,4", "4 listed twice"), "threads: a count given twice is refused");
}

static void test_repeat(void)
{
	char err[160];

	check(parse_repeat("3", err, sizeof(err)) == 3 &&
	      parse_repeat("1", err, sizeof(err)) == 1 &&
	      parse_repeat("100", err, sizeof(err)) == 100, "repeat: 1, 3 and 100");
	check(parse_repeat("0", err, sizeof(err)) == -1 && strstr(err, "out of range (1..100)"),
	      "repeat: 0 is refused");
	check(parse_repeat("101", err, sizeof(err)) == -1 && strstr(err, "out of range"),
	      "repeat: 101 is refused");
	check(parse_repeat("three", err, sizeof(err)) == -1 && strstr(err, "not a decimal") &&
	      parse_repeat("", err, sizeof(err)) == -1, "repeat: non-numbers are refused");
}

/* ---- bench: medians and rows ------------------------------------------------------ */

static int near(double a, double b)
{
	/* 1e-9 and 1e-12, written out */
	return fabs(a - b) <= 0.000000001 * (fabs(a) + fabs(b)) + 0.000000000001;
}

static void test_median(void)
{
	double odd[] = { 30, 10, 20 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };
	double same[] = { 5, 5, 5 }, spread[] = { 9, 1, 5, 100, 3 };

	check(near(stats_median(odd, 3), 20), "median: of 30, 10, 20 is 20");
	check(near(stats_median(even, 4), 2.5),
	      "median: of an even count, the mean of the middle two");
	check(near(stats_median(one, 1), 7) && near(stats_median(same, 3), 5),
	      "median: of one value, and of equal values");
	check(isnan(stats_median(NULL, 0)) && isnan(stats_min(NULL, 0)) &&
	      isnan(stats_max(NULL, 0)),
	      "median, min, max: of nothing, NAN");
	check(near(stats_min(spread, 5), 1) && near(stats_max(spread, 5), 100) &&
	      near(stats_median(spread, 5), 5),
	      "spread: min 1, max 100, median 5 (an outlier moves only the max)");
}

/* A results line of @scenario with the figures bench reads. */
static void sample_of(struct bench_sample *s, const char *scenario, unsigned int threads,
		      unsigned int iters, const char *verdict, unsigned long long elapsed_ns,
		      unsigned long long cpu_ns, unsigned int nvcsw, unsigned int nivcsw,
		      const char *extra)
{
	char line[512];
	struct result r;
	int len;

	len = snprintf(line, sizeof(line), "scenario=%s threads=%u iters=%u cpu=all expected=1 ",
		       scenario, threads, iters);
	len += snprintf(line + len, sizeof(line) - len,
			"actual=1 lost=0 verdict=%s elapsed_ns=%llu ns_per_op=1 cpu_ns=%llu ",
			verdict, elapsed_ns, cpu_ns);
	snprintf(line + len, sizeof(line) - len, "nvcsw=%u nivcsw=%u %s", nvcsw, nivcsw, extra);
	memset(&r, 0, sizeof(r));
	if (result_of(line, &r))
		printf("# %s: %s does not parse\n", __func__, line);
	bench_sample_from_result(&r, s);
}

static void test_aggregate(void)
{
	struct bench_sample v[5];
	struct bench_row row;

	/* 2 threads x 100 iterations: 200 operations per run. */
	sample_of(&v[0], "mutex", 2, 100, "ok", 1000, 4000, 3, 1, "");
	sample_of(&v[1], "mutex", 2, 100, "fail", 3000, 12000, 10, 10, "");
	sample_of(&v[2], "mutex", 2, 100, "ok", 2000, 6000, 1, 0, "");
	check(v[1].verdict == SYNCLAB_FAIL && v[0].elapsed_ns == 1000 && v[1].csw == 20 &&
	      !v[0].has_lockpair, "sample: the figures of a results line");
	bench_aggregate("mutex", 2, v, 3, &row);
	check(!strcmp(row.scenario, "mutex") && row.threads == 2 && row.iters == 100 &&
	      row.runs == 3 && row.measured == 3, "aggregate: scenario, threads, iters, runs");
	check(near(row.ns_op, 10) && near(row.ns_op_min, 5) && near(row.ns_op_max, 15),
	      "aggregate: ns/op median 10, min 5, max 15 (elapsed / (threads * iters))");
	check(near(row.ops_s, 1e8), "aggregate: throughput median 1e8 ops/s");
	check(near(row.cpu_ns_op, 30), "aggregate: CPU ns per op median 30");
	check(near(row.csw_op, 0.02), "aggregate: context switches per op median 0.02");
	check(row.verdict == SYNCLAB_FAIL && row.nworst == 1 && row.verdicts[0] == SYNCLAB_OK &&
	      row.verdicts[1] == SYNCLAB_FAIL,
	      "aggregate: a fail among the repeats is the row's verdict");
	check(isnan(row.lockpair_ns) && isnan(row.floor_x), "aggregate: no lockpair, no floor yet");

	/* A stopped run and one that measured no time are left out of the figures. */
	sample_of(&v[3], "mutex", 2, 100, "stopped", 100, 100, 0, 0, "");
	sample_of(&v[4], "mutex", 2, 100, "ok", 0, 0, 0, 0, "");
	bench_aggregate("mutex", 2, v, 5, &row);
	check(row.runs == 5 && row.measured == 3 && near(row.ns_op, 10) && near(row.ns_op_min, 5),
	      "aggregate: stopped and zero-time runs count as runs, not in the figures");
	check(row.verdict == SYNCLAB_FAIL && row.nworst == 1,
	      "aggregate: fail is worse than stopped");
	bench_aggregate("mutex", 2, v + 3, 1, &row);
	check(row.runs == 1 && row.measured == 0 && isnan(row.ns_op) && isnan(row.ops_s) &&
	      row.verdict == SYNCLAB_STOPPED && row.nworst == 1,
	      "aggregate: only a stopped run: no figures, verdict stopped");

	/* The figures use the threads and iters the results line says were run. */
	sample_of(&v[0], "baseline", 4, 1000000, "ok", 4000000, 4000000, 2, 2,
		  "lockpair_ns=18");
	sample_of(&v[1], "baseline", 4, 1000000, "ok", 2000000, 4000000, 2, 2,
		  "lockpair_ns=20");
	sample_of(&v[2], "baseline", 4, 1000000, "race", 6000000, 4000000, 2, 2,
		  "lockpair_ns=x");
	bench_aggregate("baseline", 1, v, 3, &row);
	check(row.threads == 1 && row.iters == 1000000 && near(row.ns_op, 1) &&
	      near(row.ns_op_min, 0.5) && near(row.ns_op_max, 1.5) &&
	      near(row.csw_op, 0.000001),
	      "aggregate: 4 x 1000000 operations, as the results line says");
	check(near(row.lockpair_ns, 19), "aggregate: lockpair_ns median of the valid ones");
	check(row.verdict == SYNCLAB_RACE && row.nworst == 1,
	      "aggregate: race is worse than ok");
	check(verdict_parse("ok", 2) == SYNCLAB_OK &&
	      verdict_parse("stopped", 7) == SYNCLAB_STOPPED &&
	      verdict_parse("fail", 4) == SYNCLAB_FAIL &&
	      verdict_parse("race", 4) == SYNCLAB_RACE &&
	      verdict_parse("oks", 3) < 0 && verdict_parse("o", 1) < 0 &&
	      !strcmp(synclab_verdict_name(SYNCLAB_FAIL), "fail") &&
	      !strcmp(synclab_verdict_name(SYNCLAB_RACE), "race") &&
	      SYNCLAB_OK < SYNCLAB_RACE && SYNCLAB_RACE < SYNCLAB_STOPPED &&
	      SYNCLAB_STOPPED < SYNCLAB_FAIL,
	      "verdicts: names and order, the worst last");
}

/* Rows of two scenarios with known figures: ns/op 2 and 10 at 1 and 2 threads. */
static int sample_rows(struct bench_row *rows)
{
	static const char *const names[] = { "baseline", "mutex", "seqlock" };
	struct bench_sample v[3];
	int s, t, r, n = 0;

	for (s = 0; s < 3; s++) {
		for (t = 1; t <= 2; t++) {
			for (r = 0; r < 3; r++) {
				/* ns/op: 1, 2, 3 times 2 (baseline), 10 (mutex), 20 (seqlock) */
				unsigned long long per = (s == 0 ? 2 : s == 1 ? 10 : 20) * (r + 1);

				sample_of(&v[r], names[s], t, 1000,
					  s == 2 && r == 1 ? "fail" : "ok",
					  per * t * 1000, per * t * 1000 * 2, t, 0,
					  s == 0 ? "lockpair_ns=17" : "");
			}
			bench_aggregate(names[s], t, v, 3, &rows[n++]);
		}
	}
	return n;
}

static void test_floor(void)
{
	struct bench_row rows[8];
	int n = sample_rows(rows);

	bench_floor(rows, n);
	check(n == 6 && near(rows[0].floor_x, 1) && near(rows[1].floor_x, 1),
	      "floor: baseline is 1 x itself");
	check(near(rows[2].ns_op, 20) && near(rows[2].floor_x, 5) && near(rows[5].floor_x, 10),
	      "floor: mutex 5 x, seqlock 10 x baseline at the same thread count");
	/* Without baseline at that thread count: no ratio. */
	rows[1].threads = 8;
	bench_floor(rows, n);
	check(near(rows[2].floor_x, 5) && isnan(rows[3].floor_x) && near(rows[1].floor_x, 1),
	      "floor: none where baseline was not measured at that thread count");
	bench_floor(rows + 2, n - 2);
	check(isnan(rows[2].floor_x) && isnan(rows[4].floor_x), "floor: none without baseline");
}

/* Splits @line at commas into @f (no quoting: bench fields need none). */
static int split_csv(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (; *line && n < max; line++) {
		if (*line == ',') {
			*line = '\0';
			f[n++] = line + 1;
		}
	}
	return n;
}

static int csv_num_is(const char *field, double want)
{
	char *end;
	double d;

	if (isnan(want))
		return !*field;
	d = strtod(field, &end);
	/* Nine significant digits are printed. */
	return *field && !*end && fabs(d - want) <= 0.00000001 * fabs(want);	/* 1e-8 */
}

static void write_out(const char *name, const char *text)
{
	char path[1024];
	FILE *f;

	if (!out_dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", out_dir, name);
	f = fopen(path, "w");
	if (!f) {
		printf("# cannot write %s\n", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

struct bench_print {
	enum out_format fmt;
	const struct bench_row *rows;
	int n;
	struct bench_info info;
};

static void print_bench_to(FILE *f, const void *arg)
{
	const struct bench_print *p = arg;

	print_bench(f, p->fmt, p->rows, p->n, &p->info);
}

static void test_bench_csv(void)
{
	struct bench_row rows[8];
	struct bench_print p = { FMT_CSV, rows, 0, { "1000", 3, NULL, 0, NULL } };
	char *s, *line, *save = NULL, *fields[32], header[256];
	int nf, nrows = 0, good = 1, i;

	p.n = sample_rows(rows);
	bench_floor(rows, p.n);
	rows[2].ns_op_max = NAN;	/* a figure that could not be measured */
	s = capture(print_bench_to, &p);
	write_out("bench.csv", s);
	line = strtok_r(s, "\n", &save);
	cat(header, sizeof(header),
	    "scenario,threads,iters,runs,measured,ns_per_op,ns_per_op_min,",
	    "ns_per_op_max,ops_per_s,cpu_ns_per_op,csw_per_op,x_floor,lockpair_ns,",
	    "verdict,verdicts,kernel,cpus,cpu_model,synclab_version,date", NULL);
	check(line && !strcmp(line, header), "bench csv: the header");
	while ((line = strtok_r(NULL, "\n", &save))) {
		const struct bench_row *r = &rows[nrows];

		nf = split_csv(line, fields, 32);
		if (nrows >= p.n || nf != 20) {
			good = 0;
			break;
		}
		good &= !strcmp(fields[0], r->scenario) &&
			(unsigned int)atoi(fields[1]) == r->threads &&
			atoi(fields[2]) == 1000 && atoi(fields[3]) == 3 && atoi(fields[4]) == 3;
		good &= csv_num_is(fields[5], r->ns_op) && csv_num_is(fields[6], r->ns_op_min) &&
			csv_num_is(fields[7], r->ns_op_max) && csv_num_is(fields[8], r->ops_s) &&
			csv_num_is(fields[9], r->cpu_ns_op) && csv_num_is(fields[10], r->csw_op) &&
			csv_num_is(fields[11], r->floor_x) &&
			csv_num_is(fields[12], r->lockpair_ns);
		good &= !strcmp(fields[13], synclab_verdict_name(r->verdict));
		nrows++;
	}
	check(good && nrows == p.n,
	      "bench csv: re-read, one row per scenario and thread count, the same figures");
	free(s);
	s = capture(print_bench_to, &p);
	check(!!strstr(s, "\nmutex,1,1000,3,3,20,10,,50000000,"),
	      "bench csv: an unmeasured figure is an empty field");
	check(strstr(s, ",10,,fail,ok fail ok,,,,,\n") &&
	      strstr(s, cat(header, sizeof(header), ",1,17,ok,", "ok ", "ok ", "ok,,,,,\n", NULL)),
	      "bench csv: the worst verdict, then each repeat's");
	for (i = 0; s[i]; i++)
		good &= s[i] != '"' && !(s[i] == 'n' && s[i + 1] == 'a' && s[i + 2] == 'n');
	check(good, "bench csv: no quoting needed, no nan");
	free(s);
}

static void test_bench_json(void)
{
	struct bench_row rows[8];
	struct bench_print p = { FMT_JSON, rows, 0, { "1000", 3, NULL, 0, NULL } };
	char *s, want[256];

	p.n = sample_rows(rows);
	bench_floor(rows, p.n);
	rows[3].ops_s = NAN;
	s = capture(print_bench_to, &p);
	write_out("bench.json", s);
	cat(want, sizeof(want), "\n {\"scenario\": \"baseline\", \"threads\": 1, \"iters\": 1000, ",
	    "\"runs\": 3, \"measured\": 3, \"ns_per_op\": 4, ", NULL);
	check(s[0] == '[' && strstr(s, want),
	      "bench json: an array of objects, numbers as numbers");
	check(strstr(s, "\"ops_per_s\": null") && strstr(s, "\"lockpair_ns\": null") &&
	      !strstr(s, "nan") && !strstr(s, "inf"), "bench json: unmeasured figures are null");
	check(!!strstr(s, "\"verdict\": \"fail\", \"verdicts\": [\"ok\", \"fail\", \"ok\"]}"),
	      "bench json: the worst verdict, then each repeat's as an array");
	free(s);
	p.n = 0;
	s = capture(print_bench_to, &p);
	check(!strcmp(s, "[]\n"), "bench json: no rows is []");
	free(s);
}

static void test_bench_table(void)
{
	struct bench_row rows[8];
	struct bench_print p = { FMT_TABLE, rows, 0, { "1000", 3, "75", 0, NULL } };
	char *s, want[3][128];

	p.n = sample_rows(rows);
	bench_floor(rows, p.n);
	s = capture(print_bench_to, &p);
	write_out("bench.txt", s);
	check(max_line_width(s) <= 80 &&
	      strstr(s, "1000 iterations per thread, median of 3 runs, read_pct=75\n"),
	      "bench table: what was run, within 80 columns");
	cat(want[0], sizeof(want[0]), "\nscenario  thr  ns/op   min   max  ops/s",
	    "  cpu/op    csw/op  verdict   x floor\n", NULL);
	cat(want[1], sizeof(want[1]), "\nbaseline    1   4.00  2.00  6.00   250M",
	    "    8.00  1.00e-03  ok           1.00\n", NULL);
	cat(want[2], sizeof(want[2]), "\nseqlock     2   40.0  20.0  60.0  25.0M",
	    "    80.0  1.00e-03  fail 1/3     10.0\n", NULL);
	check(strstr(s, want[0]) && strstr(s, want[1]) && strstr(s, want[2]),
	      "bench table: aligned columns, three significant digits");
	check(!!strstr(s, "pair: 17.0 ns (baseline, 1 thread)"),
	      "bench table: the cost of a lock pair from baseline");
	free(s);

	snprintf(rows[0].scenario, sizeof(rows[0].scenario), "a-very-long-scenario-nm");
	rows[0].ns_op = NAN;
	rows[0].ops_s = NAN;
	rows[0].floor_x = NAN;
	rows[0].verdict = SYNCLAB_STOPPED;
	rows[0].nworst = 3;
	p.info.stopped = 1;
	s = capture(print_bench_to, &p);
	write_out("bench-long.txt", s);
	check(max_line_width(s) <= 80 && strstr(s, "\na-very-long-scenario-nm\n") &&
	      strstr(s, "\nStopped: only what was measured before Ctrl-C.\n"),
	      "bench table: a long name on its own line, still 80 columns");
	check(strstr(s, "  -  ") && strstr(s, "stopped ") && !strstr(s, "nan"),
	      "bench table: '-' for what was not measured");
	free(s);
	p.n = 0;
	s = capture(print_bench_to, &p);
	check(!!strstr(s, "nothing was measured"), "bench table: no rows");
	free(s);
}

/* ---- the SVG writer --------------------------------------------------------------- */

struct plot_arg {
	const struct plot *p;
	int ret;
};

static void plot_to(FILE *f, const void *arg)
{
	struct plot_arg *a = (struct plot_arg *)arg;

	a->ret = plot_svg(f, a->p);
}

static int count_of(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void test_plot(void)
{
	static const double x[] = { 1, 2, 4, 8 };
	static const double y1[] = { 1e6, 1.9e6, 3.5e6, 6e6 };
	static const double y2[] = { 2e6, 1.5e6, NAN, 0.5e6 };
	static const double y3[] = { 9e6, 9.3e6, 9.1e6, 8e6 };
	static const double ylog[] = { 1e9, 2e9, 4e9, 8e9 };
	struct plot_series s[4] = {
		{ "spinlock", 4, x, y1, NULL, NULL },
		{ "a<b & \"c\"", 4, x, y2, NULL, NULL },
		{ "mutex", 4, x, y3, NULL, NULL },
	};
	struct plot p = { "synclab bench: throughput", "threads", "operations per second", NULL,
			  3, s, 0 };
	struct plot_arg a = { &p, -1 };
	char buf[32], *svg;

	check(plot_tick_step(9.3e6, 5) == 2e6 && plot_tick_step(10, 5) == 2 &&
	      plot_tick_step(0.7, 5) == 0.2 && plot_tick_step(0, 5) == 1,
	      "plot: tick steps are 1, 2 or 5 times a power of ten");
	plot_si_label(buf, sizeof(buf), 0);
	check(!strcmp(buf, "0"), "plot: label 0");
	plot_si_label(buf, sizeof(buf), 750);
	check(!strcmp(buf, "750"), "plot: label 750");
	plot_si_label(buf, sizeof(buf), 500000);
	check(!strcmp(buf, "500k"), "plot: label 500k");
	plot_si_label(buf, sizeof(buf), 1.5e6);
	check(!strcmp(buf, "1.5M"), "plot: label 1.5M");
	plot_si_label(buf, sizeof(buf), 2e9);
	check(!strcmp(buf, "2G"), "plot: label 2G");

	svg = capture(plot_to, &a);
	write_out("plot.svg", svg);
	check(a.ret == 0 && !strncmp(svg, "<?xml", 5) && strstr(svg, "</svg>\n"),
	      "plot: a whole SVG document");
	check(count_of(svg, "<polyline") == 3 && count_of(svg, "class=\"legend\"") == 3,
	      "plot: one polyline and one legend entry per series");
	check(strstr(svg, ">spinlock</text>") && strstr(svg, ">mutex</text>") &&
	      strstr(svg, ">a&lt;b &amp; &quot;c&quot;</text>") && !strstr(svg, "a<b"),
	      "plot: legend names, escaped");
	check(strstr(svg, "stroke=\"#1f77b4\"") && strstr(svg, "stroke=\"#ff7f0e\"") &&
	      strstr(svg, "stroke=\"#2ca02c\""), "plot: a distinct color per series");
	check(strstr(svg, ">10M</text>") && strstr(svg, ">2M</text>") &&
	      strstr(svg, ">0</text>") &&
	      !strstr(svg, "log scale"), "plot: y ticks from 0 to 10M with k/M/G labels");
	check(strstr(svg, ">1</text>") && strstr(svg, ">8</text>") &&
	      strstr(svg, ">threads</text>") &&
	      strstr(svg, ">synclab bench: throughput</text>"),
	      "plot: x ticks at the thread counts, axis labels, title");
	check(count_of(svg, "class=\"marker\"") == 11 + 3 && !strstr(svg, "nan") &&
	      !strstr(svg, "inf"), "plot: a marker per measured point (and legend), none for NAN");
	check(count_of(svg, "<circle") == 4 + 1 && count_of(svg, "<rect class=\"marker\"") == 3 + 1,
	      "plot: each series its own marker shape: lines on top of each other told apart");
	free(svg);

	s[3] = (struct plot_series){ "baseline", 4, x, ylog, NULL, NULL };
	p.nseries = 4;
	svg = capture(plot_to, &a);
	check(a.ret == 0 && strstr(svg, "(log scale)") && strstr(svg, ">100k</text>") &&
	      strstr(svg, ">10G</text>") && count_of(svg, "<polyline") == 4,
	      "plot: figures a thousandfold apart on a log axis");
	free(svg);

	p.nseries = 0;
	svg = capture(plot_to, &a);
	check(a.ret == 0 && strstr(svg, "</svg>") && !strstr(svg, "<polyline"),
	      "plot: no series is still a document");
	free(svg);
}

/* ---- what the figures mean ------------------------------------------------- */

/* The result of @line (parsed), printed as a table into memory; to free. */
static char *detail_of(const char *line)
{
	struct result r;

	if (result_of(line, &r))
		return NULL;
	return capture(print_detail, &r);
}

static int verdict_is(const char *line, const char *want)
{
	struct result r;
	char buf[512];

	if (result_of(line, &r))
		return 0;
	verdict_text(buf, sizeof(buf), &r);
	if (!strstr(buf, want)) {
		printf("# verdict: '%s'\n# wanted:  '%s'\n", buf, want);
		return 0;
	}
	return 1;
}

#define COMMON(s, t, i, e, a, l, v) "scenario=" s " threads=" t " iters=" i " cpu=all " \
	"expected=" e " actual=" a " lost=" l " verdict=" v " elapsed_ns=1000000000 " \
	"ns_per_op=25 cpu_ns=3900000000 nvcsw=4 nivcsw=70 "

static void test_meaning(void)
{
	static const char spin[] = COMMON("spinlock", "4", "1000000", "4000000", "4000000", "0",
					  "ok") "hold_ns=0 contended=482113 spin_ns=210933457";
	static const char rw[] = COMMON("rwlock", "4", "1000000", "400839", "400839", "0", "ok")
		"read_pct=90 reads=3599161 writes=400839";
	static const char lim[] = COMMON("sem-limit", "10", "1", "10", "10", "0", "ok")
		"hold_us=10000 limit=3 max_concurrent=3 overrelease_caught=1 permits_after=3";
	static const char ev[] = COMMON("completion", "4", "2", "8", "8", "0", "ok")
		"delay_us=10000 early_wakeups=0 rounds=2 wake_max_ns=48211 wake_avg_ns=21007";
	static const char wq[] = COMMON("waitqueue", "4", "10000", "20000", "20000", "0", "ok")
		"limit=8 produced=20000 consumed=20000 duplicates=0 max_fill=8";
	static const char naive[] = COMMON("naive-spin", "4", "1000000", "4000000", "3998712",
					   "1288", "race") "spins=18345214";
	static const char racy[] = COMMON("race", "4", "1000000", "4000000", "2177341",
					  "1822659", "race") "window_us=0";
	static const char tmo[] = COMMON("race", "4", "100000000", "400000000", "9836396",
					 "390163604", "stopped")
		"window_us=0 stop_ns=194802 max_run_ms=300 stopped_by=max_run_ms";
	static const char old_stop[] = COMMON("race", "4", "1", "4", "2", "2", "stopped")
		"window_us=0";
	static const char lim_fail[] = COMMON("sem-limit", "10", "1", "10", "10", "0", "fail")
		"hold_us=10000 limit=3 max_concurrent=4 overrelease_caught=1 permits_after=3";
	static const char base[] = COMMON("baseline", "4", "1000000", "4000000", "4000000", "0",
					  "ok") "lockpair_ns=27";
	struct result r, v[3];
	char want[256], *t;

	result_of(spin, &r);
	check(result_kind(&r) == KIND_COUNTER && result_per_op(&r), "meaning: spinlock counts");
	result_of(rw, &r);
	check(result_kind(&r) == KIND_READ_MOSTLY && result_per_op(&r),
	      "meaning: rwlock counts writes, per operation");
	result_of(lim, &r);
	check(result_kind(&r) == KIND_LIMIT && !result_per_op(&r),
	      "meaning: sem-limit counts acquisitions, no ns/op");
	result_of(ev, &r);
	check(result_kind(&r) == KIND_EVENT && !result_per_op(&r),
	      "meaning: completion counts wakeups, no ns/op");
	result_of(wq, &r);
	check(result_kind(&r) == KIND_QUEUE && !result_per_op(&r),
	      "meaning: waitqueue counts items, no ns/op");
	result_of(CLASSIC, &r);
	check(result_kind(&r) == KIND_CLASSIC && !result_per_op(&r),
	      "meaning: classic has no loop: no ns/op");
	result_of(racy, &r);
	r.shape = SHAPE_PROGRAM;
	check(result_kind(&r) == KIND_PROGRAM && !result_per_op(&r),
	      "meaning: a scenario of shape program has no ns/op");

	check(verdict_is(lim, cat(want, sizeof(want), "ok: max_concurrent 3 <= limit 3, ",
				  "the over-release refused, 3 permits after", NULL)),
	      "verdict: sem-limit names its invariant");
	check(verdict_is(ev, cat(want, sizeof(want), "ok: no waiter passed before ",
				 "complete_all() (early wakeups 0), in each of 2 rounds", NULL)),
	      "verdict: completion names its invariant");
	check(verdict_is(wq, cat(want, sizeof(want), "ok: every item consumed exactly once ",
				 "(duplicates 0), max_fill 8 <= limit 8", NULL)),
	      "verdict: waitqueue names its invariant");
	check(verdict_is(rw, "ok: every write counted"), "verdict: rwlock names its invariant");
	check(verdict_is(spin, "ok: the total is exact: actual = expected"),
	      "verdict: a fix names its invariant");
	check(verdict_is(base, "the floor the others are compared to, not a lesson"),
	      "verdict: baseline is the floor, not a lesson");
	check(verdict_is(naive, cat(want, sizeof(want), "race: 1288 increments lost: the flag ",
				    "let two threads in at once, since its test and its set are ",
				    "two steps (broken synchronization: the lesson)", NULL)),
	      "verdict: naive-spin's is broken synchronization, not missing synchronization");
	check(verdict_is(racy, "(no synchronization: the lesson)") &&
	      verdict_is(racy, "1822659 increments lost"), "verdict: race's is no synchronization");
	check(verdict_is(tmo, "stopped by the time limit, max_run_ms=300, before finishing") &&
	      verdict_is(tmo, "sudo tee /sys/module/synclab/parameters/max_run_ms"),
	      "verdict: a run stopped by max_run_ms names the limit, its value and its file");
	check(verdict_is(old_stop, cat(want, sizeof(want), "stopped before finishing (by a stop, ",
				       "a signal or max_run_ms: /proc/synclab/last says which)",
				       NULL)),
	      "verdict: a module that does not say why it stopped");
	check(verdict_is(lim_fail, "fail: max_concurrent 4 > limit 3"),
	      "verdict: a fail names the invariant that broke");

	t = detail_of(rw);
	check(t && strstr(t, "rwlock: 4 threads x 1000000 operations (read_pct=90 cpu=all)\n") &&
	      strstr(t, cat(want, sizeof(want), "  writes expected     400839, of 4000000 ",
			    "operations: the reads change nothing\n", NULL)) &&
	      strstr(t, "  writes counted      400839\n"),
	      "detail: read-mostly expected and actual are labelled writes, of the operations");
	free(t);
	t = detail_of(spin);
	check(t && strstr(t, cat(want, sizeof(want), "  CPU time            3.900 s = 3.90 x ",
				 "the wall time: 3.9 threads busy at once\n", NULL)) &&
	      strstr(t, "  time spinning       210.933 ms, 5% of the CPU time") &&
	      !strstr(t, "210933457") && strstr(t, "  ns/op               25"),
	      "detail: CPU time over wall time, spin_ns humanised, ns/op for a loop");
	free(t);
	t = detail_of(ev);
	check(t && strstr(t, "completion: 4 waiters and a setter thread, 2 rounds") &&
	      strstr(t, "  wakeups expected    8\n") && !strstr(t, "missing") &&
	      !strstr(t, "iterations") && !strstr(t, "ns/op"),
	      "detail: completion shows rounds and wakeups, its setter, no 'missing'");
	free(t);
	t = detail_of(lim);
	check(t && strstr(t, cat(want, sizeof(want), "  over-release caught yes (1): a release ",
				 "beyond the permits taken was refused", NULL)) &&
	      strstr(t, "  most inside at once 3"),
	      "detail: the scenario's own figures are labelled");
	free(t);
	t = detail_of(tmo);
	check(t && strstr(t, "  time limit          300 ms") && max_line_width(t) <= 80,
	      "detail: a stopped run shows its limit, within 80 columns");
	free(t);

	result_of(racy, &v[0]);
	result_of(rw, &v[1]);
	result_of(base, &v[2]);
	{
		struct result_list rl = { 3, v };

		t = capture(print_table, &rl);
	}
	check(t && strstr(t, " missing ") && strstr(t, " 1822659 ") && strstr(t, " floor ") &&
	      strstr(t, "the writes only for rwlock") &&
	      strstr(t, "floor: baseline is not a lesson") && max_line_width(t) <= 80,
	      "table: missing exact, read-mostly rows labelled, baseline the floor");
	check(t && strstr(t, " busy ") && strstr(t, " 3.90 ") && !strstr(t, " lost "),
	      "table: the CPU time over the wall time");
	free(t);
}

/* ---- did you mean -------------------------------------------------------------- */

static int suggests(const char *word, const char *want)
{
	static const char *const names[] = {
		"classic", "race", "naive-spin", "atomic", "percpu", "spinlock", "mutex",
		"semaphore", "trylock", "rwlock", "rwsem", "seqlock", "sem-limit", "completion",
		"waitqueue", "baseline", NULL,
	};
	struct suggest sg;
	size_t i;

	suggest_init(&sg, word);
	for (i = 0; names[i]; i++)
		suggest_add(&sg, names[i]);
	if (strcmp(suggest_text(&sg, ""), want)) {
		printf("# '%s': '%s'\n", word, sg.text);
		return 0;
	}
	return 1;
}

static void test_suggest(void)
{
	check(name_distance("mutx", "mutex") == 1 && name_distance("Classic", "classic") == 0 &&
	      name_distance("sem_limit", "sem-limit") == 0 &&
	      name_distance("rwlcok", "rwlock") == 1,
	      "suggest: distance folds case and '_', counts a swap as one");
	check(suggests("mutx", ": did you mean 'mutex'?"), "suggest: mutx is mutex");
	check(suggests("Classic", ": did you mean 'classic'?"), "suggest: Classic is classic");
	check(suggests("sem_limit", ": did you mean 'sem-limit'?"),
	      "suggest: sem_limit is sem-limit");
	check(suggests("sem", ": did you mean 'semaphore' or 'sem-limit'?"),
	      "suggest: a prefix names every scenario it begins");
	check(suggests("frobnicate", ""), "suggest: nothing close, nothing said");
}

/* ---- busy ---------------------------------------------------------------------- */

static void test_busy(void)
{
	struct status st;
	char err[160], buf[300], want[300];

	parse_status("state=running scenario=race elapsed_ms=4120 done=1802240 total=4000000",
		     &st, err, sizeof(err));
	describe_busy(buf, sizeof(buf), &st);
	cat(want, sizeof(want), "another run is in progress: race, 45% done (1802240 of 4000000) ",
	    "after 4.1 s: wait for it, or stop it with 'sudo synclab stop'", NULL);
	check(!strcmp(buf, want),
	      "busy: names the run in progress and how far it is");
	describe_busy(buf, sizeof(buf), NULL);
	check(strstr(buf, "another run is in progress") && strstr(buf, "synclab stop"),
	      "busy: without a status, still the way out");
}

/* ---- the trace as a picture ------------------------------------------------------ */

struct svg_arg {
	const struct trace *tr;
	int ret;
};

static void svg_to(FILE *f, const void *arg)
{
	struct svg_arg *a = (struct svg_arg *)arg;

	a->ret = trace_svg(f, a->tr);
}

static void test_trace_svg(void)
{
	struct trace tr;
	struct svg_arg a = { &tr, -1 };
	char *svg;

	trace_of(classic_trace, &tr);
	svg = capture(svg_to, &a);
	write_out("trace.svg", svg);
	check(a.ret == 0 && !strncmp(svg, "<?xml", 5) && strstr(svg, "</svg>\n"),
	      "trace svg: a whole document");
	check(count_of(svg, "<g class=\"lane\"") == 5 && count_of(svg, "<g class=\"read\"") == 5 &&
	      count_of(svg, "<g class=\"write") == 5 && count_of(svg, "<g class=\"sleep\"") == 1,
	      "trace svg: a lane per thread, a mark per read, write and sleep");
	check(count_of(svg, "<g class=\"write overwritten\" data-thread=\"4\"") == 1 &&
	      count_of(svg, "class=\"overwrite\"") == 1 &&
	      strstr(svg, "T4's +4 overwritten by T3"),
	      "trace svg: T4's write drawn lost, one arrow to the write that replaced it");
	check(count_of(svg, "<g class=\"break\">") == 1 && strstr(svg, "100.1 ms later") &&
	      strstr(svg, ">100.1 ms</text>") && !strstr(svg, "nan"),
	      "trace svg: the 100 ms sleep cut out of the axis, labelled with its length");
	free(svg);
	trace_free(&tr);
}

int main(int argc, char **argv)
{
	fixtures = argc > 1 ? argv[1] : "tests/tool/fixtures";
	out_dir = argc > 2 ? argv[2] : NULL;
	test_result_valid();
	test_result_truncated();
	test_result_garbled();
	test_scenarios();
	test_status();
	test_trace_lines();
	test_trace_waves();
	test_files();
	test_formats();
	test_trace_render();
	test_command();
	test_thread_list();
	test_repeat();
	test_median();
	test_aggregate();
	test_floor();
	test_bench_csv();
	test_bench_json();
	test_bench_table();
	test_plot();
	test_meaning();
	test_suggest();
	test_busy();
	test_trace_svg();
	/* The plan; exit status 0 says the tests ran to their end. */
	printf("1..%d\n", test_no);
	return 0;
}
