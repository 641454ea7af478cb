// SPDX-License-Identifier: GPL-2.0
/*
 * ex-flag-lock: the harness of exercise 02.  naive-spin's counter, guarded by
 * the student's flag lock (exercises/02-flag-lock/flag_lock.c): lock, read
 * the total, write it plus one, unlock.  Every lost update is two threads
 * inside at once.  The accesses to the total are plain on purpose: KCSAN
 * watches them, and reports any two that overlap.
 */
#include "synclab.h"
#include "flag_lock.h"

static int ex_flag_lock_setup(struct synclab_run *run)
{
	flag_lock_init(run->priv);
	return 0;
}

static void ex_flag_lock_increment(struct synclab_run *run, struct synclab_thread *t)
{
	unsigned long tmp;

	flag_lock(run->priv);
	tmp = run->counter;
	barrier();
	run->counter = tmp + 1;
	flag_unlock(run->priv);
}

const struct synclab_scenario synclab_ex_flag_lock = {
	.name		= "ex-flag-lock",
	.description	= "exercise 02: the counter under your flag lock",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_ITERS]	= 100000,
	},
	.priv_size	= sizeof(struct flag_lock),
	.setup		= ex_flag_lock_setup,
	.increment	= ex_flag_lock_increment,
};
