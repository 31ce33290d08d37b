#!/bin/bash
# Floods a fresh `jebo up` and reports how much got through (docs/abuse.md, docs/benchmarks.md).
#   bench/flood.sh [SECONDS]        each flood runs this long (default 10)
# Needs wrk (apt-get install -y wrk), curl, python3. Builds src/Jebo in Release unless JEBO_CMD names a jebo to run.
# Floods, each against a fresh intake with its default limits:
#   1 one client, reports without proof, 32 connections
#   2 one client, receipt guessing, 32 connections
#   3 a "botnet": reports from a random address per request (X-Forwarded-For believed), 64 connections
#   4 a "botnet" guessing receipts
#   5 the same as 1 with --rate-limits off, for scale: what the limits hold back
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [ -n "${JEBO_CMD:-}" ]; then
  read -ra JEBO <<<"$JEBO_CMD"
else
  out=${TMPDIR:-/tmp}/jebo-flood-build
  dotnet publish src/Jebo -c Release -o "$out" >"$out.log" 2>&1 || { echo "build failed, see $out.log" >&2; exit 1; }
  JEBO=("$out/jebo")
fi
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }

pid=
stop() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi; rm -rf "${data:-/nonexistent}"; }
trap stop EXIT

start() {
  data=$(mktemp -d "${TMPDIR:-/tmp}/jebo-flood.XXXXXX")
  intake=http://127.0.0.1:$(free_port)
  "${JEBO[@]}" up --data "$data" --intake-url "$intake" --casework-url "http://127.0.0.1:$(free_port)" --transfer-interval 3600 "$@" >"$data.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "$intake/healthz" 2>/dev/null && return 0; sleep 0.5; done
  echo "jebo up did not start: $(tail -n 3 "$data.log")" >&2; exit 1
}

flood() { # NAME KIND SPOOF CONNECTIONS [jebo options...]
  local name=$1 kind=$2 spoof=$3 connections=$4; shift 4
  start "$@"
  local result
  result=$(FLOOD_KIND=$kind FLOOD_SPOOF=$spoof wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s bench/flood.lua "$intake" 2>&1)
  local requests statuses latency
  requests=$(echo "$result" | awk '/requests in/ {print $1}')
  statuses=$(echo "$result" | grep '^statuses:' | cut -d' ' -f2-)
  latency=$(echo "$result" | grep '^latency:' | cut -d' ' -f2-)
  local through=0
  case $kind in
    reports) through=$(echo "$statuses" | tr ' ' '\n' | awk -F= '$1==201 {print $2}') ;;
    guesses) through=$(echo "$statuses" | tr ' ' '\n' | awk -F= '$1==404 || $1==200 {s+=$2} END {print s+0}') ;;
  esac
  printf '| %s | %s | %s | %s (%s) | %s |\n' "$name" "${requests:-0}" "$statuses" "${through:-0}" \
    "$(python3 -c "print(f'{100*${through:-0}/max(1,${requests:-0}):.2f}%')")" "$latency"
  stop
}

echo "flood of ${seconds}s each, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| flood | requests | answers by status | got through | answer latency |"
echo "| --- | --- | --- | --- | --- |"
flood "one client, reports, 32 connections" reports 0 32
flood "one client, receipt guesses, 32 connections" guesses 0 32
flood "random address per request, reports, 64 connections" reports 1 64 --trusted-proxy 127.0.0.1
flood "random address per request, receipt guesses, 64 connections" guesses 1 64 --trusted-proxy 127.0.0.1
flood "one client, reports, --rate-limits off (for scale)" reports 0 32 --rate-limits off
