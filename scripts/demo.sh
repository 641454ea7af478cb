#!/usr/bin/env bash
# demo.sh [KERNEL]: the synclab demo (make demo [KERNEL=6.1|6.12|newest|kunit|kcsan]).
# Builds the module and the tool for KERNEL (default 6.12: the newest stock
# 6.12 kernel of Debian 12, fetched with the lab's own apt whatever the
# host runs), boots it in QEMU with the module loaded and the tool
# in PATH, and runs, live on this terminal:
#   synclab list; synclab run --all; synclab run classic; synclab trace
# The VM is gone when it returns; the console log is build/demo/console.log.
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
# shellcheck disable=SC2016 # the guest's shell expands --cmd, not this one
"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$bz" --module "$ko" \
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
