// SPDX-License-Identifier: GPL-2.0
/*
 * synclab - run the synchronization scenarios of the synclab kernel module
 * and show what happened (see synclab(1) and docs/proc-interface.md).
 *
 * This file parses the arguments and dispatches; the commands that only read
 * /proc/synclab live here too, since they are a load and a print each.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "format.h"
#include "processes.h"
#include "procfiles.h"
#include "run.h"
#include "tool.h"
#include "trace.h"

/* Every column starts at 2 + 21 k: the tests check it. */
static const char help_main[] =
"Usage: synclab [options] COMMAND [ARGS]\n"
"\n"
"Run the synchronization scenarios of the synclab kernel module.\n"
"\n"
"Commands:\n"
"  list                 the scenarios, with their descriptions and parameters\n"
"  run SCENARIO         run one scenario and print its result\n"
"  run --all            run every scenario in teaching order, then compare them\n"
"  bench [SCENARIO...]  cost per operation of each lock against thread counts\n"
"  results              compare the latest result of each scenario\n"
"  trace                the interleaving of the last traced run, as a timeline\n"
"  processes            threads against processes: forked processes count in\n"
"                       their own memory, then in a shared one; kthreads too\n"
"  status               idle, or the progress of the run in progress\n"
"  stop                 stop the run in progress\n"
"  reset                forget every result and the trace\n"
"  help [COMMAND]       this help, or a command's with what each option does\n"
"\n"
"Options of run, or key=value after the scenario (threads=2 window_us=100):\n";

/* After the options of run, which come from the table of run keys. */
static const char help_main_tail[] =
"Options of bench (also --threads LIST, --iters, --read-pct):\n"
"  --repeat R           runs of each scenario at each thread count (default 3)\n"
"  --plot FILE.svg      draw the throughput against the thread count\n"
"  -o, --output FILE    write the csv or json there; the table to stdout\n"
"Options of trace:\n"
"  --svg FILE.svg       draw the timeline: a lane per thread, the lost update\n"
"Options:\n"
"  -p, --proc DIR       the module's directory ($SYNCLAB_PROC, or /proc/synclab)\n"
"  -f, --format FMT     table (default), json or csv\n"
"  -h, --help           show this help (after a command: its own) and exit\n"
"  -V, --version        show the version and exit\n"
"\n"
"Exit status: 0 success (verdict ok or race), 1 verdict fail, 2 bad arguments,\n"
"3 module not loaded, 4 permission denied (root needed), 5 run stopped,\n"
"6 busy (another run in progress), 7 other error (I/O, garbled /proc data).\n"
"See synclab(1).\n";

/* What the arguments asked for, handed to the command. */
struct invocation {
	const char *cmd, *dir, *svg;
	enum out_format fmt;
	int all;
	struct run_opts ro;
	struct bench_opts bo;
	char **names;			/* the arguments after the command, but key=value */
	int nnames;
};

/* What a command takes beyond --proc and --format; anything else is refused. */
enum {
	TAKES_ARGS	= 1,		/* words after it (scenario names, key=value) */
	TAKES_RUN_OPTS	= 2,		/* --threads ... --all; it checks which itself */
	TAKES_BENCH_OPTS = 4,		/* --repeat, --plot, --output */
	TAKES_SVG	= 8,
};

static int do_list(const struct invocation *in);
static int do_run(const struct invocation *in);
static int do_bench(const struct invocation *in);
static int do_results(const struct invocation *in);
static int do_trace(const struct invocation *in);
static int do_status(const struct invocation *in);
static int do_control(const struct invocation *in);
static int do_processes(const struct invocation *in);

/* The commands, in the order of the help: what each takes, runs and says. */
struct command {
	const char *name;
	int (*run)(const struct invocation *in);	/* NULL: help, read first */
	unsigned int takes;
	const char *help;
	const char *help_after_params;	/* run: the options of run, then this */
	void (*print_help)(FILE *f);	/* instead of help: one with figures in it */
};

static const struct command commands[] = {
	{ .name = "list", .run = do_list, .help =
"Usage: synclab [-f FMT] list\n"
"\n"
"The scenarios of the module, in teaching order: each one's name, what it\n"
"shows, and the parameters it takes with their defaults (\"takes: threads=4\n"
"iters=1000000 cpu=all\"): the keys 'synclab run SCENARIO' accepts for it.\n" },
	{ .name = "run", .run = do_run, .takes = TAKES_ARGS | TAKES_RUN_OPTS, .help =
"Usage: synclab run SCENARIO [key=value...] [options]\n"
"       synclab run --all [key=value...] [options]\n"
"\n"
"Run one scenario, or every one in teaching order, and print the result:\n"
"the total expected and the total reached, what is missing, the verdict with\n"
"the invariant it judged, the wall and CPU time, the context switches and\n"
"the scenario's own figures. Starting a run needs root (sudo). Ctrl-C stops\n"
"the run; so does the module's max_run_ms (10 s by default).\n"
"\n"
"Options, each also as key=value, the module's own form (threads=2):\n",
	  .help_after_params =
"  -a, --all            every scenario, each with the options it takes\n"
"\n"
"A scenario takes only the keys 'synclab list' shows for it. --window_us and\n"
"the other underscore spellings are accepted too.\n" },
	{ .name = "bench", .run = do_bench,
	  .takes = TAKES_ARGS | TAKES_RUN_OPTS | TAKES_BENCH_OPTS, .help =
"Usage: synclab bench [SCENARIO...] [options]\n"
"\n"
"Run each scenario at each thread count, --repeat times, and print the cost\n"
"of an operation: median ns/op with the smallest and largest, operations per\n"
"second, CPU ns and context switches per operation, and the multiple of the\n"
"floor (baseline). Default scenarios: baseline atomic percpu spinlock mutex\n"
"semaphore rwlock rwsem seqlock. Needs root (sudo).\n"
"\n"
"Options:\n"
"  -t, --threads LIST   thread counts, comma-separated (default 1,2,4,8)\n"
"  -i, --iters N        iterations per thread (default: each scenario's own)\n"
"  --read-pct N         to the scenarios that take it\n"
"  --repeat R           runs of each scenario at each thread count (default 3)\n"
"  --plot FILE.svg      draw the throughput against the thread count\n"
"  -o, --output FILE    write the csv or json (--format) there, the table to\n"
"                       stdout; written only once something was measured\n" },
	{ .name = "results", .run = do_results, .help =
"Usage: synclab [-f FMT] results\n"
"\n"
"The latest result of each scenario that ran since the module was loaded or\n"
"reset, side by side: a row each, with the notes that say what the columns\n"
"count. --format json or csv gives every figure exactly.\n" },
	{ .name = "trace", .run = do_trace, .takes = TAKES_SVG, .help =
"Usage: synclab [-f FMT] trace [--svg FILE.svg]\n"
"\n"
"The interleaving of the last traced run (every classic run, and race with\n"
"--window-us): who read what, who slept, who wrote what, and whose update\n"
"another thread's write overwrote. Of a sem-limit run: each client's entry\n"
"and leave, how many were inside, and the waves they entered in.\n"
"\n"
"Options:\n"
"  --svg FILE.svg       draw it as a picture: a lane per thread, reads, writes\n"
"                       and sleeps as marks, an arrow from the update that was\n"
"                       lost to the write that replaced it\n" },
	{ .name = "status", .run = do_status, .help =
"Usage: synclab [-f FMT] status\n"
"\n"
"idle, or the scenario running and how far it is.\n" },
	{ .name = "stop", .run = do_control, .help =
"Usage: synclab stop\n"
"\n"
"Stop the run in progress (its partial result is recorded); nothing when\n"
"idle. Needs root (sudo).\n" },
	{ .name = "reset", .run = do_control, .help =
"Usage: synclab reset\n"
"\n"
"Forget every result and the trace. Needs root (sudo).\n" },
	{ .name = "processes", .run = do_processes, .takes = TAKES_ARGS | TAKES_RUN_OPTS,
	  .print_help = processes_help },
	{ .name = "help", .help =
"Usage: synclab help [COMMAND]\n"
"\n"
"The summary of every command and option, or what COMMAND does and what\n"
"each of its options means. 'synclab COMMAND --help' is the same.\n" },
};

#define NCOMMANDS	(int)(sizeof(commands) / sizeof(commands[0]))


/*
 * The tool's side of each run key: its short option and what it does.  The
 * key's name and bounds are the module's (module/cmd.c); the option is that
 * name with '-' for '_' (--window-us), and the module's spelling works too.
 */
static const struct {
	char short_opt;		/* 0: none */
	const char *help;
} param_opts[SYNCLAB_NR_PARAMS] = {
	[SYNCLAB_P_THREADS]	= { 't', "kernel threads doing the work" },
	[SYNCLAB_P_ITERS]	= { 'i', "increments per thread; items per producer (waitqueue), "
				       "acquisitions per client (sem-limit)" },
	[SYNCLAB_P_WINDOW_US]	= { 0, "sleep between the read and the write (classic, race)" },
	[SYNCLAB_P_HOLD_NS]	= { 0, "busy-wait holding the lock (spinlock, mutex, semaphore)" },
	[SYNCLAB_P_HOLD_US]	= { 0, "sleep holding the lock (mutex, semaphore) or a permit "
				       "(sem-limit)" },
	[SYNCLAB_P_DELAY_US]	= { 0, "the setter's wait before signalling (completion)" },
	[SYNCLAB_P_LIMIT]	= { 0, "permits (sem-limit), buffer slots (waitqueue)" },
	[SYNCLAB_P_READ_PCT]	= { 0, "percentage of reads (rwlock, rwsem, seqlock)" },
	[SYNCLAB_P_BUG]		= { 0, "1: the error path that returns with the mutex held, "
				       "which guard() prevents; lockdep reports it (scoped)" },
	[SYNCLAB_P_CPU]		= { 'c', "bind every thread to CPU N: concurrency, no parallelism" },
};

enum {
	OPT_REPEAT = 256,
	OPT_PLOT,
	OPT_SVG,
	OPT_PARAM,		/* + enum synclab_param: a run key without a short option */
};

/* The options that are not run keys; opts_init() adds those. */
static const struct option fixed_opts[] = {
	{ "all",	no_argument,		NULL, 'a' },
	{ "format",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "output",	required_argument,	NULL, 'o' },
	{ "plot",	required_argument,	NULL, OPT_PLOT },
	{ "proc",	required_argument,	NULL, 'p' },
	{ "repeat",	required_argument,	NULL, OPT_REPEAT },
	{ "svg",	required_argument,	NULL, OPT_SVG },
	{ "version",	no_argument,		NULL, 'V' },
};

#define NFIXED		(int)(sizeof(fixed_opts) / sizeof(fixed_opts[0]))
#define FIXED_SHORT	":af:ho:p:V"

static struct option long_opts[NFIXED + 2 * SYNCLAB_NR_PARAMS + 1];
static char short_opts[sizeof(FIXED_SHORT) + 2 * SYNCLAB_NR_PARAMS];
static char param_opt_name[SYNCLAB_NR_PARAMS][SYNCLAB_NAME_MAX + 2];	/* "--window-us" */

/* The getopt tables: the fixed options, then each run key in both spellings. */
static void opts_init(void)
{
	char *sh = short_opts + sizeof(FIXED_SHORT) - 1;
	int p, n = NFIXED, val;
	char *c;

	memcpy(long_opts, fixed_opts, sizeof(fixed_opts));
	memcpy(short_opts, FIXED_SHORT, sizeof(FIXED_SHORT));
	for (p = 0; p < SYNCLAB_NR_PARAMS; p++) {
		val = param_opts[p].short_opt ? param_opts[p].short_opt : OPT_PARAM + p;
		snprintf(param_opt_name[p], sizeof(param_opt_name[p]), "--%s",
			 synclab_param_name[p]);
		for (c = param_opt_name[p]; *c; c++)
			if (*c == '_')
				*c = '-';
		long_opts[n++] = (struct option){ param_opt_name[p] + 2, required_argument, NULL,
						  val };
		if (strchr(synclab_param_name[p], '_'))
			long_opts[n++] = (struct option){ synclab_param_name[p], required_argument,
							  NULL, val };
		if (param_opts[p].short_opt) {
			*sh++ = param_opts[p].short_opt;
			*sh++ = ':';
		}
	}
	*sh = '\0';
}

/* The run key an option sets, or -1. */
static int opt_param(int opt)
{
	int p;

	if (opt >= OPT_PARAM && opt < OPT_PARAM + SYNCLAB_NR_PARAMS)
		return opt - OPT_PARAM;
	for (p = 0; p < SYNCLAB_NR_PARAMS; p++)
		if (param_opts[p].short_opt && param_opts[p].short_opt == opt)
			return p;
	return -1;
}

/* "--window-us" */
static const char *opt_name(int p)
{
	return param_opt_name[p];
}

#define HELP_CELL	21	/* the width of an option in the help: 2 + 21 k */
#define HELP_WIDTH	79

/* "-t, --threads N", "--window-us N", "-c, --cpu N|all" */
static const char *param_synopsis(int p)
{
	static char buf[HELP_CELL + SYNCLAB_NAME_MAX];
	int n = 0;

	if (param_opts[p].short_opt)
		n = snprintf(buf, sizeof(buf), "-%c, ", param_opts[p].short_opt);
	snprintf(buf + n, sizeof(buf) - (size_t)n, "%s N%s", opt_name(p),
		 p == SYNCLAB_P_CPU ? "|all" : "");
	return buf;
}

/* synclab --help: the options of run four to a line, then --all. */
static void usage(void)
{
	int p, len = 0;

	fputs(help_main, stdout);
	for (p = 0; p <= SYNCLAB_NR_PARAMS; p++) {
		if (p % 4)
			printf("%*s", HELP_CELL - len, "");
		else
			fputs(p ? "\n  " : "  ", stdout);
		len = printf("%s", p < SYNCLAB_NR_PARAMS ? param_synopsis(p) : "-a, --all");
	}
	putchar('\n');
	fputs(help_main_tail, stdout);
}

/* synclab help run: each option of run and what it does, wrapped. */
static void params_help(void)
{
	const char *w;
	int p, col, len;

	for (p = 0; p < SYNCLAB_NR_PARAMS; p++) {
		col = printf("  %-*s", HELP_CELL, param_synopsis(p));
		for (w = param_opts[p].help; *w; w += len + (w[len] == ' ')) {
			len = (int)strcspn(w, " ");
			if (w == param_opts[p].help)
				col += printf("%.*s", len, w);
			else if (col + 1 + len <= HELP_WIDTH)
				col += printf(" %.*s", len, w);
			else
				col = printf("\n  %-*s%.*s", HELP_CELL, "", len, w) - 1;
		}
		putchar('\n');
	}
}

static const struct command *command_find(const char *word)
{
	int i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(word, commands[i].name))
			return &commands[i];
	return NULL;
}

static int unknown_command(const char *word)
{
	struct suggest sg;
	int i;

	suggest_init(&sg, word);
	for (i = 0; i < NCOMMANDS; i++)
		suggest_add(&sg, commands[i].name);
	return usage_error("unknown command '%.32s'%s", word, suggest_text(&sg, ""));
}

/* synclab help CMD, synclab CMD --help */
static int command_help(const char *word)
{
	const struct command *c = command_find(word);

	if (!c)
		return unknown_command(word);
	if (c->print_help)
		c->print_help(stdout);
	else
		fputs(c->help, stdout);
	if (c->help_after_params) {
		params_help();
		fputs(c->help_after_params, stdout);
	}
	return EXIT_OK;
}

/* "unrecognized option '--treads': did you mean '--threads'?" */
static int unknown_option(const char *arg)
{
	char word[SUGGEST_NAME_MAX + 1];
	struct suggest sg;
	const char *p = arg;
	size_t len;
	int i;

	while (*p == '-')
		p++;
	len = strcspn(p, "=");
	if (len > SUGGEST_NAME_MAX)
		len = SUGGEST_NAME_MAX;
	memcpy(word, p, len);
	word[len] = '\0';
	suggest_init(&sg, word);
	for (i = 0; long_opts[i].name; i++)
		if (!strchr(long_opts[i].name, '_'))
			suggest_add(&sg, long_opts[i].name);
	return usage_error("unrecognized option '%.*s'%s", (int)strcspn(arg, "="), arg,
			   p != arg + 1 ? suggest_text(&sg, "--") : "");
}

/*
 * key=value after the scenario, as the module itself reads it: the same as
 * the option of that name.  The key may be spelled with '-' too.
 */
static int kv_arg(const char *arg, struct run_opts *ro)
{
	const char *eq = strchr(arg, '=');
	char key[SUGGEST_NAME_MAX + 1];
	size_t len = (size_t)(eq - arg), i;
	struct suggest sg;
	int p;

	if (!len || len > SUGGEST_NAME_MAX)
		return usage_error("'%.32s' is not key=value", arg);
	for (i = 0; i < len; i++)
		key[i] = arg[i] == '-' ? '_' : arg[i];
	key[len] = '\0';
	for (p = 0; p < SYNCLAB_NR_PARAMS; p++)
		if (!strcmp(key, synclab_param_name[p]))
			break;
	if (p == SYNCLAB_NR_PARAMS) {
		suggest_init(&sg, key);
		for (p = 0; p < SYNCLAB_NR_PARAMS; p++)
			suggest_add(&sg, synclab_param_name[p]);
		return usage_error("unknown key '%s'%s", key, sg.n ? suggest_text(&sg, "") :
				   " (see 'synclab help run')");
	}
	if (ro->val[p])
		return usage_error("%s given twice", synclab_param_name[p]);
	ro->val[p] = eq + 1;
	return EXIT_OK;
}

/* Splits the arguments after the command into names and key=value. */
static int split_args(char **args, int n, char **names, int *nnames, struct run_opts *ro,
		      int *any_kv)
{
	int i, ret;

	*nnames = 0;
	for (i = 0; i < n; i++) {
		if (!strchr(args[i], '=')) {
			names[(*nnames)++] = args[i];
			continue;
		}
		ret = kv_arg(args[i], ro);
		if (ret)
			return ret;
		*any_kv = 1;
	}
	return EXIT_OK;
}

static int do_list(const struct invocation *in)
{
	struct scenario_list l;
	int ret = load_scenarios(in->dir, &l);

	if (ret)
		return ret;
	print_scenarios(stdout, in->fmt, &l);
	scenario_list_free(&l);
	return EXIT_OK;
}

static int do_status(const struct invocation *in)
{
	struct status st;
	int ret = load_status(in->dir, &st);

	if (ret)
		return ret;
	print_status(stdout, in->fmt, &st);
	return EXIT_OK;
}

static int do_results(const struct invocation *in)
{
	struct scenario_list sl;
	struct result_list l;
	int ret = load_results(in->dir, &l);

	if (ret)
		return ret;
	/* The shapes tell where ns/op means something; without them it is shown. */
	if (!load_scenarios_quiet(in->dir, &sl)) {
		results_set_shapes(l.v, l.n, &sl);
		scenario_list_free(&sl);
	}
	print_results(stdout, in->fmt, l.v, l.n);
	result_list_free(&l);
	return EXIT_OK;
}

static int do_trace(const struct invocation *in)
{
	struct outfile of;
	struct trace tr;
	int ret = load_trace(in->dir, &tr);

	if (ret)
		return ret;
	if (!in->svg) {
		print_trace(stdout, in->fmt, &tr);
		trace_free(&tr);
		return EXIT_OK;
	}
	if (!tr.has_header) {
		errmsg("%s/trace: no trace yet, nothing to draw: run classic, or race with "
		       "--window-us", in->dir);
		trace_free(&tr);
		return EXIT_ERROR;
	}
	ret = outfile_open(&of, in->svg);
	if (!ret) {
		trace_svg(of.f, &tr);
		ret = outfile_commit(&of);
	}
	trace_free(&tr);
	return ret;
}

/* stop, reset: checked by the shared parser like every command we write. */
static int do_control(const struct invocation *in)
{
	char cmd[16], err[SYNCLAB_ERR_MAX];
	struct synclab_cmd c;
	int ret;

	snprintf(cmd, sizeof(cmd), "%s\n", in->cmd);
	if (synclab_cmd_parse(cmd, strlen(cmd), &c, err, sizeof(err)))
		return usage_error("%s", err);
	ret = proc_check(in->dir);
	if (ret)
		return ret;
	return control_send(in->dir, cmd, 0);
}

/* The options of bench only: --repeat, --plot, --output; NULL if none was given. */
static const char *bench_only_opt(const struct bench_opts *bo)
{
	if (bo->repeat)
		return "--repeat";
	if (bo->plot)
		return "--plot";
	if (bo->output)
		return "--output";
	return NULL;
}

/* A run option bench does not take, or -1. */
static int bench_foreign_param(const struct run_opts *ro)
{
	int p;

	for (p = 0; p < SYNCLAB_NR_PARAMS; p++)
		if (ro->val[p] && p != SYNCLAB_P_THREADS && p != SYNCLAB_P_ITERS &&
		    p != SYNCLAB_P_READ_PCT)
			return p;
	return -1;
}

static int bench_opt(const char **slot, const char *name, const char *arg)
{
	if (*slot)
		return usage_error("%s given twice", name);
	if (!*arg)
		return usage_error("%s needs a value", name);
	*slot = arg;
	return EXIT_OK;
}

static int do_bench(const struct invocation *in)
{
	struct bench_opts bo = in->bo;
	int p = bench_foreign_param(&in->ro);

	if (in->all)
		return usage_error("--all is an option of run, not of bench");
	if (p >= 0)
		return usage_error("%s is an option of run, not of bench", opt_name(p));
	bo.threads = in->ro.val[SYNCLAB_P_THREADS];
	bo.iters = in->ro.val[SYNCLAB_P_ITERS];
	bo.read_pct = in->ro.val[SYNCLAB_P_READ_PCT];
	bo.fmt = in->fmt;
	bo.names = in->names;
	bo.nnames = in->nnames;
	return cmd_bench(in->dir, &bo);
}

static int do_run(const struct invocation *in)
{
	if (in->all && in->nnames)
		return usage_error("run: give a scenario or --all, not both");
	if (!in->all && !in->nnames)
		return usage_error("run: which scenario? (see 'synclab list', or --all)");
	if (in->nnames > 1)
		return usage_error("run: one scenario at a time (or --all)");
	return cmd_run(in->dir, in->fmt, in->all ? NULL : in->names[0], &in->ro);
}

static int do_processes(const struct invocation *in)
{
	if (in->all || in->nnames)
		return usage_error("processes takes no scenario and no --all");
	return cmd_processes(in->dir, in->fmt, &in->ro);
}

/* Refuses what @c does not take, or runs it. */
static int dispatch(const struct command *c, const struct invocation *in, int any_run_opt,
		    int nargs)
{
	int p;

	if (!(c->takes & TAKES_BENCH_OPTS) && bench_only_opt(&in->bo))
		return usage_error("%s is an option of bench, not of %s", bench_only_opt(&in->bo),
				   c->name);
	if (!(c->takes & TAKES_RUN_OPTS) && (in->all || any_run_opt)) {
		for (p = 0; p < SYNCLAB_NR_PARAMS && !in->ro.val[p]; p++)
			;
		return usage_error("%s is an option of run, not of %s",
				   in->all ? "--all" : opt_name(p), c->name);
	}
	if (!(c->takes & TAKES_ARGS) && nargs > 1)
		return usage_error("%s takes no arguments", c->name);
	return c->run(in);
}

static int synclab_main(int argc, char **argv)
{
	struct invocation in = { .dir = getenv("SYNCLAB_PROC"), .fmt = FMT_TABLE };
	int any_run_opt = 0, want_help = 0, opt, p, nargs, ret;
	const struct command *c;

	if (!in.dir || !*in.dir)
		in.dir = PROC_DEFAULT;
	else
		proc_dir_origin = "SYNCLAB_PROC";
	opterr = 0;
	opts_init();
	while ((opt = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		p = opt_param(opt);
		if (p >= 0) {
			if (in.ro.val[p])
				return usage_error("%s given twice", opt_name(p));
			in.ro.val[p] = optarg;
			any_run_opt = 1;
			continue;
		}
		switch (opt) {
		case 'a':
			in.all = 1;
			break;
		case 'f':
			if (format_parse(optarg, &in.fmt))
				return usage_error("unknown format '%s' (table, json or csv)",
						   optarg);
			break;
		case 'p':
			if (!*optarg)
				return usage_error("--proc needs a directory");
			in.dir = optarg;
			proc_dir_origin = "--proc";
			break;
		case OPT_REPEAT:
			ret = bench_opt(&in.bo.repeat, "--repeat", optarg);
			if (ret)
				return ret;
			break;
		case OPT_PLOT:
			ret = bench_opt(&in.bo.plot, "--plot", optarg);
			if (ret)
				return ret;
			break;
		case 'o':
			ret = bench_opt(&in.bo.output, "--output", optarg);
			if (ret)
				return ret;
			break;
		case OPT_SVG:
			ret = bench_opt(&in.svg, "--svg", optarg);
			if (ret)
				return ret;
			break;
		case 'h':
			want_help = 1;
			break;
		case 'V':
			puts("synclab " SYNCLAB_VERSION);
			return EXIT_OK;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("invalid option -- '%c'", optopt);
			return unknown_option(argv[optind - 1]);
		}
	}

	nargs = argc - optind;
	if (want_help)
		return nargs ? command_help(argv[optind]) : (usage(), EXIT_OK);
	if (!nargs)
		return usage_error("no command given");
	in.cmd = argv[optind];
	c = command_find(in.cmd);
	if (!c)
		return unknown_command(in.cmd);
	if (!c->run) {		/* help [COMMAND] */
		if (nargs > 2)
			return usage_error("help takes one command at most");
		return nargs == 2 ? command_help(argv[optind + 1]) : (usage(), EXIT_OK);
	}
	if (in.svg && !(c->takes & TAKES_SVG))
		return usage_error("--svg is an option of trace, not of %s", in.cmd);

	in.names = calloc((size_t)nargs, sizeof(*in.names));
	if (!in.names) {
		errmsg("out of memory");
		return EXIT_ERROR;
	}
	ret = split_args(argv + optind + 1, nargs - 1, in.names, &in.nnames, &in.ro,
			 &any_run_opt);
	if (!ret)
		ret = dispatch(c, &in, any_run_opt, nargs);
	free(in.names);
	return ret;
}

int main(int argc, char **argv)
{
	return close_stdout(synclab_main(argc, argv));
}
