#!/bin/sh
# One boot of make bench-kernels: the kernel's release and preemption mode,
# then `synclab run --all` (every scenario, its defaults) and the plain race
# bound to one CPU (race-cpu0: on one CPU only a preemption between a
# thread's read and its write loses an update), as csv in /tmp/kernels.csv.

OUT=/tmp/kernels.csv
# debugfs lists the modes with the current one in parentheses: "full (lazy)".
mode=$(sed -n 's/.*(\([a-z]*\)).*/\1/p' /sys/kernel/debug/sched/preempt 2>/dev/null)
echo "# kernel=$(uname -r) preempt=${mode:-unknown}" >"$OUT"
synclab run --all >/tmp/all.txt 2>&1 || {
	echo "bench-kernels: synclab run --all failed:"
	tail -n 5 /tmp/all.txt
	exit 1
}
# The scenarios whose ns/op means something (a loop of operations): the
# tool's table shows the others' as "-".
synclab results | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "ns/op") c = i; next }
	/^$/ { exit } c && $c != "-" { s = s " " $1 } END { print "# per-op:" s " race-cpu0" }' >>"$OUT"
synclab -f csv results >>"$OUT" || exit 1
synclab -f csv run race --cpu 0 >/tmp/race.csv 2>&1 || {
	echo "bench-kernels: synclab run race --cpu 0 failed: $(tail -n 1 /tmp/race.csv)"
	exit 1
}
sed -n 's/^race,/race-cpu0,/p' /tmp/race.csv >>"$OUT"
cat "$OUT"
