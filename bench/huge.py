#!/usr/bin/env python3
"""Time and peak memory of `sitrep extract` on one huge document.

    python3 bench/huge.py [--sitrep target/release/sitrep] [--sizes 1,4,8,25,50]
                          [--mode line|para] [--dev ../shared/eval/wikipedia_incidents_dev.csv]
                          [--dir target/bench/huge]

Builds, deterministically, one document of each size (MB = 10^6 bytes) from
the Wikipedia dev ledes: `line` joins them with spaces into a single line
(a page with no paragraph breaks), `para` puts five to a paragraph. Each is
coded alone with `--jobs 1 --published 2020-01-01 --max-doc-mib 64`, output
to /dev/null, under `/usr/bin/time -v`; prints a Markdown table of wall
seconds, peak RSS, and the peak RSS above that of coding a one-lede
document (the dictionaries and the gazetteer) per input byte, with the
load average before and after. Not a timed test: a measuring tool for BENCH.md ("Huge documents").
"""
import argparse
import csv
import os
import re
import subprocess
import sys


def build(dev, mb, mode, path):
    """Writes a document of `mb` MB of ledes to `path` (once)."""
    if os.path.exists(path):
        return
    with open(dev, newline="", encoding="utf-8") as f:
        rows = [r["details"].strip() for r in csv.DictReader(f) if r["details"].strip()]
    goal = int(mb * 1_000_000)
    parts, size, i = [], 0, 0
    while size < goal:
        lede = rows[i % len(rows)]
        i += 1
        sep = " " if mode == "line" or i % 5 else "\n\n"
        parts += [lede, sep]
        size += len(lede.encode("utf-8")) + len(sep)
    text = "".join(parts).strip().encode("utf-8")[:goal].decode("utf-8", "ignore")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run(sitrep, path):
    """Wall seconds and peak RSS (bytes) of coding one file."""
    cmd = ["/usr/bin/time", "-v", sitrep, "extract", "--jobs", "1", "--published",
           "2020-01-01", "--max-doc-mib", "64", path]
    with open(os.devnull, "wb") as null:
        r = subprocess.run(cmd, stdout=null, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    h, m, s = wall.groups()
    secs = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) * 1024
    return secs, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sitrep", default="target/release/sitrep")
    ap.add_argument("--sizes", default="1,4,8,25,50")
    ap.add_argument("--mode", default="line", choices=["line", "para"])
    ap.add_argument("--dev", default="../shared/eval/wikipedia_incidents_dev.csv")
    ap.add_argument("--dir", default="target/bench/huge")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    print(f"load average {loadavg()} at the start; {a.sitrep}, mode {a.mode}", flush=True)
    small = os.path.join(a.dir, "small.txt")
    build(a.dev, 0.0002, "line", small)
    _, base = run(a.sitrep, small)
    print("| document | wall s | peak RSS MB | RSS above start-up, bytes per input byte |")
    print("|---|---:|---:|---:|")
    for mb in [float(x) for x in a.sizes.split(",")]:
        path = os.path.join(a.dir, f"{a.mode}-{mb:g}.txt")
        build(a.dev, mb, a.mode, path)
        secs, rss = run(a.sitrep, path)
        print(f"| {mb:g} MB ({a.mode}) | {secs:.2f} | {rss / 1e6:.0f} | {(rss - base) / (mb * 1e6):.1f} |",
              flush=True)
    print(f"load average {loadavg()} at the end")


if __name__ == "__main__":
    main()
