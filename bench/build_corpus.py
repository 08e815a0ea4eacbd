#!/usr/bin/env python3
"""Builds the benchmark corpora for bench/run.sh from the Wikipedia dev ledes.

    python3 bench/build_corpus.py ../shared/eval/wikipedia_incidents_dev.csv OUT_DIR [MB]

Writes, deterministically (same CSV in, same bytes out):

- ledes.jsonl     the incident descriptions replicated until their text
                  reaches MB megabytes (default 25), one short report a line;
- ledes-10pc.jsonl the first tenth of ledes.jsonl, for the 10x cost-growth
                  check;
- articles.jsonl  long multi-paragraph articles: the ledes of one country,
                  in date order, five to a paragraph and forty to an article;
- one.jsonl       a single short lede, for start-up time.

Each line is {"id", "text", "published"}; "published" is the incident's
date, so the coder resolves relative dates the same way on every run.
The text is the CSV's, footnote markers ("[2]") included: that is what
news text scraped from the web looks like.
"""
import csv
import json
import os
import sys
from collections import defaultdict


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    target = float(sys.argv[3]) if len(sys.argv) > 3 else 25.0
    with open(src, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["details"].strip()]
    os.makedirs(out, exist_ok=True)

    def line(doc_id, text, date):
        return json.dumps({"id": doc_id, "text": text, "published": date}, ensure_ascii=False) + "\n"

    goal = int(target * 1_000_000)
    lines, size, copy = [], 0, 0
    while size < goal:
        for r in rows:
            lines.append(line(f"{r['id']}-{copy}", r["details"], r["date"]))
            size += len(r["details"].encode("utf-8"))
            if size >= goal:
                break
        copy += 1
    with open(os.path.join(out, "ledes.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    with open(os.path.join(out, "ledes-10pc.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(lines[: len(lines) // 10])
    with open(os.path.join(out, "one.jsonl"), "w", encoding="utf-8") as f:
        r = rows[1]
        f.write(line(r["id"], r["details"], r["date"]))

    by_country = defaultdict(list)
    for r in rows:
        by_country[r["country"]].append(r)
    with open(os.path.join(out, "articles.jsonl"), "w", encoding="utf-8") as f:
        for country in sorted(by_country):
            ledes = sorted(by_country[country], key=lambda r: (r["date"], r["id"]))
            for a in range(0, len(ledes), 40):
                chunk = ledes[a : a + 40]
                paragraphs = [
                    " ".join(r["details"].strip() for r in chunk[p : p + 5])
                    for p in range(0, len(chunk), 5)
                ]
                doc_id = f"{country}-{a // 40}"
                f.write(line(doc_id, "\n\n".join(paragraphs), chunk[-1]["date"]))


if __name__ == "__main__":
    main()
