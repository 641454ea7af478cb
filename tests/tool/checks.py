#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The checks of run_tests.sh and processes_tests.sh that read what the
synclab tool wrote (JSON, CSV, SVG, a terminal's typescript, the help) or
the project's sources.

    python3 checks.py NAME [ARGS...]

Each check passes, or fails with an assertion or a non-zero exit after a
'# ...' line saying what is wrong.  argv[1:] are its ARGS.
"""
import csv
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# The version the tool reports (module/synclab_version.h, read by tap.sh).
VERSION = os.environ.get("SYNCLAB_TEST_VERSION") or "(unset: run through tap.sh)"


def fixture(path):
    """The lines of a recorded results file, as dicts of key to value."""
    rows = []
    for line in open(path):
        if line.strip():
            rows.append(dict(kv.split("=", 1) for kv in line.split()))
    return rows


def fits80(argv):
    sys.exit(any(len(l.rstrip("\n")) > 80 for l in open(argv[1], encoding="utf-8")))


def unit_bench_json(argv):
    rows = json.load(open(argv[1]))
    assert isinstance(rows, list) and len(rows) == 6, rows
    assert [(r["scenario"], r["threads"]) for r in rows] == \
        [(s, t) for s in ("baseline", "mutex", "seqlock") for t in (1, 2)]
    assert rows[0]["ns_per_op"] == 4 and rows[0]["lockpair_ns"] == 17 and rows[0]["x_floor"] == 1
    assert rows[2]["ns_per_op"] == 20 and rows[2]["x_floor"] == 5 and rows[2]["lockpair_ns"] is None
    assert rows[3]["ops_per_s"] is None and rows[2]["ops_per_s"] == 5e7
    assert rows[4]["verdict"] == "fail" and rows[4]["verdicts"] == ["ok", "fail", "ok"]
    assert all(isinstance(r["csw_per_op"], float) for r in rows)


def unit_bench_csv(argv):
    rows = list(csv.DictReader(open(argv[1])))
    assert len(rows) == 6 and rows[0]["scenario"] == "baseline" and rows[5]["threads"] == "2"
    assert float(rows[2]["ns_per_op"]) == 20 and rows[2]["ns_per_op_max"] == ""
    assert float(rows[3]["ns_per_op_max"]) == 30 and float(rows[5]["x_floor"]) == 10
    assert rows[4]["verdicts"].split() == ["ok", "fail", "ok"]


def svg_chart(argv):
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.parse(argv[1]).getroot()
    assert root.tag == ns + "svg", root.tag
    lines = root.findall(".//" + ns + "polyline")
    assert len(lines) == len(argv) - 2, len(lines)
    for l in lines:
        pts = l.get("points").split()
        assert all(len(p.split(",")) == 2 and all(float(c) >= 0 for c in p.split(",")) for p in pts)
    legend = [t.text for t in root.iter(ns + "text") if t.get("class") == "legend"]
    assert legend == argv[2:], legend
    assert len(set(l.get("stroke") for l in lines)) == len(lines), "colors"


def progress_width(argv):
    text = open(argv[1], encoding="utf-8", errors="replace", newline="").read()
    pieces = [p for p in re.split(r"[\r\n]", text) if "[" in p and not p.startswith("Script ")]
    assert pieces and all(len(p) <= 49 for p in pieces), pieces


def results_csv(argv):
    common = ["scenario","threads","iters","cpu","expected","actual","lost","verdict",
              "elapsed_ns","ns_per_op","cpu_ns","nvcsw","nivcsw"]
    rows = list(csv.reader(open(argv[2])))
    assert rows[0] == common + ["extra"], rows[0]
    want = fixture(argv[1])
    assert len(rows) - 1 == len(want)
    for row, w in zip(rows[1:], want):
        for k, v in zip(common, row):
            assert w[k] == v, (k, v, w[k])
        extra = " ".join(k + "=" + v for k, v in w.items() if k not in common)
        assert row[-1] == extra, (row[-1], extra)


def results_json(argv):
    got = json.load(open(argv[2]))
    want = fixture(argv[1])
    assert isinstance(got, list) and len(got) == len(want)
    for g, w in zip(got, want):
        assert list(g) == list(w), (list(g), list(w))
        for k, v in w.items():
            assert (g[k] == v) if k in ("scenario", "cpu", "verdict") else (g[k] == int(v)), k


def run_all_commands(argv):
    given = [("threads", "2", 1), ("hold_ns", "10", 1), ("hold_us", "5", 1), ("delay_us", "0", 0),
             ("limit", "4", 0)]
    for line in open(argv[1]):
        name, _, params, shape = line.rstrip("\n").split("\t")
        keys = [kv.split("=")[0] for kv in params.split()]
        cmd = ["run", name]
        for k in ("threads", "iters", "window_us", "hold_ns", "hold_us", "delay_us", "limit",
                  "read_pct", "cpu"):
            for key, val, counting in given:
                if key == k and k in keys and (shape == "counter" or not counting):
                    cmd.append("%s=%s" % (k, val))
        print(" ".join(cmd))
    print("END")


def bench_figures(argv):
    want = {}
    for line in open(argv[2]):
        kv = dict(x.split("=", 1) for x in line.split())
        want[kv["scenario"]] = kv
    def num(cell):
        mult = {"k": 1e3, "M": 1e6, "G": 1e9}.get(cell[-1], 1)
        return float(cell.rstrip("kMG")) * mult
    def close(cell, v):
        return abs(num(cell) - v) <= 0.006 * v + 1e-12
    for line in open(argv[1]):
        f = line.split()
        if len(f) < 10 or f[0] not in want:
            continue
        w = want[f[0]]
        ops = int(w["threads"]) * int(w["iters"])
        ns = int(w["elapsed_ns"]) / ops
        csw = (int(w["nvcsw"]) + int(w["nivcsw"])) / ops
        assert close(f[2], ns) and close(f[3], ns) and close(f[4], ns), (f, ns)
        assert close(f[5], 1e9 / ns) and close(f[6], int(w["cpu_ns"]) / ops), f
        assert (f[7] == "0" and csw == 0) or close(f[7], csw), (f, csw)
        base = int(want["baseline"]["elapsed_ns"]) / (int(want["baseline"]["threads"]) *
                                                      int(want["baseline"]["iters"]))
        assert close(f[-1], ns / base), (f, ns / base)


def bench_medians(argv):
    rows = list(csv.DictReader(open(argv[1])))
    assert [(r["scenario"], r["threads"]) for r in rows] == \
        [(s, t) for s in ("atomic", "rwsem", "baseline") for t in ("1", "2")], rows
    for r in rows:
        base = 1 if r["scenario"] == "baseline" else 10
        f = {k: float(v) for k, v in r.items() if k not in ("scenario", "verdict", "verdicts",
             "lockpair_ns", "kernel", "cpu_model", "synclab_version", "date")}
        assert f["iters"] == 500 and f["runs"] == 3 and f["measured"] == 3, r
        assert f["ns_per_op"] == 2 * base and f["ns_per_op_min"] == base and f["ns_per_op_max"] == 3 * base, r
        assert abs(f["ops_per_s"] - 1e9 / (2 * base)) < 1e-3 and f["cpu_ns_per_op"] == 4 * base, r
        assert abs(f["csw_per_op"] - 2 / 500) < 1e-12 and f["x_floor"] == base, r
        assert r["verdict"] == "ok" and r["verdicts"] == "ok ok ok" and r["lockpair_ns"] == "", r


def bench_csv(argv):
    rows = list(csv.reader(open(argv[1])))
    assert rows[0] == ["scenario", "threads", "iters", "runs", "measured", "ns_per_op", "ns_per_op_min",
        "ns_per_op_max", "ops_per_s", "cpu_ns_per_op", "csw_per_op", "x_floor", "lockpair_ns",
        "verdict", "verdicts", "kernel", "cpus", "cpu_model", "synclab_version", "date"], rows[0]
    assert len(rows) == 1 + 9 * 3, len(rows)
    want = {}
    for line in open(argv[2]):
        kv = dict(x.split("=", 1) for x in line.split())
        want[kv["scenario"]] = kv
    for r in rows[1:]:
        w = want[r[0]]
        want_ns = int(w["elapsed_ns"]) / (int(w["threads"]) * int(w["iters"]))
        assert abs(float(r[5]) - want_ns) <= 1e-8 * want_ns, r  # the csv keeps 9 digits
        assert r[13] == w["verdict"] and r[14] == " ".join([w["verdict"]] * 3), r
        assert r[15] == argv[3] and r[16] == argv[4] and r[18] == VERSION, r
        assert __import__("re").match(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC$", r[19]), r


def bench_json(argv):
    rows = json.load(open(argv[1]))
    assert isinstance(rows, list) and len(rows) == 36, len(rows)
    b = [r for r in rows if r["scenario"] == "baseline"]
    assert [r["threads"] for r in b] == [1, 2, 4, 8] and all(r["x_floor"] == 1 for r in b)
    assert b[0]["lockpair_ns"] == int(argv[2]) and rows[4]["lockpair_ns"] is None
    assert rows[4]["scenario"] == "atomic"
    assert all(r["verdicts"] == ["ok"] * 3 and r["runs"] == 3 for r in rows)
    assert all(r["kernel"] == argv[3] and r["cpus"] == int(argv[4]) and
               r["synclab_version"] == VERSION and "cpu_model" in r and "UTC" in r["date"] for r in rows)


def bench_progress_width(argv):
    text = open(argv[1], encoding="utf-8", errors="replace", newline="").read()
    pieces = [p for p in re.split(r"[\r\n]", text) if "[" in p and not p.startswith("Script ")]
    assert pieces and all(len(p) <= 39 for p in pieces), pieces


def json_outputs(argv):
    bad = 0
    for name in sorted(os.listdir(argv[1])):
        try:
            json.load(open(os.path.join(argv[1], name)))
        except ValueError:
            print("# %s --format json: invalid JSON" % name.split(" ", 1)[1][:-5])
            bad = 1
    sys.exit(bad)


def help_columns(argv):
    bad = []
    for line in open(argv[1], encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.startswith("  "):
            continue
        for m in re.finditer(r"(?:^|  )(\S(?:\S| (?! ))*)", line):
            col = m.start(1)
            if (col - 2) % 21:
                bad.append((col, line))
    assert not bad, bad


def bench_progress_blanked(argv):
    text = open(argv[1], encoding="utf-8", errors="replace", newline="").read()
    assert re.search(r"\r +\rsynclab: \S+/results has no line for spinlock", text), repr(text[-400:])


def trace_svg(argv):
    ns = "{http://www.w3.org/2000/svg}"
    svg, trace = argv[1], argv[2]
    root = ET.parse(svg).getroot()
    assert root.tag == ns + "svg"
    groups = list(root.iter(ns + "g"))
    def cls(g):
        return (g.get("class") or "").split()
    events = [dict(kv.split("=", 1) for kv in l.split()) for l in open(trace) if l.startswith("ns=")]
    head = dict(kv.split("=", 1) for kv in open(trace).readline()[1:].split())
    lanes = [g for g in groups if cls(g) == ["lane"]]
    assert len(lanes) == int(head["threads"]), len(lanes)
    assert sorted(int(g.get("data-thread")) for g in lanes) == list(range(int(head["threads"])))
    for op in ("read", "write", "sleep"):
        marks = [g for g in groups if cls(g)[:1] == [op]]
        want = [e for e in events if e["op"] == op]
        assert len(marks) == len(want), (op, len(marks), len(want))
        assert [int(g.get("data-thread")) for g in marks] == [int(e["thread"]) for e in want], op
    lost = [g for g in groups if cls(g) == ["write", "overwritten"]]
    arrows = [p for p in root.iter(ns + "path") if p.get("class") == "overwrite"]
    assert lost and arrows and len(arrows) <= 40 and len(lost) >= len(arrows) >= 1, (len(lost), len(arrows))
    assert all(a.get("marker-end") == "url(#arrow)" for a in arrows)
    # Each arrow from a lost write to a write that overwrote it.
    for a in arrows:
        f, t = events[int(a.get("data-from"))], events[int(a.get("data-to"))]
        assert f["op"] == "write" and "overwrote" in t and f["thread"] in t["overwrote"].split(","), (f, t)
    ticks = [t.text for t in root.iter(ns + "text") if t.get("class") == "tick"]
    assert len(ticks) >= 2 and all(t.endswith(("ns", "µs", "ms", " s")) for t in ticks), ticks
    if len(argv) > 3:
        breaks = [g for g in groups if cls(g) == ["break"]]
        assert breaks and any("later" in "".join(g.itertext()) for g in breaks), "no break"


def bench_svg_caption(argv):
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.parse(argv[1]).getroot()
    cap = " ".join(t.text for t in root.iter(ns + "text") if t.get("class") == "caption")
    cpus = int(argv[3])
    assert ("Linux %s, %d CPU" % (argv[2], cpus)) in cap, cap
    assert "1000000 iterations per thread" in cap and "1970-01-02 00:00 UTC" in cap, cap
    bands = [p for p in root.iter(ns + "polygon") if p.get("class") == "band"]
    assert len(bands) == 2, len(bands)
    series = [g for g in root.iter(ns + "g") if g.get("class") == "series"]
    shapes = [[c.tag for c in g if c.get("class") == "marker"][0] for g in series]
    assert len(series) == 2 and shapes[0] != shapes[1], shapes
    beyond = [g for g in root.iter(ns + "g") if g.get("class") == "beyond-cpus"]
    assert (len(beyond) == 1) == (cpus < 4), (len(beyond), cpus)
    if beyond:
        assert ("more threads than the %d CPU" % cpus) in "".join(beyond[0].itertext())


def bench_json_meta(argv):
    rows = json.load(open(argv[1]))
    assert all(r["date"] == "1970-01-02 00:00 UTC" and r["kernel"] == argv[2] and
               r["cpus"] == int(argv[3]) and r["synclab_version"] == VERSION for r in rows)


def proc_keys_documented(argv):
    root = argv[1]
    doc = open(root + "/docs/proc-interface.md").read()
    srcs = sorted(glob.glob(root + "/module/*.c"))
    srcs += sorted(glob.glob(root + "/module/scenarios/*.c"))
    srcs += sorted(glob.glob(root + "/module/exercises/*.c"))
    keys = {}
    for path in srcs:
        text = open(path).read()
        for k in re.findall(r'synclab_add_extra\(\s*\w+,\s*"(\w+)"', text):
            keys.setdefault(k, path)
        # key=%... in the format strings of what goes into /proc/synclab
        for fmt in re.findall(r'seq_printf\(\s*m,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
            for k in re.findall(r'(?<![%\w])([a-z_]+)=%', fmt):
                keys.setdefault(k, path)
    names = re.search(r"synclab_param_name\[[^]]*\] = \{(.*?)\};", open(root + "/module/cmd.c").read(), re.S)
    for k in re.findall(r'= "(\w+)"', names.group(1)):
        keys.setdefault(k, root + "/module/cmd.c")
    assert len(keys) > 40, sorted(keys)
    missing = sorted(k for k in keys if "`%s`" % k not in doc)
    for k in missing:
        print("# %s (printed by %s) is not in docs/proc-interface.md" % (k, keys[k][len(root) + 1:]))
    sys.exit(1 if missing else 0)


def fixture_scenarios(argv):
    root, fix = argv[1], argv[2]
    table = open(root + "/module/scenarios.h").read()
    # The stock list: the grading build's exercises (#ifdef SYNCLAB_EX_) are not in it.
    table = re.sub(r"#ifdef SYNCLAB_EX_\w+\n.*?#endif", "", table, flags=re.S)
    want = []
    for var in re.findall(r"^SYNCLAB_SCENARIO\((\w+)\);", table, re.M):
        for path in glob.glob(root + "/module/scenarios/*.c"):
            text = open(path).read()
            m = re.search(r"const struct synclab_scenario synclab_%s = \{(.*?)\n\};" % var, text, re.S)
            if m:
                body = m.group(1)
                name = re.search(r'\.name\s*=\s*"([^"]+)"', body).group(1)
                desc = re.search(r'\.description\s*=\s*"([^"]+)"', body).group(1)
                want.append((name, desc, "counter" if ".increment" in body else "program"))
                break
        else:
            sys.exit("no scenario synclab_%s in module/scenarios/" % var)
    recorded = sorted(d for d in os.listdir(fix) if os.path.exists(os.path.join(fix, d, "recorded")))
    assert len(recorded) >= 5, recorded
    bad = 0
    for d in recorded:
        got = [tuple(l.rstrip("\n").split("\t")[i] for i in (0, 1, 3))
               for l in open(os.path.join(fix, d, "scenarios")) if l.strip()]
        if got != want:
            print("# fixtures/%s/scenarios: %s, the module: %s" % (d, [g[0] for g in got], [w[0] for w in want]))
            bad = 1
    sys.exit(bad)


def run_json(argv):
    """run --format json of the classic fixture; argv[2]: its elapsed_ns."""
    o = json.load(open(argv[1]))
    assert isinstance(o, dict)
    assert o["lost"] == 4 and o["overwrites"] == 1 and o["cpu"] == "all" and \
        o["elapsed_ns"] == int(argv[2]), o


def run_csv(argv):
    r = list(csv.DictReader(open(argv[1])))
    assert len(r) == 1 and r[0]["actual"] == "6" and \
        r[0]["extra"] == "window_us=100000 overwrites=1", r


def status_json(argv):
    """status --format json of a run of race; argv[2:5]: elapsed_ms, done, total."""
    o = json.load(open(argv[1]))
    assert o == {"state": "running", "scenario": "race", "elapsed_ms": int(argv[2]),
                 "done": int(argv[3]), "total": int(argv[4])}, o


def status_csv(argv):
    r = list(csv.DictReader(open(argv[1])))
    assert r == [{"state": "running", "scenario": "race", "elapsed_ms": argv[2],
                  "done": argv[3], "total": argv[4]}], r


def list_json(argv):
    """list --format json; argv[2]: the number of scenarios."""
    lst = json.load(open(argv[1]))
    assert len(lst) == int(argv[2]) and lst[0]["name"] == "classic" and \
        lst[0]["params"] == {"threads": 5, "window_us": 100000, "cpu": "all"}, lst[0]


def list_csv(argv):
    r = list(csv.reader(open(argv[1])))
    assert r[0] == ["name", "description", "params"] and len(r) == int(argv[2]) + 1
    assert r[1][0] == "classic" and \
        r[1][1] == "thread i adds i, thread 3 sleeps between read and write: 6, not 10"
    assert [x[2] for x in r if x[0] == "sem-limit"] == \
        ["threads=10 iters=1 hold_us=10000 limit=3 cpu=all"]


def json_length(argv):
    """argv[1] holds a JSON array of argv[2] items."""
    assert len(json.load(open(argv[1]))) == int(argv[2])


def trace_json(argv):
    """trace --format json of the classic fixture; argv[2]: the ns of thread 4's lost write."""
    o = json.load(open(argv[1]))
    assert o["scenario"] == "classic" and len(o["trace"]) == 11 and \
        o["trace"][10]["overwrote"] == [4], o
    assert o["overwritten"] == [{"thread": 4, "overwritten_by": 3, "ns": int(argv[2])}], o


def trace_csv(argv):
    r = list(csv.DictReader(open(argv[1])))
    assert len(r) == 11 and r[7]["op"] == "sleep" and r[7]["value"] == "100000" and \
        r[10]["overwrote"] == "4", r


def trace_json_empty(argv):
    assert json.load(open(argv[1]))["trace"] == []


def sem_waves(argv):
    """synclab trace of the sem-limit fixture: at most 3 inside, waves of 3 at most."""
    out = open(argv[1]).read()
    assert "at most 3 inside at once" in out, out
    m = re.search(r"^(\d+) waves? of entries:(.*)\Z", out, re.S | re.M)
    assert m, out
    waves = [w.split() for w in " ".join(m.group(2).split()).split("|")]
    assert len(waves) == int(m.group(1)) and sum(map(len, waves)) == 10, waves
    assert all(1 <= len(w) <= 3 for w in waves), waves


def sem_svg(argv):
    """trace --svg of sem-limit (argv[1]) against its trace (argv[2]): a lane
    per client, a bar per stay, coloured by wave, no overwrite arrow."""
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.parse(argv[1]).getroot()
    events = [dict(kv.split("=", 1) for kv in l.split())
              for l in open(argv[2]) if l.startswith("ns=")]
    groups = list(root.iter(ns + "g"))
    lanes = [g for g in groups if g.get("class") == "lane"]
    stays = [g for g in groups if g.get("class") == "inside"]
    leaves = [l for l in root.iter(ns + "line") if l.get("class") == "leave"]
    enters = [e for e in events if e["op"] == "enter"]
    assert len(lanes) == 10 and len(stays) == len(enters) == 10, (len(lanes), len(stays))
    assert [g.get("data-thread") for g in stays] == [e["thread"] for e in enters]
    assert len(leaves) == len([e for e in events if e["op"] == "leave"]) == 10
    assert all(int(g.get("data-wave")) >= 1 for g in stays)
    assert not [p for p in root.iter(ns + "path") if p.get("class") == "overwrite"]
    sub = [t.text for t in root.iter(ns + "text") if t.get("class") == "subtitle"][0]
    assert "at most 3 inside at once" in sub and "waves of entries" in sub, sub


def processes_json(argv):
    """processes_tests.sh: the invariants of the three rows of processes in
    JSON (argv: processes, iters, the output)."""
    n, it = int(argv[1]), int(argv[2])
    rows = json.load(open(argv[3]))
    assert [r["scenario"] for r in rows] == ["fork-private", "fork-shared", "fork-atomic"], rows
    p, s, a = rows
    for r in rows:
        assert r["threads"] == n and r["iters"] == it, r
        assert r["elapsed_ns"] > 0 and r["expected"] - r["actual"] == r["lost"], r
    # Separate memory: the parent's total is 0, each child counted exactly its own.
    assert p["memory"] == "private" and p["expected"] == 0 and p["actual"] == 0, p
    assert p["child_min"] == it and p["child_max"] == it and p["verdict"] == "ok", p
    # Shared memory: every increment lands on one counter, or is lost.
    assert s["memory"] == "shared" and s["expected"] == n * it, s
    assert 1 <= s["actual"] <= n * it, s
    assert s["verdict"] == ("race" if s["lost"] > 0 else "ok"), s
    # The atomic add is exact.
    assert a["memory"] == "shared" and a["actual"] == a["expected"] == n * it, a
    assert a["lost"] == 0 and a["verdict"] == "ok", a


def processes_csv(argv):
    """processes_tests.sh: the CSV of processes --threads 2 --iters 5000."""
    rows = list(csv.DictReader(open(argv[1])))
    assert [r["scenario"] for r in rows] == ["fork-private", "fork-shared", "fork-atomic"], rows
    assert rows[0]["extra"] == "memory=private child_min=5000 child_max=5000", rows[0]
    assert rows[0]["actual"] == "0" and rows[0]["verdict"] == "ok", rows[0]
    assert rows[2]["actual"] == rows[2]["expected"] == "10000", rows[2]
    assert all(r["threads"] == "2" and r["iters"] == "5000" for r in rows), rows


def processes_module_row(argv):
    """processes_tests.sh: the fourth row, race's, as the module recorded it
    (argv: the JSON, race's actual and lost in the fixture)."""
    rows = json.load(open(argv[1]))
    assert [r["scenario"] for r in rows] == ["fork-private", "fork-shared", "fork-atomic", "race"]
    r = rows[3]
    assert r["actual"] == int(argv[2]) and r["lost"] == int(argv[3]), r
    assert "memory" not in r, r


# Each check, by the name run_tests.sh and processes_tests.sh give.
CHECKS = {f.__name__: f for f in (
    fits80, unit_bench_json, unit_bench_csv, svg_chart, progress_width, results_csv,
    results_json, run_all_commands, bench_figures, bench_medians, bench_csv, bench_json,
    bench_progress_width, json_outputs, help_columns, bench_progress_blanked, trace_svg,
    bench_svg_caption, bench_json_meta, proc_keys_documented, fixture_scenarios, run_json,
    run_csv, status_json, status_csv, list_json, list_csv, json_length, trace_json, trace_csv,
    trace_json_empty, sem_waves, sem_svg, processes_json, processes_csv, processes_module_row,
)}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CHECKS:
        sys.exit("usage: checks.py NAME [ARGS...], NAME one of: " + " ".join(CHECKS))
    sys.exit(CHECKS[sys.argv[1]](sys.argv[1:]))
