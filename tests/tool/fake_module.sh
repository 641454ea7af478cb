#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A stand-in for synclab.ko, for the tests of synclab bench: in a copy of a
# fixture whose control and results are FIFOs, answers RUNS run commands one
# at a time.  Each command read from control is appended to DIR/log and
# answered with one results line computed from it: the r-th run of the same
# command takes BASE * r ns per operation (BASE 1 for baseline, 10 for the
# others), twice that in CPU time, and 2 * threads context switches.  A
# command without iters runs the scenario's default, from DIR/scenarios.
#
# Usage: fake_module.sh DIR RUNS
set -eu

dir=$1
runs=$2

for ((i = 0; i < runs; i++)); do
	cmd=$(cat "$dir/control")
	printf '%s\n' "$cmd" >>"$dir/log"
	read -r _ name _ <<<"$cmd"
	threads=$(sed -n 's/.* threads=\([0-9]*\).*/\1/p' <<<"$cmd ")
	iters=$(sed -n 's/.* iters=\([0-9]*\).*/\1/p' <<<"$cmd ")
	if [ -z "$iters" ]; then
		iters=$(awk -F'\t' -v s="$name" '$1 == s' "$dir/scenarios" |
			sed -n 's/.*iters=\([0-9]*\).*/\1/p')
	fi
	r=$(grep -cxF -- "$cmd" "$dir/log")
	base=10
	if [ "$name" = baseline ]; then
		base=1
	fi
	ops=$((threads * iters))
	ns=$((ops * base * r))
	printf 'scenario=%s threads=%s iters=%s cpu=all expected=%s actual=%s lost=0 verdict=ok elapsed_ns=%s ns_per_op=%s cpu_ns=%s nvcsw=%s nivcsw=%s\n' \
		"$name" "$threads" "$iters" "$ops" "$ops" "$ns" "$((base * r))" "$((2 * ns))" \
		"$threads" "$threads" >"$dir/results"
done
