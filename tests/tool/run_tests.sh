#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the synclab tool: the C unit tests, then the built binary against
# the recorded /proc/synclab fixtures in tests/tool/fixtures/<name>/.
# Prints TAP (tests/tool/tap.sh: the helpers, and how a test is written);
# make -C userspace test counts it with scripts/tap-count. Exit status 0:
# it ran to its end.
#
# Usage: run_tests.sh UNIT_TESTS SYNCLAB [SYNCLAB_ASAN]
#
# The unit tests' own TAP lines go through result() too, numbered in this
# stream.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tap.sh
. "$HERE/tap.sh"
UNIT=$(abspath "$1")
BIN=$(abspath "$2")
ASAN_BIN=${3:+$(abspath "$3")}

control_is() { [ "$(cat "$1/control"; echo x)" = "$(printf '%s' "$2"; echo x)" ]; }
control_empty() { [ ! -s "$1/control" ]; }
err_first_is() { [ "$(head -n1 "$WORK/err")" = "$1" ]; }
# fxnames FIXTURE: its scenarios, in order, each followed by a blank.
fxnames() { cut -f1 "$FIX/$1/scenarios" | tr '\n' ' '; }
usage_error() {	# rc 2, "synclab: " message, the hint, nothing written to control
	rc_is 2 && [ "$(wc -l <"$WORK/err")" -eq 2 ] && grep -q '^synclab: ' "$WORK/err" &&
		err_has "Try 'synclab --help'" && [ ! -s "$WORK/out" ] && control_empty "$1"
}

# ---- unit tests ------------------------------------------------------------

mkdir "$WORK/unit-out"
"$UNIT" "$FIX" "$WORK/unit-out" >"$WORK/unit" 2>"$WORK/unit.err"
unit_rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*) result 0 "unit: ${line#* - }" ;;
	"not ok "*) result 1 "unit: ${line#* - }" ;;
	esac
done <"$WORK/unit"
unit_plan=$(sed -n 's/^1\.\.//p' "$WORK/unit")
check "unit: the unit tests ran to their end and exited cleanly" \
	[ "$unit_rc" -eq 0 -a -n "$unit_plan" -a ! -s "$WORK/unit.err" ]

# What the unit tests wrote, read by other parsers than ours.
check "unit: the bench JSON is valid JSON with the rows' figures" python3 "$CHECKS" unit_bench_json "$WORK/unit-out/bench.json"
check "unit: the bench CSV reads back with the csv module" python3 "$CHECKS" unit_bench_csv "$WORK/unit-out/bench.csv"
svg_ok() {	# svg_ok FILE NAME...: well-formed, one polyline and legend entry per NAME, in order
	python3 "$CHECKS" svg_chart "$@"
}
check "unit: the SVG chart is well-formed XML, a polyline and a legend entry per series" \
	svg_ok "$WORK/unit-out/plot.svg" spinlock 'a<b & "c"' mutex

# ---- arguments -------------------------------------------------------------

d=$(fx classic)
tool --version
check "--version prints exactly 'synclab $VERSION' (module/synclab_version.h)" \
	[ -n "$VERSION" -a "$rc" -eq 0 -a "$(cat "$WORK/out")" = "synclab $VERSION" ]
tool -V
check "-V is --version" out_has "synclab $VERSION"
tool --help
help_ok() {
	local w
	rc_is 0 && [ "$(wc -l <"$WORK/out")" -le 40 ] && fits80 "$WORK/out" || return 1
	for w in list run results trace status stop reset bench --proc --format --threads \
		--iters --window-us --hold-ns --hold-us --delay-us --limit --read-pct --cpu \
		--all --repeat --plot --output --help --version SYNCLAB_PROC; do
		out_has "$w" || { echo "# --help lacks $w"; return 1; }
	done
	for w in "0 success" "1 verdict fail" "2 bad arguments" "3 module not loaded" \
		"4 permission denied" "5 run stopped" "6 busy" "7 other error"; do
		out_has "$w" || { echo "# --help lacks exit code $w"; return 1; }
	done
}
check "--help fits one screen and names every command, option and exit code" help_ok

tool --proc "$d"
check "no command: usage error (2)" usage_error "$d"
tool --proc "$d" frobnicate
check "unknown command: usage error" usage_error "$d"
tool --proc "$d" --frobnicate list
usage_error "$d" && err_first_is "synclab: unrecognized option '--frobnicate'"
result $? "unknown option: usage error, message from synclab not getopt"
tool --proc "$d" list -x
check "unknown short option: usage error" usage_error "$d"
tool --proc "$d" run classic --threads
check "option without its argument: usage error" usage_error "$d"
tool --proc "$d" --format xml list
usage_error "$d" && err_has "unknown format 'xml'"
result $? "unknown format: usage error"
tool --proc "$d" run
check "run without a scenario: usage error" usage_error "$d"
tool --proc "$d" run --all classic
check "run --all with a scenario: usage error" usage_error "$d"
tool --proc "$d" run classic race
check "run with two scenarios: usage error" usage_error "$d"
tool --proc "$d" list --threads 3
usage_error "$d" && err_has "--threads is an option of run"
result $? "a run option with list: usage error"
tool --proc "$d" status extra
check "status with an argument: usage error" usage_error "$d"
tool --proc "$d" reset now
check "reset with an argument: usage error, nothing written" usage_error "$d"

tool --proc "$d" run nosuch
usage_error "$d" && err_first_is "synclab: unknown scenario 'nosuch' (see 'synclab list')"
result $? "unknown scenario: usage error, nothing written"
tool --proc "$d" run $'cl\001assic '
usage_error "$d" && err_first_is "synclab: unknown scenario 'cl?assic ': did you mean 'classic'?"
result $? "a scenario name with control bytes: unknown, quoted without them"
tool --proc "$d" run classic --threads abc
usage_error "$d" && err_first_is "synclab: threads=abc is not a decimal number"
result $? "non-number: the shared parser's message, nothing written"
tool --proc "$d" run classic --threads 0
usage_error "$d" && err_first_is "synclab: threads=0 is out of range (1..256)"
result $? "threads=0: out of range, nothing written"
tool --proc "$d" run classic --threads 257
check "threads=257: out of range" usage_error "$d"
tool --proc "$d" run classic --threads -3
check "negative threads: not a number" usage_error "$d"
tool --proc "$d" run classic --window-us 1000001
usage_error "$d" && err_has "window_us=1000001 is out of range (0..1000000)"
result $? "window_us above 1000000: out of range"
tool --proc "$d" run classic --cpu some
usage_error "$d" && err_has "is not a decimal number or 'all'"
result $? "cpu=some: not a number or all"
tool --proc "$d" run classic --threads '5 iters=3'
check "a value with blanks cannot smuggle in a key" usage_error "$d"
tool --proc "$d" run classic --threads 3 --threads 4
check "an option given twice: usage error" usage_error "$d"
tool --proc "$d" run classic --iters 5
usage_error "$d" && err_has "classic does not take iters (it takes: threads window_us cpu)"
result $? "a key the scenario does not take: usage error, nothing written"
tool --proc "$d" run --all --threads 0
check "run --all validates the options before any run" usage_error "$d"

# ---- module not loaded (3) ---------------------------------------------------

for cmd in list "run classic" status results trace reset stop "run --all"; do
	# shellcheck disable=SC2086 # the command and its arguments, one word each
	tool --proc "$WORK/nonexistent" $cmd
	rc_is 3 && [ "$(cat "$WORK/err")" = "synclab: $WORK/nonexistent not found (given by --proc)" ] && [ ! -s "$WORK/out" ]
	result $? "--proc missing: '$cmd' exits 3 naming the directory and --proc"
done
SYNCLAB_PROC=$WORK/elsewhere tool list
check "SYNCLAB_PROC sets the directory, and the message says so" \
	err_first_is "synclab: $WORK/elsewhere not found (given by SYNCLAB_PROC)"
SYNCLAB_PROC=$WORK/elsewhere tool --proc "$d" list
rc_is 0 && out_has classic
result $? "--proc overrides SYNCLAB_PROC"
tool --proc "$d/scenarios" list
rc_is 3 && err_first_is "synclab: $d/scenarios is not the synclab module's directory: not a directory"
result $? "a --proc that is a file is not the module's directory, and that is said"
tool --proc "$WORK" list
rc_is 3 && err_first_is "synclab: $WORK is not the synclab module's directory: it has no scenarios file"
result $? "a --proc directory without the module's files is not the module's directory"
if [ ! -e /proc/synclab ]; then
	env -u SYNCLAB_PROC timeout 10 "$BIN" list >"$WORK/out" 2>"$WORK/err"
	rc=$?
	rc_is 3 && err_first_is "synclab: /proc/synclab not found: the synclab module is not loaded (sudo modprobe synclab, or in its source tree sudo insmod module/synclab.ko)"
	result $? "module not loaded: exit 3, the fix is modprobe (installed) or insmod"
fi

# ---- run -----------------------------------------------------------------------

d=$(fx classic)
tool --proc "$d" run classic
check "run classic: exit 0 (race is the expected outcome)" rc_is 0
check "run classic: exactly one command written" control_is "$d" $'run classic\n'
out_has "  expected total      10" && out_has "  actual total        6" && out_has "  missing             4 (expected - actual)"
result $? "run classic: expected, actual, missing"
out_has "  verdict             race: 4 missing: " && out_has "  elapsed             $(awk -v n="$(fxval classic classic elapsed_ns)" "BEGIN { printf \"%.3f ms\", n / 1e6 }")" && out_has " x the wall time" && out_has "$(fxval classic classic nvcsw) voluntary (slept), $(fxval classic classic nivcsw) involuntary"
result $? "run classic: verdict, elapsed, CPU time over wall time, context switches"
! out_has "ns/op" && out_has "classic: 5 threads, thread i adds i (window_us=100000 cpu=all)" && ! out_has "lost" && ! out_has "nivcsw "
result $? "run classic: no ns/op (no loop), the parameters in the header, no 'lost'"
out_has "  overwriting writes  1: writes that replaced another thread's" && out_has "whose update was overwritten: synclab trace"
result $? "run classic: the overwriting writes, and where to see whose update"
fits80 "$WORK/out" && [ ! -s "$WORK/err" ]
result $? "run classic: fits 80 columns, nothing on stderr"

# flat: the output on one line, blanks squeezed (the verdict wraps).
flat() { tr '\n' ' ' <"$WORK/out" | tr -s ' '; }
d=$(fx all)
tool --proc "$d" run workqueue
rc_is 0 && flat | grep -qF "done_at_flush $(fxval all workqueue done_at_flush) = queued $(fxval all workqueue queued)"
result $? "run workqueue: the verdict says flush returned with every item run, with the counts"
tool --proc "$d" run scoped
rc_is 0 && flat | grep -qF "through $(fxval all scoped early_returns) early returns from inside the guarded block"
result $? "run scoped: the verdict names the early returns from the guarded block"
tool --proc "$d" run sb
rc_is 0 && flat | grep -qF "r1 == r2 == 0 in $(fxval all sb both_zero) of them"
result $? "run sb: the verdict counts r1 == r2 == 0, which sequential consistency forbids"
tool --proc "$d" run peterson-mb
rc_is 0 && flat | grep -qF "never inside together (both_inside 0)"
result $? "run peterson-mb: both_inside named in the verdict"

d=$(fx classic)
tool --proc "$d" run classic --threads 7 --window-us 500 --cpu 1
check "run with options: the command carries them, in one write" \
	control_is "$d" $'run classic threads=7 window_us=500 cpu=1\n'
d=$(fx classic)
tool --proc "$d" run classic -t 2 -c all
check "short options -t and -c" control_is "$d" $'run classic threads=2 cpu=all\n'
d=$(fx all)
tool --proc "$d" run sem-limit --limit 2 --hold-us 50 --iters 9
check "sem-limit: options in the contract's key order" \
	control_is "$d" $'run sem-limit iters=9 hold_us=50 limit=2\n'
out_has "  most inside at once 3" && out_has "  over-release caught yes (1)" && out_has "ok: max_concurrent 3 <= limit 3"
result $? "sem-limit: its own figures, labelled; the verdict names the invariant"
d=$(fx classic)
tool --proc "$d" run race
rc_is 7 && err_has "results has no line for race"
result $? "a result missing from results: exit 7"

d=$(fx classic)
tool --proc "$d" --format json run classic
rc_is 0 && python3 "$CHECKS" run_json "$WORK/out" "$(fxval classic classic elapsed_ns)"
result $? "run --format json: one valid JSON object"
d=$(fx classic)
tool --proc "$d" --format csv run classic
python3 "$CHECKS" run_csv "$WORK/out"
result $? "run --format csv: header and one row"

# ---- exit codes of verdicts --------------------------------------------------------

d=$(fx fail)
tool --proc "$d" run mutex
rc_is 1 && out_has "  verdict             fail: 2 missing from the total"
result $? "verdict fail: exit 1, naming what broke"
d=$(fx fail)
tool --proc "$d" run atomic
rc_is 0 && out_has "  verdict             ok: the total is exact"
result $? "verdict ok: exit 0"
d=$(fx stopped)
tool --proc "$d" run race
rc_is 5 && out_has "  verdict             stopped" && out_has "  actual total        $(fxval stopped race actual)"
result $? "verdict stopped: exit 5, the partial result shown"
out_has "stopped by the time limit, max_run_ms=$(fxval stopped race max_run_ms), before" && tr -d "\n" <"$WORK/out" | tr -s " " | grep -qF "sudo tee /sys/module/synclab/parameters/max_run_ms"
result $? "stopped by max_run_ms: the limit, its value and the file that sets it"

# ---- Ctrl-C: the write returns EINTR --------------------------------------------

# A FIFO whose buffer is full makes write() block as the module's does. The
# test holds it open on $BLOCKED_FD (so that it never sees end of file) and fills it
# through a descriptor of its own that does not block.
blocked_control() {	# blocked_control DIR: the FIFO held open on $BLOCKED_FD
	rm -f "$1/control"
	mkfifo "$1/control"
	exec {BLOCKED_FD}<>"$1/control"
	dd if=/dev/zero of="$1/control" bs=4096 count=1024 oflag=nonblock 2>/dev/null
	true
}
# unblock_control DIR: room in the pipe, so the blocked write completes.
unblock_control() {
	dd if="$1/control" of=/dev/null bs=4096 count=1024 iflag=nonblock 2>/dev/null
	true
}
# blocked_in PID WCHAN: PID sleeps in the kernel function matching *WCHAN*
# (a write to a full pipe, an open of a FIFO with no reader), within 10 s:
# the hang limit, not a timing.
blocked_in() {
	local i=0 w
	while [ $i -lt 1000 ]; do
		w=$(cat "/proc/$1/wchan" 2>/dev/null) || return 1
		case $w in *"$2"*) return 0 ;; esac
		sleep 0.01
		i=$((i + 1))
	done
	return 1
}
# tool_pid TIMEOUT_PID: the pid of the program timeout(1) runs (10 s at most).
tool_pid() {
	local i=0 child
	until child=$(pgrep -P "$1"); do
		[ $i -lt 1000 ] || return 1
		sleep 0.01
		i=$((i + 1))
	done
	echo "$child"
}
# within_10s COMMAND...: COMMAND succeeds within 10 s (the hang limit).
within_10s() {
	local i=0
	until "$@"; do
		[ $i -lt 1000 ] || return 1
		sleep 0.01
		i=$((i + 1))
	done
}

d=$(fx stopped)
blocked_control "$d"
# timeout(1) is the watchdog (a tool that ignored Ctrl-C is killed after
# 20 s). The SIGINT goes to the tool itself, once, as a terminal sends it:
# timeout(1) would pass it on to the tool and then to its whole process
# group, the tool included, and a second SIGINT kills.
timeout -s KILL 20 "$BIN" --proc "$d" run race >"$WORK/out" 2>"$WORK/err" &
pid=$!
tpid=$(tool_pid "$pid")
check "Ctrl-C: the tool blocks in write() as it would while the module runs" \
	blocked_in "$tpid" pipe_write
kill -INT "$tpid"
wait "$pid"
rc=$?
exec {BLOCKED_FD}>&-
check "Ctrl-C during the run: exit 5" rc_is 5
check "Ctrl-C: says the run was stopped" \
	err_first_is "synclab: run stopped (interrupted): the partial result is recorded"
out_has "race: 4 threads" && out_has "  verdict             stopped"
result $? "Ctrl-C: still shows the recorded partial result"

# ---- the progress bar, on a terminal ------------------------------------------------

# The bar the running fixture's status makes: its figures, a 30-column bar.
read -r _ _ st_ms st_done st_total < <(tr '=' ' ' <"$FIX/running/status" |
	awk '{ print $2, $4, $6, $8, $10 }')
BAR=$(awk -v d="$st_done" -v t="$st_total" -v ms="$st_ms" 'BEGIN {
	f = int(d * 30 / t); b = ""
	for (i = 0; i < 30; i++) b = b (i < f ? "#" : ".")
	printf "race       [%s] %3d%% %d/%d %.1fs", b, int(d * 100 / t), d, t, ms / 1000 }')
d=$(fx running)
blocked_control "$d"
: >"$WORK/typescript"
script -qfec "$BIN --proc $d run race" "$WORK/typescript" >/dev/null 2>&1 &
spid=$!
within_10s grep -qF "$st_done/$st_total" "$WORK/typescript"
unblock_control "$d"
wait "$spid"
rc=$?
exec {BLOCKED_FD}>&-
rc_is 0 && grep -qF "$BAR" "$WORK/typescript"
result $? "progress: on a terminal, a bar from status while the write blocks"
check "progress: then the result" grep -qF "  verdict             race" "$WORK/typescript"

# stdout to a file, stderr on the terminal: the bar still shows, the file has the result only.
d=$(fx running)
blocked_control "$d"
: >"$WORK/typescript"
script -qfec "$BIN --proc $d run race >$WORK/redirected" "$WORK/typescript" >/dev/null 2>&1 &
spid=$!
within_10s grep -qF "$st_done/$st_total" "$WORK/typescript"
unblock_control "$d"
wait "$spid"
rc=$?
exec {BLOCKED_FD}>&-
rc_is 0 && grep -qF "$BAR" "$WORK/typescript" && ! grep -qF "[#" "$WORK/redirected" && grep -qF "  verdict             race" "$WORK/redirected"
result $? "progress: stdout redirected, the bar still on the terminal (stderr)"

# A terminal 50 columns wide: the bar is narrower, no line wraps.
d=$(fx running)
blocked_control "$d"
: >"$WORK/typescript"
script -qfec "stty cols 50; $BIN --proc $d run race >/dev/null" "$WORK/typescript" >/dev/null 2>&1 &
spid=$!
within_10s grep -qF "race       [" "$WORK/typescript"
unblock_control "$d"
wait "$spid"
exec {BLOCKED_FD}>&-
check "progress: within the terminal's width (50 columns), never wrapped" python3 "$CHECKS" progress_width "$WORK/typescript"

d=$(fx running)
blocked_control "$d"
"$BIN" --proc "$d" run race >"$WORK/out" 2>"$WORK/err" &
pid=$!
# Blocked, and given the time a bar on a terminal takes to appear.
blocked_in "$pid" pipe_write && sleep 0.5
unblock_control "$d"
wait "$pid"
rc=$?
exec {BLOCKED_FD}>&-
rc_is 0 && [ ! -s "$WORK/err" ] && out_has "  verdict             race"
result $? "progress: no bar when stderr is not a terminal"

# ---- permission denied (4) -------------------------------------------------------

d=$(fx classic)
chmod 444 "$d"/scenarios "$d"/results "$d"/status "$d"/trace "$d"/last
chmod 200 "$d/control"
USER_BIN=$BIN
if [ "$(id -u)" -eq 0 ]; then
	# nobody may not reach the build tree (a clone under a 0700 directory).
	cp "$BIN" "$WORK/synclab-as-user"
	USER_BIN=$WORK/synclab-as-user
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	chmod 000 "$d/control"
	as_user() { "$@"; }
fi
as_user timeout 10 "$USER_BIN" --proc "$d" run classic >"$WORK/out" 2>"$WORK/err"
rc=$?
rc_is 4 && err_first_is "synclab: cannot write $d/control: Permission denied: root (CAP_SYS_ADMIN) is needed; try sudo"
result $? "not root: run exits 4 naming root / CAP_SYS_ADMIN"
check "not root: nothing was written" control_empty "$d"
as_user timeout 10 "$USER_BIN" --proc "$d" reset >"$WORK/out" 2>"$WORK/err"
rc=$?
check "not root: reset exits 4" rc_is 4
as_user timeout 10 "$USER_BIN" --proc "$d" results >"$WORK/out" 2>"$WORK/err"
rc=$?
rc_is 0 && out_has classic
result $? "not root: reading results needs no privilege"

# ---- other errors (7) --------------------------------------------------------------

d=$(fx garbled)
tool --proc "$d" run classic
rc_is 7 && [ "$(wc -l <"$WORK/err")" -eq 1 ] && err_has "results: garbled: line 1: byte 0x01 at offset 4"
result $? "garbage bytes in results: exit 7, one message"
check "garbage: the command was written, the result could not be read" \
	control_is "$d" $'run classic\n'
tool --proc "$d" status
check "garbage in status: exit 7" rc_is 7
d=$(fx truncated)
tool --proc "$d" results
rc_is 7 && err_has "results: garbled: line 2: " && [ ! -s "$WORK/out" ]
result $? "truncated results line: exit 7 naming the line"
d=$(fx missing-key)
tool --proc "$d" results
rc_is 7 && err_has "missing key 'verdict'"
result $? "results line without verdict: exit 7"
tool --proc "$d" status
check "running status without its progress: exit 7" rc_is 7
d=$(fx huge)
tool --proc "$d" results
rc_is 7 && err_has "is too large"
result $? "a number beyond 64 bits: exit 7"
tool --proc "$d" trace
check "a trace time beyond 64 bits: exit 7" rc_is 7
d=$(fx nul)
tool --proc "$d" results
rc_is 7 && err_has "NUL byte"
result $? "a NUL byte in results: exit 7"
d=$(fx trace-garbled)
tool --proc "$d" trace
rc_is 7 && err_has "trace: garbled: line 3"
result $? "a truncated trace event: exit 7"
d=$(fx empty)
tool --proc "$d" status
check "an empty status: exit 7" rc_is 7
d=$(fx classic)
rm "$d/control"
mkdir "$d/control"
tool --proc "$d" run classic
rc_is 7 && err_has "cannot write $d/control"
result $? "control that cannot be written (a directory): exit 7"
d=$(fx refused)
ln -sf /proc/self/oom_score_adj "$d/control"	# a file whose write() gives EINVAL
tool --proc "$d" run waitqueue
rc_is 2 && [ "$(cat "$WORK/err")" = "synclab: the module refused 'run waitqueue': waitqueue needs threads=2 or more" ]
result $? "the module refuses a command (EINVAL): exit 2 with the reason from error"
: >"$d/error"
tool --proc "$d" run waitqueue
rc_is 2 && err_has "Invalid argument (dmesg may say why)"
result $? "EINVAL with an empty error file: exit 2, pointing at dmesg"
d=$(fx classic)
rm "$d/results"
tool --proc "$d" results
rc_is 7 && err_has "cannot read $d/results"
result $? "a missing results file: exit 7"

# ---- stop, reset, status --------------------------------------------------------------

d=$(fx classic)
tool --proc "$d" reset
rc_is 0 && control_is "$d" $'reset\n'
result $? "reset writes exactly 'reset'"
d=$(fx classic)
tool --proc "$d" stop
rc_is 0 && control_is "$d" $'stop\n'
result $? "stop writes exactly 'stop'"
d=$(fx classic)
tool --proc "$d" status
rc_is 0 && [ "$(cat "$WORK/out")" = idle ]
result $? "status: idle"
d=$(fx running)
tool --proc "$d" status
rc_is 0 && out_has "running race: $st_done of $st_total done ($((st_done * 100 / st_total))%), $st_ms ms elapsed"
result $? "status: running, with the progress"
tool --proc "$d" --format json status
python3 "$CHECKS" status_json "$WORK/out" "$st_ms" "$st_done" "$st_total"
result $? "status --format json"
tool --proc "$d" --format csv status
python3 "$CHECKS" status_csv "$WORK/out" "$st_ms" "$st_done" "$st_total"
result $? "status --format csv"

# ---- list ------------------------------------------------------------------------------

d=$(fx all)
tool --proc "$d" list
NALL=$(wc -l <"$FIX/all/scenarios")
rc_is 0 && fits80 "$WORK/out" && [ "$(grep -o "^[a-z-]*" "$WORK/out" | tr "\n" " ")" = "$(fxnames all)" ]
result $? "list: every scenario in teaching order, within 80 columns"
out_has "takes: threads=10 iters=1 hold_us=10000 limit=3 cpu=all" && out_has "producers and consumers on a bounded buffer"
result $? "list: descriptions and parameters"
tool --proc "$d" --format json list
python3 "$CHECKS" list_json "$WORK/out" "$NALL"
result $? "list --format json: valid, names, parameters as numbers"
tool --proc "$d" --format csv list
python3 "$CHECKS" list_csv "$WORK/out" "$NALL"
result $? "list --format csv"

# ---- results and run --all -----------------------------------------------------------

check_csv() {	# check_csv RESULTS_FILE: $WORK/out is CSV with the same figures
	python3 "$CHECKS" results_csv "$1" "$WORK/out"
}
check_json() {	# check_json RESULTS_FILE: $WORK/out is a JSON array of those results
	python3 "$CHECKS" results_json "$1" "$WORK/out"
}
table_ok() {	# the comparison table: header, one row per result in order, 80 columns
	fits80 "$WORK/out" &&
		grep -qE "^scenario +thr +expected +actual +missing +verdict +ms +ns/op +busy +nvcsw +nivcsw$" "$WORK/out" &&
		[ "$(grep -E "^[a-z-]+ +[0-9]+ " "$WORK/out" | awk '{print $1}' | tr '\n' ' ')" = "$1" ]
}
ALL=$(fxnames all)
# row FIXTURE SCENARIO: its row of the comparison table, from the fixture's figures.
row() {
	local f=$1 s=$2
	awk -v s="$s" -v e="$(fxval "$f" "$s" elapsed_ns)" -v c="$(fxval "$f" "$s" cpu_ns)" \
		-v nsop="$(fxval "$f" "$s" ns_per_op)" 'BEGIN {
		printf "%s %.1f %s %.2f\n", s, e / 1e6, nsop, c / e }'
}

d=$(fx all)
tool --proc "$d" results
rc_is 0 && table_ok "$ALL"
result $? "results: the comparison table, in order, within 80 columns"
[ "$(awk "\$1 == \"mutex\" { print \$1, \$7, \$8, \$9 }" "$WORK/out")" = "$(row all mutex)" ]
result $? "results: the figures of a row: wall time, ns/op, CPU time over wall time"
awk "\$1 == \"race\" { print \$3, \$4, \$5 }" "$WORK/out" | grep -qx "$(fxval all race expected) $(fxval all race actual) $(fxval all race lost)"
result $? "results: missing exact, like expected and actual"
[ "$(awk "\$1 == \"sem-limit\" || \$1 == \"completion\" || \$1 == \"waitqueue\" || \$1 == \"classic\" { print \$8 }" "$WORK/out" | tr -d "\n")" = "----" ]
result $? "results: no ns/op for the programs of their own"
grep -qE "^baseline .* floor " "$WORK/out" && tr "\n" " " <"$WORK/out" | grep -qF "the writes only for rwlock, rwsem, seqlock" && tr "\n" " " <"$WORK/out" | grep -qF "floor: baseline is not a lesson"
result $? "results: baseline marked as the floor, read-mostly rows labelled"
d=$(fx old-module)
tool --proc "$d" results
fits80 "$WORK/out" && awk "\$1 == \"race\" { print \$3, \$4, \$5 }" "$WORK/out" | grep -qx "$(fxval old-module race expected) $(fxval old-module race actual) $(fxval old-module race lost)"
result $? "results: missing exact even where the table is tight (old-module)"
check "results: nothing written to control" control_empty "$d"
tool --proc "$d" --format json results
check "results --format json: valid, the fixture's numbers as numbers" check_json "$d/results"
tool --proc "$d" --format csv results
check "results --format csv: the header and the fixture's numbers" check_csv "$d/results"
d=$(fx big)
tool --proc "$d" results
rc_is 0 && fits80 "$WORK/out" && out_has "18.4E" && tr "\n" " " <"$WORK/out" | grep -qF "exact figures: --format csv"
result $? "results with 20-digit numbers still fit 80 columns"
tool --proc "$d" --format csv results
check "results --format csv with 20-digit numbers: exact" check_csv "$d/results"
tool --proc "$d" --format json results
check "results --format json with 20-digit numbers: exact" check_json "$d/results"
d=$(fx empty)
tool --proc "$d" results
rc_is 0 && out_has "no results yet"
result $? "results when nothing ran"
tool --proc "$d" --format json results
[ "$(cat "$WORK/out")" = "[]" ]
result $? "results --format json when nothing ran: []"
tool --proc "$d" list
rc_is 0 && out_has "no scenarios"
result $? "list of an empty scenarios file"

d=$(fx all)
tool --proc "$d" run --all --threads 3 --iters 7 --hold-ns 5
rc_is 0 && table_ok "$ALL"
result $? "run --all: exit 0 and the comparison table"
[ ! -s "$WORK/err" ] && ! out_has "[ 1/"
result $? "run --all: not on a terminal, no progress lines, nothing on stderr"
check "run --all: the last command, baseline's, with the counting loop's options" \
	control_is "$d" $'run baseline threads=3 iters=7\n'
d=$(fx all)
script -qec "$BIN --proc $d run --all >$WORK/redirected" "$WORK/typescript" >/dev/null 2>&1
grep -qF "[ 1/$NALL] classic      race     " "$WORK/typescript" && grep -qE "\[$NALL/$NALL\] baseline +ok .*\(the floor, not a lesson\)" "$WORK/typescript" && ! grep -qF "[ 1/" "$WORK/redirected" && grep -qE "^classic " "$WORK/redirected"
result $? "run --all: on a terminal, a progress line per scenario on stderr, not in the file"
tool --proc "$d" --format json run --all
check "run --all --format json: an array of every result, nothing else" check_json "$d/results"
tool --proc "$d" --format csv run --all
check "run --all --format csv: the header and a row each" check_csv "$d/results"

# Every command run --all writes, read through a FIFO.
d=$(fx all)
rm "$d/control"
mkfifo "$d/control"
: >"$WORK/log"
# One reader holding the FIFO open read-write for the whole test: with a
# cat per write, a write landing between one cat's EOF and its close is lost.
( exec 3<>"$d/control"; while IFS= read -r line <&3; do
	printf '%s\n' "$line" >>"$WORK/log"; [ "$line" = END ] && break; done ) &
reader=$!
tool --proc "$d" run --all --threads 2 --hold-ns 10 --hold-us 5 --limit 4 --delay-us 0
echo END >"$d/control"
wait "$reader"
# What each scenario must get: the keys it takes, the counting loop's to counters only.
python3 "$CHECKS" run_all_commands "$FIX/all/scenarios" >"$WORK/want"
rc_is 0 && cmp -s "$WORK/log" "$WORK/want"
result $? "run --all: every scenario's command in teaching order, counting-loop keys to counters only"

d=$(fx fail)
grep -E '^(atomic|mutex)	' "$FIX/all/scenarios" >"$d/scenarios"
tool --proc "$d" run --all
rc_is 1 && table_ok "atomic mutex "
result $? "run --all with a fail verdict: exit 1, the table still printed"
d=$(fx classic)
tool --proc "$d" run --all
rc_is 7 && err_has "results has no line for race" && table_ok "classic "
result $? "run --all when a result is missing: exit 7, the runs so far shown"

# ---- bench -----------------------------------------------------------------------------

BENCH="baseline atomic percpu spinlock mutex semaphore rwlock rwsem seqlock"
bench_rows() {	# the table's rows as scenario/threads, space-separated
	grep -E '^[a-z-]+ +[0-9]+ ' "$WORK/out" | awk '{printf "%s/%s ", $1, $2}'
}
rows_of() {	# rows_of "SCENARIOS" "THREADS": what bench_rows should print
	local s t
	for s in $1; do for t in $2; do printf '%s/%s ' "$s" "$t"; done; done
}

d=$(fx bench)
for bad in 0 257 1,,2 ,1 "1," a 1.5 "1, 2" 4,2,4 ""; do
	tool --proc "$d" bench --threads "$bad"
	usage_error "$d" && grep -q "^synclab: --threads" "$WORK/err"
	result $? "bench --threads '$bad': usage error naming --threads, nothing written"
done
tool --proc "$d" bench --threads 0
check "bench --threads 0: says which count and the range" \
	err_first_is "synclab: --threads: 0 is out of range (1..256)"
tool --proc "$d" bench --threads 4,2,4
check "bench --threads 4,2,4: a count given twice" err_first_is "synclab: --threads: 4 listed twice"
tool --proc "$d" bench nosuch
usage_error "$d" && err_first_is "synclab: unknown scenario 'nosuch' (see 'synclab list')"
result $? "bench of an unknown scenario: usage error (2), nothing written"
tool --proc "$d" bench atomic sem-limit
usage_error "$d" && err_has "sem-limit runs a program of its own"
result $? "bench of a scenario of shape program: usage error, nothing written"
tool --proc "$d" bench atomic Atomic
check "bench of a bad scenario name: usage error" usage_error "$d"
tool --proc "$d" bench mutex mutex
usage_error "$d" && err_has "mutex named twice"
result $? "bench of a scenario named twice: usage error"
for bad in 0 101 x ""; do
	tool --proc "$d" bench --repeat "$bad"
	check "bench --repeat '$bad': usage error" usage_error "$d"
done
tool --proc "$d" bench --iters 0
usage_error "$d" && err_first_is "synclab: iters=0 is out of range (1..100000000)"
result $? "bench --iters 0: the shared parser's message"
tool --proc "$d" bench --read-pct 101
usage_error "$d" && err_first_is "synclab: read_pct=101 is out of range (0..100)"
result $? "bench --read-pct 101: out of range (0..100)"
tool --proc "$d" bench --plot "$WORK/chart.png"
usage_error "$d" && [ ! -e "$WORK/chart.png" ]
result $? "bench --plot FILE not ending in .svg: usage error, no file"
tool --proc "$d" bench --output "$WORK/o.csv"
usage_error "$d" && [ ! -e "$WORK/o.csv" ]
result $? "bench --output with the table format: usage error, no file"
tool --proc "$d" bench --window-us 5
usage_error "$d" && err_has "--window-us is an option of run, not of bench"
result $? "a run option bench does not take: usage error"
tool --proc "$d" bench --all
check "bench --all: usage error" usage_error "$d"
tool --proc "$d" bench --repeat 2 --repeat 3
check "bench --repeat given twice: usage error" usage_error "$d"
tool --proc "$d" list --repeat 2
usage_error "$d" && err_has "--repeat is an option of bench, not of list"
result $? "a bench option with list: usage error"
tool --proc "$d" run atomic --plot "$WORK/x.svg"
usage_error "$d" && err_has "--plot is an option of bench, not of run" && [ ! -e "$WORK/x.svg" ]
result $? "a bench option with run: usage error, no file"
d=$(fx old-module)
tool --proc "$d" bench rwsem
usage_error "$d" && err_has "unknown scenario 'rwsem'"
result $? "bench of a scenario the module does not list: usage error"
tool --proc "$WORK/nonexistent" bench
rc_is 3 && [ ! -s "$WORK/out" ]
result $? "bench, module not loaded: exit 3"

d=$(fx bench)
tool --proc "$d" bench
rc_is 0 && fits80 "$WORK/out" && [ "$(bench_rows)" = "$(rows_of "$BENCH" "1 2 4 8")" ]
result $? "bench: exit 0, every scenario at 1, 2, 4, 8 threads, in order, 80 columns"
check "bench: the figures of each row, from the results line (elapsed_ns / (threads * iters))" python3 "$CHECKS" bench_figures "$WORK/out" "$FIX/bench/results"
check "bench: its lock pair is shown" out_has "spin_lock/spin_unlock pair: $(fxval bench baseline lockpair_ns).0 ns"
check "bench: not a terminal, nothing on stderr" [ ! -s "$WORK/err" ]
check "bench: the last command, without iters: the scenario's default" \
	control_is "$d" $'run seqlock threads=8\n'
[ "$(head -n 1 "$WORK/out")" = "1000000 iterations per thread (semaphore: 20000), median of 3 runs" ]
result $? "bench: the header names the common iters and the scenario with its own"
sed -n "2,3p" "$WORK/out" | tr "\n" " " | grep -qE "^Measured on Linux $(uname -r | sed "s/[.+]/./g"), $(nproc) CPUs?.*, [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]+ UTC, synclab 0\.1\.0\. "
result $? "bench: the second line says where and when: kernel, CPUs, date, version"

# The commands, and figures that change from run to run, from a stand-in module.
fake_bench() {	# fake_bench FIXTURE RUNS ARGS...: runs bench against fake_module.sh
	local fixture=$1 runs=$2
	shift 2
	d=$(fx "$fixture")
	rm "$d/control" "$d/results"
	mkfifo "$d/control" "$d/results"
	timeout 20 "$HERE/fake_module.sh" "$d" "$runs" &
	fake=$!
	tool --proc "$d" "$@"
	wait "$fake"
}
fake_bench bench 2 --format csv bench atomic semaphore --threads 2 --repeat 1
rc_is 0 && [ "$(cat "$d/log")" = "$(printf "run atomic threads=2\nrun semaphore threads=2\n")" ] && [ "$(cut -d, -f1,3 "$WORK/out" | tr "\n" " ")" = "scenario,iters atomic,1000000 semaphore,20000 " ]
result $? "bench without --iters: no iters sent, each scenario's default in the csv"
fake_bench bench 18 --format csv bench atomic rwsem baseline --threads 2,1 --iters 500 \
	--read-pct 75 --plot "$WORK/fake.svg"
{
	for s in "atomic" "rwsem" "baseline"; do
		for t in 1 2; do
			extra=
			[ "$s" = rwsem ] && extra=" read_pct=75"
			for _ in 1 2 3; do echo "run $s threads=$t iters=500$extra"; done
		done
	done
} >"$WORK/want"
rc_is 0 && cmp -s "$d/log" "$WORK/want"
result $? "bench: 18 commands, scenario by thread count by repeat, read_pct only to rwsem"
check "bench: medians, spreads and the floor computed from each run's results line" python3 "$CHECKS" bench_medians "$WORK/out"
check "bench --plot: a well-formed SVG, one line per scenario, the legend in order" \
	svg_ok "$WORK/fake.svg" atomic rwsem baseline

d=$(fx bench)
tool --proc "$d" --format csv bench --threads 1,2,4
check "bench --format csv: a header and one row per scenario and thread count (9 x 3)" python3 "$CHECKS" bench_csv "$WORK/out" "$d/results" "$(uname -r)" "$(nproc)"
[ "$(head -c 9 "$WORK/out")" = "scenario," ] && [ ! -s "$WORK/err" ]
result $? "bench --format csv: nothing but the CSV on stdout"
tool --proc "$d" --format json bench
check "bench --format json: valid JSON, an object per scenario and thread count" python3 "$CHECKS" bench_json "$WORK/out" "$(fxval bench baseline lockpair_ns)" "$(uname -r)" "$(nproc)"
tool --proc "$d" --format json bench --repeat 1 --output "$WORK/bench.json" --plot "$WORK/bench.svg"
rc_is 0 && [ "$(bench_rows)" = "$(rows_of "$BENCH" "1 2 4 8")" ] && python3 "$CHECKS" json_length "$WORK/bench.json" 36
result $? "bench --output: the JSON in the file, the table on stdout"
# shellcheck disable=SC2086 # $BENCH is a list of names
svg_ok "$WORK/bench.svg" $BENCH
result $? "bench --plot: the file exists and parses, a line per scenario"
rm -f "$WORK/bench.csv"
tool --proc "$d" --format csv bench atomic --threads 1 -o "$WORK/bench.csv"
rc_is 0 && [ "$(wc -l <"$WORK/bench.csv")" -eq 2 ] && [ "$(bench_rows)" = "atomic/1 " ]
result $? "bench -o: the CSV in the file"
d=$(fx bench)
tool --proc "$d" --format csv bench --output "$WORK/no/such/dir.csv"
rc_is 7 && err_has "cannot write $WORK/no/such/dir.csv" && control_empty "$d"
result $? "bench --output that cannot be written: exit 7 before any run"

d=$(fx bench-fail)
tool --proc "$d" bench
rc_is 1 && [ "$(bench_rows)" = "$(rows_of "$BENCH" "1 2 4 8")" ] && [ "$(grep -c "^seqlock .* fail " "$WORK/out")" -eq 4 ]
result $? "bench with a fail verdict (seqlock torn): exit 1, every row still shown"
d=$(fx fail)
tool --proc "$d" bench atomic mutex --threads 1
rc_is 1 && [ "$(bench_rows)" = "atomic/1 mutex/1 " ] && out_has " fail "
result $? "bench of named scenarios, mutex failing: exit 1"
d=$(fx stopped)
tool --proc "$d" bench race --threads 1 --repeat 1
rc_is 5 && grep -qE "^race +1 +- .* stopped +-$" "$WORK/out"
result $? "bench of a run stopped at the time limit: exit 5, no figures, verdict stopped"
d=$(fx old-module)
tool --proc "$d" bench --threads 2
rc_is 0 && [ "$(cat "$WORK/err")" = "synclab: note: not in $d/scenarios, skipped: baseline percpu rwlock rwsem seqlock" ] && [ "$(bench_rows)" = "atomic/2 spinlock/2 mutex/2 semaphore/2 " ]
result $? "bench on a module without the new scenarios: a note, the others measured"
grep -qE "^atomic .* ok +-$" "$WORK/out"
result $? "bench without baseline: no x floor"
d=$(fx fail)
tool --proc "$d" bench --threads 1
rc_is 7 && err_has "results has no line for spinlock" && [ "$(bench_rows)" = "atomic/1 " ]
result $? "bench when a result is missing: exit 7, the rows measured so far shown"
d=$(fx empty)
tool --proc "$d" bench
rc_is 7 && err_has "none of the scenarios bench runs"
result $? "bench when the module lists none of its scenarios: exit 7"

d=$(fx bench)
script -qec "$BIN --proc $d bench atomic --threads 1,2 --repeat 2" "$WORK/typescript" >/dev/null 2>&1
grep -qF "[1/4] atomic threads=1 repeat 1/2" "$WORK/typescript" && grep -qF "[4/4] atomic threads=2 repeat 2/2" "$WORK/typescript" && grep -qE "^atomic +2 +[0-9.]+ " "$WORK/typescript"
result $? "bench: on a terminal, a progress line per run on stderr"
check "bench: the progress line gives the time so far and an estimate of the time left" \
	grep -qE "\[4/4\] atomic threads=2 repeat 2/2, [0-9]+ s so far, about [0-9]+ s left" "$WORK/typescript"
d=$(fx bench)
script -qec "stty cols 40; $BIN --proc $d bench atomic --threads 1,2 --repeat 2 >/dev/null" \
	"$WORK/typescript" >/dev/null 2>&1
check "bench: the progress line fits a 40-column terminal" python3 "$CHECKS" bench_progress_width "$WORK/typescript"

# Ctrl-C: three runs answered, the fourth interrupted, its partial result recorded.
d=$(fx bench)
rm "$d/control" "$d/results"
mkfifo "$d/control" "$d/results"
timeout 20 "$HERE/fake_module.sh" "$d" 3 &
fake=$!
timeout -s KILL 20 "$BIN" --proc "$d" bench atomic --threads 1,2 --repeat 2 \
	>"$WORK/out" 2>"$WORK/err" &
pid=$!
wait "$fake"
# The fourth run's command waits for a reader of control.
tpid=$(tool_pid "$pid")
check "bench, Ctrl-C: the fourth run blocks as it would while the module runs" \
	blocked_in "$tpid" wait_for_partner
kill -INT "$tpid"	# once, to the tool (see the Ctrl-C test of run)
# shellcheck disable=SC2016 # the inner shell expands them
timeout 10 bash -c 'printf "%s\n" "$1" >"$2"' _ \
	"scenario=atomic threads=2 iters=100000 cpu=all expected=200000 actual=5000 lost=195000 verdict=stopped elapsed_ns=1000 ns_per_op=0 cpu_ns=2000 nvcsw=2 nivcsw=2" \
	"$d/results"
wait "$pid"
rc=$?
rc_is 5 && err_first_is "synclab: run stopped (interrupted): the partial result is recorded" && err_has "synclab: bench stopped"
result $? "bench, Ctrl-C: exit 5, says the run and the bench were stopped"
[ "$(head -n 1 "$WORK/out")" = "1000000 iterations per thread, median of 2 runs" ]
result $? "bench, Ctrl-C: the header gives the lengths of the runs measured"
out_has "Stopped: only what was measured" && grep -qE "^atomic +1 +15.0 +10.0 +20.0 .* ok +-$" "$WORK/out" && grep -qE "^atomic +2 +10.0 +10.0 +10.0 .* stopped 1/2 +-$" "$WORK/out"
result $? "bench, Ctrl-C: what was measured is shown, the stopped run out of the figures"

# ---- --read-pct with run ---------------------------------------------------------------

d=$(fx bench)
tool --proc "$d" run rwsem --read-pct 50 --threads 2
rc_is 0 && control_is "$d" $'run rwsem threads=2 read_pct=50\n' && out_has "(read_pct=90 cpu=all)"
result $? "run rwsem --read-pct 50: the key in the contract's order"
d=$(fx bench)
tool --proc "$d" run atomic --read-pct 50
usage_error "$d" && err_has "atomic does not take read_pct (it takes: threads iters cpu)"
result $? "run atomic --read-pct: a key atomic does not take"
tool --proc "$d" list --cpu 1
usage_error "$d" && err_has "--cpu is an option of run, not of list"
result $? "a run option with list names itself (--cpu)"
tool --proc "$d" list --read-pct 1
usage_error "$d" && err_has "--read-pct is an option of run, not of list"
result $? "a run option with list names itself (--read-pct)"

# ---- trace ----------------------------------------------------------------------------

d=$(fx classic)
tool --proc "$d" trace
rc_is 0 && out_has "         µs T0           T1           T2           T3           T4" && fits80 "$WORK/out"
result $? "trace: a column per thread, time in µs"
# tr_us FIXTURE N: the time of the trace's event N (from 1), in µs, as the tool prints it.
tr_us() { sed -n "$(($2 + 1))s/^ns=\([0-9]*\) .*/\1/p" "$FIX/$1/trace" | awk '{ printf "%.1f", $1 / 1e3 }'; }
grep -qxF "$(printf "%11s" "$(tr_us classic 8)")                                        sleep 100ms" "$WORK/out" && grep -qxF "$(printf "%11s" "$(tr_us classic 10)")                                                     write 7" "$WORK/out"
result $? "trace: the events, placed in their thread's column"
out_has "^ overwrote T4: total was 7" && out_has "1 update overwritten, of T4" && out_has "T4's update (+4) was overwritten by T3 at t=$(tr_us classic 11) µs" && ! out_has "lost"
result $? "trace: the overwrite, and a summary naming whose update was overwritten"
tool --proc "$d" --format json trace
python3 "$CHECKS" trace_json "$WORK/out" "$(sed -n "12s/^ns=\([0-9]*\) .*/\1/p" "$FIX/classic/trace")"
result $? "trace --format json"
tool --proc "$d" --format csv trace
python3 "$CHECKS" trace_csv "$WORK/out"
result $? "trace --format csv"
d=$(fx trace-many)
tool --proc "$d" trace
rc_is 0 && out_has "t=$(tr_us trace-many 1) µs thread $(sed -n "2s/.* thread=\([0-9]*\) .*/\1/p" "$FIX/trace-many/trace"): read 0" && grep -qE "^[0-9]+ updates overwritten, of T" "$WORK/out" && out_has "$(sed -n "1s/.* dropped=\([0-9]*\)/\1/p" "$FIX/trace-many/trace") more were dropped" && fits80 "$WORK/out"
result $? "trace with 8 threads: one event per line"
! grep -q "op=sleep" "$FIX/trace-many/trace" && ! out_has "sleep"
result $? "trace of race: no sleep (race records none)"
d=$(fx sem-limit)
tool --proc "$d" trace
rc_is 0 && out_has "enter, 1 in" && out_has "leave, " && fits80 "$WORK/out"
result $? "trace of sem-limit: each entry and leave with the clients inside, within 80 columns"
check "trace of sem-limit: at most limit=3 inside, and no wave of more than 3 entries" \
	python3 "$CHECKS" sem_waves "$WORK/out"
tool --proc "$d" run sem-limit
rc_is 0 && out_has "who entered and left, wave by wave: synclab trace" && ! out_has "whose update"
result $? "run sem-limit: points to the trace of its entries"
d=$(fx empty)
tool --proc "$d" trace
rc_is 0 && out_has "no trace yet"
result $? "trace before any traced run"
tool --proc "$d" --format json trace
python3 "$CHECKS" trace_json_empty "$WORK/out"
result $? "trace --format json before any traced run is valid JSON"

d=$(fx fresh)
tool --proc "$d" trace
rc_is 0 && out_has "no trace yet"
result $? "trace of a freshly loaded module ('# no trace yet')"
tool --proc "$d" results
rc_is 0 && out_has "no results yet"
result $? "results of a freshly loaded module"
tool --proc "$d" --format csv results
[ "$(wc -l <"$WORK/out")" -eq 1 ] && grep -q "^scenario,threads," "$WORK/out"
result $? "results --format csv of a freshly loaded module: the header only"

# ---- every fixture, command and format: no crash, no partial line ----------------------

robust() {	# robust BINARY: exit codes 0-7, whole lines, synclab: messages only
	local b=$1 f c fmt d bad=0 n=0 jdir=$WORK/robust-json
	rm -rf "$jdir"
	mkdir -p "$jdir"
	for f in "$FIX"/*/; do
		f=$(basename "$f")
		for c in list status results trace "run classic" "run race" "run --all" \
			"run mutex --threads 2" "bench --threads 1,2 --repeat 2"; do
			for fmt in table json csv; do
				d=$(fx "$f")
				# shellcheck disable=SC2086 # the command and its arguments, one word each
				timeout 10 "$b" --proc "$d" --format $fmt $c >"$WORK/out" 2>"$WORK/err"
				rc=$?
				# $(...) drops one final newline: a whole last line leaves nothing.
				if [ "$rc" -gt 7 ] ||
				   { [ -s "$WORK/out" ] && [ -n "$(tail -c1 "$WORK/out")" ]; } ||
				   grep -qv -e '^synclab: ' -e "^Try 'synclab --help'" "$WORK/err"; then
					echo "# $f: $c --format $fmt: exit $rc"
					head -3 "$WORK/err" | sed 's/^/# /'
					bad=1
				fi
				# JSON output is kept, named after the case, and parsed below in one go.
				if [ "$fmt" = json ] && [ "$rc" -ne 2 ] && [ "$rc" -ne 3 ] &&
				   [ "$rc" -ne 7 ] && [ -s "$WORK/out" ]; then
					n=$((n + 1))
					mv "$WORK/out" "$jdir/$n $f: $c.json"
				fi
			done
		done
	done
	[ "$n" -gt 0 ] || { echo "# no JSON output to check"; bad=1; }
	python3 "$CHECKS" json_outputs "$jdir" || bad=1
	return $bad
}
check "every fixture x command x format: exit 0-7, whole lines, valid JSON" robust "$BIN"
if [ -n "$ASAN_BIN" ]; then
	check "the same under AddressSanitizer and UBSan: no memory error" robust "$ASAN_BIN"
fi

# ---- help, did you mean, key=value ---------------------------------------------------

d=$(fx all)
for c in list run bench results trace status stop reset help; do
	tool help "$c"
	rc_is 0 && head -n 1 "$WORK/out" | grep -q "^Usage: synclab" && fits80 "$WORK/out" && [ ! -s "$WORK/err" ]
	result $? "help $c: what it does and its options, within 80 columns"
done
tool help run
cp "$WORK/out" "$WORK/help-run"
tool --proc "$d" run --help
check "run --help is help run" cmp -s "$WORK/out" "$WORK/help-run"
tool --help bench
rc_is 0 && out_has "Usage: synclab bench"
result $? "--help bench is help bench"
tool help
rc_is 0 && out_has "Commands:" && out_has "help [COMMAND]"
result $? "help alone is --help"
tool help frobnicate
check "help of an unknown command: usage error" usage_error "$d"
tool --help
check "--help: every column starts at 2 + 21 k (no misaligned line)" python3 "$CHECKS" help_columns "$WORK/out"

tool --proc "$d" run mutx
usage_error "$d" && err_first_is "synclab: unknown scenario 'mutx': did you mean 'mutex'?"
result $? "run mutx: did you mean 'mutex'"
tool --proc "$d" run Classic
usage_error "$d" && err_first_is "synclab: unknown scenario 'Classic': did you mean 'classic'?"
result $? "run Classic: did you mean 'classic'"
tool --proc "$d" run sem_limit
usage_error "$d" && err_has "did you mean 'sem-limit'?"
result $? "run sem_limit: did you mean 'sem-limit'"
tool --proc "$d" bench mutx
usage_error "$d" && err_has "did you mean 'mutex'?"
result $? "bench mutx: did you mean 'mutex'"
tool --proc "$d" run race --treads 2
usage_error "$d" && err_first_is "synclab: unrecognized option '--treads': did you mean '--threads'?"
result $? "--treads: did you mean '--threads'"
tool --proc "$d" run race --hold 2
usage_error "$d" && err_has "did you mean '--hold-ns' or '--hold-us'?"
result $? "--hold: the options it may mean"
tool --proc "$d" rnu
usage_error "$d" && err_first_is "synclab: unknown command 'rnu': did you mean 'run'?"
result $? "rnu: did you mean 'run'"
tool --proc "$d" run race thread=2
usage_error "$d" && err_first_is "synclab: unknown key 'thread': did you mean 'threads'?"
result $? "run race thread=2: did you mean 'threads'"

d=$(fx all)
tool --proc "$d" run race threads=2 window_us=5
rc_is 0 && control_is "$d" $'run race threads=2 window_us=5\n'
result $? "run race threads=2 window_us=5: the module's own key=value form"
d=$(fx all)
tool --proc "$d" run race window-us=5 --iters 3
rc_is 0 && control_is "$d" $'run race iters=3 window_us=5\n'
result $? "key=value spelled with '-', with options"
d=$(fx all)
tool --proc "$d" run race --window_us 5
rc_is 0 && control_is "$d" $'run race window_us=5\n'
result $? "--window_us is --window-us"
d=$(fx all)
tool --proc "$d" run race threads=2 --threads 3
usage_error "$d" && err_has "threads given twice"
result $? "a key given as an option and as key=value: usage error"
tool --proc "$d" run classic iters=5
usage_error "$d" && err_has "classic does not take iters"
result $? "key=value the scenario does not take: usage error"
tool --proc "$d" list threads=2
usage_error "$d" && err_has "is an option of run"
result $? "key=value with list: usage error"

# ---- output that cannot be written ---------------------------------------------------

d=$(fx all)
timeout 10 "$BIN" --proc "$d" --format json results >/dev/full 2>"$WORK/err"
rc=$?
rc_is 7 && err_first_is "synclab: write error: No space left on device"
result $? "results > /dev/full: exit 7, 'write error'"
timeout 10 "$BIN" --proc "$d" list >/dev/full 2>"$WORK/err"
rc=$?
check "list > /dev/full: exit 7" rc_is 7
timeout 10 "$BIN" --help >/dev/full 2>"$WORK/err"
rc=$?
check "--help > /dev/full: exit 7" rc_is 7

# ---- files written whole, and nothing but the error after a failure ------------------

d=$(fx bench)
rm "$d/control"
mkdir "$d/control"	# the first run fails
echo "old results" >"$WORK/keep.csv"
echo "<svg/>" >"$WORK/keep.svg"
tool --proc "$d" --format csv bench atomic --threads 1 --output "$WORK/keep.csv" --plot "$WORK/keep.svg"
rc_is 7 && [ "$(cat "$WORK/keep.csv")" = "old results" ] && [ "$(cat "$WORK/keep.svg")" = "<svg/>" ]
result $? "bench that measures nothing: the earlier --output and --plot files untouched"
! compgen -G "$WORK/keep.*.tmp.*" >/dev/null
result $? "bench that measures nothing: no temporary file left"
[ ! -s "$WORK/out" ] && [ "$(wc -l <"$WORK/err")" -eq 1 ] && err_has "cannot write $d/control"
result $? "bench that measures nothing: nothing but the error"
tool --proc "$d" bench atomic --threads 1
rc_is 7 && [ ! -s "$WORK/out" ] && [ "$(wc -l <"$WORK/err")" -eq 1 ]
result $? "bench that measures nothing, table: nothing but the error"
d=$(fx bench)
tool --proc "$d" --format csv bench atomic --threads 1 --output "$WORK/keep.csv" --plot "$WORK/keep.svg"
rc_is 0 && head -c 9 "$WORK/keep.csv" | grep -q "^scenario," && grep -q "</svg>" "$WORK/keep.svg" && [ "$(stat -c %a "$WORK/keep.csv")" = "$(umask -S >/dev/null; printf "%o" $((0666 & ~0$(umask))))" ] && ! compgen -G "$WORK/*.tmp.*" >/dev/null
result $? "bench that measured: the files replaced, readable as any new file"

d=$(fx fail)
script -qec "$BIN --proc $d bench --threads 1" "$WORK/typescript" >/dev/null 2>&1
check "bench on a terminal: the progress line blanked out before the error" python3 "$CHECKS" bench_progress_blanked "$WORK/typescript"

# ---- the trace as a picture ----------------------------------------------------------

svg_trace_ok() {	# svg_trace_ok FILE THREADS: lanes, marks and arrows match the trace
	python3 "$CHECKS" trace_svg "$@"
}
d=$(fx classic)
tool --proc "$d" trace --svg "$WORK/classic.svg"
rc_is 0 && [ ! -s "$WORK/out" ] && [ -s "$WORK/classic.svg" ]
result $? "trace --svg: nothing on stdout, the file written"
check "trace --svg of classic: a lane per thread, every read, write and sleep, the arrow of the lost update, a broken axis" \
	svg_trace_ok "$WORK/classic.svg" "$FIX/classic/trace" broken
grep -q "<g class=\"write overwritten\" data-thread=\"4\"" "$WORK/classic.svg" && grep -qF "T4's +4 overwritten by T3" "$WORK/classic.svg"
result $? "trace --svg of classic: T4's write is the lost one, T3's replaced it"
d=$(fx trace-many)
tool --proc "$d" trace --svg "$WORK/many.svg"
rc_is 0 && svg_trace_ok "$WORK/many.svg" "$FIX/trace-many/trace"
result $? "trace --svg of race with 8 threads: 8 lanes, its marks, arrows"
d=$(fx sem-limit)
tool --proc "$d" trace --svg "$WORK/sem.svg"
check "trace --svg of sem-limit: a lane per client, a bar per stay from entry to leave, no arrow" \
	python3 "$CHECKS" sem_svg "$WORK/sem.svg" "$FIX/sem-limit/trace"
d=$(fx empty)
tool --proc "$d" trace --svg "$WORK/none.svg"
rc_is 7 && err_has "no trace yet" && [ ! -e "$WORK/none.svg" ]
result $? "trace --svg with no trace yet: exit 7, no file"
d=$(fx classic)
tool --proc "$d" list --svg "$WORK/none.svg"
usage_error "$d" && err_has "--svg is an option of trace"
result $? "--svg with another command: usage error"
ROOT=$HERE/../..
d=$(fx classic)
tool --proc "$d" trace --svg "$WORK/lesson.svg"
cmp -s "$WORK/lesson.svg" "$ROOT/docs/classic-trace.svg" && grep -qF "](classic-trace.svg)" "$ROOT/docs/lessons.md"
result $? "docs/lessons.md shows the classic picture, drawn from the recorded classic trace"

# ---- bench's chart and its metadata ------------------------------------------------

d=$(fx bench)
SOURCE_DATE_EPOCH=86400 tool --proc "$d" --format json bench atomic baseline --threads 1,2,4 \
	--repeat 1 --plot "$WORK/meta.svg" --output "$WORK/meta.json"
check "bench --plot: caption with the kernel, CPUs, iterations and date; a band and a marker per series" python3 "$CHECKS" bench_svg_caption "$WORK/meta.svg" "$(uname -r)" "$(nproc)"
check "bench --output json: the machine and the date in each row" python3 "$CHECKS" bench_json_meta "$WORK/meta.json" "$(uname -r)" "$(nproc)"

# ---- the documents agree with the code ---------------------------------------------------

MAN=$HERE/../../userspace/synclab.1
help_options_in_man() {
	local o missing=
	{ "$BIN" --help; for c in list run bench results trace status stop reset help; do
		"$BIN" help "$c"; done; } | grep -oE -- '--[a-z][a-z_-]*' | sort -u >"$WORK/opts"
	[ -s "$WORK/opts" ] || return 1
	while read -r o; do
		grep -qF -- "${o//-/\\-}" "$MAN" || missing="$missing $o"
	done <"$WORK/opts"
	[ -z "$missing" ] || { echo "# not in the man page:$missing"; return 1; }
}
check "every option of --help and of each command's help is in the man page" help_options_in_man
sed -n "/^\.SH FILES/,/^\.SH EXAMPLES/p" "$MAN" | grep -q "^\.I /proc/synclab/last$" && sed -n "/^\.SH FILES/,/^\.SH EXAMPLES/p" "$MAN" | grep -q "^\.I /proc/synclab/error$"
result $? "the man page lists /proc/synclab/last and error among its files"
grep -A2 "^\.BI \\\\-\\\\-hold\\\\-ns" "$MAN" | grep -q "semaphore" && grep -A2 "^\.BI \\\\-\\\\-hold\\\\-us" "$MAN" | grep -q "mutex"
result $? "the man page: --hold-ns for spinlock, mutex, semaphore; --hold-us for mutex, semaphore, sem-limit"
! grep -q "adding 1\.\.5" "$ROOT/README.md" && grep -q "adding 0\.\.4" "$ROOT/README.md" && grep -qx "\$ sudo synclab run classic" "$ROOT/README.md" && ! grep -qx "\$ synclab run classic" "$ROOT/README.md"
result $? "README: the threads add 0..4; the tool's runs with sudo"
check "every key the module prints is in docs/proc-interface.md" python3 "$CHECKS" proc_keys_documented "$ROOT"

# ---- the recorded fixtures and the module ------------------------------------------------

check "the recorded fixtures list the scenarios of the module's list (module/scenarios.h), in its order" \
	python3 "$CHECKS" fixture_scenarios "$ROOT" "$FIX"

# ---- the man page ----------------------------------------------------------------------

man_ok() {
	local w warn
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
	[ -z "$warn" ] || { echo "# $warn"; return 1; }
	for w in list run results trace status stop reset bench --proc --format --threads \
		--iters --window-us --hold-ns --hold-us --delay-us --limit --read-pct --cpu \
		--all --repeat --plot --output --help --version SYNCLAB_PROC EXIT; do
		grep -qF -- "${w//-/\\-}" "$MAN" || { echo "# man lacks $w"; return 1; }
	done
	for w in 0 1 2 3 4 5 6 7; do
		sed -n '/^\.SH EXIT STATUS/,/^\.SH ENVIRONMENT/p' "$MAN" | grep -qx "\.B $w" ||
			{ echo "# man lacks exit code $w"; return 1; }
	done
}
check "the man page renders without warnings and documents every option and exit code" man_ok

plan
