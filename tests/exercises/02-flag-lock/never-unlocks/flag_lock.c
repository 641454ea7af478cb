// SPDX-License-Identifier: GPL-2.0
/* Seeded wrong answer: the unlock forgets to clear the flag; the second lock spins forever. */
#include "flag_lock.h"

void flag_lock_init(struct flag_lock *l)
{
	atomic_set(&l->flag, 0);
}

void flag_lock(struct flag_lock *l)
{
	while (atomic_xchg_acquire(&l->flag, 1))
		cpu_relax();
}

void flag_unlock(struct flag_lock *l)
{
	smp_mb();
}
