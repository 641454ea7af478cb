// SPDX-License-Identifier: GPL-2.0
/* Seeded wrong answer: atomic operations, but the test and the set still two steps. */
#include "flag_lock.h"

void flag_lock_init(struct flag_lock *l)
{
	atomic_set(&l->flag, 0);
}

void flag_lock(struct flag_lock *l)
{
	while (atomic_read(&l->flag))
		cpu_relax();
	atomic_xchg_acquire(&l->flag, 1);
}

void flag_unlock(struct flag_lock *l)
{
	atomic_set_release(&l->flag, 0);
}
