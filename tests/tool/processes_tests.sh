#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of synclab processes: forked processes counting in their own copy of
# a total, then in a MAP_SHARED mapping, next to the module's race scenario
# (read from a recorded /proc/synclab fixture, or missing).
# Prints TAP (tests/tool/tap.sh: the helpers, and how a test is written);
# make -C userspace test counts it with scripts/tap-count. Exit status 0:
# it ran to its end.
#
# Whether fork-shared loses updates depends on the CPUs: here only its
# bookkeeping is checked (guest/integration.sh checks it on two vCPUs).
#
# Usage: processes_tests.sh SYNCLAB
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tap.sh
. "$HERE/tap.sh"
BIN=$(abspath "$1")
TOOL_TIMEOUT=60 # a hang, not a timing
NOMOD=$WORK/no-module	# a /proc/synclab that is not there

# ---- the userspace rows, without the module --------------------------------

tool --proc "$NOMOD" -f json processes --threads 3 --iters 20000
rc_is 0 && python3 "$CHECKS" processes_json 3 20000 "$WORK/out"
result $? "json: the parent's total stays 0, each child counts exactly 20000, atomic exact"
err_has "the synclab module is not loaded" && err_has "make demo"
result $? "json: no module: said on stderr, stdout stays JSON"

tool --proc "$NOMOD" -f csv processes threads=2 iters=5000
check "csv: three rows re-read by the csv module, the figures in the extra column" \
	python3 "$CHECKS" processes_csv "$WORK/out"

tool --proc "$NOMOD" processes --threads 2 --iters 5000
rc_is 0 && out_has "fork-private" && out_has "fork-atomic" &&
	out_has "the parent's own total for fork-private"
result $? "table: exit 0, the rows and what expected and actual are for fork-private"
tr "\n" " " <"$WORK/out" | grep -qF "conclusion: separate memory: each child counted to 5000 in its own copy, the parent's total stayed 0"
result $? "table: the conclusion, with its figures"
tr "\n" " " <"$WORK/out" | grep -q "the synclab module is not loaded .*make demo"
result $? "table: says plainly that the module is not loaded, and how to see the kernel's row"
check "table: within 80 columns" fits80 "$WORK/out"
! grep -q "^race " "$WORK/out"
result $? "table: no race row without the module"

tool --proc "$NOMOD" processes
rc_is 0 && grep -q "^fork-private  *4 " "$WORK/out" && out_has "counted to 1000000"
result $? "defaults: 4 processes x 1000000 increments"

# ---- the kernel's row, from a recorded module ----------------------------------

d=$(fx all)
tool --proc "$d" -f json processes --threads 3 --iters 2000
[ "$(cat "$d/control")" = "run race threads=3 iters=2000" ]
result $? "module, root: race runs with the same threads and iters"
check "module: the fourth row is race's result, as the module recorded it" \
	python3 "$CHECKS" processes_module_row "$WORK/out" "$(fxval all race actual)" "$(fxval all race lost)"
tool --proc "$d" processes --threads 3 --iters 2000
tr "\n" " " <"$WORK/out" | grep -qF "kthreads share everything, like threads (race: $(fxval all race lost) lost)"
result $? "module: the conclusion says kthreads share everything, with race's loss"

d=$(fx all)
chmod 200 "$d/control"
cp "$BIN" "$WORK/synclab-as-user"	# nobody may not reach the build tree
if [ "$(id -u)" -eq 0 ]; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	chmod 000 "$d/control"
	as_user() { "$@"; }
fi
as_user timeout 60 "$WORK/synclab-as-user" --proc "$d" processes --threads 2 --iters 2000 \
	>"$WORK/out" 2>"$WORK/err"
rc=$?
rc_is 0 && [ ! -s "$d/control" ] && grep -q "^race " "$WORK/out" &&
	tr "\n" " " <"$WORK/out" | grep -q "needs root .*the latest race run the module recorded"
result $? "not root: race does not run, the latest race result is shown and said to be so"

# ---- bad input: exit 2, a message, nothing run ---------------------------------

bad() {	# bad DESCRIPTION MESSAGE ARGS...: exit 2, MESSAGE, nothing printed or run
	local desc=$1 msg=$2 d
	shift 2
	d=$(fx all)
	tool --proc "$d" processes "$@"
	rc_is 2 && [ ! -s "$WORK/out" ] && [ ! -s "$d/control" ] && err_has "$msg" &&
	err_has "Try 'synclab --help'"
result $? "refused ($desc): exit 2, names it, nothing run"
}
bad "no process" "processes: --threads '0' is not a number from 1 to 64" --threads 0
bad "65 processes" "processes: --threads '65' is not a number from 1 to 64" --threads 65
bad "negative" "processes: --threads '-1' is not a number from 1 to 64" --threads -1
bad "no increment" "processes: --iters '0' is not a number from 1 to 100000000" --iters 0
bad "too many increments" "processes: --iters '100000001' is not a number from 1 to 100000000" \
	--iters 100000001
bad "not a number" "processes: --iters '1e6' is not a number from 1 to 100000000" --iters 1e6
bad "an option of run" "processes takes --threads and --iters, not window_us" --window-us 5
bad "a scenario" "processes takes no scenario and no --all" race
bad "a key twice" "threads given twice" threads=2 threads=3

# ---- help and man page -----------------------------------------------------------

tool help processes
rc_is 0 && fits80 "$WORK/out" && out_has fork-private && out_has fork-shared &&
	out_has fork-atomic && out_has "--threads" && out_has "--iters"
result $? "help processes: within 80 columns, every row and option explained"
man_has_processes() {
	local w
	for w in '^\.B processes' 'fork\\-private' 'fork\\-shared' 'fork\\-atomic' MAP_SHARED; do
		grep -q -- "$w" "$HERE/../../userspace/synclab.1" || return 1
	done
}
check "the man page describes processes and its rows" man_has_processes

plan
