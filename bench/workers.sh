#!/bin/sh
# Distributed coding throughput (1, 2 and 4 `sitrep worker`s on PostgreSQL
# fed by NATS JetStream), written into BENCH.md; see bench/workers.py.
#
#   bench/workers.sh [--no-write]
#
# Needs what .ci/run installs: PostgreSQL and nats-server (the scripts in
# scripts/ install the Debian packages when missing), psql, python3.
set -eu
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
export CARGO_TARGET_DIR="$TARGET"
BENCH_DIR=${BENCH_DIR:-$TARGET/bench-workers}
DEV_CSV=${DEV_CSV:-../shared/eval/wikipedia_incidents_dev.csv}
cargo build --release -q -p sitrep
python3 bench/build_corpus.py "$DEV_CSV" "$BENCH_DIR" 2
# Distinct reports only: the replicated ledes would be linked as
# near-copies, not coded.
head -n 3000 "$BENCH_DIR/ledes.jsonl" > "$BENCH_DIR/ledes-3000.jsonl"
exec python3 bench/workers.py --sitrep "$TARGET/release/sitrep" \
    --corpus "$BENCH_DIR/ledes-3000.jsonl" --corpus "$BENCH_DIR/articles.jsonl" "$@"
