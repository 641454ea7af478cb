#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of synclab processes: forked processes counting in their own copy of
# a total, then in a MAP_SHARED mapping, next to the module's race scenario
# (read from a recorded /proc/synclab fixture, or missing).
# Prints TAP lines, then "N passed, N failed"; fails if any test failed.
#
# Whether fork-shared loses updates depends on the CPUs: here only its
# bookkeeping is checked (guest/integration.sh checks it on two vCPUs).
#
# Usage: processes_tests.sh SYNCLAB
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/fixtures
case $1 in /*) BIN=$1 ;; *) BIN=$PWD/$1 ;; esac
WORK=$(mktemp -d)
chmod 755 "$WORK"	# a test runs as nobody
trap 'rm -rf "$WORK"' EXIT
NOMOD=$WORK/no-module	# a /proc/synclab that is not there

n=0
failed=0
check() {	# check DESCRIPTION COMMAND...: passes when COMMAND succeeds
	local desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc"
		sed 's/^/# out: /' "$WORK/out" | head -n 8
		sed 's/^/# err: /' "$WORK/err" | head -n 4
	fi
}

# Runs the tool (60 s at most: a hang, not a timing); sets rc, fills out and err.
tool() {
	timeout 60 "$BIN" "$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
}
# result STATUS DESCRIPTION: the test passes when STATUS is 0 (the status of
# the assertion just before it).
result() {
	local st=$1
	shift
	check "$1" test "$st" -eq 0
}
rc_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -qF -- "$1" "$WORK/out"; }
err_has() { grep -qF -- "$1" "$WORK/err"; }
fits80() { python3 -c 'import sys
sys.exit(any(len(l.rstrip("\n")) > 80 for l in open(sys.argv[1], encoding="utf-8")))' "$1"; }

# The invariants of the three rows of processes in JSON ($1 processes, $2 iters).
json_rows_ok() {
	python3 - "$1" "$2" "$WORK/out" <<'EOF'
import json, sys
n, it = int(sys.argv[1]), int(sys.argv[2])
rows = json.load(open(sys.argv[3]))
assert [r["scenario"] for r in rows] == ["fork-private", "fork-shared", "fork-atomic"], rows
p, s, a = rows
for r in rows:
    assert r["threads"] == n and r["iters"] == it, r
    assert r["elapsed_ns"] > 0 and r["expected"] - r["actual"] == r["lost"], r
# Separate memory: the parent's total is 0, each child counted exactly its own.
assert p["memory"] == "private" and p["expected"] == 0 and p["actual"] == 0, p
assert p["child_min"] == it and p["child_max"] == it and p["verdict"] == "ok", p
# Shared memory: every increment lands on one counter, or is lost.
assert s["memory"] == "shared" and s["expected"] == n * it, s
assert 1 <= s["actual"] <= n * it, s
assert s["verdict"] == ("race" if s["lost"] > 0 else "ok"), s
# The atomic add is exact.
assert a["memory"] == "shared" and a["actual"] == a["expected"] == n * it, a
assert a["lost"] == 0 and a["verdict"] == "ok", a
EOF
}

# ---- the userspace rows, without the module --------------------------------

tool --proc "$NOMOD" -f json processes --threads 3 --iters 20000
rc_is 0 && json_rows_ok 3 20000
result $? "json: the parent's total stays 0, each child counts exactly 20000, atomic exact"
err_has "the synclab module is not loaded" && err_has "make demo"
result $? "json: no module: said on stderr, stdout stays JSON"

tool --proc "$NOMOD" -f csv processes threads=2 iters=5000
check "csv: three rows re-read by the csv module, the figures in the extra column" \
	python3 - "$WORK/out" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["scenario"] for r in rows] == ["fork-private", "fork-shared", "fork-atomic"], rows
assert rows[0]["extra"] == "memory=private child_min=5000 child_max=5000", rows[0]
assert rows[0]["actual"] == "0" and rows[0]["verdict"] == "ok", rows[0]
assert rows[2]["actual"] == rows[2]["expected"] == "10000", rows[2]
assert all(r["threads"] == "2" and r["iters"] == "5000" for r in rows), rows
EOF

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

fixture() {	# a fresh copy of fixture $1, control empty; prints its path
	local d
	d=$(mktemp -d "$WORK/$1.XXXX") || exit 1
	cp -r "$FIX/$1/." "$d/"
	: >"$d/control"
	chmod 755 "$d"
	echo "$d"
}
fxval() { sed -n "s/^scenario=$2 .*[ ]$3=\([^ ]*\).*/\1/p" "$FIX/$1/results"; }

d=$(fixture all)
tool --proc "$d" -f json processes --threads 3 --iters 2000
[ "$(cat "$d/control")" = "run race threads=3 iters=2000" ]
result $? "module, root: race runs with the same threads and iters"
check "module: the fourth row is race's result, as the module recorded it" \
	python3 - "$WORK/out" "$(fxval all race actual)" "$(fxval all race lost)" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["scenario"] for r in rows] == ["fork-private", "fork-shared", "fork-atomic", "race"]
r = rows[3]
assert r["actual"] == int(sys.argv[2]) and r["lost"] == int(sys.argv[3]), r
assert "memory" not in r, r
EOF
tool --proc "$d" processes --threads 3 --iters 2000
tr "\n" " " <"$WORK/out" | grep -qF "kthreads share everything, like threads (race: $(fxval all race lost) lost)"
result $? "module: the conclusion says kthreads share everything, with race's loss"

d=$(fixture all)
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
	d=$(fixture all)
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

echo "# processes: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
