#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang into build-fuzz and runs each for SECONDS
# (default 20). Seeds come from tests/fuzz/corpus/<target>; each run grows its own working corpus in
# build-fuzz/corpus/<target>, so the committed seeds stay small. A failing target makes the script exit 1 and
# name its reproducer (build-fuzz/artifacts/<target>/). Limits make a slow or huge case a finding: a single
# allocation over 256 MB, a process over 1 GB resident (-rss_limit_mb), one input running over 10 s
# (-timeout), inputs up to 8 KB (-max_len). No parser may let a few kilobytes of input demand that much.
# See docs/FUZZING.md for long runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
seconds="${1:-20}"
jobs="${OPENMTP_FUZZ_BUILD_JOBS:-$(nproc)}"
build=build-fuzz

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOPENMTP_FUZZ=ON \
  -DOPENMTP_TESTS=OFF -DOPENMTP_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target fuzz_targets

# One target per core at a time: with 2 cores, 6 targets x 20 s take about a minute.
run_one() {
  local exe="$1" name corpus artifacts seeds dict
  name="$(basename "$exe")"
  corpus="$build/corpus/$name"
  artifacts="$build/artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  seeds="tests/fuzz/corpus/$name"
  dict="tests/fuzz/dict/$name.dict"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=256 -max_len=8192 -print_final_stats=0
              -artifact_prefix="$artifacts/")
  [ -f "$dict" ] && args+=(-dict="$dict")
  local dirs=("$corpus")
  [ -d "$seeds" ] && dirs+=("$seeds")
  if "$exe" "${args[@]}" "${dirs[@]}" >"$build/$name.log" 2>&1; then
    echo "== $name: $(grep -E '^Done' "$build/$name.log" | tail -1)"
  else
    echo "FAILED: $name; see $build/$name.log and the reproducer in $artifacts/" >&2
    grep -E -A8 'ERROR|deadly signal|==ABORTING' "$build/$name.log" | head -40 >&2
    return 1
  fi
}

status=0
pids=()
for exe in "$build"/fuzz/fuzz_*; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || status=1; done
  run_one "$exe" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit "$status"
