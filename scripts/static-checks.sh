#!/usr/bin/env bash
# static-checks.sh [OUTDIR]: the static checks that need more than one
# build of the module, run by the build suite of `make check` (and alone by
# `make static`). Each prints one TAP line, its findings as "# " lines under
# a failed one; any finding fails. It only prints TAP: scripts/tap-count
# counts it (make static, and check.sh's build suite). Exit status 0: it ran
# to its end.
#
#   kernel-doc   the kernel's scripts/kernel-doc -none -Wall on every .c and
#                .h under module/ and tests/: no output at all
#   grading      the grading build (every exercise's harness with its
#                reference solution, SYNCLAB_EX=...) with W=1 and sparse
#                (C=1): the harnesses, and the lock context that
#                flag_lock()/flag_unlock() declare, checked in their callers
#   clang        synclab.ko and synclab_kunit.ko built with the newest clang
#                the host's apt has (LLVM=-N, KCFLAGS=-Werror) against a
#                clang-configured linux-source-6.12 tree (lib.sh clang_tree)
#   scripts      shellcheck on every shell script of the tree (git
#                ls-files: a shell shebang, or a .sh or .bash name), one test each,
#                at the default severity (style); every "disable=" directive
#                says why on its own line, after the codes
#
# Logs: OUTDIR (default build/static).

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
LIB=$HERE/lib.sh
# shellcheck source=lib.sh
. "$LIB"
set +e # a failing check is a failing test, not the end of the run

ROOT=$SYNCLAB_ROOT
OUT=$(realpath -m "${1:-$ROOT/build/static}")
rm -rf "$OUT"
mkdir -p "$OUT"

lab() { "$LIB" "$@"; }

# verdict NAME FINDINGS: ok when FINDINGS is empty.
verdict() {
	if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "$2"; fi
}
# compiler_findings LOG: the compiler's and sparse's diagnostics in LOG.
compiler_findings() {
	grep -E ': (warning|error):' "$1"
}

# ---------------------------------------------------------------- kernel-doc

kernel_doc_check() {
	local src files=()
	if ! src=$(lab kernel_source 2>"$OUT/kernel-doc.err"); then
		not_ok "kernel-doc: the kernel source is there" "$(tail -n 3 "$OUT/kernel-doc.err")"
		return
	fi
	mapfile -t files < <(cd "$ROOT" && find module tests -maxdepth 2 -name '*.[ch]' \
		! -name '*.mod.c' ! -path 'module/exercises/student/*' | sort)
	(cd "$ROOT" && perl "$src/scripts/kernel-doc" -none -Wall "${files[@]}") \
		>"$OUT/kernel-doc.log" 2>&1
	if [ ${#files[@]} -eq 0 ]; then
		not_ok "kernel-doc -Wall finds nothing" "no .c or .h under module/ and tests/"
	else
		verdict "kernel-doc -Wall finds nothing in ${#files[@]} files of module/ and tests/" \
			"$(cat "$OUT/kernel-doc.log")"
	fi
}

# ---------------------------------------------------------------- grading build

# The harnesses (module/exercises/) are built only with SYNCLAB_EX, which
# make grade sets; here each with its reference solution as the student's
# file, as scripts/grade.py lays them out.
grading_build_check() {
	local kdir stage=$OUT/grading log=$OUT/grading.log f e exs="" missing=""
	local name="the grading build (every harness and reference solution) is clean with W=1 and sparse"
	if ! kdir=$(lab stock_kernel 6.12 2>"$OUT/grading.err" | awk '{print $3}') || [ -z "$kdir" ]; then
		not_ok "$name" "no stock 6.12 headers: $(tail -n 3 "$OUT/grading.err")"
		return
	fi
	mkdir -p "$stage/module/exercises/student"
	(cd "$ROOT" && tar -cf - --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='module/exercises/student' \
		Kbuild module tests) | tar -xf - -C "$stage"
	for f in "$ROOT"/exercises/*/solution/*.c; do
		e=$(basename "$f" .c)
		[ -f "$ROOT/module/exercises/$e.c" ] || continue
		cp "$f" "$stage/module/exercises/student/$e.c"
		exs="$exs $e"
	done
	if [ -z "$exs" ]; then
		not_ok "$name" "no exercises/*/solution/*.c with a harness in module/exercises/"
		return
	fi
	make -C "$kdir" M="$stage" W=1 C=1 SYNCLAB_EX="${exs# }" modules >"$log" 2>&1
	local rc=$?
	for e in $exs; do
		[ -f "$stage/module/exercises/$e.o" ] && [ -f "$stage/module/exercises/student/$e.o" ] ||
			missing="$missing $e"
	done
	if [ "$rc" -ne 0 ] || [ -n "$missing" ]; then
		not_ok "$name" "make exited $rc; not built:${missing:- -}
$(grep -E 'error|Error' "$log" | head -n 10)
full log: $log"
	elif ! grep -q ' CHECK .*exercises/student/' "$log"; then
		not_ok "$name" "sparse did not run on the exercises (no CHECK line in $log)"
	else
		verdict "$name (${exs# })" "$(compiler_findings "$log")"
	fi
}

# ---------------------------------------------------------------- clang

clang_check() {
	local out kdir llvm dir=$ROOT/build/clang log=$OUT/clang.log
	local name="synclab.ko and synclab_kunit.ko build with clang and -Werror"
	if ! out=$(lab clang_tree 2>"$OUT/clang-tree.err"); then
		not_ok "$name" "the clang build tree: $(tail -n 8 "$OUT/clang-tree.err")"
		return
	fi
	read -r kdir llvm <<<"$out"
	name="synclab.ko and synclab_kunit.ko build with clang$llvm and -Werror"
	# Module.symvers comes with a built kernel, which this tree is not:
	# unresolved symbols are modpost's warnings here, not errors (the gcc
	# builds against the stock kernels link them for real).
	if ! (lab build_modules "$kdir" "$dir" "$log" LLVM="$llvm" KCFLAGS=-Werror \
		KBUILD_MODPOST_WARN=1) >"$OUT/clang.err" 2>&1; then
		not_ok "$name" "$(compiler_findings "$log" | head -n 20)
$(tail -n 3 "$OUT/clang.err")
full log: $log"
	elif [ ! -f "$dir/module/synclab.ko" ] || [ ! -f "$dir/tests/synclab_kunit.ko" ]; then
		not_ok "$name" "missing: $(cd "$dir" && ls module/synclab.ko tests/synclab_kunit.ko 2>&1 >/dev/null)"
	elif ! readelf -p .comment "$dir/module/synclab.ko" | grep -q 'clang version'; then
		not_ok "$name" "synclab.ko's .comment names no clang: $(readelf -p .comment "$dir/module/synclab.ko" | tail -n 3)"
	else
		verdict "$name" "$(compiler_findings "$log")"
		verdict "synclab.ko and synclab_kunit.ko name their author (modinfo -F author)" \
			"$(for ko in "$dir/module/synclab.ko" "$dir/tests/synclab_kunit.ko"; do
				[ -n "$(modinfo -F author "$ko" 2>/dev/null)" ] || echo "no author: $ko"
			done)"
	fi
}

# ---------------------------------------------------------------- shellcheck

# shell_scripts: the tree's shell scripts, one path a line, relative to ROOT.
shell_scripts() {
	local f first
	(cd "$ROOT" && { git ls-files 2>/dev/null || find . -type f ! -path './build/*' ! -path './.git/*' | sed 's|^\./||'; }) |
		while IFS= read -r f; do
			[ -f "$ROOT/$f" ] || continue
			case $f in *.sh | *.bash) echo "$f"; continue ;; esac
			IFS= read -r first <"$ROOT/$f" || continue
			case $first in
			'#!'*/sh | '#!'*/bash | '#!'*' sh' | '#!'*' bash') echo "$f" ;;
			esac
		done
}

shellcheck_check() {
	local f files=() found bad
	if ! (lab ensure_packages shellcheck) >"$OUT/shellcheck-setup.log" 2>&1; then
		not_ok "shellcheck is installed" "$(tail -n 3 "$OUT/shellcheck-setup.log")"
		return
	fi
	mapfile -t files < <(shell_scripts)
	if [ ${#files[@]} -eq 0 ]; then
		not_ok "shellcheck: the tree has shell scripts" "none found by git ls-files"
		return
	fi
	# Settings (source-path) come from the tree's .shellcheckrc.
	for f in "${files[@]}"; do
		found=$(cd "$ROOT" && shellcheck -f gcc "$f" 2>&1)
		verdict "shellcheck finds nothing in $f" "$found"
	done
	bad=$(cd "$ROOT" && grep -nE '#[[:space:]]*shellcheck[[:space:]]+disable=' "${files[@]}" |
		grep -vE 'disable=[A-Z0-9,]+[[:space:]]+#[[:space:]]*[^[:space:]]')
	verdict "every 'shellcheck disable=' in ${#files[@]} scripts says why (# reason after the codes)" "$bad"
}

# timed CHECK WHAT: run CHECK, then say how long it took.
timed() {
	local t=$SECONDS
	"$1"
	printf '# %s: %d s\n' "$2" $((SECONDS - t))
}
timed kernel_doc_check "kernel-doc, wall time"
timed grading_build_check "the grading build with W=1 and sparse, wall time"
timed clang_check "the clang build (its tree prepared once, then cached), wall time"
timed shellcheck_check "shellcheck, wall time"
printf '1..%d\n' "$TAP_N"
