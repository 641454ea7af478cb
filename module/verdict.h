/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdicts of a run, as /proc/synclab/results prints them, from the best
 * to the worst: the one list of the module and of the synclab tool, which
 * shows the worst verdict of repeated runs.
 */
#ifndef SYNCLAB_VERDICT_H
#define SYNCLAB_VERDICT_H

enum synclab_verdict {
	SYNCLAB_OK,		/* the invariant held */
	SYNCLAB_RACE,		/* updates lost where nothing synchronizes */
	SYNCLAB_STOPPED,	/* stopped before finishing */
	SYNCLAB_FAIL,		/* an invariant broke where it should hold */
};

#define SYNCLAB_NR_VERDICTS	(SYNCLAB_FAIL + 1)

static inline const char *synclab_verdict_name(enum synclab_verdict v)
{
	static const char *const names[SYNCLAB_NR_VERDICTS] = {
		[SYNCLAB_OK]		= "ok",
		[SYNCLAB_RACE]		= "race",
		[SYNCLAB_STOPPED]	= "stopped",
		[SYNCLAB_FAIL]		= "fail",
	};

	return names[v];
}

#endif /* SYNCLAB_VERDICT_H */
