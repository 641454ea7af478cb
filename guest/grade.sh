#!/bin/sh
# The guest half of scripts/grade.py: runs a grading plan inside the QEMU
# guest (busybox sh) and frames what each check produced, for the host to
# score. The plan, one step a line:
#
#   load ID MODULE.ko      insmod a submission's synclab.ko
#   check ID COMMAND       write COMMAND to /proc/synclab/control
#   unload ID              rmmod synclab
#
# Each check prints SYNCLAB-GRADE-BEGIN ID, its results line, its /proc/
# synclab/last when SHOW=1, and SYNCLAB-GRADE-END ID rc=N; the kernel's own
# reports land between the markers on the console. A check still running
# after the hang limit prints SYNCLAB-GRADE-HUNG ID and powers the guest off
# (a stuck kthread cannot be stopped): the host boots again for the rest.
# The LOADED, BEGIN, END and HUNG lines end with t=SECONDS, the guest's
# uptime, from which the host tells where a boot's time went.
#
# Usage: sh grade.sh PLAN [MAX_RUN_MS]   (default 10000)

. "$(dirname "$0")/common.sh"

PLAN=$1
MAX_RUN_MS=${2:-10000}
# A check's run is stopped at max_run_ms by the module itself, and its
# threads end within a second of the stop even on a busy host (docs/
# reliability.md); one still going 10 s after it (the lab's hang limit for
# a stop) has threads that ignore the stop. Timed on the guest's clock: the
# loop below takes longer than its sleeps when the host is busy.
LIMIT_S=$((MAX_RUN_MS / 1000 + 10))

# T: the guest's uptime in seconds.
now() {
	read -r T _ </proc/uptime
}

# The test shell must get the CPU while kthreads spin on every one.
renice -n -10 $$ >/dev/null

hung() {
	now
	echo "SYNCLAB-GRADE-HUNG $1 t=$T"
	# The stacks of the blocked tasks, for the console excerpt.
	[ -w /proc/sysrq-trigger ] && echo w > /proc/sysrq-trigger
	sleep 1
	echo "SYNCLAB-VM-EXIT=0"
	reboot -f
	sleep 10
}

while read -r op id rest; do
	case $op in
	load)
		if insmod "$rest" "max_run_ms=$MAX_RUN_MS"; then
			now
			echo "SYNCLAB-GRADE-LOADED $id t=$T"
		else
			echo "SYNCLAB-GRADE-LOAD-FAILED $id"
		fi
		;;
	unload)
		rmmod synclab 2>/dev/null
		echo "SYNCLAB-GRADE-UNLOADED $id"
		;;
	check)
		now
		echo "SYNCLAB-GRADE-BEGIN $id t=$T"
		echo "$rest" > $P/control 2>/tmp/grade.err &
		pid=$!
		start=${T%.*}
		while kill -0 $pid 2>/dev/null; do
			now
			[ $((${T%.*} - start)) -le $LIMIT_S ] || hung "$id"
			usleep 100000
		done
		wait $pid
		rc=$?
		# shellcheck disable=SC2086 # the request's words, split on purpose
		set -- $rest
		echo "SYNCLAB-GRADE-RESULT $id $(grep "^scenario=$2 " $P/results)"
		[ "$rc" -eq 0 ] || echo "SYNCLAB-GRADE-ERROR $id $(cat $P/error 2>/dev/null)"
		if [ "${SHOW:-0}" = 1 ]; then
			cat $P/last
		fi
		now
		echo "SYNCLAB-GRADE-END $id rc=$rc t=$T"
		;;
	esac
done < "$PLAN"
echo "SYNCLAB-GRADE-DONE"
