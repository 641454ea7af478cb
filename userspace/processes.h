/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab processes: threads against processes.  Forked processes count in
 * their own copy of a total (the parent's stays 0), then in a MAP_SHARED
 * mapping (they lose updates again, and an atomic add is exact), next to
 * the kernel's race scenario, whose kthreads share everything like threads.
 */
#ifndef SYNCLAB_PROCESSES_H
#define SYNCLAB_PROCESSES_H

#include "format.h"
#include "run.h"

#define PROCESSES_DEFAULT	4	/* as the module's threads= */
#define PROCESSES_MAX		64	/* as the module's max_threads= */
#define PROCESS_ITERS_DEFAULT	1000000	/* as the module's iters= */

/* synclab help processes, its limits and defaults from the constants above */
void processes_help(FILE *f);

/*
 * @o: threads (processes, and the race scenario's kthreads) and iters
 * (increments each); any other key is a usage error.  Returns an exit code.
 */
int cmd_processes(const char *dir, enum out_format fmt, const struct run_opts *o);

#endif /* SYNCLAB_PROCESSES_H */
