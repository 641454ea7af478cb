#!/usr/bin/env bash
# shellcheck shell=bash
# synclab lab: common functions, sourced by every script under scripts/.
#
# This is the one place that knows where things are cached and how the
# kernels are obtained:
#
#   $SYNCLAB_CACHE                  default ${XDG_CACHE_HOME:-$HOME/.cache}/synclab
#     apt/                          the lab's own apt: sources list (Debian 12),
#                                   lists, package cache, an empty dpkg status
#     stock/<kver>/vmlinuz          stock Debian kernel images (linux-image-<kver>-unsigned
#                                   downloaded with the lab's apt, unpacked, not installed)
#     stock/<kver>/headers/         linux-headers-<kver>, its -common and linux-kbuild,
#                                   unpacked with dpkg-deb (not installed); a valid KDIR
#     apt-newest/                   the same for the newest profile (see lab_apt_profile)
#     src/linux-source-N.M-<pkgver>/ a linux-source package, unpacked and extracted
#                                   (6.12 of Debian 12; the newest of Debian 13's
#                                   backports and unstable)
#     kunit/<pkgver>-<hash>/        the KUnit/debug test kernel (O= tree; valid KDIR),
#     kcsan/<pkgver>-<hash>/        the KCSAN kernel, the perf kernel and the newest
#     perf/, newest/<pkgver>-<hash>/ kernel, each keyed by its source package version
#                                   and a hash of its config fragments
#                                   (kernels/base.config + NAME.config); newest/
#                                   also keeps debian.config, Debian's own config
#     clang/<pkgver>-<hash>-clang<N>/ the kunit kernel's config made with clang-N,
#                                   modules_prepare only: the clang build's KDIR
#     logs/                         kernel build and apt logs
#
# Every Debian kernel package comes from Debian 12 (bookworm) through the
# lab's own apt configuration, whatever the host runs; the host's apt sources,
# lists and packages are never used or changed for them. Kernel versions are
# discovered from those lists at run time, never hard-coded;
# SYNCLAB_KVER_6_1 / SYNCLAB_KVER_6_12 override the discovery.
#
# Source it (. scripts/lib.sh) or run one function as a command:
#   scripts/lib.sh stock_kernel 6.12    -> KVER BZIMAGE KDIR
#   scripts/lib.sh test_kernel kunit    -> KVER BZIMAGE KDIR (builds it once)
#   scripts/lib.sh test_kernel kcsan    -> the same for the KCSAN kernel
#   scripts/lib.sh test_kernel newest   -> the same for the newest kernel Debian ships
#   scripts/lib.sh kernel_version 6.1   -> 6.1.0-N-amd64

set -eu
shopt -s inherit_errexit 2>/dev/null || true

SYNCLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SYNCLAB_CACHE=${SYNCLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synclab}
SYNCLAB_LOGS=$SYNCLAB_CACHE/logs
export SYNCLAB_ROOT SYNCLAB_CACHE

# The kernel source package the KUnit kernel and checkpatch come from.
SYNCLAB_SOURCE_PKG=${SYNCLAB_SOURCE_PKG:-linux-source-6.12}

# The host's packages, by what a command needs (Debian and Ubuntu names).
# Booting a stock kernel with the module and the tool (make demo, make vm):
# QEMU, busybox and cpio for the guest, gzip for its initramfs, a compiler
# and make; gcc-12 is the compiler Debian 12's kernels were built with and
# name in their headers (x86_64-linux-gnu-gcc-12), and pahole (dwarves)
# writes the module's BTF against the vmlinux that the 6.12 headers ship
# (without it the build stops at "BTF [M]"); dwarves brings libelf, which
# the headers' objtool and resolve_btfids are linked with.
SYNCLAB_DEMO_PACKAGES="qemu-system-x86 busybox-static cpio gzip gcc gcc-12 make libc6-dev dwarves"
# Every suite of make check and the grader: the above, Python (kunit.py,
# the grader), Perl (checkpatch), and for the tool's tests pgrep (procps)
# and man (man-db).
SYNCLAB_LAB_PACKAGES="$SYNCLAB_DEMO_PACKAGES python3 perl procps man-db"
# Building the lab's own kernels (kunit, kcsan, perf) from linux-source;
# xz-utils extracts the source tarball.
SYNCLAB_KERNEL_BUILD_PACKAGES="flex bison bc libelf-dev libssl-dev perl xz-utils gcc make libc6-dev"

# ---------------------------------------------------------------- messages

say() { printf 'synclab: %s\n' "$*" >&2; }

# ok NAME / not_ok NAME [DETAIL]: one TAP line of a host-side check script
# (static-checks.sh, check-hosts.sh), numbered; DETAIL's first 30 lines as
# "# " comments. The script only emits: scripts/tap-count counts.
TAP_N=0
ok() {
	TAP_N=$((TAP_N + 1))
	printf 'ok %d - %s\n' "$TAP_N" "$1"
}
not_ok() {
	TAP_N=$((TAP_N + 1))
	printf 'not ok %d - %s\n' "$TAP_N" "$1"
	[ $# -lt 2 ] || printf '%s\n' "$2" | head -n 30 | sed 's/^/# /'
}

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

# need_apt: this host has apt and dpkg (Debian, Ubuntu and their kind);
# elsewhere the lab runs in its container.
need_apt() {
	local c
	for c in apt-get apt-cache dpkg-deb dpkg-query; do
		command -v "$c" >/dev/null 2>&1 ||
			die "this host has no $c (it is not Debian or Ubuntu): run the lab in its container instead: scripts/in-container make demo"
	done
}

# packages_missing PKG...: print the packages that are not installed.
packages_missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || printf '%s\n' "$p"
	done
}

# apt_problem LOG [WHERE]: one line naming why apt failed in LOG and what
# to do about it; nothing when the cause is not one of these. WHERE is the
# directory whose disk a "no space" concerns.
apt_problem() {
	local log=$1 where=${2:-$SYNCLAB_CACHE} holder pkg host fix
	if grep -qE 'No space left on device|You don.t have enough free space' "$log"; then
		fix="free some space there"
		case $where in "$SYNCLAB_CACHE"*) fix="$fix (the lab's cache needs about 1 GB, 5 GB with the debug kernels) or set SYNCLAB_CACHE to a disk with room" ;; esac
		echo "no space left on the disk of $where ($(df -h "$where" 2>/dev/null | awk 'NR == 2 { print $4 " free" }')): $fix"
	elif grep -qE 'Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock' "$log"; then
		holder=$(grep -oE 'held by process [0-9]+( \([^)]*\))?' "$log" | tail -n 1)
		echo "another package manager holds the apt lock${holder:+ ($holder)}: wait until it has finished (an update running in the background, another terminal), then run this again"
	elif grep -qE 'Temporary failure resolving|Could not resolve|Could not connect|Network is unreachable|No route to host|Connection timed out|Connection failed|Unable to connect' "$log"; then
		host=$(grep -oE '(Failed to fetch|Err:[0-9]+) [a-z]+://[^/ ]+' "$log" | head -n 1 | sed 's|.*://||')
		echo "no network${host:+: cannot reach $host}: connect this machine to the internet (behind a proxy: export http_proxy=http://HOST:PORT), then run this again"
	elif pkg=$(grep -oE "Unable to locate package [^ ]+|Package '?[^ ']+'? has no installation candidate" "$log" | tail -n 1) && [ -n "$pkg" ]; then
		echo "apt does not know a package ($pkg): run 'sudo apt-get update' and this again; if it still does not, this release lacks it: use scripts/in-container"
	elif grep -qE 'NO_PUBKEY|EXPKEYSIG|is not signed|invalid signature|The following signatures' "$log"; then
		echo "the Debian archive's signature did not verify with $SYNCLAB_APT_DIR/etc/debian-archive.gpg: update debian-archive-keyring (or the lab's scripts/keys/), then run this again"
	fi
	return 0
}

# explain_failure ERRFILE: apt_problem's line for ERRFILE, else its last
# line; ERRFILE is removed.
explain_failure() {
	local problem
	problem=$(apt_problem "$1")
	[ -n "$problem" ] || problem=$(tail -n 1 "$1" 2>/dev/null)
	rm -f "$1"
	echo "${problem:-no message}"
}

# apt_try LOG CMD...: run CMD with its output appended to LOG and kept in
# $SYNCLAB_APT_OUT (this run's output only, for apt_problem); returns its
# status. A run that printed "Failed to fetch" failed, whatever apt-get
# update's status says.
apt_try() {
	local log=$1 rc=0
	shift
	mkdir -p "$(dirname "$log")"
	SYNCLAB_APT_OUT=$(mktemp "${TMPDIR:-/tmp}/synclab-apt.XXXXXX")
	printf '\n### %s\n### %s\n' "$(date '+%F %T')" "$*" >>"$log"
	"$@" >"$SYNCLAB_APT_OUT" 2>&1 || rc=$?
	cat "$SYNCLAB_APT_OUT" >>"$log"
	if [ "$rc" -eq 0 ] && grep -qE '^(E|W): (Failed to fetch|Some index files failed)' "$SYNCLAB_APT_OUT"; then
		rc=100
	fi
	return "$rc"
}

# apt_fail WHAT [WHERE]: die after apt_try failed: the cause in one line
# when apt_problem knows it, else the tail of apt's output.
apt_fail() {
	local what=$1 where=${2:-$SYNCLAB_CACHE} problem
	problem=$(apt_problem "$SYNCLAB_APT_OUT" "$where")
	if [ -z "$problem" ]; then
		tail -n 15 "$SYNCLAB_APT_OUT" | sed 's/^/  | /' >&2
		problem="see $SYNCLAB_LOGS/apt.log"
	fi
	rm -f "$SYNCLAB_APT_OUT"
	die "$what failed: $problem"
}

# host_apt_get ARGS...: the host's own apt-get, non-interactive, waiting
# up to a minute for a package manager that holds the lock.
host_apt_get() {
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@"
}

# ensure_packages PKG...: install on the host what is missing, when root;
# otherwise print the one command to run and exit non-zero. The host's own
# lists are refreshed only when an install fails without them (a fresh
# system or container has none).
ensure_packages() {
	local missing log=$SYNCLAB_LOGS/apt.log
	need_apt
	missing=$(packages_missing "$@" | tr '\n' ' ')
	missing=${missing% }
	[ -z "$missing" ] && return 0
	if ! is_root; then
		printf 'synclab: missing packages: %s\n' "$missing" >&2
		printf 'synclab: install them with:\n  sudo apt-get install -y %s\n' "$missing" >&2
		exit 1
	fi
	say "installing: $missing"
	# shellcheck disable=SC2086 # a list of package names, split on purpose
	if apt_try "$log" host_apt_get install -y --no-install-recommends $missing; then
		rm -f "$SYNCLAB_APT_OUT"
		return 0
	fi
	case $(apt_problem "$SYNCLAB_APT_OUT" /var/cache/apt) in
	"" | "apt does not know a package"*)
		rm -f "$SYNCLAB_APT_OUT"
		say "apt-get update (the host's package lists are missing or out of date)"
		apt_try "$log" host_apt_get update || apt_fail "apt-get update" /var/lib/apt
		rm -f "$SYNCLAB_APT_OUT"
		# shellcheck disable=SC2086 # a list of package names, split on purpose
		apt_try "$log" host_apt_get install -y --no-install-recommends $missing ||
			apt_fail "apt-get install $missing" /var/cache/apt
		rm -f "$SYNCLAB_APT_OUT"
		;;
	*) apt_fail "apt-get install $missing" /var/cache/apt ;;
	esac
}

# ensure_demo_packages: what booting a stock kernel with the module needs.
ensure_demo_packages() {
	mkdir -p "$SYNCLAB_LOGS"
	# shellcheck disable=SC2086 # a list of package names, split on purpose
	ensure_packages $SYNCLAB_DEMO_PACKAGES
}

# ensure_lab_packages: what every suite of make check and the grader need
# (the debug kernels' build tools come with test_kernel, when one is built).
ensure_lab_packages() {
	mkdir -p "$SYNCLAB_LOGS"
	# shellcheck disable=SC2086 # a list of package names, split on purpose
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

# ---------------------------------------------------------------- the lab's apt

# The lab's own apt configurations ("profiles"), each under its own
# directory of the cache, with lists, package cache and an empty dpkg
# status of its own, verified with Debian's archive keys (the host's
# debian-archive-keyring when it has one, and always the lab's copy,
# scripts/keys/debian-archive-bookworm.gpg, which holds the keys that sign
# Debian 12 and 13, and Debian 13's those of unstable). They only read lists
# and download packages (never install), so they work as any user, on any
# host with apt-get and dpkg-deb, whatever its release.
#
#   debian12        apt/        Debian 12: main, updates, security; amd64
#                               (the stock kernels 6.1 and 6.12, linux-source-6.12)
#   debian12-arm64  apt-arm64/  the same suites, arm64 (the stock arm64 kernel)
#   newest          apt-newest/ Debian 13's backports and unstable; amd64
#                               (the newest linux-source Debian ships)
#
# lab_apt_profile NAME selects one for the functions below; debian12 is
# selected when this file is sourced.
SYNCLAB_APT_MIRROR=${SYNCLAB_APT_MIRROR:-http://deb.debian.org}
SYNCLAB_APT_KEYS=$SYNCLAB_ROOT/scripts/keys/debian-archive-bookworm.gpg

lab_apt_profile() {
	SYNCLAB_APT_PROFILE=$1
	case $1 in
	debian12)
		SYNCLAB_APT_DIR=$SYNCLAB_CACHE/apt
		SYNCLAB_APT_ARCH=amd64
		SYNCLAB_APT_SUITES="debian:bookworm debian:bookworm-updates debian-security:bookworm-security"
		SYNCLAB_APT_LABEL="Debian 12's"
		;;
	debian12-arm64)
		SYNCLAB_APT_DIR=$SYNCLAB_CACHE/apt-arm64
		SYNCLAB_APT_ARCH=arm64
		SYNCLAB_APT_SUITES="debian:bookworm debian:bookworm-updates debian-security:bookworm-security"
		SYNCLAB_APT_LABEL="Debian 12's arm64"
		;;
	newest)
		SYNCLAB_APT_DIR=$SYNCLAB_CACHE/apt-newest
		SYNCLAB_APT_ARCH=amd64
		SYNCLAB_APT_SUITES="debian:trixie-backports debian:sid"
		SYNCLAB_APT_LABEL="Debian 13 backports' and unstable's"
		;;
	*) die "unknown apt profile '$1' (known: debian12 debian12-arm64 newest)" ;;
	esac
}
lab_apt_profile debian12

# replace_if_changed NEW FILE: move NEW over FILE unless they are the same.
replace_if_changed() {
	if cmp -s "$1" "$2"; then
		rm -f "$1"
	else
		mv "$1" "$2"
	fi
}

# lab_apt_setup: write the lab's apt configuration (the sources list, the
# keyring, the directories apt expects).
lab_apt_setup() {
	local d=$SYNCLAB_APT_DIR keys=$SYNCLAB_APT_KEYS opts tmp s
	case $d in *[[:space:]]*) die "the lab's cache path has a space ($SYNCLAB_CACHE), which apt's sources list cannot hold: set SYNCLAB_CACHE to a path without one" ;; esac
	[ -r "$keys" ] || die "the lab's copy of Debian's archive keys is missing: $keys"
	mkdir -p "$d/etc/sources.list.d" "$d/etc/preferences.d" "$d/etc/trusted.gpg.d" \
		"$d/state/lists/partial" "$d/cache/archives/partial"
	[ -f "$d/state/status" ] || : >"$d/state/status"
	tmp=$(mktemp "$d/etc/.new.XXXXXX")
	# One keyring, readable by apt's download user: the host's keys, then the lab's.
	cat /usr/share/keyrings/debian-archive-keyring.gpg "$keys" >"$tmp" 2>/dev/null || cat "$keys" >"$tmp"
	chmod 644 "$tmp"
	replace_if_changed "$tmp" "$d/etc/debian-archive.gpg"
	opts="[arch=$SYNCLAB_APT_ARCH signed-by=$d/etc/debian-archive.gpg]"
	tmp=$(mktemp "$d/etc/.new.XXXXXX")
	{
		echo "# Written by synclab (scripts/lib.sh lab_apt_setup, profile $SYNCLAB_APT_PROFILE): where the lab's kernels come from."
		for s in $SYNCLAB_APT_SUITES; do
			echo "deb $opts $SYNCLAB_APT_MIRROR/${s%%:*} ${s#*:} main"
		done
	} >"$tmp"
	chmod 644 "$tmp"
	replace_if_changed "$tmp" "$d/etc/sources.list"
}

# lab_apt apt-get|apt-cache ARGS...: the tool with the lab's configuration
# instead of the host's sources, lists, preferences, keys and dpkg status
# (the host's apt.conf.d still applies: proxies). The profile's
# architecture is the native one whatever the host's. As root, downloads run as root (apt's
# _apt user may not enter the cache in root's home).
lab_apt() {
	local tool=$1 d=$SYNCLAB_APT_DIR
	shift
	set -- -o Dir::Etc::SourceList="$d/etc/sources.list" \
		-o Dir::Etc::SourceParts="$d/etc/sources.list.d" \
		-o Dir::Etc::Preferences="$d/etc/preferences" \
		-o Dir::Etc::PreferencesParts="$d/etc/preferences.d" \
		-o Dir::Etc::Trusted="$d/etc/trusted.gpg" \
		-o Dir::Etc::TrustedParts="$d/etc/trusted.gpg.d" \
		-o Dir::State="$d/state" -o Dir::State::Lists="$d/state/lists" \
		-o Dir::State::status="$d/state/status" \
		-o Dir::Cache="$d/cache" -o Dir::Cache::archives="$d/cache/archives" \
		-o Dir::Cache::pkgcache="$d/cache/pkgcache.bin" \
		-o Dir::Cache::srcpkgcache="$d/cache/srcpkgcache.bin" \
		-o APT::Architecture="$SYNCLAB_APT_ARCH" -o APT::Architectures="$SYNCLAB_APT_ARCH" \
		-o Acquire::Languages=none -o APT::Update::Error-Mode=any "$@"
	if is_root; then
		set -- -o APT::Sandbox::User=root "$@"
	fi
	"$tool" "$@"
}

# lab_apt_lists_fresh: the lab's lists were updated in the last day.
lab_apt_lists_fresh() {
	local stamp=$SYNCLAB_APT_DIR/state/updated
	[ -f "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440 2>/dev/null)" ]
}

# lab_apt_update [--force]: refresh the lab's lists when they are missing,
# older than a day, or forced (after a failed download). When the network
# fails and there are lists, they are used as they are.
lab_apt_update() {
	local stamp=$SYNCLAB_APT_DIR/state/updated log=$SYNCLAB_LOGS/apt.log
	need_apt
	lab_apt_setup
	if [ "${1:-}" != --force ] && lab_apt_lists_fresh; then
		return 0
	fi
	# One update at a time per cache; a run that waited finds the lists fresh.
	local lock started=$SECONDS
	exec {lock}>"$SYNCLAB_APT_DIR/state/update.lock"
	flock -w 600 "$lock" || true
	if [ "${1:-}" != --force ] || [ "$SECONDS" -gt "$started" ]; then
		if lab_apt_lists_fresh; then
			exec {lock}>&-
			return 0
		fi
	fi
	say "updating the lab's package lists ($SYNCLAB_APT_LABEL) in $SYNCLAB_APT_DIR"
	if apt_try "$log" lab_apt apt-get update; then
		rm -f "$SYNCLAB_APT_OUT"
		touch "$stamp"
		exec {lock}>&-
		return 0
	fi
	exec {lock}>&-
	if [ -f "$stamp" ]; then
		say "could not update the lab's package lists ($(apt_problem "$SYNCLAB_APT_OUT")); using those of $(date -r "$stamp" '+%F %H:%M')"
		rm -f "$SYNCLAB_APT_OUT"
		return 0
	fi
	apt_fail "getting $SYNCLAB_APT_LABEL package lists ($SYNCLAB_APT_MIRROR)"
}

# cache_workdir PARENT OWNER_PID: a new directory in PARENT for one download
# or unpacking, named after the process doing it. Those of processes that
# are gone (interrupted) are removed first: a half download never stays in
# the cache to trip a later run. Results are moved into place when complete.
cache_workdir() {
	local parent=$1 owner=$2 d pid
	mkdir -p "$parent"
	for d in "$parent"/.partial.*; do
		[ -e "$d" ] || continue
		pid=${d##*/.partial.}
		pid=${pid%%.*}
		kill -0 "$pid" 2>/dev/null || rm -rf "$d"
	done
	mktemp -d "$parent/.partial.$owner.XXXXXX"
}

# lab_apt_download DIR PKG[=VERSION]...: download the packages' .deb files
# into DIR with the lab's apt; a failure refreshes the lists and tries
# once more (a package replaced since the lists were read), then dies
# naming the cause.
lab_apt_download() {
	local dir=$1
	shift
	lab_apt_update
	say "downloading $*"
	if lab_apt_get_download "$dir" "$@"; then
		rm -f "$SYNCLAB_APT_OUT"
		return 0
	fi
	rm -f "$dir"/*.deb
	# Lists older than the archive name a package it no longer has (404):
	# refresh them and try again; no network or no space: say so now.
	if [ -n "$(apt_problem "$SYNCLAB_APT_OUT")" ]; then
		rm -rf "$dir"
		apt_fail "downloading $*"
	fi
	rm -f "$SYNCLAB_APT_OUT"
	lab_apt_update --force
	if ! lab_apt_get_download "$dir" "$@"; then
		rm -rf "$dir"
		apt_fail "downloading $*"
	fi
	rm -f "$SYNCLAB_APT_OUT"
}

# unpack_debs DIR: every .deb in DIR unpacked into DIR/root with dpkg-deb
# (nothing installed, no package's scripts run); a failure removes DIR and
# dies naming the package and the cause.
unpack_debs() {
	local tmp=$1 deb
	mkdir -p "$tmp/root"
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$tmp/root" 2>"$tmp.err" || {
			rm -rf "$tmp"
			die "unpacking $(basename "$deb") failed: $(explain_failure "$tmp.err")"
		}
	done
	rm -f "$tmp.err"
}

# lab_apt_get_download DIR PKG...: apt-get download into DIR (apt writes
# to the current directory), through apt_try.
lab_apt_get_download() {
	local dir=$1 here=$PWD rc=0
	shift
	cd "$dir"
	apt_try "$SYNCLAB_LOGS/apt.log" lab_apt apt-get download "$@" || rc=$?
	cd "$here"
	return "$rc"
}

# ------------------------------------------------------- version discovery

# Which kernels KERNEL=6.1 and KERNEL=6.12 mean: Debian 12's stock kernels
# of each series, the newest in the lab's lists (6.1.0-N-amd64, Debian
# 12's own series, and 6.12.N+deb12-amd64, the newer kernel Debian 12
# carries).

# apt_names REGEX: package names matching REGEX in the lab's lists.
apt_names() {
	lab_apt apt-cache search --names-only "$1" 2>/dev/null | awk '{print $1}' | grep -E "$1" || true
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
# for which the lab's lists have both linux-image-<kver>-unsigned and
# linux-headers-<kver>.
kernel_version() {
	local series=$1 override regex names kver
	override=$(eval "echo \${SYNCLAB_KVER_${series//./_}:-}")
	if [ -n "$override" ]; then
		echo "$override"
		return 0
	fi
	regex=$(series_image_regex "$series")
	lab_apt_update
	names=$(apt_names "$regex")
	if [ -z "$names" ]; then
		lab_apt_update --force
		names=$(apt_names "$regex")
	fi
	[ -n "$names" ] || die "Debian 12's lists in $SYNCLAB_APT_DIR have no linux-image package of the $series series (see $SYNCLAB_LOGS/apt.log)"
	for kver in $(printf '%s\n' "$names" | sed 's/^linux-image-//; s/-unsigned$//' | sort -rV); do
		if lab_apt apt-cache show --no-all-versions "linux-headers-$kver" >/dev/null 2>&1; then
			echo "$kver"
			return 0
		fi
	done
	die "no $series kernel has both linux-image-<ver>-unsigned and linux-headers-<ver> in Debian 12's lists"
}

# stock_kernel SERIES: make sure the newest stock kernel image of SERIES is
# in the cache and its headers are unpacked.
# Prints one line: KVER BZIMAGE KDIR
stock_kernel() {
	local series=$1 kver dir tmp deb me=$BASHPID
	kver=$(kernel_version "$series")
	dir=$SYNCLAB_CACHE/stock/$kver
	if [ ! -s "$dir/vmlinuz" ]; then
		tmp=$(cache_workdir "$SYNCLAB_CACHE/stock" "$me")
		lab_apt_download "$tmp" "linux-image-$kver-unsigned"
		deb=$(ls "$tmp"/*.deb)
		if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./boot 2>"$tmp.err"; then
			rm -rf "$tmp"
			die "unpacking $(basename "$deb") failed: $(explain_failure "$tmp.err")"
		fi
		rm -f "$tmp.err"
		mkdir -p "$dir"
		cp "$tmp/boot/config-$kver" "$dir/config" 2>/dev/null || true
		cp "$tmp/boot/System.map-$kver" "$dir/System.map" 2>/dev/null || true
		mv "$tmp/boot/vmlinuz-$kver" "$dir/vmlinuz"
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
	local kver=$1 root tmp pkgs me=$BASHPID
	root=$SYNCLAB_CACHE/stock/$kver/headers
	if [ ! -f "$root/.synclab-unpacked" ]; then
		lab_apt_update
		pkgs="linux-headers-$kver $(lab_apt apt-cache depends "linux-headers-$kver" 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-(headers-.*-common|kbuild-)/ { print $2 }' | tr '\n' ' ')"
		pkgs=${pkgs% }
		case $pkgs in
		*-common*kbuild* | *kbuild*-common*) ;;
		*) die "Debian 12's lists do not name the -common headers and linux-kbuild that linux-headers-$kver needs" ;;
		esac
		tmp=$(cache_workdir "$SYNCLAB_CACHE/stock" "$me")
		# shellcheck disable=SC2086 # a list of package names, split on purpose
		lab_apt_download "$tmp" $pkgs
		say "unpacking $pkgs into $root"
		unpack_debs "$tmp"
		# Its Makefile includes the -common tree by absolute path: the unpacked one.
		sed -i "s|^include /usr/src/|include $root/usr/src/|" "$tmp/root/usr/src/linux-headers-$kver/Makefile"
		touch "$tmp/root/.synclab-unpacked"
		rm -rf "$root"
		mkdir -p "$(dirname "$root")"
		mv "$tmp/root" "$root"
		rm -rf "$tmp"
	fi
	[ -f "$root/usr/src/linux-headers-$kver/Makefile" ] ||
		die "linux-headers-$kver unpacked into $root has no Makefile"
	echo "$root/usr/src/linux-headers-$kver"
}

# ------------------------------------------------------ kernel source tree

# The lab's kernels are built from a Debian linux-source-N.M package, named
# with the apt profile whose lists have it (see lab_apt_profile; the
# functions that select a profile run in a subshell, so that the caller's
# stays as it was):
# linux-source-6.12 of Debian 12 (SYNCLAB_SOURCE_PKG, the default of the
# functions below: the kunit, kcsan and perf kernels, checkpatch and
# kunit.py), and for the newest kernel the newest_source_pkg.
SYNCLAB_SOURCE_PKG=linux-source-6.12
SYNCLAB_SOURCE_PROFILE=debian12

# source_pkg_version [PKG [PROFILE]]: the highest version of PKG in the
# lists of PROFILE (default: linux-source-6.12 of Debian 12), whichever
# suite of the profile has it.
source_pkg_version() (
	local pkg=${1:-$SYNCLAB_SOURCE_PKG} ver best=""
	lab_apt_profile "${2:-$SYNCLAB_SOURCE_PROFILE}"
	lab_apt_update
	for ver in $(lab_apt apt-cache show "$pkg" 2>/dev/null | sed -n 's/^Version: //p'); do
		if [ -z "$best" ] || dpkg --compare-versions "$ver" gt "$best"; then
			best=$ver
		fi
	done
	[ -n "$best" ] || die "$SYNCLAB_APT_LABEL lists in $SYNCLAB_APT_DIR have no $pkg"
	echo "$best"
)

# kernel_source [PKG [PROFILE]]: the kernel source tree of PKG (default
# linux-source-6.12 of Debian 12), its highest version in PROFILE's lists,
# downloaded with the lab's apt, unpacked with dpkg-deb and extracted once
# (nothing installed). Prints its path.
kernel_source() (
	local pkg=${1:-$SYNCLAB_SOURCE_PKG} profile=${2:-$SYNCLAB_SOURCE_PROFILE}
	local ver dir tmp tarball me=$BASHPID
	ver=$(source_pkg_version "$pkg" "$profile")
	lab_apt_profile "$profile"
	dir=$SYNCLAB_CACHE/src/$pkg-$(printf '%s' "$ver" | tr '~+:' '___')
	if [ ! -f "$dir/.synclab-extracted" ]; then
		ensure_packages xz-utils
		tmp=$(cache_workdir "$SYNCLAB_CACHE/src" "$me")
		lab_apt_download "$tmp" "$pkg=$ver"
		say "extracting $pkg $ver into $dir"
		# The package holds one tarball, /usr/src/linux-source-N.M.tar.xz.
		if dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './usr/src/*.tar.*' 2>"$tmp.err" &&
			rm -f "$tmp"/*.deb && tarball=$(ls "$tmp"/usr/src/"$pkg".tar.*) &&
			tar -xf "$tarball" -C "$tmp" 2>"$tmp.err"; then
			rm -f "$tmp.err"
		else
			rm -rf "$tmp"
			die "extracting $pkg failed: $(explain_failure "$tmp.err")"
		fi
		touch "$tmp/$pkg/.synclab-extracted"
		rm -rf "$dir"
		mv "$tmp/$pkg" "$dir"
		rm -rf "$tmp"
	fi
	echo "$dir"
)

# ------------------------------------------------------ the newest kernel

# newest_source_pkg: the linux-source-N.M with the highest N.M in the lists
# of the newest profile (Debian 13's backports and unstable), found at run
# time: what KERNEL=newest is built from. SYNCLAB_NEWEST_SOURCE names one
# instead (e.g. linux-source-7.2).
newest_source_pkg() (
	local names
	lab_apt_profile newest
	lab_apt_update
	names=$(apt_names '^linux-source-[0-9]+\.[0-9]+$' | sort -V)
	[ -n "$names" ] || die "$SYNCLAB_APT_LABEL lists in $SYNCLAB_APT_DIR have no linux-source-N.M package (see $SYNCLAB_LOGS/apt.log)"
	if [ -n "${SYNCLAB_NEWEST_SOURCE:-}" ]; then
		printf '%s\n' "$names" | grep -qx "$SYNCLAB_NEWEST_SOURCE" ||
			die "SYNCLAB_NEWEST_SOURCE=$SYNCLAB_NEWEST_SOURCE is not in $SYNCLAB_APT_LABEL lists: name one of $(printf '%s ' "$names" | tr '\n' ' ')or unset it"
		echo "$SYNCLAB_NEWEST_SOURCE"
		return 0
	fi
	printf '%s\n' "$names" | tail -n 1
)

# debian_kernel_config PKG VERSION OUT: Debian's own configuration of the
# amd64 kernel built from PKG VERSION (the .config in its
# linux-headers-<kver>-amd64 package, downloaded with the newest profile
# and read with dpkg-deb), written to OUT once.
debian_kernel_config() (
	local pkg=$1 ver=$2 out=$3 series name headers="" tmp me=$BASHPID
	[ -s "$out" ] && return 0
	series=${pkg#linux-source-}
	lab_apt_profile newest
	lab_apt_update
	for name in $(apt_names "^linux-headers-$series"'\.[0-9]+\+[a-z0-9]+-amd64$'); do
		if lab_apt apt-cache show "$name" 2>/dev/null | grep -qx "Version: $ver"; then
			headers=$name
			break
		fi
	done
	[ -n "$headers" ] || die "$SYNCLAB_APT_LABEL lists have no linux-headers-*-amd64 of version $ver (the config of Debian's $pkg kernel)"
	tmp=$(cache_workdir "$(dirname "$out")" "$me")
	lab_apt_download "$tmp" "$headers=$ver"
	if ! dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -O --wildcards './usr/src/*/.config' >"$tmp/config" 2>"$tmp.err" ||
		[ ! -s "$tmp/config" ]; then
		rm -rf "$tmp"
		die "reading .config from $headers failed: $(explain_failure "$tmp.err")"
	fi
	rm -f "$tmp.err"
	mv "$tmp/config" "$out"
	rm -rf "$tmp"
)

# preempt_model CONFIG: the preemption model a kernel .config selects
# (none, voluntary, full, lazy or rt), and " dynamic" when it can be
# changed at boot (preempt=).
preempt_model() {
	local model=none
	if grep -qx 'CONFIG_PREEMPT_RT=y' "$1"; then
		model=rt
	elif grep -qx 'CONFIG_PREEMPT_LAZY=y' "$1"; then
		model=lazy
	elif grep -qx 'CONFIG_PREEMPT=y' "$1"; then
		model=full
	elif grep -qx 'CONFIG_PREEMPT_VOLUNTARY=y' "$1"; then
		model=voluntary
	fi
	grep -qx 'CONFIG_PREEMPT_DYNAMIC=y' "$1" && model="$model dynamic"
	echo "$model"
}

# ------------------------------------------------------------ test kernels

# The lab's own kernels, built from linux-source with `make tinyconfig` +
# kernels/base.config + kernels/NAME.config:
#   kunit   KUnit, lockdep, atomic-sleep, KASAN, UBSAN, kmemleak, hung task
#   kcsan   KCSAN (it excludes KASAN), lockdep, atomic-sleep, hung task
#   perf    no debugging options, locktorture as a module (benchmarks)
#   newest  the newest linux-source Debian ships (newest_source_pkg), with
#           KUnit and Debian's preemption model, no debugging options
SYNCLAB_TEST_KERNELS="kunit kcsan perf newest"

test_kernel_fragments() {
	case ${1:-} in
	kunit | kcsan | perf | newest) ;;
	*) die "unknown test kernel '${1:-}' (known: $SYNCLAB_TEST_KERNELS)" ;;
	esac
	echo "$SYNCLAB_ROOT/kernels/base.config $SYNCLAB_ROOT/kernels/$1.config"
}

# test_kernel_source NAME: the source package and apt profile kernel NAME
# is built from. Prints one line: PKG PROFILE
test_kernel_source() {
	local pkg
	case ${1:-} in
	newest)
		pkg=$(newest_source_pkg)
		echo "$pkg newest"
		;;
	*) echo "$SYNCLAB_SOURCE_PKG $SYNCLAB_SOURCE_PROFILE" ;;
	esac
}

# test_kernel_dir NAME [PKG PROFILE]: where kernel NAME lives (whether built
# or not): keyed by the version of its source package and a hash of its
# fragments.
test_kernel_dir() {
	local hash pkg profile ver spec
	if [ $# -ge 3 ]; then
		pkg=$2 profile=$3
	else
		spec=$(test_kernel_source "$1")
		read -r pkg profile <<<"$spec"
	fi
	hash=$(test_kernel_fragments "$1" | xargs cat | sha256sum | cut -c1-12)
	ver=$(source_pkg_version "$pkg" "$profile")
	echo "$SYNCLAB_CACHE/$1/$(printf '%s' "$ver" | tr '~+:' '___')-$hash"
}

# check_config_fragments CONFIG FRAGMENT...: every option the fragments set
# has its value in CONFIG (Kconfig silently drops what it cannot satisfy);
# where fragments set the same option, the last one's value counts, as in
# merge_config.sh.
check_config_fragments() {
	local config=$1 bad="" line opt val got
	shift
	while IFS= read -r line; do
		opt=${line%%=*}
		val=${line#*=}
		got=$(grep -E "^($opt=|# $opt is not set)" "$config" || true)
		if [ "$val" = n ]; then
			case $got in "" | "# $opt is not set") continue ;; esac
		elif [ "$got" = "$opt=$val" ]; then
			continue
		fi
		bad="$bad $opt=$val(got:${got:-unset})"
	done < <(cat "$@" | grep -E '^CONFIG_[A-Za-z0-9_]+=' | tac | awk -F= '!seen[$1]++' | tac)
	if [ -n "$bad" ]; then
		say "options of $* that Kconfig did not keep:$bad"
		return 1
	fi
}

# cache_keep DIR MARKER: DIR, a build in the cache marked complete by
# its file MARKER, is in use: its marker's time is set to now, and of
# DIR's siblings only the most recently used other one is kept. A build
# whose fragments or source changed is then removed once a newer one has
# been used twice, instead of staying for ever (a kernel is 0.3 to 1 GB).
# Incomplete builds (no MARKER: maybe being built now) are left alone.
cache_keep() {
	local dir=$1 marker=$2 old
	touch "$dir/$marker"
	find "$(dirname "$dir")" -mindepth 2 -maxdepth 2 -name "$marker" -printf '%T@ %h\n' |
		sort -rn | tail -n +3 | while read -r _ old; do
		say "removing $old from the cache: an older build, not used since $(basename "$dir") was built"
		rm -rf "$old"
	done
}

# test_kernel NAME: build the lab's kernel NAME once, cached.
# Prints one line: KVER BZIMAGE KDIR
test_kernel() {
	local name=$1 frags spec pkg profile src out log jobs
	frags=$(test_kernel_fragments "$name")
	spec=$(test_kernel_source "$name")
	read -r pkg profile <<<"$spec"
	# shellcheck disable=SC2086 # a list of package names, split on purpose
	ensure_packages $SYNCLAB_KERNEL_BUILD_PACKAGES
	src=$(kernel_source "$pkg" "$profile")
	out=$(test_kernel_dir "$name" "$pkg" "$profile")
	log=$SYNCLAB_LOGS/$name-kernel-$(basename "$out").log
	if [ ! -f "$out/.synclab-built" ]; then
		jobs=$(($(nproc) + 1))
		mkdir -p "$out" "$SYNCLAB_LOGS"
		say "building the $name test kernel from $pkg in $out (5 to 15 minutes on 2 cores); log: $log"
		: >"$log"
		run_logged "$log" "make tinyconfig" make -C "$src" O="$out" tinyconfig
		# shellcheck disable=SC2086 # the fragments, one path each, split on purpose
		run_logged "$log" "merge_config.sh $frags" \
			env -C "$src" scripts/kconfig/merge_config.sh -m -O "$out" \
			"$out/.config" $frags
		run_logged "$log" "make olddefconfig" make -C "$src" O="$out" olddefconfig
		# shellcheck disable=SC2086 # the fragments, one path each, split on purpose
		check_config_fragments "$out/.config" $frags ||
			die "the fragments of the $name kernel do not apply to $(basename "$src") (see the options above)"
		local t0=$SECONDS
		run_logged "$log" "building the $name kernel" \
			make -C "$src" O="$out" -j"$jobs" bzImage modules
		say "$name kernel built in $((SECONDS - t0)) s"
	fi
	cache_keep "$out" .synclab-built
	echo "$(cat "$out/include/config/kernel.release") $out/arch/x86/boot/bzImage $out"
}


# ------------------------------------------------------------ clang tree

# clang_version: N of the newest clang-N the host's apt knows (Debian 12's
# suites have several; the kernel's LLVM=-N takes that one).
clang_version() {
	local v
	need_apt
	v=$(apt-cache search --names-only '^clang-[0-9]+$' 2>/dev/null |
		sed -n 's/^clang-\([0-9]*\) .*/\1/p' | sort -n | tail -n 1)
	[ -n "$v" ] || die "apt knows no clang-N package: run 'sudo apt-get update' and this again"
	echo "$v"
}

# clang_tree: a build tree of linux-source-6.12 configured and prepared with
# clang (LLVM=-N, N from clang_version) for building modules against:
# tinyconfig + base.config + kunit.config (so that synclab_kunit.ko builds
# too), `make modules_prepare` only, no kernel image. Cached in
# clang/<pkgver>-<hash>-clang<N>/, keyed like the test kernels.
# Prints one line: KDIR LLVM (the value to pass as LLVM=).
clang_tree() {
	local v llvm src out frags log f
	v=$(clang_version)
	llvm=-$v
	# shellcheck disable=SC2086 # a list of package names, split on purpose
	ensure_packages $SYNCLAB_KERNEL_BUILD_PACKAGES "clang-$v" "lld-$v" "llvm-$v"
	src=$(kernel_source)
	frags=$(test_kernel_fragments kunit)
	out=$(test_kernel_dir kunit)
	out=$SYNCLAB_CACHE/clang/$(basename "$out")-clang$v
	log=$SYNCLAB_LOGS/clang-tree-$(basename "$out").log
	if [ ! -f "$out/.synclab-prepared" ]; then
		mkdir -p "$out" "$SYNCLAB_LOGS"
		say "preparing a clang-$v build tree in $out (a few minutes); log: $log"
		: >"$log"
		run_logged "$log" "make tinyconfig" make -C "$src" O="$out" LLVM="$llvm" tinyconfig
		# shellcheck disable=SC2086 # the fragments, one path each, split on purpose
		run_logged "$log" "merge_config.sh $frags" \
			env -C "$src" LLVM="$llvm" scripts/kconfig/merge_config.sh -m -O "$out" \
			"$out/.config" $frags
		run_logged "$log" "make olddefconfig" make -C "$src" O="$out" LLVM="$llvm" olddefconfig
		# shellcheck disable=SC2086 # the fragments, one path each, split on purpose
		check_config_fragments "$out/.config" $frags ||
			die "the fragments $frags do not apply with clang-$v (see the options above)"
		run_logged "$log" "make modules_prepare" \
			make -C "$src" O="$out" LLVM="$llvm" -j"$(($(nproc) + 1))" modules_prepare
	fi
	cache_keep "$out" .synclab-prepared
	echo "$out $llvm"
}

# kunit_py: the kernel's own KTAP parser from the extracted source.
kunit_py() {
	echo "$(kernel_source)/tools/testing/kunit/kunit.py"
}

# ------------------------------------------------------------------ arm64

# Debian 12's stock arm64 kernel, booted in qemu-system-aarch64, with the
# module cross-built for it (KERNEL=arm64). Debian's linux-headers-*-arm64
# holds arm64 programs that cannot run here, so only its data is taken (the
# .config, Module.symvers, and vmlinux for the module's BTF), and the build
# tree is prepared from linux-source-6.12 with the cross compiler: the image
# is the one of the same version as linux-source-6.12, so that the module's
# symbol versions (modversions) and vermagic match the stock kernel's.
#
#   stock/<kver>/Image          the kernel, an uncompressed arm64 Image
#   stock/<kver>/config, Module.symvers, vmlinux   from linux-headers-<kver>
#   arm64/<kver>/               the prepared tree (O=; a KDIR for M= builds)
#   arm64/busybox               Debian 12's busybox-static, arm64, for the guest
SYNCLAB_ARM64_CROSS=aarch64-linux-gnu-
# The cross compiler and its libc (the tool is linked statically), QEMU, and
# pahole for the module's BTF.
SYNCLAB_ARM64_PACKAGES="qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross dwarves"

# arm64_kernel_version: the <kver> (6.12.N+deb12-arm64) of Debian 12's arm64
# linux-image-<kver>-unsigned whose package version is linux-source-6.12's,
# with linux-headers-<kver>. SYNCLAB_KVER_ARM64 overrides the discovery.
arm64_kernel_version() {
	local ver names kver
	if [ -n "${SYNCLAB_KVER_ARM64:-}" ]; then
		echo "$SYNCLAB_KVER_ARM64"
		return 0
	fi
	ver=$(source_pkg_version)
	lab_apt_profile debian12-arm64
	lab_apt_update
	names=$(apt_names '^linux-image-6\.12\.[0-9]+\+deb12-arm64-unsigned$')
	for kver in $(printf '%s\n' "$names" | sed 's/^linux-image-//; s/-unsigned$//' | sort -rV); do
		[ "$(lab_apt apt-cache show --no-all-versions "linux-image-$kver-unsigned" 2>/dev/null |
			sed -n 's/^Version: //p')" = "$ver" ] || continue
		lab_apt apt-cache show --no-all-versions "linux-headers-$kver" >/dev/null 2>&1 || continue
		echo "$kver"
		lab_apt_profile debian12
		return 0
	done
	die "Debian 12's arm64 lists in $SYNCLAB_APT_DIR have no linux-image-6.12.*-arm64-unsigned of version $ver (that of $SYNCLAB_SOURCE_PKG) with its linux-headers: run again later (the arm64 build may lag behind), or set SYNCLAB_KVER_ARM64"
}

# arm64_plain_image IN OUT: the arm64 kernel IN as an uncompressed Image in
# OUT, which QEMU's -kernel boots. Debian 12's 6.12 vmlinuz is one already
# (an EFI application with the Image header: "ARM\x64" at byte 56); a gzip
# file is decompressed, and so is an EFI zboot image (CONFIG_EFI_ZBOOT:
# "zimg" at byte 4, the payload's offset and size at bytes 8 and 12, its
# compression at byte 24), which QEMU 7.2 cannot boot.
arm64_plain_image() {
	local in=$1 out=$2 offset size comp
	if [ "$(od -An -c -j56 -N4 "$in" | tr -d ' ')" = ARMd ]; then
		cp "$in" "$out"
	elif [ "$(od -An -tx1 -N2 "$in" | tr -d ' ')" = 1f8b ]; then
		gzip -dc "$in" >"$out"
	elif [ "$(od -An -c -j4 -N4 "$in" | tr -d ' ')" = zimg ]; then
		offset=$(od -An -tu4 -j8 -N4 "$in" | tr -d ' ')
		size=$(od -An -tu4 -j12 -N4 "$in" | tr -d ' ')
		comp=$(od -An -c -j24 -N8 "$in" | tr -d ' ' | sed 's/\\0//g')
		case $comp in
		gzip) tail -c +$((offset + 1)) "$in" | head -c "$size" | gzip -dc >"$out" ;;
		zstd)
			ensure_packages zstd
			tail -c +$((offset + 1)) "$in" | head -c "$size" | zstd -dc >"$out"
			;;
		*) die "$in is an EFI zboot image compressed with '$comp', which the lab cannot unpack (gzip and zstd only)" ;;
		esac
	else
		die "$in is neither an arm64 Image, nor gzip, nor EFI zboot: not a kernel the lab can boot"
	fi
	[ "$(od -An -c -j56 -N4 "$out" | tr -d ' ')" = ARMd ] ||
		die "unpacking the arm64 kernel $in gave no arm64 Image"
}

# arm64_stock KVER: Debian's arm64 image and the data of its headers in
# stock/KVER (downloaded with the lab's arm64 apt, unpacked, not installed).
arm64_stock() {
	local kver=$1 dir tmp hdr me=$BASHPID
	dir=$SYNCLAB_CACHE/stock/$kver
	[ -s "$dir/Image" ] && [ -s "$dir/Module.symvers" ] && return 0
	lab_apt_profile debian12-arm64
	tmp=$(cache_workdir "$SYNCLAB_CACHE/stock" "$me")
	lab_apt_download "$tmp" "linux-image-$kver-unsigned" "linux-headers-$kver"
	say "unpacking linux-image-$kver-unsigned and linux-headers-$kver into $dir"
	unpack_debs "$tmp"
	hdr=$tmp/root/usr/src/linux-headers-$kver
	if [ ! -f "$hdr/.config" ] || [ ! -f "$hdr/Module.symvers" ]; then
		rm -rf "$tmp"
		die "linux-headers-$kver has no .config or Module.symvers: not a package the lab can build against"
	fi
	mkdir -p "$dir"
	cp "$hdr/.config" "$dir/config"
	cp "$hdr/vmlinux" "$dir/vmlinux" 2>/dev/null || true
	arm64_plain_image "$tmp/root/boot/vmlinuz-$kver" "$tmp/Image"
	mv "$tmp/Image" "$dir/Image"
	mv "$hdr/Module.symvers" "$dir/Module.symvers"
	rm -rf "$tmp"
	lab_apt_profile debian12
}

# arm64_config_check STOCK PREPARED: the prepared tree's config is the stock
# kernel's, but for the options that follow the tools (CC_*, AS_*, GCC*,
# RUSTC_*, PAHOLE_*, versions, *_HAS_* capabilities, and the 32-bit vDSO,
# which needs a compiler the lab does not install); dies naming any other
# option that differs (it could change the module's ABI).
arm64_config_check() {
	local diff
	diff=$(diff <(grep '^CONFIG_' "$1" | sort) <(grep '^CONFIG_' "$2" | sort) |
		sed -n 's/^[<>] //p' | cut -d= -f1 | sort -u |
		grep -vE '^CONFIG_((CC|AS|LD|RUSTC|GCC[0-9]*|CLANG|PAHOLE|TOOLCHAIN)_|.*_HAS_|.*_VERSION$|.*COMPAT_VDSO$)' || true)
	[ -z "$diff" ] ||
		die "the prepared arm64 tree's config differs from Debian's in $(echo "$diff" | tr '\n' ' ')(see $2)"
}

# arm64_tree KVER: the build tree for Debian's arm64 KVER, prepared once from
# linux-source-6.12 with Debian's arm64 config and the cross compiler; its
# Makefile sets ARCH and CROSS_COMPILE, so that `make -C TREE M=DIR` builds
# an arm64 module. Prints its path.
arm64_tree() {
	local kver=$1 src out log
	out=$SYNCLAB_CACHE/arm64/$kver
	if [ ! -f "$out/.synclab-prepared" ]; then
		src=$(kernel_source)
		arm64_stock "$kver"
		log=$SYNCLAB_LOGS/arm64-tree-$kver.log
		rm -rf "$out"
		mkdir -p "$out" "$SYNCLAB_LOGS"
		cp "$SYNCLAB_CACHE/stock/$kver/config" "$out/.config"
		say "preparing the arm64 build tree in $out (about a minute); log: $log"
		: >"$log"
		run_logged "$log" "preparing the arm64 tree (make modules_prepare)" \
			make -C "$src" O="$out" ARCH=arm64 CROSS_COMPILE="$SYNCLAB_ARM64_CROSS" \
			KERNELRELEASE="$kver" -j"$(($(nproc) + 1))" olddefconfig modules_prepare
		[ "$(cat "$out/include/config/kernel.release")" = "$kver" ] ||
			die "the prepared arm64 tree is release $(cat "$out/include/config/kernel.release"), not $kver"
		arm64_config_check "$SYNCLAB_CACHE/stock/$kver/config" "$out/.config"
		cp "$SYNCLAB_CACHE/stock/$kver/Module.symvers" "$out/Module.symvers"
		[ ! -f "$SYNCLAB_CACHE/stock/$kver/vmlinux" ] || cp "$SYNCLAB_CACHE/stock/$kver/vmlinux" "$out/vmlinux"
		cat >"$out/Makefile" <<-MK
			# Written by synclab (scripts/lib.sh arm64_tree): Debian's arm64 $kver,
			# prepared from $(basename "$src"); make -C here M=DIR builds for it.
			export ARCH = arm64
			export CROSS_COMPILE = $SYNCLAB_ARM64_CROSS
			include $src/Makefile
		MK
		touch "$out/.synclab-prepared"
	fi
	echo "$out"
}

# arm64_kernel: Debian 12's stock arm64 kernel and its prepared build tree.
# Prints one line: KVER IMAGE KDIR
arm64_kernel() {
	local kver kdir
	mkdir -p "$SYNCLAB_LOGS"
	# shellcheck disable=SC2086 # package lists: one word per package
	ensure_packages $SYNCLAB_ARM64_PACKAGES $SYNCLAB_KERNEL_BUILD_PACKAGES
	kver=$(arm64_kernel_version)
	kdir=$(arm64_tree "$kver")
	echo "$kver $SYNCLAB_CACHE/stock/$kver/Image $kdir"
}

# guest_busybox ARCH: a static busybox for a guest of ARCH: the host's on
# x86_64, Debian 12's busybox-static for arm64 (unpacked into the cache once).
guest_busybox() {
	local f tmp me=$BASHPID
	case ${1:-} in
	x86_64)
		command -v busybox || die "busybox not found (apt-get install busybox-static)"
		return 0
		;;
	arm64) f=$SYNCLAB_CACHE/arm64/busybox ;;
	*) die "no guest busybox for '${1:-}' (known: x86_64 arm64)" ;;
	esac
	if [ ! -s "$f" ]; then
		lab_apt_profile debian12-arm64
		tmp=$(cache_workdir "$(dirname "$f")" "$me")
		lab_apt_download "$tmp" busybox-static
		dpkg-deb -x "$tmp"/*.deb "$tmp/root" 2>"$tmp.err" || {
			rm -rf "$tmp"
			die "unpacking busybox-static (arm64) failed: $(explain_failure "$tmp.err")"
		}
		rm -f "$tmp.err"
		mv "$tmp/root/bin/busybox" "$f"
		rm -rf "$tmp"
		lab_apt_profile debian12
	fi
	echo "$f"
}

# cross_tool DIR: the synclab tool for arm64, linked statically (the guest has
# no libc), built from a copy of the sources in DIR so that the host's
# objects in userspace/ stay as they are. Prints its path.
cross_tool() {
	local dir
	dir=$(realpath -m "$1")
	rm -rf "$dir"
	mkdir -p "$dir/userspace" "$dir/module"
	cp "$SYNCLAB_ROOT"/userspace/Makefile "$SYNCLAB_ROOT"/userspace/*.[ch] "$dir/userspace/"
	# The tool compiles the module's parser and includes its shared headers.
	cp "$SYNCLAB_ROOT"/module/cmd.c "$SYNCLAB_ROOT"/module/*.h "$dir/module/"
	run_logged "$dir/build.log" "cross-building the synclab tool for arm64" \
		make -C "$dir/userspace" CC="${SYNCLAB_ARM64_CROSS}gcc" LDFLAGS=-static synclab
	echo "$dir/userspace/synclab"
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

# guest_kernel KERNEL: a kernel to boot (6.1, 6.12, kunit, kcsan, perf,
# newest or arm64), the module built for it and the synclab tool (for arm64:
# both cross-built). Prints one line: BZIMAGE KO TOOL
guest_kernel() {
	local out kver bz kdir dir tool
	case ${1:-} in
	6.1 | 6.12) out=$(stock_kernel "$1") ;;
	kunit | kcsan | perf | newest) out=$(test_kernel "$1") ;;
	arm64) out=$(arm64_kernel) ;;
	*) die "KERNEL must be 6.1, 6.12, newest, kunit, kcsan, perf or arm64, not '${1:-}'" ;;
	esac
	read -r kver bz kdir <<<"$out"
	dir=$(module_build_dir "$kdir")
	say "building the module for $kver in $dir"
	build_modules "$kdir" "$dir" "$SYNCLAB_ROOT/build/logs/module-$(basename "$kdir").log"
	say "building the synclab tool"
	if [ "$1" = arm64 ]; then
		tool=$(cross_tool "$SYNCLAB_ROOT/build/arm64-tool")
	else
		run_logged "$SYNCLAB_ROOT/build/logs/tool.log" "building the synclab tool (make -C userspace)" \
			make -C "$SYNCLAB_ROOT/userspace" synclab
		tool=$SYNCLAB_ROOT/userspace/synclab
	fi
	echo "$bz $dir/module/synclab.ko $tool"
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

# guest_cmd_output LOG: the lines the guest command printed (between vm-run's
# markers), so that KTAP from module loading is not taken for TAP.
guest_cmd_output() {
	tr -d '\r' <"$1" | awk '/^SYNCLAB-VM-CMD-START/ { on = 1; next }
		/^SYNCLAB-VM-CMD-END/ { on = 0 } on'
}

# ------------------------------------------------------------------ KUnit

# module_ktap LOG MODULE.ko: the KTAP the kernel printed while vm-run
# insmod'ed MODULE.ko (KUnit runs a module's suites when it is loaded).
# The console's own boot-time KTAP block ("1..0") is left out.
module_ktap() {
	local log=$1 name
	name=$(basename "$2")
	# The kernel's lines only (a "[ seconds]" stamp): a kernel that prints
	# its console from a thread (7.x) may still be printing the KTAP after
	# the guest's command has begun. It ends with the last of the top-level
	# results its plan announced, or at the next module's marker.
	tr -d '\r' <"$log" | awk -v m="SYNCLAB-VM-INSMOD $name" '
		$0 == m { on = 1; next }
		on && /^SYNCLAB-VM-INSMOD / { exit }
		on && /^\[ *[0-9]+\.[0-9]+\] / {
			print
			if (plan == 0 && $0 ~ /^\[[^]]*\] 1\.\.[0-9]+$/) { plan = $NF; sub(/^1\.\./, "", plan) }
			if ($0 ~ /^\[[^]]*\] (not )?ok [0-9]+ /) { done++; if (plan > 0 && done >= plan) exit }
		}'
}

# kunit_count JSON: "PASSED FAILED SKIPPED" over every test case (each
# parameter of a parameterized test counts) of kunit.py parse --json output.
kunit_count() {
	python3 "$SYNCLAB_ROOT/scripts/labfiles.py" kunit-count "$1"
}

# ------------------------------------------------------------------ KCSAN

# The scenarios whose tight-loop lost updates KCSAN must report.
SYNCLAB_KCSAN_RACING="race naive-spin peterson"

# kcsan_reports LOG FILTERED: sort the KCSAN reports of a guest that ran
# guest/kcsan.sh by the scenario running when each was printed (between
# the "synclab-kcsan: begin/end NAME" markers). Prints one line per scenario
# and one for "(outside)": NAME SYNCLAB OTHER FUNCTIONS, where SYNCLAB counts
# the reports naming a function of synclab.ko, OTHER the kernel's own, and
# FUNCTIONS is "a / b" of each synclab report, ";"-separated.
# FILTERED gets LOG without the reports the test expects (synclab reports of
# the racing scenarios) and without the kernel's own (not synclab's to fix;
# they are listed as OTHER), for the console-log scan.
kcsan_reports() {
	# shellcheck disable=SC2086 # the racing scenarios, one argument each
	python3 "$SYNCLAB_ROOT/scripts/labfiles.py" kcsan-reports "$1" "$2" $SYNCLAB_KCSAN_RACING
}

# ------------------------------------------------------------------ lockdep

# lockdep_intended LOG FILTERED: the report that guest/lockdep.sh causes
# on purpose (scoped bug=1: "WARNING: synclab/scoped:/PID still has locks
# held!", up to the end of its stack trace) cut out of LOG into FILTERED, for
# the console-log scan; any other report stays. Prints how many were cut.
lockdep_intended() {
	python3 "$SYNCLAB_ROOT/scripts/labfiles.py" lockdep-intended "$1" "$2"
}

# Run as a command: scripts/lib.sh FUNCTION ARGS...
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ $# -gt 0 ] || die "usage: $0 FUNCTION [ARGS...]"
	"$@"
fi
