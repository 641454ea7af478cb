// SPDX-License-Identifier: GPL-2.0
/*
 * Reading /proc/synclab and parsing its files (docs/proc-interface.md).
 *
 * Everything that interprets bytes is a pure function of its input, so the
 * unit tests in tests/tool/ can feed it truncated and garbled lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"
#include "synclab.h"

/* A key=value token, pointing into the line. */
struct tok {
	const char *key, *val;
	size_t klen, vlen;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_print(unsigned char c)
{
	return c >= 0x21 && c < 0x7f;
}

/*
 * Next blank-separated key=value token of @line at or after *pos.
 * Returns 1 with @t filled, 0 at the end of the line, -EINVAL with @err
 * set when the token is not key=value with a non-empty key and value.
 */
static int next_kv(const char *line, size_t *pos, struct tok *t, char *err, size_t errlen)
{
	size_t i = *pos, start, eq = 0;
	int have_eq = 0;

	while (line[i] && is_blank(line[i]))
		i++;
	if (!line[i]) {
		*pos = i;
		return 0;
	}
	start = i;
	for (; line[i] && !is_blank(line[i]); i++) {
		if (!is_print((unsigned char)line[i])) {
			snprintf(err, errlen, "byte 0x%02x at offset %zu is not text",
				 (unsigned char)line[i], i);
			return -EINVAL;
		}
		if (line[i] == '=' && !have_eq) {
			have_eq = 1;
			eq = i;
		}
	}
	*pos = i;
	if (!have_eq || eq == start || eq + 1 == i) {
		snprintf(err, errlen, "'%.*s' is not key=value",
			 (int)(i - start > 32 ? 32 : i - start), line + start);
		return -EINVAL;
	}
	t->key = line + start;
	t->klen = eq - start;
	t->val = line + eq + 1;
	t->vlen = i - eq - 1;
	return 1;
}

static int tok_is(const struct tok *t, const char *key)
{
	return strlen(key) == t->klen && !memcmp(t->key, key, t->klen);
}

/* Decimal digits only; -ERANGE beyond 2^64 - 1. */
static int parse_u64(const char *s, size_t len, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned int d;

		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = (unsigned int)(s[i] - '0');
		if (v > (ULLONG_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int parse_s64(const char *s, size_t len, long long *out)
{
	unsigned long long v;
	int neg = len && s[0] == '-';
	int ret;

	ret = parse_u64(s + neg, len - neg, &v);
	if (ret)
		return ret;
	if (v > (unsigned long long)LLONG_MAX)
		return -ERANGE;
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}

static int tok_u64(const struct tok *t, unsigned long long *out, char *err, size_t errlen)
{
	int ret = parse_u64(t->val, t->vlen, out);

	if (ret)
		snprintf(err, errlen, "%.*s=%.*s is %s", (int)t->klen, t->key,
			 (int)(t->vlen > 32 ? 32 : t->vlen), t->val,
			 ret == -ERANGE ? "too large" : "not a number");
	return ret ? -EINVAL : 0;
}

/* Copies the value into @dst of size @size; too long is an error. */
static int tok_str(const struct tok *t, char *dst, size_t size, char *err, size_t errlen)
{
	if (t->vlen >= size) {
		snprintf(err, errlen, "value of %.*s is too long", (int)t->klen, t->key);
		return -EINVAL;
	}
	memcpy(dst, t->val, t->vlen);
	dst[t->vlen] = '\0';
	return 0;
}

static int valid_name(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= SYNCLAB_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-'))
			return 0;
	return 1;
}

static int valid_key(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= KEY_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return 0;
	return 1;
}

static int tok_name(const struct tok *t, char *dst, char *err, size_t errlen)
{
	if (!valid_name(t->val, t->vlen)) {
		snprintf(err, errlen, "bad scenario name '%.*s'",
			 (int)(t->vlen > 32 ? 32 : t->vlen), t->val);
		return -EINVAL;
	}
	memcpy(dst, t->val, t->vlen);
	dst[t->vlen] = '\0';
	return 0;
}

static int tok_kv(const struct tok *t, struct kv *kv, char *err, size_t errlen)
{
	if (!valid_key(t->key, t->klen)) {
		snprintf(err, errlen, "bad key '%.*s'",
			 (int)(t->klen > 32 ? 32 : t->klen), t->key);
		return -EINVAL;
	}
	memcpy(kv->key, t->key, t->klen);
	kv->key[t->klen] = '\0';
	return tok_str(t, kv->val, sizeof(kv->val), err, errlen);
}

/* ---- scenarios ---------------------------------------------------------- */

int parse_scenarios_line(const char *line, struct scenario *out, char *err, size_t errlen)
{
	const char *tab1, *tab2, *tab3;
	char params[512];
	struct scenario s;
	size_t pos, i, len;
	struct tok t;
	int ret;

	memset(&s, 0, sizeof(s));
	len = strlen(line);
	for (i = 0; i < len; i++) {
		unsigned char c = line[i];

		if (c != '\t' && (c < 0x20 || c >= 0x7f)) {
			snprintf(err, errlen, "byte 0x%02x at offset %zu is not text", c, i);
			return -EINVAL;
		}
	}
	/* name, description, parameters and (since the read-mostly scenarios) shape */
	tab1 = strchr(line, '\t');
	tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
	tab3 = tab2 ? strchr(tab2 + 1, '\t') : NULL;
	if (!tab2 || (tab3 && strchr(tab3 + 1, '\t'))) {
		snprintf(err, errlen, "not three or four tab-separated fields");
		return -EINVAL;
	}
	if (!valid_name(line, tab1 - line)) {
		snprintf(err, errlen, "bad scenario name '%.*s'",
			 (int)(tab1 - line > 32 ? 32 : tab1 - line), line);
		return -EINVAL;
	}
	memcpy(s.name, line, tab1 - line);
	if ((size_t)(tab2 - tab1 - 1) >= sizeof(s.desc)) {
		snprintf(err, errlen, "description too long");
		return -EINVAL;
	}
	memcpy(s.desc, tab1 + 1, tab2 - tab1 - 1);

	len = tab3 ? (size_t)(tab3 - tab2 - 1) : strlen(tab2 + 1);
	if (len >= sizeof(params)) {
		snprintf(err, errlen, "parameter list too long");
		return -EINVAL;
	}
	memcpy(params, tab2 + 1, len);
	params[len] = '\0';

	pos = 0;
	line = params;
	while ((ret = next_kv(line, &pos, &t, err, errlen)) > 0) {
		int j;

		if (s.nparams == SCEN_PARAMS_MAX) {
			snprintf(err, errlen, "too many parameters");
			return -EINVAL;
		}
		ret = tok_kv(&t, &s.params[s.nparams], err, errlen);
		if (ret)
			return ret;
		for (j = 0; j < s.nparams; j++) {
			if (!strcmp(s.params[j].key, s.params[s.nparams].key)) {
				snprintf(err, errlen, "parameter %s listed twice", s.params[j].key);
				return -EINVAL;
			}
		}
		s.nparams++;
	}
	if (ret < 0)
		return ret;
	if (!tab3) {		/* an older module: a counter is what takes iters */
		s.counter = scenario_accepts(&s, "iters");
	} else if (!strcmp(tab3 + 1, "counter") || !strcmp(tab3 + 1, "program")) {
		s.counter = !strcmp(tab3 + 1, "counter");
	} else {
		snprintf(err, errlen, "unknown shape '%.16s'", tab3 + 1);
		return -EINVAL;
	}
	*out = s;
	return 0;
}

int scenario_accepts(const struct scenario *s, const char *key)
{
	int i;

	for (i = 0; i < s->nparams; i++)
		if (!strcmp(s->params[i].key, key))
			return 1;
	return 0;
}

/* ---- results ------------------------------------------------------------ */

enum {
	R_SCENARIO, R_THREADS, R_ITERS, R_CPU, R_EXPECTED, R_ACTUAL, R_LOST,
	R_VERDICT, R_ELAPSED, R_NSOP, R_CPUNS, R_NVCSW, R_NIVCSW, R_NR,
};

static const char *const result_keys[R_NR] = {
	"scenario", "threads", "iters", "cpu", "expected", "actual", "lost",
	"verdict", "elapsed_ns", "ns_per_op", "cpu_ns", "nvcsw", "nivcsw",
};

int verdict_parse(const char *s, size_t len)
{
	int v;

	for (v = 0; v < SYNCLAB_NR_VERDICTS; v++)
		if (strlen(synclab_verdict_name(v)) == len &&
		    !memcmp(s, synclab_verdict_name(v), len))
			return v;
	return -1;
}

static int result_common(struct result *r, int k, const struct tok *t,
			 char *err, size_t errlen)
{
	unsigned long long *u[R_NR] = {
		[R_THREADS] = &r->threads, [R_ITERS] = &r->iters,
		[R_EXPECTED] = &r->expected, [R_ACTUAL] = &r->actual,
		[R_ELAPSED] = &r->elapsed_ns, [R_NSOP] = &r->ns_per_op,
		[R_CPUNS] = &r->cpu_ns, [R_NVCSW] = &r->nvcsw, [R_NIVCSW] = &r->nivcsw,
	};
	unsigned long long dummy;
	int ret;

	switch (k) {
	case R_SCENARIO:
		return tok_name(t, r->scenario, err, errlen);
	case R_CPU:
		if ((t->vlen == 3 && !memcmp(t->val, "all", 3)) ||
		    !parse_u64(t->val, t->vlen, &dummy))
			return tok_str(t, r->cpu, sizeof(r->cpu), err, errlen);
		snprintf(err, errlen, "cpu=%.*s is neither a number nor 'all'",
			 (int)(t->vlen > 32 ? 32 : t->vlen), t->val);
		return -EINVAL;
	case R_VERDICT:
		ret = verdict_parse(t->val, t->vlen);
		if (ret < 0) {
			snprintf(err, errlen, "unknown verdict '%.*s'",
				 (int)(t->vlen > 32 ? 32 : t->vlen), t->val);
			return -EINVAL;
		}
		r->verdict = ret;
		return 0;
	case R_LOST:
		ret = parse_s64(t->val, t->vlen, &r->lost);
		if (ret)
			snprintf(err, errlen, "lost=%.*s is %s",
				 (int)(t->vlen > 32 ? 32 : t->vlen), t->val,
				 ret == -ERANGE ? "too large" : "not a number");
		return ret ? -EINVAL : 0;
	default:
		return tok_u64(t, u[k], err, errlen);
	}
}

int parse_result_line(const char *line, struct result *out, char *err, size_t errlen)
{
	struct result *r;
	unsigned int seen = 0;
	struct tok t;
	size_t pos = 0;
	int ret, k;

	/* struct result is large: keep it off small thread stacks. */
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	while ((ret = next_kv(line, &pos, &t, err, errlen)) > 0) {
		for (k = 0; k < R_NR; k++)
			if (tok_is(&t, result_keys[k]))
				break;
		if (k < R_NR) {
			if (seen & (1u << k)) {
				snprintf(err, errlen, "%s given twice", result_keys[k]);
				ret = -EINVAL;
				break;
			}
			seen |= 1u << k;
			ret = result_common(r, k, &t, err, errlen);
		} else {
			int j;

			if (r->nextra == EXTRA_MAX) {
				snprintf(err, errlen, "too many keys");
				ret = -EINVAL;
				break;
			}
			ret = tok_kv(&t, &r->extra[r->nextra], err, errlen);
			for (j = 0; !ret && j < r->nextra; j++) {
				if (!strcmp(r->extra[j].key, r->extra[r->nextra].key)) {
					snprintf(err, errlen, "%s given twice", r->extra[j].key);
					ret = -EINVAL;
				}
			}
			if (!ret)
				r->nextra++;
		}
		if (ret)
			break;
	}
	if (!ret) {
		for (k = 0; k < R_NR; k++) {
			if (!(seen & (1u << k))) {
				snprintf(err, errlen, "missing key '%s'", result_keys[k]);
				ret = -EINVAL;
				break;
			}
		}
	}
	if (!ret)
		*out = *r;
	free(r);
	return ret ? -EINVAL : 0;
}

const char *result_extra(const struct result *r, const char *key)
{
	int i;

	for (i = 0; i < r->nextra; i++)
		if (!strcmp(r->extra[i].key, key))
			return r->extra[i].val;
	return NULL;
}

/* ---- status ------------------------------------------------------------- */

int parse_status(const char *text, struct status *out, char *err, size_t errlen)
{
	enum { S_STATE, S_SCENARIO, S_ELAPSED, S_DONE, S_TOTAL, S_NR };
	static const char *const keys[S_NR] = {
		"state", "scenario", "elapsed_ms", "done", "total",
	};
	struct status st;
	unsigned int seen = 0;
	size_t len, pos = 0;
	struct tok t;
	int ret, k;

	memset(&st, 0, sizeof(st));
	/* One line; its newline, if any, must be the last byte. */
	len = strcspn(text, "\n");
	if (text[len] && text[len + 1]) {
		snprintf(err, errlen, "more than one line");
		return -EINVAL;
	}
	{
		char line[512];

		if (len >= sizeof(line)) {
			snprintf(err, errlen, "line too long");
			return -EINVAL;
		}
		memcpy(line, text, len);
		line[len] = '\0';
		while ((ret = next_kv(line, &pos, &t, err, errlen)) > 0) {
			for (k = 0; k < S_NR; k++)
				if (tok_is(&t, keys[k]))
					break;
			if (k == S_NR)
				continue;	/* keys are only ever added */
			if (seen & (1u << k)) {
				snprintf(err, errlen, "%s given twice", keys[k]);
				return -EINVAL;
			}
			seen |= 1u << k;
			switch (k) {
			case S_STATE:
				ret = tok_str(&t, st.state_name, sizeof(st.state_name),
					      err, errlen);
				break;
			case S_SCENARIO:
				ret = tok_name(&t, st.scenario, err, errlen);
				break;
			case S_ELAPSED:
				ret = tok_u64(&t, &st.elapsed_ms, err, errlen);
				break;
			case S_DONE:
				ret = tok_u64(&t, &st.done, err, errlen);
				break;
			case S_TOTAL:
				ret = tok_u64(&t, &st.total, err, errlen);
				break;
			}
			if (ret)
				return ret;
		}
		if (ret < 0)
			return ret;
	}
	if (!(seen & 1u)) {
		snprintf(err, errlen, "missing key 'state'");
		return -EINVAL;
	}
	if (!strcmp(st.state_name, "idle")) {
		st.state = STATE_IDLE;
	} else if (!strcmp(st.state_name, "running")) {
		st.state = STATE_RUNNING;
		for (k = S_SCENARIO; k < S_NR; k++) {
			if (!(seen & (1u << k))) {
				snprintf(err, errlen, "missing key '%s'", keys[k]);
				return -EINVAL;
			}
		}
	} else {
		st.state = STATE_OTHER;
	}
	*out = st;
	return 0;
}

/* ---- trace -------------------------------------------------------------- */

int parse_trace_header(const char *line, struct trace_header *out, char *err, size_t errlen)
{
	static const char *const keys[] = { "scenario", "threads", "events", "dropped" };
	struct trace_header h;
	unsigned int seen = 0;
	size_t pos = 1;
	struct tok t;
	int ret = 0, k;

	memset(&h, 0, sizeof(h));
	if (line[0] != '#') {
		snprintf(err, errlen, "header does not start with '#'");
		return -EINVAL;
	}
	while ((ret = next_kv(line, &pos, &t, err, errlen)) > 0) {
		for (k = 0; k < 4; k++)
			if (tok_is(&t, keys[k]))
				break;
		if (k == 4)
			continue;
		if (seen & (1u << k)) {
			snprintf(err, errlen, "%s given twice", keys[k]);
			return -EINVAL;
		}
		seen |= 1u << k;
		if (k == 0)
			ret = tok_name(&t, h.scenario, err, errlen);
		else
			ret = tok_u64(&t, k == 1 ? &h.threads : k == 2 ? &h.events : &h.dropped,
				      err, errlen);
		if (ret)
			return ret;
	}
	if (ret < 0)
		return ret;
	for (k = 0; k < 4; k++) {
		if (!(seen & (1u << k))) {
			snprintf(err, errlen, "missing key '%s'", keys[k]);
			return -EINVAL;
		}
	}
	if (!h.threads || h.threads > 65536) {
		snprintf(err, errlen, "threads=%llu is out of range", h.threads);
		return -EINVAL;
	}
	*out = h;
	return 0;
}

/* "4" or "1,4": thread numbers, comma-separated. */
static int parse_overwrote(const struct tok *t, struct trace_event *ev, char *err, size_t errlen)
{
	size_t i = 0;

	while (i <= t->vlen) {
		size_t j = i;
		unsigned long long v;

		while (j < t->vlen && t->val[j] != ',')
			j++;
		if (ev->noverwrote == OVERWROTE_MAX) {
			snprintf(err, errlen, "overwrote lists too many threads");
			return -EINVAL;
		}
		if (parse_u64(t->val + i, j - i, &v) || v >= 65536) {
			snprintf(err, errlen, "overwrote=%.*s is not a list of threads",
				 (int)(t->vlen > 32 ? 32 : t->vlen), t->val);
			return -EINVAL;
		}
		ev->overwrote[ev->noverwrote++] = (unsigned short)v;
		i = j + 1;
	}
	return 0;
}

int parse_trace_line(const char *line, struct trace_event *out, char *err, size_t errlen)
{
	enum { T_NS, T_THREAD, T_OP, T_VALUE, T_WAS, T_OVERWROTE, T_NR };
	static const char *const keys[T_NR] = {
		"ns", "thread", "op", "value", "was", "overwrote",
	};
	struct trace_event ev;
	unsigned long long thread = 0;
	unsigned int seen = 0;
	size_t pos = 0;
	struct tok t;
	int ret, k;

	memset(&ev, 0, sizeof(ev));
	while ((ret = next_kv(line, &pos, &t, err, errlen)) > 0) {
		for (k = 0; k < T_NR; k++)
			if (tok_is(&t, keys[k]))
				break;
		if (k == T_NR)
			continue;
		if (seen & (1u << k)) {
			snprintf(err, errlen, "%s given twice", keys[k]);
			return -EINVAL;
		}
		seen |= 1u << k;
		switch (k) {
		case T_NS:
			ret = tok_u64(&t, &ev.ns, err, errlen);
			break;
		case T_THREAD:
			ret = tok_u64(&t, &thread, err, errlen);
			if (!ret && thread >= 65536) {
				snprintf(err, errlen, "thread=%llu is out of range", thread);
				ret = -EINVAL;
			}
			break;
		case T_OP:
			if (!valid_key(t.val, t.vlen)) {
				snprintf(err, errlen, "bad op '%.*s'",
					 (int)(t.vlen > 32 ? 32 : t.vlen), t.val);
				ret = -EINVAL;
			} else {
				ret = tok_str(&t, ev.op, sizeof(ev.op), err, errlen);
			}
			break;
		case T_VALUE:
			ret = tok_u64(&t, &ev.value, err, errlen);
			break;
		case T_WAS:
			ev.has_was = 1;
			ret = tok_u64(&t, &ev.was, err, errlen);
			break;
		case T_OVERWROTE:
			ret = parse_overwrote(&t, &ev, err, errlen);
			break;
		}
		if (ret)
			return ret;
	}
	if (ret < 0)
		return ret;
	for (k = T_NS; k <= T_VALUE; k++) {
		if (!(seen & (1u << k))) {
			snprintf(err, errlen, "missing key '%s'", keys[k]);
			return -EINVAL;
		}
	}
	ev.thread = (unsigned int)thread;
	*out = ev;
	return 0;
}

/* ---- whole files -------------------------------------------------------- */

int text_split(struct text *t, char *buf, size_t len)
{
	size_t i, n = 0;
	char *p;

	memset(t, 0, sizeof(*t));
	if (memchr(buf, '\0', len))
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			n++;
	if (len && buf[len - 1] != '\n')
		n++;		/* a last line without its newline */
	t->lines = calloc(n + 1, sizeof(*t->lines));
	if (!t->lines)
		return -ENOMEM;
	t->buf = buf;
	buf[len] = '\0';	/* the caller leaves room for it */
	for (p = buf; p < buf + len; ) {
		char *nl = memchr(p, '\n', buf + len - p);

		t->lines[t->nlines++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return 0;
}

void text_free(struct text *t)
{
	free(t->buf);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

int proc_read(const char *dir, const char *name, struct text *t)
{
	size_t len = 0, size = 4096;
	char path[PATH_MAX];
	char *buf, *nbuf;
	int fd, ret;

	memset(t, 0, sizeof(*t));
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (len == size) {
			if (size >= PROC_FILE_MAX) {
				ret = -EFBIG;
				goto fail;
			}
			size *= 2;
			nbuf = realloc(buf, size + 1);
			if (!nbuf) {
				ret = -ENOMEM;
				goto fail;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto fail;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	ret = text_split(t, buf, len);
	if (ret)
		free(buf);
	return ret;
fail:
	close(fd);
	free(buf);
	return ret;
}

static int blank_line(const char *s)
{
	while (is_blank(*s))
		s++;
	return !*s;
}

int scenarios_parse_text(const struct text *t, struct scenario_list *l,
			 char *err, size_t errlen)
{
	char why[128];
	size_t i;
	int ret;

	memset(l, 0, sizeof(*l));
	l->v = calloc(t->nlines + 1, sizeof(*l->v));
	if (!l->v)
		return -ENOMEM;
	for (i = 0; i < t->nlines; i++) {
		if (blank_line(t->lines[i]))
			continue;
		ret = parse_scenarios_line(t->lines[i], &l->v[l->n], why, sizeof(why));
		if (!ret && scenario_find(l, l->v[l->n].name)) {
			snprintf(why, sizeof(why), "scenario %s listed twice", l->v[l->n].name);
			ret = -EINVAL;
		}
		if (ret) {
			snprintf(err, errlen, "line %zu: %s", i + 1, why);
			scenario_list_free(l);
			return ret;
		}
		l->n++;
	}
	return 0;
}

int results_parse_text(const struct text *t, struct result_list *l,
		       char *err, size_t errlen)
{
	char why[128];
	size_t i;
	int ret;

	memset(l, 0, sizeof(*l));
	l->v = calloc(t->nlines + 1, sizeof(*l->v));
	if (!l->v)
		return -ENOMEM;
	for (i = 0; i < t->nlines; i++) {
		if (blank_line(t->lines[i]))
			continue;
		ret = parse_result_line(t->lines[i], &l->v[l->n], why, sizeof(why));
		if (ret) {
			snprintf(err, errlen, "line %zu: %s", i + 1, why);
			result_list_free(l);
			return ret;
		}
		l->n++;
	}
	return 0;
}

int trace_parse_text(const struct text *t, struct trace *tr, char *err, size_t errlen)
{
	char why[128];
	size_t i;
	int ret;

	memset(tr, 0, sizeof(*tr));
	for (i = 0; i < t->nlines && blank_line(t->lines[i]); i++)
		;
	if (i == t->nlines)
		return 0;	/* nothing traced yet */
	if (t->lines[i][0] == '#' && !strchr(t->lines[i], '=') && i + 1 == t->nlines)
		return 0;	/* "# no trace yet: ..." */
	ret = parse_trace_header(t->lines[i], &tr->h, why, sizeof(why));
	if (ret) {
		snprintf(err, errlen, "line %zu: %s", i + 1, why);
		return ret;
	}
	tr->has_header = 1;
	tr->ev = calloc(t->nlines + 1, sizeof(*tr->ev));
	if (!tr->ev)
		return -ENOMEM;
	for (i++; i < t->nlines; i++) {
		if (blank_line(t->lines[i]))
			continue;
		ret = parse_trace_line(t->lines[i], &tr->ev[tr->n], why, sizeof(why));
		if (!ret && tr->ev[tr->n].thread >= tr->h.threads) {
			snprintf(why, sizeof(why), "thread=%u but the run had %llu threads",
				 tr->ev[tr->n].thread, tr->h.threads);
			ret = -EINVAL;
		}
		if (ret) {
			snprintf(err, errlen, "line %zu: %s", i + 1, why);
			trace_free(tr);
			return ret;
		}
		tr->n++;
	}
	return 0;
}

const struct scenario *scenario_find(const struct scenario_list *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

const struct result *result_find(const struct result_list *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].scenario, name))
			return &l->v[i];
	return NULL;
}

void results_set_shapes(struct result *v, int n, const struct scenario_list *sl)
{
	const struct scenario *s;
	int i;

	for (i = 0; i < n; i++) {
		s = scenario_find(sl, v[i].scenario);
		v[i].shape = !s ? SHAPE_UNKNOWN : s->counter ? SHAPE_COUNTER : SHAPE_PROGRAM;
	}
}

void scenario_list_free(struct scenario_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void result_list_free(struct result_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void trace_free(struct trace *tr)
{
	free(tr->ev);
	memset(tr, 0, sizeof(*tr));
}

/* ---- loading, with the tool's messages ---------------------------------- */

const char *proc_dir_origin;

int proc_check(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	if (stat(dir, &st)) {
		if (errno != ENOENT && errno != ENOTDIR)
			errmsg("%s: %s", dir, strerror(errno));
		else if (proc_dir_origin)
			errmsg("%s not found (given by %s)", dir, proc_dir_origin);
		else
			errmsg("%s not found: the synclab module is not loaded (sudo modprobe "
			       "synclab, or in its source tree sudo insmod module/synclab.ko)", dir);
		return EXIT_NO_MODULE;
	}
	if (!S_ISDIR(st.st_mode)) {
		errmsg("%s is not the synclab module's directory: not a directory", dir);
		return EXIT_NO_MODULE;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/scenarios", dir) < sizeof(path) &&
	    access(path, F_OK)) {
		errmsg("%s is not the synclab module's directory: it has no scenarios file", dir);
		return EXIT_NO_MODULE;
	}
	return EXIT_OK;
}

static int load_text(const char *dir, const char *name, struct text *t)
{
	int ret = proc_check(dir);

	if (ret)
		return ret;
	ret = proc_read(dir, name, t);
	if (ret == -EINVAL)
		errmsg("%s/%s: garbled: it holds a NUL byte", dir, name);
	else if (ret == -EFBIG)
		errmsg("%s/%s: garbled: larger than %u bytes", dir, name, PROC_FILE_MAX);
	else if (ret)
		errmsg("cannot read %s/%s: %s", dir, name, strerror(-ret));
	return ret ? EXIT_ERROR : EXIT_OK;
}

int load_scenarios(const char *dir, struct scenario_list *l)
{
	char err[160];
	struct text t;
	int ret;

	ret = load_text(dir, "scenarios", &t);
	if (ret)
		return ret;
	ret = scenarios_parse_text(&t, l, err, sizeof(err));
	text_free(&t);
	if (ret) {
		errmsg("%s/scenarios: garbled: %s", dir, err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int load_scenarios_quiet(const char *dir, struct scenario_list *l)
{
	char err[160];
	struct text t;
	int ret;

	if (proc_read(dir, "scenarios", &t))
		return -1;
	ret = scenarios_parse_text(&t, l, err, sizeof(err));
	text_free(&t);
	return ret ? -1 : 0;
}

int load_results(const char *dir, struct result_list *l)
{
	char err[160];
	struct text t;
	int ret;

	ret = load_text(dir, "results", &t);
	if (ret)
		return ret;
	ret = results_parse_text(&t, l, err, sizeof(err));
	text_free(&t);
	if (ret) {
		errmsg("%s/results: garbled: %s", dir, err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int load_status(const char *dir, struct status *st)
{
	char err[160];
	struct text t;
	int ret;

	ret = load_text(dir, "status", &t);
	if (ret)
		return ret;
	if (t.nlines != 1) {
		snprintf(err, sizeof(err), "%s", t.nlines ? "more than one line" : "empty");
		ret = -EINVAL;
	} else {
		ret = parse_status(t.lines[0], st, err, sizeof(err));
	}
	text_free(&t);
	if (ret) {
		errmsg("%s/status: garbled: %s", dir, err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int load_trace(const char *dir, struct trace *tr)
{
	char err[160];
	struct text t;
	int ret;

	ret = load_text(dir, "trace", &t);
	if (ret)
		return ret;
	ret = trace_parse_text(&t, tr, err, sizeof(err));
	text_free(&t);
	if (ret) {
		errmsg("%s/trace: garbled: %s", dir, err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}
