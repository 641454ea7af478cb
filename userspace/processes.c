// SPDX-License-Identifier: GPL-2.0
/*
 * synclab processes: what the Python tutorials' first table says, measured.
 * Threads share their process's memory; processes have their own, and must
 * use IPC to share anything.
 *
 *   fork-private  N forked children each add 1, iters times, to the total
 *                 they inherited: copy-on-write gives each its own copy.
 *                 Each tells the parent its count through a pipe (IPC); the
 *                 parent's own total stays 0.
 *   fork-shared   the same children on a counter in a MAP_SHARED mapping,
 *                 with a plain c = c + 1: they lose updates, as threads do.
 *   fork-atomic   the same mapping, with an atomic add: exact.
 *   race          the module's kthreads on one counter: in the kernel,
 *                 threads share everything (needs the module, and root).
 *
 * The rows are struct result, printed by the tool's one formatter.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "processes.h"
#include "tool.h"

static const char processes_help_text[] =
"Usage: synclab [-f FMT] processes [--threads N] [--iters N]\n"
"\n"
"Threads against processes. N forked processes each add 1, iters times:\n"
"  fork-private  to the total they inherited: each has its own copy\n"
"                (copy-on-write), the parent's total stays 0\n"
"  fork-shared   to a counter in a MAP_SHARED mapping, c = c + 1: they lose\n"
"                updates, as threads do (with two CPUs or more)\n"
"  fork-atomic   to the same counter with an atomic add: exact\n"
"  race          the module's race scenario, N kthreads on one counter: in\n"
"                the kernel, threads share everything. It runs when the\n"
"                module is loaded and you are root; otherwise the latest race\n"
"                result is shown, or what to do to see one.\n"
"\n"
"Options:\n";

void processes_help(FILE *f)
{
	/* The limits and defaults are those cmd_processes() applies. */
	fputs(processes_help_text, f);
	fprintf(f, "  -t, --threads N      processes, and the race scenario's threads (1 to %d,\n"
		"                       default %d)\n"
		"  -i, --iters N        increments each (1 to %u, default %d)\n",
		PROCESSES_MAX, PROCESSES_DEFAULT, synclab_param_max[SYNCLAB_P_ITERS],
		PROCESS_ITERS_DEFAULT);
}

/* The parent's total: each child increments its own copy of it. */
static unsigned long total;

/* The MAP_SHARED page: the shared counter, and the line-up, each on its own cache line. */
struct shm {
	unsigned long counter __attribute__((aligned(64)));
	unsigned int arrived __attribute__((aligned(64)));
};

/* c = c + 1 as a load and a store: volatile keeps the compiler from merging them. */
static void count_plain(volatile unsigned long *c, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		*c = *c + 1;
}

static void count_atomic(unsigned long *c, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

#define LINE_UP_NS	2000000000ULL	/* the longest a child waits for its siblings */

enum memory { MEM_PRIVATE, MEM_SHARED, MEM_ATOMIC };

static const char *const row_name[] = {
	[MEM_PRIVATE]	= "fork-private",
	[MEM_SHARED]	= "fork-shared",
	[MEM_ATOMIC]	= "fork-atomic",
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

static unsigned long long tv_ns(const struct timeval *tv)
{
	return (unsigned long long)tv->tv_sec * 1000000000ULL +
	       (unsigned long long)tv->tv_usec * 1000ULL;
}

/*
 * A child: waits at the gate (EOF: go; a byte: give up), counts, and
 * reports its own total on @report.  Never returns.
 */
static void child_main(enum memory mem, struct shm *shm, unsigned long nproc,
		       unsigned long iters, int gate, int report)
{
	unsigned long long start;
	char c;
	ssize_t n;

	/* Faulted in now, written: a first write's page fault would be a long window. */
	__atomic_fetch_add(&shm->counter, 0, __ATOMIC_RELAXED);
	do
		n = read(gate, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 0)
		_exit(1);
	/*
	 * Woken processes reach the CPUs one by one, a long time apart on a slow
	 * or emulated machine: each waits for all, so that they really overlap
	 * (for LINE_UP_NS at most: a sibling killed on its way never arrives).
	 */
	start = now_ns();
	__atomic_fetch_add(&shm->arrived, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&shm->arrived, __ATOMIC_RELAXED) < nproc &&
	       now_ns() - start < LINE_UP_NS)
		sched_yield();
	switch (mem) {
	case MEM_PRIVATE:
		count_plain(&total, iters);
		if (write(report, &total, sizeof(total)) != (ssize_t)sizeof(total))
			_exit(1);
		break;
	case MEM_SHARED:
		count_plain(&shm->counter, iters);
		break;
	case MEM_ATOMIC:
		count_atomic(&shm->counter, iters);
		break;
	}
	_exit(0);
}

static void kv_add(struct result *r, const char *key, const char *val)
{
	struct kv *kv = &r->extra[r->nextra++];

	snprintf(kv->key, sizeof(kv->key), "%s", key);
	snprintf(kv->val, sizeof(kv->val), "%s", val);
}

static void kv_add_num(struct result *r, const char *key, unsigned long long v)
{
	char val[32];

	snprintf(val, sizeof(val), "%llu", v);
	kv_add(r, key, val);
}

/* Reaps @nchild children, adding up their CPU time and context switches. */
static int reap(struct result *r, int nchild)
{
	int i, status, bad = 0;
	struct rusage ru;

	for (i = 0; i < nchild; i++) {
		while (wait4(-1, &status, 0, &ru) < 0) {
			if (errno != EINTR) {
				errmsg("waiting for the counting processes: %s", strerror(errno));
				return -1;
			}
		}
		bad |= !WIFEXITED(status) || WEXITSTATUS(status);
		r->cpu_ns += tv_ns(&ru.ru_utime) + tv_ns(&ru.ru_stime);
		r->nvcsw += (unsigned long long)ru.ru_nvcsw;
		r->nivcsw += (unsigned long long)ru.ru_nivcsw;
	}
	if (bad) {
		errmsg("a counting process failed (killed, or its count never reached the parent)");
		return -1;
	}
	return 0;
}

/* Forks @nproc children that wait at @gate; returns how many were forked. */
static unsigned long fork_children(enum memory mem, unsigned long nproc, unsigned long iters,
				   struct shm *shm, const int *gate, const int *report)
{
	unsigned long i;
	pid_t pid;

	fflush(NULL);		/* nothing buffered is written twice */
	for (i = 0; i < nproc; i++) {
		pid = fork();
		if (pid < 0) {
			errmsg("fork: %s (%lu processes asked for, %lu forked)", strerror(errno),
			       nproc, i);
			break;
		}
		if (!pid) {
			close(gate[1]);
			close(report[0]);
			child_main(mem, shm, nproc, iters, gate[0], report[1]);
		}
	}
	return i;
}

/* The figures of a row, once its children are done. */
static void fill_row(enum memory mem, struct result *r, unsigned long long min,
		     unsigned long long max, struct shm *shm)
{
	if (mem == MEM_PRIVATE) {
		r->expected = 0;	/* the parent's total: no child can reach it */
		r->actual = total;
		kv_add(r, "memory", "private");
		kv_add_num(r, "child_min", min);
		kv_add_num(r, "child_max", max);
	} else {
		r->expected = r->threads * r->iters;
		r->actual = __atomic_load_n(&shm->counter, __ATOMIC_RELAXED);
		kv_add(r, "memory", "shared");
	}
	r->lost = (long long)(r->expected - r->actual);
	r->ns_per_op = r->elapsed_ns / (r->threads * r->iters);
	if (mem == MEM_PRIVATE)
		r->verdict = !r->actual && min == r->iters && max == r->iters ?
			     SYNCLAB_OK : SYNCLAB_FAIL;
	else if (mem == MEM_SHARED && r->lost > 0)
		r->verdict = SYNCLAB_RACE;
	else
		r->verdict = r->lost ? SYNCLAB_FAIL : SYNCLAB_OK;
}

/*
 * One row: forks @nproc children, opens the gate (closing its write end
 * starts them all at once), collects the private counts through the report
 * pipe, and reaps them.
 */
static int run_processes(enum memory mem, unsigned long nproc, unsigned long iters,
			 struct shm *shm, struct result *r)
{
	unsigned long long start, min = ULLONG_MAX, max = 0;
	unsigned long forked, i, got;
	int gate[2], report[2], ret = -1;

	memset(r, 0, sizeof(*r));
	snprintf(r->scenario, sizeof(r->scenario), "%s", row_name[mem]);
	snprintf(r->cpu, sizeof(r->cpu), "all");
	r->threads = nproc;
	r->iters = iters;
	r->shape = SHAPE_COUNTER;
	memset(shm, 0, sizeof(*shm));
	if (pipe(gate)) {
		errmsg("pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe(report)) {
		errmsg("pipe: %s", strerror(errno));
		close(gate[0]);
		close(gate[1]);
		return -1;
	}
	forked = fork_children(mem, nproc, iters, shm, gate, report);
	close(report[1]);
	if (forked < nproc) {
		/* A byte each: they leave without counting. */
		for (i = 0; i < forked; i++)
			if (write(gate[1], "x", 1) != 1)
				break;
		close(gate[1]);
		for (i = 0; i < forked; i++)
			while (wait(NULL) < 0 && errno == EINTR)
				;
		goto out;
	}
	start = now_ns();
	close(gate[1]);
	for (i = 0; mem == MEM_PRIVATE && i < nproc; i++) {
		if (read(report[0], &got, sizeof(got)) != (ssize_t)sizeof(got))
			break;	/* a child failed: reap() says so */
		min = got < min ? got : min;
		max = got > max ? got : max;
	}
	if (reap(r, (int)forked))
		goto out;
	r->elapsed_ns = now_ns() - start;
	fill_row(mem, r, min, max, shm);
	ret = 0;
out:
	close(report[0]);
	close(gate[0]);
	return ret;
}

/* A directory as a message quotes it: its first 200 bytes. */
static const char *dirname_short(const char *dir)
{
	static char buf[204];

	snprintf(buf, sizeof(buf), "%.200s", dir);
	return buf;
}

/* ---- the kernel's row --------------------------------------------------- */

/*
 * race with the same threads and iters when the module is loaded and
 * control is writable (root); else its latest result, if any.  *@have says
 * whether @r holds a row; @note says what the row is, or why there is none.
 */
static int kernel_row(const char *dir, const struct run_opts *o, struct result *r, int *have,
		      char *note, size_t size)
{
	const struct scenario *s;
	struct scenario_list sl;
	struct result_list rl;
	const struct result *found;
	char path[PATH_MAX];
	struct stat st;
	int ret;

	*have = 0;
	note[0] = '\0';
	if (stat(dir, &st) && (errno == ENOENT || errno == ENOTDIR)) {
		snprintf(note, size, "kernel: the synclab module is not loaded (no %s), so the "
			 "row of kthreads sharing one counter is missing: make demo shows it in "
			 "a VM; or sudo insmod module/synclab.ko, then sudo synclab processes",
			 dirname_short(dir));
		return EXIT_OK;
	}
	ret = load_scenarios(dir, &sl);
	if (ret)
		return ret;
	s = scenario_find(&sl, "race");
	if (!s) {
		errmsg("%s/scenarios has no race scenario: is it the synclab module's?", dir);
		scenario_list_free(&sl);
		return EXIT_ERROR;
	}
	snprintf(path, sizeof(path), "%s/control", dir);
	if (!access(path, W_OK)) {
		ret = run_scenario(dir, s, o, isatty(STDERR_FILENO), r, have);
		scenario_list_free(&sl);
		if (*have)
			r->shape = SHAPE_COUNTER;
		if (ret != EXIT_BUSY)
			return ret;
		snprintf(note, size, "kernel: race did not run: another run is in progress");
	} else {
		scenario_list_free(&sl);
		snprintf(note, size, "kernel: race did not run: writing %.200s needs root "
			 "(sudo synclab processes)", path);
	}
	ret = load_results(dir, &rl);
	if (ret)
		return ret;
	found = result_find(&rl, "race");
	if (found) {
		*r = *found;
		r->shape = SHAPE_COUNTER;
		*have = 1;
		snprintf(note + strlen(note), size - strlen(note), "; its row is the latest race "
			 "run the module recorded");
	} else {
		snprintf(note + strlen(note), size - strlen(note), "; race has not run yet");
	}
	result_list_free(&rl);
	return EXIT_OK;
}

/* ---- the command -------------------------------------------------------- */

/* A count given as --threads/--iters (or threads=, iters=), within [1, max]. */
static int parse_count(const char *val, const char *what, unsigned long max, unsigned long def,
		       unsigned long *out)
{
	unsigned long long v;
	char *end;

	if (!val) {
		*out = def;
		return EXIT_OK;
	}
	errno = 0;
	v = strtoull(val, &end, 10);
	if (*val < '0' || *val > '9' || *end || errno || v < 1 || v > max)
		return usage_error("processes: %s '%.32s' is not a number from 1 to %lu", what,
				   val, max);
	*out = (unsigned long)v;
	return EXIT_OK;
}

/* The sentence under the table: what the rows prove, with their figures. */
static void conclusion(char *buf, size_t size, const struct result *v, int have_kernel)
{
	const struct result *priv = &v[MEM_PRIVATE], *sh = &v[MEM_SHARED], *at = &v[MEM_ATOMIC];
	size_t len;

	if (priv->verdict != SYNCLAB_OK)
		len = snprintf(buf, size, "conclusion: the children's copies were not separate: "
			       "something is wrong with fork here");
	else
		len = snprintf(buf, size, "conclusion: separate memory: each child counted to "
			       "%llu in its own copy, the parent's total stayed %llu",
			       priv->iters, priv->actual);
	if (sh->lost > 0)
		len += snprintf(buf + len, size - len, "; shared memory (MAP_SHARED) brings the "
				"race back: %lld updates lost", sh->lost);
	else
		len += snprintf(buf + len, size - len, "; on shared memory (MAP_SHARED) no update "
				"was lost this time (one CPU, or luck: try more --iters)");
	len += snprintf(buf + len, size - len, ", and an atomic add %s",
			at->verdict != SYNCLAB_OK ? "was NOT exact" : "is exact");
	if (have_kernel && len < size)
		snprintf(buf + len, size - len, "; kthreads share everything, like threads "
			 "(race: %lld lost)", v[3].lost);
}

int cmd_processes(const char *dir, enum out_format fmt, const struct run_opts *o)
{
	char note[512], text[512], kthreads[24], kiters[24];
	unsigned long nproc, iters;
	struct shm *shm;
	struct run_opts ko = { { NULL } };
	struct result *v;
	int p, ret, have = 0, bad = 0;
	enum memory mem;

	for (p = 0; p < SYNCLAB_NR_PARAMS; p++)
		if (o->val[p] && p != SYNCLAB_P_THREADS && p != SYNCLAB_P_ITERS)
			return usage_error("processes takes --threads and --iters, not %s",
					   synclab_param_name[p]);
	ret = parse_count(o->val[SYNCLAB_P_THREADS], "--threads", PROCESSES_MAX,
			  PROCESSES_DEFAULT, &nproc);
	if (!ret)
		ret = parse_count(o->val[SYNCLAB_P_ITERS], "--iters",
				  synclab_param_max[SYNCLAB_P_ITERS], PROCESS_ITERS_DEFAULT, &iters);
	if (ret)
		return ret;
	shm = MAP_FAILED;
	v = calloc(4, sizeof(*v));
	if (v)
		shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			   -1, 0);
	if (!v || shm == MAP_FAILED) {
		errmsg("%s", !v ? "out of memory" : "mmap of a shared page failed");
		ret = EXIT_ERROR;
		goto out;
	}
	for (mem = MEM_PRIVATE; mem <= MEM_ATOMIC; mem++) {
		if (run_processes(mem, nproc, iters, shm, &v[mem])) {
			ret = EXIT_ERROR;
			goto out;
		}
		bad |= v[mem].verdict == SYNCLAB_FAIL;
	}
	/* The kernel's threads: as many, as many increments each. */
	snprintf(kthreads, sizeof(kthreads), "%lu", nproc);
	snprintf(kiters, sizeof(kiters), "%lu", iters);
	ko.val[SYNCLAB_P_THREADS] = kthreads;
	ko.val[SYNCLAB_P_ITERS] = kiters;
	ret = kernel_row(dir, &ko, &v[3], &have, note, sizeof(note));
	print_results(stdout, fmt, v, 3 + have);
	if (fmt == FMT_TABLE) {
		conclusion(text, sizeof(text), v, have);
		fputc('\n', stdout);
		print_text(stdout, text);
	}
	if (note[0]) {
		if (fmt == FMT_TABLE)
			print_text(stdout, note);
		else
			errmsg("%s", note);
	}
	if (ret == EXIT_OK && (bad || (have && v[3].verdict == SYNCLAB_FAIL)))
		ret = EXIT_VERDICT_FAIL;
out:
	if (shm != MAP_FAILED)
		munmap(shm, sizeof(*shm));
	free(v);
	return ret;
}
