#!/usr/bin/env bash
# Run a host fuzz target with libFuzzer for a while:
#
#   fuzz/run.sh TARGET SECONDS     one target (elf cpu mmu cpio dtb virtio gdb)
#   fuzz/run.sh all SECONDS        each target in turn, SECONDS each
#   fuzz/run.sh smoke SECONDS      as all, with a fixed seed (CI, .ci/run)
#   fuzz/run.sh merge TARGET       fold the scratch corpus into fuzz/corpus/TARGET (minimised)
#
# The targets are built as cargo-fuzz builds them (sanitizer-coverage
# instrumentation, `--cfg fuzzing`, debug assertions and overflow checks
# on; no sanitizer, so a stable toolchain does), with libfuzzer-sys.
# Inputs come from fuzz/corpus/TARGET (committed, minimised) and
# fuzz/target/scratch/TARGET (what this machine found; not committed).
# A crash is written to fuzz/artifacts/TARGET/ and the run fails: copy
# the input to fuzz/regressions/TARGET/ with the fix, and
# tests/fuzz_regressions.rs replays it from then on.
set -euo pipefail
cd "$(dirname "$0")"
targets=(elf cpu mmu cpio dtb virtio gdb)
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
build() {
  cargo build --release --features libfuzzer --target "$triple" --bins >&2
}
# CARGO_TARGET_DIR (e.g. a cache outside the checkout, as CI sets it) is
# honoured.
bin() { echo "${CARGO_TARGET_DIR:-target}/$triple/release/$1"; }
scratch() { echo "${CARGO_TARGET_DIR:-target}/scratch/$1"; }
seed_flag=()
run_one() {
  local t=$1 secs=$2
  mkdir -p "corpus/$t" "$(scratch "$t")" "artifacts/$t"
  "$(bin "$t")" "$(scratch "$t")" "corpus/$t" ${seed_flag[@]+"${seed_flag[@]}"} \
    -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -max_len=8192 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 2>&1 |
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+== ERROR|SUMMARY|thread .* panicked|Test unit written)' || true
  # libFuzzer exits non-zero on a crash; grep hid its status.
  if compgen -G "artifacts/$t/crash-*" >/dev/null || compgen -G "artifacts/$t/timeout-*" >/dev/null; then
    echo "fuzz/$t: crash or timeout found, see fuzz/artifacts/$t/" >&2
    return 1
  fi
}
case "${1:-}" in
  smoke)
    seed_flag=(-seed=1)
    build
    for t in "${targets[@]}"; do echo "== $t"; run_one "$t" "${2:-5}"; done ;;
  all)
    build
    for t in "${targets[@]}"; do echo "== $t"; run_one "$t" "${2:-10}"; done ;;
  merge)
    build
    t=$2
    mkdir -p "corpus/$t.new"
    "$(bin "$t")" -merge=1 -max_len=8192 "corpus/$t.new" "corpus/$t" "$(scratch "$t")" 2>&1 | tail -1
    rm -rf "corpus/$t" && mv "corpus/$t.new" "corpus/$t" ;;
  elf|cpu|mmu|cpio|dtb|virtio|gdb)
    build
    run_one "$1" "${2:-60}" ;;
  *)
    echo "usage: fuzz/run.sh TARGET|all SECONDS, or fuzz/run.sh merge TARGET (targets: ${targets[*]})" >&2
    exit 2 ;;
esac
