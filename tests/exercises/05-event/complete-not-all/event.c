// SPDX-License-Identifier: GPL-2.0
/*
 * A wrong answer to exercise 05, for the grader's tests: the clear is
 * right, but the set is complete(), which lets a single wait pass.  With
 * one waiter every round works; with more, the others sleep until the run
 * is stopped.
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
	complete(&ev->done);
}

void event_clear(struct event *ev)
{
	reinit_completion(&ev->done);
}
