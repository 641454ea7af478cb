/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interleaving of a traced run (/proc/synclab/trace) as a timeline:
 * one column per thread, or one event per line for more than
 * TRACE_COLUMNS_MAX threads, and a summary naming whose updates were lost.
 */
#ifndef SYNCLAB_TRACE_H
#define SYNCLAB_TRACE_H

#include <stdio.h>

#include "format.h"
#include "proc.h"

#define TRACE_COLUMNS_MAX	6

/* The text of one event: "read 3", "sleep 100ms", "write 6". */
void trace_event_text(char *buf, size_t size, const struct trace_event *ev);
/* "overwrote T4: total was 7", or "" when the write lost nothing. */
void trace_event_note(char *buf, size_t size, const struct trace_event *ev);
/* Number of updates the trace shows as lost (threads named in overwrote=). */
int trace_lost_count(const struct trace *tr);

void print_trace(FILE *f, enum out_format fmt, const struct trace *tr);

#endif /* SYNCLAB_TRACE_H */
