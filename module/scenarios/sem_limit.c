// SPDX-License-Identifier: GPL-2.0
/*
 * sem-limit: a server that can serve `limit` clients at once.  `threads`
 * clients share a counting semaphore of `limit` permits and hold one for
 * hold_us.  The most holders ever seen at once must not exceed the limit.
 *
 * struct semaphore, like Python's Semaphore, lets up() raise the count past
 * its start: a bug that silently admits one client too many.  The release
 * here is bounded, like BoundedSemaphore: it refuses to give back a permit
 * nobody took, and the run proves it by trying once at the end.
 *
 * Each client's entry and leave go to the trace (/proc/synclab/trace): with
 * the defaults, 10 clients of 10 ms each and 3 permits, they pass in waves of
 * three.
 */
#include <linux/atomic.h>
#include <linux/semaphore.h>

#include "synclab.h"

struct sem_limit {
	struct semaphore sem;
	atomic_t taken;			/* permits held, for the bounded release */
	atomic_t holders;		/* clients inside right now */
	atomic_t max_holders;
};

static int sem_limit_setup(struct synclab_run *run)
{
	struct sem_limit *s = run->priv;

	sema_init(&s->sem, run->p[SYNCLAB_P_LIMIT]);
	return 0;
}

/* up(), but only for a permit that was taken: -EOVERFLOW otherwise. */
static int sem_limit_release(struct sem_limit *s)
{
	if (atomic_dec_if_positive(&s->taken) < 0)
		return -EOVERFLOW;
	up(&s->sem);
	return 0;
}

static void sem_limit_note_holders(struct sem_limit *s, int now)
{
	int max = atomic_read(&s->max_holders);

	while (now > max && !atomic_try_cmpxchg(&s->max_holders, &max, now))
		;
}

static void sem_limit_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct sem_limit *s = run->priv;
	unsigned int i;
	int inside;

	/* A stopped run leaves at once, not after its remaining acquisitions. */
	for (i = 0; i < run->p[SYNCLAB_P_ITERS] && !synclab_stopping(run); i++) {
		/* down(), in slices, so that a stopped run does not wait for a permit. */
		while (down_timeout(&s->sem, SYNCLAB_POLL))
			if (synclab_stopping(run))
				return;
		atomic_inc(&s->taken);
		inside = atomic_inc_return(&s->holders);
		synclab_trace_enter(run, t, inside);
		sem_limit_note_holders(s, inside);
		synclab_sleep_us(run, run->p[SYNCLAB_P_HOLD_US]);
		synclab_trace_leave(run, t, atomic_dec_return(&s->holders));
		sem_limit_release(s);
		synclab_tick(t);
	}
}

static bool sem_limit_check(struct synclab_run *run, struct synclab_result *res)
{
	unsigned int limit = run->p[SYNCLAB_P_LIMIT];
	struct sem_limit *s = run->priv;
	int max = atomic_read(&s->max_holders);
	bool caught = sem_limit_release(s) == -EOVERFLOW;
	unsigned int permits = 0;
	unsigned int i;

	/* Count the permits left by taking them all: exactly `limit`. */
	while (permits <= limit && !down_trylock(&s->sem))
		permits++;
	for (i = 0; i < permits; i++)
		up(&s->sem);

	res->actual = synclab_sum_done(run);
	synclab_add_extra(res, "max_concurrent", max);
	synclab_add_extra(res, "overrelease_caught", caught);
	synclab_add_extra(res, "permits_after", permits);
	return max <= limit && caught && permits == limit;
}

const struct synclab_scenario synclab_sem_limit = {
	.name		= "sem-limit",
	.description	= "a counting semaphore lets at most `limit` of the threads in at once",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(HOLD_US) |
			  SYNCLAB_PB(LIMIT) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_THREADS]	= 10,
		[SYNCLAB_P_ITERS]	= 1,
		[SYNCLAB_P_HOLD_US]	= 10000,
		[SYNCLAB_P_LIMIT]	= 3,
	},
	.max		= {
		[SYNCLAB_P_ITERS]	= 10000,
	},
	.traced		= true,
	.priv_size	= sizeof(struct sem_limit),
	.setup		= sem_limit_setup,
	.thread_fn	= sem_limit_thread,
	.check		= sem_limit_check,
};
