#!/usr/bin/env bash
# A throwaway NATS server with JetStream for the queue tests
# (crates/sitrep/tests/queue.rs), on a free loopback port with its store in
# a temporary directory.
#
#   eval "$(scripts/nats-test-server.sh start)"   # exports SITREP_TEST_NATS
#   scripts/nats-test-server.sh stop
#
# `start` prints `export SITREP_TEST_NATS=nats://127.0.0.1:PORT` (and the
# directory to stop it with) once the server accepts connections. `stop`
# ends that server, found by the pid file `start` wrote, and removes its
# directory. `start` installs Debian's `nats-server` package (2.9 in
# bookworm) when it is missing, with sudo when not root. Set
# SITREP_NATS_STATE to keep the state somewhere else than
# $TMPDIR/sitrep-nats-test (two servers at once need two).
set -euo pipefail

state="${SITREP_NATS_STATE:-${TMPDIR:-/tmp}/sitrep-nats-test}"

start() {
    if ! command -v nats-server >/dev/null; then
        echo "== installing Debian package: nats-server" >&2
        sudo=""
        if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get update -qq >&2
        $sudo apt-get install -y -qq nats-server >/dev/null
        command -v nats-server >/dev/null || {
            echo "no nats-server after installing the package" >&2
            exit 1
        }
    fi
    if [[ -f "$state/pid" ]] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
        echo "export SITREP_TEST_NATS=$(cat "$state/url")"
        return
    fi
    rm -rf "$state"
    mkdir -p "$state/js"
    # A free port: ask the kernel for one, then hand it to the server.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    nats-server -a 127.0.0.1 -p "$port" -js --store_dir "$state/js" \
        >"$state/log" 2>&1 &
    echo $! >"$state/pid"
    echo "nats://127.0.0.1:$port" >"$state/url"
    for _ in $(seq 1 100); do
        if grep -q "Server is ready" "$state/log" 2>/dev/null; then
            echo "export SITREP_TEST_NATS=nats://127.0.0.1:$port"
            return
        fi
        if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    echo "nats-server did not start; its log:" >&2
    cat "$state/log" >&2
    exit 1
}

stop() {
    if [[ -f "$state/pid" ]]; then
        pid=$(cat "$state/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -rf "$state"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *)
        echo "usage: $0 start|stop" >&2
        exit 2
        ;;
esac
