/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Starting runs: the command written to /proc/synclab/control, the progress
 * bar while the write blocks, Ctrl-C, and the result afterwards.
 */
#ifndef SYNCLAB_RUN_H
#define SYNCLAB_RUN_H

#include <stddef.h>

#include "cmd.h"
#include "format.h"
#include "procfiles.h"

struct run_opts {
	const char *val[SYNCLAB_NR_PARAMS];	/* as given; NULL: not given */
};

/*
 * "run NAME key=value..." with the options @s accepts (every option when
 * @s is NULL), in the order of enum synclab_param.  Returns the length, or
 * -1 when it does not fit in @size.
 */
int build_run_command(char *buf, size_t size, const char *name,
		      const struct run_opts *o, const struct scenario *s);

/* Writes @cmd to DIR/control in one write(); returns an exit code. */
int control_send(const char *dir, const char *cmd, int progress);

/*
 * Checks the syntax and ranges of the option values with the shared parser,
 * as "run NAME key=value..."; returns EXIT_OK or a usage error (printed).
 */
int run_opts_check(const char *name, const struct run_opts *o);

/*
 * Runs scenario @s once with the options it accepts, drawing the progress
 * bar when @progress is set.  Returns EXIT_OK or EXIT_STOPPED (Ctrl-C) with
 * *have set when *r holds its result, or another exit code.
 */
int run_scenario(const char *dir, const struct scenario *s, const struct run_opts *o,
		 int progress, struct result *r, int *have);

/*
 * Ctrl-C between runs: sigint_catch() makes the first one set a flag that
 * run_interrupted() reports (and interrupt the write in progress, if any);
 * a second one kills the program.
 */
void sigint_catch(void);
int run_interrupted(void);

/* "another run is in progress: race, 45% done ...", from status (NULL: unknown). */
void describe_busy(char *buf, size_t size, const struct status *st);

/* "unknown scenario 'mutx': did you mean 'mutex'?": a usage error (EXIT_USAGE). */
int unknown_scenario(const char *name, const struct scenario_list *sl);

/* synclab run NAME / synclab run --all (@name NULL). */
int cmd_run(const char *dir, enum out_format fmt, const char *name,
	    const struct run_opts *o);

#endif /* SYNCLAB_RUN_H */
