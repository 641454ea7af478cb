#!/usr/bin/env bash
# check.sh: every test of synclab, run by `make check` (and by CI).
#
# Suites, in order:
#   userspace    make -C userspace test; one test per TAP ok/not ok line
#   build        the module with KCFLAGS=-Werror against each stock Debian
#                kernel's headers (6.1 and 6.12, newest in apt); one test each
#                then W=1 and sparse (C=1) against the newest stock headers,
#                each failing on any warning or error; then
#                scripts/static-checks.sh: kernel-doc, the grading build
#                under W=1 and sparse, clang with -Werror, shellcheck on
#                every shell script; one test per TAP line
#   checkpatch   the kernel's checkpatch.pl --strict on the module and the
#                KUnit sources; one test, failing on any ERROR/WARNING/CHECK
#   integration  guest/integration.sh in QEMU on each stock kernel with
#                the module loaded and the synclab tool in PATH; one test per
#                TAP line plus one for the guest's exit status
#   kunit        the KUnit/debug kernel (lockdep, KASAN, UBSAN, kmemleak):
#                synclab_kunit.ko's test cases (parsed with the kernel's
#                kunit.py), integration.sh again on that kernel, and
#                stress.sh (bad input, concurrency, rmmod/signals during every
#                scenario, the largest values, load/unload cycles; shorter
#                than make stress: SYNCLAB_STRESS_SECONDS=5, _CYCLES=25);
#                then guest/lockdep.sh in a boot of its own: scoped bug=1
#                returns with a mutex held, on purpose, and lockdep must say so
#   kcsan        the KCSAN kernel: guest/kcsan.sh runs every scenario;
#                race, naive-spin and peterson must get a KCSAN data-race
#                report in their own function, every fix (peterson-mb too)
#                none; one test per scenario
#   newest       the lab's kernel of the newest linux-source Debian ships
#                (no debugging options, KUnit built in): it has the
#                preemption model of Debian's own config of that release,
#                synclab.ko and synclab_kunit.ko build with KCFLAGS=-Werror
#                against it, and one boot runs the KUnit cases (kunit.py)
#                and integration.sh
#   arm64        Debian 12's stock arm64 kernel in qemu-system-aarch64: the
#                module cross-built with -Werror against a tree prepared
#                from linux-source-6.12 and Debian's arm64 config (cached);
#                its vermagic; the tool cross-built; integration.sh in one
#                boot, one test per TAP line plus the exit status
#   demo         make demo on each kernel the README offers (6.1, 6.12,
#                newest, kunit, kcsan, arm64): status 0, verdicts ok or race, classic 6,
#                KCSAN's report of the race on the KCSAN kernel
#   exercises    tests/exercises/grader_test.py: the grader scores each reference
#                solution full, each skeleton below, each seeded wrong answer
#                with the reason named; make handout leaves the answers out
#   fuzz         scripts/fuzz.sh: the command parser under libFuzzer, a short
#                bounded run (SYNCLAB_CHECK_FUZZ_RUNS, default 100000)
#   console      every guest console log scanned for the kernel's reports
#                of bugs (BUG, WARNING, lockdep, KASAN, ...); one test per log
#
# A suite that cannot run (no QEMU, no kernel, a build failure) counts as
# failed, never skipped. The TAP of each suite is counted by
# scripts/tap-count, the lab's one counter (tap_count). Output: one line per
# failed test and one per group of passed ones, then per suite
# "suite NAME: N passed, N failed", then the closing line "N passed, N failed".
# Exit status 1 if anything failed.
#
# Logs: build/check/ (console logs, build logs, KTAP, kunit.py output).
# Environment: SUITES="build integration" runs only those suites, in the
# order above (make check SUITES=...; integration needs build, console
# scans the logs of the suites that ran); SYNCLAB_CHECK_SERIES="6.1 6.12"
# (the stock kernels), SYNCLAB_CHECK_DEMOS="6.1 6.12 newest kunit kcsan arm64" (the demos),
# SYNCLAB_CACHE (see scripts/lib.sh), SYNCLAB_VM_TIMEOUT (default 900 s).

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
LIB=$HERE/lib.sh
VMRUN=$HERE/vm-run
# shellcheck source=lib.sh
. "$LIB"
set +e # a failing step is a failing test, not the end of the run

ROOT=$SYNCLAB_ROOT
OUT=$ROOT/build/check
SERIES=${SYNCLAB_CHECK_SERIES:-6.1 6.12}
VM_TIMEOUT=${SYNCLAB_VM_TIMEOUT:-900}
rm -rf "$OUT"
mkdir -p "$OUT"

WANT=${SUITES:-}
SUITES=()
declare -A NPASS NFAIL
TIMINGS=()
T_ALL=$SECONDS

suite() {
	CUR=$1
	SUITES+=("$1")
	NPASS[$1]=0
	NFAIL[$1]=0
	printf '\n== %s\n' "$1"
}
pass() {
	NPASS[$CUR]=$((NPASS[$CUR] + 1))
	printf '  PASS  %s\n' "$1"
}
# fail NAME [DETAIL]: DETAIL (may be several lines) is shown indented.
fail() {
	NFAIL[$CUR]=$((NFAIL[$CUR] + 1))
	printf '  FAIL  %s\n' "$1"
	[ $# -lt 2 ] || [ -z "$2" ] || printf '%s\n' "$2" | head -n 40 | sed 's/^/        | /'
}
# want NAME: suite NAME is to run (every suite when SUITES is empty).
want() { [ -z "$WANT" ] || [[ " $WANT " == *" $1 "* ]]; }
timed() { TIMINGS+=("$(printf '%-34s %4ss' "$1" "$2")"); }

# lab FUNCTION ARGS...: a lib.sh function in its own process (set -e holds).
lab() { "$LIB" "$@"; }

# tap_count FILE NAME: each TAP line (ok / not ok N ...) of FILE is a test
# of the current suite, counted by scripts/tap-count, the lab's one counter
# (its plan checked, if it has one): failed ones are named, passed ones summed
# up in one line. Sets TAP_SEEN to the number of tests.
tap_count() {
	local line counts="" p f
	TAP_SEEN=0
	while IFS= read -r line; do
		case $line in
		"not ok "*) printf '  FAIL  %s: %s\n' "$2" "$line" ;;
		"$2: "*" passed, "*" failed") counts=${line#"$2: "} ;;
		esac
	done < <("$HERE/tap-count" --failed "$2" "$1")
	read -r p _ f _ <<<"$counts"
	if [ -z "$counts" ]; then
		fail "$2: tap-count counted $1"
		return
	fi
	NPASS[$CUR]=$((NPASS[$CUR] + p))
	NFAIL[$CUR]=$((NFAIL[$CUR] + f))
	TAP_SEEN=$((p + f))
	[ "$p" -eq 0 ] || printf '  PASS  %s: %d TAP tests passed\n' "$2" "$p"
}

# ---------------------------------------------------------------- setup

t=$SECONDS
SETUP_ERR=""
if ! lab ensure_lab_packages >"$OUT/setup.log" 2>&1; then
	SETUP_ERR=$(tail -n 5 "$OUT/setup.log")
fi
timed "packages" $((SECONDS - t))

# ---------------------------------------------------------------- userspace

if want userspace; then
suite userspace
t=$SECONDS
if [ ! -f "$ROOT/userspace/Makefile" ]; then
	fail "userspace/Makefile exists"
else
	# -Werror is the lab's, not in the Makefile that distributions build.
	make -C "$ROOT/userspace" CFLAGS="-O2 -Werror" test >"$OUT/userspace.log" 2>&1
	rc=$?
	tap_count "$OUT/userspace.log" userspace
	if [ "$TAP_SEEN" -eq 0 ]; then
		fail "make -C userspace test ran tests" "$(tail -n 15 "$OUT/userspace.log")"
	elif [ "$rc" -ne 0 ] && [ "${NFAIL[userspace]}" -eq 0 ]; then
		fail "make -C userspace test exited $rc" "$(tail -n 15 "$OUT/userspace.log")"
	fi
fi
timed "userspace tests" $((SECONDS - t))
fi
# The tool the x86_64 guests get (whichever suites run).
TOOL=$ROOT/userspace/synclab
if ! make -C "$ROOT/userspace" synclab >"$OUT/tool-build.log" 2>&1 || [ ! -x "$TOOL" ]; then
	TOOL=""
fi

# ---------------------------------------------------------------- build

if want build; then
suite build
declare -A KVER BZIMAGE MODDIR
for s in $SERIES; do
	t=$SECONDS
	if ! out=$(lab stock_kernel "$s" 2>"$OUT/stock-$s.log"); then
		fail "module builds against the stock $s kernel" \
			"${SETUP_ERR:+$SETUP_ERR$'\n'}$(tail -n 5 "$OUT/stock-$s.log")"
		continue
	fi
	read -r kver bz kdir <<<"$out"
	KVER[$s]=$kver
	BZIMAGE[$s]=$bz
	name="module builds with -Werror against linux-headers-$kver"
	if (lab build_modules "$kdir" "$ROOT/build/$kver" "$OUT/build-$kver.log" KCFLAGS=-Werror) \
		>"$OUT/build-$kver.err" 2>&1 && [ -f "$ROOT/build/$kver/module/synclab.ko" ]; then
		MODDIR[$s]=$ROOT/build/$kver
		pass "$name"
	else
		fail "$name" "$(grep -E 'error|warning' "$OUT/build-$kver.log" | head -n 20)
full log: $OUT/build-$kver.log"
	fi
	timed "build $kver" $((SECONDS - t))
done

# The explicit lock and unlock of scoped.c, for kernels without
# linux/cleanup.h (before 6.5, unless backported: Debian's 6.1 has it).
t=$SECONDS
name="module builds with -Werror without the cleanup.h guards (SYNCLAB_NO_GUARD)"
ng_kdir=""
for s in $SERIES; do
	[ -n "${KVER[$s]:-}" ] && ng_kdir=$(lab stock_kernel "$s" 2>/dev/null | awk '{print $3}') && break
done
if [ -z "$ng_kdir" ]; then
	fail "$name" "no stock kernel headers (see above)"
elif (lab build_modules "$ng_kdir" "$ROOT/build/noguard-check" "$OUT/build-noguard.log" "KCFLAGS=-Werror -DSYNCLAB_NO_GUARD") \
	>/dev/null 2>&1 && [ -f "$ROOT/build/noguard-check/module/synclab.ko" ]; then
	pass "$name"
else
	fail "$name" "$(grep -E 'error|warning' "$OUT/build-noguard.log" | head -n 10)
full log: $OUT/build-noguard.log"
fi
timed "build without guards" $((SECONDS - t))

# The kernel's own static checks on the module, against the newest stock
# kernel: W=1 (extra warnings, kernel-doc) and sparse (C=1: address spaces,
# lock context annotations); any warning fails.
static_check() {
	local name=$1 tag=$2 log=$OUT/build-$2.log
	shift 2
	if ! (lab build_modules "${KDIR_NEWEST:-/nonexistent}" "$ROOT/build/$tag-check" "$log" "$@") \
		>/dev/null 2>&1; then
		fail "$name" "$(grep -E 'error' "$log" | head -n 10)
full log: $log"
	elif grep -qE ': (warning|error):' "$log"; then
		# sparse's errors do not stop the build: they are findings too.
		fail "$name" "$(grep -E ': (warning|error):' "$log" | head -n 10)
full log: $log"
	else
		pass "$name"
	fi
}
t=$SECONDS
KDIR_NEWEST=$(lab stock_kernel 6.12 2>/dev/null | awk '{print $3}')
static_check "the module is clean with W=1 (extra warnings)" w1 W=1
if (lab ensure_packages sparse) >"$OUT/sparse-setup.log" 2>&1; then
	static_check "sparse (C=1) finds nothing in the module" sparse C=1
	grep -q ' CHECK ' "$OUT/build-sparse.log" ||
		fail "sparse ran on every file" "no CHECK line in $OUT/build-sparse.log"
else
	fail "sparse is installed" "$(tail -n 3 "$OUT/sparse-setup.log")"
fi
timed "W=1 and sparse" $((SECONDS - t))
# kernel-doc, the grading build under W=1 and sparse, clang, shellcheck.
t=$SECONDS
"$HERE/static-checks.sh" "$OUT/static" >"$OUT/static.tap" 2>&1
rc=$?
tap_count "$OUT/static.tap" static
grep -A30 '^not ok' "$OUT/static.tap" | grep '^# ' | grep -v 'wall time: ' | head -n 40 |
	sed 's/^/        | /'
grep '^# .*wall time: ' "$OUT/static.tap" | sed 's/^# /  info  /'
if [ "$TAP_SEEN" -eq 0 ]; then
	fail "static-checks.sh ran its checks" "$(tail -n 10 "$OUT/static.tap")"
elif [ "$rc" -ne 0 ]; then
	fail "static-checks.sh ran to its end (exit $rc)" "$(tail -n 10 "$OUT/static.tap")"
fi
timed "static checks" $((SECONDS - t))
fi

# ---------------------------------------------------------------- checkpatch

if want checkpatch; then
suite checkpatch
t=$SECONDS
shopt -s nullglob
CP_FILES=()
for f in "$ROOT"/module/*.c "$ROOT"/module/*.h "$ROOT"/module/scenarios/*.c "$ROOT"/tests/*.c; do
	case $f in *.mod.c) continue ;; esac # kbuild's, from an in-tree build
	CP_FILES+=("$f")
done
shopt -u nullglob
if ! src=$(lab kernel_source 2>"$OUT/checkpatch.err"); then
	fail "checkpatch --strict is clean" "$(cat "$OUT/checkpatch.err")"
elif [ ${#CP_FILES[@]} -eq 0 ]; then
	fail "checkpatch --strict is clean" "no sources under module/ or tests/"
else
	# From a scratch directory: checkpatch leaves a cache file in a git tree.
	(cd "$OUT" && perl "$src/scripts/checkpatch.pl" --no-tree --strict --show-types \
		-f "${CP_FILES[@]}") >"$OUT/checkpatch.log" 2>&1
	rc=$?
	found=$(grep -E '^(ERROR|WARNING|CHECK):' -A1 "$OUT/checkpatch.log" | grep -v '^--$')
	if [ -z "$found" ] && [ "$rc" -eq 0 ]; then
		pass "checkpatch --strict is clean (${#CP_FILES[@]} files)"
	else
		fail "checkpatch --strict is clean (${#CP_FILES[@]} files)" \
			"${found:-$(tail -n 5 "$OUT/checkpatch.log")}
full log: $OUT/checkpatch.log"
	fi
fi
timed "checkpatch" $((SECONDS - t))
fi

# ---------------------------------------------------------------- integration

# guest_script NAME SCRIPT BZIMAGE MODULE[:PARAMS]... : guest/SCRIPT in a
# guest with the modules loaded (synclab_kunit, when given, is removed
# before SCRIPT runs) and the tool in PATH. Each TAP line is a test, and
# so is the script's exit status. GUEST_ENV: assignments for the script.
VM_LOGS=()
guest_script() {
	local name=$1 script=$2 bz=$3 log=$OUT/console-$1.log cmd rc
	shift 3
	local args=(--kernel "$bz" --log "$log" --quiet --timeout "$VM_TIMEOUT"
		--file "$ROOT/guest:/root/guest")
	local m
	for m in "$@"; do args+=(--module "$m"); done
	cmd="${GUEST_ENV:-} SYNCLAB_KO=/modules/synclab.ko sh /root/guest/$script"
	[ $# -gt 1 ] && cmd="rmmod synclab_kunit && $cmd"
	[ -n "$TOOL" ] && args+=(--file "$TOOL:/usr/local/bin/synclab")
	VM_LOGS+=("$log")
	"$VMRUN" "${args[@]}" --cmd "$cmd" 2>"$OUT/vm-$name.err"
	rc=$?
	grep 'booting again' "$OUT/vm-$name.err" | sed 's/^/  info  /'
	guest_cmd_output "$log" >"$OUT/$name.tap"
	tap_count "$OUT/$name.tap" "$name"
	grep '^# figure:' "$OUT/$name.tap" | sed 's/^# figure: /  info  /'
	if [ -z "$TOOL" ]; then
		fail "$name: the synclab tool built for the guest" "$(tail -n 10 "$OUT/tool-build.log")"
	fi
	if [ "$rc" -eq 0 ]; then
		pass "$name: $script exited 0 in the guest"
	else
		fail "$name: $script exited 0 in the guest" \
			"exit $rc: $(cat "$OUT/vm-$name.err")
console log: $log"
	fi
}
integration_vm() {
	local name=$1
	shift
	guest_script "$name" integration.sh "$@"
}

if want integration; then
suite integration
for s in $SERIES; do
	t=$SECONDS
	if [ -z "${MODDIR[$s]:-}" ]; then
		fail "integration on the stock $s kernel" "the module was not built for it (see suite build)"
		continue
	fi
	# max_run_ms as a hang limit: on a busy host a vCPU descheduled while
	# its thread holds a spinlock makes a run slow, not wrong.
	integration_vm "${KVER[$s]}" "${BZIMAGE[$s]}" "${MODDIR[$s]}/module/synclab.ko:max_run_ms=120000"
	timed "integration ${KVER[$s]} (VM)" $((SECONDS - t))
done
fi

# ---------------------------------------------------------------- kunit

# test_kernel_modules NAME [TEST_MODULE.ko [MAKE ARGS...]]: the lab's kernel
# NAME (built once, cached) and synclab's modules built against it (with
# MAKE ARGS). Sets BZ, TKVER (its release), TKDIR (the kernel tree) and KBUILD; a kernel or
# module that does not build is a failed test (returns 1).
test_kernel_modules() {
	local name=$1 extra=${2:-} out t=$SECONDS
	shift $(($# < 2 ? $# : 2))
	if ! out=$(lab test_kernel "$name" 2>"$OUT/$name-kernel.err"); then
		fail "the $name kernel builds" "${SETUP_ERR:+$SETUP_ERR$'\n'}$(tail -n 8 "$OUT/$name-kernel.err")"
		return 1
	fi
	timed "$name kernel (cached if fast)" $((SECONDS - t))
	t=$SECONDS
	read -r TKVER BZ TKDIR <<<"$out"
	KBUILD=$ROOT/build/$name-$(basename "$TKDIR")
	if ! (lab build_modules "$TKDIR" "$KBUILD" "$OUT/build-$name.log" "$@") >"$OUT/build-$name.err" 2>&1 ||
		[ ! -f "$KBUILD/module/synclab.ko" ] || { [ -n "$extra" ] && [ ! -f "$KBUILD/tests/$extra" ]; }; then
		fail "synclab.ko ${extra:+and $extra }build against the $name kernel ($TKVER)${*:+ with $*}" \
			"$(grep -E 'error|warning' "$OUT/build-$name.log" | head -n 20)
full log: $OUT/build-$name.log"
		return 1
	fi
	timed "build against the $name kernel" $((SECONDS - t))
}

# kunit_results CONSOLE_LOG: the KTAP printed while synclab_kunit.ko was
# loaded in that guest, parsed by the kernel's own kunit.py; every test
# case is a test of the current suite, and a skipped one fails.
kunit_results() {
	local log=$1 tag=$CUR prc counts kp kf ks
	module_ktap "$log" synclab_kunit.ko >"$OUT/$tag.ktap"
	python3 "$(lab kunit_py)" parse --json="$OUT/$tag.json" "$OUT/$tag.ktap" \
		>"$OUT/$tag-parse.log" 2>&1
	prc=$?
	if [ ! -s "$OUT/$tag.json" ] || ! counts=$(lab kunit_count "$OUT/$tag.json"); then
		fail "KUnit results parsed" "$(tail -n 5 "$OUT/$tag-parse.log")"
		return
	fi
	read -r kp kf ks <<<"$counts"
	NPASS[$CUR]=$((NPASS[$CUR] + kp))
	printf '  PASS  %s: %s KUnit test cases passed\n' "$tag" "$kp"
	# A skipped case did not run: it is a failure, never a pass.
	if [ "$ks" -gt 0 ]; then
		NFAIL[$CUR]=$((NFAIL[$CUR] + ks))
		printf '  FAIL  %s: %s KUnit test cases skipped (a case that cannot run is a failure)\n' "$tag" "$ks"
		grep -E '\[SKIPPED\]' "$OUT/$tag-parse.log" | head -n 10 | sed 's/^/        | /'
	fi
	if [ "$kf" -gt 0 ]; then
		NFAIL[$CUR]=$((NFAIL[$CUR] + kf))
		printf '  FAIL  %s: %s KUnit test cases failed\n' "$tag" "$kf"
		grep -E '\[(FAILED|CRASHED)\]|# .*: (EXPECTATION|ASSERTION) FAILED' \
			"$OUT/$tag-parse.log" | head -n 30 | sed 's/^/        | /'
	fi
	if [ $((kp + kf + ks)) -eq 0 ]; then
		fail "KUnit ran test cases" "no test case in $OUT/$tag.ktap"
	elif grep -q '\[ERROR\]' "$OUT/$tag-parse.log"; then
		fail "kunit.py parsed the KTAP without errors" "$(grep '\[ERROR\]' "$OUT/$tag-parse.log" | head -n 10)"
	elif [ "$prc" -ne 0 ] && [ "$kf" -eq 0 ]; then
		fail "kunit.py parse found the run complete" "$(grep -iE 'error|crash|missing' "$OUT/$tag-parse.log" | head -n 10)"
	fi
}

declare -A SCAN_LOG # console log -> the copy to scan, when it differs
if want kunit; then
suite kunit
if test_kernel_modules kunit synclab_kunit.ko; then
	bz=$BZ kbuild=$KBUILD
	t=$SECONDS
	# The KUnit fix tests run long under lockdep and KASAN: more time per run.
	integration_vm kunit "$bz" "$kbuild/module/synclab.ko:max_run_ms=120000" "$kbuild/tests/synclab_kunit.ko"
	timed "KUnit + integration (VM)" $((SECONDS - t))
	t=$SECONDS
	# Shorter than make stress (10 s storm, 100 load/unload cycles).
	GUEST_ENV="STRESS_SECONDS=${SYNCLAB_STRESS_SECONDS:-5} STRESS_CYCLES=${SYNCLAB_STRESS_CYCLES:-25}" \
		guest_script stress-kunit stress.sh "$bz" "$kbuild/module/synclab.ko"
	timed "stress on the debug kernel (VM)" $((SECONDS - t))
	# The bug guard() prevents, on purpose: lockdep's report, in a boot of
	# its own (lockdep turns itself off after it). The console scan reads
	# the log without that one report, and fails if it is not there.
	t=$SECONDS
	guest_script lockdep-kunit lockdep.sh "$bz" "$kbuild/module/synclab.ko"
	log=$OUT/console-lockdep-kunit.log
	SCAN_LOG[$log]=$OUT/console-lockdep-kunit.scan
	if [ "$(lab lockdep_intended "$log" "${SCAN_LOG[$log]}")" = 1 ]; then
		pass "lockdep-kunit: exactly one intended lockdep report (scoped bug=1), left out of the console scan"
	else
		fail "lockdep-kunit: exactly one intended lockdep report (scoped bug=1), left out of the console scan" \
			"console log: $log"
	fi
	timed "lockdep report on purpose (VM)" $((SECONDS - t))
	kunit_results "$OUT/console-kunit.log"
fi
fi

# ---------------------------------------------------------------- kcsan

# KCSAN, the kernel's data-race detector, must report the lost updates of
# the racing scenarios in synclab's own function and nothing in the fixes.
if want kcsan; then
suite kcsan
if test_kernel_modules kcsan; then
	bz=$BZ kbuild=$KBUILD log=$OUT/console-kcsan.log
	t=$SECONDS
	VM_LOGS+=("$log")
	"$VMRUN" --kernel "$bz" --log "$log" --quiet --timeout "$VM_TIMEOUT" \
		--module "$kbuild/module/synclab.ko:max_run_ms=120000" \
		--file "$ROOT/guest:/root/guest" \
		--cmd "sh /root/guest/kcsan.sh" 2>"$OUT/vm-kcsan.err"
	rc=$?
	timed "KCSAN runs (VM)" $((SECONDS - t))
	if [ "$rc" -ne 0 ]; then
		fail "kcsan.sh ran every scenario in the guest" "exit $rc: $(cat "$OUT/vm-kcsan.err")
$(guest_cmd_output "$log" | tail -n 5)"
	fi
	SCAN_LOG[$log]=$OUT/console-kcsan.scan
	lab kcsan_reports "$log" "${SCAN_LOG[$log]}" >"$OUT/kcsan-reports.txt"
	scenarios=$(guest_cmd_output "$log" | sed -n 's/^scenario=\([^ ]*\) .*/\1/p')
	[ -n "$scenarios" ] || fail "KCSAN: the guest ran the scenarios" "no results in $log"
	for sc in $scenarios; do
		read -r _ ours others funcs < <(grep "^$sc " "$OUT/kcsan-reports.txt" || echo "$sc 0 0 -")
		fn=$(printf '%s' "$sc" | tr - _)
		note=""
		[ "$others" -eq 0 ] || note=" ($others report(s) of the kernel's own races, not synclab's)"
		if [[ " $SYNCLAB_KCSAN_RACING " == *" $sc "* ]]; then
			name="KCSAN reports the data race of $sc in ${fn}_*()"
			if [ "$ours" -gt 0 ] && [[ "$funcs" == *"${fn}_"* ]]; then
				pass "$name: $ours report(s): ${funcs%%;*}"
			else
				fail "$name" "synclab reports: $ours ($funcs)$note; console log: $log"
			fi
		elif [ "$sc" = classic ]; then
			# Its read and write are 100 ms apart: no sampling
			# watchpoint spans them (docs/reliability.md).
			printf '  info  KCSAN on classic: %s report(s) (not expected: the accesses are 100 ms apart)\n' "$ours"
		elif [ "$ours" -eq 0 ]; then
			pass "KCSAN is silent on $sc$note"
		else
			fail "KCSAN is silent on $sc" "$funcs; console log: $log"
		fi
	done
fi
fi

# ---------------------------------------------------------------- newest

# The kernel of the newest linux-source Debian ships, configured as users
# run it: one boot runs the KUnit cases and integration.sh.
if want newest; then
suite newest
t=$SECONDS
if test_kernel_modules newest synclab_kunit.ko KCFLAGS=-Werror; then
	bz=$BZ kbuild=$KBUILD kdir=$TKDIR
	pass "the newest kernel builds ($(basename "$kdir"))"
	pass "synclab.ko and synclab_kunit.ko build with -Werror against $TKVER"
	# Debian's preemption model, read from its own config of that release.
	if ! pkg=$(lab newest_source_pkg 2>"$OUT/newest-config.err") ||
		! ver=$(lab source_pkg_version "$pkg" newest 2>>"$OUT/newest-config.err") ||
		! lab debian_kernel_config "$pkg" "$ver" "$kdir/debian.config" 2>>"$OUT/newest-config.err"; then
		fail "Debian's config of the newest kernel read" "$(tail -n 3 "$OUT/newest-config.err")"
	else
		theirs=$(lab preempt_model "$kdir/debian.config")
		ours=$(lab preempt_model "$kdir/.config")
		name="the newest kernel's preemption model is that of Debian's $pkg $ver amd64 config ($theirs)"
		if [ "$theirs" = "$ours" ]; then
			pass "$name"
		else
			fail "$name" "this kernel's is '$ours': set Debian's model in kernels/newest.config"
		fi
	fi
	timed "newest kernel and modules" $((SECONDS - t))
	t=$SECONDS
	integration_vm newest "$bz" "$kbuild/module/synclab.ko:max_run_ms=120000" "$kbuild/tests/synclab_kunit.ko"
	kunit_results "$OUT/console-newest.log"
	timed "newest: KUnit + integration (VM)" $((SECONDS - t))
fi
fi

# ---------------------------------------------------------------- arm64

# Debian 12's stock arm64 kernel (the version of linux-source-6.12) in
# qemu-system-aarch64 under TCG: its build tree prepared once from the source
# with Debian's arm64 config and Module.symvers (cached), the module
# cross-built with -Werror against it (its vermagic must be the stock
# kernel's), the tool cross-built statically, and integration.sh in one boot.
if want arm64; then
suite arm64
t=$SECONDS
if ! out=$(lab arm64_kernel 2>"$OUT/arm64-kernel.err"); then
	fail "the arm64 kernel and its build tree are ready" \
		"${SETUP_ERR:+$SETUP_ERR$'\n'}$(tail -n 8 "$OUT/arm64-kernel.err")"
else
	read -r kver img kdir <<<"$out"
	timed "arm64 kernel and tree (cached?)" $((SECONDS - t))
	t=$SECONDS
	abuild=$ROOT/build/$kver ako=$ROOT/build/$kver/module/synclab.ko
	name="module cross-builds with -Werror against Debian's arm64 $kver"
	if (lab build_modules "$kdir" "$abuild" "$OUT/build-$kver.log" KCFLAGS=-Werror) \
		>"$OUT/build-$kver.err" 2>&1 && [ -f "$ako" ]; then
		pass "$name"
		vermagic=$(tr '\0' '\n' <"$ako" | sed -n 's/^vermagic=//p')
		if [[ "$vermagic" == "$kver "*" modversions aarch64"* ]]; then
			pass "its vermagic is the stock kernel's: $vermagic"
		else
			fail "its vermagic is the stock kernel's ($kver ... modversions aarch64)" "vermagic: ${vermagic:-none}"
		fi
	else
		ako=""
		fail "$name" "$(grep -E 'error|warning' "$OUT/build-$kver.log" | head -n 20)
full log: $OUT/build-$kver.log"
	fi
	host_tool=$TOOL
	if ! TOOL=$(lab cross_tool "$ROOT/build/arm64-tool" 2>"$OUT/arm64-tool.err"); then
		TOOL=""
		fail "the synclab tool cross-builds for arm64 (static)" "$(tail -n 10 "$OUT/arm64-tool.err")"
	fi
	timed "arm64 module and tool" $((SECONDS - t))
	t=$SECONDS
	if [ -n "$ako" ]; then
		integration_vm "$kver" "$img" "$ako:max_run_ms=120000"
	else
		fail "integration on arm64 $kver" "the module was not built for it (see above)"
	fi
	TOOL=$host_tool
	timed "integration $kver (VM)" $((SECONDS - t))
fi
fi

# ---------------------------------------------------------------- demo

# Every make demo the README offers, as a student runs it: status 0, every
# verdict of run --all "ok" or "race" (baseline: "floor"), classic 6; on
# the KCSAN kernel, KCSAN's report of race_increment, the only reports
# being the racing scenarios'. After kunit, kcsan, newest and arm64: their
# kernels are built.
if want demo; then
suite demo
for k in ${SYNCLAB_CHECK_DEMOS:-6.1 6.12 newest kunit kcsan arm64}; do
	t=$SECONDS
	out=$OUT/demo-$k.out log=$OUT/console-demo-$k.log
	rm -f "$ROOT/build/demo/console.log"
	"$HERE/demo.sh" "$k" >"$out" 2>&1
	rc=$?
	if cp "$ROOT/build/demo/console.log" "$log" 2>/dev/null; then
		VM_LOGS+=("$log")
	fi
	timed "make demo KERNEL=$k (VM)" $((SECONDS - t))
	name="make demo KERNEL=$k: status 0, every verdict ok or race, classic 6"
	# run --all's table: the rows between its header and the blank line.
	bad=$(tr -d '\r' <"$out" | awk '/^scenario +thr expected/ { on = 1; next }
		on && NF == 0 { exit } on && $6 !~ /^(ok|race|floor)$/ { printf "%s %s; ", $1, $6 }')
	rows=$(tr -d '\r' <"$out" | awk '/^scenario +thr expected/ { on = 1; next }
		on && NF == 0 { exit } on { n++ } END { print n + 0 }')
	if [ "$rc" -eq 0 ] && [ -z "$bad" ] && [ "$rows" -gt 0 ] &&
		tr -d '\r' <"$out" | grep -qE '^  actual total +6$'; then
		pass "$name ($rows runs)"
	else
		fail "$name" "status $rc; runs in the table: $rows${bad:+; other verdicts: $bad}; output: $out"
	fi
	if [ "$k" = kcsan ] && [ -s "$log" ]; then
		SCAN_LOG[$log]=$OUT/console-demo-kcsan.scan
		lab kcsan_reports "$log" "${SCAN_LOG[$log]}" >"$OUT/demo-kcsan-reports.txt"
		ours=$(awk '$1 == "race" { print $2 }' "$OUT/demo-kcsan-reports.txt")
		if [ "${ours:-0}" -gt 0 ] && grep -q 'BUG: KCSAN: data-race in race_increment' "$log"; then
			pass "make demo KERNEL=kcsan shows KCSAN's report of race_increment ($ours)"
		else
			fail "make demo KERNEL=kcsan shows KCSAN's report of race_increment" "$(cat "$OUT/demo-kcsan-reports.txt")"
		fi
	fi
done
fi

# ---------------------------------------------------------------- exercises

# The grader, graded: the reference solutions, the skeletons and the
# seeded wrong answers, in one batch (tests/exercises/grader_test.py); then
# the students' handout: no answer in it, and it builds. The grading boots'
# consoles hold the seeded bugs' reports on purpose: the grader reads them,
# the console suite does not.
if want exercises; then
suite exercises
t=$SECONDS
python3 "$ROOT/tests/exercises/grader_test.py" "$OUT/grader" >"$OUT/exercises.tap" 2>&1
rc=$?
tap_count "$OUT/exercises.tap" exercises
grep -A6 '^not ok' "$OUT/exercises.tap" | grep '^# ' | head -n 30 | sed 's/^/        | /'
if [ "$TAP_SEEN" -eq 0 ]; then
	fail "the grader's tests ran" "$(tail -n 10 "$OUT/exercises.tap")"
elif [ "$rc" -ne 0 ]; then
	fail "grader_test.py ran to its end (exit $rc)" "$(tail -n 10 "$OUT/exercises.tap")"
fi
timed "exercises: grading (VM)" $((SECONDS - t))
HO=$OUT/handout
if ! "$HERE/handout.sh" "$HO" >"$OUT/handout.log" 2>&1; then
	fail "make handout writes the students' tree" "$(tail -n 5 "$OUT/handout.log")"
else
	leaks=$(cd "$HO" && find . -path '*/solution/*' -o -path './tests/exercises/*' \
		-o -name sem_limit.c -o -name completion.c -o -name waitqueue.c | head -n 5)
	if [ -z "$leaks" ]; then
		pass "the handout holds no solution and no reference scenario of an exercise"
	else
		fail "the handout holds no solution and no reference scenario of an exercise" "$leaks"
	fi
	# (lab stock_kernel, not the build suite's MODDIR: SUITES=exercises runs alone)
	if kdir=$(lab stock_kernel 6.12 2>/dev/null | awk '{print $3}') && [ -n "$kdir" ] &&
		(cd "$HO" && scripts/lib.sh build_modules "$kdir" "$HO/build/m" "$OUT/handout-build.log" KCFLAGS=-Werror) \
		>/dev/null 2>&1; then
		pass "the handout's module builds with -Werror, without the scenarios it leaves out"
	else
		fail "the handout's module builds with -Werror, without the scenarios it leaves out" \
			"$(grep -E 'error' "$OUT/handout-build.log" 2>/dev/null | head -n 5)"
	fi
fi
fi

# ---------------------------------------------------------------- console

if want console; then
suite console
if [ ${#VM_LOGS[@]} -eq 0 ]; then
	fail "a guest ran" "no VM ran (see the suites above)"
fi
for log in ${VM_LOGS[@]+"${VM_LOGS[@]}"}; do
	name="no kernel bug reported in $(basename "$log")"
	if [ ! -s "$log" ]; then
		fail "$name" "the log is empty"
	elif found=$(scan_console_log "${SCAN_LOG[$log]:-$log}"); then
		pass "$name"
	else
		fail "$name" "$found
full log: $log"
	fi
done
fi

# ---------------------------------------------------------------- fuzz

# The control command parser under libFuzzer (ASan, UBSan): a short bounded
# run here; `make fuzz` runs a million inputs.
if want fuzz; then
suite fuzz
t=$SECONDS
if ! (lab ensure_fuzz_packages) >"$OUT/fuzz-setup.log" 2>&1; then
	fail "clang and its libFuzzer runtime are installed" "$(tail -n 5 "$OUT/fuzz-setup.log")"
elif "$HERE/fuzz.sh" "${SYNCLAB_CHECK_FUZZ_RUNS:-100000}" >"$OUT/fuzz.out" 2>&1; then
	pass "$(tail -n 1 "$OUT/fuzz.out")"
else
	fail "the command parser survives libFuzzer" "$(tail -n 20 "$OUT/fuzz.out")"
fi
timed "fuzz" $((SECONDS - t))
fi

# ---------------------------------------------------------------- summary

timed "total" $((SECONDS - T_ALL))
printf '\ntimings:\n'
printf '  %s\n' "${TIMINGS[@]}"
printf '\nlogs: %s\n\n' "$OUT"
P=0 F=0
for s in "${SUITES[@]}"; do
	printf 'suite %s: %d passed, %d failed\n' "$s" "${NPASS[$s]}" "${NFAIL[$s]}"
	P=$((P + NPASS[$s]))
	F=$((F + NFAIL[$s]))
done
printf '%d passed, %d failed\n' "$P" "$F"
[ "$F" -eq 0 ]
