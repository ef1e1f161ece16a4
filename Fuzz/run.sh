#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/Package.swift with AddressSanitizer and runs each for
# SECONDS (default 30) on a corpus seeded from the test fixtures, Rubrics/ and Examples/.
# Prints the executions of every target and a total; exits 1 if any target found a crash,
# leak, timeout or out-of-memory input (saved under .build-fuzz/artifacts/<target>/; see
# Fuzz/README.md for what to do with it).
#
#   bash Fuzz/run.sh [SECONDS] [TARGET...]     targets: rubric notes transcript ratings json
#
# FUZZ_CORPUS=DIR keeps each target's corpus in DIR/<target> across runs (default: a temporary
# directory, removed afterwards). FUZZ_NICE=19 runs the fuzzers at that niceness.
# FUZZ_CONFIGURATION=release builds optimised targets: a cold build takes about twice as long
# (5.5 min against 3 on 2 cores) and they run 2-3 times as many inputs a second, the better
# trade for runs of an hour or more.
# Needs only the Swift toolchain: libFuzzer, ASan and llvm-symbolizer ship with it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-30}
shift || true
all_targets=(rubric notes transcript ratings json)
[ $# -gt 0 ] && targets=("$@") || targets=("${all_targets[@]}")
case $seconds in '' | *[!0-9]*) echo "usage: bash Fuzz/run.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac

scratch=$root/.build-fuzz
toolchain_bin=$(dirname "$(readlink -f "$(command -v swift)")")
export ASAN_SYMBOLIZER_PATH=$toolchain_bin/llvm-symbolizer
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}
# libFuzzer reports a crash itself; Swift's own backtracer, started on a trap under ASan, can
# outlive the crashed process and hold its output open.
export SWIFT_BACKTRACE=enable=no

# Only the core (ScribeGrade, Yams, swift-crypto, swift-mustache) is compiled: the Fuzz package
# depends on the ScribeGrade product alone. -parse-as-library: libFuzzer supplies main. The
# explicit resolve picks up a dependency added to the root package since .build-fuzz was made
# (swift build alone keeps the old resolution and fails on the old build plan).
echo "== building fuzz targets (scratch path .build-fuzz)"
build_start=$(date +%s)
build_log=$scratch/build.log
mkdir -p "$scratch"
configuration=${FUZZ_CONFIGURATION:-debug}
if ! swift package --package-path Fuzz --scratch-path "$scratch" resolve >"$build_log" 2>&1 ||
  ! swift build --package-path Fuzz --scratch-path "$scratch" -c "$configuration" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >>"$build_log" 2>&1; then
  grep -v "Cannot export local symbol" "$build_log" | tail -40
  echo "fuzz build failed (full log: $build_log)" >&2
  exit 1
fi
echo "built in $(( $(date +%s) - build_start )) s"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus_root=${FUZZ_CORPUS:-$work/corpus}

# Seeds: small input files of each kind from the fixtures and the bundled data.
seed_files() {
  local max_kib=$1; shift
  find Tests/*/Fixtures Rubrics Examples -type f -size -"${max_kib}"k \( "$@" \) 2>/dev/null | sort | head -300
}

seed() {
  local target=$1 dir=$2
  mkdir -p "$dir"
  case $target in
    rubric)
      seed_files 16 -name '*.yaml' -o -name '*.yml'
      ;;
    notes)
      seed_files 8 -path '*notes*' \( -name '*.txt' -o -name '*.json' -o -name '*.md' \) -o -name '*.jsonl'
      ;;
    transcript)
      seed_files 32 -name '*.TextGrid' -o -path '*transcripts*' \( -name '*.txt' -o -name '*.json' \)
      ;;
    ratings)
      seed_files 16 -name '*.csv' -o -name '*.jsonl'
      ;;
    json)
      seed_files 8 -name '*.json' -o -name '*.jsonl'
      ;;
  esac | while read -r file; do
    cp "$file" "$dir/seed-$(cksum <"$file" | cut -d' ' -f1)"
  done
  if [ "$target" = rubric ]; then
    # A rubric, a NUL, then the fragment it includes: FuzzEntryPoints.Target.rubric.
    printf 'id: rubric\nencounter: e1\ninclude: [common/fragment.yaml]\ncriteria:\n  - id: a\n    text: Documents the cough.\n    points: 2\n\0criteria:\n  - id: b\n    section: plan\n    text: States the plan.\n    points: -1\n    critical: true\n    tags: [plan]\n' >"$dir/seed-include"
  fi
}

max_len() {
  case $1 in
    rubric) echo 16384 ;;
    transcript) echo 32768 ;;
    *) echo 8192 ;;
  esac
}

dictionary() {
  case $1 in
    rubric) echo yaml ;;
    *) echo "$1" ;;
  esac
}

executable() {
  case $1 in
    rubric) echo FuzzRubric ;;
    notes) echo FuzzNotes ;;
    transcript) echo FuzzTranscript ;;
    ratings) echo FuzzRatings ;;
    json) echo FuzzJSON ;;
    *) echo "unknown target '$1'; expected one of ${all_targets[*]}" >&2; exit 2 ;;
  esac
}

failed=()
total=0
summary=()
for target in "${targets[@]}"; do
  binary=$scratch/$configuration/$(executable "$target")
  corpus=$corpus_root/$target
  [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ] || seed "$target" "$corpus"
  artifacts=$scratch/artifacts/$target
  mkdir -p "$artifacts"
  log=$work/$target.log
  touch "$work/started"
  echo "== fuzzing $target for ${seconds} s ($(ls "$corpus" | wc -l) inputs in corpus)"
  status=0
  nice -n "${FUZZ_NICE:-0}" "$binary" "$corpus" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len="$(max_len "$target")" \
    -dict="Fuzz/dictionaries/$(dictionary "$target").dict" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  executions=${executions:-0}
  total=$((total + executions))
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    grep -v "Cannot export local symbol" "$log" | grep -A40 -E "^==[0-9]+==|ERROR: libFuzzer|Fatal error|deadly signal|Test unit written" | head -80 || tail -40 "$log"
    # The input itself, so a CI log is enough to reproduce it (base64 -d > input).
    find "$artifacts" -type f -newer "$work/started" -size -16k | while read -r input; do
      echo "input ${input#"$root"/} (base64): $(base64 -w0 "$input")"
    done
    summary+=("$(printf '%-11s %12s executions  FAILED (exit %s; input saved in %s)' "$target" "$executions" "$status" "${artifacts#"$root"/}")")
  else
    summary+=("$(printf '%-11s %12s executions  ok' "$target" "$executions")")
  fi
done

echo "== fuzzing summary (${seconds} s per target)"
printf '%s\n' "${summary[@]}"
printf '%-11s %12s executions\n' total "$total"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}; minimise with -minimize_crash=1 and keep the input under Tests/ScribeGradeTests/Fixtures/FuzzRegressions/<target>/ (Fuzz/README.md)" >&2
  exit 1
fi
