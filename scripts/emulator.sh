#!/usr/bin/env bash
# Starts or stops the local IAM emulator the tests run against, and writes the environment file
# the tests read (.build/emulator/env):
#   CHANNELOPS_TEST_MOTO_URL        moto's server, signatures not checked, with AWS managed policies
#                                   such as AdministratorAccess loaded (as in a real account)
#   CHANNELOPS_TEST_AUTH_MOTO_URL   a second moto that checks signatures and IAM permissions
#   CHANNELOPS_TEST_AUTH_ACCESS_KEY_ID / _SECRET_ACCESS_KEY   its administrator's (fake) key
#   CHANNELOPS_TEST_TLS_URL         nginx terminating TLS in front of the first moto, keep-alive on
#   CHANNELOPS_TEST_CA_BUNDLE       the self-signed CA that signed nginx's certificate
#
# Usage: scripts/emulator.sh start|stop|status
# Everything listens on 127.0.0.1 on free ports. `start` is idempotent: when the emulator is
# already up and answering it only reprints the environment file's path. `stop` kills the
# processes by the ids saved at start, and does nothing when none is running.
# CHANNELOPS_VENV names the Python virtual environment holding moto (default: .venv).
# CHANNELOPS_EMULATOR_STATE names the folder for its processes, logs and environment file
# (default: .build/emulator), so that a second emulator (the demo's) can run beside the tests' one.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

state=${CHANNELOPS_EMULATOR_STATE:-.build/emulator}
case $state in
/*) ;;
*) state=$(pwd)/$state ;;
esac
venv=${CHANNELOPS_VENV:-.venv}
auth_bootstrap_actions=4

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Whether the process saved under NAME is alive (a zombie left by a killed process is not).
is_running() {
    local pid status
    [ -f "$state/$1.pid" ] || return 1
    pid=$(cat "$state/$1.pid")
    status=$(ps -o stat= -p "$pid" 2>/dev/null) || return 1
    [[ $status != Z* ]]
}

# Whether every server of a previous start is alive and still answering.
is_answering() {
    [ -f "$state/env" ] || return 1
    # shellcheck disable=SC1091
    (
        . "$state/env"
        curl -sf -o /dev/null "$CHANNELOPS_TEST_MOTO_URL/moto-api/" &&
            curl -sf -o /dev/null "$CHANNELOPS_TEST_AUTH_MOTO_URL/moto-api/" &&
            curl -sf -o /dev/null --cacert "$CHANNELOPS_TEST_CA_BUNDLE" "$CHANNELOPS_TEST_TLS_URL/moto-api/"
    )
}

# Waits until URL answers HTTP 200, or fails naming the log to read. $1 name, $2 URL, $3 extra curl options.
wait_until_answering() {
    local name=$1 url=$2
    shift 2
    for _ in $(seq 1 100); do
        if curl -sf -o /dev/null "$@" "$url"; then
            return 0
        fi
        if ! is_running "$name"; then
            echo "emulator: $name exited during start; its log:" >&2
            tail -n 20 "$state/$name.log" >&2
            return 1
        fi
        sleep 0.2
    done
    echo "emulator: $name did not answer at $url within 20 s; see $state/$name.log" >&2
    return 1
}

start_moto() {
    local name=$1 port=$2
    shift 2
    env "$@" "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$state/$name.log" 2>&1 &
    echo $! >"$state/$name.pid"
    wait_until_answering "$name" "http://127.0.0.1:$port/moto-api/"
}

make_certificates() {
    local dir=$state/tls
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=channelops test CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
        -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
        >"$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
        -days 30 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
}

start_nginx() {
    local port=$1 upstream_port=$2 dir
    dir=$state
    mkdir -p "$dir/nginx"
    # Bodies and responses stay in memory (no temp files), so workers need no writable folder.
    cat >"$dir/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $dir/nginx/body;
    proxy_temp_path $dir/nginx/proxy;
    fastcgi_temp_path $dir/nginx/fastcgi;
    uwsgi_temp_path $dir/nginx/uwsgi;
    scgi_temp_path $dir/nginx/scgi;
    client_body_buffer_size 16m;
    client_max_body_size 16m;
    proxy_max_temp_file_size 0;
    keepalive_timeout 75s;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$port ssl;
        ssl_certificate $dir/tls/server.pem;
        ssl_certificate_key $dir/tls/server.key;
        location / {
            proxy_pass http://127.0.0.1:$upstream_port;
            proxy_set_header Host \$http_host;
        }
    }
}
CONF
    nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" >"$state/nginx.log" 2>&1 &
    echo $! >"$state/nginx.pid"
    wait_until_answering nginx "https://127.0.0.1:$port/moto-api/" --cacert "$state/tls/ca.pem"
}

# Stops every server by its saved process id and waits until each has exited.
stop_all() {
    for name in nginx moto-auth moto; do
        if is_running "$name"; then
            kill "$(cat "$state/$name.pid")"
            for _ in $(seq 1 50); do
                is_running "$name" || break
                sleep 0.1
            done
        fi
        rm -f "$state/$name.pid"
    done
}

start() {
    if is_running moto && is_running moto-auth && is_running nginx && is_answering; then
        echo "emulator: already running; environment in $state/env" >&2
        return 0
    fi
    # A partial or stale start is cleaned up first.
    stop_all
    mkdir -p "$state"
    if [ ! -x "$venv/bin/moto_server" ]; then
        echo "emulator: no moto_server in $venv; run scripts/setup.sh or set CHANNELOPS_VENV" >&2
        return 1
    fi
    trap 'stop_all' ERR

    local moto_port auth_port tls_port keys
    moto_port=$(free_port)
    start_moto moto "$moto_port" MOTO_IAM_LOAD_MANAGED_POLICIES=true
    auth_port=$(free_port)
    start_moto moto-auth "$auth_port" INITIAL_NO_AUTH_ACTION_COUNT=$auth_bootstrap_actions
    keys=$("$venv/bin/python" scripts/emulator_bootstrap.py "http://127.0.0.1:$auth_port")
    make_certificates
    tls_port=$(free_port)
    start_nginx "$tls_port" "$moto_port"
    trap - ERR

    {
        echo "CHANNELOPS_TEST_MOTO_URL=http://127.0.0.1:$moto_port"
        echo "CHANNELOPS_TEST_AUTH_MOTO_URL=http://127.0.0.1:$auth_port"
        echo "$keys"
        echo "CHANNELOPS_TEST_TLS_URL=https://127.0.0.1:$tls_port"
        echo "CHANNELOPS_TEST_CA_BUNDLE=$state/tls/ca.pem"
    } >"$state/env"
    echo "emulator: started; environment in $state/env" >&2
}

case "${1:-}" in
start) start ;;
stop)
    stop_all
    rm -f "$state/env"
    echo "emulator: stopped" >&2
    ;;
status)
    for name in moto moto-auth nginx; do
        if is_running "$name"; then echo "$name: running"; else echo "$name: stopped"; fi
    done
    ;;
*)
    echo "usage: scripts/emulator.sh start|stop|status" >&2
    exit 64
    ;;
esac
