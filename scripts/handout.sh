#!/usr/bin/env bash
# handout.sh DEST: write the students' tree (make handout DEST=DIR).
#
# It has the lab, the tool, the module and the exercises, and none of:
#   exercises/*/solution/      the reference answers
#   tests/exercises/           the seeded wrong answers the grader is tested on
#   module/scenarios/{sem_limit,completion,waitqueue}.c
#                              reference scenarios that solve exercises 04 to 06
#   tests/*_kunit.c ...        the KUnit suites, which test those scenarios
#   .ci/                       this project's CI; the handout gets its own
#                              workflow, .github/workflows/grade.yml, which runs
#                              make grade on each push
# make exercise and make grade work there as they do here.
set -eu
. "$(dirname "$0")/lib.sh"

DEST=${1:-}
[ -n "$DEST" ] || die "make handout needs DEST=DIR, a folder to create (for example DEST=../handout)"
if [ -e "$DEST" ] && [ -n "$(ls -A "$DEST" 2>/dev/null)" ]; then
	die "$DEST exists and is not empty: give a new folder, or remove it first"
fi

OMIT='^(exercises/[^/]+/solution/|tests/exercises/|tests/[^/]+_kunit\.c$|tests/kunit_util\.h$|tests/Kbuild$|module/scenarios/(sem_limit|completion|waitqueue)\.c$|\.ci/|build/)'

# The tracked files when this is a git tree, every file otherwise.
list_files() {
	if git -C "$SYNCLAB_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$SYNCLAB_ROOT" ls-files --cached --others --exclude-standard
	else
		(cd "$SYNCLAB_ROOT" && find . -type f ! -path './.git/*' | sed 's|^\./||')
	fi
}

mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
n=0
while IFS= read -r f; do
	[ -f "$SYNCLAB_ROOT/$f" ] || continue
	mkdir -p "$DEST/$(dirname "$f")"
	cp -p "$SYNCLAB_ROOT/$f" "$DEST/$f"
	n=$((n + 1))
done < <(list_files | grep -Ev "$OMIT")
mkdir -p "$DEST/.github/workflows"
cp "$SYNCLAB_ROOT/exercises/ci/grade.yml" "$DEST/.github/workflows/grade.yml"
say "wrote $n files to $DEST (no solution/, no reference scenario of an exercise)"
say "students: cd $DEST && make exercise EX=02 && make grade"
