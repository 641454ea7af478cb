// SPDX-License-Identifier: GPL-2.0
/*
 * scoped: Python's `with lock:`, a lock held for a block and released on
 * every way out of it, early returns included.  The kernel's twin is
 * linux/cleanup.h (6.5 and later):
 *
 *	scoped_guard(mutex, &s->lock) {		with lock:
 *		counter++;				counter += 1
 *		if (early)				if early:
 *			return;					return
 *	}
 *	guard(spinlock)(&s->spin);		(the rest of the function)
 *
 * The compiler runs the unlock when the guard variable goes out of scope
 * (__attribute__((cleanup))), whichever way that happens.  Every
 * SCOPED_EARLY-th step of a thread returns from inside the block.  The
 * count is exact, every thread gets the lock again after each early return
 * (the run ends), lockdep checks after each step that the thread holds no
 * lock (the debug kernels), and the lock is free after the run.
 *
 * bug=1 shows what the guard prevents: the explicit form, whose error path
 * returns with the mutex held.  Thread 0 takes that path once and leaves;
 * the others find the lock held by a thread that has finished and give up.
 * Lockdep reports the thread that exits holding it ("still has locks
 * held!"), and turns itself off until the next boot.  Never in a normal run.
 */
#include <linux/delay.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "compat.h"
#include "synclab.h"

#define SCOPED_EARLY	4	/* every 4th step of a thread returns early */

#define SCOPED_EARLIES	0	/* sc_stat slots: early returns taken */
#define SCOPED_GAVE_UP	1	/* bug=1: steps abandoned, the lock never freed */

struct scoped {
	struct mutex lock;		/* protects run->counter */
	spinlock_t spin;		/* protects passes */
	unsigned long passes;		/* steps that went past the early return */
	int left_holding;		/* bug=1: 1 + the thread that left holding the lock */
};

static int scoped_setup(struct synclab_run *run)
{
	struct scoped *s = run->priv;

	mutex_init(&s->lock);
	spin_lock_init(&s->spin);
	return 0;
}

#ifdef SYNCLAB_HAVE_GUARD
/* One step of work, with the locks scoped to their blocks. */
static void scoped_step(struct synclab_run *run, struct scoped *s, bool early)
{
	scoped_guard(mutex, &s->lock) {
		run->counter++;
		if (early)
			return;		/* leaves the block: the mutex is unlocked */
	}
	guard(spinlock)(&s->spin);	/* held until the function returns */
	s->passes++;
}
#else
/* 6.1 has no guards: every way out of the block unlocks by hand. */
static void scoped_step(struct synclab_run *run, struct scoped *s, bool early)
{
	mutex_lock(&s->lock);
	run->counter++;
	if (early) {
		mutex_unlock(&s->lock);
		return;
	}
	mutex_unlock(&s->lock);
	spin_lock(&s->spin);
	s->passes++;
	spin_unlock(&s->spin);
}
#endif

/*
 * bug=1: mutex_lock(), but giving up when the holder has left without
 * unlocking (nobody ever will) or the run stops, instead of waiting forever.
 */
static bool scoped_lock_or_give_up(struct synclab_run *run, struct scoped *s)
{
	while (!mutex_trylock(&s->lock)) {
		if (READ_ONCE(s->left_holding) || synclab_stopping(run))
			return false;
		usleep_range(10, 20);
	}
	return true;
}

/* bug=1: the explicit form, with the error path that forgets to unlock. */
static int scoped_step_buggy(struct synclab_run *run, struct synclab_thread *t,
			     struct scoped *s, bool early)
{
	if (!scoped_lock_or_give_up(run, s))
		return -EDEADLK;
	run->counter++;
	if (early && t->id == 0)
		return -EIO;	/* the bug: this error path returns with the mutex held */
	mutex_unlock(&s->lock);
	spin_lock(&s->spin);
	s->passes++;
	spin_unlock(&s->spin);
	return 0;
}

static void scoped_thread(struct synclab_run *run, struct synclab_thread *t)
{
	struct scoped *s = run->priv;
	unsigned int i;
	bool early;
	int ret;

	for (i = 1; i <= run->p[SYNCLAB_P_ITERS] && !synclab_stopping(run); i++) {
		early = !(i % SCOPED_EARLY);
		t->sc_stat[SCOPED_EARLIES] += early;
		if (!run->p[SYNCLAB_P_BUG]) {
			scoped_step(run, s, early);
			/* Out of the blocks: this thread holds neither lock. */
			lockdep_assert_not_held(&s->lock);
			lockdep_assert_not_held(&s->spin);
			synclab_tick(t);
			continue;
		}
		ret = scoped_step_buggy(run, t, s, early);
		if (ret) {
			/* Like most code after an error: give up and return. */
			if (ret == -EIO)
				WRITE_ONCE(s->left_holding, t->id + 1);
			t->sc_stat[SCOPED_GAVE_UP] += run->p[SYNCLAB_P_ITERS] - i + 1;
			return;
		}
		synclab_tick(t);
	}
}

static bool scoped_check(struct synclab_run *run, struct synclab_result *res)
{
	struct scoped *s = run->priv;
	bool locked = mutex_is_locked(&s->lock);

	synclab_add_extra(res, "early_returns", synclab_sum_stat(run, SCOPED_EARLIES));
	synclab_add_extra(res, "passes", s->passes);
	synclab_add_extra(res, "locked_after", locked);
	if (run->p[SYNCLAB_P_BUG])
		synclab_add_extra(res, "gave_up", synclab_sum_stat(run, SCOPED_GAVE_UP));
	return !locked && s->passes + synclab_sum_stat(run, SCOPED_EARLIES) == res->expected;
}

/* A mutex left locked by bug=1 is not destroyed: mutex_destroy() would warn again. */
static void scoped_teardown(struct synclab_run *run)
{
	struct scoped *s = run->priv;

	if (!mutex_is_locked(&s->lock))
		mutex_destroy(&s->lock);
}

const struct synclab_scenario synclab_scoped = {
	.name		= "scoped",
	.description	= "scoped_guard(mutex): an early return from the block still unlocks",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(BUG) |
			  SYNCLAB_PB(CPU),
	.defaults	= { [SYNCLAB_P_ITERS] = 20000 },
	.priv_size	= sizeof(struct scoped),
	.setup		= scoped_setup,
	.thread_fn	= scoped_thread,
	.check		= scoped_check,
	.teardown	= scoped_teardown,
};
