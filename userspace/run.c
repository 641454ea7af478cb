// SPDX-License-Identifier: GPL-2.0
/*
 * synclab run: validate, write the command, wait with a progress bar,
 * print the result.
 *
 * The write to control blocks until the run has ended.  Meanwhile a second
 * thread polls DIR/status and draws a bar on stderr (only when stderr is a
 * terminal, and only once the run has lasted RUN_QUIET_MS).
 * Ctrl-C interrupts the write (our SIGINT handler has no SA_RESTART): the
 * module stops the run and records its partial result, which we print.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "run.h"
#include "tool.h"

#define RUN_QUIET_MS	300	/* no bar for runs shorter than this */
#define RUN_POLL_MS	200
#define BAR_WIDTH	30	/* at most; less on a narrow terminal */
#define BAR_TEXT	45	/* the rest of the line, about */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* No SA_RESTART: Ctrl-C must interrupt a write, not restart it. */
static void sigint_set(struct sigaction *old_sa)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND;	/* a second Ctrl-C kills us */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, old_sa);
}

void sigint_catch(void)
{
	sigint_set(NULL);
}

int run_interrupted(void)
{
	return interrupted;
}

int build_run_command(char *buf, size_t size, const char *name,
		      const struct run_opts *o, const struct scenario *s)
{
	size_t len;
	int p, n;

	n = snprintf(buf, size, "run %s", name);
	if (n < 0 || (size_t)n >= size)
		return -1;
	len = (size_t)n;
	for (p = 0; p < SYNCLAB_NR_PARAMS; p++) {
		if (!o->val[p] || (s && !scenario_accepts(s, synclab_param_name[p])))
			continue;
		n = snprintf(buf + len, size - len, " %s=%s", synclab_param_name[p], o->val[p]);
		if (n < 0 || (size_t)n >= size - len)
			return -1;
		len += (size_t)n;
	}
	return (int)len;
}

/* ---- the progress bar --------------------------------------------------- */

struct progress {
	const char *dir;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;
	int drawn;
};

/* Waits @ms or until told to stop; returns nonzero when told to stop. */
static int progress_wait(struct progress *p, long ms)
{
	struct timespec ts;
	int stop;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&p->lock);
	while (!p->stop && pthread_cond_timedwait(&p->cond, &p->lock, &ts) != ETIMEDOUT)
		;
	stop = p->stop;
	pthread_mutex_unlock(&p->lock);
	return stop;
}

static void progress_draw(struct progress *p)
{
	char line[512], bar[BAR_WIDTH + 1], err[160];
	int width = term_width(STDERR_FILENO) - 1 - BAR_TEXT, fill;
	unsigned long long done, pct;
	struct status st;
	struct text t;

	if (proc_read(p->dir, "status", &t))
		return;
	if (t.nlines != 1 || parse_status(t.lines[0], &st, err, sizeof(err)) ||
	    st.state != STATE_RUNNING || !st.total) {
		text_free(&t);
		return;
	}
	text_free(&t);
	if (width > BAR_WIDTH)
		width = BAR_WIDTH;
	if (width < 10)
		width = 10;
	done = st.done > st.total ? st.total : st.done;
	pct = done * 100 / st.total;
	fill = (int)(done * width / st.total);
	memset(bar, '#', fill);
	memset(bar + fill, '.', width - fill);
	bar[width] = '\0';
	snprintf(line, sizeof(line), "%-10s [%s] %3llu%% %llu/%llu %.1fs", st.scenario,
		 bar, pct, done, st.total, st.elapsed_ms / 1e3);
	progress_show(line);		/* one terminal line, never wrapped */
	p->drawn = 1;
}

static void *progress_main(void *arg)
{
	struct progress *p = arg;

	if (progress_wait(p, RUN_QUIET_MS))
		return NULL;
	do
		progress_draw(p);
	while (!progress_wait(p, RUN_POLL_MS));
	if (p->drawn)
		progress_clear();
	return NULL;
}

static int progress_start(struct progress *p, const char *dir)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int ret;

	memset(p, 0, sizeof(*p));
	p->dir = dir;
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cond, &ca);
	pthread_condattr_destroy(&ca);
	/* Signals are for the writer: the bar thread starts with them blocked. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	ret = pthread_create(&p->thread, NULL, progress_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ret ? -1 : 0;
}

static void progress_stop(struct progress *p)
{
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
}

/* ---- control ------------------------------------------------------------ */

/*
 * The module refused what our own checks let through (a limit of one
 * scenario, max_threads, an offline CPU): DIR/error says why.
 */
static void module_refused(const char *dir, const char *cmd)
{
	char why[200] = "";
	struct text t;
	size_t i;

	if (!proc_read(dir, "error", &t)) {
		if (t.nlines)
			snprintf(why, sizeof(why), "%s", t.lines[0]);
		text_free(&t);
	}
	for (i = 0; why[i]; i++)
		if ((unsigned char)why[i] < 0x20 || (unsigned char)why[i] >= 0x7f)
			why[i] = '?';
	if (why[0])
		errmsg("the module refused '%s': %s", cmd, why);
	else
		errmsg("the module refused '%s': %s (dmesg may say why)", cmd, strerror(EINVAL));
}

void describe_busy(char *buf, size_t size, const struct status *st)
{
	unsigned long long done;

	if (!st || st->state != STATE_RUNNING) {
		snprintf(buf, size, "another run is in progress: wait for it, or stop it "
			 "with 'sudo synclab stop'");
		return;
	}
	done = st->done > st->total ? st->total : st->done;
	if (st->total)
		snprintf(buf, size, "another run is in progress: %s, %llu%% done (%llu of %llu) "
			 "after %.1f s: wait for it, or stop it with 'sudo synclab stop'",
			 st->scenario, done * 100 / st->total, done, st->total,
			 st->elapsed_ms / 1e3);
	else
		snprintf(buf, size, "another run is in progress: %s, for %.1f s: wait for it, "
			 "or stop it with 'sudo synclab stop'", st->scenario,
			 st->elapsed_ms / 1e3);
}

/* EBUSY: which run, and how far it is, from status. */
static void busy_error(const char *dir)
{
	char msg[300], err[160];
	struct status st;
	struct text t;
	int have = 0;

	if (!proc_read(dir, "status", &t)) {
		have = t.nlines == 1 && !parse_status(t.lines[0], &st, err, sizeof(err));
		text_free(&t);
	}
	describe_busy(msg, sizeof(msg), have ? &st : NULL);
	errmsg("%s", msg);
}

static int control_error(const char *dir, const char *what, int err)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "%s", what);
	cmd[strcspn(cmd, "\n")] = '\0';
	switch (err) {
	case EACCES:
	case EPERM:
		errmsg("cannot write %s/control: %s: root (CAP_SYS_ADMIN) is needed; "
		       "try sudo", dir, strerror(err));
		return EXIT_PERM;
	case EBUSY:
		busy_error(dir);
		return EXIT_BUSY;
	case EINTR:
		errmsg("run stopped (interrupted): the partial result is recorded");
		return EXIT_STOPPED;
	case ENODEV:
		errmsg("the module is being unloaded");
		return EXIT_NO_MODULE;
	case EINVAL:
		/* A bad value only the module could judge (max_threads, a scenario's limit). */
		module_refused(dir, cmd);
		return EXIT_USAGE;
	case ENOENT:
		if (proc_check(dir))
			return EXIT_NO_MODULE;
		/* fall through */
	default:
		errmsg("cannot write %s/control: %s", dir, strerror(err));
		return EXIT_ERROR;
	}
}

int control_send(const char *dir, const char *cmd, int progress)
{
	struct sigaction old_sa;
	char path[4096];
	struct progress p;
	size_t len = strlen(cmd);
	ssize_t n;
	int fd, err, ret, bar = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/control", dir) >= sizeof(path)) {
		errmsg("%s: path too long", dir);
		return EXIT_ERROR;
	}
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);	/* as echo opens it */
	if (fd < 0)
		return control_error(dir, cmd, errno);

	sigint_set(&old_sa);

	if (progress && !progress_start(&p, dir))
		bar = 1;
	n = write(fd, cmd, len);
	err = errno;
	if (bar)
		progress_stop(&p);
	close(fd);
	if (n < 0)
		ret = control_error(dir, cmd, err);
	else if ((size_t)n != len)
		ret = (errmsg("short write to %s: %zd of %zu bytes", path, n, len), EXIT_ERROR);
	else
		ret = EXIT_OK;
	if (!interrupted)
		sigaction(SIGINT, &old_sa, NULL);
	return ret;
}

/* ---- run ---------------------------------------------------------------- */

static int verdict_exit(enum synclab_verdict verdict)
{
	if (verdict == SYNCLAB_FAIL)
		return EXIT_VERDICT_FAIL;
	if (verdict == SYNCLAB_STOPPED)
		return EXIT_STOPPED;
	return EXIT_OK;
}

int run_opts_check(const char *name, const struct run_opts *o)
{
	char cmd[SYNCLAB_CMD_MAX * 2], err[SYNCLAB_ERR_MAX];
	struct synclab_cmd c;
	int p, len;

	for (p = 0; p < SYNCLAB_NR_PARAMS; p++) {
		const char *v = o->val[p];

		for (; v && *v; v++) {
			if (*v <= ' ' || *v >= 0x7f)
				return usage_error("%s='%s' is not a decimal number%s",
						   synclab_param_name[p], o->val[p],
						   p == SYNCLAB_P_CPU ? " or 'all'" : "");
		}
	}
	len = build_run_command(cmd, sizeof(cmd), name, o, NULL);
	if (len < 0)
		return usage_error("command longer than %d bytes", SYNCLAB_CMD_MAX);
	if (synclab_cmd_parse(cmd, (size_t)len, &c, err, sizeof(err)))
		return usage_error("%s", err);
	return EXIT_OK;
}

static void accepted_keys(char *buf, size_t size, const struct scenario *s)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < s->nparams && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? " " : "", s->params[i].key);
	if (!s->nparams)
		snprintf(buf, size, "nothing");
}

/* A stopped run may have no result: then *have stays 0. */
int run_scenario(const char *dir, const struct scenario *s, const struct run_opts *o,
		 int progress, struct result *r, int *have)
{
	char cmd[SYNCLAB_CMD_MAX + 2], err[SYNCLAB_ERR_MAX];
	struct result_list rl;
	const struct result *found;
	struct synclab_cmd c;
	int len, ret, sent;

	*have = 0;
	len = build_run_command(cmd, sizeof(cmd) - 1, s->name, o, s);
	if (len < 0)
		return usage_error("command longer than %d bytes", SYNCLAB_CMD_MAX);
	cmd[len++] = '\n';	/* as echo writes it */
	cmd[len] = '\0';
	if (synclab_cmd_parse(cmd, (size_t)len, &c, err, sizeof(err)))
		return usage_error("%s", err);

	sent = control_send(dir, cmd, progress);
	if (sent != EXIT_OK && sent != EXIT_STOPPED)
		return sent;
	ret = load_results(dir, &rl);
	if (ret)
		return ret;
	found = result_find(&rl, s->name);
	if (found) {
		*r = *found;
		*have = 1;
	}
	result_list_free(&rl);
	if (!found && sent == EXIT_STOPPED) {
		errmsg("no result was recorded for %s", s->name);
	} else if (!found) {
		errmsg("%s/results has no line for %s", dir, s->name);
		return EXIT_ERROR;
	}
	return sent;
}

/* The bar goes to stderr: it is drawn when that is a terminal, wherever stdout goes. */
static int run_one(const char *dir, const struct scenario *s, const struct run_opts *o,
		   struct result *r, int *have)
{
	int ret = run_scenario(dir, s, o, isatty(STDERR_FILENO), r, have);

	if (*have)
		r->shape = s->counter ? SHAPE_COUNTER : SHAPE_PROGRAM;
	return ret;
}

static int run_single(const char *dir, enum out_format fmt, const struct scenario *s,
		      const struct run_opts *o)
{
	struct result *r = calloc(1, sizeof(*r));
	int ret, have;

	if (!r) {
		errmsg("out of memory");
		return EXIT_ERROR;
	}
	ret = run_one(dir, s, o, r, &have);
	if (have) {
		print_result(stdout, fmt, r);
		if (ret == EXIT_OK)
			ret = verdict_exit(r->verdict);
	}
	free(r);
	return ret;
}

/*
 * run --all: the options of the counting loop go to the counter scenarios
 * only; a scenario with a program of its own (classic, sem-limit,
 * completion, waitqueue) keeps its defaults for them, since the same number
 * means another thing there (or far too much: 10000 one-second holds).
 */
static void all_opts_for(const struct scenario *s, const struct run_opts *o,
			 struct run_opts *out)
{
	static const int counting[] = {
		SYNCLAB_P_THREADS, SYNCLAB_P_ITERS, SYNCLAB_P_WINDOW_US, SYNCLAB_P_HOLD_NS,
		SYNCLAB_P_HOLD_US, SYNCLAB_P_READ_PCT,
	};
	size_t i;

	*out = *o;
	if (s->counter)
		return;
	for (i = 0; i < sizeof(counting) / sizeof(counting[0]); i++)
		out->val[counting[i]] = NULL;
}

static int run_all(const char *dir, enum out_format fmt, const struct scenario_list *sl,
		   const struct run_opts *o)
{
	struct result *v = calloc(sl->n + 1, sizeof(*v));
	int i, n = 0, ret = EXIT_OK, any_fail = 0, any_stopped = 0;
	int tty = isatty(STDERR_FILENO);

	if (!v) {
		errmsg("out of memory");
		return EXIT_ERROR;
	}
	for (i = 0; i < sl->n && !interrupted; i++) {
		struct run_opts so;
		char took[32];
		int have;

		all_opts_for(&sl->v[i], o, &so);
		ret = run_one(dir, &sl->v[i], &so, &v[n], &have);
		if (!have)
			break;
		n++;
		any_fail |= v[n - 1].verdict == SYNCLAB_FAIL;
		any_stopped |= ret == EXIT_STOPPED || v[n - 1].verdict == SYNCLAB_STOPPED;
		/* Progress, on the terminal only: the table is what goes to a file. */
		if (tty) {
			fmt_duration(took, sizeof(took), v[n - 1].elapsed_ns);
			fprintf(stderr, "[%*d/%d] %-12s %-8s %s%s\n", sl->n >= 10 ? 2 : 1, i + 1,
				sl->n, sl->v[i].name, synclab_verdict_name(v[n - 1].verdict), took,
				!strcmp(sl->v[i].name, "baseline") ? "  (the floor, not a lesson)" :
				"");
		}
		if (ret == EXIT_STOPPED)
			break;		/* Ctrl-C stops the whole sequence */
	}
	if (n)
		print_results(stdout, fmt, v, n);
	free(v);
	if (ret != EXIT_OK)	/* an error, or Ctrl-C */
		return ret;
	if (interrupted)
		return EXIT_STOPPED;
	if (any_fail)
		return EXIT_VERDICT_FAIL;
	return any_stopped ? EXIT_STOPPED : EXIT_OK;
}

int unknown_scenario(const char *name, const struct scenario_list *sl)
{
	char shown[SUGGEST_NAME_MAX + 1];
	struct suggest sg;
	int i;

	/* Quoted back as it was typed, but never a control character. */
	snprintf(shown, sizeof(shown), "%s", name);
	for (i = 0; shown[i]; i++)
		if ((unsigned char)shown[i] < 0x20 || (unsigned char)shown[i] >= 0x7f)
			shown[i] = '?';
	suggest_init(&sg, name);
	for (i = 0; i < sl->n; i++)
		suggest_add(&sg, sl->v[i].name);
	if (sg.n)
		return usage_error("unknown scenario '%s'%s", shown, suggest_text(&sg, ""));
	return usage_error("unknown scenario '%s' (see 'synclab list')", shown);
}

int cmd_run(const char *dir, enum out_format fmt, const char *name, const struct run_opts *o)
{
	struct scenario_list sl;
	const struct scenario *s = NULL;
	char keys[160];
	int ret, p;

	/* The values first, with a name the parser takes: the name is checked below. */
	ret = run_opts_check("all", o);
	if (ret)
		return ret;
	ret = load_scenarios(dir, &sl);
	if (ret)
		return ret;
	if (!name) {
		ret = run_all(dir, fmt, &sl, o);
		scenario_list_free(&sl);
		return ret;
	}
	s = scenario_find(&sl, name);
	if (!s) {
		ret = unknown_scenario(name, &sl);
		scenario_list_free(&sl);
		return ret;
	}
	for (p = 0; p < SYNCLAB_NR_PARAMS; p++) {
		if (o->val[p] && !scenario_accepts(s, synclab_param_name[p])) {
			accepted_keys(keys, sizeof(keys), s);
			ret = usage_error("%s does not take %s (it takes: %s)", name,
					  synclab_param_name[p], keys);
			scenario_list_free(&sl);
			return ret;
		}
	}
	ret = run_single(dir, fmt, s, o);
	scenario_list_free(&sl);
	return ret;
}
