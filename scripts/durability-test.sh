#!/usr/bin/env bash
# durability-test.sh runs HOI's durability suites against the built binary:
#
#   crash   SIGKILL hoi ≥20 times under write load, on SQLite and on PostgreSQL,
#           and check that no acknowledged write is lost (scripts/crashtest)
#   drill   back up under write load, restore into a new database, check it
#           (scripts/backupdrill), on SQLite and on PostgreSQL (pg_dump/pg_restore)
#   lb      two hoi instances on PostgreSQL behind nginx (scripts/twoinstances)
#
#   scripts/durability-test.sh [crash] [drill] [lb]     (default: all three)
#
# HOI_BIN names the binary (default bin/hoi, built by make build). A throwaway
# PostgreSQL cluster (scripts/pg-test.sh) lives for the run; nginx comes from
# Debian's package, installed here when missing and running as root. Everything
# listens on 127.0.0.1 only and is stopped and removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${HOI_BIN:-bin/hoi}
suites=("$@")
[[ ${#suites[@]} -gt 0 ]] || suites=(crash drill lb)
for s in "${suites[@]}"; do
  case $s in crash | drill | lb) ;; *) echo "usage: $0 [crash] [drill] [lb]" >&2; exit 2 ;; esac
done
[[ -x $bin ]] || { echo "durability-test: $bin not found; run make build first" >&2; exit 1; }
bin=$(realpath "$bin")

wants() { [[ " ${suites[*]} " == *" $1 "* ]]; }

nginx=/usr/sbin/nginx
if wants lb && [[ ! -x $nginx ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "durability-test: nginx is missing; install it with: sudo apt-get install -y nginx" >&2
    exit 1
  fi
  echo "durability-test: installing Debian's nginx" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx </dev/null >/dev/null
fi

work=$(mktemp -d /tmp/hoi-durability.XXXXXX)
pgdir=$work/pg
cleanup() {
  scripts/pg-test.sh stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One build of the three programs, so their compile time is not counted
# against their time limits.
for p in crashtest backupdrill twoinstances; do
  go build -o "$work/$p" "./scripts/$p"
done

# pg-test.sh's chatter (initdb, pg_ctl) goes to a log, shown when it fails.
url=$(scripts/pg-test.sh start "$pgdir" 2>"$work/pg-test.log" | tail -n 1) || { cat "$work/pg-test.log" >&2; exit 1; }
newdb() { scripts/pg-test.sh createdb "$pgdir" 2>>"$work/pg-test.log" | tail -n 1; }
echo "durability-test: PostgreSQL $(psql "$url" -Atc 'show server_version' 2>/dev/null || echo '?') on ${url%%/hoi_*}"
start=$SECONDS

if wants crash; then
  echo "== crash test on SQLite =="
  "$work/crashtest" -bin "$bin"
  echo "== crash test on PostgreSQL =="
  "$work/crashtest" -bin "$bin" -postgres "$url"
fi
if wants drill; then
  echo "== backup drill on SQLite =="
  "$work/backupdrill" -bin "$bin"
  echo "== backup drill on PostgreSQL =="
  "$work/backupdrill" -bin "$bin" -postgres "$(newdb)" -restore-into "$(newdb)"
fi
if wants lb; then
  echo "== two instances behind nginx on PostgreSQL =="
  "$work/twoinstances" -bin "$bin" -postgres "$(newdb)" -nginx "$nginx"
fi
echo "durability tests passed in $((SECONDS - start))s"
