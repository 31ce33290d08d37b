#!/usr/bin/env bash
# Submission throughput of intake on SQLite and on PostgreSQL beside a bare Kestrel + SQLite insert of the same bytes
# with the same durability, all in one run on one machine (docs/benchmarks.md). Run from the repository root:
#   bench/submit-throughput.sh                      # 64 connections, 5 s warm-up, 20 s measured, 2 KiB reports
#   CONNECTIONS=32 DURATION=30 bench/submit-throughput.sh
# PostgreSQL: BENCH_POSTGRES is a connection string without a database whose role may create databases (default
# the local test role); set BENCH_POSTGRES=off to skip it.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${CONNECTIONS:-64}
duration=${DURATION:-20}
warmup=${WARMUP:-5}
size=${SIZE:-2048}
postgres=${BENCH_POSTGRES:-Host=127.0.0.1;Port=5432;Username=jebo;Password=jebo}
out=${BENCH_DIR:-/tmp/jebo-bench}
intake_port=${INTAKE_PORT:-5480}
casework_port=$((intake_port + 1))
bare_port=$((intake_port + 2))
rm -rf "$out" && mkdir -p "$out"

echo "== publishing jebo and the harness (Release)"
dotnet publish src/Jebo -c Release -o "$out/jebo" >/dev/null
dotnet publish bench/Jebo.LoadHarness -c Release -o "$out/harness" >/dev/null
harness() { "$out/harness/Jebo.LoadHarness" "$@"; }

wait_ready() {
  for _ in $(seq 1 120); do curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "not ready: $1" >&2; return 1
}

server=""
stop_server() { if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap stop_server EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() { # label url: the load, then the server's CPU time per answered request (warm-up included in both)
  local before after line
  before=$(cpu_ticks "$server")
  harness submit --url "$2" --label "$1" --connections "$connections" --duration "$duration" --warmup "$warmup" --size "$size" | tee "$out/$1.result"
  after=$(cpu_ticks "$server")
  line=$(grep '^RESULT' "$out/$1.result")
  awk -v l="$line" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { split(l, f, "\t"); printf "%s\t%.2f\n", l, 1000 * t / hz / f[7] }' >>"$out/results.txt"
}

run_jebo() { # label [jebo options...]
  local label=$1; shift
  local data="$out/data-$label"
  "$out/jebo/jebo" up --data "$data" --intake-url "http://127.0.0.1:$intake_port" --casework-url "http://127.0.0.1:$casework_port" \
    --rate-limits off --transfer-interval 3600 "$@" >"$out/$label.log" 2>&1 &
  server=$!
  wait_ready "http://127.0.0.1:$intake_port"
  measure "$label" "http://127.0.0.1:$intake_port"
  stop_server
}

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
echo "== $connections connections, ${warmup}s warm-up, ${duration}s measured, ${size} B reports"

run_bare() { # label: the baseline, measured before and after jebo so that a change in the machine's load shows
  rm -f "$out/bare.db" "$out/bare.db-wal" "$out/bare.db-shm"
  "$out/harness/Jebo.LoadHarness" bare-server --url "http://127.0.0.1:$bare_port" --db "$out/bare.db" >"$out/$1.log" 2>&1 &
  server=$!
  wait_ready "http://127.0.0.1:$bare_port"
  measure "$1" "http://127.0.0.1:$bare_port"
  stop_server
}

echo "== bare Kestrel + SQLite (WAL, synchronous=FULL, one transaction per report)"
run_bare bare-sqlite

echo "== jebo up on SQLite"
run_jebo jebo-sqlite

if [ "$postgres" != off ]; then
  echo "== jebo up on PostgreSQL"
  suffix=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
  run_jebo jebo-postgresql --intake-db "$postgres;Database=bench_intake_$suffix" --casework-db "$postgres;Database=bench_casework_$suffix"
  if command -v psql >/dev/null; then
    for zone in intake casework; do
      PGPASSWORD=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$postgres") psql -h 127.0.0.1 -U "$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$postgres")" \
        -d postgres -qc "drop database if exists bench_${zone}_$suffix with (force)" >/dev/null 2>&1 || true
    done
  fi
fi

echo "== bare Kestrel + SQLite again"
run_bare bare-sqlite-after

echo "== summary (receipts/s, p50 ms, p99 ms, non-201 answers, requests answered, server CPU ms per request)"
cut -f2- "$out/results.txt" | column -t
echo "== machine load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
