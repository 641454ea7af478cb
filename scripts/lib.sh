#!/usr/bin/env bash
# shellcheck shell=bash
# synclab lab: common functions, sourced by every script under scripts/.
#
# This is the one place that knows where things are cached and how the
# kernels are obtained:
#
#   $SYNCLAB_CACHE                  default ${XDG_CACHE_HOME:-$HOME/.cache}/synclab
#     stock/<kver>/vmlinuz          stock Debian kernel images (apt-get download
#                                   linux-image-<kver>-unsigned + dpkg -x, not installed)
#     src/linux-source-<pkgver>/    the extracted linux-source-6.12 package
#     kunit/<pkgver>-<hash>/        the KUnit/debug test kernel (O= tree; valid KDIR),
#     kcsan/<pkgver>-<hash>/        and the KCSAN kernel, each keyed by the source
#                                   package version and a hash of its config
#                                   fragments (tests/vm/base.config + NAME.config)
#     logs/                         kernel build and apt logs
#
#     stock/<kver>/headers/         linux-headers-<kver>, its -common and linux-kbuild,
#                                   unpacked with dpkg-deb (not installed); a valid KDIR
# Kernel versions are discovered from apt-cache at run time, never hard-coded;
# SYNCLAB_KVER_6_1 / SYNCLAB_KVER_6_12 override the discovery.
#
# Source it (. scripts/lib.sh) or run one function as a command:
#   scripts/lib.sh stock_kernel 6.12    -> KVER BZIMAGE KDIR
#   scripts/lib.sh test_kernel kunit    -> KVER BZIMAGE KDIR (builds it once)
#   scripts/lib.sh test_kernel kcsan    -> the same for the KCSAN kernel
#   scripts/lib.sh kernel_version 6.1   -> 6.1.0-N-amd64

set -eu
shopt -s inherit_errexit 2>/dev/null || true

SYNCLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SYNCLAB_CACHE=${SYNCLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synclab}
SYNCLAB_LOGS=$SYNCLAB_CACHE/logs
export SYNCLAB_ROOT SYNCLAB_CACHE

# The kernel source package the KUnit kernel and checkpatch come from.
SYNCLAB_SOURCE_PKG=${SYNCLAB_SOURCE_PKG:-linux-source-6.12}

# Everything the lab needs from Debian, on top of gcc and make.
SYNCLAB_LAB_PACKAGES="qemu-system-x86 busybox-static cpio gzip xz-utils kmod
flex bison bc libelf-dev libssl-dev python3 perl jq gcc make libc-bin
$SYNCLAB_SOURCE_PKG"

# ---------------------------------------------------------------- messages

say() { printf 'synclab: %s\n' "$*" >&2; }

# die MESSAGE: one line naming what failed (and where the full log is), exit 1.
die() {
	printf 'synclab: error: %s\n' "$*" >&2
	exit 1
}

# run_logged LOG WHAT CMD...: run CMD with all output appended to LOG;
# on failure show the tail of LOG and die naming WHAT and LOG.
run_logged() {
	local log=$1 what=$2 rc=0
	shift 2
	mkdir -p "$(dirname "$log")"
	printf '\n### %s\n### %s\n' "$(date '+%F %T')" "$*" >>"$log"
	"$@" >>"$log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -n 25 "$log" | sed 's/^/  | /' >&2
		die "$what failed (exit $rc); full log: $log"
	fi
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------- packages

# packages_missing PKG...: print the packages that are not installed.
packages_missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || printf '%s\n' "$p"
	done
}

# apt_update: refresh the package lists (once per process).
apt_update() {
	[ -n "${SYNCLAB_APT_UPDATED:-}" ] && return 0
	say "apt-get update"
	run_logged "$SYNCLAB_LOGS/apt.log" "apt-get update" apt-get update
	SYNCLAB_APT_UPDATED=1
}

# ensure_packages PKG...: install what is missing when root; otherwise print
# the exact command to run and exit non-zero.
ensure_packages() {
	local missing
	missing=$(packages_missing "$@" | tr '\n' ' ')
	missing=${missing% }
	[ -z "$missing" ] && return 0
	if ! is_root; then
		printf 'synclab: missing packages: %s\n' "$missing" >&2
		printf 'synclab: install them with:\n  sudo apt-get install -y %s\n' "$missing" >&2
		exit 1
	fi
	say "installing: $missing"
	# shellcheck disable=SC2086
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		$missing >>"$SYNCLAB_LOGS/apt.log" 2>&1; then
		# Stale or empty package lists are the usual cause: refresh once, retry.
		apt_update
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive run_logged "$SYNCLAB_LOGS/apt.log" \
			"apt-get install $missing" \
			apt-get install -y --no-install-recommends $missing
	fi
}

ensure_lab_packages() {
	mkdir -p "$SYNCLAB_LOGS"
	# shellcheck disable=SC2086
	ensure_packages $SYNCLAB_LAB_PACKAGES
}

# ensure_fuzz_packages: clang and the libFuzzer runtime of its version
# (libclang-rt-<major>-dev), for scripts/fuzz.sh.
ensure_fuzz_packages() {
	local major
	mkdir -p "$SYNCLAB_LOGS"
	ensure_packages clang
	major=$(clang -dumpversion | cut -d. -f1)
	ensure_packages "libclang-rt-$major-dev"
}

# ------------------------------------------------------- version discovery

# apt_names REGEX: package names matching REGEX known to apt-cache.
apt_names() {
	apt-cache search --names-only "$1" 2>/dev/null | awk '{print $1}' | grep -E "$1" || true
}

# series_image_regex SERIES: the linux-image-*-unsigned names of a series.
series_image_regex() {
	case $1 in
	6.1) echo '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' ;;
	6.12) echo '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' ;;
	*) die "unknown kernel series '$1' (known: 6.1 6.12)" ;;
	esac
}

# kernel_version SERIES: the newest <kver> of SERIES (e.g. 6.1.0-56-amd64)
# for which apt has both linux-image-<kver>-unsigned and linux-headers-<kver>.
kernel_version() {
	local series=$1 override names kver
	override=$(eval "echo \${SYNCLAB_KVER_${series//./_}:-}")
	if [ -n "$override" ]; then
		echo "$override"
		return 0
	fi
	names=$(apt_names "$(series_image_regex "$series")")
	if [ -z "$names" ] && is_root; then
		apt_update
		names=$(apt_names "$(series_image_regex "$series")")
	fi
	[ -n "$names" ] || die "apt-cache knows no linux-image package of the $series series (run 'apt-get update' as root)"
	for kver in $(printf '%s\n' "$names" | sed 's/^linux-image-//; s/-unsigned$//' | sort -rV); do
		if apt-cache show --no-all-versions "linux-headers-$kver" >/dev/null 2>&1; then
			echo "$kver"
			return 0
		fi
	done
	die "no $series kernel has both linux-image-<ver>-unsigned and linux-headers-<ver> in apt-cache"
}

# stock_kernel SERIES: make sure the newest stock kernel image of SERIES is
# in the cache and its headers are installed.
# Prints one line: KVER BZIMAGE KDIR
stock_kernel() {
	local series=$1 kver dir tmp deb
	kver=$(kernel_version "$series")
	dir=$SYNCLAB_CACHE/stock/$kver
	if [ ! -s "$dir/vmlinuz" ]; then
		say "downloading linux-image-$kver-unsigned into $dir"
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/synclab-image.XXXXXX")
		chmod 755 "$tmp" # apt's _apt user writes the download here
		(cd "$tmp" && run_logged "$SYNCLAB_LOGS/apt.log" \
			"apt-get download linux-image-$kver-unsigned" \
			apt-get download "linux-image-$kver-unsigned") || { rm -rf "$tmp"; exit 1; }
		deb=$(ls "$tmp"/*.deb)
		if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./boot 2>>"$SYNCLAB_LOGS/apt.log"; then
			rm -rf "$tmp"
			die "extracting $deb failed; log: $SYNCLAB_LOGS/apt.log"
		fi
		mkdir -p "$dir"
		cp "$tmp/boot/config-$kver" "$dir/config" 2>/dev/null || true
		cp "$tmp/boot/System.map-$kver" "$dir/System.map" 2>/dev/null || true
		cp "$tmp/boot/vmlinuz-$kver" "$dir/vmlinuz.tmp"
		mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
		rm -rf "$tmp"
	fi
	echo "$kver $dir/vmlinuz $(stock_headers "$kver")"
}

# stock_headers KVER: the build tree of linux-headers-KVER, unpacked (not
# installed) into the cache with the two packages it needs, the -common
# headers and linux-kbuild, once. Prints its path. Unpacking takes seconds
# where installing took minutes (apt runs the packages' triggers), and
# changes nothing on the host.
stock_headers() {
	local kver=$1 root tmp pkgs deb
	root=$SYNCLAB_CACHE/stock/$kver/headers
	if [ ! -f "$root/.synclab-unpacked" ]; then
		pkgs="linux-headers-$kver $(apt-cache depends "linux-headers-$kver" 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-(headers-.*-common|kbuild-)/ { print $2 }' | tr '\n' ' ')"
		case $pkgs in
		*-common*kbuild* | *kbuild*-common*) ;;
		*) die "apt-cache does not list the -common headers and linux-kbuild that linux-headers-$kver needs" ;;
		esac
		say "unpacking $pkgs into $root"
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/synclab-headers.XXXXXX")
		chmod 755 "$tmp" # apt's _apt user writes the download here
		# shellcheck disable=SC2086
		(cd "$tmp" && run_logged "$SYNCLAB_LOGS/apt.log" "apt-get download $pkgs" \
			apt-get download $pkgs) || { rm -rf "$tmp"; exit 1; }
		rm -rf "$root"
		mkdir -p "$root"
		for deb in "$tmp"/*.deb; do
			dpkg-deb -x "$deb" "$root" 2>>"$SYNCLAB_LOGS/apt.log" ||
				{ rm -rf "$tmp" "$root"; die "unpacking $deb failed; log: $SYNCLAB_LOGS/apt.log"; }
		done
		rm -rf "$tmp"
		# Its Makefile includes the -common tree by absolute path: the unpacked one.
		sed -i "s|^include /usr/src/|include $root/usr/src/|" "$root/usr/src/linux-headers-$kver/Makefile"
		touch "$root/.synclab-unpacked"
	fi
	[ -f "$root/usr/src/linux-headers-$kver/Makefile" ] ||
		die "linux-headers-$kver unpacked into $root has no Makefile"
	echo "$root/usr/src/linux-headers-$kver"
}

# ------------------------------------------------------ kernel source tree

source_pkg_version() {
	dpkg-query -W -f='${Version}' "$SYNCLAB_SOURCE_PKG" 2>/dev/null ||
		die "$SYNCLAB_SOURCE_PKG is not installed"
}

# kernel_source: the extracted linux-source tree (extracted once). Prints its path.
kernel_source() {
	local ver dir tarball tmp
	ensure_packages "$SYNCLAB_SOURCE_PKG"
	ver=$(source_pkg_version)
	dir=$SYNCLAB_CACHE/src/$SYNCLAB_SOURCE_PKG-$(printf '%s' "$ver" | tr '~+:' '___')
	if [ ! -f "$dir/.synclab-extracted" ]; then
		tarball=$(ls /usr/src/"$SYNCLAB_SOURCE_PKG".tar.* 2>/dev/null | head -n 1)
		[ -n "$tarball" ] || die "$SYNCLAB_SOURCE_PKG is installed but /usr/src/$SYNCLAB_SOURCE_PKG.tar.* is missing"
		say "extracting $tarball into $dir"
		mkdir -p "$SYNCLAB_CACHE/src"
		tmp=$(mktemp -d "$SYNCLAB_CACHE/src/.extract.XXXXXX")
		if ! tar -xf "$tarball" -C "$tmp" 2>"$tmp.log"; then
			rm -rf "$tmp"
			die "extracting $tarball failed: $(tail -n 1 "$tmp.log")"
		fi
		rm -f "$tmp.log"
		rm -rf "$dir"
		mv "$tmp/$SYNCLAB_SOURCE_PKG" "$dir"
		rmdir "$tmp"
		touch "$dir/.synclab-extracted"
	fi
	echo "$dir"
}

# ------------------------------------------------------------ test kernels

# The lab's own kernels, built from linux-source with `make tinyconfig` +
# tests/vm/base.config + tests/vm/NAME.config:
#   kunit  KUnit, lockdep, atomic-sleep, KASAN, UBSAN, kmemleak, hung task
#   kcsan  KCSAN (it excludes KASAN), lockdep, atomic-sleep, hung task
#   perf   no debugging options, locktorture as a module (benchmarks)
SYNCLAB_TEST_KERNELS="kunit kcsan perf"

test_kernel_fragments() {
	case ${1:-} in
	kunit | kcsan | perf) ;;
	*) die "unknown test kernel '${1:-}' (known: $SYNCLAB_TEST_KERNELS)" ;;
	esac
	echo "$SYNCLAB_ROOT/tests/vm/base.config $SYNCLAB_ROOT/tests/vm/$1.config"
}

# test_kernel_dir NAME: where kernel NAME for the current source package and
# fragments lives (whether built or not).
test_kernel_dir() {
	local hash
	# shellcheck disable=SC2046
	hash=$(cat $(test_kernel_fragments "$1") | sha256sum | cut -c1-12)
	echo "$SYNCLAB_CACHE/$1/$(source_pkg_version | tr '~+:' '___')-$hash"
}

# check_config_fragment FRAGMENT CONFIG: every option the fragment sets has
# that value in CONFIG (Kconfig silently drops what it cannot satisfy).
check_config_fragment() {
	local frag=$1 config=$2 bad="" line opt val got
	while IFS= read -r line; do
		case $line in CONFIG_*=*) ;; *) continue ;; esac
		opt=${line%%=*}
		val=${line#*=}
		got=$(grep -E "^($opt=|# $opt is not set)" "$config" || true)
		if [ "$val" = n ]; then
			case $got in "" | "# $opt is not set") continue ;; esac
		elif [ "$got" = "$opt=$val" ]; then
			continue
		fi
		bad="$bad $opt=$val(got:${got:-unset})"
	done <"$frag"
	if [ -n "$bad" ]; then
		say "options of $frag that Kconfig did not keep:$bad"
		return 1
	fi
}

# test_kernel NAME: build the lab's kernel NAME once, cached.
# Prints one line: KVER BZIMAGE KDIR
test_kernel() {
	local name=$1 frags src out log jobs f
	frags=$(test_kernel_fragments "$name")
	ensure_packages flex bison bc libelf-dev libssl-dev gcc make perl
	src=$(kernel_source)
	out=$(test_kernel_dir "$name")
	log=$SYNCLAB_LOGS/$name-kernel-$(basename "$out").log
	if [ ! -f "$out/.synclab-built" ]; then
		jobs=$(($(nproc) + 1))
		mkdir -p "$out" "$SYNCLAB_LOGS"
		say "building the $name test kernel in $out (5 to 10 minutes on 2 cores); log: $log"
		: >"$log"
		run_logged "$log" "make tinyconfig" make -C "$src" O="$out" tinyconfig
		# shellcheck disable=SC2086
		run_logged "$log" "merge_config.sh $frags" \
			env -C "$src" scripts/kconfig/merge_config.sh -m -O "$out" \
			"$out/.config" $frags
		run_logged "$log" "make olddefconfig" make -C "$src" O="$out" olddefconfig
		for f in $frags; do
			check_config_fragment "$f" "$out/.config" ||
				die "tests/vm/$(basename "$f") does not apply to $(basename "$src") (see the options above)"
		done
		local t0=$SECONDS
		run_logged "$log" "building the $name kernel" \
			make -C "$src" O="$out" -j"$jobs" bzImage modules
		say "$name kernel built in $((SECONDS - t0)) s"
		touch "$out/.synclab-built"
	fi
	echo "$(cat "$out/include/config/kernel.release") $out/arch/x86/boot/bzImage $out"
}


# kunit_py: the kernel's own KTAP parser from the extracted source.
kunit_py() {
	echo "$(kernel_source)/tools/testing/kunit/kunit.py"
}

# ------------------------------------------------------------ module builds

# build_modules KDIR OUTDIR LOG [make args...]: copy the kbuild sources
# (Kbuild, module/, tests/) into OUTDIR and build them against KDIR there,
# so that builds for different kernels never overwrite each other's .ko.
build_modules() {
	local kdir=$1 outdir log=$3
	outdir=$(realpath -m "$2") # kbuild's M= must be absolute
	shift 3
	[ -f "$kdir/Makefile" ] || die "no kernel build tree at $kdir"
	rm -rf "$outdir"
	mkdir -p "$outdir"
	(cd "$SYNCLAB_ROOT" && tar -cf - --exclude='*.o' --exclude='*.ko' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.order' \
		--exclude='*.symvers' Kbuild module tests) | tar -xf - -C "$outdir"
	mkdir -p "$(dirname "$log")"
	: >"$log"
	run_logged "$log" "building the module against $kdir" \
		make -C "$kdir" M="$outdir" "$@" modules
}

# module_build_dir KDIR: where build_modules puts the modules for KDIR
# (build/<name of the kernel tree>, one per kernel).
module_build_dir() {
	echo "$SYNCLAB_ROOT/build/$(basename "$1")"
}

# guest_kernel KERNEL: a kernel to boot (6.1, 6.12, kunit, kcsan or perf), the module
# built for it and the synclab tool. Prints one line: BZIMAGE KO TOOL
guest_kernel() {
	local out kver bz kdir dir
	case ${1:-} in
	6.1 | 6.12) out=$(stock_kernel "$1") ;;
	kunit | kcsan | perf) out=$(test_kernel "$1") ;;
	*) die "KERNEL must be 6.1, 6.12, kunit, kcsan or perf, not '${1:-}'" ;;
	esac
	read -r kver bz kdir <<<"$out"
	dir=$(module_build_dir "$kdir")
	say "building the module for $kver in $dir"
	build_modules "$kdir" "$dir" "$SYNCLAB_ROOT/build/logs/module-$(basename "$kdir").log"
	say "building the synclab tool"
	run_logged "$SYNCLAB_ROOT/build/logs/tool.log" "building the synclab tool (make -C userspace)" \
		make -C "$SYNCLAB_ROOT/userspace" synclab
	echo "$bz $dir/module/synclab.ko $SYNCLAB_ROOT/userspace/synclab"
}

# -------------------------------------------------------- console logs

# The kernel's own reports of bugs, in the console log of a guest.
SYNCLAB_BAD_PATTERNS='BUG:|WARNING:|Oops|Kernel panic|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|lock held when returning|KASAN:|UBSAN:|kmemleak: .*suspected memory leak|unreferenced object 0x|INFO: task .* blocked|soft lockup|self-detected stall|RCU stall|rcu: INFO: .*stall|Call Trace:'

# scan_console_log LOG: print the lines of LOG that report a kernel bug;
# succeeds when there are none.
scan_console_log() {
	local log=$1
	[ -s "$log" ] || {
		echo "(empty or missing log: $log)"
		return 1
	}
	! tr -d '\r' <"$log" | grep -nE "$SYNCLAB_BAD_PATTERNS"
}

# ------------------------------------------------------------------ KUnit

# module_ktap LOG MODULE.ko: the KTAP the kernel printed while vm-run
# insmod'ed MODULE.ko (KUnit runs a module's suites when it is loaded).
# The console's own boot-time KTAP block ("1..0") is left out.
module_ktap() {
	local log=$1 name
	name=$(basename "$2")
	tr -d '\r' <"$log" | awk -v m="SYNCLAB-VM-INSMOD $name" '
		$0 == m { on = 1; next }
		on && /^SYNCLAB-VM-/ { exit }
		on'
}

# kunit_count JSON: "PASSED FAILED SKIPPED" over every test case (each
# parameter of a parameterized test counts) of kunit.py parse --json output.
kunit_count() {
	python3 - "$1" <<'PY'
import json, sys
counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
def walk(group):
    for case in group.get("test_cases", []):
        status = case["status"]
        counts["PASS" if status == "PASS" else "SKIP" if status == "SKIP" else "FAIL"] += 1
    for sub in group.get("sub_groups", []):
        walk(sub)
walk(json.load(open(sys.argv[1])))
print(counts["PASS"], counts["FAIL"], counts["SKIP"])
PY
}

# ------------------------------------------------------------------ KCSAN

# The scenarios whose tight-loop lost updates KCSAN must report.
SYNCLAB_KCSAN_RACING="race naive-spin"

# kcsan_reports LOG FILTERED: sort the KCSAN reports of a guest that ran
# tests/vm/kcsan.sh by the scenario running when each was printed (between
# the "synclab-kcsan: begin/end NAME" markers). Prints one line per scenario
# and one for "(outside)": NAME SYNCLAB OTHER FUNCTIONS, where SYNCLAB counts
# the reports naming a function of synclab.ko, OTHER the kernel's own, and
# FUNCTIONS is "a / b" of each synclab report, ";"-separated.
# FILTERED gets LOG without the reports the test expects (synclab reports of
# the racing scenarios) and without the kernel's own (not synclab's to fix;
# they are listed as OTHER), for the console-log scan.
kcsan_reports() {
	python3 - "$1" "$2" "$SYNCLAB_KCSAN_RACING" <<'PY'
import re, sys
log, filtered, racing = sys.argv[1], sys.argv[2], sys.argv[3].split()
lines = open(log, errors="replace").read().replace("\r", "").split("\n")
rule = re.compile(r"={40,}")
order, counts, funcs = ["(outside)"], {"(outside)": [0, 0]}, {"(outside)": []}
out, section, i = [], "(outside)", 0
while i < len(lines):
    line = lines[i]
    m = re.search(r"synclab-kcsan: (begin|end) (\S+)", line)
    if m:
        section = m.group(2) if m.group(1) == "begin" else "(outside)"
        if section not in counts:
            order.append(section)
            counts[section], funcs[section] = [0, 0], []
    if rule.search(line) and i + 1 < len(lines) and "BUG: KCSAN:" in lines[i + 1]:
        j = i + 1
        while j < len(lines) and not rule.search(lines[j]):
            j += 1
        block = lines[i:j + 1]
        head = re.sub(r"^.*BUG: KCSAN: ", "", lines[i + 1])
        ours = any("[synclab]" in b for b in block)
        if ours:
            counts[section][0] += 1
            funcs[section].append(re.sub(r"^data-race in ", "", head))
            if section not in racing:
                out.extend(block)
        else:
            counts[section][1] += 1
        i = j + 1
        continue
    out.append(line)
    i += 1
open(filtered, "w").write("\n".join(out))
for name in order:
    print(name, counts[name][0], counts[name][1], ";".join(funcs[name]) or "-")
PY
}

# Run as a command: scripts/lib.sh FUNCTION ARGS...
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ $# -gt 0 ] || die "usage: $0 FUNCTION [ARGS...]"
	"$@"
fi
