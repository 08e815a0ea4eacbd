#!/usr/bin/env python3
"""Rebuild sitrep's bundled demo corpus from the shared raw files.

    python3 scripts/build_demo.py ../shared

Writes data/demo/isis-k-ghor-2018.txt (the seed article) and
data/demo/wikipedia-afghanistan.jsonl: the Afghanistan rows of Wikipedia's
"List of terrorist incidents" pages (CC BY-SA 4.0, see data/demo/NOTICE.md),
one JSON object per line with the row's date as the publication date and the
"[n]" reference marks removed. Output is deterministic.
"""
import csv
import json
import re
import shutil
import sys
from pathlib import Path

REFERENCE_MARK = re.compile(r"\[\d+\]")


def main() -> None:
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    out = Path(__file__).resolve().parent.parent / "data" / "demo"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shared / "seed" / "isis-k-ghor-2018.txt", out / "isis-k-ghor-2018.txt")
    rows = []
    with open(shared / "eval" / "wikipedia_incidents_dev.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["country"] != "Afghanistan":
                continue
            text = REFERENCE_MARK.sub("", row["details"]).strip()
            rows.append({"id": row["id"], "text": text, "published": row["date"],
                         "source": "Wikipedia: List of terrorist incidents"})
    with open(out / "wikipedia-afghanistan.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} Wikipedia rows and the seed article to {out}")


if __name__ == "__main__":
    main()
