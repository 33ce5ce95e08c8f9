#!/usr/bin/env bash
# pg-test.sh runs a throwaway PostgreSQL cluster for tests, so the store's test
# suites can run against a real server on any Debian machine (a developer's or
# CI's, usually as root) without touching a system cluster.
#
#   scripts/pg-test.sh start DIR          init + start a cluster in DIR, create a
#                                         fresh database, print its URL
#   scripts/pg-test.sh createdb DIR [NAME] create another fresh database, print its URL
#   scripts/pg-test.sh stop DIR           stop the cluster and remove DIR
#
# Only the URL goes to stdout (as the last line), so callers can write
#   url=$(scripts/pg-test.sh start "$dir")
# Everything else goes to stderr. The URL looks like
#   postgres://hoitest@127.0.0.1:PORT/hoi_test_XXXX?sslmode=disable
#
# Layout of DIR: .pg-test (marker, so stop never deletes a directory it did not
# make), url (URL of the first database), port, home (where the cluster lives:
# DIR itself, or a directory under /tmp when the user hoitest cannot reach DIR,
# e.g. inside a mode-0700 temporary directory). The cluster home holds data/
# (PGDATA), socket/ (unix socket) and server.log.
set -euo pipefail

readonly PG_USER=hoitest
readonly MARKER=.pg-test

log() { printf 'pg-test: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

# as_pg runs a command as the cluster's owner: hoitest when we are root
# (postgres refuses to run as root), ourselves otherwise.
as_pg() {
  if is_root; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

# find_bindir prints the newest /usr/lib/postgresql/*/bin with a server in it.
find_bindir() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/postgres && -x $d/initdb && -x $d/pg_ctl && -x $d/psql && -x $d/pg_isready ]] || continue
    if [[ -z $best ]] || [[ $(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n1) == "$d" ]]; then
      best=$d
    fi
  done
  [[ -n $best ]] && printf '%s\n' "$best"
}

# ensure_server sets BINDIR, installing Debian's postgresql package if needed.
ensure_server() {
  if BINDIR=$(find_bindir); then
    return
  fi
  if ! is_root; then
    die "no PostgreSQL server found in /usr/lib/postgresql/*/bin; install it with: sudo apt-get install -y postgresql"
  fi
  log "no PostgreSQL server found; installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2 || die "apt-get update failed"
  apt-get install -y -q --no-install-recommends postgresql </dev/null >&2 || die "apt-get install postgresql failed"
  BINDIR=$(find_bindir) || die "postgresql installed but no server found in /usr/lib/postgresql/*/bin"
}

# ensure_user creates the unprivileged cluster owner when we are root.
ensure_user() {
  is_root || return 0
  id -u "$PG_USER" >/dev/null 2>&1 && return 0
  log "creating system user $PG_USER"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$PG_USER" >&2 || die "useradd $PG_USER failed"
}

# abs prints DIR as an absolute path without requiring it to exist.
abs() { realpath -m -- "$1"; }

# random_hex prints n random lowercase hex digits.
random_hex() { od -An -N"$(($1 / 2))" -tx1 /dev/urandom | tr -d ' \n'; }

# read_state sets HOME_DIR and PORT from DIR's state files.
read_state() {
  local dir=$1
  [[ -f $dir/$MARKER ]] || die "$dir was not made by pg-test.sh start (no $MARKER)"
  HOME_DIR=$(<"$dir/home")
  PORT=$(<"$dir/port")
}

# pid_alive reports whether the cluster in HOME ($1) has a live postmaster
# according to its pid file.
pid_alive() { [[ -d $1/data ]] && as_pg "$BINDIR/pg_ctl" -D "$1/data" status >/dev/null 2>&1; }

# is_running reports whether the cluster in HOME ($1) answers on PORT. The pid
# check alone is not enough: a killed postmaster can linger as a zombie where
# nothing reaps it (containers), and its pid then still looks alive.
is_running() { pid_alive "$1" && "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 5 >/dev/null 2>&1; }

# psql_admin runs psql as the superuser on the maintenance database.
psql_admin() {
  "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$PG_USER" -d postgres "$@" </dev/null >&2
}

# create_database makes a fresh (empty) database NAME and prints its URL.
create_database() {
  local name=$1
  [[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name '$name': use 1-63 of a-z, 0-9, _ (not starting with a digit)"
  psql_admin -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" \
    || die "create database $name failed"
  log "created database $name"
  printf 'postgres://%s@127.0.0.1:%s/%s?sslmode=disable\n' "$PG_USER" "$PORT" "$name"
}

# pick_home sets HOME_DIR: DIR itself when the cluster owner can use it,
# otherwise a fresh directory under /tmp. The latter also when DIR is so deep
# that the socket path would pass the kernel's 107-byte limit.
pick_home() {
  local dir=$1 why="" sock=/socket/.s.PGSQL.65535
  if is_root; then chown "$PG_USER:" "$dir"; fi
  if ((${#dir} + ${#sock} > 100)); then
    why="$dir is too deep for a unix socket path"
  elif is_root && ! runuser -u "$PG_USER" -- test -w "$dir" -a -x "$dir"; then
    why="$PG_USER cannot reach $dir"
  fi
  if [[ -z $why ]]; then
    HOME_DIR=$dir
  else
    HOME_DIR=$(mktemp -d /tmp/hoi-pg-test.XXXXXX)
    if is_root; then chown "$PG_USER:" "$HOME_DIR"; fi
    log "$why; keeping the cluster in $HOME_DIR"
  fi
  [[ $HOME_DIR != *"'"* ]] || die "path $HOME_DIR contains a single quote"
  printf '%s\n' "$HOME_DIR" >"$dir/home"
}

init_cluster() {
  local data=$HOME_DIR/data
  as_pg mkdir -p "$HOME_DIR/socket"
  log "initdb in $data"
  as_pg "$BINDIR/initdb" -D "$data" -U "$PG_USER" --auth=trust --encoding=UTF8 --locale=C \
    --no-instructions </dev/null >&2 || die "initdb failed"
  # Trust, but only over loopback TCP and the socket inside the cluster home.
  as_pg tee "$data/pg_hba.conf" >/dev/null <<'EOF'
# pg-test.sh: throwaway test cluster, loopback only.
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
  printf "include 'pg-test.conf'\n" | as_pg tee -a "$data/postgresql.conf" >/dev/null
}

# start_server starts the cluster on a free port, retrying when another
# process takes the port between our check and the server's bind.
start_server() {
  local data=$HOME_DIR/data attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    PORT=$((20000 + RANDOM % 12000)) # below Linux's ephemeral range
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      continue # something listens there
    fi
    as_pg tee "$data/pg-test.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$HOME_DIR/socket'
fsync = on
max_connections = 200
EOF
    log "starting PostgreSQL ($BINDIR) on 127.0.0.1:$PORT"
    if as_pg "$BINDIR/pg_ctl" -D "$data" -l "$HOME_DIR/server.log" -w -t 60 start </dev/null >&2; then
      printf '%s\n' "$PORT" >"$DIR/port"
      return 0
    fi
    if ! grep -q 'could not bind\|Address already in use' "$HOME_DIR/server.log" 2>/dev/null; then
      tail -n 20 "$HOME_DIR/server.log" >&2 2>/dev/null || true
      die "pg_ctl start failed (log: $HOME_DIR/server.log)"
    fi
    log "port $PORT taken (attempt $attempt), trying another"
  done
  die "no free port found after 8 attempts"
}

# wipe removes a stale cluster left in DIR (e.g. after a reboot).
wipe() {
  local dir=$1 home
  home=$(cat "$dir/home" 2>/dev/null || true)
  if [[ -n $home && $home != "$dir" && $home == /tmp/hoi-pg-test.* ]]; then
    rm -rf -- "$home"
  fi
  rm -rf -- "$dir"
}

cmd_start() {
  DIR=$(abs "$1")
  ensure_server
  ensure_user
  if [[ -f $DIR/$MARKER ]]; then
    read_state "$DIR"
    if is_running "$HOME_DIR"; then
      log "cluster in $DIR already running on port $PORT"
      cat "$DIR/url"
      return
    fi
    log "removing stale cluster in $DIR"
    if pid_alive "$HOME_DIR"; then
      as_pg "$BINDIR/pg_ctl" -D "$HOME_DIR/data" -m immediate -w -t 30 stop </dev/null >&2 || true
    fi
    wipe "$DIR"
  elif [[ -e $DIR ]] && [[ -n $(ls -A -- "$DIR" 2>/dev/null) ]]; then
    die "$DIR exists, is not empty and was not made by pg-test.sh"
  fi
  mkdir -p -- "$DIR"
  : >"$DIR/$MARKER"
  pick_home "$DIR"
  init_cluster
  start_server
  local url
  url=$(create_database "hoi_test_$(random_hex 8)")
  printf '%s\n' "$url" >"$DIR/url"
  printf '%s\n' "$url"
}

cmd_createdb() {
  DIR=$(abs "$1")
  ensure_server
  read_state "$DIR"
  is_running "$HOME_DIR" || die "cluster in $DIR is not running; use: $0 start $DIR"
  create_database "${2:-hoi_test_$(random_hex 8)}"
}

cmd_stop() {
  DIR=$(abs "$1")
  if [[ ! -e $DIR ]]; then
    log "$DIR does not exist; nothing to stop"
    return
  fi
  [[ -f $DIR/$MARKER ]] || die "$DIR was not made by pg-test.sh start (no $MARKER); not removing it"
  HOME_DIR=$(cat "$DIR/home" 2>/dev/null || true)
  if [[ -n $HOME_DIR && -d $HOME_DIR/data ]] && BINDIR=$(find_bindir) && pid_alive "$HOME_DIR"; then
    log "stopping cluster in $HOME_DIR"
    as_pg "$BINDIR/pg_ctl" -D "$HOME_DIR/data" -m fast -w -t 60 stop </dev/null >&2 || die "pg_ctl stop failed"
  fi
  wipe "$DIR"
  log "removed $DIR"
}

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  [[ $# -ge 2 ]] || usage
  local cmd=$1
  shift
  case $cmd in
    start) [[ $# -eq 1 ]] || usage; cmd_start "$1" ;;
    createdb) [[ $# -le 2 ]] || usage; cmd_createdb "$@" ;;
    stop) [[ $# -eq 1 ]] || usage; cmd_stop "$1" ;;
    *) usage ;;
  esac
}

main "$@"
