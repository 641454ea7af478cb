// SPDX-License-Identifier: GPL-2.0
/*
 * Files the tool writes (bench --output and --plot, trace --svg): written to
 * a temporary file next to the target, and renamed over it only once
 * complete, so that a run that fails, or measures nothing, leaves the
 * user's earlier file as it was.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool.h"

int outfile_open(struct outfile *o, const char *path)
{
	mode_t mask;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (asprintf(&o->tmp, "%s.tmp.XXXXXX", path) < 0) {
		o->tmp = NULL;
		errmsg("out of memory");
		return EXIT_ERROR;
	}
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		errmsg("cannot write %s: %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return EXIT_ERROR;
	}
	/* mkstemp() makes it 0600: give it what creat() would have. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
		errmsg("cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int outfile_commit(struct outfile *o)
{
	int failed;

	if (!o->f)
		return EXIT_OK;
	failed = ferror(o->f) | fflush(o->f);
	failed |= fclose(o->f);
	o->f = NULL;
	if (failed || rename(o->tmp, o->path)) {
		errmsg("cannot write %s: %s", o->path, strerror(errno ? errno : EIO));
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return EXIT_ERROR;
	}
	free(o->tmp);
	o->tmp = NULL;
	return EXIT_OK;
}

void outfile_discard(struct outfile *o)
{
	if (!o->f)
		return;
	fclose(o->f);
	o->f = NULL;
	unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}
