#!/usr/bin/env bash
# bench.sh [sweep|compare]: the benchmarks, in a QEMU guest.
#
#   sweep    (make bench [KERNEL=6.12]) `synclab bench` over its default
#            scenarios and thread counts on a kernel without debugging
#            options (default: Debian's stock 6.12); writes
#            bench/results.csv, bench/throughput.svg and
#            bench/results.txt (the table).
#   compare  (make bench-compare) synclab's spinlock and mutex against the
#            kernel's locktorture in one boot of the lab's perf kernel
#            (tests/vm/bench-compare.sh); writes bench/compare.txt.
#
# BENCH_ARGS adds options to `synclab bench` (e.g. "--repeat 5 --iters 200000").
# Numbers from an emulated machine are not hardware numbers: compare ratios.
set -eu
. "$(dirname "$0")/lib.sh"

MODE=${1:-sweep}
OUT=$SYNCLAB_ROOT/bench
mkdir -p "$OUT" "$SYNCLAB_ROOT/build/bench"
LOG=$SYNCLAB_ROOT/build/bench/console-$MODE.log
ensure_lab_packages

case $MODE in
sweep)
	read -r bz ko tool <<<"$(guest_kernel "${KERNEL:-6.12}")"
	say "running synclab bench in QEMU ($(nproc) host cores, 2 vCPUs); console log: $LOG"
	# Emulated, a run of a sleeping lock at 8 threads can take 10 s or more.
	"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$bz" --module "$ko:max_run_ms=600000" \
		--file "$tool:/usr/local/bin/synclab" \
		--log "$LOG" --append quiet --timeout "${SYNCLAB_VM_TIMEOUT:-3600}" \
		--fetch /tmp/results.csv:"$OUT/results.csv" \
		--fetch /tmp/throughput.svg:"$OUT/throughput.svg" --fetch /tmp/results.txt:"$OUT/results.txt" \
		--cmd "synclab bench ${BENCH_ARGS:-} --format csv --output /tmp/results.csv \
--plot /tmp/throughput.svg > /tmp/results.txt; s=\$?; cat /tmp/results.txt; exit \$s"
	say "wrote bench/results.csv, bench/results.txt, bench/throughput.svg"
	;;
compare)
	read -r bz ko _ <<<"$(guest_kernel perf)"
	kdir=$(test_kernel_dir perf)
	say "synclab against locktorture in QEMU; console log: $LOG"
	"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$bz" --module "$ko" \
		--file "$kdir/kernel/torture.ko:/root/torture.ko" \
		--file "$kdir/kernel/locking/locktorture.ko:/root/locktorture.ko" \
		--file "$SYNCLAB_ROOT/tests/vm:/root/vm" --log "$LOG" --append quiet \
		--timeout "${SYNCLAB_VM_TIMEOUT:-3600}" --fetch /tmp/compare.txt:"$OUT/compare.txt" \
		--cmd "sh /root/vm/bench-compare.sh"
	say "wrote bench/compare.txt"
	;;
*) die "usage: scripts/bench.sh [sweep|compare]" ;;
esac
if ! found=$(scan_console_log "$LOG"); then
	printf '%s\n' "$found" | head -n 20
	die "the kernel reported a bug during the benchmark; console log: $LOG"
fi
