// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 02, the reference: a test-and-set lock.
 *
 * atomic_xchg_acquire() reads the old flag and writes 1 in one step: of two
 * threads that find the lock free, only one reads 0.  The waiters read the
 * flag before trying again (test and test-and-set), so that they spin on a
 * cached copy instead of writing the line at every turn.
 */
#include "flag_lock.h"

void flag_lock_init(struct flag_lock *l)
{
	atomic_set(&l->flag, 0);
}

void flag_lock(struct flag_lock *l)
{
	while (atomic_xchg_acquire(&l->flag, 1)) {
		while (atomic_read(&l->flag))
			cpu_relax();
	}
}

void flag_unlock(struct flag_lock *l)
{
	atomic_set_release(&l->flag, 0);
}
