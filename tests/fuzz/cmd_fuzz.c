// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the control command parser (module/cmd.c), built
 * with AddressSanitizer and UBSan.  Every input must give either a command
 * that respects every bound or -EINVAL with a message: anything else aborts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static void check_command(const struct synclab_cmd *cmd, size_t size)
{
	unsigned int p;

	if (size > SYNCLAB_CMD_MAX)
		abort();
	if (cmd->op < SYNCLAB_OP_RUN || cmd->op > SYNCLAB_OP_RESET)
		abort();
	if (!memchr(cmd->scenario, '\0', sizeof(cmd->scenario)))
		abort();
	if (cmd->op != SYNCLAB_OP_RUN && (cmd->given || cmd->scenario[0]))
		abort();
	if (cmd->op == SYNCLAB_OP_RUN && !cmd->scenario[0])
		abort();
	if (cmd->given >> SYNCLAB_NR_PARAMS)
		abort();
	for (p = 0; p < SYNCLAB_NR_PARAMS; p++) {
		if (!(cmd->given & (1u << p)))
			continue;
		if (p == SYNCLAB_P_CPU && cmd->val[p] == SYNCLAB_CPU_ALL)
			continue;
		if (cmd->val[p] < synclab_param_min[p] || cmd->val[p] > synclab_param_max[p])
			abort();
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* An exact-size heap copy, so that ASan sees any read past the end. */
	char *buf = malloc(size ? size : 1);
	char err[SYNCLAB_ERR_MAX];
	struct synclab_cmd cmd;
	int ret;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(err, 0, sizeof(err));
	ret = synclab_cmd_parse(buf, size, &cmd, err, sizeof(err));
	if (!ret)
		check_command(&cmd, size);
	else if (ret != -EINVAL || !err[0] || err[sizeof(err) - 1])
		abort();
	free(buf);
	return 0;
}
