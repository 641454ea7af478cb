// SPDX-License-Identifier: GPL-2.0
/*
 * rwsem: a read-mostly counter under struct rw_semaphore.  Readers share
 * the lock (down_read), a writer has it alone (down_write); with most
 * operations reads, readers run side by side where a mutex would queue
 * them.  Each operation is a read with probability read_pct percent.
 */
#include <linux/rwsem.h>

#include "synclab.h"

struct rwsem_counter {
	struct rw_semaphore sem;	/* protects run->counter */
};

static int rwsem_setup(struct synclab_run *run)
{
	struct rwsem_counter *r = run->priv;

	init_rwsem(&r->sem);
	return 0;
}

static void rwsem_op(struct synclab_run *run, struct synclab_thread *t)
{
	struct rwsem_counter *r = run->priv;

	if (synclab_read_turn(run, t)) {
		down_read(&r->sem);
		/* What a reader would use; the writers are kept out. */
		t->sc_stat[SYNCLAB_STAT_READS] += run->counter != ULONG_MAX;
		up_read(&r->sem);
	} else {
		down_write(&r->sem);
		run->counter++;
		up_write(&r->sem);
		t->sc_stat[SYNCLAB_STAT_WRITES]++;
	}
}

static bool rwsem_check(struct synclab_run *run, struct synclab_result *res)
{
	synclab_check_reads_writes(run, res);
	return true;
}

const struct synclab_scenario synclab_rwsem = {
	.name		= "rwsem",
	.description	= "read-mostly: readers share an rw_semaphore, writers have it alone",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(READ_PCT) |
			  SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_READ_PCT]	= 90,
	},
	.priv_size	= sizeof(struct rwsem_counter),
	.setup		= rwsem_setup,
	.increment	= rwsem_op,
	.check		= rwsem_check,
};
