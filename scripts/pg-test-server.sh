#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks.
#
#   dir="$(mktemp -d)"
#   scripts/pg-test-server.sh start "$dir"   # prints the URL, also in $dir/url
#   export SITREP_TEST_POSTGRES="$(cat "$dir/url")"
#   ...
#   scripts/pg-test-server.sh createdb "$dir" NAME   # an empty database; prints its URL
#   scripts/pg-test-server.sh stop "$dir"    # stops it and deletes $dir
#
# `start` installs Debian's `postgresql` package when no initdb is found
# (with sudo when not root), runs initdb in $dir/data (trust auth for the
# superuser `sitrep`, C locale, UTF-8), and starts the server listening on
# a free port of 127.0.0.1 only, with its unix socket in $dir/sock and its
# log in $dir/log. initdb refuses to run as root, so as root the server
# runs as the `postgres` user the package creates. Durability is switched
# off (fsync, synchronous_commit): the data is thrown away, and tests run
# several times faster; set SITREP_PG_DURABLE=1 to keep the defaults (for
# benchmarks).
set -euo pipefail

usage() {
    echo "usage: $0 start DIR | createdb DIR NAME | stop DIR" >&2
    exit 2
}
[[ $# -ge 2 ]] || usage
cmd="$1"
dir="$2"

bindir() {
    local d
    if command -v pg_config >/dev/null && d="$(pg_config --bindir 2>/dev/null)" && [[ -x "$d/initdb" ]]; then
        echo "$d"
        return
    fi
    # Debian keeps the server binaries out of PATH, one directory per
    # major version; take the newest.
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$d/initdb" ]]; then
            echo "$d"
            return
        fi
    done
}

# Runs a command as the server's owner.
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$cmd" in
start)
    bin="$(bindir)"
    if [[ -z "$bin" ]]; then
        echo "== installing Debian package: postgresql" >&2
        sudo=""
        if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq postgresql >/dev/null
        bin="$(bindir)"
        [[ -n "$bin" ]] || { echo "no initdb after installing postgresql" >&2; exit 1; }
    fi
    mkdir -p "$dir/data" "$dir/sock"
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || { echo "running as root, but there is no postgres user to run the server as" >&2; exit 1; }
        # The server's user must reach its directories.
        chmod 755 "$dir"
        chown postgres "$dir/data" "$dir/sock"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U sitrep -A trust --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    opts="-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c max_connections=200"
    if [[ -z "${SITREP_PG_DURABLE:-}" ]]; then
        opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    touch "$dir/log"
    [[ "$(id -u)" == 0 ]] && chown postgres "$dir/log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/log" -w -t 60 start >/dev/null \
        || { cat "$dir/log" >&2; exit 1; }
    url="postgres://sitrep@127.0.0.1:$port/postgres"
    echo "$url" >"$dir/url"
    echo "$bin" >"$dir/bindir"
    echo "$url"
    ;;
createdb)
    [[ $# -eq 3 ]] || usage
    url="$(cat "$dir/url")"
    port="${url##*:}"
    port="${port%%/*}"
    "$(cat "$dir/bindir")/createdb" -h 127.0.0.1 -p "$port" -U sitrep "$3"
    echo "${url%/*}/$3"
    ;;
stop)
    if [[ -f "$dir/bindir" && -d "$dir/data" ]]; then
        as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    usage
    ;;
esac
