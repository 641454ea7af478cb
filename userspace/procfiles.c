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

#include "procfiles.h"
#include "tool.h"

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

/* 1 to @size - 1 bytes, each a lower-case letter, a digit or @sep. */
static int valid_word(const char *s, size_t len, size_t size, char sep)
{
	size_t i;

	if (!len || len >= size)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == sep))
			return 0;
	return 1;
}

/* A scenario name: classic, naive-spin. */
static int valid_name(const char *s, size_t len)
{
	return valid_word(s, len, SYNCLAB_NAME_MAX, '-');
}

/* A key: window_us. */
static int valid_key(const char *s, size_t len)
{
	return valid_word(s, len, KEY_MAX, '_');
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

/* ---- key=value lines: results, status and trace ----------------------------- */

/* How the value of a known key is read. */
enum field_type {
	F_U64,		/* decimal */
	F_S64,		/* decimal, maybe negative */
	F_NAME,		/* a scenario name */
	F_WORD,		/* any text without blanks, of at most ->size bytes with its NUL */
	F_OP,		/* a lower-case word */
	F_CPU,		/* a number or "all", kept as text */
	F_VERDICT,	/* one of verdict.h's names */
	F_THREAD,	/* a thread number, below 65536 */
	F_OVERWROTE,	/* thread numbers, comma-separated */
};

/* A known key of a line format: where its value goes in the output struct. */
struct field {
	const char *key;
	enum field_type type;
	size_t off;
	size_t size;		/* F_WORD, F_OP, F_CPU: the buffer's size */
};

#define FIELD(st, key, type, member)	{ key, type, offsetof(st, member), \
					  sizeof(((st *)0)->member) }
#define QUOTE(len)	(int)((len) > 32 ? 32 : (len))

int verdict_parse(const char *s, size_t len)
{
	int v;

	for (v = 0; v < SYNCLAB_NR_VERDICTS; v++)
		if (strlen(synclab_verdict_name(v)) == len &&
		    !memcmp(s, synclab_verdict_name(v), len))
			return v;
	return -1;
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
				 QUOTE(t->vlen), t->val);
			return -EINVAL;
		}
		ev->overwrote[ev->noverwrote++] = (unsigned short)v;
		i = j + 1;
	}
	return 0;
}

/* Reads the value of @t into @out as @f says. */
static int field_read(const struct field *f, const struct tok *t, void *out,
		      char *err, size_t errlen)
{
	char *dst = (char *)out + f->off;
	unsigned long long u;
	int ret;

	switch (f->type) {
	case F_U64:
		return tok_u64(t, (unsigned long long *)dst, err, errlen);
	case F_S64:
		ret = parse_s64(t->val, t->vlen, (long long *)dst);
		if (ret)
			snprintf(err, errlen, "%s=%.*s is %s", f->key, QUOTE(t->vlen), t->val,
				 ret == -ERANGE ? "too large" : "not a number");
		return ret ? -EINVAL : 0;
	case F_NAME:
		return tok_name(t, dst, err, errlen);
	case F_WORD:
		return tok_str(t, dst, f->size, err, errlen);
	case F_OP:
		if (valid_key(t->val, t->vlen))
			return tok_str(t, dst, f->size, err, errlen);
		snprintf(err, errlen, "bad %s '%.*s'", f->key, QUOTE(t->vlen), t->val);
		return -EINVAL;
	case F_CPU:
		if ((t->vlen == 3 && !memcmp(t->val, "all", 3)) ||
		    !parse_u64(t->val, t->vlen, &u))
			return tok_str(t, dst, f->size, err, errlen);
		snprintf(err, errlen, "%s=%.*s is neither a number nor 'all'", f->key,
			 QUOTE(t->vlen), t->val);
		return -EINVAL;
	case F_VERDICT:
		ret = verdict_parse(t->val, t->vlen);
		if (ret < 0) {
			snprintf(err, errlen, "unknown verdict '%.*s'", QUOTE(t->vlen), t->val);
			return -EINVAL;
		}
		*(enum synclab_verdict *)dst = ret;
		return 0;
	case F_THREAD:
		ret = tok_u64(t, &u, err, errlen);
		if (!ret && u >= 65536) {
			snprintf(err, errlen, "%s=%llu is out of range", f->key, u);
			ret = -EINVAL;
		}
		if (!ret)
			*(unsigned int *)dst = (unsigned int)u;
		return ret;
	case F_OVERWROTE:
		return parse_overwrote(t, out, err, errlen);
	}
	return -EINVAL;
}

/* An unknown key of a results line: kept, in order, each once. */
static int extra_add(struct result *r, const struct tok *t, char *err, size_t errlen)
{
	int j, ret;

	if (r->nextra == EXTRA_MAX) {
		snprintf(err, errlen, "too many keys");
		return -EINVAL;
	}
	ret = tok_kv(t, &r->extra[r->nextra], err, errlen);
	for (j = 0; !ret && j < r->nextra; j++) {
		if (!strcmp(r->extra[j].key, r->extra[r->nextra].key)) {
			snprintf(err, errlen, "%s given twice", r->extra[j].key);
			ret = -EINVAL;
		}
	}
	if (!ret)
		r->nextra++;
	return ret;
}

/* -EINVAL naming the first of the @n @fields not in @seen; 0 when none is missing. */
static int fields_missing(const struct field *fields, int n, unsigned int seen,
			  char *err, size_t errlen)
{
	int k;

	for (k = 0; k < n; k++) {
		if (!(seen & (1u << k))) {
			snprintf(err, errlen, "missing key '%s'", fields[k].key);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The one parser of the key=value formats.  Reads the tokens of @line from
 * offset @pos into @out: each key of @fields at most once, and the first
 * @nrequired of them must be there.  A key not in @fields goes to @extras
 * when given (results), and is skipped otherwise: the module only ever adds
 * keys.  *@seen gets bit i for each fields[i] present.
 */
static int parse_kv(const char *line, size_t pos, const struct field *fields, int nfields,
		    int nrequired, void *out, struct result *extras, unsigned int *seen,
		    char *err, size_t errlen)
{
	struct tok t;
	int ret, k;

	*seen = 0;
	while ((ret = next_kv(line, &pos, &t, err, errlen)) > 0) {
		for (k = 0; k < nfields && !tok_is(&t, fields[k].key); k++)
			;
		if (k == nfields) {
			ret = extras ? extra_add(extras, &t, err, errlen) : 0;
		} else if (*seen & (1u << k)) {
			snprintf(err, errlen, "%s given twice", fields[k].key);
			ret = -EINVAL;
		} else {
			*seen |= 1u << k;
			ret = field_read(&fields[k], &t, out, err, errlen);
		}
		if (ret)
			return -EINVAL;
	}
	if (ret < 0)
		return ret;
	return fields_missing(fields, nrequired, *seen, err, errlen);
}

#define NFIELDS(f)	(int)(sizeof(f) / sizeof((f)[0]))

/* ---- results ------------------------------------------------------------ */

static const struct field result_fields[] = {
	FIELD(struct result, "scenario", F_NAME, scenario),
	FIELD(struct result, "threads", F_U64, threads),
	FIELD(struct result, "iters", F_U64, iters),
	FIELD(struct result, "cpu", F_CPU, cpu),
	FIELD(struct result, "expected", F_U64, expected),
	FIELD(struct result, "actual", F_U64, actual),
	FIELD(struct result, "lost", F_S64, lost),
	FIELD(struct result, "verdict", F_VERDICT, verdict),
	FIELD(struct result, "elapsed_ns", F_U64, elapsed_ns),
	FIELD(struct result, "ns_per_op", F_U64, ns_per_op),
	FIELD(struct result, "cpu_ns", F_U64, cpu_ns),
	FIELD(struct result, "nvcsw", F_U64, nvcsw),
	FIELD(struct result, "nivcsw", F_U64, nivcsw),
};

int parse_result_line(const char *line, struct result *out, char *err, size_t errlen)
{
	unsigned int seen;
	struct result *r;
	int ret;

	/* struct result is large: keep it off small thread stacks. */
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ret = parse_kv(line, 0, result_fields, NFIELDS(result_fields), NFIELDS(result_fields),
		       r, r, &seen, err, errlen);
	if (!ret)
		*out = *r;
	free(r);
	return ret;
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

/* state first: the one key of every state; the others, of a run in progress. */
static const struct field status_fields[] = {
	FIELD(struct status, "state", F_WORD, state_name),
	FIELD(struct status, "scenario", F_NAME, scenario),
	FIELD(struct status, "elapsed_ms", F_U64, elapsed_ms),
	FIELD(struct status, "done", F_U64, done),
	FIELD(struct status, "total", F_U64, total),
};

int parse_status(const char *text, struct status *out, char *err, size_t errlen)
{
	unsigned int seen;
	struct status st;
	char line[512];
	size_t len;
	int ret;

	memset(&st, 0, sizeof(st));
	/* One line; its newline, if any, must be the last byte. */
	len = strcspn(text, "\n");
	if (text[len] && text[len + 1]) {
		snprintf(err, errlen, "more than one line");
		return -EINVAL;
	}
	if (len >= sizeof(line)) {
		snprintf(err, errlen, "line too long");
		return -EINVAL;
	}
	memcpy(line, text, len);
	line[len] = '\0';
	ret = parse_kv(line, 0, status_fields, NFIELDS(status_fields), 1, &st, NULL, &seen,
		       err, errlen);
	if (ret)
		return ret;
	if (!strcmp(st.state_name, "idle")) {
		st.state = STATE_IDLE;
	} else if (!strcmp(st.state_name, "running")) {
		st.state = STATE_RUNNING;
		ret = fields_missing(status_fields, NFIELDS(status_fields), seen, err, errlen);
		if (ret)
			return ret;
	} else {
		st.state = STATE_OTHER;
	}
	*out = st;
	return 0;
}

/* ---- trace -------------------------------------------------------------- */

static const struct field trace_header_fields[] = {
	FIELD(struct trace_header, "scenario", F_NAME, scenario),
	FIELD(struct trace_header, "threads", F_U64, threads),
	FIELD(struct trace_header, "events", F_U64, events),
	FIELD(struct trace_header, "dropped", F_U64, dropped),
};

int parse_trace_header(const char *line, struct trace_header *out, char *err, size_t errlen)
{
	struct trace_header h;
	unsigned int seen;
	int ret;

	memset(&h, 0, sizeof(h));
	if (line[0] != '#') {
		snprintf(err, errlen, "header does not start with '#'");
		return -EINVAL;
	}
	ret = parse_kv(line, 1, trace_header_fields, NFIELDS(trace_header_fields),
		       NFIELDS(trace_header_fields), &h, NULL, &seen, err, errlen);
	if (ret)
		return ret;
	if (!h.threads || h.threads > 65536) {
		snprintf(err, errlen, "threads=%llu is out of range", h.threads);
		return -EINVAL;
	}
	*out = h;
	return 0;
}

/* The first four are in every event; was is there when has_was says so. */
static const struct field trace_event_fields[] = {
	FIELD(struct trace_event, "ns", F_U64, ns),
	FIELD(struct trace_event, "thread", F_THREAD, thread),
	FIELD(struct trace_event, "op", F_OP, op),
	FIELD(struct trace_event, "value", F_U64, value),
	FIELD(struct trace_event, "was", F_U64, was),
	FIELD(struct trace_event, "overwrote", F_OVERWROTE, overwrote),
};

#define TRACE_WAS_SEEN	(1u << 4)	/* trace_event_fields[4] */

int parse_trace_line(const char *line, struct trace_event *out, char *err, size_t errlen)
{
	struct trace_event ev;
	unsigned int seen;
	int ret;

	memset(&ev, 0, sizeof(ev));
	ret = parse_kv(line, 0, trace_event_fields, NFIELDS(trace_event_fields), 4, &ev, NULL,
		       &seen, err, errlen);
	if (ret)
		return ret;
	ev.has_was = !!(seen & TRACE_WAS_SEEN);
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

/*
 * Parses one line into item @n of the array @items, and vets it against
 * the items before it and @ctx; a message in @err when it is refused.
 */
typedef int item_parser(const char *line, void *items, int n, const void *ctx,
			char *err, size_t errlen);

/*
 * The lines of @t from line @first on, blank ones left out, each parsed
 * by @parse into a new array of @size-byte items: *@items, *@n of them.
 * On failure nothing is kept and @err says which line and why.
 */
static int parse_lines(const struct text *t, size_t first, size_t size, item_parser *parse,
		       const void *ctx, void **items, int *n, char *err, size_t errlen)
{
	char why[128];
	char *v;
	size_t i;
	int ret;

	*n = 0;
	v = calloc(t->nlines + 1, size);
	if (!v)
		return -ENOMEM;
	for (i = first; i < t->nlines; i++) {
		if (blank_line(t->lines[i]))
			continue;
		ret = parse(t->lines[i], v, *n, ctx, why, sizeof(why));
		if (ret) {
			snprintf(err, errlen, "line %zu: %s", i + 1, why);
			free(v);
			*n = 0;
			return ret;
		}
		(*n)++;
	}
	*items = v;
	return 0;
}

static int scenario_item(const char *line, void *items, int n, const void *ctx,
			 char *err, size_t errlen)
{
	const struct scenario_list before = { n, items };
	struct scenario *s = (struct scenario *)items + n;
	int ret = parse_scenarios_line(line, s, err, errlen);

	(void)ctx;
	if (!ret && scenario_find(&before, s->name)) {
		snprintf(err, errlen, "scenario %s listed twice", s->name);
		ret = -EINVAL;
	}
	return ret;
}

int scenarios_parse_text(const struct text *t, struct scenario_list *l,
			 char *err, size_t errlen)
{
	void *v = NULL;
	int ret;

	memset(l, 0, sizeof(*l));
	ret = parse_lines(t, 0, sizeof(*l->v), scenario_item, NULL, &v, &l->n, err, errlen);
	l->v = v;
	return ret;
}

static int result_item(const char *line, void *items, int n, const void *ctx,
		       char *err, size_t errlen)
{
	(void)ctx;
	return parse_result_line(line, (struct result *)items + n, err, errlen);
}

int results_parse_text(const struct text *t, struct result_list *l,
		       char *err, size_t errlen)
{
	void *v = NULL;
	int ret;

	memset(l, 0, sizeof(*l));
	ret = parse_lines(t, 0, sizeof(*l->v), result_item, NULL, &v, &l->n, err, errlen);
	l->v = v;
	return ret;
}

/* An event of a thread the header does not count is refused. */
static int trace_item(const char *line, void *items, int n, const void *ctx,
		      char *err, size_t errlen)
{
	const struct trace_header *h = ctx;
	struct trace_event *ev = (struct trace_event *)items + n;
	int ret = parse_trace_line(line, ev, err, errlen);

	if (!ret && ev->thread >= h->threads) {
		snprintf(err, errlen, "thread=%u but the run had %llu threads", ev->thread,
			 h->threads);
		ret = -EINVAL;
	}
	return ret;
}

int trace_parse_text(const struct text *t, struct trace *tr, char *err, size_t errlen)
{
	char why[128];
	void *v = NULL;
	size_t i;
	int ret, n;

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
	ret = parse_lines(t, i + 1, sizeof(*tr->ev), trace_item, &tr->h, &v, &n, err, errlen);
	if (ret) {
		memset(tr, 0, sizeof(*tr));
		return ret;
	}
	tr->has_header = 1;
	tr->ev = v;
	tr->n = (size_t)n;
	return 0;
}

/* The one line of status. */
static int status_parse_text(const struct text *t, struct status *st, char *err, size_t errlen)
{
	if (t->nlines != 1) {
		snprintf(err, errlen, "%s", t->nlines ? "more than one line" : "empty");
		return -EINVAL;
	}
	return parse_status(t->lines[0], st, err, errlen);
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

/*
 * /proc/synclab/@name parsed by @parse into @out, or the tool's message:
 * the module is missing, the file cannot be read, or what is garbled.
 */
typedef int text_parser(const struct text *t, void *out, char *err, size_t errlen);

static int load_file(const char *dir, const char *name, text_parser *parse, void *out)
{
	char err[160];
	struct text t;
	int ret;

	ret = load_text(dir, name, &t);
	if (ret)
		return ret;
	ret = parse(&t, out, err, sizeof(err));
	text_free(&t);
	if (ret) {
		errmsg("%s/%s: garbled: %s", dir, name, err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

static int scenarios_text(const struct text *t, void *l, char *err, size_t errlen)
{
	return scenarios_parse_text(t, l, err, errlen);
}

static int results_text(const struct text *t, void *l, char *err, size_t errlen)
{
	return results_parse_text(t, l, err, errlen);
}

static int status_text(const struct text *t, void *st, char *err, size_t errlen)
{
	return status_parse_text(t, st, err, errlen);
}

static int trace_text(const struct text *t, void *tr, char *err, size_t errlen)
{
	return trace_parse_text(t, tr, err, errlen);
}

int load_scenarios(const char *dir, struct scenario_list *l)
{
	return load_file(dir, "scenarios", scenarios_text, l);
}

int load_results(const char *dir, struct result_list *l)
{
	return load_file(dir, "results", results_text, l);
}

int load_status(const char *dir, struct status *st)
{
	return load_file(dir, "status", status_text, st);
}

int load_trace(const char *dir, struct trace *tr)
{
	return load_file(dir, "trace", trace_text, tr);
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
