/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exercise 06 (exercises/06-producer-consumer/): the bounded buffer that
 * the student writes in prodcons.c, Python's Queue(maxsize) built the way
 * the Condition lesson builds it, and that the harness ex-prodcons
 * (prodcons.c here) uses.
 *
 * The buffer is a ring of `limit` slots: the oldest item is in slot[head],
 * the next free slot is slot[(head + count) % limit].  A spinlock guards
 * it; a thread that must wait sleeps on a wait queue, never while holding
 * the spinlock.
 */
#ifndef SYNCLAB_EX_PRODCONS_H
#define SYNCLAB_EX_PRODCONS_H

#include <linux/compiler.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

struct prodcons {
	spinlock_t lock;		/* guards head, count and slot[] */
	unsigned int head;		/* the slot of the oldest item */
	unsigned int count;		/* items in the buffer */
	unsigned int limit;		/* slots */
	u32 *slot;
	wait_queue_head_t not_full;	/* producers sleep here while it is full */
	wait_queue_head_t not_empty;	/* consumers sleep here while it is empty */
	bool stopped;			/* the harness ends the run: see below */
};

/*
 * True once the harness stops the run.  It sets the flag, then wakes
 * everyone on both wait queues: each wait must end when this is true, and
 * put or get then return -EINTR.
 */
static inline bool prodcons_stopped(const struct prodcons *q)
{
	return READ_ONCE(q->stopped);
}

/* Queue(maxsize=limit): an empty buffer of @limit slots, at @slot. */
void prodcons_init(struct prodcons *q, u32 *slot, unsigned int limit);

/*
 * Queue.put(item): adds @item after the others, sleeping while the buffer
 * is full.  0, or -EINTR if the run was stopped first (nothing added).
 */
int prodcons_put(struct prodcons *q, u32 item);

/*
 * Queue.get(): takes the oldest item into *@item, sleeping while the
 * buffer is empty.  0, or -EINTR if the run was stopped first (nothing
 * taken).
 */
int prodcons_get(struct prodcons *q, u32 *item);

#endif /* SYNCLAB_EX_PRODCONS_H */
