#!/bin/sh
# The whole-process benchmark of `sitrep extract`: builds the release
# binaries and the corpora, measures, and writes the figures into BENCH.md
# (between the "bench/run.sh" markers; the other sections stay as they are).
#
#   bench/run.sh [--quick] [--no-write]
#
# --quick     a 5 MB corpus instead of 25 MB, and fewer start-up runs;
# --no-write  print the section instead of writing it into BENCH.md.
#
# Environment: CARGO_TARGET_DIR (default target), BENCH_DIR for the corpora
# (default $CARGO_TARGET_DIR/bench), DEV_CSV for the Wikipedia dev set
# (default ../shared/eval/wikipedia_incidents_dev.csv), PHOENIX_DIR for the
# Phoenix actor dictionaries (default ../shared/data/petrarch/dictionaries),
# SPACY_PYTHON for a Python with spaCy and en_core_web_sm (default python3;
# skipped when it cannot import them).
set -eu
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
export CARGO_TARGET_DIR="$TARGET"
BENCH_DIR=${BENCH_DIR:-$TARGET/bench}
DEV_CSV=${DEV_CSV:-../shared/eval/wikipedia_incidents_dev.csv}
MB=25
ARGS=""
for a in "$@"; do
    case "$a" in
        --quick) MB=5; ARGS="$ARGS --quick" ;;
        --no-write) ARGS="$ARGS --no-write" ;;
        *) echo "usage: bench/run.sh [--quick] [--no-write]" >&2; exit 2 ;;
    esac
done

echo "building release binaries..." >&2
cargo build --release -q -p sitrep
# The floor tool is a bench target; its path is the newest executable of
# that name, which cargo prints with --message-format.
FLOOR=$(cargo bench -q -p sitrep-coding --bench floor --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "floor" and m.get("executable"):
        print(m["executable"])')
[ -x "$FLOOR" ] || { echo "bench/run.sh: cannot build the floor tool" >&2; exit 1; }

echo "building the corpus ($MB MB) in $BENCH_DIR..." >&2
python3 bench/build_corpus.py "$DEV_CSV" "$BENCH_DIR" "$MB"

exec python3 bench/measure.py --sitrep "$TARGET/release/sitrep" --floor "$FLOOR" \
    --corpus "$BENCH_DIR" --phoenix "${PHOENIX_DIR:-../shared/data/petrarch/dictionaries}" \
    --spacy-python "${SPACY_PYTHON:-python3}" $ARGS
