#!/usr/bin/env bash
# Browser test of the dashboard: builds the demo store, serves it on a free
# loopback port, and drives the page in headless Debian Chromium through
# playwright-core (dashboard.test.mjs). Every request off 127.0.0.1 is
# aborted, so the page is proven to work offline.
#
#   tests/browser/run.sh                 # from the repo root (CI does this)
#   SITREP_BIN=path/to/sitrep tests/browser/run.sh
#   SITREP_BROWSER_DB=postgres://sitrep@127.0.0.1:5432/empty tests/browser/run.sh
#
# SITREP_BROWSER_DB is where the demo store is built and served from
# (`--db`: a file, or an empty PostgreSQL database); by default a SQLite
# file in a temporary directory.
#
# Screenshots: tests/browser/out/*.png. Exit status non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

bin="${SITREP_BIN:-${CARGO_TARGET_DIR:-target}/release/sitrep}"
if [[ ! -x "$bin" ]]; then
    echo "== building sitrep ($bin is missing)"
    cargo build --release -p sitrep
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v node >/dev/null && command -v npm >/dev/null || need+=(nodejs npm)
if (( ${#need[@]} )); then
    echo "== installing Debian packages: ${need[*]}"
    sudo=""
    if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null || true

echo "== npm ci (playwright-core, no browser download)"
(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

tmp="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db="${SITREP_BROWSER_DB:-$tmp/demo.db}"
echo "== demo store in $db"
"$bin" demo --no-serve --db "$db" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log"; exit 1; }
# plus one hostile report (markup in the text, in Bamyan where the demo has no incident):
# the page must show it as text and run none of it
"$bin" ingest --published 2019-04-02 --db "$db" tests/browser/fixtures/hostile-bamyan.txt >>"$tmp/demo.log" 2>&1 \
    || { cat "$tmp/demo.log"; exit 1; }

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
url="http://127.0.0.1:$port"
echo "== sitrep serve on $url"
"$bin" serve --db "$db" --addr "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
server=$!

ready=""
for _ in $(seq 1 100); do
    if ! kill -0 "$server" 2>/dev/null; then break; fi
    if node -e "fetch('$url/api/summary').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.3
done
if [[ -z "$ready" ]]; then
    echo "sitrep serve did not answer /api/summary:"
    cat "$tmp/serve.log"
    exit 1
fi

echo "== dashboard test"
status=0
SITREP_URL="$url" OUT_DIR="$here/out" timeout 240 node "$here/dashboard.test.mjs" || status=$?
if [[ $status -ne 0 ]]; then
    echo "-- server log"
    tail -n 50 "$tmp/serve.log"
fi
exit $status
