// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05, the reference: an Event on a struct completion.
 *
 * complete_all() marks the completion done for good: it wakes every
 * waiter, and every later wait passes at once, as long as the event stays
 * set.  reinit_completion() makes it not done again; it is only safe while
 * nobody waits, as Event.clear() is here.  The wait is bounded, so that
 * the caller can give up: wait_for_completion_timeout() returns the
 * jiffies left, 0 if the time ran out.
 */
#include "event.h"

void event_init(struct event *ev)
{
	init_completion(&ev->done);
}

bool event_wait(struct event *ev, unsigned long timeout)
{
	return wait_for_completion_timeout(&ev->done, timeout) != 0;
}

void event_set(struct event *ev)
{
	complete_all(&ev->done);
}

void event_clear(struct event *ev)
{
	reinit_completion(&ev->done);
}
