#!/usr/bin/env bash
# Fuzz the control command parser (module/cmd.c) with libFuzzer, ASan and
# UBSan.  Usage: scripts/fuzz.sh [RUNS]   (default 1000000 executions)
# Prints "fuzz: N executions, no crash" and exits 0, or exits 1 with the
# crashing input saved under build/fuzz/.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-1000000}
out=$top/build/fuzz
cc=${CLANG:-clang}

command -v "$cc" > /dev/null || {
	echo "fuzz: $cc not found: apt-get install clang libclang-rt-14-dev" >&2
	exit 1
}
mkdir -p "$out/corpus"
"$cc" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$top/module" "$top/tests/fuzz/cmd_fuzz.c" "$top/module/cmd.c" -o "$out/cmd_fuzz"
# The seed corpus is copied: what the fuzzer adds stays out of the tree.
cp "$top"/tests/fuzz/corpus/* "$out/corpus/"
log=$out/fuzz.log
if ! (cd "$out" && ./cmd_fuzz -runs="$runs" -max_len=512 -print_final_stats=1 corpus > "$log" 2>&1); then
	tail -n 30 "$log" >&2
	echo "fuzz: the parser crashed; input saved in $out (full log: $log)" >&2
	exit 1
fi
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "fuzz: ${execs:-?} executions, no crash (log: $log)"
