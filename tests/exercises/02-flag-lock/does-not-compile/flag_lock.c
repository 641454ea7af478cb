// SPDX-License-Identifier: GPL-2.0
/* Seeded wrong answer: a file that does not compile (an undeclared name). */
#include "flag_lock.h"

void flag_lock_init(struct flag_lock *l)
{
	atomic_set(&l->flag, 0);
}

void flag_lock(struct flag_lock *l)
{
	while (atomic_xchg_acquire(&l->flags, 1))
		cpu_relax();
}

void flag_unlock(struct flag_lock *l)
{
	atomic_set_release(&l->flag, 0);
}
