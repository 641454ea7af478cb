#!/usr/bin/env bash
# stress.sh [KERNEL]: the reliability tests (tests/vm/stress.sh) in a QEMU
# guest, default on the lab's debug kernel (make stress [KERNEL=...]), then
# the scan of its kernel log. STRESS_SECONDS and STRESS_CYCLES pass through.
# The console log is build/stress/console.log.
set -eu
. "$(dirname "$0")/lib.sh"

KERNEL=${1:-${KERNEL:-kunit}}
ensure_lab_packages
out=$(guest_kernel "$KERNEL")
read -r bz ko _ <<<"$out"
log=$SYNCLAB_ROOT/build/stress/console.log
mkdir -p "$(dirname "$log")"
status=0
"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$bz" --module "$ko" --file "$SYNCLAB_ROOT/tests/vm:/root/vm" \
	--log "$log" --timeout "${SYNCLAB_VM_TIMEOUT:-1800}" --cmd "STRESS_SECONDS=${STRESS_SECONDS:-10} \
STRESS_CYCLES=${STRESS_CYCLES:-100} SYNCLAB_KO=/modules/synclab.ko sh /root/vm/stress.sh" || status=$?
if ! found=$(scan_console_log "$log"); then
	printf '%s\n' "$found" | head -n 20
	say "the kernel reported a bug; console log: $log"
	exit 1
fi
say "stress finished (status $status), no kernel bug reported; console log: $log"
exit "$status"
