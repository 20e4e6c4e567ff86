#!/usr/bin/env bash
# Request rates of the public pages and /healthz, served the production way (gunicorn, DEBUG off,
# hashed static files) on the embedded defaults (SQLite WAL, local files) with the demo loaded.
# Usage: bench/pages.sh [seconds-per-url]   (needs wrk: apt-get install wrk)
# Loopback only; the server it starts is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=8765
work=$(mktemp -d)
stop() {
  local pid
  pid=$(cat "$work/pid" 2>/dev/null) || true
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -rf "$work"
}
trap stop EXIT

export DJANGO_ENV=production DEBUG=false ALLOWED_HOSTS=127.0.0.1 EMAIL_HOST=127.0.0.1 SITE_URL=http://127.0.0.1 \
       SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')" \
       SECURE_SSL_REDIRECT=false VAR_DIR="$work/var" LOG_LEVEL=WARNING
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn config.wsgi --workers 2 --bind 127.0.0.1:$port --pid "$work/pid" --daemon \
  --access-logfile /dev/null --error-logfile "$work/gunicorn.log"
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

printf '%-10s %10s %10s %10s\n' url req/s p50 p99
for url in / /2022/ /en/2022/ /healthz; do
  out=$(wrk -t2 -c50 -d"${seconds}s" --latency "http://127.0.0.1:$port$url")
  rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-10s %10s %10s %10s %s\n' "$url" "$rate" "$p50" "$p99" "${errors:+non-2xx: $errors}"
done
