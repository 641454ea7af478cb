// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 03: the early return of a count that is not
 * logged keeps the mutex.  The next mutex_lock() waits for it forever.
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
	if (n % SLEEPY_LOG_EVERY)
		return;
	sleepy_log_write(total);
	mutex_unlock(&sleepy_lock);
}
