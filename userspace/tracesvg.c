// SPDX-License-Identifier: GPL-2.0
/*
 * synclab trace --svg: the interleaving as a picture, for a handout.
 *
 * One lane per thread, time from left to right.  A read is a ring, a write
 * a square, a sleep a bar up to the thread's next event; a write another
 * thread overwrote is drawn hollow and red, with an arrow to the write that
 * replaced it.  In an admission trace (sem-limit) a thread's time inside is
 * a bar from its entry to its leave, coloured by the wave it entered with.
 * Time is on a broken axis: a gap far longer than the others (classic's
 * 100 ms sleep among events microseconds apart) is cut out and
 * drawn as a narrow break labelled with its length, and events too close to
 * tell apart are spread to a minimum distance; the tick labels give the
 * true times.  Every coordinate is printed with "%.1f", every text escaped.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "trace.h"

#define LEFT		86	/* the lane labels */
#define RIGHT		40
#define TOP		92	/* title, subtitle, legend */
#define LANE_H		58
#define AXIS_H		58
#define FOOT_H		24
#define BREAK_W		64	/* a cut-out stretch of time */
#define BREAK_RATIO	20	/* a gap cut out is this many times the median one, */
#define BREAK_SHARE	0.02	/* and this share of the whole trace at least */
#define BREAKS_MAX	4	/* the longest ones only */
#define MIN_W		720
#define SPREAD_MAX	64	/* px between events, when there are few */
#define SPREAD_FIT	1100	/* px the events of a long trace are fitted into */
#define LABEL_MIN	40	/* px between events for their labels to fit */
#define ARROWS_MAX	40
#define TICK_GAP	70	/* closer tick labels are left out */

struct layout {
	size_t n;
	double *x;		/* of each event, in trace order */
	int *brk;		/* per event: a break right before it on the axis */
	double width;		/* of the whole picture */
	double x0, x1;		/* the axis */
};

/* "135.1 ms", "20.4 µs", "2.50 s" */
static void fmt_time(char *buf, size_t size, double ns)
{
	if (ns < 1e3)
		snprintf(buf, size, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, size, "%.1f µs", ns / 1e3);
	else if (ns < 1e8)
		snprintf(buf, size, "%.2f ms", ns / 1e6);
	else if (ns < 1e9)
		snprintf(buf, size, "%.1f ms", ns / 1e6);
	else
		snprintf(buf, size, "%.2f s", ns / 1e9);
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double lane_y(unsigned int thread)
{
	return TOP + LANE_H * (thread + 0.5);
}

/*
 * x of each distinct time: each gap drawn in proportion, but at least
 * @spread apart, and a gap BREAK_RATIO times the median cut to BREAK_W.
 */
static int layout(const struct trace *tr, struct layout *l)
{
	unsigned long long *u = calloc(tr->n + 1, sizeof(*u));
	double *gap = calloc(tr->n + 1, sizeof(*gap)), *ux = calloc(tr->n + 1, sizeof(*ux));
	int *ubrk = calloc(tr->n + 1, sizeof(*ubrk));
	double median, spread, sum = 0, scale, x, room, lo, hi;
	size_t m = 0, k, i, npos = 0;
	int ret = -1, b, nbreaks = 0;

	l->n = tr->n;
	l->x = calloc(tr->n + 1, sizeof(*l->x));
	l->brk = calloc(tr->n + 1, sizeof(*l->brk));
	if (!u || !gap || !ux || !ubrk || !l->x || !l->brk)
		goto out;
	for (i = 0; i < tr->n; i++)
		u[i] = tr->ev[i].ns;
	qsort(u, tr->n, sizeof(*u), cmp_ull);
	for (i = 0; i < tr->n; i++)
		if (!m || u[i] != u[m - 1])
			u[m++] = u[i];
	for (k = 0; k + 1 < m; k++)
		if (u[k + 1] > u[k])
			gap[npos++] = (double)(u[k + 1] - u[k]);
	qsort(gap, npos, sizeof(*gap), cmp_double);
	median = npos ? gap[npos / 2] : 1;
	spread = m > 1 ? SPREAD_FIT / (double)(m - 1) : SPREAD_MAX;
	if (spread > SPREAD_MAX)
		spread = SPREAD_MAX;
	if (spread < 2)
		spread = 2;
	/* Cut out the longest gaps, far longer than the others: a wait. */
	for (b = 0; b < BREAKS_MAX; b++) {
		size_t longest = 0;
		double g, lg = 0;

		for (k = 1; k < m; k++) {
			g = (double)(u[k] - u[k - 1]);
			if (!ubrk[k] && g > lg) {
				lg = g;
				longest = k;
			}
		}
		if (!longest || lg <= BREAK_RATIO * median || lg < 1000 ||
		    lg < BREAK_SHARE * (double)(u[m - 1] - u[0]))
			break;
		ubrk[longest] = 1;
		nbreaks++;
	}
	/* The scale that fits the rest into SPREAD_FIT, none closer than spread. */
	room = SPREAD_FIT - nbreaks * BREAK_W;
	lo = 0;
	hi = 1;
	for (k = 1; k < m; k++)
		sum += ubrk[k] ? 0 : (double)(u[k] - u[k - 1]);
	if (sum > 0)
		hi = room / sum * 2 + 1;
	for (b = 0; b < 60; b++) {
		double mid = (lo + hi) / 2, w = 0;

		for (k = 1; k < m; k++)
			if (!ubrk[k])
				w += fmax(spread, (double)(u[k] - u[k - 1]) * mid);
		if (w > room)
			hi = mid;
		else
			lo = mid;
	}
	scale = lo;
	x = LEFT + 24;
	for (k = 0; k < m; k++) {
		if (k) {
			double g = (double)(u[k] - u[k - 1]);

			x += ubrk[k] ? BREAK_W : fmax(spread, g * scale);
		}
		ux[k] = x;
	}
	l->x0 = LEFT;
	l->x1 = x + 24;
	l->width = fmax(MIN_W, l->x1 + RIGHT);
	for (i = 0; i < tr->n; i++) {
		unsigned long long *p = bsearch(&tr->ev[i].ns, u, m, sizeof(*u), cmp_ull);

		k = (size_t)(p - u);
		l->x[i] = ux[k];
		l->brk[i] = ubrk[k];
	}
	ret = 0;
out:
	free(u);
	free(gap);
	free(ux);
	free(ubrk);
	return ret;
}

static void defs(FILE *f)
{
	fputs("<defs>\n"
	      "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
	      "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
	      "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#d62728\"/></marker>\n"
	      "<pattern id=\"zzz\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"8\" "
	      "fill=\"#c7c7e8\"/></pattern>\n"
	      "</defs>\n", f);
}

static void legend(FILE *f)
{
	double y = 74;

	fputs("<g class=\"legend\" font-size=\"12\" fill=\"#333\">\n", f);
	fprintf(f, "<circle cx=\"%d\" cy=\"%.1f\" r=\"5\" fill=\"white\" stroke=\"#1f77b4\" "
		"stroke-width=\"2\"/><text x=\"%d\" y=\"%.1f\">read</text>\n",
		LEFT + 6, y - 4, LEFT + 16, y);
	fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"#2ca02c\"/>"
		"<text x=\"%d\" y=\"%.1f\">write</text>\n", LEFT + 66, y - 9, LEFT + 82, y);
	fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"24\" height=\"10\" fill=\"url(#zzz)\" "
		"stroke=\"#7f7fbf\"/><text x=\"%d\" y=\"%.1f\">sleep</text>\n",
		LEFT + 130, y - 9, LEFT + 160, y);
	fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"white\" "
		"stroke=\"#d62728\" stroke-width=\"2\"/><text x=\"%d\" y=\"%.1f\">update "
		"overwritten (lost)</text>\n", LEFT + 210, y - 9, LEFT + 226, y);
	fprintf(f, "<path d=\"M%d,%.1f L%d,%.1f\" stroke=\"#d62728\" stroke-width=\"1.5\" "
		"marker-end=\"url(#arrow)\"/><text x=\"%d\" y=\"%.1f\">the write that "
		"replaced it</text>\n", LEFT + 380, y - 4, LEFT + 410, y - 4, LEFT + 416, y);
	fputs("</g>\n", f);
}

static void event_label(FILE *f, double x, double y, const char *text, const char *color)
{
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
		"fill=\"%s\">", x, y, color);
	xml_text(f, text);
	fputs("</text>\n", f);
}

/* Alternating colours of the waves of an admission trace. */
static const char *const wave_fill[] = { "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd" };
#define NR_WAVE_FILLS	(sizeof(wave_fill) / sizeof(wave_fill[0]))

static void legend_admission(FILE *f)
{
	double y = 74;
	size_t k;

	fputs("<g class=\"legend\" font-size=\"12\" fill=\"#333\">\n", f);
	for (k = 0; k < NR_WAVE_FILLS; k++)
		fprintf(f, "<rect x=\"%zu\" y=\"%.1f\" width=\"12\" height=\"10\" "
			"fill=\"%s\"/>\n", LEFT + 6 + 14 * k, y - 9, wave_fill[k]);
	fprintf(f, "<text x=\"%zu\" y=\"%.1f\">inside, from entry to leave: one colour "
		"per wave of entries (waves 1, 2, 3, 4, then again)</text>\n",
		LEFT + 12 + 14 * NR_WAVE_FILLS, y);
	fputs("</g>\n", f);
}

/* A thread's stay inside: a bar from its entry to its next event, its leave. */
static void mark_stay(FILE *f, const struct trace *tr, const struct layout *l, size_t i,
		      int wave, int labels)
{
	const struct trace_event *ev = &tr->ev[i];
	double x = l->x[i], y = lane_y(ev->thread), end = l->x1 - 8;
	char text[32];
	size_t j;

	for (j = i + 1; j < tr->n; j++)
		if (tr->ev[j].thread == ev->thread) {
			end = l->x[j];
			break;
		}
	fprintf(f, "<g class=\"inside\" data-thread=\"%u\" data-wave=\"%d\">\n<rect "
		"x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>\n",
		ev->thread, wave + 1, x, y - 7, fmax(end - x, 2),
		wave_fill[wave % NR_WAVE_FILLS]);
	if (labels) {
		snprintf(text, sizeof(text), "wave %d, %llu in", wave + 1, ev->value);
		event_label(f, (x + end) / 2, y - 12, text, "#333");
	}
	fputs("</g>\n", f);
}

static void lanes(FILE *f, const struct trace *tr, const struct layout *l)
{
	unsigned int t;

	for (t = 0; t < tr->h.threads; t++) {
		double y = lane_y(t);

		fprintf(f, "<g class=\"lane\" data-thread=\"%u\">\n", t);
		if (t % 2)
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
				"fill=\"#f6f6f6\"/>\n", l->x0, y - LANE_H / 2.0, l->x1 - l->x0,
				LANE_H);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#bbb\"/>\n", l->x0, y, l->x1, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"13\" text-anchor=\"end\" "
			"fill=\"#333\">thread %u</text>\n</g>\n", LEFT - 10, y + 4, t);
	}
}

/* The cut-out stretches: a band across the lanes, "//" on the axis, the time skipped. */
static void breaks(FILE *f, const struct trace *tr, const struct layout *l)
{
	double bottom = TOP + LANE_H * tr->h.threads, xs[1024], skipped[1024];
	size_t i, j, nb = 0;
	char d[32];

	/* Each break once: the first event after it, and the time before that. */
	for (i = 0; i < l->n && nb < 1024; i++) {
		double prev = -1;

		if (!l->brk[i])
			continue;
		for (j = 0; j < nb; j++)
			if (xs[j] == l->x[i])
				break;
		if (j < nb)
			continue;
		for (j = 0; j < l->n; j++)
			if (tr->ev[j].ns < tr->ev[i].ns && (double)tr->ev[j].ns > prev)
				prev = (double)tr->ev[j].ns;
		xs[nb] = l->x[i];
		skipped[nb++] = (double)tr->ev[i].ns - prev;
	}
	for (j = 0; j < nb; j++) {
		double xm = xs[j] - BREAK_W / 2.0;

		fmt_time(d, sizeof(d), skipped[j]);
		fputs("<g class=\"break\">\n", f);
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"white\" opacity=\"0.85\"/>\n", xm - 10, TOP, 20.0,
			bottom - TOP + 8);
		fprintf(f, "<path d=\"M%.1f,%.1f l6,-12 M%.1f,%.1f l6,-12\" stroke=\"#333\" "
			"stroke-width=\"1.5\"/>\n", xm - 7, bottom + 14, xm + 1, bottom + 14);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
			"fill=\"#555\">", xm, TOP - 4);
		xml_text(f, d);
		fputs(" later</text>\n</g>\n", f);
	}
}

static void axis(FILE *f, const struct trace *tr, const struct layout *l)
{
	double bottom = TOP + LANE_H * tr->h.threads, x = -1e9, label = -1e9;
	size_t i, pick;
	char d[32];

	fputs("<g class=\"axis\" font-size=\"11\" fill=\"#333\">\n", f);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n",
		l->x0, bottom + 8, l->x1, bottom + 8);
	/*
	 * A tick at each event time, left to right; the true time under it where
	 * there is room, and always after a break.
	 */
	for (;;) {
		for (pick = l->n, i = 0; i < l->n; i++)
			if (l->x[i] > x && (pick == l->n || l->x[i] < l->x[pick]))
				pick = i;
		if (pick == l->n)
			break;
		x = l->x[pick];
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#333\"/>\n", x, bottom + 8, x, bottom + 12);
		if (!l->brk[pick] && x - label < TICK_GAP)
			continue;
		fmt_time(d, sizeof(d), (double)tr->ev[pick].ns);
		fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
			x, bottom + 26);
		xml_text(f, d);
		fputs("</text>\n", f);
		label = x;
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time since the start "
		"gate opened (not to scale: close events are spread apart, // cuts out a "
		"long wait)</text>\n", (l->x0 + l->x1) / 2, bottom + 44);
	fputs("</g>\n", f);
}


static void marks(FILE *f, const struct trace *tr, const struct layout *l, const long *by,
		  const int *wave, int labels)
{
	char text[64], d[32];
	size_t i, j;

	for (i = 0; i < tr->n; i++) {
		const struct trace_event *ev = &tr->ev[i];
		double x = l->x[i], y = lane_y(ev->thread);

		if (!strcmp(ev->op, "enter")) {
			mark_stay(f, tr, l, i, wave[i], labels);
		} else if (!strcmp(ev->op, "leave")) {
			fprintf(f, "<line class=\"leave\" data-thread=\"%u\" x1=\"%.1f\" "
				"y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" "
				"stroke-width=\"2\"/>\n", ev->thread, x, y - 9, x, y + 9);
		} else if (!strcmp(ev->op, "sleep")) {
			double end = l->x1 - 8;

			for (j = i + 1; j < tr->n; j++)
				if (tr->ev[j].thread == ev->thread) {
					end = l->x[j];
					break;
				}
			fmt_time(d, sizeof(d), ev->value * 1e3);
			fprintf(f, "<g class=\"sleep\" data-thread=\"%u\">\n<rect x=\"%.1f\" "
				"y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"url(#zzz)\" "
				"stroke=\"#7f7fbf\"/>\n", ev->thread, x, y - 6, fmax(end - x, 2));
			snprintf(text, sizeof(text), "sleep %s", d);
			event_label(f, (x + end) / 2, y + 22, text, "#55557f");
			fputs("</g>\n", f);
		} else if (!strcmp(ev->op, "read")) {
			fprintf(f, "<g class=\"read\" data-thread=\"%u\">\n<circle cx=\"%.1f\" "
				"cy=\"%.1f\" r=\"5\" fill=\"white\" stroke=\"#1f77b4\" "
				"stroke-width=\"2\"/>\n", ev->thread, x, y);
			if (labels) {
				snprintf(text, sizeof(text), "read %llu", ev->value);
				event_label(f, x, y - 11, text, "#1f77b4");
			}
			fputs("</g>\n", f);
		} else {
			int lost = by[i] >= 0;

			fprintf(f, "<g class=\"write%s\" data-thread=\"%u\">\n<rect x=\"%.1f\" "
				"y=\"%.1f\" width=\"11\" height=\"11\" fill=\"%s\" stroke=\"%s\" "
				"stroke-width=\"2\"/>\n", lost ? " overwritten" : "", ev->thread,
				x - 5.5, y - 5.5, lost ? "white" : "#2ca02c",
				lost ? "#d62728" : "#2ca02c");
			if (labels) {
				snprintf(text, sizeof(text), "write %llu%s", ev->value,
					 lost ? " (lost)" : "");
				event_label(f, x, y - 11, text, lost ? "#d62728" : "#2a7a2a");
			}
			fputs("</g>\n", f);
		}
	}
}

/* From the write that was lost to the write that replaced it. */
static int arrows(FILE *f, const struct trace *tr, const struct layout *l, const long *by)
{
	char text[96];
	size_t i;
	int n = 0;

	for (i = 0; i < tr->n; i++) {
		const struct trace_event *from = &tr->ev[i], *to;
		double x1, y1, x2, y2, bend;
		long long inc;

		if (by[i] < 0)
			continue;
		if (n++ >= ARROWS_MAX)
			continue;
		to = &tr->ev[by[i]];
		x1 = l->x[i];
		y1 = lane_y(from->thread);
		x2 = l->x[by[i]];
		y2 = lane_y(to->thread);
		bend = (y1 == y2 ? -LANE_H * 0.45 : 0);
		fprintf(f, "<path class=\"overwrite\" data-from=\"%zu\" data-to=\"%ld\" "
			"d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" "
			"stroke=\"#d62728\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n",
			i, by[i], x1 + 6, y1, (x1 + x2) / 2, y1 + bend, (x1 + x2) / 2, y2 + bend,
			x2 - 7, y2);
		if (tr->n > 40)
			continue;
		inc = trace_increment(tr, i);
		if (inc >= 0)
			snprintf(text, sizeof(text), "T%u's +%lld overwritten by T%u", from->thread,
				 inc, to->thread);
		else
			snprintf(text, sizeof(text), "T%u's update overwritten by T%u",
				 from->thread, to->thread);
		/* Under the update that was lost. */
		fprintf(f, "<text class=\"overwrite-label\" x=\"%.1f\" y=\"%.1f\" "
			"font-size=\"11\" text-anchor=\"middle\" fill=\"#d62728\">", x1, y1 + 22);
		xml_text(f, text);
		fputs("</text>\n", f);
	}
	return n;
}

int trace_svg(FILE *f, const struct trace *tr)
{
	long *by = calloc(tr->n + 1, sizeof(*by));
	int *wave = calloc(tr->n + 1, sizeof(*wave));
	int lost, labels, shown, waves, admission = trace_is_admission(tr);
	struct layout l = { 0 };
	double height;
	char sub[160];

	if (!by || !wave || layout(tr, &l)) {
		free(by);
		free(wave);
		free(l.x);
		free(l.brk);
		return -1;
	}
	lost = trace_overwritten(tr, by);
	waves = trace_waves(tr, wave);
	labels = tr->n <= 1 || (l.x1 - l.x0 - 48) / (double)tr->n >= LABEL_MIN;
	height = TOP + LANE_H * (double)tr->h.threads + AXIS_H + FOOT_H;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n", l.width, height,
		l.width, height);
	fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", l.width, height);
	defs(f);
	fprintf(f, "<text class=\"title\" x=\"%d\" y=\"26\" font-size=\"17\" "
		"font-weight=\"bold\">", LEFT - 60);
	xml_text(f, tr->h.scenario);
	fputs(admission ? ": who was inside, and when</text>\n" :
	      ": how the threads interleaved</text>\n", f);
	if (admission)
		snprintf(sub, sizeof(sub), "%llu thread%s, %zu events%s; at most %d inside at "
			 "once, %d wave%s of entries", tr->h.threads,
			 tr->h.threads == 1 ? "" : "s", tr->n,
			 tr->h.dropped ? " (the first ones kept)" : "", trace_max_inside(tr),
			 waves, waves == 1 ? "" : "s");
	else
		snprintf(sub, sizeof(sub), "%llu thread%s, %zu events%s; %d update%s overwritten",
			 tr->h.threads, tr->h.threads == 1 ? "" : "s", tr->n,
			 tr->h.dropped ? " (the first ones kept)" : "", lost,
			 lost == 1 ? "" : "s");
	fprintf(f, "<text class=\"subtitle\" x=\"%d\" y=\"48\" font-size=\"13\" "
		"fill=\"#333\">", LEFT - 60);
	xml_text(f, sub);
	fputs("</text>\n", f);
	if (admission)
		legend_admission(f);
	else
		legend(f);
	lanes(f, tr, &l);
	breaks(f, tr, &l);
	axis(f, tr, &l);
	marks(f, tr, &l, by, wave, labels);
	shown = arrows(f, tr, &l, by);
	if (shown > ARROWS_MAX) {
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" fill=\"#d62728\">the first "
			"%d of %d overwritten updates have an arrow</text>\n", LEFT - 60,
			height - 14, ARROWS_MAX, shown);
	}
	fputs("</svg>\n", f);
	free(by);
	free(wave);
	free(l.x);
	free(l.brk);
	return ferror(f) ? -1 : 0;
}
