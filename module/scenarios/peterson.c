// SPDX-License-Identifier: GPL-2.0
/*
 * peterson, peterson-mb: Peterson's lock (OSTEP ch. 28) for two threads,
 * guarding counter++.
 *
 *	flag[me] = 1;
 *	turn = other;
 *	while (flag[other] && turn == other)
 *		;
 *	counter++;
 *	flag[me] = 0;
 *
 * Its proof assumes that every thread sees the accesses in program order.
 * A CPU does not promise that: x86 keeps each store in a store buffer for a
 * while, so a load issued after the store may complete first.  Both threads
 * can then read the other's flag as 0 before either flag is visible, and
 * both enter.  peterson has plain accesses and only compiler barriers, so
 * the compiler keeps the order of the text and only the CPU reorders.
 * peterson-mb puts smp_mb() between the stores and the loads, and marks
 * every access of the lock (READ_ONCE, acquire, release): it is exact, and
 * KCSAN says nothing about it, where it reports peterson's plain accesses.
 */
#include <linux/atomic.h>
#include <linux/sched.h>

#include "synclab.h"

#define PETERSON_BOTH	0	/* sc_stat slot: entries that found the other inside */
#define PETERSON_SPINS	1	/* sc_stat slot: loop turns spent waiting */

struct peterson {
	int flag[2];
	int turn;
	atomic_t inside;		/* threads between lock and unlock */
};

/* The holder may be waiting for this CPU: yield now and then, and look at stop. */
static bool peterson_wait(struct synclab_run *run, struct synclab_thread *t)
{
	cpu_relax();
	if (++t->sc_stat[PETERSON_SPINS] & 1023)
		return true;
	cond_resched();
	return !synclab_stopping(run);
}

/* The textbook lock, as written: plain accesses, in program order for the compiler only. */
static bool peterson_lock(struct synclab_run *run, struct synclab_thread *t, struct peterson *p)
{
	unsigned int me = t->id, other = 1 - me;

	p->flag[me] = 1;
	barrier();
	p->turn = other;
	barrier();
	while (p->flag[other] && p->turn == other)
		if (!peterson_wait(run, t))
			return false;
	barrier();
	return true;
}

static void peterson_unlock(struct synclab_thread *t, struct peterson *p)
{
	barrier();
	p->flag[t->id] = 0;
}

/*
 * The fix: a full barrier after each store, so that both are visible before
 * the loads (on x86 only the second matters: it never reorders two stores);
 * acquire loads and a release store keep counter++ inside the lock.
 */
static bool peterson_mb_lock(struct synclab_run *run, struct synclab_thread *t,
			     struct peterson *p)
{
	unsigned int me = t->id, other = 1 - me;

	/* Store, then a full barrier: keeps the two stores in order. */
	smp_store_mb(p->flag[me], 1);
	/* Store, then a full barrier: both stores visible before the loads. */
	smp_store_mb(p->turn, other);
	/* Acquire: counter++ is not done before the lock is seen free. */
	while (smp_load_acquire(&p->flag[other]) && smp_load_acquire(&p->turn) == other)
		if (!peterson_wait(run, t))
			return false;
	return true;
}

static void peterson_mb_unlock(struct synclab_thread *t, struct peterson *p)
{
	/* Release: counter++ is visible before the flag says the lock is free. */
	smp_store_release(&p->flag[t->id], 0);
}

/* counter++ in two steps, and a count of the times the other thread was inside too. */
static void peterson_critical(struct synclab_run *run, struct synclab_thread *t,
			      struct peterson *p)
{
	unsigned long tmp;

	if (atomic_inc_return(&p->inside) > 1)
		t->sc_stat[PETERSON_BOTH]++;
	tmp = run->counter;
	barrier();
	run->counter = tmp + 1;
	atomic_dec(&p->inside);
}

static void peterson_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct peterson *p = run->priv;

	if (!peterson_lock(run, t, p))
		return;
	peterson_critical(run, t, p);
	peterson_unlock(t, p);
}

static void peterson_mb_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct peterson *p = run->priv;

	if (!peterson_mb_lock(run, t, p))
		return;
	peterson_critical(run, t, p);
	peterson_mb_unlock(t, p);
}

static bool peterson_check(struct synclab_run *run, struct synclab_result *res)
{
	u64 both = synclab_sum_stat(run, PETERSON_BOTH);

	synclab_add_extra(res, "both_inside", both);
	synclab_add_extra(res, "spins", synclab_sum_stat(run, PETERSON_SPINS));
	/* Two threads inside at once is the broken invariant, lost update or not. */
	return run->sc->races || !both;
}

const struct synclab_scenario synclab_peterson = {
	.name		= "peterson",
	.description	= "Peterson's lock, plain accesses: the CPU's store buffer lets both in",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_THREADS]	= 2,
		[SYNCLAB_P_ITERS]	= 20000,
	},
	.max		= { [SYNCLAB_P_THREADS] = 2 },
	.min_threads	= 2,
	.races		= true,
	.priv_size	= sizeof(struct peterson),
	.increment	= peterson_increment,
	.check		= peterson_check,
};

const struct synclab_scenario synclab_peterson_mb = {
	.name		= "peterson-mb",
	.description	= "Peterson's lock with smp_mb() between its stores and its loads: exact",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_THREADS]	= 2,
		[SYNCLAB_P_ITERS]	= 20000,
	},
	.max		= { [SYNCLAB_P_THREADS] = 2 },
	.min_threads	= 2,
	.priv_size	= sizeof(struct peterson),
	.increment	= peterson_mb_increment,
	.check		= peterson_check,
};
