# shellcheck shell=sh
# Helpers of the guest test scripts (integration.sh, stress.sh), sourced by
# busybox sh inside the QEMU guest. TAP output: "ok N - ..." / "not ok N - ...",
# numbered here and counted on the host (scripts/tap-count); a script's exit
# status says whether it ran to its end, not whether its tests passed.

P=/proc/synclab
N=0
# shellcheck disable=SC2034 # used by the scripts that source this file
KO=${SYNCLAB_KO:-$(find /modules /root -maxdepth 2 -name synclab.ko 2>/dev/null | head -n 1)}

pass() { N=$((N + 1)); echo "ok $N - $1"; }
fail() { N=$((N + 1)); echo "not ok $N - $1"; }
check() {	# check DESCRIPTION COMMAND...: fails (and returns 1) when COMMAND does
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; return 1; fi
}

# The value of KEY in the results line of SCENARIO.
result() { sed -n "s/^scenario=$1 .*[ ]$2=\([^ ]*\).*/\1/p" $P/results; }

run() { echo "$*" > $P/control; }

# The one time limit of the guest tests: it only catches a hang. What it
# guards takes milliseconds (docs/reliability.md has the figures); a run
# still going after HANG_S seconds is stuck, however loaded the host is.
HANG_S=10

# wait_state STATE: status says STATE within the hang limit.
wait_state() {
	i=0
	while [ $i -lt $((HANG_S * 10)) ]; do
		grep -q "state=$1" $P/status 2>/dev/null && return 0
		usleep 100000
		i=$((i + 1))
	done
	return 1
}

# KT: the number of synclab kthreads alive (exited ones not yet reaped
# aside). Shell builtins only, no process started: cheap enough to poll.
count_kthreads() {
	KT=0
	for f in /proc/[0-9]*/stat; do
		read -r _ comm state _ <"$f" 2>/dev/null || continue
		case $comm in
		"(synclab/"*) case $state in Z | X) ;; *) KT=$((KT + 1)) ;; esac ;;
		esac
	done
}
kthreads() { count_kthreads; echo "$KT"; }

# kthreads_gone: no synclab kthread is left within the hang limit.
kthreads_gone() {
	i=0
	count_kthreads
	while [ "$KT" -gt 0 ] && [ $i -lt $((HANG_S * 100)) ]; do
		usleep 10000
		i=$((i + 1))
		count_kthreads
	done
	[ "$KT" -eq 0 ]
}
no_kthreads() { test "$(kthreads)" -eq 0; }

# The last command of a test script, whose status (0) is the script's: it
# ran to its end. Its tests are counted on the host (scripts/tap-count).
ran_to_end() { echo "# $(basename "$0") ran to its end"; }

# Time since boot in hundredths of a second.
now_cs() { read -r up _ </proc/uptime; echo "${up%.*}${up#*.}"; }
