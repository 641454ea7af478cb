// SPDX-License-Identifier: GPL-2.0
/* Seeded wrong answer: one try, and in anyway when the lock was taken. */
#include "flag_lock.h"

void flag_lock_init(struct flag_lock *l)
{
	atomic_set(&l->flag, 0);
}

void flag_lock(struct flag_lock *l)
{
	if (atomic_xchg_acquire(&l->flag, 1))
		cpu_relax();
}

void flag_unlock(struct flag_lock *l)
{
	atomic_set_release(&l->flag, 0);
}
