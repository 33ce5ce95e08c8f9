#!/usr/bin/env bash
# Runs the whole Go test suite on SQLite (with the race detector), then again on a throwaway
# PostgreSQL cluster (started here, stopped on exit), naming both runs.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Go tests on SQLite =="
go test -race -count=1 -timeout 30m ./...

dir=$(mktemp -d /tmp/hoi-pg.XXXXXX)
rmdir "$dir" # pg-test.sh creates and owns it
trap 'scripts/pg-test.sh stop "$dir" >/dev/null 2>&1 || true' EXIT
url=$(scripts/pg-test.sh start "$dir" | tail -n 1)
echo "== Go tests on PostgreSQL ($(psql "$url" -Atc 'show server_version' 2>/dev/null || echo '?')) =="
# The race detector already ran on SQLite; this run is about the dialect, so it
# goes without -race to keep make test within its time budget.
HOI_TEST_POSTGRES_URL="$url" go test -count=1 -timeout 30m ./...
