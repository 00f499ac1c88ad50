#!/usr/bin/env bash
# contactkpi vs DuckDB: the same default KPI report over the same generated data.
#
#   bench/run.sh            build (release preset), generate 1M and 10M contacts, time both
#                           tools, check that their JSON reports agree, print a table
#
# Environment (all optional):
#   CONTACTKPI_BIN   the report program   (build/release/examples/contactkpi/contactkpi)
#   GENERATE_BIN     the data generator   (build/release/examples/generate/contactkpi-generate)
#   BENCH_SIZES      contacts per data set, space-separated   ("1000000 10000000")
#   BENCH_DAYS       days per data set (42)        BENCH_SEED   generator seed (42)
#   BENCH_DATA       data directory (bench/data)   BENCH_RESULTS  outputs (bench/results)
#   DUCKDB_THREADS   DuckDB threads (all cores)    JOBS  build parallelism (2)
#   BENCH_RUNS       timed runs per tool and data set, alternating between the tools; the
#                    table gives the median and the range (3)
#   SKIP_BUILD=1     use the binaries as they are
#   SKIP_DUCKDB=1 / SKIP_CONTACTKPI=1   time only one side (no comparison then)
#
# Exit code: 0 when every run succeeded and every comparison matched; 1 otherwise (the
# table is still printed). Results: $BENCH_RESULTS/<size>/{contactkpi,duckdb}.{json,time,err}
# for the first run (the one compared), <tool>.run<k>.{json,time,err} for the others, and
# $BENCH_RESULTS/summary.md.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

CONTACTKPI_BIN="${CONTACTKPI_BIN:-$root/build/release/examples/contactkpi/contactkpi}"
GENERATE_BIN="${GENERATE_BIN:-$root/build/release/examples/generate/contactkpi-generate}"
BENCH_SIZES="${BENCH_SIZES:-1000000 10000000}"
BENCH_DAYS="${BENCH_DAYS:-42}"
BENCH_SEED="${BENCH_SEED:-42}"
BENCH_DATA="${BENCH_DATA:-$root/bench/data}"
BENCH_RESULTS="${BENCH_RESULTS:-$root/bench/results}"
JOBS="${JOBS:-2}"
BENCH_RUNS="${BENCH_RUNS:-3}"
duckdb_dir="$root/bench/duckdb"

say() { printf '\n== %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
failures=()

# ---- prerequisites -------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing GNU time (/usr/bin/time)"
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; } \
      || die "cannot install the 'time' package"
  else
    die "/usr/bin/time (GNU time, Debian package 'time') is missing: sudo apt-get install time"
  fi
fi
command -v node >/dev/null || die "node is missing (Node.js 18+ runs the DuckDB side)"

# ---- build -----------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "build: cmake --preset release && cmake --build --preset release -j $JOBS"
  if ! { cmake --preset release >/dev/null && cmake --build --preset release -j "$JOBS"; }; then
    warn "the release build failed (see above)"
    failures+=("release build")
    if [ ! -x "$GENERATE_BIN" ]; then
      say "building the generator on its own (examples/generate)"
      cmake -S examples/generate -B build/generate -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null \
        && cmake --build build/generate -j "$JOBS" || die "cannot build contactkpi-generate"
      GENERATE_BIN="$root/build/generate/contactkpi-generate"
    fi
  fi
fi
[ -x "$GENERATE_BIN" ] || die "no generator at $GENERATE_BIN (set GENERATE_BIN)"

if [ "${SKIP_DUCKDB:-0}" != 1 ] && [ ! -d "$duckdb_dir/node_modules/@duckdb/node-api" ]; then
  # npm install, not npm ci: the lock file records only the linux-x64 prebuilt bindings
  # (npm here omits other platforms' optional packages), and npm ci rejects such a lock.
  say "npm install (bench/duckdb: @duckdb/node-api from the npm registry)"
  (cd "$duckdb_dir" && npm install --no-audit --no-fund --loglevel=error) || die "npm install failed in bench/duckdb"
fi

# ---- data --------------------------------------------------------------------------------
label() { # 1000000 -> 1M, 10000000 -> 10M, 250000 -> 250k
  local n=$1
  if [ $((n % 1000000)) -eq 0 ]; then echo "$((n / 1000000))M"
  elif [ $((n % 1000)) -eq 0 ]; then echo "$((n / 1000))k"
  else echo "$n"; fi
}

generate() { # size dir: (re)generate unless the same command made the files already
  local n=$1 dir=$2
  local cmd="contactkpi-generate --contacts $n --days $BENCH_DAYS --seed $BENCH_SEED --start 2026-03-02"
  if [ -f "$dir/contacts.csv" ] && [ -f "$dir/segments.csv" ] && [ "$(cat "$dir/.generated-by" 2>/dev/null)" = "$cmd" ]; then
    echo "data: $dir (present)" >&2
    return 0
  fi
  say "generating $n contacts into $dir"
  rm -rf "$dir" && mkdir -p "$dir"
  "$GENERATE_BIN" --contacts "$n" --days "$BENCH_DAYS" --seed "$BENCH_SEED" --start 2026-03-02 --out "$dir" \
    || die "the generator failed"
  echo "$cmd" >"$dir/.generated-by"
}

# ---- timing ------------------------------------------------------------------------------
# timed NAME OUTDIR CMD...: runs CMD under /usr/bin/time -v; stdout -> NAME.json,
# stderr -> NAME.err, time report -> NAME.time. Returns CMD's exit code.
timed() {
  local name=$1 out=$2
  shift 2
  /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.json" 2>"$out/$name.err"
}
seconds_of() { # wall clock from a time -v report, in seconds
  sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; printf "%.3f", s }'
}
rss_kb_of() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }
cpu_of() { # user + system seconds
  awk -F': ' '/^[[:space:]]*(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1"
}

median() { # of the numbers on stdin, one per line, sorted
  awk '{ a[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print a[(NR + 1) / 2];
         else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

rows=()
ratios=()
for n in $BENCH_SIZES; do
  name="$(label "$n")"
  data="$BENCH_DATA/c$name"
  generate "$n" "$data"
  files=(--contacts "$data/contacts.csv" --interactions "$data/interactions.csv"
         --surveys "$data/surveys.csv" --segments "$data/segments.csv")
  input_bytes=$(cat "$data"/contacts.csv "$data"/interactions.csv "$data"/surveys.csv "$data"/segments.csv | wc -c)
  input_rows=0
  for f in contacts interactions surveys segments; do
    # data rows (quoted line breaks in survey comments make this a slight over-count)
    input_rows=$((input_rows + $(wc -l <"$data/$f.csv") - 1))
  done
  out="$BENCH_RESULTS/$name"
  mkdir -p "$out"
  rm -f "$out"/*.json "$out"/*.time "$out"/*.err

  tools=()
  if [ "${SKIP_CONTACTKPI:-0}" != 1 ]; then
    if [ -x "$CONTACTKPI_BIN" ]; then
      tools+=(contactkpi)
    else
      warn "no contactkpi program at $CONTACTKPI_BIN (set CONTACTKPI_BIN)"
      failures+=("contactkpi missing")
    fi
  fi
  [ "${SKIP_DUCKDB:-0}" != 1 ] && tools+=(duckdb)
  threads=()
  [ -n "${DUCKDB_THREADS:-}" ] && threads=(--threads "$DUCKDB_THREADS")
  # The tools take turns, run after run, so that a slow spell of a shared machine falls on
  # both rather than on one.
  declare -A failed=()
  for k in $(seq 1 "$BENCH_RUNS"); do
    for tool in "${tools[@]}"; do
      [ -n "${failed[$tool]:-}" ] && continue
      run=$tool
      [ "$k" -gt 1 ] && run=$tool.run$k
      say "$name: $tool, run $k of $BENCH_RUNS"
      # Every run starts from the same, warm page cache: the files are read just before it.
      # Read once per size, they were partly evicted again within seconds on a machine that
      # reclaims cold page cache (DAMON here), so a run found more or less of its input on
      # disk depending on what ran before it. How the cache holds a file (e.g. in large
      # folios after read()) also changes how much of it a memory map faults in at once; see
      # docs/performance.md.
      cat "$data"/contacts.csv "$data"/interactions.csv "$data"/surveys.csv "$data"/segments.csv >/dev/null
      if [ "$tool" = contactkpi ]; then
        timed "$run" "$out" "$CONTACTKPI_BIN" report "${files[@]}" --format json
      else
        timed "$run" "$out" node "$duckdb_dir/kpis.mjs" "${files[@]}" "${threads[@]}"
      fi
      status=$?
      if [ "$status" -ne 0 ]; then
        warn "$tool failed on $name (exit $status): $(tail -n 5 "$out/$run.err")"
        failures+=("$tool on $name")
        failed[$tool]=1
      fi
    done
  done
  ok_tools=()
  for tool in "${tools[@]}"; do [ -z "${failed[$tool]:-}" ] && ok_tools+=("$tool"); done

  if [ "${#ok_tools[@]}" -eq 2 ]; then
    say "$name: comparing the two reports"
    if ! node "$root/bench/compare.mjs" "$out/duckdb.json" "$out/contactkpi.json"; then
      failures+=("MISMATCH on $name")
    fi
  fi

  declare -A median_s=()
  for tool in "${ok_tools[@]}"; do
    times=("$out/$tool.time")
    for k in $(seq 2 "$BENCH_RUNS"); do times+=("$out/$tool.run$k.time"); done
    walls=$(for t in "${times[@]}"; do seconds_of "$t"; echo; done | sort -n)
    s=$(median <<<"$walls")
    median_s[$tool]=$s
    range="$(head -n 1 <<<"$walls")–$(tail -n 1 <<<"$walls")"
    kb=$(for t in "${times[@]}"; do rss_kb_of "$t"; done | sort -n | tail -n 1)
    cpu=$(for t in "${times[@]}"; do cpu_of "$t"; echo; done | sort -n | median)
    rows+=("$(awk -v tool="$tool" -v set="$name ($n contacts)" -v s="$s" -v kb="$kb" -v n="$n" \
      -v r="$input_rows" -v b="$input_bytes" -v cpu="$cpu" -v range="$range" 'BEGIN {
        if (s <= 0) s = 0.001
        printf "| %s | %s | %.2f | %s | %.0f | %.1f | %.0f MB | %.0f | %.2f |", tool, set, s, range,
               r / s, b / 1e6 / s, kb / 1024, kb * 1024 / n, cpu }')")
  done
  if [ -n "${median_s[contactkpi]:-}" ] && [ -n "${median_s[duckdb]:-}" ]; then
    ratios+=("$(awk -v c="${median_s[contactkpi]}" -v d="${median_s[duckdb]}" -v set="$name" \
      'BEGIN { if (c <= 0) c = 0.001; printf "%s: DuckDB / contactkpi = %.1f× (medians %.2f s / %.2f s)", set, d / c, d, c }')")
  fi
  unset failed median_s
done

# ---- report ------------------------------------------------------------------------------
{
  echo "| tool | data set | seconds (median) | range | rows/s | MB/s | peak RSS | bytes per contact | CPU s |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for r in "${rows[@]}"; do echo "$r"; done
  echo
  for r in "${ratios[@]}"; do echo "- $r"; done
  echo
  echo "$BENCH_RUNS runs per tool and data set, taking turns; seconds, rows/s, MB/s and CPU s are"
  echo "medians, range is the fastest–slowest wall time, peak RSS the largest of the runs."
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m); rows = data rows of all four input files;"
  echo "MB/s = input bytes (10^6) / wall seconds; bytes per contact = peak RSS / contacts;"
  echo "CPU s = user + system seconds (on a busy machine the fairer measure); load average: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$BENCH_RESULTS/summary.md"

if [ "${#failures[@]}" -gt 0 ]; then
  printf '\nFAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "all runs succeeded; reports agree" >&2
