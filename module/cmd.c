// SPDX-License-Identifier: GPL-2.0
/*
 * Parser of the /proc/synclab/control command language (see cmd.h and
 * docs/proc-interface.md).  Builds unchanged in the kernel and in userspace:
 * it uses nothing but snprintf, memcmp and memcpy.
 */
#ifdef __KERNEL__
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <stdio.h>
#include <string.h>
#endif

#include "cmd.h"

/* Longest piece of user input quoted back in an error message. */
#define QUOTE_MAX	32

const char *const synclab_param_name[SYNCLAB_NR_PARAMS] = {
	[SYNCLAB_P_THREADS]	= "threads",
	[SYNCLAB_P_ITERS]	= "iters",
	[SYNCLAB_P_WINDOW_US]	= "window_us",
	[SYNCLAB_P_HOLD_NS]	= "hold_ns",
	[SYNCLAB_P_HOLD_US]	= "hold_us",
	[SYNCLAB_P_DELAY_US]	= "delay_us",
	[SYNCLAB_P_LIMIT]	= "limit",
	[SYNCLAB_P_READ_PCT]	= "read_pct",
	[SYNCLAB_P_BUG]		= "bug",
	[SYNCLAB_P_CPU]		= "cpu",
};

/*
 * Hard bounds, whatever the module parameters say.  hold_ns is a busy-wait
 * inside a spinlock, so it stays short; the sleeps stay under a second so
 * that one step of a run never outlasts a prompt stop.
 */
const unsigned int synclab_param_min[SYNCLAB_NR_PARAMS] = {
	[SYNCLAB_P_THREADS]	= 1,
	[SYNCLAB_P_ITERS]	= 1,
	[SYNCLAB_P_LIMIT]	= 1,
};

const unsigned int synclab_param_max[SYNCLAB_NR_PARAMS] = {
	[SYNCLAB_P_THREADS]	= SYNCLAB_THREADS_MAX,
	[SYNCLAB_P_ITERS]	= 100000000,
	[SYNCLAB_P_WINDOW_US]	= 1000000,
	[SYNCLAB_P_HOLD_NS]	= 100000,
	[SYNCLAB_P_HOLD_US]	= 1000000,
	[SYNCLAB_P_DELAY_US]	= 1000000,
	[SYNCLAB_P_LIMIT]	= 256,
	[SYNCLAB_P_READ_PCT]	= 100,
	[SYNCLAB_P_BUG]		= 1,
	[SYNCLAB_P_CPU]		= 8191,
};

static int quote_len(size_t len)
{
	return len > QUOTE_MAX ? QUOTE_MAX : (int)len;
}

static int token_is(const char *tok, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(tok, word, len);
}

/* Finds the next blank-separated token at or after *pos; 0 when none is left. */
static size_t next_token(const char *buf, size_t len, size_t *pos, const char **tok)
{
	size_t start, end;

	start = *pos;
	while (start < len && (buf[start] == ' ' || buf[start] == '\t'))
		start++;
	end = start;
	while (end < len && buf[end] != ' ' && buf[end] != '\t')
		end++;
	*pos = end;
	*tok = buf + start;
	return end - start;
}

/* Decimal only: no sign, no base prefix, nothing after the digits. */
static int parse_uint(const char *s, size_t len, unsigned int max, unsigned int *out)
{
	unsigned long long v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned int)(s[i] - '0');
		if (v > max)
			return -ERANGE;
	}
	*out = (unsigned int)v;
	return 0;
}

static int parse_param(struct synclab_cmd *c, const char *tok, size_t len,
		       char *err, size_t errlen)
{
	const char *eq = memchr(tok, '=', len);
	size_t klen, vlen;
	const char *val;
	unsigned int v;
	int p, ret;

	if (!eq) {
		snprintf(err, errlen, "'%.*s' is not key=value", quote_len(len), tok);
		return -EINVAL;
	}
	klen = eq - tok;
	val = eq + 1;
	vlen = len - klen - 1;
	for (p = 0; p < SYNCLAB_NR_PARAMS; p++)
		if (token_is(tok, klen, synclab_param_name[p]))
			break;
	if (p == SYNCLAB_NR_PARAMS) {
		snprintf(err, errlen, "unknown key '%.*s'", quote_len(klen), tok);
		return -EINVAL;
	}
	if (c->given & (1u << p)) {
		snprintf(err, errlen, "%s given twice", synclab_param_name[p]);
		return -EINVAL;
	}
	if (p == SYNCLAB_P_CPU && token_is(val, vlen, "all")) {
		v = SYNCLAB_CPU_ALL;
	} else {
		ret = parse_uint(val, vlen, synclab_param_max[p], &v);
		if (!ret && v < synclab_param_min[p])
			ret = -ERANGE;
		if (ret == -ERANGE) {
			snprintf(err, errlen, "%s=%.*s is out of range (%u..%u)",
				 synclab_param_name[p], quote_len(vlen), val,
				 synclab_param_min[p], synclab_param_max[p]);
			return -EINVAL;
		}
		if (ret) {
			snprintf(err, errlen, "%s=%.*s is not a decimal number%s",
				 synclab_param_name[p], quote_len(vlen), val,
				 p == SYNCLAB_P_CPU ? " or 'all'" : "");
			return -EINVAL;
		}
	}
	c->given |= 1u << p;
	c->val[p] = v;
	return 0;
}

static int check_name(const char *tok, size_t len, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char ch = tok[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
			break;
	}
	if (i < len || len >= SYNCLAB_NAME_MAX) {
		snprintf(err, errlen, "bad scenario name '%.*s'", quote_len(len), tok);
		return -EINVAL;
	}
	return 0;
}

/* Printable ASCII and tabs only: a command is one line of text. */
static int check_bytes(const char *buf, size_t len, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = buf[i];

		if (ch == '\t' || (ch >= 0x20 && ch < 0x7f))
			continue;
		if (ch == '\n')
			snprintf(err, errlen, "newline at offset %zu: one command per write", i);
		else
			snprintf(err, errlen, "byte 0x%02x at offset %zu is not printable text",
				 ch, i);
		return -EINVAL;
	}
	return 0;
}

/**
 * synclab_cmd_parse() - parse one control command
 * @buf: the bytes written, not NUL-terminated
 * @len: their number
 * @cmd: filled in on success only
 * @err: on failure, a one-line message naming what is wrong
 * @errlen: size of @err
 *
 * Return: 0, or -EINVAL with @err set and @cmd untouched.
 */
int synclab_cmd_parse(const char *buf, size_t len, struct synclab_cmd *cmd,
		      char *err, size_t errlen)
{
	struct synclab_cmd c;
	const char *tok;
	size_t pos = 0, tlen;
	int ret;

	memset(&c, 0, sizeof(c));
	if (len > SYNCLAB_CMD_MAX) {
		snprintf(err, errlen, "command longer than %d bytes", SYNCLAB_CMD_MAX);
		return -EINVAL;
	}
	if (len && buf[len - 1] == '\n')	/* as echo writes it */
		len--;
	ret = check_bytes(buf, len, err, errlen);
	if (ret)
		return ret;

	tlen = next_token(buf, len, &pos, &tok);
	if (!tlen) {
		snprintf(err, errlen, "empty command");
		return -EINVAL;
	}
	if (token_is(tok, tlen, "run")) {
		c.op = SYNCLAB_OP_RUN;
	} else if (token_is(tok, tlen, "stop")) {
		c.op = SYNCLAB_OP_STOP;
	} else if (token_is(tok, tlen, "reset")) {
		c.op = SYNCLAB_OP_RESET;
	} else {
		snprintf(err, errlen, "unknown command '%.*s' (run, stop or reset)",
			 quote_len(tlen), tok);
		return -EINVAL;
	}

	if (c.op == SYNCLAB_OP_RUN) {
		tlen = next_token(buf, len, &pos, &tok);
		if (!tlen) {
			snprintf(err, errlen, "run: missing scenario name");
			return -EINVAL;
		}
		ret = check_name(tok, tlen, err, errlen);
		if (ret)
			return ret;
		memcpy(c.scenario, tok, tlen);
		c.scenario[tlen] = '\0';
		while ((tlen = next_token(buf, len, &pos, &tok))) {
			ret = parse_param(&c, tok, tlen, err, errlen);
			if (ret)
				return ret;
		}
	} else if (next_token(buf, len, &pos, &tok)) {
		snprintf(err, errlen, "%s takes no arguments",
			 c.op == SYNCLAB_OP_STOP ? "stop" : "reset");
		return -EINVAL;
	}

	*cmd = c;
	return 0;
}

#ifdef __KERNEL__
EXPORT_SYMBOL_IF_KUNIT(synclab_cmd_parse);
#endif
