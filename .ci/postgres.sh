#!/usr/bin/env bash
# Start a local PostgreSQL cluster on loopback (Debian's postgresql-common) and make sure role `shv`
# (password `shv`, may create databases) and database `shv_test` exist.
# Progress goes to stderr; the last line on stdout is the SQLAlchemy URL for SHV_TEST_POSTGRES_URL.
# Callers redirect stdout to a file rather than a pipe: the server started here may inherit it.
# Idempotent: an already running cluster, role or database is left as it is.
# PG_CLUSTER names another cluster than `main` (the port is the one the cluster has).
set -euo pipefail

say() { echo "$*" >&2; }
if [ "$(id -u)" -eq 0 ]; then
    as_postgres() { runuser -u postgres -- "$@"; }
    as_root() { "$@"; }
else
    as_postgres() { sudo -u postgres "$@"; }
    as_root() { sudo "$@"; }
fi

# The newest installed server (a client alone also leaves a directory under /usr/lib/postgresql).
version=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2>/dev/null \
    | cut -d/ -f5 | sort -V | tail -n 1)
[ -n "$version" ] || { say "no PostgreSQL server installed (apt-get install postgresql)"; exit 1; }

name=${PG_CLUSTER:-main}
cluster() { pg_lsclusters --no-header | awk -v v="$version" -v name="$name" '$1 == v && $2 == name'; }
if [ -z "$(cluster)" ]; then
    say "creating cluster $version/$name"
    as_root pg_createcluster "$version" "$name" >&2
fi
port=$(cluster | awk '{print $3}')
case "$(cluster | awk '{print $4}')" in
    online*) say "cluster $version/$name already running on port $port" ;;
    *)
        say "starting cluster $version/$name on port $port"
        # A start racing another one reports "already running": fine if it is running afterwards.
        as_root pg_ctlcluster "$version" "$name" start >&2 || as_root pg_ctlcluster "$version" "$name" status >/dev/null
        ;;
esac

for _ in $(seq 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || { say "PostgreSQL does not answer on 127.0.0.1:$port"; exit 1; }

as_postgres psql -p "$port" -X -q -v ON_ERROR_STOP=1 -d postgres >&2 <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shv') THEN
        CREATE ROLE shv LOGIN CREATEDB PASSWORD 'shv';
    ELSE
        ALTER ROLE shv LOGIN CREATEDB PASSWORD 'shv';
    END IF;
END
$$;
-- The tests drop their databases WITH (FORCE); ending an autovacuum worker busy in one needs this role.
GRANT pg_signal_backend TO shv;
SELECT 'CREATE DATABASE shv_test OWNER shv'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'shv_test')\gexec
SQL

url="postgresql+psycopg://shv:shv@127.0.0.1:$port/shv_test"
PGPASSWORD=shv psql -X -q -h 127.0.0.1 -p "$port" -U shv -d shv_test -c 'SELECT 1' >/dev/null \
    || { say "role shv cannot log in to shv_test over TCP"; exit 1; }
say "PostgreSQL ready: $url"
echo "$url"
