/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading /proc/synclab and parsing what it holds (docs/proc-interface.md).
 *
 * The parse_*() functions are pure: they look only at the NUL-terminated
 * line they are given, never read past its end, fill their output only on
 * success and otherwise return -EINVAL with a one-line reason in @err.
 */
#ifndef SYNCLAB_PROCFILES_H
#define SYNCLAB_PROCFILES_H

#include <stddef.h>

#include "cmd.h"
#include "verdict.h"

#define PROC_DEFAULT	"/proc/synclab"
#define PROC_FILE_MAX	(4u << 20)	/* larger files are refused as garbled */

#define KEY_MAX		32		/* key, with its NUL */
#define VAL_MAX		64		/* value, with its NUL */
#define EXTRA_MAX	32		/* scenario-specific keys per result */
#define DESC_MAX	256		/* scenario description, with its NUL */
#define SCEN_PARAMS_MAX	SYNCLAB_NR_PARAMS

struct kv {
	char key[KEY_MAX];
	char val[VAL_MAX];
};

/* One line of `scenarios`. */
struct scenario {
	char name[SYNCLAB_NAME_MAX];
	char desc[DESC_MAX];
	int nparams;
	struct kv params[SCEN_PARAMS_MAX];	/* accepted keys, with defaults */
	int counter;		/* driven by the counting loop (shape "counter") */
};

enum shape {
	SHAPE_UNKNOWN,		/* not known: the scenario is not in scenarios */
	SHAPE_COUNTER,		/* the runner's counting loop */
	SHAPE_PROGRAM,		/* a program of its own */
};

/* One line of `results`: the common keys, then everything else in order. */
struct result {
	char scenario[SYNCLAB_NAME_MAX];
	char cpu[VAL_MAX];
	enum synclab_verdict verdict;
	unsigned long long threads, iters, expected, actual;
	long long lost;
	unsigned long long elapsed_ns, ns_per_op, cpu_ns, nvcsw, nivcsw;
	int nextra;
	struct kv extra[EXTRA_MAX];
	enum shape shape;	/* not in the line: from scenarios (results_set_shapes) */
};

enum run_state {
	STATE_IDLE,
	STATE_RUNNING,
	STATE_OTHER,		/* a state this tool does not know */
};

struct status {
	enum run_state state;
	char state_name[VAL_MAX];
	char scenario[SYNCLAB_NAME_MAX];	/* the rest: running only */
	unsigned long long elapsed_ms, done, total;
};

/* `# scenario=classic threads=5 events=10 dropped=0` */
struct trace_header {
	char scenario[SYNCLAB_NAME_MAX];
	unsigned long long threads, events, dropped;
};

#define OVERWROTE_MAX	256		/* every other thread of the largest run */

/* `ns=6700 thread=4 op=write value=7 was=3 overwrote=1,2` */
struct trace_event {
	unsigned long long ns;
	unsigned int thread;
	char op[KEY_MAX];
	unsigned long long value;
	int has_was;
	unsigned long long was;
	int noverwrote;
	unsigned short overwrote[OVERWROTE_MAX];
};

int parse_scenarios_line(const char *line, struct scenario *s, char *err, size_t errlen);
int parse_result_line(const char *line, struct result *r, char *err, size_t errlen);
int parse_status(const char *text, struct status *st, char *err, size_t errlen);
int parse_trace_header(const char *line, struct trace_header *h, char *err, size_t errlen);
int parse_trace_line(const char *line, struct trace_event *ev, char *err, size_t errlen);

int scenario_accepts(const struct scenario *s, const char *key);
const char *result_extra(const struct result *r, const char *key);
/* The verdict named by the @len bytes at @s, or -1. */
int verdict_parse(const char *s, size_t len);

/*
 * A whole /proc file, split into NUL-terminated lines (the newlines are
 * replaced).  Refused, with -EINVAL, if it holds a NUL byte or is larger
 * than PROC_FILE_MAX.
 */
struct text {
	char *buf;
	size_t nlines;
	char **lines;
};

int text_split(struct text *t, char *buf, size_t len);
int proc_read(const char *dir, const char *name, struct text *t);
void text_free(struct text *t);

/* Whole files, parsed; on failure @err names the file and the line. */
struct scenario_list {
	int n;
	struct scenario *v;
};

struct result_list {
	int n;
	struct result *v;
};

struct trace {
	int has_header;		/* 0: no traced run yet (empty, or a '#' line without keys) */
	struct trace_header h;
	size_t n;
	struct trace_event *ev;
};

int scenarios_parse_text(const struct text *t, struct scenario_list *l,
			 char *err, size_t errlen);
int results_parse_text(const struct text *t, struct result_list *l,
		       char *err, size_t errlen);
int trace_parse_text(const struct text *t, struct trace *tr, char *err, size_t errlen);
const struct scenario *scenario_find(const struct scenario_list *l, const char *name);
/* The shape of each result, from the scenario of the same name in @sl. */
void results_set_shapes(struct result *v, int n, const struct scenario_list *sl);
const struct result *result_find(const struct result_list *l, const char *name);
void scenario_list_free(struct scenario_list *l);
void result_list_free(struct result_list *l);
void trace_free(struct trace *tr);


/*
 * The same, for the tool: each prints its own "synclab: ..." message and
 * returns an exit code (EXIT_OK, EXIT_NO_MODULE or EXIT_ERROR).
 *
 * proc_dir_origin says where the directory came from, for the messages:
 * "--proc", "SYNCLAB_PROC", or NULL for the default.
 */
extern const char *proc_dir_origin;
int proc_check(const char *dir);
int load_scenarios(const char *dir, struct scenario_list *l);
int load_results(const char *dir, struct result_list *l);
int load_status(const char *dir, struct status *st);
int load_trace(const char *dir, struct trace *tr);
/* load_scenarios() without a word: 0, or -1 (nothing printed). */
int load_scenarios_quiet(const char *dir, struct scenario_list *l);

#endif /* SYNCLAB_PROCFILES_H */
