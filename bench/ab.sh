#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A/B of contactkpi builds on the 1M report: the binaries take turns, N runs each, under
# `perf stat` (wall, task-clock, user and system time); medians and means per binary.
#
#   bench/ab.sh N MODE BIN...        MODE: warm  - the four files are read just before each run
#                                          duck  - and a DuckDB run of the same KPIs before that
#                                                  (bench/run.sh's condition: contactkpi runs
#                                                  right after DuckDB)
#
# Example: bench/ab.sh 10 duck /tmp/contactkpi-old build/release/examples/contactkpi/contactkpi
# On a noisy shared machine compare builds this way (or with bench/instructions.sh), not
# across separate bench/run.sh runs. Needs perf (Debian: linux-perf) and, for `duck`, the
# DuckDB side of bench/run.sh installed (npm install in bench/duckdb).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 3 ] || { sed -n '3,14p' "${BASH_SOURCE[0]}" >&2; exit 2; }
n=$1
mode=$2
shift 2
case "$mode" in warm | duck) ;; *) echo "MODE must be warm or duck" >&2; exit 2 ;; esac
command -v perf >/dev/null || { echo "perf is missing (Debian: apt-get install linux-perf)" >&2; exit 1; }
data="${BENCH_DATA:-$root/bench/data}/c1M"
[ -f "$data/contacts.csv" ] || { echo "no $data: run bench/run.sh once (it generates the data)" >&2; exit 1; }
files=(--contacts "$data/contacts.csv" --interactions "$data/interactions.csv"
       --surveys "$data/surveys.csv" --segments "$data/segments.csv")
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for _ in $(seq 1 "$n"); do
  for bin in "$@"; do
    [ "$mode" = duck ] && node "$root/bench/duckdb/kpis.mjs" "${files[@]}" >/dev/null 2>&1
    cat "$data"/contacts.csv "$data"/interactions.csv "$data"/surveys.csv "$data"/segments.csv >/dev/null
    perf stat -e task-clock,user_time,system_time -o "$out/stat" "$bin" report "${files[@]}" \
      --format json >/dev/null 2>&1
    awk -v bin="$bin" '/task-clock/ { gsub(",", "", $1); t = $1 }
      /user_time/ { gsub(",", "", $1); u = $1 / 1e6 } /system_time/ { gsub(",", "", $1); s = $1 / 1e6 }
      /seconds time elapsed/ { e = $1 } END { print bin, e, t, u, s }' "$out/stat" >>"$out/runs"
  done
done
awk '{ k = $1; n[k]++; e[k, n[k]] = $2; t[k] += $3; u[k] += $4; s[k] += $5; se[k] += $2
       if (!(k in order)) { order[k] = ++kinds; name[kinds] = k } }
     END {
       for (i = 1; i <= kinds; ++i) {
         k = name[i]; m = n[k]
         for (a = 1; a <= m; ++a) v[a] = e[k, a]
         for (a = 1; a <= m; ++a) for (b = a + 1; b <= m; ++b) if (v[b] < v[a]) { x = v[a]; v[a] = v[b]; v[b] = x }
         med = m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
         printf "%s  n=%d  wall median %.3f s, mean %.3f s, min %.3f s | CPU %.0f ms mean (user %.0f, system %.0f)\n",
                k, m, med, se[k] / m, v[1], t[k] / m, u[k] / m, s[k] / m
       }
     }' "$out/runs"
