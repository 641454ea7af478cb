# Helpers of the guest test scripts (integration.sh, stress.sh), sourced by
# busybox sh inside the QEMU guest. TAP output: "ok N - ..." / "not ok N - ...".

P=/proc/synclab
N=0
FAILED=0
KO=${SYNCLAB_KO:-$(find /modules /root -maxdepth 2 -name synclab.ko 2>/dev/null | head -n 1)}

pass() { N=$((N + 1)); echo "ok $N - $1"; }
fail() { N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N - $1"; }
check() {	# check DESCRIPTION COMMAND...: fails (and returns 1) when COMMAND does
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; return 1; fi
}

# The value of KEY in the results line of SCENARIO.
result() { sed -n "s/^scenario=$1 .*[ ]$2=\([^ ]*\).*/\1/p" $P/results; }

run() { echo "$*" > $P/control; }

# Waits up to $1 tenths of a second for status to say $2.
wait_state() {
	i=0
	while [ $i -lt "$1" ]; do
		grep -q "state=$2" $P/status 2>/dev/null && return 0
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
no_kthreads() { test "$(kthreads)" -eq 0; }

# Time since boot in hundredths of a second.
now_cs() { read -r up _ </proc/uptime; echo "${up%.*}${up#*.}"; }

# The closing line that the host counts.
summary() {
	echo "# $1: $((N - FAILED)) passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
