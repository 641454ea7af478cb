/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exercise 05 (exercises/05-event/): Python's threading.Event, which the
 * student builds on a struct completion in event.c, and that the harness
 * ex-event (event.c here) uses.
 */
#ifndef SYNCLAB_EX_EVENT_H
#define SYNCLAB_EX_EVENT_H

#include <linux/completion.h>
#include <linux/types.h>

struct event {
	struct completion done;		/* done while the event is set */
};

/* Event(): a new event, not set. */
void event_init(struct event *ev);

/*
 * Event.wait(timeout): sleeps until the event is set, but at most @timeout
 * jiffies.  True if the event is set, false if the time ran out.  It must
 * return when the time runs out: the harness waits in slices, and looks
 * between two of them whether the run has been stopped.
 */
bool event_wait(struct event *ev, unsigned long timeout);

/*
 * Event.set(): every waiter passes, those asleep now and those that come
 * later, until event_clear().
 */
void event_set(struct event *ev);

/* Event.clear(): waiters block again.  Only called while nobody waits. */
void event_clear(struct event *ev);

#endif /* SYNCLAB_EX_EVENT_H */
