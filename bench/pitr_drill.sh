#!/usr/bin/env bash
# Point-in-time recovery drill for Lotse on PostgreSQL (base backup + WAL archive).
#
# Runs the whole procedure of docs/operations.md "Point-in-time recovery" once, on a throw-away
# cluster under /tmp that listens on a Unix socket only (no TCP port):
#
#   1. initdb a scratch cluster with archive_mode=on and an archive_command that copies every
#      finished WAL segment into a scratch WAL archive;
#   2. lotse migrate, write audit entries, take a base backup with pg_basebackup;
#   3. write batch A (20 audit entries), note the time T, write batch B (20 entries);
#   4. stop the primary (the "disaster");
#   5. copy the base backup into a new data directory, set restore_command and
#      recovery_target_time = T, create recovery.signal, start: PostgreSQL replays the archived
#      WAL up to T and promotes;
#   6. check that exactly the entries before T are there (batch A complete, batch B absent) and
#      that `lotse audit_verify` passes on the recovered database.
#
# Usage: bench/pitr_drill.sh          (as root it runs the PostgreSQL binaries as user postgres)
# Env:   PGBIN (default /usr/lib/postgresql/15/bin), PITR_PORT (socket number, default 8028)
# Everything is removed at the end, also on failure (set KEEP=1 to keep it for inspection).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${PITR_PORT:-8028}
RESTORED_PORT=$((PORT + 1))
REPO=$(cd "$(dirname "$0")/.." && pwd)
LOTSE="$REPO/.venv/bin/lotse"
BATCH=20

WORK=$(mktemp -d /tmp/lotse-pitr-XXXXXX)
PRIMARY=$WORK/primary
ARCHIVE=$WORK/wal-archive
BASE=$WORK/base-backup
RESTORED=$WORK/restored
mkdir -p "$ARCHIVE" "$WORK/var"

if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres: "$WORK"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

cleanup() {
  for dir in "$RESTORED" "$PRIMARY"; do
    if [ -f "$dir/postmaster.pid" ]; then
      as_pg "$PGBIN/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
    fi
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
psql_at() { # port, sql
  as_pg "$PGBIN/psql" -X -q -A -t -h "$WORK" -p "$1" -d lotse -c "$2"
}
lotse_on() { # port, lotse arguments...
  local port=$1
  shift
  env -u DATABASE_URL LOTSE_DEBUG=1 LOTSE_ENV_FILE=/nonexistent LOTSE_VAR_DIR="$WORK/var" \
    LOTSE_LOG_LEVEL=WARNING \
    DATABASE_URL="postgres://postgres@${WORK//\//%2F}:${port}/lotse" "$LOTSE" "$@"
}
audit_batch() { # port, action, count
  lotse_on "$1" shell -v 0 -c "
from lotse.audit.context import Actor
from lotse.audit.services import log_action
for n in range($3):
    log_action(action='$2', actor=Actor(None, 'system:pitr-drill'), data={'n': n})
"
}

started=$(date +%s)
step "1. scratch cluster with WAL archiving ($PRIMARY, socket $WORK/.s.PGSQL.$PORT)"
as_pg "$PGBIN/initdb" -D "$PRIMARY" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$PRIMARY/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$WORK'
port = $PORT
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
max_wal_senders = 3
EOF
as_pg "$PGBIN/pg_ctl" -D "$PRIMARY" -l "$WORK/primary.log" -w start >/dev/null
as_pg "$PGBIN/createdb" -h "$WORK" -p "$PORT" lotse

step "2. lotse migrate, first audit entries, base backup"
lotse_on "$PORT" migrate --noinput -v0
audit_batch "$PORT" pitr.before_base_backup 5
as_pg "$PGBIN/pg_basebackup" -h "$WORK" -p "$PORT" -D "$BASE" -Fp -Xstream -c fast
echo "base backup: $(du -sh "$BASE" | cut -f1)"

step "3. batch A, the target time T, batch B"
audit_batch "$PORT" pitr.batch_a "$BATCH"
seq_at_target=$(psql_at "$PORT" "SELECT sum(seq) FROM audit_chainhead")
target_time=$(psql_at "$PORT" "SELECT clock_timestamp()")
echo "T = $target_time (audit chain heads at #$seq_at_target, summed over the chains)"
sleep 1
audit_batch "$PORT" pitr.batch_b "$BATCH"
seq_at_end=$(psql_at "$PORT" "SELECT sum(seq) FROM audit_chainhead")
last_segment=$(psql_at "$PORT" "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 60); do
  archived=$(psql_at "$PORT" "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")
  [ "$archived" \> "$last_segment" ] || [ "$archived" = "$last_segment" ] && break
  sleep 0.5
done
echo "primary at audit chain head #$seq_at_end; WAL archived up to $archived" \
  "($(find "$ARCHIVE" -type f | wc -l) files)"

step "4. disaster: the primary stops"
as_pg "$PGBIN/pg_ctl" -D "$PRIMARY" -m immediate stop >/dev/null

step "5. restore the base backup and replay the WAL archive up to T"
as_pg cp -a "$BASE" "$RESTORED"
cat >>"$RESTORED/postgresql.auto.conf" <<EOF
port = $RESTORED_PORT
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_time = '$target_time'
recovery_target_action = 'promote'
EOF
as_pg touch "$RESTORED/recovery.signal"
as_pg "$PGBIN/pg_ctl" -D "$RESTORED" -l "$WORK/restored.log" -w -t 120 start >/dev/null
for _ in $(seq 1 120); do
  [ "$(psql_at "$RESTORED_PORT" "SELECT pg_is_in_recovery()")" = f ] && break
  sleep 0.5
done
grep -E "recovery stopping|starting point-in-time|selected new timeline" "$WORK/restored.log" |
  sed 's/^.*\(LOG\|DETAIL\): */  log: /'

step "6. check the recovered database"
count_a=$(psql_at "$RESTORED_PORT" "SELECT count(*) FROM audit_auditentry WHERE action = 'pitr.batch_a'")
count_b=$(psql_at "$RESTORED_PORT" "SELECT count(*) FROM audit_auditentry WHERE action = 'pitr.batch_b'")
head_seq=$(psql_at "$RESTORED_PORT" "SELECT sum(seq) FROM audit_chainhead")
verify=$(lotse_on "$RESTORED_PORT" audit_verify)
echo "batch A (before T): $count_a of $BATCH"
echo "batch B (after T):  $count_b of $BATCH"
echo "audit chain heads:  #$head_seq (summed) (expected #$seq_at_target; the primary had reached #$seq_at_end)"
echo "lotse audit_verify: $verify"

if [ "$count_a" = "$BATCH" ] && [ "$count_b" = 0 ] && [ "$head_seq" = "$seq_at_target" ]; then
  echo
  echo "PITR DRILL OK in $(($(date +%s) - started)) s: recovered to T exactly" \
    "(all $BATCH writes before T, none of the $BATCH after)."
else
  echo
  echo "PITR DRILL FAILED" >&2
  exit 1
fi
