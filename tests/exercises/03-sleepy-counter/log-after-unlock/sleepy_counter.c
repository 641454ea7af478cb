// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 03: the spinlock kept, and the log written
 * after it is released, where sleeping is allowed.  Nothing sleeps under
 * the lock any more, but the others count while the record is written: the
 * record is stale.
 */
#include <linux/spinlock.h>

#include "sleepy_counter.h"

static DEFINE_SPINLOCK(sleepy_lock);

void sleepy_counter_inc(unsigned long *total)
{
	unsigned long n;

	spin_lock(&sleepy_lock);
	n = *total + 1;
	*total = n;
	spin_unlock(&sleepy_lock);
	if (n % SLEEPY_LOG_EVERY == 0)
		sleepy_log_write(total);
}
