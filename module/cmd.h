/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command language of /proc/synclab/control.
 *
 * One pure parser serves the module, the synclab tool (which checks a
 * command before writing it) and the fuzz target, so the three can never
 * disagree about what a valid command is.  It knows the syntax and the hard
 * bounds of every key; which scenarios exist and which keys each accepts is
 * the module's business.
 */
#ifndef SYNCLAB_CMD_H
#define SYNCLAB_CMD_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#endif

#define SYNCLAB_CMD_MAX		256	/* longest command, in bytes */
#define SYNCLAB_NAME_MAX	24	/* scenario name, with its NUL */
#define SYNCLAB_ERR_MAX		96	/* parser error message, with its NUL */
#define SYNCLAB_CPU_ALL		(~0u)	/* value of cpu=all */
#define SYNCLAB_THREADS_MAX	256	/* most threads a run may ask for */

enum synclab_op {
	SYNCLAB_OP_NONE,
	SYNCLAB_OP_RUN,
	SYNCLAB_OP_STOP,
	SYNCLAB_OP_RESET,
};

enum synclab_param {
	SYNCLAB_P_THREADS,
	SYNCLAB_P_ITERS,
	SYNCLAB_P_WINDOW_US,
	SYNCLAB_P_HOLD_NS,
	SYNCLAB_P_HOLD_US,
	SYNCLAB_P_DELAY_US,
	SYNCLAB_P_LIMIT,
	SYNCLAB_P_READ_PCT,
	SYNCLAB_P_BUG,
	SYNCLAB_P_CPU,
	SYNCLAB_NR_PARAMS,
};

#define SYNCLAB_PB(p)		(1u << SYNCLAB_P_##p)

struct synclab_cmd {
	enum synclab_op op;
	char scenario[SYNCLAB_NAME_MAX];
	unsigned int given;			/* SYNCLAB_PB() of each key present */
	unsigned int val[SYNCLAB_NR_PARAMS];
};

/* Indexed by enum synclab_param: the one list of the keys' names and bounds. */
extern const char *const synclab_param_name[SYNCLAB_NR_PARAMS];
extern const unsigned int synclab_param_min[SYNCLAB_NR_PARAMS];
extern const unsigned int synclab_param_max[SYNCLAB_NR_PARAMS];

int synclab_cmd_parse(const char *buf, size_t len, struct synclab_cmd *cmd,
		      char *err, size_t errlen);

#endif /* SYNCLAB_CMD_H */
