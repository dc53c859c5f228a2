#!/usr/bin/env bash
# fetch.http against `curl --parallel --parallel-max 64` over the same URL list, both
# fetching ~2,000 small pages from a local nginx on 127.0.0.1. Prints pages/s (median of
# REPEATS runs each) and the ratio docpipe/curl. Target (DESIGN.md): >= 0.9.
#
# Usage: bench/fetch-http/run.sh [PAGES=2000] [REPEATS=5] [DOCPIPE=build/bin/docpipe]
set -euo pipefail

pages=${1:-2000}
repeats=${2:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
docpipe=$(realpath "${3:-$root/build/bin/docpipe}")
nginx=/usr/sbin/nginx

[ -x "$docpipe" ] || { echo "no docpipe at $docpipe (build first)" >&2; exit 1; }
[ -x "$nginx" ] || { echo "nginx missing: scripts/install-deps.sh installs nginx-light" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl missing" >&2; exit 1; }

work=$(mktemp -d /tmp/docpipe-bench-http-XXXXXX)
nginx_pid=""
cleanup() {
  # Stop only the nginx this script started.
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

mkdir -p "$work/www/p" "$work/tmp"
body=$(printf '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>%.0s' $(seq 1 20))
for i in $(seq 1 "$pages"); do
  printf '<html><head><title>Page %d</title></head><body><h1>Page %d</h1>%s</body></html>\n' "$i" "$i" "$body" \
    > "$work/www/p/$i.html"
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root root;"
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/error.log warn;
$user_line
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  types { text/html html; }
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$port backlog=4096;
    root $work/www;
  }
}
CONF
"$nginx" -p "$work" -e "$work/error.log" -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 500); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/p/1.html"; then break; fi
  sleep 0.01
done

: > "$work/urls.txt"
: > "$work/curl.cfg"
for i in $(seq 1 "$pages"); do
  echo "http://127.0.0.1:$port/p/$i.html" >> "$work/urls.txt"
  printf 'url = "http://127.0.0.1:%d/p/%d.html"\noutput = "/dev/null"\n' "$port" "$i" >> "$work/curl.cfg"
done

now() { date +%s.%N; }
rate() { awk -v p="$pages" -v a="$1" -v b="$2" 'BEGIN { print p / (b - a) }'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

curl_rates=()
docpipe_rates=()
inrun_rates=()
for r in $(seq 1 "$repeats"); do
  t0=$(now)
  curl -s --no-progress-meter --parallel --parallel-max 64 -K "$work/curl.cfg"
  t1=$(now)
  curl_rates+=("$(rate "$t0" "$t1")")

  # export.jsonl path=- writes to stdout, sent to /dev/null: the cheapest sink there is.
  # The default errors sink then writes errors.jsonl in the working directory: $work.
  rm -f "$work/errors.jsonl"
  t0=$(now)
  (cd "$work" && "$docpipe" run --progress off --log-level warn --stats "$work/stats.json" \
    "fetch.http urls=$work/urls.txt concurrency=64 per_host=64 allow_private=true robots=false ! export.jsonl path=-" \
    > /dev/null 2> "$work/docpipe.err") || { cat "$work/docpipe.err" >&2; exit 1; }
  t1=$(now)
  docpipe_rates+=("$(rate "$t0" "$t1")")
  # The same run without process start and plugin loading (~0.1-0.2 s here), from --stats.
  inrun=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wall_seconds"])' "$work/stats.json")
  inrun_rates+=("$(awk -v p="$pages" -v s="$inrun" 'BEGIN { print p / s }')")
  printf 'run %d: curl %.0f pages/s, docpipe %.0f pages/s (%.0f pages/s inside the run)\n' \
    "$r" "${curl_rates[-1]}" "${docpipe_rates[-1]}" "${inrun_rates[-1]}"
done

c=$(printf '%s\n' "${curl_rates[@]}" | median)
d=$(printf '%s\n' "${docpipe_rates[@]}" | median)
i=$(printf '%s\n' "${inrun_rates[@]}" | median)
printf 'median over %d runs, %d pages: curl --parallel-max 64: %.0f pages/s; docpipe fetch.http concurrency=64: %.0f pages/s; ratio %.2f\n' \
  "$repeats" "$pages" "$c" "$d" "$(awk -v d="$d" -v c="$c" 'BEGIN { print d / c }')"
printf 'docpipe inside the run (no process start / plugin loading): %.0f pages/s; ratio %.2f\n' \
  "$i" "$(awk -v d="$i" -v c="$c" 'BEGIN { print d / c }')"
