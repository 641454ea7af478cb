/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exercise 03 (exercises/03-sleepy-counter/): the counter the student
 * protects in sleepy_counter.c, and the log that the harness
 * ex-sleepy-counter (sleepy_counter.c here) keeps of it.
 */
#ifndef SYNCLAB_EX_SLEEPY_COUNTER_H
#define SYNCLAB_EX_SLEEPY_COUNTER_H

/* One count in this many is written to the log. */
#define SLEEPY_LOG_EVERY	64

/* The student's: add one to *total; log each SLEEPY_LOG_EVERY-th count. */
void sleepy_counter_inc(unsigned long *total);

/*
 * The harness's: write a record of *total to the log.  It sleeps 100 to
 * 200 us, as a write to a disk does, and the count must not move until it
 * returns: a record is of the count as it is.
 */
void sleepy_log_write(const unsigned long *total);

#endif /* SYNCLAB_EX_SLEEPY_COUNTER_H */
