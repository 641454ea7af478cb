#!/bin/sh
# The bug that guard() prevents, on purpose, in a guest of the debug kernel
# (lockdep): `run scoped bug=1` takes the explicit form's error path, which
# returns with the mutex held. Lockdep reports the thread that exits holding
# it, then turns itself off until the next boot: hence a boot of its own,
# and this script the only thing in it. check.sh leaves this one report out
# of its console scan (lib.sh lockdep_intended), and only this one.
# Prints TAP; exits 0 when it ran to its end.

. "$(dirname "$0")/common.sh"

check "run scoped bug=1 ends" run run scoped threads=2 iters=100 bug=1
check "its verdict is fail" test "$(result scoped verdict)" = fail
check "the mutex was still locked after the run (locked_after=1)" \
	test "$(result scoped locked_after)" = 1
check "the other steps were given up, not waited for forever" test "$(result scoped gave_up)" -gt 0
check "last names the error path that kept the lock" \
	grep -q "returned without unlocking it (bug=1)" $P/last
check "lockdep reports the thread that exited holding the lock" \
	sh -c "dmesg | grep -q 'WARNING: synclab/scoped:[0-9]*/[0-9]* still has locks held!'"
check "... and names the mutex of scoped" sh -c "dmesg | grep -A4 'still has locks held' | grep -q '(&s->lock)'"
check "no synclab kthread is left" no_kthreads
check "rmmod afterwards" rmmod synclab
check "the module loads again" insmod "$KO"
check "and scoped without the bug is exact" run run scoped threads=2 iters=400
check "... verdict ok, the mutex free" test "$(result scoped verdict)/$(result scoped locked_after)" = ok/0
ran_to_end
