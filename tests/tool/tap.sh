# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# The helpers of the tool's test scripts (run_tests.sh, processes_tests.sh,
# install_test.sh), sourced by each after setting HERE (this directory).
#
# The scripts only emit TAP: "ok N - WHAT" / "not ok N - WHAT", numbered
# here, with "# " lines of detail under a failed test. They do not count:
# scripts/tap-count does (make -C userspace test runs each script through
# it), and prints the closing line. A script's exit status says whether it
# ran to its end; its last command is plan.
#
# Each test is one row: `check DESCRIPTION COMMAND [ARGS...]`, or an
# assertion (one command, or an && list of them) on the line before
# `result $? DESCRIPTION`. No code is passed around in quotes.
#
# Sets FIX (the recorded /proc/synclab fixtures), CHECKS (checks.py: the
# checks that read what the tool wrote) and WORK (a scratch directory,
# removed at exit); tool() runs $BIN, TOOL_TIMEOUT seconds at most.

FIX=$HERE/fixtures
CHECKS=$HERE/checks.py
# The version the tool must report: its one source's.
VERSION=$(sed -n 's/^#define SYNCLAB_VERSION[[:space:]]*"\(.*\)"$/\1/p' "$HERE/../../module/synclab_version.h")
export SYNCLAB_TEST_VERSION=$VERSION # checks.py's
WORK=$(mktemp -d)
chmod 755 "$WORK" # a test runs as nobody
TAP_MAIN=$BASHPID
# Only this shell cleans up: a subshell killed before it has dropped the
# inherited trap (bash has that window) would remove $WORK mid-run. (The
# tests kill no subshell of theirs: a watchdog is timeout(1).)
trap '[ "$BASHPID" != "$TAP_MAIN" ] || rm -rf "$WORK"' EXIT
TAP_N=0

# diag TEXT: TEXT (lines) as TAP comments.
diag() { printf '%s\n' "$1" | sed 's/^/# /'; }

# result STATUS DESCRIPTION: one TAP line, ok when STATUS (the assertion's
# just before) is 0. Under a failed one, what the tool last wrote.
result() {
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
		return
	fi
	echo "not ok $TAP_N - $2"
	[ ! -s "$WORK/out" ] || diag "the tool's last stdout: $(head -n 8 "$WORK/out")"
	[ ! -s "$WORK/err" ] || diag "the tool's last stderr: $(head -n 4 "$WORK/err")"
}

# ok DESCRIPTION / not_ok DESCRIPTION DETAIL: a test whose verdict the
# script's own if or case gave; DETAIL (lines) under a failed one.
ok() { result 0 "$1"; }
not_ok() {
	result 1 "$1"
	diag "$2"
}

check() { # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
	local desc=$1
	shift
	"$@"
	result $? "$desc"
}

# expect DESCRIPTION WANT GOT: passes when GOT is WANT.
expect() {
	[ "$2" = "$3" ]
	result $? "$1"
	[ "$2" = "$3" ] || diag "want '$2', got '$3'"
}

# plan: the last command of a test script: the TAP plan, status 0.
plan() { echo "1..$TAP_N"; }

abspath() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

# A fresh copy of fixture $1 with an empty control file; prints its path.
fx() {
	local d
	# Without its directory, "$d/control" would be /control: stop the whole
	# run ($$ is the script, even from the $(fx ...) subshell).
	if ! d=$(mktemp -d "$WORK/$1.XXXX") || [ ! -d "$d" ]; then
		echo "Bail out! cannot make a directory in $WORK" >&2
		kill -TERM $$
		exit 1
	fi
	cp -r "$FIX/$1/." "$d/"
	: >"$d/control"
	chmod 755 "$d"
	echo "$d"
}
# fxval FIXTURE SCENARIO KEY: KEY of SCENARIO's line in the fixture's results
# (the recorded fixtures' figures are the module's: the tests read them there).
fxval() { sed -n "s/^scenario=$2 .*[ ]$3=\([^ ]*\).*/\1/p" "$FIX/$1/results"; }

# Runs the tool ($BIN, TOOL_TIMEOUT s at most); sets rc, fills $WORK/out and
# $WORK/err.
tool() {
	timeout "${TOOL_TIMEOUT:-10}" "$BIN" "$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
}
rc_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -qF -- "$1" "$WORK/out"; }
err_has() { grep -qF -- "$1" "$WORK/err"; }
fits80() { # every line of file $1 fits 80 columns (characters, not bytes)
	python3 "$CHECKS" fits80 "$1"
}
