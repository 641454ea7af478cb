#!/usr/bin/env bash
# bench.sh [sweep|compare|kernels]: the benchmarks, in a QEMU guest.
#
#   sweep    (make bench [KERNEL=6.12]) `synclab bench` over its default
#            scenarios and thread counts on a kernel without debugging
#            options (default: Debian's stock 6.12); writes
#            bench/results.csv, bench/throughput.svg and
#            bench/results.txt (the table).
#   compare  (make bench-compare) synclab's spinlock and mutex against the
#            kernel's locktorture in one boot of the lab's perf kernel
#            (guest/bench-compare.sh); writes bench/compare.txt.
#   kernels  (make bench-kernels) what moves between kernels and
#            preemption models: BENCH_ROUNDS (default 3) rounds, each one
#            boot of each of BENCH_KERNELS (default "6.12 newest
#            newest:preempt=full": KERNEL[:boot arguments]) in turn, each
#            running `synclab run --all` and the race on one CPU
#            (guest/bench-kernels.sh); per scenario and kernel, the least
#            and the most of the rounds; writes bench/kernels.txt.
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

# kernels_table ROUNDS CSV...: the table of make bench-kernels from the csv
# of each boot (guest/bench-kernels.sh; files ROUND.SPEC.csv), one
# column per kernel in the order first seen: per scenario the least and the
# most over the rounds of what was missing, of ns/op and of the involuntary
# context switches.
kernels_table() {
	local rounds=$1
	shift
	awk -F, -v rounds="$rounds" '
	FNR == 1 {
		label = $0
		sub(/^# kernel=/, "", label)
		sub(/ preempt=/, " ", label)
		if (!(label in seen)) { seen[label] = 1; cols[++ncol] = label }
		next
	}
	/^# per-op:/ { n = split($0, w, " "); for (i = 3; i <= n; i++) perop[w[i]] = 1; next }
	$1 == "scenario" { next }
	{
		sc = $1
		if (!(sc in scseen)) { scseen[sc] = 1; rows[++nrow] = sc }
		keep(sc, label, "lost", $7)
		if (sc in perop) keep(sc, label, "ns", $10)
		keep(sc, label, "niv", $13)
	}
	function keep(sc, col, what, v,   k) {
		k = sc SUBSEP col SUBSEP what
		if (!(k in lo) || v + 0 < lo[k] + 0) lo[k] = v
		if (!(k in hi) || v + 0 > hi[k] + 0) hi[k] = v
	}
	function cell(sc, col, what,   k) {
		k = sc SUBSEP col SUBSEP what
		if (!(k in lo)) return "-"
		return lo[k] == hi[k] ? lo[k] : lo[k] ".." hi[k]
	}
	function table(what, title,   i, j) {
		printf "\n%s\n%-11s", title, "scenario"
		for (j = 1; j <= ncol; j++) printf "  %*s", length(cols[j]), cols[j]
		printf "\n"
		for (i = 1; i <= nrow; i++) {
			printf "%-11s", rows[i]
			for (j = 1; j <= ncol; j++) printf "  %*s", length(cols[j]), cell(rows[i], cols[j], what)
			printf "\n"
		}
	}
	END {
		printf "synclab run --all (each scenario with its defaults) and race-cpu0 (synclab run race --cpu 0),\n"
		printf "%d boots of each kernel (release, preemption mode), alternating; each cell: least..most of the boots\n", rounds
		table("lost", "missing: expected - actual total (the lost updates; 0 for every fix)")
		table("ns", "ns/op: wall time per operation, for the scenarios that count in a loop")
		table("niv", "involuntary context switches (nivcsw): the threads preempted")
	}' "$@"
}

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
		--file "$SYNCLAB_ROOT/guest:/root/guest" --log "$LOG" --append quiet \
		--timeout "${SYNCLAB_VM_TIMEOUT:-3600}" --fetch /tmp/compare.txt:"$OUT/compare.txt" \
		--cmd "sh /root/guest/bench-compare.sh"
	say "wrote bench/compare.txt"
	;;
kernels)
	declare -A BZ KO
	rounds=${BENCH_ROUNDS:-3}
	specs=${BENCH_KERNELS:-6.12 newest newest:preempt=full}
	for spec in $specs; do
		k=${spec%%:*}
		[ -n "${BZ[$k]:-}" ] && continue
		read -r bz ko tool <<<"$(guest_kernel "$k")"
		BZ[$k]=$bz KO[$k]=$ko
	done
	runs=$SYNCLAB_ROOT/build/bench/kernels
	rm -rf "$runs"
	mkdir -p "$runs"
	for r in $(seq "$rounds"); do
		for spec in $specs; do
			k=${spec%%:*} args=""
			[ "$k" = "$spec" ] || args=${spec#*:}
			say "round $r of $rounds: $k${args:+ ($args)}"
			LOG=$SYNCLAB_ROOT/build/bench/console-kernels-$k${args:+-${args//[^a-z0-9]/_}}-$r.log
			"$SYNCLAB_ROOT/scripts/vm-run" --kernel "${BZ[$k]}" --module "${KO[$k]}:max_run_ms=600000" \
				--file "$tool:/usr/local/bin/synclab" --file "$SYNCLAB_ROOT/guest:/root/guest" \
				--log "$LOG" --append "quiet $args" --quiet --timeout "${SYNCLAB_VM_TIMEOUT:-1800}" \
				--fetch /tmp/kernels.csv:"$runs/$r.${spec//[^a-z0-9.=]/_}.csv" \
				--cmd "sh /root/guest/bench-kernels.sh" >/dev/null ||
				die "round $r on $spec failed; console log: $LOG"
			if ! found=$(scan_console_log "$LOG"); then
				printf '%s\n' "$found" | head -n 20
				die "the kernel reported a bug during the benchmark; console log: $LOG"
			fi
		done
	done
	kernels_table "$rounds" "$runs"/*.csv | tee "$OUT/kernels.txt"
	say "wrote bench/kernels.txt (each boot's csv: $runs)"
	exit 0
	;;
*) die "usage: scripts/bench.sh [sweep|compare|kernels]" ;;
esac
if ! found=$(scan_console_log "$LOG"); then
	printf '%s\n' "$found" | head -n 20
	die "the kernel reported a bug during the benchmark; console log: $LOG"
fi
