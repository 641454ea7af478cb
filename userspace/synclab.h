/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every part of the synclab tool shares: its exit codes and its way
 * of complaining.
 */
#ifndef SYNCLAB_TOOL_H
#define SYNCLAB_TOOL_H

#define SYNCLAB_VERSION	"0.1.0"

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

/* "synclab: " + message + newline, on stderr. */
void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* errmsg(), then the usage hint; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* SYNCLAB_TOOL_H */
