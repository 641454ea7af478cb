/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the synclab KUnit suites. */
#ifndef SYNCLAB_KUNIT_UTIL_H
#define SYNCLAB_KUNIT_UTIL_H

#include <kunit/test.h>
#include <linux/string.h>

#include "synclab.h"

/* Runs @cmd through the same entry point as /proc/synclab/control. */
static inline int synclab_test_exec(const char *cmd)
{
	return synclab_execute(cmd, strlen(cmd));
}

/* A scenario's own figure, or -1 when the result does not have it. */
static inline s64 synclab_test_extra(const struct synclab_result *res, const char *key)
{
	unsigned int i;

	for (i = 0; i < res->nr_extras; i++)
		if (!strcmp(res->extras[i].key, key))
			return res->extras[i].val;
	return -1;
}

/* Runs @cmd, which must succeed, and fetches the result of @scenario. */
static inline void synclab_test_run(struct kunit *test, const char *cmd, const char *scenario,
				    struct synclab_result *res)
{
	KUNIT_ASSERT_EQ_MSG(test, synclab_test_exec(cmd), 0, "command: %s", cmd);
	KUNIT_ASSERT_EQ(test, synclab_result_get(scenario, res), 0);
}

#endif /* SYNCLAB_KUNIT_UTIL_H */
