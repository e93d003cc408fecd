#!/usr/bin/env bash
# PgBouncer (Debian's package) in transaction mode in front of this machine's PostgreSQL on 127.0.0.1:5432, in a
# folder and on a port of its own, as the postgres user (PgBouncer refuses to run as root). Every database name is
# passed through, so that the tests' own databases, created through it, are reached through it too.
#   .ci/pgbouncer.sh start <folder> <port>   then   .ci/pgbouncer.sh stop <folder>
set -euo pipefail

case "${1:-}" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
; the hub's sessions ask for these at start-up; the server keeps its own (docs/scaling.md)
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    echo '"postgres" ""' > "$dir/userlist.txt"
    chmod 755 "$dir"
    chown -R postgres "$dir"
    pgbouncer -d -u postgres "$dir/pgbouncer.ini"
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$port" -q && exit 0; sleep 1; done
    echo "PgBouncer did not start on 127.0.0.1:$port"; cat "$dir/pgbouncer.log"; exit 1
    ;;
  stop)
    dir=$2
    [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 start <folder> <port> | stop <folder>"; exit 2
    ;;
esac
