/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every part of the synclab tool shares: its exit codes, its way of
 * complaining, its progress line and the files it writes.
 */
#ifndef SYNCLAB_TOOL_H
#define SYNCLAB_TOOL_H

#include <stdio.h>

#include "synclab_version.h"	/* SYNCLAB_VERSION, the module's too */

enum {
	EXIT_OK		= 0,	/* success; verdict ok or race */
	EXIT_VERDICT_FAIL = 1,	/* a run's verdict is fail */
	EXIT_USAGE	= 2,	/* bad arguments (ours or the module's): nothing ran */
	EXIT_NO_MODULE	= 3,	/* /proc/synclab is missing */
	EXIT_PERM	= 4,	/* control needs root / CAP_SYS_ADMIN */
	EXIT_STOPPED	= 5,	/* the run was stopped before finishing */
	EXIT_BUSY	= 6,	/* another run is in progress */
	EXIT_ERROR	= 7,	/* I/O error, garbled /proc data */
};

/* "synclab: " + message + newline, on stderr, the progress line cleared first. */
void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* errmsg(), then the usage hint; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Columns of the terminal on @fd; else $COLUMNS; else 80. */
int term_width(int fd);
/*
 * The one progress line on stderr (a terminal), drawn over the previous
 * one and cut to the terminal's width; progress_clear() blanks it.
 */
void progress_show(const char *line);
void progress_clear(void);

/* At the end of main: @ret, or EXIT_ERROR with a message if stdout failed. */
int close_stdout(int ret);

/*
 * A file written whole or not at all: outfile_open() makes a temporary file
 * next to @path (or says why it cannot: EXIT_ERROR), outfile_commit()
 * renames it over @path, outfile_discard() removes it.  Each returns
 * EXIT_OK or EXIT_ERROR, with a message naming @path.
 */
struct outfile {
	const char *path;
	char *tmp;
	FILE *f;
};

int outfile_open(struct outfile *o, const char *path);
int outfile_commit(struct outfile *o);
void outfile_discard(struct outfile *o);

/* "did you mean": the closest of the names offered to a word that is none of them. */
#define SUGGEST_NAME_MAX	40
#define SUGGEST_MAX		3
struct suggest {
	const char *word;
	int best, n;
	const char *cand[SUGGEST_MAX];
	char text[160];
};

int name_distance(const char *a, const char *b);
void suggest_init(struct suggest *s, const char *word);
void suggest_add(struct suggest *s, const char *cand);
/* ": did you mean 'PREFIXname'?", or "" when no name was close. */
const char *suggest_text(struct suggest *s, const char *prefix);

#endif /* SYNCLAB_TOOL_H */
