#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The grader's tests (make check, suite exercises): TAP on stdout, counted
by scripts/tap-count; exit status 0 when it ran to its end.

Grades, in one batch (two lanes of boots per kernel), the reference
solutions, the pristine skeletons and every seeded wrong answer under
tests/exercises/ (NN-name/VARIANT/: the student's file and an 'expect'
file), then checks:
  - the solutions score full marks;
  - each skeleton scores below full, and every failed check says why;
  - each seeded wrong answer fails the checks its expect file names, each
    with the reason it names ("fail CHECK :: TEXT" lines; "fail A | B ::
    TEXT": one of them, for a race that shows on most runs, not all).
Usage: grader_test.py WORKDIR
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

n = 0


def tap(ok, desc, detail=()):
    global n
    n += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, desc))
    for line in detail:
        print("# " + line)


def main():
    work = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "grader-test"))
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    exercises = sorted(d for d in os.listdir(os.path.join(ROOT, "exercises"))
                       if os.path.isfile(os.path.join(ROOT, "exercises", d, "checks")))
    # The solutions, as one student's folder of exercise folders.
    sol = os.path.join(work, "solutions")
    for ex in exercises:
        src = os.path.join(ROOT, "exercises", ex, "solution")
        shutil.copytree(src, os.path.join(sol, ex))
    variants = []
    for ex in sorted(os.listdir(HERE)):
        exdir = os.path.join(HERE, ex)
        if not os.path.isdir(exdir):
            continue
        for v in sorted(os.listdir(exdir)):
            if os.path.isfile(os.path.join(exdir, v, "expect")):
                variants.append((ex, v, os.path.join(exdir, v)))
    subs = [sol, ROOT] + [p for _, _, p in variants]
    out = os.path.join(work, "grade.json")
    log = os.path.join(work, "grade.log")
    with open(log, "w") as lf:
        rc = subprocess.run([os.path.join(ROOT, "scripts", "grade.py"), "--json", out,
                             "--out", os.path.join(work, "grade")] + subs,
                            stdout=lf, stderr=subprocess.STDOUT).returncode
    if not os.path.isfile(out):
        tap(False, "the grader ran (exit %d); log: %s" % (rc, log))
        return
    tap(rc in (0, 1), "the grader could grade (exit %d, not 3: the lab ran); log: %s" % (rc, log))
    by_path = {r["submission"]: r["checks"] for r in json.load(open(out))}

    checks = by_path.get(sol, [])
    for ex in exercises:
        mine = [c for c in checks if c["exercise"] == ex]
        bad = [c for c in mine if not c["passed"]]
        tap(mine and not bad, "%s: the reference solution scores full marks (%d checks)" % (ex, len(mine)),
            ["%s [%s]: %s" % (c["check"], c["kernel"], "; ".join(c["why"])[:200]) for c in bad])

    checks = by_path.get(ROOT, [])
    for ex in exercises:
        mine = [c for c in checks if c["exercise"] == ex]
        got = sum(c["points"] for c in mine)
        total = sum(c["of"] for c in mine)
        tap(mine and got < total, "%s: the skeleton as handed out scores below full (%d/%d)" % (ex, got, total))
        silent = [c["check"] for c in mine if not c["passed"] and not c["why"]]
        tap(mine and not silent, "%s: every check the skeleton fails says why" % ex, silent)

    for ex, v, path in variants:
        mine = by_path.get(path, [])
        for line in open(os.path.join(path, "expect")):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            # "fail A | B :: TEXT": A or B fails saying TEXT (a race that
            # shows on most runs at each thread count, not on every one).
            want, _, text = line[len("fail "):].partition(" :: ")
            names = [w.strip() for w in want.split(" | ")]
            hits = [c for c in mine if c["check"] in names]
            ok = len({c["check"] for c in hits}) == len(names) and \
                any(not c["passed"] and any(text.strip() in w for w in c["why"]) for c in hits)
            tap(ok, "%s, seeded wrong answer '%s': fails '%s', saying '%s'" % (
                ex, v, "' or '".join(names), text.strip()),
                ["%s: %s" % ("PASS" if c["passed"] else "FAIL", "; ".join(c["why"])[:240]) for c in hits]
                or ["no such check graded"])


main()
