#!/bin/sh
# Runs every scenario of synclab.ko once inside a KCSAN guest, between
# markers written to the kernel log, so that the host can tell which
# scenario each KCSAN report belongs to (scripts/lib.sh kcsan_reports).
# The counter scenarios run 2 threads (one per CPU) with the iterations it
# takes for KCSAN's sampling watchpoints to catch both CPUs in the same
# increment; the coordination scenarios run as they are. Prints each run's results line; exits 1 if a run
# could not be started.

P=/proc/synclab
ITERS=${SYNCLAB_KCSAN_ITERS:-200000}
status=0

scenarios=$(cut -f1 "$P/scenarios")
for s in $scenarios; do
	case $s in
	classic | sem-limit | completion | waitqueue | sb | workqueue) cmd="run $s" ;;
	# Contended, each increment hands the lock to the other CPU: fewer
	# suffice, enough that the two threads overlap.
	peterson | peterson-mb) cmd="run $s iters=$((ITERS / 4))" ;;
	scoped) cmd="run $s threads=2 iters=$((ITERS / 10))" ;;
	*) cmd="run $s threads=2 iters=$ITERS" ;;
	esac
	echo "synclab-kcsan: begin $s" > /dev/kmsg
	if ! echo "$cmd" > $P/control; then
		echo "kcsan.sh: '$cmd' refused: $(cat $P/error)"
		status=1
	fi
	echo "synclab-kcsan: end $s" > /dev/kmsg
	grep "^scenario=$s " $P/results
done
exit $status
