// SPDX-License-Identifier: GPL-2.0
/*
 * Messages of the synclab tool: one line each, on stderr, after "synclab: ".
 */
#include <stdarg.h>
#include <stdio.h>

#include "synclab.h"

static void vmsg(const char *fmt, va_list ap)
{
	char line[512];

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
