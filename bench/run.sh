#!/usr/bin/env bash
# What users run, measured from outside (docs/benchmarks.md, "The quick table"). From the repository root:
#   bench/run.sh quick [sqlite|postgresql|both]   `jebo up` on a temporary folder driven by wrk; one table against the
#                                                 targets (default sqlite; about 2 minutes a database)
#   bench/run.sh full  [sqlite|postgresql|both]   the quick table, then the BenchmarkDotNet suite and the million-row
#                                                 profiles of search and screening (an hour or more)
# Variables: SECONDS_EACH (10) each measured run, WARMUP (3) unmeasured seconds before it, CONNECTIONS (32),
# SIZE (2048) bytes of a submitted report, JEBO_CMD a jebo to run instead of publishing src/Jebo in Release,
# BENCH_POSTGRES a connection string without a database whose role may create databases (default the local test role),
# BENCH_DIR the folder for builds, data and logs (default /tmp/jebo-quick).
# Needs wrk and curl (Debian: apt-get install -y wrk curl); psql for PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-quick}
databases=${2:-sqlite}
case $mode in quick | full) ;; *) echo "usage: bench/run.sh quick|full [sqlite|postgresql|both]" >&2; exit 2 ;; esac
case $databases in sqlite | postgresql) ;; both) databases="sqlite postgresql" ;;
  *) echo "usage: bench/run.sh quick|full [sqlite|postgresql|both]" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
seconds=${SECONDS_EACH:-10}
warmup=${WARMUP:-3}
connections=${CONNECTIONS:-32}
size=${SIZE:-2048}
postgres=${BENCH_POSTGRES:-Host=127.0.0.1;Port=5432;Username=jebo;Password=jebo}
out=${BENCH_DIR:-/tmp/jebo-quick}
mkdir -p "$out"

if [ -n "${JEBO_CMD:-}" ]; then
  read -ra JEBO <<<"$JEBO_CMD"
else
  echo "== publishing src/Jebo (Release) to $out/jebo" >&2
  dotnet publish src/Jebo -c Release -o "$out/jebo" >"$out/publish.log" 2>&1 || { echo "publish failed: $out/publish.log" >&2; exit 1; }
  JEBO=("$out/jebo/jebo")
fi
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }

pid=
created=()
stop() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi; }
drop_databases() {
  for db in "${created[@]}"; do psql_admin -qc "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true; done
  created=()
}
trap 'stop; drop_databases' EXIT

# psql on the BENCH_POSTGRES server's postgres database, with the connection string's user and password.
psql_admin() {
  local host port user password
  host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$postgres"); port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$postgres")
  user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$postgres"); password=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$postgres")
  PGPASSWORD=$password psql -h "${host:-127.0.0.1}" -p "${port:-5432}" -U "$user" -d postgres "$@"
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# run LABEL KIND TARGET-URL [CONNECTIONS]: an unmeasured warm-up, then the measured run; appends a line to $results.
run() {
  local label=$1 kind=$2 url=$3 clients=${4:-$connections} line
  if [ "$warmup" -gt 0 ]; then
    QUICK_KIND=$kind QUICK_SIZE=$size QUICK_RECEIPTS=$out/receipts QUICK_TOKEN=${token:-} \
      wrk -t1 -c"$clients" -d"${warmup}s" --timeout 10s -s bench/quick.lua "$url" >/dev/null 2>&1 || true
  fi
  line=$(QUICK_KIND=$kind QUICK_SIZE=$size QUICK_RECEIPTS=$out/receipts QUICK_TOKEN=${token:-} \
    wrk -t1 -c"$clients" -d"${seconds}s" --timeout 10s -s bench/quick.lua "$url" 2>&1 | grep '^RESULT' || true)
  printf '%s\t%s\n' "$label" "${line:-RESULT	0	0	0	0	none	0}" >>"$results"
  peak=$(( $(rss_kib "$pid") > peak ? $(rss_kib "$pid") : peak ))
}

# start_up DATA [jebo up options...]: starts `jebo up` on the folder (common options from quick) and waits for both zones.
start_up() {
  local data=$1; shift
  "${JEBO[@]}" up "${common[@]}" --rate-limits off "$@" >>"$data.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "$intake/healthz" 2>/dev/null && curl -fsS -o /dev/null "$casework/healthz" 2>/dev/null && break; sleep 0.5; done
  curl -fsS -o /dev/null "$intake/healthz" || { echo "jebo up did not start: $(tail -n 3 "$data.log")" >&2; exit 1; }
}

# quick DATABASE: one `jebo up` on a fresh folder (and fresh databases), measured from outside.
quick() {
  local database=$1 data options=()
  data=$(mktemp -d "$out/data-$database.XXXXXX")
  intake=http://127.0.0.1:$(free_port)
  casework=http://127.0.0.1:$(free_port)
  if [ "$database" = postgresql ]; then
    local suffix
    suffix=$(date +%s)
    for zone in intake casework; do
      psql_admin -qc "create database \"jebo_quick_${zone}_$suffix\"" >/dev/null
      created+=("jebo_quick_${zone}_$suffix")
    done
    options=(--intake-db "$postgres;Database=jebo_quick_intake_$suffix" --casework-db "$postgres;Database=jebo_quick_casework_$suffix")
  fi
  common=(--data "$data" --intake-url "$intake" --casework-url "$casework" "${options[@]}")
  "${JEBO[@]}" init "${common[@]}" >"$data.init.log" 2>&1
  printf 'quick-bench-password-%s\n' "$RANDOM$RANDOM" | "${JEBO[@]}" users add "${common[@]}" --login bench \
    --office national --role supervisor --password-stdin --pledge-signed >>"$data.init.log" 2>&1
  token=$("${JEBO[@]}" users token "${common[@]}" --login bench 2>>"$data.init.log" | tail -n 1)
  results=$out/results-$database
  : >"$results"
  local load_before
  load_before=$(load)
  # First the same submissions with casework idle (no transfer round during the run), for comparison.
  start_up "$data" --transfer-interval 3600
  peak=$(rss_kib "$pid")
  run "submit ${size} B, casework idle (for comparison)" submit "$intake"
  stop
  # What users run: `jebo up`, casework importing and screening every 5 seconds (the default under up); only the
  # per-client limits are off, so that one wrk client can load it.
  start_up "$data"
  sleep 2
  local idle
  idle=$(rss_kib "$pid")
  peak=$idle
  # Submissions while casework imports and screens what came before (every 5 s), which is what `up` does.
  run "submit ${size} B, casework busy" submit "$intake"
  local loaded=$peak
  run "look-up, known receipt" known "$intake"
  run "look-up, unknown receipt" unknown "$intake"
  run "look-up, malformed (no database)" malformed "$intake"
  run "healthz" health "$intake"
  # The staff list and search over what was submitted, once casework has imported it all: an import is one transaction
  # per bundle, and a staff request (audited: one write) waits for it. Wait until the count stops growing.
  local cases previous=-1
  for _ in $(seq 1 90); do
    sleep 4
    cases=$(curl -fsS -H "Authorization: Bearer $token" "$casework/api/v1/cases" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("total", 0))' 2>/dev/null || echo 0)
    [ "$cases" -gt 0 ] && [ "$cases" = "$previous" ] && break
    previous=$cases
  done
  # Staff are a few people at a time, and each list or search is audited (one durable commit each): 4 connections.
  run "staff case list, 4 connections (${cases} cases)" cases "$casework" 4
  run "staff search 보호비, 4 connections (${cases} cases)" search "$casework" 4
  local hwm
  hwm=$(hwm_kib "$pid")
  stop
  drop_databases
  table "$database" "$idle" "$loaded" "$hwm" "$load_before"
}

# table DATABASE IDLE-KIB LOADED-KIB PEAK-KIB LOAD: the measured lines against the targets (issue 18; docs/benchmarks.md).
table() {
  local database=$1
  echo
  echo "### jebo up on $database — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(nproc) cores, load before $5, after $(load)"
  echo "wrk -t1 -c$connections -d${seconds}s after ${warmup}s warm-up; bench/run.sh $mode"
  echo
  echo "| run | requests/s | p50 ms | p99 ms | max ms | answers | target | ratio |"
  echo "| --- | ---: | ---: | ---: | ---: | --- | --- | ---: |"
  awk -F'\t' -v floor_label="look-up, malformed (no database)" '
    { label[NR] = $1; rps[NR] = $3; p50[NR] = $4; p99[NR] = $5; max[NR] = $6; st[NR] = $7; err[NR] = $8
      if ($1 == floor_label) floor = $3 }
    END {
      for (i = 1; i <= NR; i++) {
        target = ""; ratio = ""
        if (label[i] ~ /^submit/) { target = ">= 2000/s, p99 <= 100 ms"; ratio = sprintf("%.2f × 2000/s", rps[i] / 2000) }
        else if (label[i] ~ /^look-up, (known|unknown)/ && floor > 0) { target = ">= 0.5 × floor"; ratio = sprintf("%.2f × floor", rps[i] / floor) }
        else if (label[i] ~ /malformed/) { target = "the floor" }
        else if (label[i] ~ /^staff/) { target = "p99 <= 100 ms" }
        answers = st[i] (err[i] > 0 ? " socket errors=" err[i] : "")
        printf "| %s | %s | %s | %s | %s | %s| %s | %s |\n", label[i], rps[i], p50[i], p99[i], max[i], answers, target, ratio
      }
    }' "$out/results-$database"
  echo
  echo "Memory of the jebo up process (RSS): idle $(( $2 / 1024 )) MiB; after the submissions $(( $3 / 1024 )) MiB; peak $(( $4 / 1024 )) MiB."
}

for database in $databases; do
  quick "$database"
done

if [ "$mode" = full ]; then
  echo
  echo "== full: BenchmarkDotNet suite, then the million-row profiles (docs/benchmarks.md)"
  dotnet run -c Release --project bench/Jebo.Benchmarks -- --filter '*'
  for database in $databases; do
    dotnet run -c Release --project bench/Jebo.Benchmarks -- profile-search "$database"
    dotnet run -c Release --project bench/Jebo.Benchmarks -- profile-screen "$database"
  done
fi
