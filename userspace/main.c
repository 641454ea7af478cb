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
#include "proc.h"
#include "run.h"
#include "synclab.h"
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
"  status               idle, or the progress of the run in progress\n"
"  stop                 stop the run in progress\n"
"  reset                forget every result and the trace\n"
"  help [COMMAND]       this help, or a command's with what each option does\n"
"\n"
"Options of run, or key=value after the scenario (threads=2 window_us=100):\n"
"  -t, --threads N      -i, --iters N        --window-us N        --hold-ns N\n"
"  --hold-us N          --delay-us N         --limit N            --read-pct N\n"
"  -c, --cpu N|all      -a, --all\n"
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

struct cmd_help {
	const char *name;
	const char *text;
};

static const struct cmd_help cmd_helps[] = {
	{ "list",
"Usage: synclab [-f FMT] list\n"
"\n"
"The scenarios of the module, in teaching order: each one's name, what it\n"
"shows, and the parameters it takes with their defaults (\"takes: threads=4\n"
"iters=1000000 cpu=all\"): the keys 'synclab run SCENARIO' accepts for it.\n" },
	{ "run",
"Usage: synclab run SCENARIO [key=value...] [options]\n"
"       synclab run --all [key=value...] [options]\n"
"\n"
"Run one scenario, or every one in teaching order, and print the result:\n"
"the total expected and the total reached, what is missing, the verdict with\n"
"the invariant it judged, the wall and CPU time, the context switches and\n"
"the scenario's own figures. Starting a run needs root (sudo). Ctrl-C stops\n"
"the run; so does the module's max_run_ms (10 s by default).\n"
"\n"
"Options, each also as key=value, the module's own form (threads=2):\n"
"  -t, --threads N      kernel threads doing the work\n"
"  -i, --iters N        increments per thread; items per producer (waitqueue),\n"
"                       acquisitions per client (sem-limit)\n"
"  --window-us N        sleep between the read and the write (classic, race)\n"
"  --hold-ns N          busy-wait holding the lock (spinlock, mutex, semaphore)\n"
"  --hold-us N          sleep holding the lock (mutex, semaphore) or a permit\n"
"                       (sem-limit)\n"
"  --delay-us N         the setter's wait before signalling (completion)\n"
"  --limit N            permits (sem-limit), buffer slots (waitqueue)\n"
"  --read-pct N         percentage of reads (rwlock, rwsem, seqlock)\n"
"  -c, --cpu N|all      bind every thread to CPU N: concurrency, no parallelism\n"
"  -a, --all            every scenario, each with the options it takes\n"
"  bug=1                (scoped) the error path that returns with the mutex\n"
"                       held, which guard() prevents; lockdep reports it\n"
"\n"
"A scenario takes only the keys 'synclab list' shows for it. --window_us and\n"
"the other underscore spellings are accepted too.\n" },
	{ "bench",
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
	{ "results",
"Usage: synclab [-f FMT] results\n"
"\n"
"The latest result of each scenario that ran since the module was loaded or\n"
"reset, side by side: a row each, with the notes that say what the columns\n"
"count. --format json or csv gives every figure exactly.\n" },
	{ "trace",
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
	{ "status",
"Usage: synclab [-f FMT] status\n"
"\n"
"idle, or the scenario running and how far it is.\n" },
	{ "stop",
"Usage: synclab stop\n"
"\n"
"Stop the run in progress (its partial result is recorded); nothing when\n"
"idle. Needs root (sudo).\n" },
	{ "reset",
"Usage: synclab reset\n"
"\n"
"Forget every result and the trace. Needs root (sudo).\n" },
	{ "help",
"Usage: synclab help [COMMAND]\n"
"\n"
"The summary of every command and option, or what COMMAND does and what\n"
"each of its options means. 'synclab COMMAND --help' is the same.\n" },
};

#define NCMDS	(int)(sizeof(cmd_helps) / sizeof(cmd_helps[0]))

static const char *const commands[] = {
	"list", "run", "bench", "results", "trace", "status", "stop", "reset", "help",
};

#define NCOMMANDS	(int)(sizeof(commands) / sizeof(commands[0]))

static void usage(void)
{
	fputs(help_main, stdout);
}

static int is_command(const char *word)
{
	int i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(word, commands[i]))
			return 1;
	return 0;
}

static int unknown_command(const char *word)
{
	struct suggest sg;
	int i;

	suggest_init(&sg, word);
	for (i = 0; i < NCOMMANDS; i++)
		suggest_add(&sg, commands[i]);
	return usage_error("unknown command '%.32s'%s", word, suggest_text(&sg, ""));
}

/* synclab help CMD, synclab CMD --help */
static int command_help(const char *word)
{
	int i;

	for (i = 0; i < NCMDS; i++) {
		if (!strcmp(word, cmd_helps[i].name)) {
			fputs(cmd_helps[i].text, stdout);
			return EXIT_OK;
		}
	}
	return unknown_command(word);
}

enum {
	OPT_WINDOW_US = 256,
	OPT_HOLD_NS,
	OPT_HOLD_US,
	OPT_DELAY_US,
	OPT_LIMIT,
	OPT_READ_PCT,
	OPT_REPEAT,
	OPT_PLOT,
	OPT_SVG,
};

/* The module's own spellings (window_us) work as well as the options' (window-us). */
static const struct option long_opts[] = {
	{ "all",	no_argument,		NULL, 'a' },
	{ "cpu",	required_argument,	NULL, 'c' },
	{ "delay-us",	required_argument,	NULL, OPT_DELAY_US },
	{ "delay_us",	required_argument,	NULL, OPT_DELAY_US },
	{ "format",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "hold-ns",	required_argument,	NULL, OPT_HOLD_NS },
	{ "hold_ns",	required_argument,	NULL, OPT_HOLD_NS },
	{ "hold-us",	required_argument,	NULL, OPT_HOLD_US },
	{ "hold_us",	required_argument,	NULL, OPT_HOLD_US },
	{ "iters",	required_argument,	NULL, 'i' },
	{ "limit",	required_argument,	NULL, OPT_LIMIT },
	{ "output",	required_argument,	NULL, 'o' },
	{ "plot",	required_argument,	NULL, OPT_PLOT },
	{ "proc",	required_argument,	NULL, 'p' },
	{ "read-pct",	required_argument,	NULL, OPT_READ_PCT },
	{ "read_pct",	required_argument,	NULL, OPT_READ_PCT },
	{ "repeat",	required_argument,	NULL, OPT_REPEAT },
	{ "svg",	required_argument,	NULL, OPT_SVG },
	{ "threads",	required_argument,	NULL, 't' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "window-us",	required_argument,	NULL, OPT_WINDOW_US },
	{ "window_us",	required_argument,	NULL, OPT_WINDOW_US },
	{ NULL, 0, NULL, 0 },
};

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

/* The run key an option sets, or -1. */
static int opt_param(int opt)
{
	switch (opt) {
	case 't':		return SYNCLAB_P_THREADS;
	case 'i':		return SYNCLAB_P_ITERS;
	case OPT_WINDOW_US:	return SYNCLAB_P_WINDOW_US;
	case OPT_HOLD_NS:	return SYNCLAB_P_HOLD_NS;
	case OPT_HOLD_US:	return SYNCLAB_P_HOLD_US;
	case OPT_DELAY_US:	return SYNCLAB_P_DELAY_US;
	case OPT_LIMIT:		return SYNCLAB_P_LIMIT;
	case OPT_READ_PCT:	return SYNCLAB_P_READ_PCT;
	case 'c':		return SYNCLAB_P_CPU;
	}
	return -1;
}

static const char *opt_name(int p)
{
	static const char *const names[SYNCLAB_NR_PARAMS] = {
		[SYNCLAB_P_THREADS]	= "--threads",
		[SYNCLAB_P_ITERS]	= "--iters",
		[SYNCLAB_P_WINDOW_US]	= "--window-us",
		[SYNCLAB_P_HOLD_NS]	= "--hold-ns",
		[SYNCLAB_P_HOLD_US]	= "--hold-us",
		[SYNCLAB_P_DELAY_US]	= "--delay-us",
		[SYNCLAB_P_LIMIT]	= "--limit",
		[SYNCLAB_P_READ_PCT]	= "--read-pct",
		[SYNCLAB_P_BUG]		= "bug=",
		[SYNCLAB_P_CPU]		= "--cpu",
	};
	return names[p];
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

static int cmd_list(const char *dir, enum out_format fmt)
{
	struct scenario_list l;
	int ret = load_scenarios(dir, &l);

	if (ret)
		return ret;
	print_scenarios(stdout, fmt, &l);
	scenario_list_free(&l);
	return EXIT_OK;
}

static int cmd_status(const char *dir, enum out_format fmt)
{
	struct status st;
	int ret = load_status(dir, &st);

	if (ret)
		return ret;
	print_status(stdout, fmt, &st);
	return EXIT_OK;
}

static int cmd_results(const char *dir, enum out_format fmt)
{
	struct scenario_list sl;
	struct result_list l;
	int ret = load_results(dir, &l);

	if (ret)
		return ret;
	/* The shapes tell where ns/op means something; without them it is shown. */
	if (!load_scenarios_quiet(dir, &sl)) {
		results_set_shapes(l.v, l.n, &sl);
		scenario_list_free(&sl);
	}
	print_results(stdout, fmt, l.v, l.n);
	result_list_free(&l);
	return EXIT_OK;
}

static int cmd_trace(const char *dir, enum out_format fmt, const char *svg)
{
	struct outfile of;
	struct trace tr;
	int ret = load_trace(dir, &tr);

	if (ret)
		return ret;
	if (!svg) {
		print_trace(stdout, fmt, &tr);
		trace_free(&tr);
		return EXIT_OK;
	}
	if (!tr.has_header) {
		errmsg("%s/trace: no trace yet, nothing to draw: run classic, or race with "
		       "--window-us", dir);
		trace_free(&tr);
		return EXIT_ERROR;
	}
	ret = outfile_open(&of, svg);
	if (!ret) {
		trace_svg(of.f, &tr);
		ret = outfile_commit(&of);
	}
	trace_free(&tr);
	return ret;
}

/* stop, reset: checked by the shared parser like every command we write. */
static int cmd_control(const char *dir, const char *word)
{
	char cmd[16], err[SYNCLAB_ERR_MAX];
	struct synclab_cmd c;
	int ret;

	snprintf(cmd, sizeof(cmd), "%s\n", word);
	if (synclab_cmd_parse(cmd, strlen(cmd), &c, err, sizeof(err)))
		return usage_error("%s", err);
	ret = proc_check(dir);
	if (ret)
		return ret;
	return control_send(dir, cmd, 0);
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

static int cmd_bench_args(const char *dir, enum out_format fmt, int all,
			  const struct run_opts *ro, struct bench_opts *bo,
			  char **names, int nnames)
{
	int p = bench_foreign_param(ro);

	if (all)
		return usage_error("--all is an option of run, not of bench");
	if (p >= 0)
		return usage_error("%s is an option of run, not of bench", opt_name(p));
	bo->threads = ro->val[SYNCLAB_P_THREADS];
	bo->iters = ro->val[SYNCLAB_P_ITERS];
	bo->read_pct = ro->val[SYNCLAB_P_READ_PCT];
	bo->fmt = fmt;
	bo->names = names;
	bo->nnames = nnames;
	return cmd_bench(dir, bo);
}

static int synclab_main(int argc, char **argv)
{
	const char *dir = getenv("SYNCLAB_PROC"), *svg = NULL;
	enum out_format fmt = FMT_TABLE;
	struct run_opts ro = { { NULL } };
	struct bench_opts bo;
	int all = 0, any_run_opt = 0, want_help = 0, opt, p, nargs, nnames, ret;
	char **names;
	const char *cmd;

	memset(&bo, 0, sizeof(bo));
	if (!dir || !*dir)
		dir = PROC_DEFAULT;
	else
		proc_dir_origin = "SYNCLAB_PROC";
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ac:f:hi:o:p:t:V", long_opts, NULL)) != -1) {
		p = opt_param(opt);
		if (p >= 0) {
			if (ro.val[p])
				return usage_error("%s given twice", opt_name(p));
			ro.val[p] = optarg;
			any_run_opt = 1;
			continue;
		}
		switch (opt) {
		case 'a':
			all = 1;
			break;
		case 'f':
			if (format_parse(optarg, &fmt))
				return usage_error("unknown format '%s' (table, json or csv)",
						   optarg);
			break;
		case 'p':
			if (!*optarg)
				return usage_error("--proc needs a directory");
			dir = optarg;
			proc_dir_origin = "--proc";
			break;
		case OPT_REPEAT:
			ret = bench_opt(&bo.repeat, "--repeat", optarg);
			if (ret)
				return ret;
			break;
		case OPT_PLOT:
			ret = bench_opt(&bo.plot, "--plot", optarg);
			if (ret)
				return ret;
			break;
		case 'o':
			ret = bench_opt(&bo.output, "--output", optarg);
			if (ret)
				return ret;
			break;
		case OPT_SVG:
			ret = bench_opt(&svg, "--svg", optarg);
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
	cmd = argv[optind];
	if (!strcmp(cmd, "help")) {
		if (nargs > 2)
			return usage_error("help takes one command at most");
		return nargs == 2 ? command_help(argv[optind + 1]) : (usage(), EXIT_OK);
	}
	if (!is_command(cmd))
		return unknown_command(cmd);
	if (svg && strcmp(cmd, "trace"))
		return usage_error("--svg is an option of trace, not of %s", cmd);

	names = calloc((size_t)nargs, sizeof(*names));
	if (!names) {
		errmsg("out of memory");
		return EXIT_ERROR;
	}
	ret = split_args(argv + optind + 1, nargs - 1, names, &nnames, &ro, &any_run_opt);
	if (ret)
		goto out;
	if (!strcmp(cmd, "bench")) {
		ret = cmd_bench_args(dir, fmt, all, &ro, &bo, names, nnames);
		goto out;
	}
	if (bench_only_opt(&bo)) {
		ret = usage_error("%s is an option of bench, not of %s", bench_only_opt(&bo),
				  cmd);
		goto out;
	}
	if (!strcmp(cmd, "run")) {
		if (all && nnames)
			ret = usage_error("run: give a scenario or --all, not both");
		else if (!all && !nnames)
			ret = usage_error("run: which scenario? (see 'synclab list', or --all)");
		else if (nnames > 1)
			ret = usage_error("run: one scenario at a time (or --all)");
		else
			ret = cmd_run(dir, fmt, all ? NULL : names[0], &ro);
		goto out;
	}
	if (all || any_run_opt) {
		for (p = 0; p < SYNCLAB_NR_PARAMS && !ro.val[p]; p++)
			;
		ret = usage_error("%s is an option of run, not of %s",
				  all ? "--all" : opt_name(p), cmd);
		goto out;
	}
	if (nargs > 1) {
		ret = usage_error("%s takes no arguments", cmd);
		goto out;
	}
	if (!strcmp(cmd, "list"))
		ret = cmd_list(dir, fmt);
	else if (!strcmp(cmd, "status"))
		ret = cmd_status(dir, fmt);
	else if (!strcmp(cmd, "results"))
		ret = cmd_results(dir, fmt);
	else if (!strcmp(cmd, "trace"))
		ret = cmd_trace(dir, fmt, svg);
	else
		ret = cmd_control(dir, cmd);
out:
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	return close_stdout(synclab_main(argc, argv));
}
