// SPDX-License-Identifier: GPL-2.0
/*
 * The SVG writer of synclab bench --plot: a small line chart, hand-written
 * as text.  Every coordinate is printed with "%.1f" in the C locale, every
 * piece of text is escaped, so the document is well-formed XML whatever
 * the series are called.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"

#define W		760
#define H		480
#define LEFT		80	/* the plot area */
#define TOP		76
#define RIGHT		(W - 190)
#define BOTTOM		(H - 60)
#define LEGEND_X	(RIGHT + 20)
#define Y_TICKS		5
#define X_LABEL_GAP	22	/* closer x tick labels are skipped */
#define XS_MAX		1024
#define LOG_Y_RATIO	100	/* a log y axis when the largest y is this much the smallest */

/* Distinct on screen and in print (the "tableau" palette). */
static const char *const colors[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
};
#define NCOLORS	(int)(sizeof(colors) / sizeof(colors[0]))

/*
 * Lines on top of each other (atomic, percpu and baseline often are) are
 * told apart by their markers and dashes as well as their colors.
 */
enum marker { M_CIRCLE, M_SQUARE, M_TRIANGLE, M_DIAMOND, M_DOWN, NMARKERS };
static const char *const dashes[] = { "", "8 4", "2 3" };
#define NDASHES	(int)(sizeof(dashes) / sizeof(dashes[0]))

double plot_tick_step(double max, int nticks)
{
	double raw, mag, f;

	if (!(max > 0) || !isfinite(max) || nticks < 1)
		return 1;
	raw = max / nticks;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	if (f <= 1)
		return mag;
	if (f <= 2)
		return 2 * mag;
	if (f <= 5)
		return 5 * mag;
	return 10 * mag;
}

void plot_si_label(char *buf, size_t size, double v)
{
	static const char suffix[] = " kMGTPE";
	int i = 0;

	if (!isfinite(v)) {
		snprintf(buf, size, "?");
		return;
	}
	while (fabs(v) >= 999.5 && i < 6) {
		v /= 1000;
		i++;
	}
	if (i)
		snprintf(buf, size, "%.3g%c", v, suffix[i]);
	else
		snprintf(buf, size, "%.3g", v);
}

void xml_text(FILE *f, const char *s)
{
	/* The characters XML gives a meaning to, and their entities. */
	static const char special[] = "&<>\"";
	static const char *const entity[] = { "&amp;", "&lt;", "&gt;", "&quot;" };
	const char *e;

	for (; *s; s++) {
		e = strchr(special, *s);
		if (e)
			fputs(entity[e - special], f);
		/* XML 1.0 allows no control characters but tab and newline. */
		else if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
			fputc('?', f);
		else
			fputc(*s, f);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The x values of every series, sorted, each once; returns their number. */
static int collect_xs(const struct plot *p, double *xs)
{
	int i, j, n = 0, u = 0;

	for (i = 0; i < p->nseries; i++)
		for (j = 0; j < p->series[i].n && n < XS_MAX; j++)
			if (isfinite(p->series[i].x[j]) && p->series[i].x[j] > 0)
				xs[n++] = p->series[i].x[j];
	qsort(xs, (size_t)n, sizeof(*xs), cmp_double);
	for (i = 0; i < n; i++)
		if (!u || xs[i] != xs[u - 1])
			xs[u++] = xs[i];
	return u;
}

struct scale {
	double xmin, xmax, ymax;
	int log_y;		/* then y from ymin to ymax, both powers of ten */
	double ymin;
};

static double px(const struct scale *s, double x)
{
	if (s->xmax <= s->xmin)
		return (LEFT + RIGHT) / 2.0;
	return LEFT + (log2(x) - log2(s->xmin)) / (log2(s->xmax) - log2(s->xmin)) *
	       (RIGHT - LEFT);
}

static double py(const struct scale *s, double y)
{
	if (s->log_y)
		return BOTTOM - (log10(y) - log10(s->ymin)) /
				(log10(s->ymax) - log10(s->ymin)) * (BOTTOM - TOP);
	return BOTTOM - y / s->ymax * (BOTTOM - TOP);
}

static int plottable(const struct scale *s, double x, double y)
{
	return isfinite(x) && x > 0 && isfinite(y) && (s->log_y ? y > 0 : y >= 0);
}

static void y_tick(FILE *f, const struct scale *s, double y)
{
	char label[32];

	plot_si_label(label, sizeof(label), y);
	fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
		LEFT, py(s, y), RIGHT, py(s, y));
	fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
		LEFT - 6, py(s, y) + 4, label);
}

static void axes(FILE *f, const struct plot *p, const struct scale *s,
		 const double *xs, int nxs, double step)
{
	double last = -1e9, y, x;
	int i;

	fprintf(f, "<g font-size=\"12\" fill=\"#333\">\n");
	if (s->log_y) {
		for (y = s->ymin; y <= s->ymax * (1 + 1e-9); y *= 10)
			y_tick(f, s, y);
	} else {
		for (i = 0; i <= Y_TICKS * 2 && (y = i * step) <= s->ymax * (1 + 1e-9); i++)
			y_tick(f, s, y);
	}
	for (i = 0; i < nxs; i++) {
		x = px(s, xs[i]);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
			x, TOP, x, BOTTOM);
		if (x - last < X_LABEL_GAP && i != nxs - 1)
			continue;
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>\n",
			x, BOTTOM + 18, xs[i]);
		last = x;
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
		LEFT, BOTTOM, RIGHT, BOTTOM);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
		LEFT, TOP, LEFT, BOTTOM);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", (LEFT + RIGHT) / 2,
		BOTTOM + 42);
	xml_text(f, p->xlabel ? p->xlabel : "");
	fprintf(f, "</text>\n<text x=\"18\" y=\"%d\" text-anchor=\"middle\" "
		"transform=\"rotate(-90 18 %d)\">", (TOP + BOTTOM) / 2, (TOP + BOTTOM) / 2);
	xml_text(f, p->ylabel ? p->ylabel : "");
	fputs(s->log_y ? " (log scale)</text>\n</g>\n" : "</text>\n</g>\n", f);
}

static void marker(FILE *f, enum marker m, double x, double y, const char *color)
{
	switch (m) {
	case M_SQUARE:
		fprintf(f, "<rect class=\"marker\" x=\"%.1f\" y=\"%.1f\" width=\"7\" "
			"height=\"7\" fill=\"%s\"/>\n", x - 3.5, y - 3.5, color);
		return;
	case M_TRIANGLE:
		fprintf(f, "<polygon class=\"marker\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
			"fill=\"%s\"/>\n", x, y - 4.5, x + 4.5, y + 3.5, x - 4.5, y + 3.5, color);
		return;
	case M_DIAMOND:
		fprintf(f, "<polygon class=\"marker\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f "
			"%.1f,%.1f\" fill=\"%s\"/>\n", x, y - 5, x + 5, y, x, y + 5, x - 5, y,
			color);
		return;
	case M_DOWN:
		fprintf(f, "<polygon class=\"marker\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
			"fill=\"%s\"/>\n", x, y + 4.5, x + 4.5, y - 3.5, x - 4.5, y - 3.5, color);
		return;
	default:
		fprintf(f, "<circle class=\"marker\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
			"fill=\"%s\"/>\n", x, y, color);
		return;
	}
}

/* The spread of the repeats: a band from the slowest to the fastest. */
static void band(FILE *f, const struct plot_series *ps, const char *color,
		 const struct scale *s)
{
	int j, first = 1;

	if (!ps->ylo || !ps->yhi)
		return;
	fprintf(f, "<polygon class=\"band\" fill=\"%s\" fill-opacity=\"0.15\" "
		"stroke=\"none\" points=\"", color);
	for (j = 0; j < ps->n; j++) {
		if (!plottable(s, ps->x[j], ps->yhi[j]) || !plottable(s, ps->x[j], ps->ylo[j]))
			continue;
		fprintf(f, "%s%.1f,%.1f", first ? "" : " ", px(s, ps->x[j]), py(s, ps->yhi[j]));
		first = 0;
	}
	for (j = ps->n - 1; j >= 0; j--) {
		if (!plottable(s, ps->x[j], ps->yhi[j]) || !plottable(s, ps->x[j], ps->ylo[j]))
			continue;
		fprintf(f, " %.1f,%.1f", px(s, ps->x[j]), py(s, ps->ylo[j]));
	}
	fputs("\"/>\n", f);
}

static void series(FILE *f, const struct plot_series *ps, int i, const struct scale *s)
{
	const char *color = colors[i % NCOLORS], *d = dashes[(i / NMARKERS) % NDASHES];
	enum marker m = (enum marker)(i % NMARKERS);
	char dash[48] = "";
	int j, first = 1;

	if (*d)
		snprintf(dash, sizeof(dash), " stroke-dasharray=\"%s\"", d);
	fputs("<g class=\"series\">\n", f);
	band(f, ps, color, s);
	fprintf(f, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" "
		"stroke-width=\"2\"%s points=\"", color, dash);
	for (j = 0; j < ps->n; j++) {
		if (!plottable(s, ps->x[j], ps->y[j]))
			continue;
		fprintf(f, "%s%.1f,%.1f", first ? "" : " ", px(s, ps->x[j]), py(s, ps->y[j]));
		first = 0;
	}
	fputs("\"/>\n", f);
	for (j = 0; j < ps->n; j++)
		if (plottable(s, ps->x[j], ps->y[j]))
			marker(f, m, px(s, ps->x[j]), py(s, ps->y[j]), color);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		"stroke-width=\"2\"%s/>\n", LEGEND_X, TOP + 10 + 20 * i, LEGEND_X + 24,
		TOP + 10 + 20 * i, color, dash);
	marker(f, m, LEGEND_X + 12, TOP + 10 + 20 * i, color);
	fprintf(f, "<text class=\"legend\" x=\"%d\" y=\"%d\" font-size=\"12\">",
		LEGEND_X + 30, TOP + 14 + 20 * i);
	xml_text(f, ps->name ? ps->name : "");
	fputs("</text>\n</g>\n", f);
}

/* Beyond the CPUs, threads wait for one: shaded, with a dashed line and a word. */
static void beyond_cpus(FILE *f, const struct plot *p, const struct scale *s)
{
	double x;

	if (!(p->cpus > 0) || !(s->xmax > p->cpus) || s->xmax <= s->xmin)
		return;
	x = p->cpus < s->xmin ? LEFT : px(s, p->cpus);
	fprintf(f, "<g class=\"beyond-cpus\">\n<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		"height=\"%d\" fill=\"#999\" fill-opacity=\"0.12\"/>\n", x, TOP, RIGHT - x,
		BOTTOM - TOP);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#666\" "
		"stroke-dasharray=\"4 3\"/>\n", x, TOP, x, BOTTOM);
	fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#444\">more threads "
		"than the %.0f CPU%s</text>\n</g>\n", x + 4, TOP + 12, p->cpus,
		p->cpus == 1 ? "" : "s");
}

int plot_svg(FILE *f, const struct plot *p)
{
	double *xs = malloc(XS_MAX * sizeof(*xs)), ymax = 0, ymin = INFINITY, step;
	struct scale s = { 0 };
	const char *c;
	int i, j, nxs;

	if (!xs)
		return -1;
	nxs = collect_xs(p, xs);
	for (i = 0; i < p->nseries; i++) {
		const struct plot_series *ps = &p->series[i];

		for (j = 0; j < ps->n; j++) {
			/* The band too must fit. */
			double ys[3] = { ps->y[j], ps->ylo ? ps->ylo[j] : NAN,
					 ps->yhi ? ps->yhi[j] : NAN };
			int k;

			for (k = 0; k < 3; k++) {
				if (!isfinite(ys[k]) || ys[k] <= 0)
					continue;
				if (ys[k] > ymax)
					ymax = ys[k];
				if (ys[k] < ymin)
					ymin = ys[k];
			}
		}
	}
	step = plot_tick_step(ymax, Y_TICKS);
	s.ymax = ymax > 0 ? ceil(ymax / step) * step : Y_TICKS * step;
	/* Figures orders of magnitude apart: a linear axis would flatten the small. */
	if (ymax > 0 && ymax / ymin > LOG_Y_RATIO) {
		s.log_y = 1;
		s.ymin = pow(10, floor(log10(ymin)));
		s.ymax = pow(10, ceil(log10(ymax)));
	}
	s.xmin = nxs ? xs[0] : 1;
	s.xmax = nxs ? xs[nxs - 1] : 1;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n", W, H, W, H);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<text class=\"title\" x=\"%d\" y=\"28\" font-size=\"16\" "
		"text-anchor=\"middle\">", W / 2);
	xml_text(f, p->title ? p->title : "");
	fputs("</text>\n", f);
	/* The caption's lines, split at its newlines. */
	for (c = p->caption, i = 0; c && *c; i++) {
		size_t len = strcspn(c, "\n");
		char line[256];

		snprintf(line, sizeof(line), "%.*s", (int)len, c);
		fprintf(f, "<text class=\"caption\" x=\"%d\" y=\"%d\" font-size=\"11\" "
			"fill=\"#444\" text-anchor=\"middle\">", W / 2, 48 + 14 * i);
		xml_text(f, line);
		fputs("</text>\n", f);
		c += len + (c[len] == '\n');
	}
	beyond_cpus(f, p, &s);
	axes(f, p, &s, xs, nxs, step);
	for (i = 0; i < p->nseries; i++)
		series(f, &p->series[i], i, &s);
	fputs("</svg>\n", f);
	free(xs);
	return ferror(f) ? -1 : 0;
}
