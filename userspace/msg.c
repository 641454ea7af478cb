// SPDX-License-Identifier: GPL-2.0
/*
 * Messages of the synclab tool: one line each, on stderr, after "synclab: ";
 * the progress line they clear first; and "did you mean" for a mistyped
 * name.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tool.h"

/* Columns of the progress line on screen; 0 when there is none. */
static int progress_cols;

int term_width(int fd)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	int w = 0;

	if (!ioctl(fd, TIOCGWINSZ, &ws) && ws.ws_col)
		w = ws.ws_col;
	else if (cols)
		w = atoi(cols);
	if (w <= 0)
		w = 80;
	return w < 20 ? 20 : w;
}

/* Bytes of @s that fill at most @cols columns (UTF-8: a character is a column). */
static int fit_bytes(const char *s, int cols)
{
	int i, n = 0;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (n == cols)
			break;
		n++;
	}
	return i;
}

void progress_show(const char *line)
{
	int cols = term_width(STDERR_FILENO) - 1;	/* the last column wraps on some terminals */
	int len = fit_bytes(line, cols), width = 0, i;

	for (i = 0; i < len; i++)
		width += ((unsigned char)line[i] & 0xc0) != 0x80;
	/* Over the last one, blanks where it was longer; the cursor waits at its start. */
	fprintf(stderr, "\r%.*s%*s\r", len, line,
		progress_cols > width ? progress_cols - width : 0, "");
	fflush(stderr);
	progress_cols = width ? width : 1;
}

void progress_clear(void)
{
	if (!progress_cols)
		return;
	fprintf(stderr, "\r%*s\r", progress_cols, "");
	fflush(stderr);
	progress_cols = 0;
}

static void vmsg(const char *fmt, va_list ap)
{
	char line[512];

	progress_clear();
	/* One fputs: never a partial line interleaved with the progress bar. */
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "synclab: %s\n", line);
}

void errmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	fputs("Try 'synclab --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/*
 * As util-linux's close_stdout(): output that could not be written is an
 * error, not a success (a full disk, a closed pipe's reader aside).
 */
int close_stdout(int ret)
{
	int pending = __fpending(stdout) != 0, failed = ferror(stdout) != 0;

	if (fclose(stdout) && (pending || errno != EBADF))
		failed = 1;
	if (!failed)
		return ret;
	if (errno == EPIPE)
		return ret;
	if (errno)
		errmsg("write error: %s", strerror(errno));
	else
		errmsg("write error");
	return EXIT_ERROR;
}

/* ---- did you mean ------------------------------------------------------- */

/* Lower case, and '_' for '-': "Sem_Limit" and "sem-limit" are the same name. */
static char fold(char c)
{
	return c == '_' ? '-' : (char)tolower((unsigned char)c);
}

/* The edit distance (with transpositions) of @a and @b, folded; INT_MAX if long. */
int name_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;
	int d[3][SUGGEST_NAME_MAX + 1];

	if (la > SUGGEST_NAME_MAX || lb > SUGGEST_NAME_MAX)
		return INT_MAX;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		int *cur = d[i % 3], *prev = d[(i - 1) % 3], *prev2 = d[(i + 1) % 3];

		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			int cost = fold(a[i - 1]) != fold(b[j - 1]), v = prev[j - 1] + cost;

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
	}
	return d[la % 3][lb];
}

void suggest_init(struct suggest *s, const char *word)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
	s->best = INT_MAX;
}

/*
 * Keeps @cand when it is among the closest to the word so far: the same but
 * for case and '_', one or two edits away (one for a short name), or a
 * name the word begins (a prefix of three letters or more).
 */
void suggest_add(struct suggest *s, const char *cand)
{
	size_t wl = strlen(s->word);
	int d = name_distance(s->word, cand), max = strlen(cand) >= 6 ? 2 : 1;

	if (wl >= 3 && wl < strlen(cand) && !strncmp(s->word, cand, wl) && d > 1)
		d = 1;
	if (d > max || d > s->best)
		return;
	if (d < s->best) {
		s->best = d;
		s->n = 0;
	}
	if (s->n < SUGGEST_MAX)
		s->cand[s->n++] = cand;
}

const char *suggest_text(struct suggest *s, const char *prefix)
{
	size_t len = 0;
	int i;

	s->text[0] = '\0';
	for (i = 0; i < s->n && len < sizeof(s->text); i++)
		len += snprintf(s->text + len, sizeof(s->text) - len, "%s'%s%s'",
				!i ? ": did you mean " : i == s->n - 1 ? " or " : ", ",
				prefix, s->cand[i]);
	if (s->n && len < sizeof(s->text))
		snprintf(s->text + len, sizeof(s->text) - len, "?");
	return s->text;
}
