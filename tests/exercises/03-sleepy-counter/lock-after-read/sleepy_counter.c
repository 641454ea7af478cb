// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 03: a mutex, taken only for the write.  Two
 * threads read the same total, and the second write undoes the first.
 */
#include <linux/mutex.h>

#include "sleepy_counter.h"

static DEFINE_MUTEX(sleepy_lock);

void sleepy_counter_inc(unsigned long *total)
{
	unsigned long n = *total + 1;

	mutex_lock(&sleepy_lock);
	*total = n;
	if (n % SLEEPY_LOG_EVERY == 0)
		sleepy_log_write(total);
	mutex_unlock(&sleepy_lock);
}
