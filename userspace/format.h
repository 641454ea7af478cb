/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output of the synclab tool: aligned tables that fit 80 columns, JSON
 * (one object per result, an array for several) and CSV (a header row,
 * then the same figures as /proc/synclab/results, unrounded).
 */
#ifndef SYNCLAB_FORMAT_H
#define SYNCLAB_FORMAT_H

#include <stdio.h>

#include "procfiles.h"

#define TABLE_WIDTH	80

enum out_format {
	FMT_TABLE,
	FMT_JSON,
	FMT_CSV,
};

int format_parse(const char *name, enum out_format *fmt);

void json_string(FILE *f, const char *s);
void json_value(FILE *f, const char *s);
void csv_field(FILE *f, const char *s);
int json_is_number(const char *s);

/* "100.412 ms", "1.250 s", "301.2 µs" */
void fmt_duration(char *buf, size_t size, unsigned long long ns);
/* Exact below 100000, else three significant digits: "400k", "20.1M". */
void fmt_compact(char *buf, size_t size, unsigned long long v, int negative);

/* @s word-wrapped to TABLE_WIDTH columns, and a newline. */
void print_text(FILE *f, const char *s);

/* What a result's expected and actual count, told by its own keys. */
enum result_kind {
	KIND_COUNTER,		/* increments of the shared counter */
	KIND_CLASSIC,		/* thread i adds i */
	KIND_READ_MOSTLY,	/* the writes only (reads, writes) */
	KIND_LIMIT,		/* acquisitions of a permit (max_concurrent) */
	KIND_EVENT,		/* wakeups of the waiters (rounds) */
	KIND_QUEUE,		/* items through a buffer (produced) */
	KIND_PROGRAM,		/* a program of its own */
	KIND_PRIVATE,		/* processes, each its own copy: the parent's total */
	KIND_PROCESSES,		/* processes on a shared mapping: its total */
};

enum result_kind result_kind(const struct result *r);
/* 1 when the result is a loop of operations, so that ns/op means something. */
int result_per_op(const struct result *r);
/* "ok: max_concurrent 3 <= limit 3, ...": the verdict and the invariant it is about. */
void verdict_text(char *buf, size_t size, const struct result *r);

void print_scenarios(FILE *f, enum out_format fmt, const struct scenario_list *l);
void print_status(FILE *f, enum out_format fmt, const struct status *st);
void print_result(FILE *f, enum out_format fmt, const struct result *r);
void print_results(FILE *f, enum out_format fmt, const struct result *v, int n);

#endif /* SYNCLAB_FORMAT_H */
