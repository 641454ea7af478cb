// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 02: make the flag lock a lock (see README.md).
 *
 * This is the hand-made lock of the Python lesson:
 *
 *	while spin_lock: pass
 *	spin_lock = True
 *
 * Every thread of ex-flag-lock calls flag_lock(), adds one to the shared
 * total, and calls flag_unlock().  As handed out, the total comes out short.
 */
#include "flag_lock.h"

void flag_lock_init(struct flag_lock *l)
{
	atomic_set(&l->flag, 0);
}

void flag_lock(struct flag_lock *l)
{
	/*
	 * TODO 1: the test and the set are two steps.  Two threads can both
	 * see the flag clear before either sets it, and both go in.  Make
	 * the test and the set one atomic step, which also keeps the
	 * critical section's accesses after it (acquire ordering).
	 */
	while (atomic_read(&l->flag))
		cpu_relax();
	atomic_set(&l->flag, 1);
}

void flag_unlock(struct flag_lock *l)
{
	/*
	 * TODO 2: clear the flag so that every access of the critical
	 * section is done before another thread can see it clear
	 * (release ordering).
	 */
	atomic_set(&l->flag, 0);
}
