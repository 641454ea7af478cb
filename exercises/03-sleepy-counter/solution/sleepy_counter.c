// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 03, the reference: the counter under a mutex.
 *
 * A thread that cannot take a mutex sleeps until its holder gives it up, so
 * the holder may sleep too: while it writes the log, the waiters wait off
 * the CPU, and the holder gets a CPU back when its sleep ends.  Under a
 * spinlock the holder would sleep with preemption off, and a waiter spinning
 * on every CPU would keep it from ever running again.
 */
#include <linux/mutex.h>

#include "sleepy_counter.h"

static DEFINE_MUTEX(sleepy_lock);

void sleepy_counter_inc(unsigned long *total)
{
	unsigned long n;

	mutex_lock(&sleepy_lock);
	n = *total + 1;
	*total = n;
	if (n % SLEEPY_LOG_EVERY == 0)
		sleepy_log_write(total);
	mutex_unlock(&sleepy_lock);
}
