// SPDX-License-Identifier: GPL-2.0
/*
 * litmus: what reordering of memory accesses this machine shows, as counts
 * of the outcomes that sequential consistency forbids, over many rounds of
 * two litmus tests run by two threads on two CPUs (make litmus).
 *
 *   mp (message passing)  writer: data = r; flag = r
 *                         reader: f = flag; d = data
 *       weak outcome: f == r && d != r, the flag seen and the data not.
 *       x86 forbids it (stores stay in order, loads stay in order); arm64
 *       allows it unless the writer orders its stores and the reader its
 *       loads (smp_wmb/smp_rmb, or a release store and an acquire load).
 *   sb (store buffering)  t0: x = r; a = y        t1: y = r; b = x
 *       weak outcome: a != r && b != r, each load missing the other
 *       thread's store. Both x86 and arm64 allow it: a store can wait in the
 *       store buffer while a later load runs; only a full fence (smp_mb)
 *       forbids it.
 *
 * Each test runs plain (relaxed atomics: the compiler keeps the order in
 * the program, the CPU need not) and fenced (the barriers that forbid the
 * weak outcome: a count above 0 there is a bug). Round r writes the value r,
 * so no location needs resetting between rounds; the threads meet at a
 * barrier before each round so that the two halves run at the same time.
 *
 * Usage: litmus [ROUNDS]   (default 300000, at most 1000000000)
 * Exit status: 0, 1 when a fenced test showed its weak outcome, 2 on bad
 * usage or when the threads could not be started.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum test { MP, MP_FENCED, SB, SB_FENCED, NTESTS };

static const char *const test_name[NTESTS] = {
	[MP] = "mp", [MP_FENCED] = "mp+fences", [SB] = "sb", [SB_FENCED] = "sb+fences",
};

static const char *const test_weak[NTESTS] = {
	[MP] = "the reader saw the flag and not the data",
	[MP_FENCED] = "the same, with smp_wmb/smp_rmb-like fences",
	[SB] = "each thread's load missed the other's store",
	[SB_FENCED] = "the same, with a full fence between store and load",
};

/* Each location on its own cache line, as two CPUs' data would be. */
#define LINE_SIZE 64
struct line {
	atomic_long v;
	char pad[LINE_SIZE - sizeof(atomic_long)];
};

struct shared {
	struct line data, flag, arrived;
	long seen[2];
};

static struct shared s;
static long rounds;
static enum test current;

#define RELAXED memory_order_relaxed

/* meet: the k-th meeting (from 0): both threads arrive before either leaves. */
static void meet(long k)
{
	long want = 2 * (k + 1);

	int spins = 0;

	atomic_fetch_add(&s.arrived.v, 1);
	/* Spin, and give the CPU away when the other thread is not running. */
	while (atomic_load(&s.arrived.v) < want)
		if (++spins % 1024 == 0)
			sched_yield();
}

static void side(int me, long r)
{
	atomic_long *mine = me ? &s.flag.v : &s.data.v;
	atomic_long *other = me ? &s.data.v : &s.flag.v;

	switch (current) {
	case MP:
	case MP_FENCED:
		if (me == 0) {
			atomic_store_explicit(&s.data.v, r, RELAXED);
			if (current == MP_FENCED)
				atomic_thread_fence(memory_order_release);
			atomic_store_explicit(&s.flag.v, r, RELAXED);
		} else {
			s.seen[0] = atomic_load_explicit(&s.flag.v, RELAXED);
			if (current == MP_FENCED)
				atomic_thread_fence(memory_order_acquire);
			s.seen[1] = atomic_load_explicit(&s.data.v, RELAXED);
		}
		break;
	case SB:
	case SB_FENCED:
		atomic_store_explicit(mine, r, RELAXED);
		if (current == SB_FENCED)
			atomic_thread_fence(memory_order_seq_cst);
		s.seen[me] = atomic_load_explicit(other, RELAXED);
		break;
	default:
		break;
	}
}

static int weak(long r)
{
	switch (current) {
	case MP:
	case MP_FENCED:
		return s.seen[0] == r && s.seen[1] != r;
	case SB:
	case SB_FENCED:
		return s.seen[0] != r && s.seen[1] != r;
	default:
		return 0;
	}
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* Best effort: on one CPU the threads still alternate. */
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *second_thread(void *arg)
{
	long r;

	(void)arg;
	pin(1);
	for (r = 1; r <= rounds; r++) {
		meet(2 * (r - 1));
		side(1, r);
		meet(2 * (r - 1) + 1);
	}
	return NULL;
}

/* run: one test over every round; returns the count of weak outcomes. */
static long run(enum test t)
{
	pthread_t other;
	long r, count = 0;
	int err;

	current = t;
	atomic_store(&s.data.v, 0);
	atomic_store(&s.flag.v, 0);
	atomic_store(&s.arrived.v, 0);
	err = pthread_create(&other, NULL, second_thread, NULL);
	if (err) {
		fprintf(stderr, "litmus: cannot start a thread: %s\n", strerror(err));
		exit(2);
	}
	pin(0);
	for (r = 1; r <= rounds; r++) {
		meet(2 * (r - 1));
		side(0, r);
		/* After the second meeting both halves of the round are done. */
		meet(2 * (r - 1) + 1);
		count += weak(r);
	}
	pthread_join(other, NULL);
	return count;
}

int main(int argc, char **argv)
{
	char *end;
	int t, bad = 0;

	rounds = 300000;
	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: litmus [ROUNDS]  (rounds per test, default 300000)\n");
		return 2;
	}
	if (argc == 2) {
		errno = 0;
		rounds = strtol(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || rounds < 1 || rounds > 1000000000) {
			fprintf(stderr,
				"litmus: ROUNDS must be a number from 1 to 1000000000, not '%s'\n",
				argv[1]);
			return 2;
		}
	}
	printf("litmus: %ld rounds per test, two threads pinned to CPUs 0 and 1\n", rounds);
	printf("%-10s %12s  %s\n", "test", "weak",
	       "(rounds with the outcome sequential consistency forbids)");
	for (t = 0; t < NTESTS; t++) {
		long n = run(t);

		printf("%-10s %12ld  %s\n", test_name[t], n, test_weak[t]);
		if ((t == MP_FENCED || t == SB_FENCED) && n)
			bad = 1;
	}
	return bad;
}
