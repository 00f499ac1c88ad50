#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset (clang, ASan + UBSan) and runs each one
# for FUZZ_SECONDS (default 60) from its committed seed corpus (tests/fuzz/corpus/<target>/).
# Prints the executions per target (libFuzzer's final stats) and exits non-zero on any crash,
# leak, timeout or out-of-memory. Findings are left in build/fuzz/artifacts/<target>/:
# minimise one with `build/fuzz/tests/fuzz/<target> -minimize_crash=1 -runs=10000 <file>`, then
# keep it under tests/fuzz/regressions/<target>/ (ctest replays those on every build).
#
#   FUZZ_SECONDS=300 tests/fuzz/run.sh             # all targets, 5 minutes each
#   FUZZ_TARGETS="fuzz_csv" tests/fuzz/run.sh      # just one
#   FUZZ_JOBS=2 ...                                # build parallelism (default 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds="${FUZZ_SECONDS:-60}"
build=build/fuzz

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${FUZZ_JOBS:-2}"

targets="${FUZZ_TARGETS:-$(cat "$build/tests/fuzz/targets.txt" | tr ';' ' ')}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:abort_on_error=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1"

max_len_for() {
  case "$1" in
    fuzz_timestamp) echo 128 ;;
    fuzz_cli) echo 256 ;;
    *) echo 8192 ;;
  esac
}

status=0
summary=()
for t in $targets; do
  exe="$build/tests/fuzz/$t"
  [ -x "$exe" ] || { echo "run.sh: no fuzz target $exe" >&2; exit 2; }
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  rm -rf "$artifacts"
  mkdir -p "$work" "$artifacts"
  base="${t%_parallel}"  # fuzz_csv_parallel shares fuzz_csv's seeds and dictionary
  seeds=()
  [ -d "tests/fuzz/corpus/$base" ] && seeds+=("tests/fuzz/corpus/$base")
  [ -d "tests/fuzz/regressions/$t" ] && seeds+=("tests/fuzz/regressions/$t")
  dict=()
  [ -f "tests/fuzz/$base.dict" ] && dict=("-dict=tests/fuzz/$base.dict")
  log="$build/$t.log"
  echo "== $t: ${seconds}s"
  set +e
  "$exe" "$work" "${seeds[@]}" "${dict[@]}" -max_total_time="$seconds" \
    -max_len="$(max_len_for "$t")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  found=$(find "$artifacts" -type f | wc -l)
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    summary+=("$t: FAILED (exit $rc, ${execs:-?} executions, $found artifact(s) in $artifacts)")
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz invariant|.*runtime error)' "$log" | head -n 20 || true
    echo "   full log: $root/$log"
  else
    summary+=("$t: ok, ${execs:-?} executions in ${seconds}s")
  fi
done
echo "== fuzz summary"
printf '  %s\n' "${summary[@]}"
exit "$status"
