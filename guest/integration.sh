#!/bin/sh
# Integration test of synclab.ko, run inside the QEMU guest by busybox sh
# with the module already loaded (scripts/vm-run --module synclab.ko).
# Drives /proc/synclab with echo and cat as a lab handout would, then the
# synclab tool, then unloads the module.  Prints TAP; exits 0 when it ran to its end.
#
# Environment: SYNCLAB_KO, the module file to reload (default: the first
# synclab.ko found under /root or /).

. "$(dirname "$0")/common.sh"

# --- the files -------------------------------------------------------------
for f in scenarios status last results trace error; do
	check "$f is readable" test -r $P/$f
done
check "control is write-only for root" sh -c "ls -l $P/control | grep -q '^--w-------'"
check "scenarios lists 21 scenarios" test "$(wc -l < $P/scenarios)" -eq 21
check "scenarios come in teaching order" \
	test "$(cut -f1 $P/scenarios | tr '\n' ' ')" = \
	"classic race naive-spin peterson peterson-mb sb atomic percpu spinlock mutex semaphore trylock scoped rwlock rwsem seqlock sem-limit completion waitqueue workqueue baseline "
check "every scenario line has four tab-separated fields" \
	test "$(awk -F'\t' 'NF != 4' $P/scenarios | wc -l)" -eq 0
check "race is a counter, classic a program" sh -c \
	"grep -q '^race	.*	counter$' $P/scenarios && grep -q '^classic	.*	program$' $P/scenarios"
check "status is idle after load" grep -qx "state=idle" $P/status
check "results are empty after load" test ! -s $P/results

# --- the textbook lost update ------------------------------------------------
check "run classic succeeds" run run classic
check "classic totals 6, not 10" test "$(result classic actual)" = 6
check "classic expected 10" test "$(result classic expected)" = 10
check "classic verdict is race" test "$(result classic verdict)" = race
check "last explains the lost update" grep -q "updates were lost" $P/last
check "last shows actual total 6" grep -q "^actual total  *6$" $P/last
check "last calls the amount missing 'missing', not 'lost'" sh -c \
	"grep -q '^missing  *4 (expected - actual)$' $P/last && ! grep -q '^lost ' $P/last"
check "last points to the trace of the run that wrote it" \
	grep -q "^whose update was overwritten: cat /proc/synclab/trace$" $P/last
check "last gives no ns per operation where there is no loop" sh -c "! grep -q 'ns per operation' $P/last"
check "last has one line per thread" test "$(grep -c '^ *[0-4] ' $P/last)" -ge 5
check "trace shows thread 3 overwriting thread 4" \
	grep -q "thread=3 op=write value=6 was=7 overwrote=4" $P/trace

# --- every fix is exact at 8 threads ---------------------------------------
# (A semaphore hands over by waking a sleeper, a context switch per
# acquisition: 5000 iterations keep it well inside max_run_ms when emulated.)
for s in atomic percpu spinlock mutex semaphore trylock rwlock rwsem seqlock baseline; do
	run run $s threads=8 iters=5000
	ops=$(result $s expected)
	case $s in rwlock | rwsem | seqlock) ops=$(($(result $s reads) + $(result $s writes))) ;; esac
	check "$s at 8 threads: exact total" test "$ops" = 40000 -a \
		"$(result $s actual)" = "$(result $s expected)" -a "$(result $s lost)" = 0 ||
		grep "^scenario=$s " $P/results
	check "$s at 8 threads: verdict ok" test "$(result $s verdict)" = ok
done
# A sleep between read and write makes the loss certain, even on one CPU.
run run race threads=4 iters=20 window_us=1000 cpu=0
check "race with a window loses updates" test "$(result race lost)" -gt 0
check "race with a window: verdict race" test "$(result race verdict)" = race
check "its trace marks overwritten updates" grep -q "overwrote=" $P/trace
run run race threads=2 iters=1000
check "last does not point to a trace this run did not write" \
	sh -c "! grep -q 'cat /proc/synclab/trace' $P/last && grep -q 'ns per operation' $P/last"
# Without one, losses need two CPUs really running at once, which an emulator
# on a busy host does not promise: check the bookkeeping, not the luck.
for s in race naive-spin; do
	run run $s threads=2 iters=1000000
	lost=$(result $s lost)
	verdict=$(result $s verdict)
	check "$s: actual + lost = expected" \
		test $(($(result $s actual) + lost)) -eq "$(result $s expected)"
	check "$s: verdict race exactly when updates were lost" \
		test "$verdict" = "$([ "$lost" -gt 0 ] && echo race || echo ok)"
done
check "cpu=0 binds the run" run run atomic threads=4 iters=1000 cpu=0
check "results say cpu=0" test "$(result atomic cpu)" = 0
for s in sem-limit completion waitqueue; do
	check "run $s succeeds" run run $s
	check "$s verdict ok" test "$(result $s verdict)" = ok
done
check "sem-limit saw exactly 3 holders" test "$(result sem-limit max_concurrent)" = 3
check "completion: no early wakeup" test "$(result completion early_wakeups)" = 0
check "waitqueue: no duplicate" test "$(result waitqueue duplicates)" = 0

# --- the CPU reorders: Peterson's lock and store buffering -------------------
# Under emulation the reordering shows only now and then (docs/lessons.md):
# assert what is certain, and give the counts as figures.
run run peterson-mb iters=20000
check "peterson-mb: exact" test "$(result peterson-mb actual)" = 40000 -a \
	"$(result peterson-mb verdict)" = ok
check "peterson-mb: never both inside" test "$(result peterson-mb both_inside)" = 0
run run peterson iters=20000
lost=$(result peterson lost)
both=$(result peterson both_inside)
check "peterson: actual + lost = expected" \
	test $(($(result peterson actual) + lost)) -eq "$(result peterson expected)"
check "peterson: an update is lost only while both are inside (lost <= both_inside)" \
	test "$lost" -le "$both" -a "$both" -ge 0
check "peterson: verdict race exactly when updates were lost" \
	test "$(result peterson verdict)" = "$([ "$lost" -gt 0 ] && echo race || echo ok)"
echo "# figure: peterson, 2 x 20000 increments: lost=$lost both_inside=$both"
run run sb iters=5000
check "sb: every trial has one outcome" test $(($(result sb both_zero) + $(result sb one_zero) + \
	$(result sb none_zero))) -eq 5000 -a "$(result sb actual)" = 5000
check "sb: verdict ok" test "$(result sb verdict)" = ok
echo "# figure: sb, 5000 trials: r1 == r2 == 0 in $(result sb both_zero)"

# --- with lock: a guarded block, and an early return inside it ---------------
run run scoped threads=4 iters=2000
check "scoped: exact, and the mutex free after the run" test "$(result scoped actual)" = 8000 -a \
	"$(result scoped locked_after)" = 0 -a "$(result scoped verdict)" = ok
check "scoped: 1 step in 4 returned early, the others went on" \
	test "$(result scoped early_returns)/$(result scoped passes)" = 2000/6000
check "last names the early returns" grep -q "through 2000 early returns from inside" $P/last

# --- the work queue: flush is join --------------------------------------------
run run workqueue threads=4 iters=200
check "workqueue: done at flush = queued = 800" \
	test "$(result workqueue done_at_flush)/$(result workqueue queued)" = 800/800
check "workqueue: verdict ok" test "$(result workqueue verdict)" = ok
check "workqueue: at most limit=4 items ran at once" test "$(result workqueue max_running)" -le 4
check "last says flush returned with every item run" grep -q "flush_workqueue() returned with every item run" $P/last

# --- the semaphore's waves in the trace ---------------------------------------
run run sem-limit
check "sem-limit writes the trace" grep -q "^# scenario=sem-limit threads=10 events=20 dropped=0$" $P/trace
check "each client enters once and leaves once" test "$(grep -c 'op=enter' $P/trace)/$(grep -c 'op=leave' $P/trace)" = 10/10
# Replayed in the trace's order, never more than limit=3 inside, and 3 at some point.
most=$(awk '/op=enter/ { n++; if (n > m) m = n } /op=leave/ { n-- } END { print m + 0 }' $P/trace)
check "the trace never has more than limit=3 clients inside (most: $most)" test "$most" = 3
check "no event says more than 3 inside" test "$(grep -c 'op=enter value=[4-9]' $P/trace)" = 0
check "last points to the trace of the entries" grep -q "^who entered and left, and when: cat /proc/synclab/trace$" $P/last

# --- bad input is refused and changes nothing ------------------------------
before=$(md5sum < $P/results)
for cmd in "run nosuch" "run atomic limit=3" "run atomic threads=0" "run atomic threads=65" \
	"run atomic threads=abc" "run atomic iters=-1" "run atomic cpu=4095" "fly" "stop now" \
	"run atomic threads=1 threads=2" "run mutex bug=1" "run scoped bug=2" "run sb threads=3" \
	"run waitqueue threads=1"; do
	check "refused: $cmd" sh -c "! echo '$cmd' > $P/control 2>/dev/null"
done
check "error names the last problem" grep -qx "waitqueue needs threads=2 or more" $P/error
check "refused: NUL byte" sh -c "! printf 'run at\000omic' > $P/control"
check "refused: two lines" sh -c "! printf 'run atomic\nrun race\n' > $P/control"
check "refused: 300 bytes" sh -c "! head -c 300 /dev/zero | tr '\\0' a > $P/control"
check "refused commands changed no result" test "$(md5sum < $P/results)" = "$before"
check "error names the too long command" grep -q "command of 300 bytes is longer than 256" $P/error
# The module logs a refusal with pr_warn_ratelimited() (10 in 5 s): on a
# fast kernel the KUnit cases' bad commands, just before, may have used them
# up. Then the same command once the interval is over must be logged.
nosuch_logged() { dmesg | grep -q 'synclab: unknown scenario .nosuch.'; }
nosuch_logged_once_allowed() {
	nosuch_logged && return 0
	sleep 6
	echo 'run nosuch' > "$P/control" 2>/dev/null
	nosuch_logged
}
check "the kernel log names the problem" nosuch_logged_once_allowed

# --- the tracepoints: the same story in tracefs ----------------------------
# synclab:* fire where the /proc trace records: classic's reads, sleep and
# writes, (thread, op, value, was), must be the same in both. Sorted: two
# events of different threads may be recorded in either order.
T=/sys/kernel/tracing
if grep -qw tracefs /proc/filesystems; then
	[ -d $T/events ] || mount -t tracefs nodev $T
fi
# count_events: how many synclab_* event directories tracefs has.
count_events() {
	n=0
	for e in "$T"/events/synclab/synclab_*; do
		[ -d "$e" ] && n=$((n + 1))
	done
	echo "$n"
}
check "tracefs lists synclab's 5 events" test "$(count_events)" -eq 5
echo > $T/trace 2>/dev/null
echo 1 > $T/events/synclab/enable 2>/dev/null
run run classic
echo 0 > $T/events/synclab/enable 2>/dev/null
sed -n 's/.* synclab_\(read\|sleep\|write\): thread=\([0-9]*\) value=\([0-9]*\)\( was=[0-9]*\)\{0,1\}$/\2 \1 \3\4/p' \
	$T/trace 2>/dev/null | sort > /tmp/tp.txt
sed -n 's/^ns=[0-9]* thread=\([0-9]*\) op=\([a-z]*\) value=\([0-9]*\)\( was=[0-9]*\)\{0,1\}.*/\1 \2 \3\4/p' \
	$P/trace | sort > /tmp/pt.txt
check "tracepoints: classic's 11 reads, sleeps and writes in /proc/synclab/trace" \
	test "$(wc -l < /tmp/pt.txt)" -eq 11
check "tracepoints: the same reads, sleeps and writes (thread, value, was) in tracefs" \
	cmp -s /tmp/tp.txt /tmp/pt.txt || { diff /tmp/pt.txt /tmp/tp.txt | sed 's/^/# /'; }
check "tracepoints: synclab_run_start names classic and its 5 threads" \
	grep -q 'synclab_run_start: scenario=classic threads=5 iters=1$' $T/trace
check "tracepoints: synclab_run_end has the result: 10 expected, 6 actual, race" \
	grep -q 'synclab_run_end: scenario=classic expected=10 actual=6 lost=4 verdict=race$' $T/trace
echo > $T/trace 2>/dev/null

# --- one run at a time, stop, signal, max_run_ms ---------------------------
run run race threads=2 iters=100000000 window_us=100 &
bg=$!
check "status shows the run in progress" wait_state running
check "status has progress figures" grep -q "scenario=race elapsed_ms=[0-9]* done=[0-9]* total=200000000" $P/status
check "a second run is refused while busy" sh -c "! echo 'run atomic' > $P/control 2>/dev/null"
check "reset is refused while busy" sh -c "! echo reset > $P/control 2>/dev/null"
check "stop from another process" run stop
check "the stopped run ends" wait_state idle
wait $bg
check "the stopped run is recorded as stopped" test "$(result race verdict)" = stopped
check "... stopped_by=stop, the cause in results" test "$(result race stopped_by)" = stop

run run race threads=2 iters=100000000 window_us=100 &
bg=$!
wait_state running
# SIGTERM: a background job of a script ignores SIGINT.
kill -TERM $bg
check "a signal to the writer ends the run" wait_state idle
wait $bg
check "the writer saw an error" test $? -ne 0
check "the interrupted run is recorded as stopped" test "$(result race verdict)" = stopped
check "... stopped_by=signal" test "$(result race stopped_by)" = signal

# The limit the module was loaded with comes back after (make check gives
# a long one, a hang limit only: a busy host makes runs slow, not wrong).
limit=$(cat /sys/module/synclab/parameters/max_run_ms)
echo 300 > /sys/module/synclab/parameters/max_run_ms
check "max_run_ms stops a long run" run run race threads=2 iters=100000000
check "the run that hit max_run_ms is stopped" test "$(result race verdict)" = stopped
check "it was stopped by max_run_ms, not before 300 ms" sh -c \
	"grep -q 'stopped by max_run_ms before finishing' $P/last && test $(result race elapsed_ns) -ge 300000000"
check "its stop latency is recorded" test -n "$(result race stop_ns)"
check "results say by what and the limit: stopped_by=max_run_ms, max_run_ms=300" \
	test "$(result race stopped_by)/$(result race max_run_ms)" = max_run_ms/300
check "last names the limit and where to raise it" sh -c \
	"grep -q 'the limit was max_run_ms=300: raise it in' $P/last && grep -q '/sys/module/synclab/parameters/max_run_ms' $P/last"
check "max_run_ms refuses 0" sh -c "! echo 0 > /sys/module/synclab/parameters/max_run_ms"
echo "$limit" > /sys/module/synclab/parameters/max_run_ms
check "no synclab kthread is left" no_kthreads

# --- permissions ----------------------------------------------------------
grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd
check "an unprivileged user cannot run" \
	sh -c "! su nobody -s /bin/sh -c 'echo run atomic > $P/control' 2>/dev/null"
check "an unprivileged user can read results" su nobody -s /bin/sh -c "cat $P/results > /dev/null"

# --- the synclab tool -------------------------------------------------------
if command -v synclab > /dev/null; then
	check "synclab list" sh -c "synclab list | grep -q waitqueue"
	check "synclab run classic exits 0" synclab run classic
	check "synclab trace names the lost update" sh -c "synclab trace | grep -q 4"
	check "synclab run --all exits 0" sh -c "synclab run --all --iters 10000 > /tmp/all.txt 2>&1" ||
		tail -n 25 /tmp/all.txt
	check "run --all prints the comparison table" grep -q spinlock /tmp/all.txt
	check "synclab --format json results" sh -c "synclab --format json results | grep -q '\"scenario\"'"
	# A smoke run of bench on the real module: it works and writes its files
	# (their formats are tested with real parsers by the tool's own tests).
	check "synclab bench runs" synclab bench atomic spinlock --threads 1,2 --iters 1000 \
		--repeat 1 --format csv --output /tmp/bench.csv --plot /tmp/bench.svg
	check "bench CSV: a header and one row per scenario and thread count" \
		test "$(grep -c '^atomic,\|^spinlock,' /tmp/bench.csv)" -eq 4 -a \
		"$(head -n 1 /tmp/bench.csv | cut -d, -f1,2)" = scenario,threads
	check "bench plot: an SVG document" sh -c "grep -q '<svg' /tmp/bench.svg && tail -n 1 /tmp/bench.svg | grep -q '</svg>'"
	check "synclab run with a bad value exits 2" sh -c "synclab run atomic --threads 0; test \$? -eq 2"
	# Threads against processes: separate memory, shared memory, and the
	# module's kthreads (root here: race runs with the same figures).
	check "synclab processes exits 0" sh -c \
		"synclab -f csv processes --threads 2 --iters 200000 > /tmp/procs.csv"
	row() { grep "^$1," /tmp/procs.csv | cut -d, -f"$2"; }
	check "processes: the parent's total stays 0, each child counted its 200000" \
		test "$(row fork-private 6,8,14)" = "0,ok,memory=private child_min=200000 child_max=200000"
	check "processes: the atomic add on the shared mapping is exact" \
		test "$(row fork-atomic 5,6,7,8)" = "400000,400000,0,ok"
	check "processes: shared mapping: actual + missing = expected, race exactly when lost" \
		test "$(($(row fork-shared 6) + $(row fork-shared 7)))/$(row fork-shared 8)" = \
		"400000/$([ "$(row fork-shared 7)" -gt 0 ] && echo race || echo ok)"
	check "processes: the kernel's row is race, 2 kthreads x 200000, from the module" \
		test "$(row race 2,3,5)" = "2,200000,400000" -a \
		"$(($(row race 6) + $(row race 7)))" -eq 400000
else
	fail "the synclab tool is in the guest"
fi

# --- reset, rmmod during a run, reload ----------------------------------------
check "reset clears the results" sh -c "echo reset > $P/control && test ! -s $P/results"
run run race threads=4 iters=100000000 window_us=50 &
bg=$!
wait_state running
check "rmmod during a run" rmmod synclab
wait $bg
check "/proc/synclab is gone" test ! -e $P
check "no synclab kthread outlives the module" no_kthreads
check "the module loads again" insmod "$KO"
# The workqueue is destroyed on every path: rmmod while items are pending.
run run workqueue threads=4 iters=1000 hold_us=5000 limit=1 &
bg=$!
wait_state running
check "rmmod during a workqueue run" rmmod synclab
wait $bg
check "no synclab kthread outlives the workqueue run" no_kthreads
check "the module loads again after it" insmod "$KO"
check "and runs again" run run atomic threads=2 iters=1000
check "rmmod when idle" rmmod synclab

ran_to_end
