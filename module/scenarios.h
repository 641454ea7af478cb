/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenarios, in teaching order: the race, each fix, then coordination.
 * One line each: SYNCLAB_SCENARIO(name) for the struct synclab_<name> that
 * scenarios/<name>.c defines (Kbuild builds every file there; peterson.c
 * defines peterson_mb too).  This list is
 * the one place that names them: synclab.h declares them from it, core.c
 * makes the table that /proc/synclab/scenarios and the tool follow.  No
 * include guard: each includer defines SYNCLAB_SCENARIO() first.
 */
SYNCLAB_SCENARIO(classic);
SYNCLAB_SCENARIO(race);
SYNCLAB_SCENARIO(naive_spin);
SYNCLAB_SCENARIO(peterson);
SYNCLAB_SCENARIO(peterson_mb);
SYNCLAB_SCENARIO(sb);
SYNCLAB_SCENARIO(atomic);
SYNCLAB_SCENARIO(percpu);
SYNCLAB_SCENARIO(spinlock);
SYNCLAB_SCENARIO(mutex);
SYNCLAB_SCENARIO(semaphore);
SYNCLAB_SCENARIO(trylock);
SYNCLAB_SCENARIO(scoped);
SYNCLAB_SCENARIO(rwlock);
SYNCLAB_SCENARIO(rwsem);
SYNCLAB_SCENARIO(seqlock);

/* Each solves an exercise: a student's handout has none of their files. */
#ifdef SYNCLAB_HAVE_sem_limit
SYNCLAB_SCENARIO(sem_limit);
#endif
#ifdef SYNCLAB_HAVE_completion
SYNCLAB_SCENARIO(completion);
#endif
#ifdef SYNCLAB_HAVE_waitqueue
SYNCLAB_SCENARIO(waitqueue);
#endif
SYNCLAB_SCENARIO(workqueue);

/* Not a lesson: the floor the benchmarks compare against. */
SYNCLAB_SCENARIO(baseline);

/* The exercises' harnesses (exercises/), which a grading build adds. */
#ifdef SYNCLAB_EX_flag_lock
SYNCLAB_SCENARIO(ex_flag_lock);
#endif
#ifdef SYNCLAB_EX_sleepy_counter
SYNCLAB_SCENARIO(ex_sleepy_counter);
#endif
#ifdef SYNCLAB_EX_bounded_sem
SYNCLAB_SCENARIO(ex_bounded_sem);
#endif
#ifdef SYNCLAB_EX_event
SYNCLAB_SCENARIO(ex_event);
#endif
#ifdef SYNCLAB_EX_prodcons
SYNCLAB_SCENARIO(ex_prodcons);
#endif
