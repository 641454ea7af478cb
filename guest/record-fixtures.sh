#!/bin/sh
# The guest's side of make fixtures (scripts/record-fixtures.sh): runs the
# scenarios, and after each step frames every file of /proc/synclab as
# "@@@ FIXTURE FILE LINES" and its lines, in one text file the host fetches
# through the console (/tmp/fixtures.txt).
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
cut -f1 $P/scenarios | while read -r s; do
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
