#!/usr/bin/env bash
# install_test.sh TOOL: what a packager and a user of the tool's install
# get, in TAP (tests/tool/tap.sh; counted by scripts/tap-count; exit status
# 0: it ran to its end): the bash completion completes a command, a scenario name
# (from a recorded /proc/synclab) and an option; `make install DESTDIR=
# PREFIX=` puts the tool, its man page and the completion in their places;
# the builder's CFLAGS/CPPFLAGS/LDFLAGS are honoured without losing the
# tool's own flags, and the default build has no -Werror.
# Run by `make -C userspace test`.

set -u
# The makes below are a packager's, not nested in the caller's: none of its
# command-line variables (make check's CFLAGS=-Werror), which make passes
# down in MAKEFLAGS and in the environment, may reach them.
unset MAKEFLAGS MFLAGS MAKELEVEL CFLAGS CPPFLAGS LDFLAGS LDLIBS
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tap.sh
. "$HERE/tap.sh"
ROOT=$(cd "$HERE/../.." && pwd)
TOOL=$(realpath "${1:?usage: install_test.sh path/to/synclab}")
ALL=$FIX/all

# complete COMPLETION_FILE WORD...: what bash completes for the command line
# WORD... (the last word being completed), one candidate a line, sorted.
complete_words() {
	local file=$1
	shift
	bash -c '
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_synclab
		printf "%s\n" "${COMPREPLY[@]}"
	' complete "$file" "$@" | sort
}

C=$ROOT/userspace/synclab.bash
expect "completion: 'synclab ru' completes the command run" \
	run "$(complete_words "$C" "$TOOL" ru)"
expect "completion: 'synclab help st' offers the commands status and stop" \
	"status stop" "$(complete_words "$C" "$TOOL" help st | tr '\n' ' ' | sed 's/ $//')"
expect "completion: 'synclab run sem-' completes the scenario sem-limit (from the module's list)" \
	sem-limit "$(SYNCLAB_PROC=$ALL complete_words "$C" "$TOOL" run sem-)"
expect "completion: 'synclab --proc DIR bench spin' reads the scenarios from DIR" \
	spinlock "$(SYNCLAB_PROC=/nonexistent complete_words "$C" "$TOOL" --proc "$ALL" bench spin)"
expect "completion: 'synclab run --read' completes the option --read-pct" \
	--read-pct "$(complete_words "$C" "$TOOL" run --read)"
expect "completion: no scenario is made up when the module is not loaded" \
	"" "$(SYNCLAB_PROC=/nonexistent complete_words "$C" "$TOOL" run c)"
expect "completion: after --threads comes a value, not a command" \
	"" "$(complete_words "$C" "$TOOL" run --threads "")"

# ---- make install DESTDIR= PREFIX=
dest=$WORK/dest
if ! out=$(make -C "$ROOT/userspace" install DESTDIR="$dest" PREFIX=/usr 2>&1); then
	not_ok "make install DESTDIR=... PREFIX=/usr succeeds" "$out"
else
	ok "make install DESTDIR=... PREFIX=/usr succeeds"
	want="usr/bin/synclab 755
usr/share/bash-completion/completions/synclab 644
usr/share/man/man1/synclab.1 644"
	got=$(cd "$dest" && find . -type f -printf '%P %m\n' | sort)
	expect "make install puts the tool, the man page and the completion in their places, and only those" \
		"$want" "$got"
	expect "the installed completion, with the installed tool, completes a scenario" \
		sem-limit "$(SYNCLAB_PROC=$ALL complete_words \
			"$dest/usr/share/bash-completion/completions/synclab" "$dest/usr/bin/synclab" run sem-)"
	make -C "$ROOT/userspace" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1
	expect "make uninstall removes all three" "" "$(cd "$dest" && find . -type f)"
fi

# ---- the builder's flags, in a copy of the sources
mkdir -p "$WORK/src/module"
cp -r "$ROOT/userspace" "$WORK/src/"
cp "$ROOT/module/cmd.c" "$ROOT"/module/*.h "$WORK/src/module/"
make -C "$WORK/src/userspace" clean >/dev/null 2>&1
if ! out=$(make -C "$WORK/src/userspace" synclab CFLAGS=-O1 CPPFLAGS=-DSYNCLAB_PACKAGER_TEST \
	LDFLAGS=-Wl,-z,relro 2>&1); then
	not_ok "make CFLAGS=-O1 CPPFLAGS=... LDFLAGS=... builds the tool" "$(printf '%s\n' "$out" | tail -n 5)"
else
	ok "make CFLAGS=-O1 CPPFLAGS=... LDFLAGS=... builds the tool"
	compile=$(printf '%s\n' "$out" | grep -E ' -c -o main\.o ')
	link=$(printf '%s\n' "$out" | grep -E ' -o synclab ')
	case $compile in
	*-I../module*-DSYNCLAB_PACKAGER_TEST*-std=c11*-O1*) ok "the builder's CPPFLAGS and CFLAGS come with the tool's own, after them" ;;
	*) not_ok "the builder's CPPFLAGS and CFLAGS come with the tool's own, after them" "$compile" ;;
	esac
	case $link in
	*-Wl,-z,relro*-lm*) ok "the builder's LDFLAGS are on the link line, with the tool's libraries" ;;
	*) not_ok "the builder's LDFLAGS are on the link line, with the tool's libraries" "$link" ;;
	esac
fi
if make -C "$WORK/src/userspace" -n -B synclab 2>&1 | grep -q -- '-Werror'; then
	not_ok "the default build has no -Werror (the lab adds it)" "$(make -C "$WORK/src/userspace" -n -B synclab 2>&1 | grep -- -Werror | head -n 2)"
else
	ok "the default build has no -Werror (the lab adds it)"
fi

plan
