#!/usr/bin/env bash
# Instructions per step of `contactkpi report`, counted by callgrind: a deterministic measure
# for comparing two builds on a shared, noisy machine, where wall time swings by 30% between
# runs. It counts instructions, not time: cache misses, page faults and branch mispredictions
# do not show (a change can save time without saving instructions, as branch-free parsers
# do), so confirm a gain with bench/run.sh or hyperfine when the machine is quiet.
#
#   bench/instructions.sh [BIN ...]      default: build/release/examples/contactkpi/contactkpi
#
# Environment: INSTR_CONTACTS (100000) contacts generated into $BENCH_DATA/instr-<n> with
# the release generator; INSTR_THREADS (1); INSTR_TOP (15) functions listed per binary.
# Needs valgrind (Debian package `valgrind`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }
n="${INSTR_CONTACTS:-100000}"
threads="${INSTR_THREADS:-1}"
top="${INSTR_TOP:-15}"
gen="${GENERATE_BIN:-$root/build/release/examples/generate/contactkpi-generate}"
data="${BENCH_DATA:-$root/bench/data}/instr-$n"
[ -x "$gen" ] || { echo "no generator at $gen: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
if [ ! -f "$data/contacts.csv" ]; then
  "$gen" --contacts "$n" --seed 42 --days 42 --start 2026-03-02 --out "$data" >/dev/null
fi
bins=("$@")
[ "${#bins[@]}" -eq 0 ] && bins=("$root/build/release/examples/contactkpi/contactkpi")
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for bin in "${bins[@]}"; do
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" report \
    --contacts "$data/contacts.csv" --interactions "$data/interactions.csv" \
    --surveys "$data/surveys.csv" --segments "$data/segments.csv" --format json \
    --threads "$threads" >/dev/null 2>"$out/err"
  total=$(sed -n 's/^==[0-9]*== Collected : //p' "$out/err")
  printf '%s: %s instructions, %s per contact (%s contacts, --threads %s)\n' "$bin" "$total" \
    "$((total / n))" "$n" "$threads"
  callgrind_annotate "$out/cg" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n "2,$((top + 1))p" |
    sed -E 's/\[[^]]*\]$//; s/\(std::basic_string_view.*$//' | cut -c1-150
  echo
done
