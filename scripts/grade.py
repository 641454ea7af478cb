#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""grade.py: score students' exercises in the QEMU lab.

    scripts/grade.py [--ex NN,...] [--quick] [--csv FILE] [--jobs N] [SUBMISSION...]

A SUBMISSION is a student's tree (with exercises/NN-name/FILE), a folder of
exercise folders (NN-name/FILE), or a folder of the files themselves. With
none, the tree this script is in is graded. Only the student's files are
taken from a submission: the checks, the harnesses and the module come from
the tree this script is in (the grading tree), never from the student's.

Each exercise's checks are in exercises/NN-name/checks (format below), on
the stock Debian kernel (quick), the lab's debug kernel (lockdep, KASAN, the
atomic-sleep check) and the KCSAN kernel. The modules are built first (two
at a time on 2 cores or more), then the checks run in boots of each kernel:
the submissions are dealt out to --jobs lanes per kernel, each lane one boot
for all its submissions' checks, and --jobs boots run side by side (default:
2 for several submissions, 1 for one). A check that hangs or crashes the
guest fails, with the console excerpt, and its lane boots again after it.
The log says where each boot's time went and what ended it.

--quick runs the stock kernel's checks only, and shows each run's
/proc/synclab/last (make exercise). --csv writes one row per submission,
its score per exercise (batch grading); --json every check's outcome.

Exit status: 0 at full marks, 1 below, 2 on a usage error, 3 when the lab
could not grade (a kernel that does not build, no QEMU).

The checks file, one directive a line ('#' starts a comment):

    student FILE             the file the student writes
    harness NAME             module/exercises/NAME.c calls it (code exercises)
    check KERNEL POINTS DESCRIPTION | COMMAND | CONDITION...
    answer N POINTS DESCRIPTION | COMMAND | KEY
    why KEY TEXT             what a failed condition on KEY means

KERNEL is stock, debug or kcsan. A CONDITION is KEY=VALUE, KEY<=N or KEY>=N
on the run's line of /proc/synclab/results, or "clean": the kernel reported
nothing while it ran. An answer check compares the student's answer N (the
line "N = VALUE" of FILE) with KEY of the run's result: predict, then check.
"""

import argparse
import concurrent.futures
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIB = os.path.join(ROOT, "scripts", "lib.sh")
VMRUN = os.path.join(ROOT, "scripts", "vm-run")
KERNELS = ("stock", "debug", "kcsan")
KERNEL_TITLE = {"stock": "stock kernel", "debug": "debug kernel", "kcsan": "KCSAN kernel"}
# The lab's name of each kernel (scripts/lib.sh guest_kernel).
LAB_KERNEL = {"stock": "6.12", "debug": "kunit", "kcsan": "kcsan"}
# A run still going after max_run_ms is stopped by the module; one still
# going at the guest's hang limit (10 s after that) has threads that ignore
# the stop (guest/grade.sh).
MAX_RUN_MS = {"stock": 10000, "debug": 15000, "kcsan": 15000}

# What the kernel's reports mean, in one sentence each: the first pattern
# that matches a report line explains it.
MEANINGS = [
    (r"sleeping function called from invalid context|scheduling while atomic",
     "code that may sleep ran where sleeping is forbidden (a spinlock held, or "
     "preemption off): a lock held across a sleep must be a mutex or a semaphore"),
    (r"KCSAN: data-race",
     "two threads accessed the same memory at the same time, at least one writing, "
     "with nothing ordering them: the function it names still races"),
    (r"possible recursive locking",
     "a thread took a lock it already holds: it would wait for itself forever"),
    (r"possible circular locking",
     "two paths take the same locks in opposite orders: a deadlock waiting to happen"),
    (r"bad unlock balance",
     "a lock was released by a thread that did not hold it"),
    (r"lock held when returning|held lock freed|still has locks held",
     "a lock was still held where none may be: an unlock is missing on some path"),
    (r"KASAN",
     "memory was used outside its allocation or after it was freed"),
    (r"soft lockup|RCU stall|rcu: INFO",
     "a CPU spun for many seconds without yielding: a lock never released, or a "
     "wait that never ends"),
    (r"blocked for more than",
     "a thread slept waiting for something that never came: a missing wake-up or unlock"),
    (r"Oops|general protection fault|NULL pointer|Kernel panic|BUG: unable to handle",
     "the kernel crashed in this code: a bad pointer or a corrupted structure"),
    (r"UBSAN", "undefined behaviour in C, such as an overflow or a bad shift"),
    (r"BUG:|WARNING:", "the kernel detected a bug while this check ran"),
]


# Set when grading is interrupted: the lanes still running stop their guest
# and boot no more.
STOP = threading.Event()


def default_jobs(nsubs):
    """Boots at a time. One submission gets one boot at a time: a guest
    booting or running beside it takes the CPUs its races need (the
    skeleton of 02 lost no update on the stock kernel with a second guest
    beside it, and did at 2 and 8 threads alone). A batch gets two lanes:
    most of a lane's time is waiting (runs stopped at max_run_ms, hang
    limits), which the other lane fills."""
    env = os.environ.get("SYNCLAB_GRADE_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return 2 if nsubs > 1 and (os.cpu_count() or 1) >= 2 else 1


def die(msg, status=3):
    print("synclab grade: error: %s" % msg, file=sys.stderr)
    sys.exit(status)


def say(msg):
    print("synclab grade: %s" % msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ checks

class Check:
    def __init__(self, ex, kind, key, points, desc, command, conds):
        self.ex, self.kind, self.key = ex, kind, key   # kind: check or answer
        self.points, self.desc, self.command, self.conds = points, desc, command, conds
        self.kernel = key if kind == "check" else "stock"
        self.scenario = command.split()[1] if len(command.split()) > 1 else ""


class Exercise:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.num = self.name[:2]
        self.student = None
        self.harness = None
        self.checks = []
        self.why = {}
        self.parse(os.path.join(path, "checks"))

    def parse(self, fname):
        with open(fname) as f:
            for n, raw in enumerate(f, 1):
                line = raw.split("#", 1)[0].strip()
                if not line:
                    continue
                word, _, rest = line.partition(" ")
                where = "%s:%d" % (os.path.relpath(fname, ROOT), n)
                if word == "student":
                    self.student = rest.strip()
                elif word == "harness":
                    self.harness = rest.strip()
                elif word == "why":
                    key, _, text = rest.strip().partition(" ")
                    self.why[key] = text.strip()
                elif word in ("check", "answer"):
                    parts = [p.strip() for p in rest.split("|")]
                    head = parts[0].split(None, 2)
                    if len(parts) != 3 or len(head) != 3 or not head[1].isdigit():
                        die("%s: want '%s KEY POINTS DESCRIPTION | COMMAND | ...'" % (where, word))
                    if word == "check" and head[0] not in KERNELS:
                        die("%s: kernel '%s' is not one of %s" % (where, head[0], ", ".join(KERNELS)))
                    self.checks.append(Check(self, word, head[0], int(head[1]), head[2],
                                             parts[1], parts[2].split()))
                else:
                    die("%s: unknown directive '%s'" % (where, word))
        if not self.student:
            die("%s: no 'student FILE' line" % fname)

    @property
    def total(self):
        return sum(c.points for c in self.checks)


def load_exercises(only):
    base = os.path.join(ROOT, "exercises")
    exs = []
    for name in sorted(os.listdir(base)):
        if re.match(r"^\d\d-", name) and os.path.isfile(os.path.join(base, name, "checks")):
            exs.append(Exercise(os.path.join(base, name)))
    if only:
        want = set(only)
        known = {e.num for e in exs}
        bad = sorted(want - known)
        if bad:
            die("no exercise %s (known: %s)" % (", ".join(bad), " ".join(sorted(known))), 2)
        exs = [e for e in exs if e.num in want]
    return exs


# ------------------------------------------------------------- submissions

class Submission:
    def __init__(self, path, exercises):
        self.path = os.path.abspath(path)
        self.name = os.path.basename(self.path.rstrip("/")) or self.path
        self.files = {}           # exercise name -> the student's file
        for ex in exercises:
            for cand in (os.path.join(self.path, "exercises", ex.name, ex.student),
                         os.path.join(self.path, ex.name, ex.student),
                         os.path.join(self.path, ex.student)):
                if os.path.isfile(cand):
                    self.files[ex.name] = cand
                    break
        self.results = {}         # check -> (passed, points, lines of explanation)
        self.broken = {}          # exercise name -> why it could not run (kernel -> text)


# ------------------------------------------------------------------ builds

def lab(*args):
    """A function of scripts/lib.sh; its one line of output, split."""
    out = subprocess.run([LIB] + list(args), stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        return None
    return out.stdout.strip().split()


def code_exercises(exercises):
    return [e for e in exercises if e.harness]


def split(items, n):
    """items in n contiguous runs of nearly equal length (fewer when short)."""
    n = max(1, min(n, len(items)))
    q, r = divmod(len(items), n)
    out, at = [], 0
    for g in range(n):
        size = q + (1 if g < r else 0)
        out.append(items[at:at + size])
        at += size
    return out


def build_group(kernel, kdir, group, exercises, outdir, tree):
    """One synclab.ko per submission of group ([(index, sub)]), built against
    kdir in a copy of the module of its own (tree); incremental: only the
    student's files change between submissions. Returns ({sub: ko}, {sub:
    {exercise: why it does not compile}}), or None when the module does not
    build whatever the student wrote."""
    if os.path.isdir(tree):
        shutil.rmtree(tree)
    os.makedirs(os.path.join(tree, "module", "exercises", "student"))
    shutil.copytree(os.path.join(ROOT, "module"), os.path.join(tree, "module"),
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.o", "*.ko", "*.mod", "*.mod.c", ".*.cmd",
                                                  "*.order", "*.symvers"))
    codes = code_exercises(exercises)
    names = " ".join(e.harness for e in codes)
    graded = {e.name for e in exercises if any(c.kernel == kernel for c in e.checks)}
    kos, broken = {}, {}
    for i, sub in group:
        bad = {}
        for attempt in range(len(codes) + 1):
            for e in codes:
                src = sub.files.get(e.name) if e.name not in bad else None
                # Not graded for this submission, or it does not compile:
                # the handout's file keeps the module whole.
                src = src or os.path.join(e.path, e.student)
                dst = os.path.join(tree, "module", "exercises", "student", e.harness + ".c")
                if not os.path.exists(dst) or open(src, "rb").read() != open(dst, "rb").read():
                    shutil.copyfile(src, dst)
            log = os.path.join(outdir, "build-%d.log" % i)
            with open(log, "w") as lf:
                rc = subprocess.run(["make", "-C", kdir, "M=" + os.path.join(tree, "module"),
                                     "SYNCLAB_EX=" + names,
                                     "modules"], stdout=lf, stderr=subprocess.STDOUT).returncode
            text = open(log, errors="replace").read()
            if rc == 0:
                break
            # make names the object whose compilation failed, even when the
            # error is reported inside a header that the student's file includes.
            culprits = [e for e in codes if e.name not in bad and e.name in sub.files and
                        re.search(r"exercises/student/%s\.o\] Error" % re.escape(e.harness), text)]
            if not culprits:
                say("building the module for %s against the %s failed; log: %s" % (sub.name, KERNEL_TITLE[kernel], log))
                return None
            for e in culprits:
                errs = [l.split("exercises/student/", 1)[-1] for l in text.splitlines()
                        if re.search(r"exercises/student/%s\.c:\d+:\d+: error" % re.escape(e.harness), l)]
                errs = errs or [l for l in text.splitlines() if ": error:" in l]
                first = errs[0].replace(e.harness + ".c", e.student, 1) if errs else "see " + log
                bad[e.name] = "%s does not compile: %s" % (e.student, first[:160])
            if all(name in bad for name in sub.files if name in graded):
                # Nothing of it is left to run on this kernel: no module.
                break
        broken[sub] = bad
        if rc != 0:
            continue
        ko = os.path.join(outdir, "ko", "%d.ko" % i)
        os.makedirs(os.path.dirname(ko), exist_ok=True)
        shutil.copyfile(os.path.join(tree, "module", "synclab.ko"), ko)
        kos[sub] = ko
    return kos, broken


# ------------------------------------------------------------- the guest

def bad_patterns():
    out = subprocess.run(["bash", "-c", '. "$1"; printf %s "$SYNCLAB_BAD_PATTERNS"', "_", LIB],
                         stdout=subprocess.PIPE, text=True)
    return out.stdout


def reports(lines, pattern):
    """The kernel's reports in a check's console excerpt, as (first line,
    meaning). KCSAN reports of the kernel's own races are not the student's."""
    found, i = [], 0
    rule = re.compile(r"={40,}")
    while i < len(lines):
        line = lines[i]
        if rule.search(line) and i + 1 < len(lines) and "BUG: KCSAN:" in lines[i + 1]:
            j = i + 1
            while j < len(lines) and not rule.search(lines[j]):
                j += 1
            if any("[synclab]" in b for b in lines[i:j + 1]):
                found.append(lines[i + 1])
            i = j + 1
            continue
        if re.search(pattern, line) and "KCSAN" not in line:
            found.append(line)
        i += 1
    out = []
    for line in found:
        text = re.sub(r"^\[\s*[\d.]+\]\s*", "", line).strip()
        for pat, meaning in MEANINGS:
            if re.search(pat, text):
                out.append((text, meaning))
                break
    return out


def parse_result(line):
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


def hang_limit_s(kernel):
    """How long the guest lets a check run (guest/grade.sh): the module
    stops a run at max_run_ms, and threads that obey end within a second
    even on a busy host (docs/reliability.md); 10 s more, the lab's hang
    limit for a stop, and the run is hung."""
    return MAX_RUN_MS[kernel] // 1000 + 10


def run_boot(kernel, bz, steps, workdir, tag, show):
    """Boots the kernel once for the plan steps; returns the console lines."""
    os.makedirs(workdir, exist_ok=True)
    plan = os.path.join(workdir, "plan-%s" % tag)
    with open(plan, "w") as f:
        for op, ident, arg in steps:
            f.write("%s %s %s\n" % (op, ident, arg))
    log = os.path.join(workdir, "console-%s-%s.log" % (kernel, tag))
    nchecks = sum(1 for s in steps if s[0] == "check")
    # The guest cuts off a hung check itself; this only bounds a guest that
    # stops answering at all.
    timeout = 180 + nchecks * (hang_limit_s(kernel) + 20)
    # A CPU stuck in a student's spin for 10 s (watchdog_thresh 5) panics the
    # guest: no shell could get that CPU back to cut the check off.
    cmd = [VMRUN, "--kernel", bz, "--log", log, "--quiet", "--timeout", str(timeout),
           "--append", "softlockup_panic=1 watchdog_thresh=5",
           "--file", os.path.join(workdir, "ko") + ":/root/ko",
           "--file", plan + ":/root/plan",
           "--file", os.path.join(ROOT, "guest") + ":/root/guest",
           "--cmd", "SHOW=%d sh /root/guest/grade.sh /root/plan %d" % (1 if show else 0, MAX_RUN_MS[kernel])]
    cut = watch_boot(cmd, log, host_limit_s(kernel))
    if not os.path.exists(log):
        return [], log
    lines = open(log, errors="replace").read().replace("\r", "").split("\n")
    if cut:
        lines.append("SYNCLAB-GRADE-HUNG %s (the guest did not cut it off; the host did, "
                     "%d s after it began)" % (cut, host_limit_s(kernel)))
    return lines, log


def host_limit_s(kernel):
    """The host's limit on one check, for a guest whose own cut-off does not
    come: its shell starved of CPU by the student's threads. Twice the
    guest's (its clock and its polling lag on a busy host), plus 30 s."""
    return 2 * hang_limit_s(kernel) + 30


def watch_boot(cmd, log, limit):
    """Runs vm-run, following the console: a check that began more than
    limit seconds ago and has not ended stops the guest. Returns that
    check's id, or None."""
    cur, began, buf, pos = None, 0.0, "", 0   # the running check, when the host saw it begin
    with open(log + ".err", "w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            try:
                proc.wait(timeout=2)
                return None
            except subprocess.TimeoutExpired:
                pass
            if STOP.is_set():
                proc.terminate()
                proc.wait()
                return None
            try:
                with open(log, "rb") as f:
                    if os.fstat(f.fileno()).st_size < pos:
                        pos, buf = 0, ""     # vm-run booted again (a failed boot)
                    f.seek(pos)
                    data = f.read()
                    pos += len(data)
            except OSError:
                data = b""
            buf += data.decode(errors="replace")
            *whole, buf = buf.replace("\r", "").split("\n")
            for line in whole:
                m = re.match(r"^SYNCLAB-GRADE-(BEGIN|END|HUNG) (\S+)", line)
                if m:
                    cur = m.group(2) if m.group(1) == "BEGIN" else None
                    began = time.time()
            if cur is not None and time.time() - began > limit:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                return cur


def boot_summary(lines, ids):
    """Where a boot's time went, from the guest's clock (the t= of
    guest/grade.sh's lines, the kernel's timestamps): one line for the log."""
    begin, spent, stopped = {}, {}, set()
    up = hung = last_k = cur = None
    for line in lines:
        m = re.match(r"^\[\s*(\d+\.\d+)\]", line)
        if m:
            last_k = float(m.group(1))
            continue
        m = re.match(r"^SYNCLAB-GRADE-RESULT (\S+) .*verdict=stopped\b", line)
        if m:
            stopped.add(m.group(1))
            continue
        m = re.match(r"^SYNCLAB-GRADE-(LOADED|BEGIN|END|HUNG) (\S+).* t=(\d+\.\d+)\s*$", line)
        if not m:
            continue
        what, ident, t = m.group(1), m.group(2), float(m.group(3))
        if what == "LOADED" and up is None:
            up = t
        elif what == "BEGIN":
            cur = ident
            begin[ident] = t
        elif what == "END" and ident in begin:
            spent[ident] = t - begin[ident]
        elif what == "HUNG" and ident in begin:
            hung = (ident, t - begin[ident])
    text = "guest up at %.0f s, %d check(s) ran %.0f s (runs stopped at max_run_ms: %d, %.0f s)" % (
        up or 0, len(spent), sum(spent.values()), len(stopped & set(spent)),
        sum(spent[i] for i in stopped if i in spent))

    def who(ident):
        sub, c = ids[ident]
        return "%s (%s, %s \"%s\")" % (ident, sub.name, c.ex.name, c.desc)
    if hung and hung[0] in ids:
        text += "; ended by %s: hung, cut off %.0f s after it began" % (who(hung[0]), hung[1])
    elif cur is not None and cur not in spent and cur in ids:
        lockup = any("soft lockup" in l for l in lines)
        text += "; ended by %s: the guest crashed%s %.0f s after it began" % (
            who(cur), " (soft-lockup watchdog)" if lockup else "", max(0, (last_k or 0) - begin[cur]))
    return text


def plan_for(subs, kos, checks, lane):
    """The plan of one lane: per submission, load its module, run its
    checks, unload. Returns (steps, ids)."""
    ids, steps = {}, []
    for si, sub in lane:
        mine = [(ci, c) for ci, c in enumerate(checks)
                if c.ex.name in sub.files and c.ex.name not in sub.broken]
        if not mine or sub not in kos:
            continue
        steps.append(("load", str(si), "/root/ko/%s" % os.path.basename(kos[sub])))
        for ci, c in mine:
            ident = "%d.%d" % (si, ci)
            ids[ident] = (sub, c)
            steps.append(("check", ident, c.command))
        steps.append(("unload", str(si), ""))
    return steps, ids


def run_lane(kernel, bz, subs, kos, steps, ids, workdir, name, show, pattern):
    """Boots the kernel for the plan until every check of it is judged: a
    check the guest does not survive ends the boot, and the next one starts
    after it. name: the lane's letter, or "" when the kernel has one."""
    attempt = 0
    title = KERNEL_TITLE[kernel] + (", lane %s" % name if name else "")
    name = name or "a"
    while steps and not STOP.is_set():
        attempt += 1
        nchecks = sum(1 for s in steps if s[0] == "check")
        t0 = time.time()
        lines, log = run_boot(kernel, bz, steps, workdir, "%s%d" % (name, attempt), show)
        done = judge(kernel, lines, ids, pattern, show)
        say("%s: boot %d, %d check(s): %d s; %s" % (title, attempt, nchecks, time.time() - t0,
                                                     boot_summary(lines, ids)))
        pending = [k for k, s in enumerate(steps) if s[0] == "check" and s[1] not in done]
        if not pending:
            break
        if not done:
            # No check ran at all: the guest does not boot, or the plan does
            # not start. Booting again would do the same.
            for k in pending:
                sub, c = ids[steps[k][1]]
                sub.results[c] = (False, 0, ["not run: the guest ran no check; console log: %s" % log])
            break
        # Start again after the check the guest did not survive, with the
        # module of that check's submission loaded first. The checks of the
        # same exercise left on this kernel would hang the same way: they
        # fail with the first one, instead of a boot each.
        rest = steps[pending[0]:]
        dead = [ids[i] for i in done if not ids[i][0].results[ids[i][1]][0] and
                ids[i][0].results[ids[i][1]][2][:1] and
                ids[i][0].results[ids[i][1]][2][0].startswith(("hung", "the guest crashed"))]
        keep = []
        for step in rest:
            if step[0] == "check":
                sub, c = ids[step[1]]
                first = next((d for d in dead if d[0] is sub and d[1].ex is c.ex), None)
                if first:
                    sub.results[c] = (False, 0, ["not run: \"%s\" did not end on this kernel" % first[1].desc])
                    continue
            keep.append(step)
        rest = keep
        if not any(s[0] == "check" for s in rest):
            break
        if rest[0][0] != "load":
            si = rest[0][1].split(".")[0]
            rest = [("load", si, "/root/ko/%s" % os.path.basename(kos[subs[int(si)]]))] + rest
        steps = rest


class KernelRun:
    """One kernel's part of the grading: its kernel, its modules, its lanes."""

    def __init__(self, kernel, subs, exercises, outdir):
        self.kernel = kernel
        self.checks = [c for e in exercises for c in e.checks if c.kernel == kernel]
        self.subs = [s for s in subs if any(c.ex.name in s.files for c in self.checks)]
        self.workdir = os.path.join(outdir, kernel)
        self.kos = {}
        self.ok = True

    def get_kernel(self):
        t0 = time.time()
        say("%s: getting the kernel (built once and cached: the first time takes 5 to 10 minutes)"
            % KERNEL_TITLE[self.kernel])
        if self.kernel == "stock":
            out = lab("stock_kernel", LAB_KERNEL[self.kernel])
        else:
            out = lab("test_kernel", LAB_KERNEL[self.kernel])
        if not out:
            say("the %s is not available (see the messages above)" % KERNEL_TITLE[self.kernel])
            self.ok = False
            return
        self.kver, self.bz, self.kdir = out
        say("%s %s ready after %d s" % (KERNEL_TITLE[self.kernel], self.kver, time.time() - t0))

    def build_tasks(self, exercises, jobs):
        """The module builds, as jobs that can run side by side: one copy of
        the module per group of submissions."""
        groups = split(list(enumerate(self.subs)), jobs)
        self.built = [None] * len(groups)
        if os.path.isdir(os.path.join(self.workdir, "ko")):
            shutil.rmtree(os.path.join(self.workdir, "ko"))

        def task(g, group):
            def run():
                self.built[g] = build_group(self.kernel, self.kdir, group, exercises, self.workdir,
                                            os.path.join(self.workdir, "tree-%d" % g))
            return run
        return [task(g, group) for g, group in enumerate(groups)]

    def collect_builds(self):
        if any(b is None for b in self.built):
            self.ok = False
            return
        for kos, broken in self.built:
            self.kos.update(kos)
            for sub, bad in broken.items():
                for name, why in bad.items():
                    sub.broken.setdefault(name, why)

    def lane_tasks(self, jobs, show, pattern):
        """The boots, as lanes that can run side by side: the submissions
        dealt out by their number of checks, each lane in the submissions'
        order."""
        loads = [[0, []] for _ in range(jobs)]
        weighted = []
        for si, sub in enumerate(self.subs):
            n = sum(1 for c in self.checks if c.ex.name in sub.files and c.ex.name not in sub.broken)
            if n and sub in self.kos:
                weighted.append((n, si, sub))
        for n, si, sub in sorted(weighted, key=lambda w: (-w[0], w[1])):
            lane = min(loads, key=lambda l: l[0])
            lane[0] += n
            lane[1].append((si, sub))
        tasks = []
        lanes = [lane for n, lane in loads if lane]
        for k, lane in enumerate(lanes):
            steps, ids = plan_for(self.subs, self.kos, self.checks, sorted(lane, key=lambda x: x[0]))
            name = "abcdefghijklmnopqrstuvwxyz"[k] if len(lanes) > 1 else ""
            tasks.append(lambda steps=steps, ids=ids, name=name: run_lane(
                self.kernel, self.bz, self.subs, self.kos, steps, ids, self.workdir, name, show, pattern))
        return tasks


def run_all(tasks, jobs):
    """Runs the tasks, jobs at a time; an exception in one is raised here."""
    if jobs <= 1 or len(tasks) <= 1:
        for t in tasks:
            t()
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(t) for t in tasks]
        try:
            for f in futures:
                f.result()
        except BaseException:
            STOP.set()
            for f in futures:
                f.cancel()
            raise


def judge(kernel, lines, ids, pattern, show):
    """Scores the checks the console shows; returns the ids judged."""
    done = set()
    cur, excerpt, res, rc, err = None, [], {}, None, ""
    active = False

    def close(ident, ended, how):
        sub, c = ids[ident]
        sub.results[c] = evaluate(c, sub, res, rc, err, excerpt, ended, how, pattern)
        done.add(ident)

    for line in lines:
        m = re.match(r"^SYNCLAB-GRADE-BEGIN (\S+)", line)
        if m:
            if active:
                close(cur, True, "")
                active = False
            cur, excerpt, res, rc, err = m.group(1), [], {}, None, ""
            continue
        if cur is None:
            continue
        m = re.match(r"^SYNCLAB-GRADE-RESULT (\S+) ?(.*)", line)
        if m:
            res = parse_result(m.group(2))
            continue
        m = re.match(r"^SYNCLAB-GRADE-ERROR (\S+) ?(.*)", line)
        if m:
            err = m.group(2)
            continue
        m = re.match(r"^SYNCLAB-GRADE-END (\S+) rc=(\d+)", line)
        if m:
            rc = int(m.group(2))
            active = True
            continue
        m = re.match(r"^SYNCLAB-GRADE-HUNG (\S+)", line)
        if m:
            excerpt.append(line)
            close(cur, False, "hung")
            cur = None
            continue
        if re.match(r"^SYNCLAB-GRADE-(BEGIN|LOADED|UNLOADED|DONE|LOAD-FAILED)", line) or \
                line.startswith("SYNCLAB-VM-CMD-END"):
            if active:
                close(cur, True, "")
                active = False
                cur = None
            continue
        if show and not active and not line.startswith("SYNCLAB-") and cur in ids and \
                not re.match(r"^\[\s*\d", line):
            ids[cur][0].shown.setdefault(ids[cur][1], []).append(line)
        excerpt.append(line)
    if cur is not None and cur not in done:
        if active:
            close(cur, True, "")
        else:
            # The guest died inside this check.
            close(cur, False, "crashed")
    return done


def excerpt_tail(excerpt, n=6):
    keep = [l for l in excerpt if l.strip() and not l.startswith("SYNCLAB-")]
    return keep[-n:]


def evaluate(c, sub, res, rc, err, excerpt, ended, how, pattern):
    """(passed, points, explanation lines) of one check."""
    why = []
    found = reports(excerpt, pattern)
    if not ended:
        if how == "hung":
            why.append("hung: the run did not end, not even when stopped; the guest was "
                       "powered off (a thread waits for a lock or an event forever)")
        elif any(re.search(r"soft lockup|blocked for more than", t) for t, _ in found):
            why.append("hung: a thread never gave its CPU back, and the watchdog stopped "
                       "the guest (a spin on a lock that is never released)")
        else:
            why.append("the guest crashed during this check")
        why += ["why: " + text for key, text in c.ex.why.items() if key == "hung"]
        for text, meaning in found[:2]:
            why.append('kernel: "%s"' % text[:110])
            why.append("  means: %s" % meaning)
        if not found:
            why += ["console: " + l[:110] for l in excerpt_tail(excerpt, 4)]
        return (False, 0, why)
    if rc != 0 or not res:
        why.append("the run was refused or failed (exit %s): %s" % (rc, err or "no result"))
        return (False, 0, why)
    ok = True
    tags = set()
    if c.kind == "answer":
        want = res.get(c.conds[0])
        got = answer_of(sub, c)
        if got is None:
            why.append("no answer %s in %s (a line '%s = NUMBER')" % (c.key, c.ex.student, c.key))
            ok = False
        elif want is None or got != want:
            why.append("you predicted %s; the kernel gave %s=%s" % (got, c.conds[0], want))
            ok = False
        return (ok, c.points if ok else 0, why)
    for cond in c.conds:
        if cond == "clean":
            if found:
                ok = False
                tags.add("kernel")
                for text, meaning in found[:2]:
                    why.append('kernel: "%s"' % text[:110])
                    why.append("  means: %s" % meaning)
            continue
        m = re.match(r"^([a-z_]+)(<=|>=|=)(\S+)$", cond)
        if not m:
            why.append("bad condition in checks: %s" % cond)
            ok = False
            continue
        key, op, val = m.groups()
        got = res.get(key)
        good = got is not None and (
            (op == "=" and got == val) or
            (op == "<=" and got.lstrip("-").isdigit() and int(got) <= int(val)) or
            (op == ">=" and got.lstrip("-").isdigit() and int(got) >= int(val)))
        if not good:
            ok = False
            tags.add(key)
            why.append(describe_failure(c, key, op, val, got, res))
    if not ok:
        if res.get("verdict") == "stopped":
            tags.add("stopped")
        if res.get("lost", "0") != "0":
            tags.add("lost")
        why += ["why: " + text for key, text in c.ex.why.items() if key in tags]
    return (ok, c.points if ok else 0, why)


def describe_failure(c, key, op, val, got, res):
    if key == "verdict" and got == "stopped":
        return ("verdict stopped: the run did not finish within max_run_ms "
                "(threads waiting for something that never happens)")
    if key == "verdict" and res.get("lost", "0") != "0":
        return "verdict %s: lost=%s of expected=%s (want %s%s%s)" % (
            got, res.get("lost"), res.get("expected"), key, op, val)
    return "%s=%s (want %s%s%s)" % (key, got if got is not None else "(missing)", key, op, val)


def answer_of(sub, c):
    path = sub.files.get(c.ex.name)
    if not path:
        return None
    for line in open(path, errors="replace"):
        m = re.match(r"^\s*%s\s*=\s*(-?\d+)\s*(#.*)?$" % re.escape(c.key), line)
        if m:
            return m.group(1)
    return None


# ------------------------------------------------------------------ report

def report(sub, exercises, kernels_run):
    total = got = 0
    per_ex = {}
    print("synclab grade: %s" % sub.path)
    for ex in exercises:
        if ex.name not in sub.files:
            continue
        print("\n%s" % ex.name)
        ex_got = 0
        for c in ex.checks:
            label = "%s [%s]" % (c.desc, "Q" + c.key if c.kind == "answer" else c.kernel)
            if ex.name in sub.broken:
                passed, pts, why = False, 0, [sub.broken[ex.name]]
            elif c in sub.results:
                passed, pts, why = sub.results[c]
            elif c.kernel not in kernels_run:
                continue
            else:
                passed, pts, why = False, 0, ["not run: the %s was not available" % KERNEL_TITLE[c.kernel]]
            print("  %s  %2d/%-2d  %s" % ("PASS" if passed else "FAIL", pts, c.points, label))
            for w in why:
                print("               %s" % w)
            for line in getattr(sub, "shown", {}).get(c, []):
                print("               | %s" % line)
            ex_got += pts
        ex_total = sum(c.points for c in ex.checks if c.kernel in kernels_run)
        print("  %s: %d/%d" % (ex.name, ex_got, ex_total))
        per_ex[ex.name] = (ex_got, ex_total)
        got += ex_got
        total += ex_total
    print("\nscore: %d/%d" % (got, total))
    return got, total, per_ex


def main():
    ap = argparse.ArgumentParser(prog="grade.py", description=__doc__.split("\n")[0])
    ap.add_argument("--ex", help="exercise numbers, comma-separated (default: all)")
    ap.add_argument("--quick", action="store_true", help="the stock kernel's checks only, with each run's report")
    ap.add_argument("--csv", help="write one row per submission here")
    ap.add_argument("--json", help="write every check's outcome here (the tests read it)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "grade"), help="work folder")
    ap.add_argument("--jobs", type=int, default=0,
                    help="boots at a time (default: SYNCLAB_GRADE_JOBS, or 2 for several "
                    "submissions on 2 cores or more, 1 for one)")
    ap.add_argument("submissions", nargs="*")
    args = ap.parse_args()
    only = [x.strip().zfill(2) for x in args.ex.split(",")] if args.ex else []
    exercises = load_exercises(only)
    paths = args.submissions or [ROOT]
    for p in paths:
        if not os.path.isdir(p):
            die("submission %s is not a folder" % p, 2)
    subs = [Submission(p, exercises) for p in paths]
    for s in subs:
        s.shown = {}
        if not s.files:
            say("%s has no exercise file (looked for %s)" % (s.path, ", ".join(e.student for e in exercises)))
    if subprocess.run([LIB, "ensure_lab_packages"]).returncode != 0:
        die("the lab's packages are missing (see above)")
    kernels = ["stock"] if args.quick else list(KERNELS)
    t0 = time.time()
    os.makedirs(args.out, exist_ok=True)
    kernels_run = list(kernels)
    jobs = args.jobs if args.jobs > 0 else default_jobs(len(subs))
    # The builds come before any guest runs: nothing of theirs can take a
    # CPU from a check.
    build_jobs = max(jobs, min(2, os.cpu_count() or 1))
    runs = [KernelRun(k, subs, exercises, args.out) for k in kernels]
    runs = [r for r in runs if r.subs]
    for r in runs:
        r.get_kernel()
    # The module builds, then the boots, jobs at a time.
    t1 = time.time()
    run_all([t for r in runs if r.ok for t in r.build_tasks(exercises, build_jobs)], build_jobs)
    for r in runs:
        if r.ok:
            r.collect_builds()
    say("%d module(s) built in %d s, %d at a time" % (
        sum(len(r.subs) for r in runs if r.ok), time.time() - t1, build_jobs))
    pattern = bad_patterns()
    t1 = time.time()
    run_all([t for r in runs if r.ok for t in r.lane_tasks(jobs, args.quick, pattern)], jobs)
    unavailable = not all(r.ok for r in runs)
    say("checks run in %d s, %d boot(s) at a time" % (time.time() - t1, jobs))
    full = True
    rows = []
    for s in subs:
        got, total, per_ex = report(s, exercises, kernels_run)
        full = full and total > 0 and got == total
        rows.append((s, got, total, per_ex))
        if len(subs) > 1:
            print()
    say("graded %d submission(s) in %d s" % (len(subs), time.time() - t0))
    if args.json:
        out = []
        for sub in subs:
            checks = []
            for ex in exercises:
                if ex.name not in sub.files:
                    continue
                for c in ex.checks:
                    if ex.name in sub.broken:
                        r = (False, 0, [sub.broken[ex.name]])
                    else:
                        r = sub.results.get(c, (False, 0, ["not run"]))
                    checks.append({"exercise": ex.name, "check": c.desc, "kernel": c.kernel,
                                   "passed": r[0], "points": r[1], "of": c.points, "why": r[2]})
            out.append({"submission": sub.path, "checks": checks})
        with open(args.json + ".tmp", "w") as f:
            json.dump(out, f, indent=1)
        os.replace(args.json + ".tmp", args.json)
    if args.csv:
        tmp = args.csv + ".tmp"
        with open(tmp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["submission"] + [e.name for e in exercises] + ["score", "total"])
            for s, got, total, per_ex in rows:
                w.writerow([s.name] + [per_ex.get(e.name, (0, 0))[0] for e in exercises] + [got, total])
        os.replace(tmp, args.csv)
    if unavailable:
        sys.exit(3)
    sys.exit(0 if full else 1)


if __name__ == "__main__":
    main()
