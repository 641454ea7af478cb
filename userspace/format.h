/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output of the synclab tool: aligned tables that fit 80 columns, JSON
 * (one object per result, an array for several) and CSV (a header row,
 * then the same figures as /proc/synclab/results, unrounded).
 */
#ifndef SYNCLAB_FORMAT_H
#define SYNCLAB_FORMAT_H

#include <stdio.h>

#include "proc.h"

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
const char *verdict_meaning(const char *verdict);

void print_scenarios(FILE *f, enum out_format fmt, const struct scenario_list *l);
void print_status(FILE *f, enum out_format fmt, const struct status *st);
void print_result(FILE *f, enum out_format fmt, const struct result *r);
void print_results(FILE *f, enum out_format fmt, const struct result *v, int n);

#endif /* SYNCLAB_FORMAT_H */
