/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A line chart as an SVG document: one polyline and one legend entry per
 * series, y from 0 with "k/M/G" tick labels (on a log scale, powers of ten,
 * when the largest y is more than 100 times the smallest), x on a log2
 * scale with a tick at every x measured.  Writes to a FILE * and looks at
 * nothing else.
 */
#ifndef SYNCLAB_PLOT_H
#define SYNCLAB_PLOT_H

#include <stddef.h>
#include <stdio.h>

struct plot_series {
	const char *name;
	int n;
	const double *x, *y;	/* n points, x increasing and > 0; y NAN or <= 0: no point */
	const double *ylo, *yhi;	/* the spread around y, shaded; NULL: none */
};

struct plot {
	const char *title, *xlabel, *ylabel;
	const char *caption;	/* under the title, a line per newline; NULL: none */
	int nseries;
	const struct plot_series *series;
	double cpus;		/* x beyond it is shaded: more threads than CPUs; 0: none */
};

/* Writes the chart to @f; returns 0, or -1 when @f reports an error. */
int plot_svg(FILE *f, const struct plot *p);

/* A round tick step (1, 2 or 5 times a power of ten) for about @nticks ticks up to @max. */
double plot_tick_step(double max, int nticks);
/* "0", "750", "500k", "1.5M", "2G": at most three significant digits. */
void plot_si_label(char *buf, size_t size, double v);

/* @s as the text of an SVG element or a "double-quoted" attribute: & < > " escaped. */
void xml_text(FILE *f, const char *s);

#endif /* SYNCLAB_PLOT_H */
