// SPDX-License-Identifier: GPL-2.0
/*
 * sb: the store-buffering litmus test, the smallest program that shows a
 * CPU reordering, run `iters` times.
 *
 *	thread 0		thread 1
 *	x = 1;			y = 1;
 *	r1 = y;			r2 = x;
 *
 * Under sequential consistency (one global order of every access) one of
 * the stores comes first, so r1 == 0 && r2 == 0 is impossible.  On x86 each
 * store may wait in its CPU's store buffer while the load after it reads
 * memory, and both loads read 0.  The kernel's memory model allows it too
 * (tools/memory-model/litmus-tests/SB+poonceonces.litmus: "Sometimes"), and
 * forbids it with smp_mb() between the store and the load
 * (SB+fencembonceonces.litmus).  The accesses are marked (WRITE_ONCE,
 * READ_ONCE): there is no data race here, and still no sequential
 * consistency.
 *
 * Each trial starts both threads together at a barrier, then thread 0
 * sorts the outcome and clears x and y for the next one.
 */
#include <linux/atomic.h>
#include <linux/sched.h>

#include "synclab.h"

#define SB_BOTH_ZERO	0	/* sc_stat slots of thread 0: the outcomes */
#define SB_ONE_ZERO	1
#define SB_NONE_ZERO	2

struct sb {
	atomic_t arrived;		/* barrier arrivals, two per barrier */
	int x, y;
	int r[2];
};

/* Waits until both threads have reached barrier @n; false if the run stops. */
static bool sb_barrier(struct synclab_run *run, struct sb *s, unsigned int n)
{
	unsigned int spins = 0;

	/* Fully ordered: what came before is visible to the other thread after. */
	atomic_inc_return(&s->arrived);
	while (atomic_read(&s->arrived) < 2 * n) {
		cpu_relax();
		if (!(++spins & 1023)) {
			cond_resched();
			if (synclab_stopping(run))
				return false;
		}
	}
	return true;
}

static void sb_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct sb *s = run->priv;
	int *mine = t->id ? &s->y : &s->x;
	int *theirs = t->id ? &s->x : &s->y;
	unsigned int i, n = 0;
	int zeros;

	for (i = 0; i < run->p[SYNCLAB_P_ITERS]; i++) {
		if (!sb_barrier(run, s, ++n))
			return;
		WRITE_ONCE(*mine, 1);
		WRITE_ONCE(s->r[t->id], READ_ONCE(*theirs));
		if (!sb_barrier(run, s, ++n))
			return;
		synclab_tick(t);
		if (t->id)
			continue;
		/* Thread 0 alone, until the next barrier: sort, then reset. */
		zeros = !s->r[0] + !s->r[1];
		t->sc_stat[zeros == 2 ? SB_BOTH_ZERO : zeros ? SB_ONE_ZERO : SB_NONE_ZERO]++;
		WRITE_ONCE(s->x, 0);
		WRITE_ONCE(s->y, 0);
	}
}

/* Every trial has one outcome; r1 == r2 == 0 is the reordering's. */
static bool sb_check(struct synclab_run *run, struct synclab_result *res)
{
	const u64 *out = run->threads[0].sc_stat;

	res->expected = run->p[SYNCLAB_P_ITERS];
	res->actual = out[SB_BOTH_ZERO] + out[SB_ONE_ZERO] + out[SB_NONE_ZERO];
	synclab_add_extra(res, "both_zero", out[SB_BOTH_ZERO]);
	synclab_add_extra(res, "one_zero", out[SB_ONE_ZERO]);
	synclab_add_extra(res, "none_zero", out[SB_NONE_ZERO]);
	return true;
}

const struct synclab_scenario synclab_sb = {
	.name		= "sb",
	.description	= "store buffering: x = 1; r1 = y || y = 1; r2 = x, counting r1 == r2 == 0",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_THREADS]	= 2,
		[SYNCLAB_P_ITERS]	= 5000,
	},
	.max		= { [SYNCLAB_P_THREADS] = 2 },
	.min_threads	= 2,
	.priv_size	= sizeof(struct sb),
	.thread_fn	= sb_thread,
	.check		= sb_check,
};
