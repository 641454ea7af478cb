// SPDX-License-Identifier: GPL-2.0
/*
 * trylock: a thread that finds the lock taken does other work and comes
 * back, instead of waiting (Python's lock.acquire(False)).  It first asks
 * mutex_is_locked(), like lock.locked(): only a hint, since the lock can be
 * taken between the question and mutex_trylock(), which trylock_fail
 * counts.  The total stays exact: only a successful trylock touches it.
 */
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/sched.h>

#include "synclab.h"

#define TRY_OK		0	/* sc_stat slots */
#define TRY_FAIL	1
#define TRY_SEEN	2

struct trylock_counter {
	struct mutex lock;		/* protects run->counter */
};

static int trylock_counter_setup(struct synclab_run *run)
{
	struct trylock_counter *tc = run->priv;

	mutex_init(&tc->lock);
	return 0;
}

static void trylock_counter_increment(struct synclab_run *run, struct synclab_thread *t)
{
	struct trylock_counter *tc = run->priv;
	unsigned long misses = 0;

	for (;;) {
		if (!mutex_is_locked(&tc->lock)) {
			if (mutex_trylock(&tc->lock))
				break;
			t->sc_stat[TRY_FAIL]++;
		} else {
			t->sc_stat[TRY_SEEN]++;
		}
		/* "Other work", then try again; the holder may need this CPU. */
		ndelay(100);
		if (!(++misses & 63)) {
			cond_resched();
			if (synclab_stopping(run))
				return;
		}
	}
	t->sc_stat[TRY_OK]++;
	run->counter++;
	mutex_unlock(&tc->lock);
}

static bool trylock_counter_check(struct synclab_run *run, struct synclab_result *res)
{
	synclab_add_extra(res, "trylock_ok", synclab_sum_stat(run, TRY_OK));
	synclab_add_extra(res, "trylock_fail", synclab_sum_stat(run, TRY_FAIL));
	synclab_add_extra(res, "locked_seen", synclab_sum_stat(run, TRY_SEEN));
	return true;
}

static void trylock_counter_teardown(struct synclab_run *run)
{
	struct trylock_counter *tc = run->priv;

	mutex_destroy(&tc->lock);
}

const struct synclab_scenario synclab_trylock = {
	.name		= "trylock",
	.description	= "mutex_is_locked() + mutex_trylock(): do other work instead of waiting",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.priv_size	= sizeof(struct trylock_counter),
	.setup		= trylock_counter_setup,
	.increment	= trylock_counter_increment,
	.check		= trylock_counter_check,
	.teardown	= trylock_counter_teardown,
};
