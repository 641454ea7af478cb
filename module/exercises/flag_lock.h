/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exercise 02 (exercises/02-flag-lock/): the flag lock the student writes in
 * flag_lock.c, and that the harness ex-flag-lock (flag_lock.c here) uses.
 */
#ifndef SYNCLAB_EX_FLAG_LOCK_H
#define SYNCLAB_EX_FLAG_LOCK_H

#include <linux/atomic.h>
#include <linux/processor.h>

struct flag_lock {
	atomic_t flag;			/* 1 while a thread holds the lock */
};

void flag_lock_init(struct flag_lock *l);
/* For sparse (make C=1): flag_lock() returns holding @l, flag_unlock() drops it. */
void flag_lock(struct flag_lock *l) __acquires(l);
void flag_unlock(struct flag_lock *l) __releases(l);

#endif /* SYNCLAB_EX_FLAG_LOCK_H */
