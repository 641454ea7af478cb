// SPDX-License-Identifier: GPL-2.0
/*
 * The interleaving trace: who read what, who wrote what, and which writes
 * overwrote another thread's update; or who entered and who left a
 * section that admits a limited number of threads at once.  Recording is lock-free (a slot is
 * claimed with one atomic increment) so that tracing changes the timing of
 * the race as little as possible; the analysis is done when it is read.
 */
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "synclab.h"

#define CREATE_TRACE_POINTS
#include "synclab_trace.h"

/* For the KUnit suite (tests/trace_kunit.c), which probes them as a tracer does. */
#if IS_ENABLED(CONFIG_KUNIT)
EXPORT_TRACEPOINT_SYMBOL_GPL(synclab_run_start);
EXPORT_TRACEPOINT_SYMBOL_GPL(synclab_run_end);
EXPORT_TRACEPOINT_SYMBOL_GPL(synclab_read);
EXPORT_TRACEPOINT_SYMBOL_GPL(synclab_sleep);
EXPORT_TRACEPOINT_SYMBOL_GPL(synclab_write);
#endif

#define SYNCLAB_TRACE_MAX	512

enum synclab_event_op { EV_READ, EV_SLEEP, EV_WRITE, EV_ENTER, EV_LEAVE };

struct synclab_event {
	u64 ns;
	unsigned long value;
	unsigned long was;		/* EV_WRITE: the counter just before */
	u16 thread;
	u8 op;
};

struct synclab_trace {
	atomic_t next;			/* slots claimed, may exceed the size */
	struct synclab_event ev[SYNCLAB_TRACE_MAX];
};

struct synclab_trace *synclab_trace_alloc(void)
{
	return kzalloc(sizeof(struct synclab_trace), GFP_KERNEL);
}

static void synclab_trace_add(struct synclab_run *run, struct synclab_thread *t,
			      enum synclab_event_op op, unsigned long value, unsigned long was)
{
	struct synclab_trace *trace = run->trace;
	struct synclab_event *ev;
	int slot;

	if (!trace)
		return;
	slot = atomic_inc_return(&trace->next) - 1;
	if (slot >= SYNCLAB_TRACE_MAX)
		return;
	ev = &trace->ev[slot];
	ev->ns = ktime_get_ns() - run->start_ns;
	ev->value = value;
	ev->was = was;
	ev->thread = t->id;
	ev->op = op;
}

/*
 * Each event goes to the kernel's tracers (synclab:synclab_read, ...) and
 * to this buffer from the same call, so that both tell the same story.
 */
void synclab_trace_read(struct synclab_run *run, struct synclab_thread *t, unsigned long val)
{
	trace_synclab_read(t->id, val);
	synclab_trace_add(run, t, EV_READ, val, 0);
}

void synclab_trace_sleep(struct synclab_run *run, struct synclab_thread *t, unsigned int us)
{
	trace_synclab_sleep(t->id, us);
	synclab_trace_add(run, t, EV_SLEEP, us, 0);
}

void synclab_trace_write(struct synclab_run *run, struct synclab_thread *t,
			 unsigned long was, unsigned long val)
{
	trace_synclab_write(t->id, val, was);
	synclab_trace_add(run, t, EV_WRITE, val, was);
}

/*
 * Entering and leaving a section that admits a limited number of threads:
 * @inside is how many are in it just after.  Record an entry after being
 * admitted and a leave before letting the next one in, so that the events'
 * order never shows more threads inside than were.
 */
void synclab_trace_enter(struct synclab_run *run, struct synclab_thread *t, unsigned int inside)
{
	synclab_trace_add(run, t, EV_ENTER, inside, 0);
}

void synclab_trace_leave(struct synclab_run *run, struct synclab_thread *t, unsigned int inside)
{
	synclab_trace_add(run, t, EV_LEAVE, inside, 0);
}

static unsigned int synclab_trace_len(const struct synclab_trace *trace)
{
	return min_t(unsigned int, atomic_read(&trace->next), SYNCLAB_TRACE_MAX);
}

/* The read of the same thread that this write is based on, or -1. */
static int synclab_trace_base(const struct synclab_trace *trace, unsigned int w)
{
	int i;

	for (i = w - 1; i >= 0; i--)
		if (trace->ev[i].thread == trace->ev[w].thread && trace->ev[i].op == EV_READ)
			return i;
	return -1;
}

static bool synclab_trace_overwrote(const struct synclab_trace *trace, unsigned int w)
{
	int r = synclab_trace_base(trace, w);

	return r >= 0 && trace->ev[w].was != trace->ev[r].value;
}

unsigned int synclab_trace_overwrites(const struct synclab_trace *trace)
{
	unsigned int i, n = 0, len = synclab_trace_len(trace);

	for (i = 0; i < len; i++)
		if (trace->ev[i].op == EV_WRITE && synclab_trace_overwrote(trace, i))
			n++;
	return n;
}

/* The other threads whose writes fell between this write and its read. */
static void synclab_trace_show_victims(struct seq_file *m, const struct synclab_trace *trace,
				       unsigned int w)
{
	DECLARE_BITMAP(named, SYNCLAB_MAX_THREADS) = { 0 };
	const char *sep = " overwrote=";
	unsigned int i, victim;

	for (i = synclab_trace_base(trace, w) + 1; i < w; i++) {
		victim = trace->ev[i].thread;
		if (trace->ev[i].op != EV_WRITE || victim == trace->ev[w].thread ||
		    __test_and_set_bit(victim, named))
			continue;
		seq_printf(m, "%s%u", sep, victim);
		sep = ",";
	}
}

void synclab_trace_show(struct seq_file *m, const struct synclab_trace *trace,
			const char *scenario, unsigned int threads)
{
	static const char *const ops[] = { "read", "sleep", "write", "enter", "leave" };
	unsigned int claimed = atomic_read(&trace->next);
	unsigned int i, len = synclab_trace_len(trace);

	seq_printf(m, "# scenario=%s threads=%u events=%u dropped=%u\n",
		   scenario, threads, len, claimed - len);
	for (i = 0; i < len; i++) {
		const struct synclab_event *ev = &trace->ev[i];

		seq_printf(m, "ns=%llu thread=%u op=%s value=%lu", ev->ns, ev->thread,
			   ops[ev->op], ev->value);
		if (ev->op == EV_WRITE) {
			seq_printf(m, " was=%lu", ev->was);
			if (synclab_trace_overwrote(trace, i))
				synclab_trace_show_victims(m, trace, i);
		}
		seq_putc(m, '\n');
	}
}
