/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab's tracepoints: a run's start and end, and each traced read,
 * sleep and write, for the kernel's own tracers (tracefs, trace-cmd, perf)
 * to show next to sched_switch and lock:contention_begin/end.
 *
 * The read, sleep and write events are emitted where trace.c records the
 * same events for /proc/synclab/trace, so both tell the same interleaving.
 * trace.c defines CREATE_TRACE_POINTS before including this header.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM synclab

#if !defined(SYNCLAB_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define SYNCLAB_TRACE_H

#include <linux/tracepoint.h>

#include "synclab.h"

/* The verdict's names in the event format, for trace-cmd and perf to print. */
TRACE_DEFINE_ENUM(SYNCLAB_OK);
TRACE_DEFINE_ENUM(SYNCLAB_RACE);
TRACE_DEFINE_ENUM(SYNCLAB_FAIL);
TRACE_DEFINE_ENUM(SYNCLAB_STOPPED);

TRACE_EVENT(synclab_run_start,
	    TP_PROTO(const struct synclab_run *run),
	    TP_ARGS(run),
	    TP_STRUCT__entry(__array(char, scenario, SYNCLAB_NAME_MAX)
			     __field(unsigned int, threads)
			     __field(unsigned int, iters)),
	    TP_fast_assign(strscpy(__entry->scenario, run->sc->name, SYNCLAB_NAME_MAX);
			   __entry->threads = run->p[SYNCLAB_P_THREADS];
			   __entry->iters = run->p[SYNCLAB_P_ITERS];),
	    TP_printk("scenario=%s threads=%u iters=%u",
		      __entry->scenario, __entry->threads, __entry->iters)
);

TRACE_EVENT(synclab_run_end,
	    TP_PROTO(const struct synclab_result *res),
	    TP_ARGS(res),
	    TP_STRUCT__entry(__array(char, scenario, SYNCLAB_NAME_MAX)
			     __field(u64, expected)
			     __field(u64, actual)
			     __field(s64, lost)
			     __field(int, verdict)),
	    TP_fast_assign(strscpy(__entry->scenario, res->scenario, SYNCLAB_NAME_MAX);
			   __entry->expected = res->expected;
			   __entry->actual = res->actual;
			   __entry->lost = res->lost;
			   __entry->verdict = res->verdict;),
	    TP_printk("scenario=%s expected=%llu actual=%llu lost=%lld verdict=%s",
		      __entry->scenario, __entry->expected, __entry->actual, __entry->lost,
		      __print_symbolic(__entry->verdict,
				       { SYNCLAB_OK, "ok" },
				       { SYNCLAB_RACE, "race" },
				       { SYNCLAB_FAIL, "fail" },
				       { SYNCLAB_STOPPED, "stopped" }))
);

/* A read of the shared total, or a sleep of @value microseconds. */
DECLARE_EVENT_CLASS(synclab_step,
		    TP_PROTO(unsigned int thread, unsigned long value),
		    TP_ARGS(thread, value),
		    TP_STRUCT__entry(__field(unsigned int, thread)
				     __field(unsigned long, value)),
		    TP_fast_assign(__entry->thread = thread;
				   __entry->value = value;),
		    TP_printk("thread=%u value=%lu", __entry->thread, __entry->value)
);

DEFINE_EVENT(synclab_step, synclab_read,
	     TP_PROTO(unsigned int thread, unsigned long value),
	     TP_ARGS(thread, value)
);

DEFINE_EVENT(synclab_step, synclab_sleep,
	     TP_PROTO(unsigned int thread, unsigned long value),
	     TP_ARGS(thread, value)
);

/* A write of @value over the total @was, which another thread may have written. */
TRACE_EVENT(synclab_write,
	    TP_PROTO(unsigned int thread, unsigned long value, unsigned long was),
	    TP_ARGS(thread, value, was),
	    TP_STRUCT__entry(__field(unsigned int, thread)
			     __field(unsigned long, value)
			     __field(unsigned long, was)),
	    TP_fast_assign(__entry->thread = thread;
			   __entry->value = value;
			   __entry->was = was;),
	    TP_printk("thread=%u value=%lu was=%lu",
		      __entry->thread, __entry->value, __entry->was)
);

#endif /* SYNCLAB_TRACE_H */

/* Out of the kernel tree: define_trace.h finds this file in the module's directory. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE synclab_trace
#include <trace/define_trace.h>
