#!/usr/bin/env bash
# Runs the whole Go test suite on SQLite, then again on a throwaway
# PostgreSQL cluster (started here, stopped on exit), naming both runs.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Go tests on SQLite =="
go test -race -count=1 ./...

dir=$(mktemp -d /tmp/hoi-pg.XXXXXX)
rmdir "$dir" # pg-test.sh creates and owns it
trap 'scripts/pg-test.sh stop "$dir" >/dev/null 2>&1 || true' EXIT
url=$(scripts/pg-test.sh start "$dir" | tail -n 1)
echo "== Go tests on PostgreSQL ($(psql "$url" -Atc 'show server_version' 2>/dev/null || echo '?')) =="
HOI_TEST_POSTGRES_URL="$url" go test -race -count=1 ./...
