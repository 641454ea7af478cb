#!/bin/sh
# Runs every scenario of synclab.ko once inside a KCSAN guest, between
# markers written to the kernel log, so that the host can tell which
# scenario each KCSAN report belongs to (scripts/lib.sh kcsan_reports).
# The counter scenarios get the iterations it takes for KCSAN's sampling
# watchpoints to catch two CPUs in the same increment; the others run
# with their defaults. Prints each run's results line; exits 1 if a run
# could not be started.

P=/proc/synclab
ITERS=${SYNCLAB_KCSAN_ITERS:-200000}
status=0

takes() { grep "^$1	" $P/scenarios | cut -f3 | grep -q "$2="; }

for s in $(cut -f1 $P/scenarios); do
	cmd="run $s"
	takes "$s" iters && cmd="$cmd iters=$ITERS"
	takes "$s" threads && [ "$s" != classic ] && cmd="$cmd threads=2"
	echo "synclab-kcsan: begin $s" > /dev/kmsg
	if ! echo "$cmd" > $P/control; then
		echo "kcsan.sh: '$cmd' refused: $(cat $P/error)"
		status=1
	fi
	echo "synclab-kcsan: end $s" > /dev/kmsg
	grep "^scenario=$s " $P/results
done
exit $status
