#!/usr/bin/env bash
# check-hosts.sh [RELEASE...]: make demo on fresh Debian systems, as a
# student would run it (make check-hosts). RELEASE: trixie (Debian 13) and
# bookworm (Debian 12) by default.
#
# Each release is a debootstrap --variant=minbase root (with make, the one
# command a student types), made once and kept in
# $SYNCLAB_CACHE/hosts/RELEASE/base; every run copies it to
# $SYNCLAB_CACHE/hosts/RELEASE/run (kept until the next run, to look
# into), puts a copy of this tree in it, binds /proc, /sys and /dev and
# enters it with chroot. There, with nothing on stdin:
#   - make demo as a user: stops at once and prints the one
#     `sudo apt-get install ...` line;
#   - make demo as root (the packages, the kernel download, the build, the
#     guest; timed): exits 0, shows classic at 6 of 10, and every fix
#     exact (verdict ok);
#   - make demo again (warm; timed);
#   - make demo as the user, with a cache of their own: the kernels come
#     through the lab's apt without root;
#   - no kernel package installed on the system, its /etc/apt unchanged;
#   - DKMS, as the README says: dkms, openssl and Debian's current headers
#     installed; dkms add, build and install (kernel named with -k);
#     modinfo on the installed synclab.ko; signed with DKMS's key; dkms
#     remove leaves the root as it was (check_dkms).
# And this machine's /etc/apt is unchanged at the end.
#
# Output: one `ok N - ...` / `not ok N - ...` line per test (with `#`
# lines of detail); make check-hosts counts them with scripts/tap-count,
# which prints the closing line. Exit status 0 when it ran to its end.
# Logs: build/check-hosts/. Needs root (debootstrap, chroot, mounts).
#
#   scripts/check-hosts.sh --root RELEASE   print the cached minbase root
#                                           of RELEASE (made if missing)
set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"

HOSTS=$SYNCLAB_CACHE/hosts
OUT=$SYNCLAB_ROOT/build/check-hosts
DEMO_TIMEOUT=${SYNCLAB_HOSTS_TIMEOUT:-1800}
MIRROR=${SYNCLAB_APT_MIRROR:-http://deb.debian.org}/debian
# The scenarios that fix the lost update, and the coordination ones: each
# must end exact with verdict ok.
EXACT="atomic percpu spinlock mutex semaphore trylock rwlock rwsem seqlock sem-limit completion waitqueue"

MOUNTED=()

# check NAME CMD...: a test that passes when CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# -------------------------------------------------------------- roots

release_name() {
	case $1 in
	trixie) echo "Debian 13 (trixie)" ;;
	bookworm) echo "Debian 12 (bookworm)" ;;
	*) echo "Debian $1" ;;
	esac
}

# minbase_root RELEASE: the cached debootstrap root of RELEASE (made once).
minbase_root() {
	local rel=$1 base=$HOSTS/$1/base log=$SYNCLAB_LOGS/debootstrap-$1.log t0=$SECONDS
	if [ ! -f "$base/.synclab-debootstrapped" ]; then
		is_root || die "debootstrap needs root"
		command -v debootstrap >/dev/null || ensure_packages debootstrap
		say "debootstrap --variant=minbase $rel into $base (a few minutes, once); log: $log"
		rm -rf --one-file-system "$base" "$base.partial"
		mkdir -p "$HOSTS/$rel"
		run_logged "$log" "debootstrap $rel" \
			debootstrap --variant=minbase --include=make "$rel" "$base.partial" "$MIRROR"
		touch "$base.partial/.synclab-debootstrapped"
		mv "$base.partial" "$base"
		say "debootstrap $rel: $((SECONDS - t0)) s"
	fi
	echo "$base"
}

# fingerprint DIR: one checksum of every file under DIR (names and contents).
fingerprint() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum | sha256sum | cut -c1-16)
}

# tree_files: the files of this tree a clone has (with the uncommitted ones).
tree_files() {
	if git -C "$SYNCLAB_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$SYNCLAB_ROOT" ls-files -z --cached --others --exclude-standard
	else
		(cd "$SYNCLAB_ROOT" && find . -path ./build -prune -o -type f -print0)
	fi
}

# copy_tree DEST OWNER: a copy of this tree at DEST, owned by OWNER (uid:gid).
copy_tree() {
	mkdir -p "$1"
	(cd "$SYNCLAB_ROOT" && tree_files | tar --null -T - -cf - 2>/dev/null) | tar -xf - -C "$1"
	chown -R "$2" "$1"
}

# bind_mounts ROOT: this machine's /proc, /sys and /dev (with /dev/pts, for
# the tests that need a terminal) in ROOT, undone by unbind_mounts on every
# way out.
bind_mounts() {
	local root=$1 m
	for m in proc sys dev dev/pts; do
		mkdir -p "$root/$m"
		mount --bind "/$m" "$root/$m"
		MOUNTED+=("$root/$m")
	done
}

# unbind_mounts: undo bind_mounts.
unbind_mounts() {
	local i
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
		umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null || true
	done
	MOUNTED=()
}

# remove_root DIR: a run's root, gone; mounts left in it by a run that was
# killed are unmounted first, and rm never crosses into another file system
# (a bound /dev or /sys is this machine's).
remove_root() {
	local dir=$1 m
	[ -e "$dir" ] || return 0
	awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r |
		while IFS= read -r m; do
			umount "$m" 2>/dev/null || umount -l "$m"
		done
	rm -rf --one-file-system "$dir"
}

trap unbind_mounts EXIT
trap 'unbind_mounts; trap - INT; kill -INT $$' INT
trap 'unbind_mounts; exit 143' TERM

# in_root ROOT USER LOG CMD: CMD by bash in ROOT as USER (root or student),
# nothing on stdin, a clean environment; output to LOG, and the lab's own
# lines ("synclab: ...") with the seconds since the start to LOG.steps; its
# status.
in_root() {
	in_root_run "$@" 2>&1 | stamp_steps "$3.steps" >"$3"
	return "${PIPESTATUS[0]}"
}

# stamp_steps FILE: copy stdin to stdout; the lab's lines, with the time
# since the start, to FILE.
stamp_steps() {
	local t0=$SECONDS line
	: >"$1"
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "$line"
		case $line in synclab:*) printf '%4d s  %s\n' $((SECONDS - t0)) "$line" >>"$1" ;; esac
	done
	printf '%4d s  (end)\n' $((SECONDS - t0)) >>"$1"
}

# in_root_run ROOT USER LOG CMD: in_root's work, output to stdout.
in_root_run() {
	local root=$1 user=$2 cmd=$4 home=/root
	[ "$user" = root ] || home=/home/$user
	local env=(env -i HOME="$home" USER="$user" LOGNAME="$user" TERM=dumb LANG=C.UTF-8
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
	[ -z "${http_proxy:-}" ] || env+=(http_proxy="$http_proxy")
	if [ "$user" = root ]; then
		timeout "$DEMO_TIMEOUT" chroot "$root" "${env[@]}" bash -c "$cmd" </dev/null
	else
		timeout "$DEMO_TIMEOUT" chroot --userspec="$user:$user" "$root" "${env[@]}" bash -c "$cmd" </dev/null
	fi
}

# demo_table LOG: the rows of the comparison table of `synclab run --all`
# in LOG, as "NAME EXPECTED ACTUAL LOST VERDICT" (columns found by the
# table's header: scenario, expected, actual, lost or missing, verdict).
demo_table() {
	tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;]*m//g' | awk '
		$1 == "scenario" && / expected / && / actual / && / verdict / {
			for (i = 1; i <= NF; i++) col[$i] = i
			lost = ("lost" in col) ? col["lost"] : col["missing"]
			on = 1
			next
		}
		on && NF >= 5 && $2 ~ /^[0-9]+$/ {
			print $1, $col["expected"], $col["actual"], $lost, $col["verdict"]
			next
		}
		on && NF == 0 { on = 0 }'
}

# demo_results LOG: the failed expectations of a make demo's output, one a
# line; nothing when it shows classic at 6 of 10 and every fix exact.
demo_results() {
	local log=$1 table clean sc e a l v
	table=$(demo_table "$log")
	read -r _ e a _ v <<<"$(printf '%s\n' "$table" | awk '$1 == "classic"' | tail -n 1)"
	[ "${e:-}/${a:-}/${v:-}" = 10/6/race ] ||
		echo "run --all table: classic expected/actual/verdict ${e:-?}/${a:-?}/${v:-?}, not 10/6/race"
	clean=$(tr -d '\r' <"$log" | sed 's/\x1b\[[0-9;]*m//g' | sed -n '/run classic/,$p')
	printf '%s\n' "$clean" | grep -qE '^  expected( total)? +10$' &&
		printf '%s\n' "$clean" | grep -qE '^  actual( total)? +6$' ||
		echo "synclab run classic did not print expected 10, actual 6"
	for sc in $EXACT; do
		read -r _ e a l v <<<"$(printf '%s\n' "$table" | awk -v s="$sc" '$1 == s' | tail -n 1)"
		[ -n "${e:-}" ] && [ "$e" = "${a:-}" ] && [ "${l:-}" = 0 ] && [ "${v:-}" = ok ] ||
			echo "$sc: expected ${e:-?} actual ${a:-?} lost ${l:-?} verdict ${v:-?}"
	done
	printf '%s\n' "$clean" | grep -q 'demo finished (status 0)' || echo "no 'demo finished (status 0)'"
}

# check_demo WHAT LOG RC SECONDS: the tests of one make demo run.
check_demo() {
	local what=$1 log=$2 rc=$3 secs=$4 bad
	if [ "$rc" -eq 0 ]; then
		ok "$what: make demo exits 0 ($secs s)"
	else
		not_ok "$what: make demo exits 0 (exit $rc after $secs s; log: $log)" "$(tail -n 8 "$log")"
	fi
	bad=$(demo_results "$log")
	if [ -z "$bad" ]; then
		ok "$what: classic ends at 6 of 10, every fix exact (verdict ok)"
	else
		not_ok "$what: classic ends at 6 of 10, every fix exact (verdict ok)" "$bad"
	fi
}

# ---------------------------------------------------------------- DKMS

# What a machine needs to install the module with DKMS (README: "Install on
# your own machine with DKMS"): dkms, the headers of Debian's default
# kernel, and openssl, with which dkms makes its signing key (a desktop has
# it; a minbase root does not).
DKMS_PACKAGES="dkms linux-headers-amd64 openssl"

# root_manifest ROOT: every file of ROOT with its checksum and every other
# entry (directory, link and its target), one a line, sorted; the bound
# /proc, /sys and /dev and the package cache left out.
root_manifest() {
	local prune=(\( -path ./proc -o -path ./sys -o -path ./dev -o -path ./var/cache/apt/archives \) -prune)
	(cd "$1" && {
		find . "${prune[@]}" -o ! -type f -printf '%y %p %l\n'
		find . "${prune[@]}" -o -type f -print0 | xargs -0 -r sha256sum
	} | LC_ALL=C sort)
}

# modinfo_field INFO FIELD: FIELD's value in modinfo's output INFO (its
# first line; a signature's continuation lines are not read).
modinfo_field() {
	printf '%s\n' "$1" | awk -v f="$2" -F ':[ \t]*' '$1 == f { sub(/^[^:]*:[ \t]*/, ""); print; exit }'
}

# dkms_step NAME ROOT LOG CMD: a test that CMD, run in ROOT as root, exits
# 0 (with its time; the tail of LOG when it fails); its status.
dkms_step() {
	local name=$1 rc=0 t=$SECONDS
	in_root "$2" root "$3" "$4" || rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "$name ($((SECONDS - t)) s)"
	else
		not_ok "$name (exit $rc after $((SECONDS - t)) s; log: $3)" "$(tail -n 8 "$3")"
	fi
	return "$rc"
}

# check_dkms RELEASE NAME ROOT: the module installed with DKMS in ROOT as
# the README says: the packages; dkms add, build and install for the
# kernel of the headers, named with -k (the chroot runs this machine's
# kernel, which has no headers there); modinfo on the installed file; its
# signature, by dkms's own key; then dkms remove and the copy in /usr/src
# removed leave ROOT as it was before dkms add (but for that key, which
# dkms keeps for every module it signs). The packages downloaded are kept
# in $HOSTS/RELEASE/debs for the next run.
check_dkms() {
	local rel=$1 name="$2, DKMS" run=$3 log=$OUT/$1-dkms kver ver file others info desc serial before diff what
	mkdir -p "$HOSTS/$rel/debs/partial" "$run/var/cache/apt/archives"
	mount --bind "$HOSTS/$rel/debs" "$run/var/cache/apt/archives"
	MOUNTED+=("$run/var/cache/apt/archives")
	# dpkg without an fsync per file (--force-unsafe-io): the root is a
	# throwaway copy, and these packages (16,000 files, the headers' most
	# of them) took 143 s with them, 44 s without, in a fresh root.
	dkms_step "$name: apt-get install $DKMS_PACKAGES" "$run" "$log-packages.log" \
		"export DEBIAN_FRONTEND=noninteractive INITRD=No; apt-get update &&
		 apt-get install -y --no-install-recommends -o DPkg::Options::=--force-unsafe-io $DKMS_PACKAGES &&
		 apt-get autoclean" || return 0
	# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
	kver=$(chroot "$run" dpkg-query -W -f='${Depends}\n' linux-headers-amd64 |
		grep -oE 'linux-headers-[^ ,]+' | head -n 1)
	kver=${kver#linux-headers-}
	if [ -z "$kver" ] || ! chroot "$run" test -e "/lib/modules/$kver/build/Makefile"; then
		not_ok "$name: linux-headers-amd64 names a kernel whose headers are in /lib/modules/KVER/build" "kernel: '${kver:-none}'"
		return 0
	fi
	printf '# kernel %s\n' "$kver"
	# The indexes depmod writes, as on a machine where this kernel is
	# installed: dkms remove rewrites them, and they must come back equal.
	if ! chroot "$run" depmod -a "$kver" >>"$log-packages.log" 2>&1; then
		not_ok "$name: depmod -a $kver (log: $log-packages.log)" "$(tail -n 5 "$log-packages.log")"
		return 0
	fi
	before=$(root_manifest "$run")

	dkms_step "$name: dkms add . (from the tree's top)" "$run" "$log-add.log" 'cd ~/synclab && dkms add .' || return 0
	ver=$(chroot "$run" dkms status synclab | sed -n 's|^synclab/\([^,:]*\)[,:].*|\1|p' | head -n 1)
	check "$name: dkms status lists synclab/VERSION (${ver:-none})" [ -n "$ver" ]
	dkms_step "$name: dkms build synclab/$ver -k $kver" "$run" "$log-build.log" "dkms build synclab/$ver -k $kver" || return 0
	dkms_step "$name: dkms install synclab/$ver -k $kver" "$run" "$log-install.log" "dkms install synclab/$ver -k $kver" || return 0

	# The one module DKMS installed (compressed like the kernel's own, if
	# they are): synclab, in updates/dkms; no other synclab module anywhere.
	file=$(cd "$run" && { find lib/modules/"$kver"/updates -type f 2>/dev/null || true; })
	others=$(cd "$run" && find lib/modules -name 'synclab*.ko*' ! -path "$file")
	check "$name: one module installed, /lib/modules/$kver/updates/dkms/synclab.ko (found: ${file:-none}; other synclab modules: ${others:-none})" \
		[ "${file%.ko*}|$others" = "lib/modules/$kver/updates/dkms/synclab|" ]
	info=$(chroot "$run" modinfo "/$file" 2>&1 || true)
	desc=$(sed -n 's/^MODULE_DESCRIPTION("\(.*\)");$/\1/p' "$SYNCLAB_ROOT/module/core.c")
	what="$name: modinfo /$file: name synclab, version $ver (dkms's), module/core.c's description, license GPL, vermagic $kver"
	if [ "$(modinfo_field "$info" name)" = synclab ] &&
		[ "$(modinfo_field "$info" version)" = "$ver" ] &&
		[ -n "$desc" ] && [ "$(modinfo_field "$info" description)" = "$desc" ] &&
		[ "$(modinfo_field "$info" license)" = GPL ] &&
		[ "$(modinfo_field "$info" vermagic | cut -d ' ' -f 1)" = "$kver" ]; then
		ok "$what"
	else
		not_ok "$what" "$info"
	fi
	check "$name: modinfo -k $kver -n synclab finds it (depmod ran)" \
		[ "$(chroot "$run" modinfo -k "$kver" -n synclab 2>&1)" = "/$file" ]
	serial=$(chroot "$run" openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -serial 2>/dev/null || true)
	serial=${serial#serial=}
	what="$name: signed with dkms's key /var/lib/dkms/mok.key (modinfo's signer and sig_key: mok.pub's subject and serial)"
	if [ "$(modinfo_field "$info" signer)" = "DKMS module signing key" ] && [ -n "$serial" ] &&
		[ "$(modinfo_field "$info" sig_key | tr -d ':' | sed 's/^0*//')" = "$(printf '%s' "$serial" | sed 's/^0*//')" ]; then
		ok "$what"
	else
		not_ok "$what" "signer: $(modinfo_field "$info" signer); sig_key: $(modinfo_field "$info" sig_key); mok.pub: $serial"
	fi

	dkms_step "$name: dkms remove synclab/$ver --all; rm -r /usr/src/synclab-$ver" "$run" "$log-remove.log" \
		"dkms remove synclab/$ver --all && rm -r /usr/src/synclab-$ver" || return 0
	check "$name: dkms status lists no synclab" [ -z "$(chroot "$run" dkms status synclab)" ]
	diff=$(diff <(printf '%s\n' "$before") <(root_manifest "$run") |
		grep -E '^[<>]' | grep -vE ' \./var/lib/dkms/mok\.(key|pub)$' || true)
	if [ -z "$diff" ]; then
		ok "$name: the root as before dkms add (every file's checksum, every directory and link)"
	else
		not_ok "$name: the root as before dkms add (every file's checksum, every directory and link)" "$diff"
	fi
}

# check_release RELEASE: every test on a fresh root of RELEASE.
check_release() {
	local rel=$1 name base run apt_before log rc t out
	name=$(release_name "$rel")
	printf '# %s\n' "$name"
	if ! base=$(minbase_root "$rel" 2>"$OUT/$rel-debootstrap.err"); then
		not_ok "$name: debootstrap --variant=minbase $rel" "$(tail -n 5 "$OUT/$rel-debootstrap.err")"
		return 0
	fi
	run=$HOSTS/$rel/run
	remove_root "$run"
	cp -a "$base" "$run"
	cp /etc/resolv.conf "$run/etc/resolv.conf" 2>/dev/null || true
	chroot "$run" useradd -m -s /bin/bash student
	copy_tree "$run/root/synclab" 0:0
	copy_tree "$run/home/student/synclab" "$(chroot "$run" id -u student):$(chroot "$run" id -g student)"
	apt_before=$(fingerprint "$run/etc/apt")
	bind_mounts "$run"

	log=$OUT/$rel-student-nopackages.log
	rc=0
	in_root "$run" student "$log" 'cd ~/synclab && make demo' || rc=$?
	out=$(grep -E '^  sudo apt-get install -y ' "$log" || true)
	if [ "$rc" -ne 0 ] && [ "$(printf '%s\n' "$out" | grep -c .)" -eq 1 ] && ! grep -q 'booting' "$log"; then
		ok "$name: make demo as a user, packages missing: stops with one line: ${out#  }"
	else
		not_ok "$name: make demo as a user, packages missing: stops with one 'sudo apt-get install' line" "exit $rc; $(tail -n 5 "$log")"
	fi

	log=$OUT/$rel-root-first.log
	rc=0
	t=$SECONDS
	in_root "$run" root "$log" 'cd ~/synclab && make demo' || rc=$?
	check_demo "$name, first run as root (packages, kernel download, build, guest)" "$log" "$rc" $((SECONDS - t))
	sed 's/^/#   /' "$log.steps"

	log=$OUT/$rel-root-warm.log
	rc=0
	t=$SECONDS
	in_root "$run" root "$log" 'cd ~/synclab && make demo' || rc=$?
	check_demo "$name, second run (warm cache)" "$log" "$rc" $((SECONDS - t))

	log=$OUT/$rel-student.log
	rc=0
	t=$SECONDS
	in_root "$run" student "$log" 'cd ~/synclab && make demo' || rc=$?
	check_demo "$name, as a user (own cache, the lab's apt without root)" "$log" "$rc" $((SECONDS - t))

	# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
	out=$(chroot "$run" dpkg-query -W -f='${Package} ${Status}\n' 'linux-headers-*' 'linux-image-*' 'linux-source-*' 'linux-kbuild-*' 2>/dev/null |
		grep ' installed$' || true)
	check "$name: no kernel package installed on the system (headers unpacked in the lab's cache)" [ -z "$out" ]
	check "$name: the system's /etc/apt unchanged" [ "$(fingerprint "$run/etc/apt")" = "$apt_before" ]
	t=$SECONDS
	check_dkms "$rel" "$name" "$run"
	printf '# %s, DKMS: %d s in all\n' "$name" $((SECONDS - t))
	unbind_mounts
}

if [ "${1:-}" = --root ]; then
	[ $# -eq 2 ] || die "usage: $0 --root RELEASE"
	minbase_root "$2"
	exit 0
fi

is_root || die "check-hosts needs root (debootstrap, chroot and bind mounts): sudo make check-hosts"
mkdir -p "$OUT" "$SYNCLAB_LOGS"
RELEASES=${*:-trixie bookworm}
HOST_APT_BEFORE=$(fingerprint /etc/apt)
T_ALL=$SECONDS
for rel in $RELEASES; do
	check_release "$rel"
done
check "this machine's /etc/apt unchanged" [ "$(fingerprint /etc/apt)" = "$HOST_APT_BEFORE" ]
printf '# total %d s; logs: %s\n' $((SECONDS - T_ALL)) "$OUT"
exit 0
