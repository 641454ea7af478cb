/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interleaving of a traced run (/proc/synclab/trace) as text
 * (tracetext.c): a timeline with one column per thread, or one event per
 * line for more than TRACE_COLUMNS_MAX threads, and a summary naming the
 * updates overwritten; and as a picture (tracesvg.c).
 */
#ifndef SYNCLAB_TRACE_H
#define SYNCLAB_TRACE_H

#include <stdio.h>

#include "format.h"
#include "procfiles.h"

#define TRACE_COLUMNS_MAX	6

/* The text of one event: "read 3", "sleep 100ms", "write 6". */
void trace_event_text(char *buf, size_t size, const struct trace_event *ev);
/* "overwrote T4: total was 7", or "" when the write lost nothing. */
void trace_event_note(char *buf, size_t size, const struct trace_event *ev);
/*
 * The updates the trace shows overwritten: by[i] is the event that
 * overwrote write i (another thread's write based on a read from before
 * it), or -1; by has room for every event.  Returns their number.
 */
int trace_overwritten(const struct trace *tr, long *by);
int trace_overwritten_count(const struct trace *tr);
/* What write @w added to the total it read; -1 when the trace does not show it. */
long long trace_increment(const struct trace *tr, size_t w);

/*
 * An admission trace (sem-limit): enter and leave events of a section that
 * admits a limited number of threads at once, rather than reads and writes.
 */
int trace_is_admission(const struct trace *tr);
/* The most threads inside at once, counting enters and leaves in trace order. */
int trace_max_inside(const struct trace *tr);
/*
 * The waves of an admission trace: wave[i] is the wave of enter event i,
 * counted from 0 (-1 for the other events); wave has room for every event.
 * An entry starts a new wave when it comes more than half the mean holding
 * time after the previous entry.  Returns the number of waves.
 */
int trace_waves(const struct trace *tr, int *wave);

void print_trace(FILE *f, enum out_format fmt, const struct trace *tr);

/*
 * The trace as an SVG picture (tracesvg.c): a lane per thread, reads, writes
 * and sleeps as marks, an arrow from each overwritten update to the write
 * that replaced it, time on a broken axis.  0, or -1 when @f reports an error.
 */
int trace_svg(FILE *f, const struct trace *tr);

#endif /* SYNCLAB_TRACE_H */
