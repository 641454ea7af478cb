// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05: make the event an Event (see README.md).
 *
 * Python's threading.Event, on a struct completion:
 *
 *	event.wait()	blocks while the flag is clear
 *	event.set()	sets the flag: every waiter goes on
 *	event.clear()	clears it: waiters block again
 *
 * In ex-event, `threads` waiters wait, a setter sets the event, clears it
 * once they are all through, and sets it again for a second round.  As
 * handed out, one waiter wakes up and the others sleep on.
 */
#include "event.h"

void event_init(struct event *ev)
{
	init_completion(&ev->done);
}

bool event_wait(struct event *ev, unsigned long timeout)
{
	/*
	 * Nothing to do here: a wait for the completion, bounded by
	 * @timeout.  wait_for_completion_timeout() returns 0 when the time
	 * ran out, else the jiffies that were left.
	 */
	return wait_for_completion_timeout(&ev->done, timeout) != 0;
}

void event_set(struct event *ev)
{
	/*
	 * TODO 1: complete() lets one wait pass: it wakes one waiter, or
	 * lets the next one through.  A set must let every waiter pass,
	 * the sleeping ones and those still to come, until the next clear.
	 */
	complete(&ev->done);
}

void event_clear(struct event *ev)
{
	/*
	 * TODO 2: once set, the event stays set.  Make the completion not
	 * done again, so that the next event_wait() sleeps until the next
	 * set.
	 */
}
