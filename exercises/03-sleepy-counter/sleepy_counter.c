// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 03: spinlock or mutex (see README.md).
 *
 * Every thread of ex-sleepy-counter calls sleepy_counter_inc() in a loop.
 * One count in 64 is written to a log with sleepy_log_write(), and writing
 * a record sleeps, as a write to a disk does.  The record is of the count
 * as it is, so nobody may count while it is written: the lock stays held
 * across the sleep.
 *
 * As handed out, the lock is a spinlock.  The total comes out right, but a
 * thread that holds a spinlock must never sleep.
 */
#include <linux/spinlock.h>

#include "sleepy_counter.h"

/*
 * TODO 1: a spinlock's waiters spin, and its holder runs with preemption
 * off: it must not sleep.  Make this a lock that its holder may sleep
 * under (<linux/mutex.h>).
 */
static DEFINE_SPINLOCK(sleepy_lock);

void sleepy_counter_inc(unsigned long *total)
{
	unsigned long n;

	/* TODO 2: take and release the lock of TODO 1 instead. */
	spin_lock(&sleepy_lock);
	n = *total + 1;
	*total = n;
	if (n % SLEEPY_LOG_EVERY == 0)
		sleepy_log_write(total);
	spin_unlock(&sleepy_lock);
}
