// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 05, for the grader's tests: the set releases
 * every waiter, but the clear does nothing.  The event stays set after the
 * first round, so the waiters of the second pass before its set.
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
}
