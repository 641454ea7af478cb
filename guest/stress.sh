#!/bin/sh
# Reliability tests of synclab.ko, run inside the QEMU guest (busybox sh) on
# the lab's debug kernel by `make check` and `make stress`, with the module
# loaded: bad input, concurrent use of the interface, rmmod and signals in
# the middle of every scenario, load/unload cycles, the largest values.
# The kernel's checkers (KASAN, lockdep, kmemleak, hung task, soft lockup)
# watch; the host scans the console log. Prints TAP, and "# figure: ..."
# lines for docs/reliability.md; exits 0 when it ran to its end.
#
# Environment: SYNCLAB_KO (the module file to reload), STRESS_SECONDS
# (concurrency storm, default 10), STRESS_CYCLES (load/unload, default 100).

. "$(dirname "$0")/common.sh"

# The runs keep every CPU busy with kthreads of nice 0: a test shell of
# the same priority gets a share of the CPU only, and would time its own
# wait instead of the run's end. It runs ahead of them.
renice -n -10 $$ >/dev/null

SECS=${STRESS_SECONDS:-10}
CYCLES=${STRESS_CYCLES:-100}
MAXT=$(cat /sys/module/synclab/parameters/max_threads)
W=/tmp/stress
mkdir -p $W

# The files a refused command must leave as they were (error is meant to change).
state() { cat $P/status $P/results $P/last $P/trace | md5sum; }

# refused INPUT-FILE: writing it in one write() fails with EINVAL.
refused() {
	dd if="$1" of=$P/control bs=65536 count=1 2>$W/dd.err && return 1
	grep -q 'Invalid argument' $W/dd.err
}

# --- 1. bad input ------------------------------------------------------------
run run atomic threads=2 iters=1000
run run classic
before=$(state)
tried=0
bad=0
try() {	# try DESCRIPTION: $W/in holds the input
	tried=$((tried + 1))
	if ! refused $W/in; then
		bad=$((bad + 1))
		echo "# not refused with EINVAL: $1: $(head -c 80 $W/in | od -An -c | head -n 2)"
	fi
}
# Past every bound, negative, overflowing, malformed numbers.
for kv in threads=0 "threads=$((MAXT + 1))" threads=257 threads=-1 iters=0 iters=100000001 \
	iters=-5 iters=18446744073709551616 iters=99999999999999999999999 iters=4294967297 \
	iters=0x10 iters=1e3 iters=+5 iters= iters=1,000 window_us=1000001 cpu=-1 cpu=8 \
	cpu=4096 cpu=al cpu=1a; do
	printf 'run race %s\n' "$kv" > $W/in; try "run race $kv"
done
for kv in hold_ns=100001 hold_us=1000001; do
	printf 'run mutex %s\n' "$kv" > $W/in; try "run mutex $kv"
done
for kv in limit=0 limit=257 iters=10001; do
	printf 'run sem-limit %s\n' "$kv" > $W/in; try "run sem-limit $kv"
done
printf 'run completion delay_us=1000001\n' > $W/in; try "delay_us past its bound"
for c in "run scoped bug=2" "run mutex bug=1" "run workqueue iters=1001" "run workqueue hold_us=10001" \
	"run peterson threads=3" "run sb threads=1"; do
	printf '%s\n' "$c" > $W/in; try "$c"
done
printf 'run spinlock hold_us=1\n' > $W/in; try "spinlock cannot sleep holding"
# Malformed commands.
for c in "" " " "run" "run " "Run atomic" "run atomic threads" "run atomic =4" \
	"run atomic threads==4" "run atomic threads=4 threads=4" "stop now" "reset all" \
	"run nosuch" "run atomic nosuch=1" "run  atomic  iters=1  extra"; do
	printf '%s\n' "$c" > $W/in; try "'$c'"
done
printf 'run nosuch' > $W/in; try "no newline"
printf 'run atomic\n\n' > $W/in; try "two newlines"
printf 'run atomic\nstop\n' > $W/in; try "two lines"
printf 'run at\000omic\n' > $W/in; try "NUL byte"
printf '\000' > $W/in; try "a lone NUL"
printf 'run atomic\r\n' > $W/in; try "carriage return"
printf 'run atomic\t\001\n' > $W/in; try "control byte"
printf 'run \303\251t\303\251\n' > $W/in; try "UTF-8"
head -c 257 /dev/zero | tr '\0' a > $W/in; try "257 bytes"
head -c 5000 /dev/zero | tr '\0' a > $W/in; try "5000 bytes, beyond a page"
# Random bytes (a newline-free prefix keeps them from being a valid command).
i=0
while [ $i -lt 300 ]; do
	n=$(($(head -c 2 /dev/urandom | od -An -tu2 | tr -d ' ') % 400 + 1))
	{ printf '\001'; head -c $n /dev/urandom; } > $W/in
	try "random bytes"
	i=$((i + 1))
done
echo "# figure: bad_inputs=$tried"
check "$tried bad inputs all refused with EINVAL" test "$bad" -eq 0
check "the refusals changed nothing" test "$(state)" = "$before"
check "a good command still works" run run atomic threads=2 iters=1000
check "and its result is exact" test "$(result atomic actual)" = 2000

# --- 2. concurrent use of the interface ---------------------------------------
# Writers start, stop and reset runs while readers read every file, for
# $SECS seconds. Only EBUSY may be refused; readers must never see a torn
# or inconsistent line, nor more kthreads than one run has.
end=$(($(now_cs) + SECS * 100))
writer() {
	n=0
	while [ "$(now_cs)" -lt $end ]; do
		case $((n % 5)) in
		0 | 1) c="run atomic threads=2 iters=20000" ;;
		2) c="run spinlock threads=2 iters=20000" ;;
		3) c="stop" ;;
		4) c="reset" ;;
		esac
		if echo "$c" > "$P/control" 2>"$W/w$1.err"; then
			echo ok
		elif grep -q 'resource busy' "$W/w$1.err"; then
			echo busy
		else
			echo "other: $c: $(cat "$W/w$1.err")"
		fi
		n=$((n + 1))
	done > "$W/writer$1.log"
}
reader() {
	while [ "$(now_cs)" -lt $end ]; do
		for f in scenarios status last trace error; do
			cat $P/$f > /dev/null || echo "read error: $f"
		done
		grep -vE '^state=(idle|running scenario=[a-z-]+ elapsed_ms=[0-9]+ done=[0-9]+ total=[0-9]+)$' \
			$P/status | sed 's/^/torn status: /'
		# Every results line complete, and an ok run's total exact.
		awk '!/^scenario=[a-z-]+ threads=[0-9]+ iters=[0-9]+ cpu=[a-z0-9]+ expected=[0-9]+ actual=[0-9]+ lost=[0-9]+ verdict=(ok|race|fail|stopped) elapsed_ns=[0-9]+ ns_per_op=[0-9]+ cpu_ns=[0-9]+ nvcsw=[0-9]+ nivcsw=[0-9]+/ { print "torn result: " $0; next }
		     / verdict=ok / { split($5, e, "="); split($6, a, "="); if (e[2] != a[2]) print "inexact: " $0 }
		     / verdict=fail / { print "failed: " $0 }' $P/results
		k=$(kthreads)
		[ "$k" -le 2 ] || echo "kthreads: $k alive, more than one run's 2"
		echo read >&3
	done 3>> "$W/reads$1.log" > "$W/reader$1.log"
}
: > $W/reads1.log
: > $W/reads2.log
for w in 1 2 3; do writer $w & done
reader 1 &
reader 2 &
wait
runs=$(cat $W/writer*.log | grep -c '^ok$')
busy=$(cat $W/writer*.log | grep -c '^busy$')
reads=$(cat $W/reads*.log | wc -l)
echo "# figure: storm_seconds=$SECS writers=3 readers=2 commands_ok=$runs busy=$busy reader_passes=$reads"
check "the writers got only success or EBUSY" test -z "$(grep -h '^other' $W/writer*.log | head -n 5 | tee /dev/stderr)"
check "some commands were refused as busy (runs overlapped)" test "$busy" -gt 0
check "the readers saw no torn or inexact line, at most one run" \
	test -z "$(cat $W/reader*.log | head -n 5 | tee /dev/stderr)"
check "the readers made progress" test "$reads" -ge 1
check "idle after the storm" wait_state idle
check "a finished run's result is kept whole" sh -c \
	"echo 'run mutex threads=2 iters=3000' > $P/control && grep -q '^scenario=mutex .* expected=6000 actual=6000 lost=0 verdict=ok ' $P/results"
check "no kthread after the storm" no_kthreads

# --- 3. rmmod, stop and signals in the middle of every scenario -----------------
# The longest form of each scenario, so that it is surely still running
# (waiters asleep in completion, consumers in waitqueue, holders in sem-limit).
long_cmd() {
	case $1 in
	classic) echo "run classic window_us=1000000" ;;
	sem-limit) echo "run sem-limit iters=10000 hold_us=1000000" ;;
	completion) echo "run completion delay_us=1000000" ;;
	waitqueue) echo "run waitqueue iters=100000 limit=1" ;;
	workqueue) echo "run workqueue threads=4 iters=1000 hold_us=10000 limit=1" ;;
	peterson | peterson-mb | sb) echo "run $1 iters=100000000" ;;
	*) echo "run $1 threads=4 iters=100000000" ;;
	esac
}
# stopped HOW WHY KIND [SHORT]: the run just interrupted (by HOW) ended and
# left no kthread, within the hang limit, and the module logged it as
# stopped by WHY, with its stop latency (from the request to the end of the
# last thread's work), kept in $W/stop.KIND for the figures. A latency is a
# measurement, not a test: the host's load moves it. SHORT: the whole run
# lasts about a second, and on a busy host may end before the request.
# The stop lines of earlier sections are not this section's.
LAST_STOP_LINE=$(dmesg | grep 'synclab: .* stopped by .*: its threads ended [0-9]* us after the request' |
	tail -n 1)
stopped() {
	check "$1: the run ended, no kthread left" kthreads_gone
	line=$(dmesg | grep 'synclab: .* stopped by .*: its threads ended [0-9]* us after the request' |
		tail -n 1)
	if [ -n "${4:-}" ] && [ "$line" = "$LAST_STOP_LINE" ]; then
		pass "$1: it had ended by itself before the request (a short run)"
		return
	fi
	check "$1: the kernel log has the stop, by $2" \
		test -n "$line" -a "$line" != "$LAST_STOP_LINE" -a -z "${line##*stopped by "$2":*}"
	LAST_STOP_LINE=$line
	us=${line##*ended }
	echo "${us%% *}" >> "$W/stop.$3"
}
# The run has started and its kthreads are seen, 0.3 s into it.
running_now() { wait_state running && usleep 300000 && test "$(kthreads)" -gt 0; }
# A short run that ended: its results line is a new one.
running_or_over() {
	running_now || { now=$(grep "^scenario=$s " "$P/results") && [ "$now" != "$before" ]; }
}
points=0
scenarios=$(cut -f1 "$P/scenarios")
for s in $scenarios; do
	cmd=$(long_cmd "$s")
	short=
	[ "$s" = classic ] && short=1	# one sleep of window_us, 1 s at most
	before=$(grep "^scenario=$s " "$P/results")
	echo "$cmd" > "$P/control" &
	bg=$!
	if [ -n "$short" ]; then
		# On a busy host the second may be over before the check looks.
		check "$s is running ($cmd) in kthreads, or has run and ended" running_or_over
	else
		check "$s is running ($cmd) in kthreads" running_now
	fi
	rmmod synclab &
	rm_pid=$!
	stopped "rmmod during $s" "module unload" rmmod $short
	wait $rm_pid
	check "rmmod during $s succeeds" test $? -eq 0
	wait $bg
	check "the module loads again after rmmod during $s" insmod "$KO"
	points=$((points + 1))
done
for how in stop signal; do
	for s in race completion sem-limit waitqueue; do
		printf '%s\n' "$(long_cmd "$s")" > "$P/control" &
		bg=$!
		check "$s is running" running_now
		if [ $how = stop ]; then
			run stop
			why="a stop command"
		else
			kill -TERM $bg
			why="a signal to the writer"
		fi
		stopped "$how during $s" "$why" $how
		wait $bg
		check "$how during $s: recorded as stopped, by $why, with its stop_ns" \
			test "$(result $s verdict)" = stopped -a -n "$(result $s stop_ns)" \
			-a -n "$(grep "stopped by $why before finishing" $P/last)"
		points=$((points + 1))
	done
done
limit=$(cat /sys/module/synclab/parameters/max_run_ms)
echo 1000 > /sys/module/synclab/parameters/max_run_ms
run run spinlock threads=4 iters=100000000
stopped "max_run_ms=1000" "max_run_ms" max_run_ms
check "max_run_ms: recorded as stopped, not before 1000 ms" \
	test "$(result spinlock verdict)" = stopped -a "$(result spinlock elapsed_ns)" -ge 1000000000
echo "$limit" > /sys/module/synclab/parameters/max_run_ms
echo "# figure: interruption_points=$points"
# The median and the maximum of each kind of interruption, in us.
for k in rmmod stop signal max_run_ms; do
	sort -n $W/stop.$k | awk -v k=$k '{ v[NR] = $1 }
		END { if (NR) printf "# figure: stop_latency_us kind=%s runs=%d median=%d max=%d\n",
			k, NR, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[NR] }'
done

# --- 4. the largest values ------------------------------------------------------
check "threads=max_threads ($MAXT) with the largest iters ends (done or stopped at max_run_ms)" \
	run run race "threads=$MAXT" iters=100000000
check "... and is recorded" test -n "$(result race verdict)"
# Exactness, not speed: a busy host must not turn this into a stop at
# max_run_ms, which here only catches a hang.
rmmod synclab && insmod "$KO" max_threads=256 max_run_ms=600000
check "max_threads=256: 256 threads run exactly" run run atomic threads=256 iters=1000
check "... exact" test "$(result atomic actual)" = 256000
check "threads=257 is refused even so" sh -c "! echo 'run atomic threads=257' > $P/control 2>/dev/null"
check "max_threads=257 is refused at load" sh -c "rmmod synclab && ! insmod $KO max_threads=257 2>/dev/null"
insmod "$KO"
check "the largest hold_ns under a spinlock" run run spinlock threads=4 iters=200 hold_ns=100000
check "the largest window_us" run run race threads=2 iters=1 window_us=1000000
check "no kthread after the largest values" no_kthreads

# --- 5. load, run, unload, again and again ------------------------------------------
rmmod synclab
i=0
bad=0
while [ $i -lt "$CYCLES" ]; do
	insmod "$KO" || { bad=$((bad + 1)); break; }
	echo "run atomic threads=2 iters=1000" > $P/control || bad=$((bad + 1))
	rmmod synclab || { bad=$((bad + 1)); break; }
	i=$((i + 1))
done
echo "# figure: load_unload_cycles=$i"
check "$CYCLES load/run/unload cycles" test $bad -eq 0 -a $i -eq "$CYCLES"
check "no kthread and no /proc/synclab after them" test "$(kthreads)" -eq 0 -a ! -e $P
insmod "$KO"

ran_to_end
