#!/usr/bin/env python3
"""Distributed coding throughput: `sitrep worker` x N on a PostgreSQL store.

    python3 bench/workers.py --sitrep target/release/sitrep --corpus FILE.jsonl \
        [--corpus FILE2.jsonl ...] [--workers 1,2,4] [--repeat 2] [--no-write]

bench/workers.sh builds the release binary and the corpora (the first
3,000 Wikipedia dev ledes, and the long articles of bench/build_corpus.py)
and runs this.

Starts a throwaway PostgreSQL (durable settings: fsync and synchronous
commit on, as a team runs it) and a NATS JetStream server on loopback
(scripts/pg-test-server.sh, scripts/nats-test-server.sh), then for each
worker count: an empty database, the corpus enqueued on a stream of its
own, N workers started at once (`--jobs 1` each, so N workers use N coding
threads), and the clock stopped when the store's merge cursor reaches the
last enqueued sequence with nothing left staged (polled every 50 ms with
psql). The same corpus is also ingested by one `sitrep ingest` process into
PostgreSQL and into SQLite, for reference. Each figure is the best of
--repeat runs. Writes its table into BENCH.md between the
"bench/workers.py" markers unless --no-write.

What the workers' own summaries say (seconds spent coding, summed over
workers) is reported beside the wall time, which is what shows what limits
the scaling: coding runs in parallel, merging runs one document at a time
in queue order.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START = "<!-- bench/workers.py: start -->"
END = "<!-- bench/workers.py: end -->"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Servers:
    """A PostgreSQL and a NATS server for the run, stopped on exit."""

    def __init__(self):
        self.pg_dir = tempfile.mkdtemp(prefix="sitrep-bench-pg-")
        self.nats_dir = tempfile.mkdtemp(prefix="sitrep-bench-nats-")
        env = dict(os.environ, SITREP_PG_DURABLE="1")
        self.pg = run([f"{ROOT}/scripts/pg-test-server.sh", "start", self.pg_dir], env=env).stdout.strip()
        self.nats_env = dict(os.environ, SITREP_NATS_STATE=self.nats_dir)
        out = run([f"{ROOT}/scripts/nats-test-server.sh", "start"], env=self.nats_env).stdout
        self.nats = re.search(r"SITREP_TEST_NATS=(\S+)", out).group(1)

    def createdb(self, name):
        return run([f"{ROOT}/scripts/pg-test-server.sh", "createdb", self.pg_dir, name]).stdout.strip()

    def stop(self):
        subprocess.run([f"{ROOT}/scripts/nats-test-server.sh", "stop"], env=self.nats_env)
        subprocess.run([f"{ROOT}/scripts/pg-test-server.sh", "stop", self.pg_dir])


def psql(url, sql):
    return run(["psql", url, "-Atc", sql]).stdout.strip()


def corpus_stats(path):
    docs = 0
    chars = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs += 1
                chars += len(json.loads(line)["text"].encode("utf-8"))
    return docs, chars


def ingest(sitrep, db, corpus):
    t = time.monotonic()
    run([sitrep, "ingest", "--db", db, corpus])
    return time.monotonic() - t


def workers_run(sitrep, servers, corpus, n, tag):
    db = servers.createdb(f"bench_{tag}")
    stream = f"bench-{tag}"
    t = time.monotonic()
    out = run([sitrep, "enqueue", "--queue", servers.nats, "--stream", stream, corpus]).stderr
    enqueue_s = time.monotonic() - t
    last = int(re.search(r"sequences \d+-(\d+)", out).group(1))
    procs = []
    t = time.monotonic()
    for _ in range(n):
        procs.append(subprocess.Popen(
            [sitrep, "worker", "--queue", servers.nats, "--stream", stream, "--db", db,
             "--jobs", "1", "--idle-exit", "2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    while True:
        try:
            row = psql(db, "SELECT merged_seq, (SELECT count(*) FROM staged) FROM stage_cursor")
        except subprocess.CalledProcessError:
            row = ""  # the tables are not created yet
        if row:
            merged, staged = (int(x) for x in row.split("|"))
            if merged >= last and staged == 0:
                break
        if time.monotonic() - t > 3600:
            sys.exit("workers did not finish within an hour")
        time.sleep(0.05)
    wall = time.monotonic() - t
    coding = 0.0
    for p in procs:
        _, err = p.communicate(timeout=120)
        m = re.search(r"in ([\d.]+) s of coding", err)
        if p.returncode != 0 or not m:
            sys.exit(f"a worker failed ({p.returncode}):\n{err}")
        coding += float(m.group(1))
    return wall, coding, enqueue_s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sitrep", required=True)
    ap.add_argument("--corpus", required=True, action="append", help="a JSON Lines corpus (repeatable)")
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    counts = [int(x) for x in a.workers.split(",")]
    load_before = loadavg()
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    servers = Servers()
    tables = []
    try:
        for ci, corpus in enumerate(a.corpus):
            docs, size = corpus_stats(corpus)
            rows = []
            scratch = tempfile.mkdtemp(prefix="sitrep-bench-sqlite-")
            best = min(ingest(a.sitrep, os.path.join(scratch, f"s{i}.db"), corpus) for i in range(a.repeat))
            shutil.rmtree(scratch)
            rows.append(("`sitrep ingest`, one process, SQLite", best, None, None))
            best = min(ingest(a.sitrep, servers.createdb(f"ingest{ci}_{i}"), corpus) for i in range(a.repeat))
            rows.append(("`sitrep ingest`, one process, PostgreSQL", best, None, None))
            for n in counts:
                runs = [workers_run(a.sitrep, servers, corpus, n, f"c{ci}_w{n}_{i}") for i in range(a.repeat)]
                wall, coding, enq = min(runs)
                rows.append((f"{n} worker{'s' if n > 1 else ''} (`--jobs 1` each), PostgreSQL", wall, coding, enq))
                print(f"{os.path.basename(corpus)}: {n} workers: {wall:.2f} s", file=sys.stderr)
            tables.append((corpus, docs, size / 1e6, rows))
    finally:
        servers.stop()
    load_after = loadavg()
    lines = [
        START,
        "## Distributed coding (`bench/workers.py`)",
        "",
        f"Measured {started} by `bench/workers.py` on the development machine "
        f"({os.cpu_count()} cores; load average {load_before} at the start, {load_after} at the end). "
        "PostgreSQL and nats-server on loopback with durable settings; the queue is filled before the "
        "workers start; wall time runs from the workers' start until the store's merge cursor reaches "
        f"the last sequence with nothing staged. Best of {a.repeat}.",
    ]
    for corpus, docs, mb, rows in tables:
        lines += [
            "",
            f"Corpus `{os.path.basename(corpus)}`: {docs:,} documents, {mb:.2f} MB of text.",
            "",
            "| run | wall s | docs/s | MB/s | coding s (all workers) | enqueue s |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, wall, coding, enq in rows:
            c = f"{coding:.2f}" if coding is not None else ""
            e = f"{enq:.2f}" if enq is not None else ""
            lines.append(f"| {name} | {wall:.2f} | {docs / wall:,.0f} | {mb / wall:.2f} | {c} | {e} |")
    lines.append(END)
    section = "\n".join(lines)
    if a.no_write:
        print(section)
        return
    path = os.path.join(ROOT, "BENCH.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if START in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(section)


if __name__ == "__main__":
    main()
