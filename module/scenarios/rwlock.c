// SPDX-License-Identifier: GPL-2.0
/*
 * rwlock: a read-mostly counter under rwlock_t, the spinning reader-writer
 * lock.  Readers share it (read_lock), a writer has it alone (write_lock),
 * and whoever waits spins, as on a spinlock: nothing may sleep inside.
 * Next to rwsem, the same work with waiters that sleep.  Each operation is
 * a read with probability read_pct percent.
 */
#include <linux/spinlock.h>

#include "synclab.h"

struct rwlock_counter {
	rwlock_t lock;		/* protects run->counter */
};

static int rwlock_setup(struct synclab_run *run)
{
	struct rwlock_counter *r = run->priv;

	rwlock_init(&r->lock);
	return 0;
}

static void rwlock_op(struct synclab_run *run, struct synclab_thread *t)
{
	struct rwlock_counter *r = run->priv;

	if (synclab_read_turn(run, t)) {
		read_lock(&r->lock);
		/* What a reader would use; the writers are kept out. */
		t->sc_stat[SYNCLAB_STAT_READS] += run->counter != ULONG_MAX;
		read_unlock(&r->lock);
	} else {
		write_lock(&r->lock);
		run->counter++;
		write_unlock(&r->lock);
		t->sc_stat[SYNCLAB_STAT_WRITES]++;
	}
}

static bool rwlock_check(struct synclab_run *run, struct synclab_result *res)
{
	synclab_check_reads_writes(run, res);
	return true;
}

const struct synclab_scenario synclab_rwlock = {
	.name		= "rwlock",
	.description	= "read-mostly: readers share a spinning rwlock_t, writers have it alone",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(READ_PCT) |
			  SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_READ_PCT]	= 90,
	},
	.priv_size	= sizeof(struct rwlock_counter),
	.setup		= rwlock_setup,
	.increment	= rwlock_op,
	.check		= rwlock_check,
};
