// SPDX-License-Identifier: GPL-2.0
/*
 * synclab_cmd: the control command parser, on valid input, on every kind
 * of malformed input, and at its bounds.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "cmd.h"

struct cmd_case {
	const char *in;
	size_t len;			/* 0: strlen(in) */
	enum synclab_op op;
	const char *scenario;
	unsigned int given;
	unsigned int key, val;		/* one value to check when given */
	const char *err;		/* expected error, a substring */
};

static void cmd_case_desc(const struct cmd_case *c, char *desc)
{
	size_t i, n = 1, len = c->len ? c->len : strlen(c->in);

	/*
	 * The input in quotes, escaped: KTAP needs a name that is not blank
	 * and has no '#' (that starts a directive).
	 */
	desc[0] = '"';
	for (i = 0; i < len && n < KUNIT_PARAM_DESC_SIZE - 6; i++) {
		unsigned char ch = c->in[i];
		bool plain = ch >= 0x20 && ch < 0x7f && ch != '#' && ch != '"' && ch != '\\';

		n += scnprintf(desc + n, KUNIT_PARAM_DESC_SIZE - n, plain ? "%c" : "\\x%02x", ch);
	}
	scnprintf(desc + n, KUNIT_PARAM_DESC_SIZE - n, "\"");
}

static const struct cmd_case valid_cases[] = {
	{ .in = "run classic\n", .op = SYNCLAB_OP_RUN, .scenario = "classic" },
	{ .in = "run race threads=8 iters=1000", .op = SYNCLAB_OP_RUN, .scenario = "race",
	  .given = SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS),
	  .key = SYNCLAB_P_ITERS, .val = 1000 },
	{ .in = "\t run  sem-limit\t limit=3  hold_us=0 ", .op = SYNCLAB_OP_RUN,
	  .scenario = "sem-limit", .given = SYNCLAB_PB(LIMIT) | SYNCLAB_PB(HOLD_US),
	  .key = SYNCLAB_P_LIMIT, .val = 3 },
	{ .in = "run atomic cpu=all", .op = SYNCLAB_OP_RUN, .scenario = "atomic",
	  .given = SYNCLAB_PB(CPU), .key = SYNCLAB_P_CPU, .val = SYNCLAB_CPU_ALL },
	{ .in = "run atomic cpu=1", .op = SYNCLAB_OP_RUN, .scenario = "atomic",
	  .given = SYNCLAB_PB(CPU), .key = SYNCLAB_P_CPU, .val = 1 },
	{ .in = "stop", .op = SYNCLAB_OP_STOP },
	{ .in = "reset\n", .op = SYNCLAB_OP_RESET },
	/* Every bound is accepted. */
	{ .in = "run x threads=256", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(THREADS), .key = SYNCLAB_P_THREADS, .val = 256 },
	{ .in = "run x threads=1", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(THREADS), .key = SYNCLAB_P_THREADS, .val = 1 },
	{ .in = "run x iters=100000000", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(ITERS), .key = SYNCLAB_P_ITERS, .val = 100000000 },
	{ .in = "run x window_us=1000000", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(WINDOW_US), .key = SYNCLAB_P_WINDOW_US, .val = 1000000 },
	{ .in = "run x hold_ns=100000", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(HOLD_NS), .key = SYNCLAB_P_HOLD_NS, .val = 100000 },
	{ .in = "run x window_us=0", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(WINDOW_US), .key = SYNCLAB_P_WINDOW_US, .val = 0 },
	{ .in = "run x limit=256", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(LIMIT), .key = SYNCLAB_P_LIMIT, .val = 256 },
	{ .in = "run x delay_us=0001000000", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(DELAY_US), .key = SYNCLAB_P_DELAY_US, .val = 1000000 },
	{ .in = "run x bug=1", .op = SYNCLAB_OP_RUN, .scenario = "x",
	  .given = SYNCLAB_PB(BUG), .key = SYNCLAB_P_BUG, .val = 1 },
};

KUNIT_ARRAY_PARAM(valid, valid_cases, cmd_case_desc);

static void synclab_cmd_accepts(struct kunit *test)
{
	const struct cmd_case *c = test->param_value;
	struct synclab_cmd cmd;
	char err[SYNCLAB_ERR_MAX] = "";

	KUNIT_ASSERT_EQ_MSG(test, synclab_cmd_parse(c->in, strlen(c->in), &cmd, err, sizeof(err)),
			    0, "error: %s", err);
	KUNIT_EXPECT_EQ(test, cmd.op, c->op);
	KUNIT_EXPECT_STREQ(test, cmd.scenario, c->scenario ? c->scenario : "");
	KUNIT_EXPECT_EQ(test, cmd.given, c->given);
	if (c->given)
		KUNIT_EXPECT_EQ(test, cmd.val[c->key], c->val);
}

static const char too_long[SYNCLAB_CMD_MAX + 2] = "run race threads=1 ";

static const struct cmd_case invalid_cases[] = {
	{ .in = "", .err = "empty command" },
	{ .in = "\n", .err = "empty command" },
	{ .in = "   ", .err = "empty command" },
	{ .in = "jump", .err = "unknown command 'jump'" },
	{ .in = "RUN classic", .err = "unknown command" },
	{ .in = "run", .err = "missing scenario name" },
	{ .in = "run Classic", .err = "bad scenario name 'Classic'" },
	{ .in = "run classic/../x", .err = "bad scenario name" },
	{ .in = "run abcdefghijklmnopqrstuvwxyz", .err = "bad scenario name" },
	{ .in = "run race threads", .err = "'threads' is not key=value" },
	{ .in = "run race colour=red", .err = "unknown key 'colour'" },
	{ .in = "run race =5", .err = "unknown key ''" },
	{ .in = "run race threads=1 threads=2", .err = "threads given twice" },
	{ .in = "run race threads=", .err = "threads= is not a decimal number" },
	{ .in = "run race threads=-1", .err = "threads=-1 is not a decimal number" },
	{ .in = "run race threads=+1", .err = "not a decimal number" },
	{ .in = "run race threads=0x10", .err = "not a decimal number" },
	{ .in = "run race threads=4k", .err = "not a decimal number" },
	{ .in = "run race cpu=any", .err = "cpu=any is not a decimal number or 'all'" },
	{ .in = "run race threads=0", .err = "threads=0 is out of range (1..256)" },
	{ .in = "run race threads=257", .err = "threads=257 is out of range (1..256)" },
	{ .in = "run race iters=0", .err = "iters=0 is out of range" },
	{ .in = "run race iters=100000001", .err = "iters=100000001 is out of range" },
	{ .in = "run race iters=4294967296", .err = "is out of range" },
	{ .in = "run race iters=99999999999999999999999", .err = "is out of range" },
	{ .in = "run race window_us=1000001", .err = "window_us=1000001 is out of range" },
	{ .in = "run race hold_ns=100001", .err = "hold_ns=100001 is out of range" },
	{ .in = "run race hold_us=1000001", .err = "hold_us=1000001 is out of range" },
	{ .in = "run race delay_us=1000001", .err = "delay_us=1000001 is out of range" },
	{ .in = "run race limit=0", .err = "limit=0 is out of range" },
	{ .in = "run scoped bug=2", .err = "bug=2 is out of range (0..1)" },
	{ .in = "run race cpu=8192", .err = "cpu=8192 is out of range" },
	{ .in = "stop now", .err = "stop takes no arguments" },
	{ .in = "reset all", .err = "reset takes no arguments" },
	{ .in = "run race\nrun race", .err = "one command per write" },
	{ .in = "run race\n\n", .err = "one command per write" },
	{ .in = "run race\r\n", .err = "byte 0x0d at offset 8" },
	{ .in = "run \x80race", .err = "byte 0x80 at offset 4" },
	{ .in = "run ra\0ce", .len = 9, .err = "byte 0x00 at offset 6" },
	{ .in = too_long, .len = SYNCLAB_CMD_MAX + 1, .err = "longer than 256 bytes" },
};

KUNIT_ARRAY_PARAM(invalid, invalid_cases, cmd_case_desc);

static void synclab_cmd_rejects(struct kunit *test)
{
	const struct cmd_case *c = test->param_value;
	size_t len = c->len ? c->len : strlen(c->in);
	struct synclab_cmd cmd, before;
	char err[SYNCLAB_ERR_MAX] = "";

	memset(&cmd, 0x5a, sizeof(cmd));
	before = cmd;
	KUNIT_EXPECT_EQ(test, synclab_cmd_parse(c->in, len, &cmd, err, sizeof(err)), -EINVAL);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err, c->err), "got \"%s\", want \"%s\"",
				  err, c->err);
	KUNIT_EXPECT_EQ(test, memcmp(&cmd, &before, sizeof(cmd)), 0);
}

/* A long value is quoted back shortened, and the message always fits. */
static void synclab_cmd_error_fits(struct kunit *test)
{
	static const char in[] = "run race threads=1111111111111111111111111111111111111111111111";
	struct synclab_cmd cmd;
	char err[SYNCLAB_ERR_MAX];

	KUNIT_ASSERT_EQ(test, synclab_cmd_parse(in, strlen(in), &cmd, err, sizeof(err)), -EINVAL);
	KUNIT_EXPECT_LT(test, strlen(err), sizeof(err) - 1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(err, "out of range"));
}

static struct kunit_case synclab_cmd_cases[] = {
	KUNIT_CASE_PARAM(synclab_cmd_accepts, valid_gen_params),
	KUNIT_CASE_PARAM(synclab_cmd_rejects, invalid_gen_params),
	KUNIT_CASE(synclab_cmd_error_fits),
	{}
};

static struct kunit_suite synclab_cmd_suite = {
	.name = "synclab_cmd",
	.test_cases = synclab_cmd_cases,
};

kunit_test_suites(&synclab_cmd_suite);
