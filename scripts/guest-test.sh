#!/usr/bin/env bash
# guest-test.sh SCRIPT [KERNEL]: guest/SCRIPT (a guest test script, e.g.
# stress.sh, the reliability tests of make stress) in a QEMU guest with
# synclab.ko loaded and the tool in PATH, default on the lab's debug kernel;
# then the scan of its kernel log. STRESS_SECONDS and STRESS_CYCLES pass
# through. The console log is build/guest-test/SCRIPT.log. Then the TAP the
# script printed, counted by scripts/tap-count: its failed tests and its
# closing line. Fails if a test failed, the script did not run to its end
# (its exit status) or the kernel reported a bug.
set -eu
. "$(dirname "$0")/lib.sh"

SCRIPT=${1:?usage: guest-test.sh SCRIPT [KERNEL] (SCRIPT: a file of guest/)}
KERNEL=${2:-${KERNEL:-kunit}}
[ -f "$SYNCLAB_ROOT/guest/$SCRIPT" ] || die "no guest script guest/$SCRIPT"
ensure_lab_packages
out=$(guest_kernel "$KERNEL")
read -r bz ko tool <<<"$out"
log=$SYNCLAB_ROOT/build/guest-test/${SCRIPT%.sh}.log
mkdir -p "$(dirname "$log")"
status=0
"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$bz" --module "$ko" --file "$tool:/usr/local/bin/synclab" \
	--file "$SYNCLAB_ROOT/guest:/root/guest" \
	--log "$log" --timeout "${SYNCLAB_VM_TIMEOUT:-1800}" --cmd "STRESS_SECONDS=${STRESS_SECONDS:-10} \
STRESS_CYCLES=${STRESS_CYCLES:-100} SYNCLAB_KO=/modules/synclab.ko sh /root/guest/$SCRIPT" || status=$?
echo
counted=0
guest_cmd_output "$log" | "$SYNCLAB_ROOT/scripts/tap-count" --failed "${SCRIPT%.sh}" || counted=$?
if ! found=$(scan_console_log "$log"); then
	printf '%s\n' "$found" | head -n 20
	say "the kernel reported a bug; console log: $log"
	exit 1
fi
say "$SCRIPT finished (status $status: 0 when it ran to its end), no kernel bug reported; console log: $log"
[ "$status" -eq 0 ] || exit "$status"
exit "$counted"
