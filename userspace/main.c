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

static void usage(void)
{
	fputs(
"Usage: synclab [options] COMMAND [SCENARIO...]\n"
"\n"
"Run the synchronization scenarios of the synclab kernel module.\n"
"\n"
"Commands:\n"
"  list              the scenarios, with their descriptions and parameters\n"
"  run SCENARIO      run one scenario and print its result\n"
"  run --all         run every scenario in teaching order, then compare them\n"
"  bench [SCENARIO...]  cost per operation of each lock against thread counts\n"
"  results           compare the latest result of each scenario\n"
"  trace             the interleaving of the last traced run, as a timeline\n"
"  status            idle, or the progress of the run in progress\n"
"  stop              stop the run in progress\n"
"  reset             forget every result and the trace\n"
"\n"
"Options of run (a scenario takes only those 'synclab list' shows for it):\n"
"  -t, --threads N   -i, --iters N   --window-us N   --hold-ns N   --hold-us N\n"
"  --delay-us N      --limit N       --read-pct N    -c, --cpu N|all\n"
"  -a, --all         run every scenario, each with the options it takes\n"
"\n"
"Options of bench (also -i, --iters N, --read-pct N; default: each scenario's):\n"
"  -t, --threads LIST  thread counts, comma-separated (default 1,2,4,8)\n"
"  --repeat R          runs of each scenario at each count (default 3)\n"
"  --plot FILE.svg     draw the throughput against the thread count\n"
"  -o, --output FILE   write the csv or json there; the table to stdout\n"
"\n"
"Options:\n"
"  -p, --proc DIR      the module's directory ($SYNCLAB_PROC, or /proc/synclab)\n"
"  -f, --format FMT    table (default), json or csv\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Exit status: 0 success (verdict ok or race), 1 verdict fail, 2 bad arguments,\n"
"3 module not loaded, 4 permission denied (root needed), 5 run stopped,\n"
"6 busy (another run in progress), 7 other error (I/O, garbled /proc data).\n"
"See synclab(1).\n", stdout);
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
};

static const struct option long_opts[] = {
	{ "all",	no_argument,		NULL, 'a' },
	{ "cpu",	required_argument,	NULL, 'c' },
	{ "delay-us",	required_argument,	NULL, OPT_DELAY_US },
	{ "format",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "hold-ns",	required_argument,	NULL, OPT_HOLD_NS },
	{ "hold-us",	required_argument,	NULL, OPT_HOLD_US },
	{ "iters",	required_argument,	NULL, 'i' },
	{ "limit",	required_argument,	NULL, OPT_LIMIT },
	{ "output",	required_argument,	NULL, 'o' },
	{ "plot",	required_argument,	NULL, OPT_PLOT },
	{ "proc",	required_argument,	NULL, 'p' },
	{ "read-pct",	required_argument,	NULL, OPT_READ_PCT },
	{ "repeat",	required_argument,	NULL, OPT_REPEAT },
	{ "threads",	required_argument,	NULL, 't' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "window-us",	required_argument,	NULL, OPT_WINDOW_US },
	{ NULL, 0, NULL, 0 },
};

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
		[SYNCLAB_P_CPU]		= "--cpu",
	};
	return names[p];
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
	struct result_list l;
	int ret = load_results(dir, &l);

	if (ret)
		return ret;
	print_results(stdout, fmt, l.v, l.n);
	result_list_free(&l);
	return EXIT_OK;
}

static int cmd_trace(const char *dir, enum out_format fmt)
{
	struct trace tr;
	int ret = load_trace(dir, &tr);

	if (ret)
		return ret;
	print_trace(stdout, fmt, &tr);
	trace_free(&tr);
	return EXIT_OK;
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

int main(int argc, char **argv)
{
	const char *dir = getenv("SYNCLAB_PROC");
	enum out_format fmt = FMT_TABLE;
	struct run_opts ro = { { NULL } };
	struct bench_opts bo;
	int all = 0, any_run_opt = 0, opt, p, nargs, ret;
	const char *cmd;

	memset(&bo, 0, sizeof(bo));
	if (!dir || !*dir)
		dir = PROC_DEFAULT;
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
		case 'h':
			usage();
			return EXIT_OK;
		case 'V':
			puts("synclab " SYNCLAB_VERSION);
			return EXIT_OK;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("invalid option -- '%c'", optopt);
			return usage_error("unrecognized option '%s'", argv[optind - 1]);
		}
	}

	nargs = argc - optind;
	if (!nargs)
		return usage_error("no command given");
	cmd = argv[optind];

	if (!strcmp(cmd, "bench"))
		return cmd_bench_args(dir, fmt, all, &ro, &bo, argv + optind + 1, nargs - 1);
	if (bench_only_opt(&bo))
		return usage_error("%s is an option of bench, not of %s", bench_only_opt(&bo),
				   cmd);
	if (!strcmp(cmd, "run")) {
		if (all && nargs > 1)
			return usage_error("run: give a scenario or --all, not both");
		if (!all && nargs < 2)
			return usage_error("run: which scenario? (see 'synclab list', or --all)");
		if (nargs > 2)
			return usage_error("run: one scenario at a time (or --all)");
		return cmd_run(dir, fmt, all ? NULL : argv[optind + 1], &ro);
	}
	if (all || any_run_opt) {
		for (p = 0; p < SYNCLAB_NR_PARAMS && !ro.val[p]; p++)
			;
		return usage_error("%s is an option of run, not of %s",
				   all ? "--all" : opt_name(p), cmd);
	}
	if (nargs > 1 && (!strcmp(cmd, "list") || !strcmp(cmd, "status") ||
			  !strcmp(cmd, "results") || !strcmp(cmd, "trace") ||
			  !strcmp(cmd, "stop") || !strcmp(cmd, "reset")))
		return usage_error("%s takes no arguments", cmd);
	if (!strcmp(cmd, "list"))
		return cmd_list(dir, fmt);
	if (!strcmp(cmd, "status"))
		return cmd_status(dir, fmt);
	if (!strcmp(cmd, "results"))
		return cmd_results(dir, fmt);
	if (!strcmp(cmd, "trace"))
		return cmd_trace(dir, fmt);
	if (!strcmp(cmd, "stop") || !strcmp(cmd, "reset"))
		return cmd_control(dir, cmd);
	return usage_error("unknown command '%s'", cmd);
}
