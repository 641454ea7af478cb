#!/usr/bin/env bash
# record-fixtures.sh: record the synclab tool's fixtures from the real module
# (make fixtures).
#
# Boots Debian's stock 6.12 kernel in QEMU with the module loaded (as make
# demo does), runs scenarios by writing to /proc/synclab/control, and copies
# every file of /proc/synclab, after each step, into tests/tool/fixtures/:
#
#   fresh        just loaded: no run, no trace
#   refused      after a command the module refused (run waitqueue threads=1)
#   classic      after run classic
#   sem-limit    after run sem-limit (its trace: entries and leaves)
#   all          after every scenario of /proc/synclab/scenarios, in order,
#                with its defaults: one results line each
#   bench        after the scenarios synclab bench runs by default
#   trace-many   after a traced race of 8 threads whose trace overflows
#   running      while a run of race is in progress (status has its progress),
#                the traced race above still in results
#   stopped      after a race stopped by max_run_ms
#
# Each gets a file `recorded` saying where and when. The other fixtures
# (garbled, truncated, fail, old-module, ...) are made by hand, for what the
# module does not print; this script leaves them alone. The tool's tests
# check that the recorded scenario list is the module's (module/scenarios.h),
# and docs/classic-trace.svg is drawn again from the new classic trace.
set -eu
. "$(dirname "$0")/lib.sh"

FIX=$SYNCLAB_ROOT/tests/tool/fixtures
OUT=$SYNCLAB_ROOT/build/fixtures
mkdir -p "$OUT"
ensure_demo_packages
read -r bz ko _ <<<"$(guest_kernel 6.12)"

# The guest's side: each step's files framed as "@@@ FIXTURE FILE LINES"
# and its lines, in one text file fetched through the console.
cat >"$OUT/record.sh" <<'GUEST'
P=/proc/synclab
ARCHIVE=/tmp/fixtures.txt
: >$ARCHIVE
snap() {	# snap FIXTURE: every file of /proc/synclab
	for f in scenarios status last results trace error; do
		cat $P/$f >/tmp/snap
		echo "@@@ $1 $f $(wc -l </tmp/snap)" >>$ARCHIVE
		cat /tmp/snap >>$ARCHIVE
	done
	echo "@@@ $1 recorded 1" >>$ARCHIVE
	echo "recorded by scripts/record-fixtures.sh: Linux $(uname -r), $(nproc) CPUs (QEMU), $(date -u +%Y-%m-%d)" >>$ARCHIVE
}
run() { echo "run $*" >$P/control; }
set -e
snap fresh
if echo "run waitqueue threads=1" >$P/control 2>/dev/null; then
	echo "record: the module accepted run waitqueue threads=1" >&2
	exit 1
fi
snap refused
run classic
snap classic
run sem-limit
snap sem-limit
echo reset >$P/control
for s in $(cut -f1 $P/scenarios); do
	echo "record: run $s" >&2
	run "$s"
done
snap all
echo reset >$P/control
for s in baseline atomic percpu spinlock mutex semaphore rwlock rwsem seqlock; do
	run "$s"
done
snap bench
echo reset >$P/control
run race threads=8 iters=40 window_us=1000
snap trace-many
# A run in progress, with the race above still in results.
(run race iters=100000000 || true) &
sleep 2
snap running
echo stop >$P/control
wait
echo reset >$P/control
echo 300 >/sys/module/synclab/parameters/max_run_ms
run race iters=100000000
echo 10000 >/sys/module/synclab/parameters/max_run_ms
snap stopped
GUEST

say "booting 6.12 in QEMU to record the fixtures (a few minutes under emulation)"
rm -f "$OUT/fixtures.txt"
"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$bz" --module "$ko" \
	--file "$OUT/record.sh:/root/record.sh" \
	--log "$OUT/console.log" --append quiet --timeout "${SYNCLAB_VM_TIMEOUT:-1200}" \
	--fetch /tmp/fixtures.txt:"$OUT/fixtures.txt" \
	--cmd 'sh /root/record.sh'

# The host's side: cut the archive into the fixtures' files.
python3 "$SYNCLAB_ROOT/scripts/labfiles.py" fixtures "$OUT/fixtures.txt" "$FIX"

make -C "$SYNCLAB_ROOT/userspace" synclab >/dev/null
"$SYNCLAB_ROOT/userspace/synclab" --proc "$FIX/classic" trace --svg "$SYNCLAB_ROOT/docs/classic-trace.svg"
say "drew docs/classic-trace.svg from the recorded classic trace"
