#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""labfiles.py: the lab's readers of what the guests leave behind, on the host.

    labfiles.py kunit-count JSON
        kunit.py's JSON: "PASSED FAILED SKIPPED" test cases.
    labfiles.py kcsan-reports LOG FILTERED RACING...
        The KCSAN reports in a console LOG, per scenario: one line
        "SCENARIO OURS OTHERS FUNCTIONS" each (OURS: reports in synclab's
        code, OTHERS: the kernel's own). A scenario is the section between
        the guest's "synclab-kcsan: begin X" and "end X" lines of kmsg; a
        report outside any section is given to the RACING scenario whose
        function (<scenario>_*(), '-' as '_') it names. FILTERED gets the log
        without the reports expected of the RACING scenarios, to be scanned
        for the kernel's reports of bugs like any other log.
    labfiles.py fixtures ARCHIVE DIR
        Cut the archive the guest printed for make fixtures ("@@@ FIXTURE
        FILE LINES" then LINES lines, per file) into DIR/FIXTURE/FILE.
    labfiles.py lockdep-intended LOG FILTERED
        The report that guest/lockdep.sh causes on purpose (scoped bug=1:
        "WARNING: synclab/scoped:/PID still has locks held!", from the rule
        above it to the end of its stack trace) cut out of LOG into
        FILTERED; any other report stays. Prints how many were cut.
"""
import json
import os
import re
import shutil
import sys


def kunit_count(path):
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}

    def walk(group):
        for case in group.get("test_cases", []):
            status = case["status"]
            counts["PASS" if status == "PASS" else "SKIP" if status == "SKIP" else "FAIL"] += 1
        for sub in group.get("sub_groups", []):
            walk(sub)
    walk(json.load(open(path)))
    print(counts["PASS"], counts["FAIL"], counts["SKIP"])


def kcsan_reports(log, filtered, racing):
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
            where = section
            if ours and where == "(outside)":
                # No markers (make demo's run --all): a racing scenario's
                # report is known by its function, <scenario>_*().
                fn = re.sub(r"^data-race in ", "", head).split(" ")[0]
                for r in racing:
                    if fn.startswith(r.replace("-", "_") + "_"):
                        where = r
                        if r not in counts:
                            order.append(r)
                            counts[r], funcs[r] = [0, 0], []
            if ours:
                counts[where][0] += 1
                funcs[where].append(re.sub(r"^data-race in ", "", head))
                if where not in racing:
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


def fixtures(archive, fixtures):
    lines = open(archive, encoding="utf-8").read().split("\n")
    files, i = {}, 0
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        tag, fixture, name, count = lines[i].split(" ")
        assert tag == "@@@", lines[i]
        n = int(count)
        files.setdefault(fixture, {})[name] = "".join(l + "\n" for l in lines[i + 1:i + 1 + n])
        i += 1 + n
    for fixture, content in files.items():
        d = os.path.join(fixtures, fixture)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        content["control"] = ""
        for name, text in content.items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
    print("synclab: recorded tests/tool/fixtures/{%s}" % ",".join(sorted(files)))


def lockdep_intended(log, filtered):
    with open(log, errors="replace") as f:
        lines = f.read().replace("\r", "").split("\n")
    head = re.compile(r"WARNING: synclab/scoped:\d*/\d+ still has locks held!")
    rule = re.compile(r"^\[\s*\d+\.\d+\]\s*(={20,})?\s*$")
    out, cut, i = [], 0, 0
    while i < len(lines):
        if head.search(lines[i]):
            # From the rule above the headline to the end of the stack trace.
            while out and rule.search(out[-1]):
                out.pop()
            while i < len(lines) and "</TASK>" not in lines[i]:
                i += 1
            cut += 1
        else:
            out.append(lines[i])
        i += 1
    with open(filtered, "w") as f:
        f.write("\n".join(out))
    print(cut)


# name: (function, its arguments, the least number of them)
COMMANDS = {
    "kunit-count": (kunit_count, "JSON", 1),
    "kcsan-reports": (lambda log, filtered, *racing: kcsan_reports(log, filtered, racing),
                      "LOG FILTERED RACING...", 2),
    "fixtures": (fixtures, "ARCHIVE DIR", 2),
    "lockdep-intended": (lockdep_intended, "LOG FILTERED", 2),
}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        sys.exit("usage: labfiles.py {%s} ARGS... (see its docstring)" % ",".join(COMMANDS))
    fn, usage, least = COMMANDS[argv[1]]
    if len(argv) - 2 < least or (not usage.endswith("...") and len(argv) - 2 != least):
        sys.exit("usage: labfiles.py %s %s" % (argv[1], usage))
    fn(*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
