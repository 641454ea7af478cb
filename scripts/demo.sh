#!/usr/bin/env bash
# demo.sh [KERNEL]: the synclab demo (make demo [KERNEL=6.1|6.12|newest|kunit|kcsan|arm64]).
# Builds the module and the tool for KERNEL (default 6.12: the newest stock
# 6.12 kernel of Debian 12, fetched with the lab's own apt whatever the
# host runs), boots it in QEMU with the module loaded and the tool
# in PATH, and runs, live on this terminal:
#   synclab list; synclab run --all; synclab run classic; synclab trace
# The VM is gone when it returns; the console log is build/demo/console.log.
# Exit status: 0 when every step succeeded (every run ended by itself).
set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"

KERNEL=${1:-${KERNEL:-6.12}}
# Only what booting a kernel with the module needs (QEMU, busybox, cpio, a
# compiler, make); the debug kernels' build tools come with those kernels.
ensure_demo_packages
out=$(guest_kernel "$KERNEL")
read -r bz ko tool <<<"$out"

mkdir -p "$SYNCLAB_ROOT/build/demo"
say "booting $KERNEL in QEMU (software emulation: about half a minute to the first line)"
status=0
# max_run_ms, the module's hang limit, raised from 10 s: emulated arm64 on a
# busy host took 10.2 s for rwsem's 4 million operations of run --all, and
# the debug kernels 15 to 35 s for spinlock's 400000 (on those the module
# gives the locks a tenth of the iterations by itself: lockdep, KASAN and
# KCSAN make each lock operation 10 to 50 times slower).
# shellcheck disable=SC2016 # the guest's shell expands --cmd, not this one
"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$bz" --module "$ko:max_run_ms=60000" \
	--file "$tool:/usr/local/bin/synclab" \
	--log "$SYNCLAB_ROOT/build/demo/console.log" \
	--append quiet --timeout "${SYNCLAB_DEMO_TIMEOUT:-900}" --cmd '
failed=0
step() { printf "\n\033[1m$ %s\033[0m\n" "$*"; "$@" || failed=$((failed + 1)); }
step synclab list
step synclab run --all
step synclab run classic
step synclab trace
exit $failed' || status=$?
say "demo finished (status $status); console log: build/demo/console.log"
exit "$status"
