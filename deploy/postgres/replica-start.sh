#!/bin/bash
# The replica: on first start, a copy of the primary (pg_basebackup, streaming, standby.signal
# and primary_conninfo written by -R); then PostgreSQL as a hot standby.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
  until PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -U replicator \
      -D "$PGDATA" -X stream -R --checkpoint=fast; do
    echo "replica: waiting for the primary"; rm -rf "${PGDATA:?}"/*; sleep 2
  done
  # The password too (pg_basebackup -R writes the rest of the connection).
  echo "primary_conninfo = 'host=$PRIMARY_HOST user=replicator password=$REPLICATION_PASSWORD application_name=replica'" \
    >> "$PGDATA/postgresql.auto.conf"
fi
exec postgres -c hot_standby=on
