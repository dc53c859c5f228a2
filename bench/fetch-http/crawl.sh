#!/usr/bin/env bash
# fetch.http as a polite crawler beside curl, in one run: PAGES local pages spread over 8
# hosts (8 nginx ports of 127.0.0.1) at per-host concurrency 8. Prints, best-of and median of
# REPEATS alternated runs:
#   - CPU time (user+sys) of curl --parallel --parallel-max 64 and of fetch.http, and their ratio;
#   - TCP connections each client opened per host (distinct $connection in nginx's log);
#   - wall time of fetch.http over a host-sorted list and over the same list interleaved,
#     under a per-host delay (DELAY), and their ratio (and the sorted list with the old fixed
#     look-ahead of 4,096 URLs, lookahead=4096, for reference);
#   - CPU time of fetch.http with warc_out=....warc.gz, and its ratio to the run without.
#
# Usage: bench/fetch-http/crawl.sh [PAGES=10000] [REPEATS=3] [DOCPIPE=build/bin/docpipe] [DELAY=2ms]
set -euo pipefail

pages=${1:-10000}
repeats=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
docpipe=$(realpath "${3:-$root/build/bin/docpipe}")
delay=${4:-2ms}
hosts=8
nginx=/usr/sbin/nginx

[ -x "$docpipe" ] || { echo "no docpipe at $docpipe (build first)" >&2; exit 1; }
[ -x "$nginx" ] || { echo "nginx missing: scripts/install-deps.sh installs nginx-light" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl missing" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d /tmp/docpipe-bench-crawl-XXXXXX)
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
per_host_pages=$(( (pages + hosts - 1) / hosts ))
for i in $(seq 1 "$per_host_pages"); do
  printf '<html><head><title>Page %d</title></head><body><h1>Page %d</h1>%s</body></html>\n' "$i" "$i" "$body" \
    > "$work/www/p/$i.html"
done

ports=()
for _ in $(seq 1 "$hosts"); do
  ports+=("$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')")
done
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root root;"
{
  echo "daemon off; worker_processes 2; pid $work/nginx.pid; error_log $work/error.log warn; $user_line"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  log_format conn '\$server_port \$connection';"
  echo "  access_log $work/access.log conn;"
  echo "  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy; fastcgi_temp_path $work/tmp/fastcgi;"
  echo "  uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;"
  echo "  types { text/html html; } keepalive_requests 100000; keepalive_timeout 60s;"
  for p in "${ports[@]}"; do echo "  server { listen 127.0.0.1:$p backlog=4096; root $work/www; }"; done
  echo "}"
} > "$work/nginx.conf"
"$nginx" -p "$work" -e "$work/error.log" -c "$work/nginx.conf" &
nginx_pid=$!
for p in "${ports[@]}"; do
  for _ in $(seq 1 500); do
    if curl -s -o /dev/null "http://127.0.0.1:$p/p/1.html"; then break; fi
    sleep 0.01
  done
done

# Interleaved: host 1, 2, ..., 8, host 1, ...; sorted: all of host 1, then host 2, ...
: > "$work/interleaved.txt"
for i in $(seq 1 "$per_host_pages"); do
  for p in "${ports[@]}"; do echo "http://127.0.0.1:$p/p/$i.html"; done
done | head -n "$pages" > "$work/interleaved.txt"
sort -t: -k3,3n -s "$work/interleaved.txt" > "$work/sorted.txt"
awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0 }' "$work/interleaved.txt" > "$work/curl.cfg"

# "user+sys wall" of a command, from /usr/bin/time.
timed() { /usr/bin/time -f '%U %S %e' -o "$work/time" "$@"; awk '{ printf "%.3f %.3f\n", $1 + $2, $3 }' "$work/time"; }
# Connections per host of the requests logged since the log was emptied: "min-max".
conns() {
  awk '{ c[$1 " " $2] = 1 } END { for (k in c) { split(k, a, " "); n[a[1]]++ } for (p in n) print n[p] }' \
    "$work/access.log" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'
}
reset_log() { : > "$work/access.log"; kill -USR1 "$nginx_pid" 2>/dev/null || true; sleep 0.2; }
fetch() {  # LIST [extra fetch.http parameters]; prints "cpu wall"
  local list=$1; shift
  (cd "$work" && /usr/bin/time -f '%U %S %e' -o "$work/time" "$docpipe" run --progress off --log-level warn \
    "fetch.http urls=$work/$list concurrency=64 per_host=8 allow_private=true robots=false $* ! export.jsonl path=-" \
    > /dev/null 2> "$work/docpipe.err") || { cat "$work/docpipe.err" >&2; exit 1; }
  awk '{ printf "%.3f %.3f\n", $1 + $2, $3 }' "$work/time"
}

declare -a curl_cpu dp_cpu sorted_wall inter_wall old_wall warc_cpu nowarc_cpu
for r in $(seq 1 "$repeats"); do
  reset_log
  read -r c _ < <(timed curl -s --no-progress-meter --parallel --parallel-max 64 -o /dev/null -K "$work/curl.cfg")
  curl_conns=$(conns)
  reset_log
  read -r d _ < <(fetch interleaved.txt)
  dp_conns=$(conns)
  # Alternated order (the machine is shared); lookahead=4096 is the old fixed look-ahead.
  if [ $((r % 2)) = 1 ]; then
    read -r _ si < <(fetch sorted.txt "delay=$delay")
    read -r _ ii < <(fetch interleaved.txt "delay=$delay")
  else
    read -r _ ii < <(fetch interleaved.txt "delay=$delay")
    read -r _ si < <(fetch sorted.txt "delay=$delay")
  fi
  read -r _ so < <(fetch sorted.txt "delay=$delay lookahead=4096")
  read -r nw _ < <(fetch interleaved.txt)
  rm -f "$work/out.warc.gz"
  read -r w _ < <(fetch interleaved.txt "warc_out=$work/out.warc.gz warc_overwrite=true")
  curl_cpu+=("$c"); dp_cpu+=("$d"); sorted_wall+=("$si"); inter_wall+=("$ii"); old_wall+=("$so"); warc_cpu+=("$w"); nowarc_cpu+=("$nw")
  printf 'run %d: CPU s curl %.3f fetch.http %.3f | connections/host curl %s fetch.http %s | delay=%s wall s sorted %.3f interleaved %.3f sorted-lookahead=4096 %.3f | CPU s warc.gz %.3f without %.3f\n' \
    "$r" "$c" "$d" "$curl_conns" "$dp_conns" "$delay" "$si" "$ii" "$so" "$w" "$nw"
done

stat() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { printf "best %.3f median %.3f", a[1], (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
med() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "== $pages pages on $hosts hosts, per_host=8, $repeats runs"
echo "curl CPU s:        $(stat "${curl_cpu[@]}")"
echo "fetch.http CPU s:  $(stat "${dp_cpu[@]}")   ratio of medians $(awk -v a="$(med "${dp_cpu[@]}")" -v b="$(med "${curl_cpu[@]}")" 'BEGIN { printf "%.2f", a / b }') (target <= 1.2)"
echo "sorted wall s:     $(stat "${sorted_wall[@]}")"
echo "interleaved wall s: $(stat "${inter_wall[@]}")   sorted/interleaved $(awk -v a="$(med "${sorted_wall[@]}")" -v b="$(med "${inter_wall[@]}")" 'BEGIN { printf "%.2f", a / b }') (target <= 1.1)"
echo "sorted, lookahead=4096 (the old fixed look-ahead) wall s: $(stat "${old_wall[@]}")"
echo "warc.gz CPU s:     $(stat "${warc_cpu[@]}")   warc/without $(awk -v a="$(med "${warc_cpu[@]}")" -v b="$(med "${nowarc_cpu[@]}")" 'BEGIN { printf "%.2f", a / b }') (target <= 2)"
