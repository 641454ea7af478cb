#!/usr/bin/env bash
# litmus.sh [KERNEL]: the memory-ordering litmus tests (bench/litmus/litmus.c:
# message passing and store buffering, plain and fenced) on this machine's
# CPU, then in a QEMU guest of KERNEL (make litmus [KERNEL=arm64|6.12|6.1],
# default arm64), each compiled statically for its architecture;
# LITMUS_ROUNDS rounds per test (litmus.c's default: 300000). Writes
# bench/litmus/<arch>.txt: both tables. What the counts mean: docs/lessons.md.
set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"

KERNEL=${1:-${KERNEL:-arm64}}
# litmus itself checks the number (and says what is wrong with it).
ROUNDS=${LITMUS_ROUNDS:-}
SRC=$SYNCLAB_ROOT/bench/litmus/litmus.c
BUILD=$SYNCLAB_ROOT/build/litmus
mkdir -p "$BUILD"
ensure_demo_packages
case $KERNEL in
arm64)
	# shellcheck disable=SC2086 # a list of package names
	ensure_packages $SYNCLAB_ARM64_PACKAGES
	kver=$(arm64_kernel_version)
	arm64_stock "$kver"
	image=$SYNCLAB_CACHE/stock/$kver/Image arch=arm64 cc=${SYNCLAB_ARM64_CROSS}gcc
	;;
6.1 | 6.12)
	read -r kver image _ <<<"$(stock_kernel "$KERNEL")"
	arch=x86_64 cc=gcc
	;;
*) die "KERNEL must be arm64, 6.12 or 6.1, not '$KERNEL'" ;;
esac
cflags=(-O2 -std=c11 -Wall -Wextra -Werror -pthread)
run_logged "$BUILD/build.log" "compiling litmus.c for this machine" \
	gcc "${cflags[@]}" -o "$BUILD/litmus-host" "$SRC"
run_logged "$BUILD/build.log" "compiling litmus.c for $arch" \
	"$cc" "${cflags[@]}" -static -o "$BUILD/litmus-$arch" "$SRC"

out=$SYNCLAB_ROOT/bench/litmus/$arch.txt
log=$BUILD/console-$arch.log
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
say "litmus on this machine's CPU ($cpu)"
rc=0
# shellcheck disable=SC2086 # no argument when LITMUS_ROUNDS is unset
host=$("$BUILD/litmus-host" $ROUNDS) || rc=$?
case $rc in
0) ;;
1) die "litmus saw a weak outcome under fences on this machine: $host" ;;
*) die "litmus did not run (LITMUS_ROUNDS=$ROUNDS)" ;;
esac
say "litmus in QEMU ($arch guest, $kver, TCG with one host thread per vCPU); console log: $log"
"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$image" --file "$BUILD/litmus-$arch:/usr/local/bin/litmus" \
	--log "$log" --quiet --append quiet --timeout "${SYNCLAB_VM_TIMEOUT:-1800}" \
	--fetch /tmp/litmus.txt:"$BUILD/guest.txt" --cmd "litmus $ROUNDS >/tmp/litmus.txt" ||
	die "litmus failed in the guest (a weak outcome under fences, or the guest failed); console log: $log"
tmp=$(mktemp "$out.XXXXXX")
{
	echo "# make litmus KERNEL=$KERNEL, $(date -u '+%F'): counts of weak outcomes (see docs/lessons.md)"
	echo "## this machine: $(uname -m), $cpu"
	echo "$host"
	echo "## QEMU $arch guest ($kver), TCG on the machine above, 2 vCPUs"
	cat "$BUILD/guest.txt"
} >"$tmp"
mv "$tmp" "$out"
cat "$out"
say "wrote ${out#"$SYNCLAB_ROOT"/}"
