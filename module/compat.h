/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels synclab builds against (6.1 to 7.x),
 * decided here once.
 */
#ifndef SYNCLAB_COMPAT_H
#define SYNCLAB_COMPAT_H

/*
 * guard(), scoped_guard() and the lock guard classes came in 6.5, with
 * linux/cleanup.h: an older kernel gets the explicit lock and unlock.  The
 * header itself is the test, not LINUX_VERSION_CODE: 6.1's stable updates
 * backported it (Debian's 6.1.0-56 has it), and a version test would deny
 * them the guards.  Kbuild looks for it in the kernel's tree and defines
 * SYNCLAB_HAVE_CLEANUP_H (sparse does not know __has_include).
 * -DSYNCLAB_NO_GUARD builds the explicit form anyway (make check builds it,
 * so that it never rots).
 */
/*
 * sparse (__CHECKER__) does not see the unlock that a guard's cleanup runs
 * at the end of its scope and reports a context imbalance: it checks the
 * explicit form, whose every unlock it can follow.
 */
#if defined(SYNCLAB_HAVE_CLEANUP_H) && !defined(SYNCLAB_NO_GUARD) && !defined(__CHECKER__)
#define SYNCLAB_HAVE_GUARD	1
#include <linux/cleanup.h>
#endif

#endif /* SYNCLAB_COMPAT_H */
