// SPDX-License-Identifier: GPL-2.0
/*
 * ex-bounded-sem: the harness of exercise 04.  The server of the Python
 * lesson, with the student's bounded semaphore
 * (exercises/04-bounded-semaphore/): `threads` clients share `limit`
 * permits and hold one for hold_us.  The most clients inside at once must
 * not exceed the limit.  At the end the harness gives back one permit more
 * than it took, which must be refused, and counts the permits left, which
 * must be `limit`.
 */
#include <linux/atomic.h>
#include <linux/semaphore.h>

#include "synclab.h"
#include "bounded_sem.h"

struct ex_bounded_sem {
	struct bounded_sem b;
	atomic_t inside;		/* clients holding a permit now */
	atomic_t max_inside;
};

static int ex_bounded_sem_setup(struct synclab_run *run)
{
	struct ex_bounded_sem *s = run->priv;

	bounded_sem_init(&s->b, run->p[SYNCLAB_P_LIMIT]);
	return 0;
}

static void ex_bounded_sem_note(struct ex_bounded_sem *s, int now)
{
	int max = atomic_read(&s->max_inside);

	while (now > max && !atomic_try_cmpxchg(&s->max_inside, &max, now))
		;
}

static void ex_bounded_sem_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct ex_bounded_sem *s = run->priv;
	unsigned int i;

	for (i = 0; i < run->p[SYNCLAB_P_ITERS] && !synclab_stopping(run); i++) {
		/*
		 * In slices, so that a stopped run does not wait for a permit;
		 * an acquire that does not wait at all must not starve the
		 * holders of the CPU they need to give their permits back.
		 */
		while (bounded_sem_acquire(&s->b, SYNCLAB_POLL)) {
			if (synclab_stopping(run))
				return;
			cond_resched();
		}
		ex_bounded_sem_note(s, atomic_inc_return(&s->inside));
		synclab_sleep_us(run, run->p[SYNCLAB_P_HOLD_US]);
		atomic_dec(&s->inside);
		bounded_sem_release(&s->b);
		synclab_tick(t);
	}
}

static bool ex_bounded_sem_check(struct synclab_run *run, struct synclab_result *res)
{
	unsigned int limit = run->p[SYNCLAB_P_LIMIT];
	struct ex_bounded_sem *s = run->priv;
	int max = atomic_read(&s->max_inside);
	bool caught = bounded_sem_release(&s->b) == -EOVERFLOW;
	unsigned int permits = 0;

	/* Count the permits left by taking them, one more than there should be. */
	while (permits <= limit && !down_trylock(&s->b.sem))
		permits++;

	res->actual = synclab_sum_done(run);
	synclab_add_extra(res, "max_concurrent", max);
	synclab_add_extra(res, "overrelease_caught", caught);
	synclab_add_extra(res, "permits_after", permits);
	return max <= limit && caught && permits == limit;
}

const struct synclab_scenario synclab_ex_bounded_sem = {
	.name		= "ex-bounded-sem",
	.description	= "exercise 04: your bounded semaphore lets at most `limit` clients in",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(HOLD_US) |
			  SYNCLAB_PB(LIMIT) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_THREADS]	= 10,
		[SYNCLAB_P_ITERS]	= 2,
		[SYNCLAB_P_HOLD_US]	= 5000,
		[SYNCLAB_P_LIMIT]	= 3,
	},
	.max		= {
		[SYNCLAB_P_ITERS]	= 10000,
	},
	.priv_size	= sizeof(struct ex_bounded_sem),
	.setup		= ex_bounded_sem_setup,
	.thread_fn	= ex_bounded_sem_thread,
	.check		= ex_bounded_sem_check,
};
