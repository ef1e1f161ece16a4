#!/usr/bin/env bash
# Runs every test: the Swift test suites, then the Python tests that check ScribeGrade against
# reference implementations and official SDKs, and last one against a real llama.cpp server.
# Installs the Python packages they need (Tests/requirements.txt) first, with pip, and the
# Debian packages the tests need (SQLite's headers, headless Chromium and its driver, a font,
# cmake and g++ for llama.cpp) with apt-get when any is missing, so it runs on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for package in libsqlite3-dev chromium chromium-driver fonts-dejavu-core cmake g++; do
  dpkg -s "$package" >/dev/null 2>&1 || need_apt+=("$package")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "== installing ${need_apt[*]} (apt-get)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -r Tests/requirements.txt
# irrCAC's own pins conflict with current pandas/scipy; it works without them (Tests/Reference).
python3 -m pip install -q --disable-pip-version-check --no-deps irrCAC==0.4.4

swift build --build-tests
swift test --skip-build

# The real-server test's llama-server and model (Tests/LLM/llama_server.sh) are built or
# fetched into ~/.cache/scribegrade in the background, niced, from here on: a cold build took
# 475 s on a busy 2-core VM, and the checks below leave CPU idle (the fuzzers use one core).
# Not earlier: the Swift suites have timing-sensitive tests. A cached build is reused.
llama_log=$(mktemp)
setsid -w nice -n 10 bash Tests/LLM/llama_server.sh >/dev/null 2>"$llama_log" &
llama_pid=$!
llama_started=$(date +%s)
# On an early exit, stop the build (its own process group) instead of leaving it running.
trap 'kill -- -"$llama_pid" 2>/dev/null || true; rm -f "$llama_log"' EXIT

bin="$(swift build --show-bin-path)/scribegrade"

echo "== agreement statistics against scikit-learn, scipy, krippendorff, statsmodels, pingouin, irrCAC"
python3 Tests/Reference/agreement_reference.py --binary "$bin"

echo "== prediction-powered estimates against ppi-python"
python3 Tests/Reference/ppi_reference.py --binary "$(swift build --show-bin-path)/CorrectionTool"

echo "== note-level calibration statistics against scipy, pingouin and scikit-learn"
python3 Tests/Reference/note_level_reference.py --binary "$(swift build --show-bin-path)/CorrectionTool"

echo "== the simulator's wire format through the official openai and anthropic SDKs"
python3 Tests/SDK/sdk_interop.py "$bin"

echo "== the web pages in headless Chromium: sign-in, leaderboard, note page, calibration, review answers narrowing the corrected intervals"
python3 Tests/Browser/browser_test.py --binary "$bin"

echo "== schemathesis against /openapi.yaml of a running service: no 5xx, responses as documented"
python3 Tests/API/schemathesis_test.py --binary "$bin"

# Fuzzing (Fuzz/README.md): each parser of untrusted input — rubric YAML, notes, transcripts,
# verdict and rating files, JSON — runs 30 s under libFuzzer and AddressSanitizer, seeded from
# the fixtures; any crash, leak, timeout or out-of-memory input fails the run.
echo "== fuzzing every parser of untrusted input, 30 s each"
bash Fuzz/run.sh 30

echo "== a real llama.cpp server with SmolLM2-135M (a tiny model: the test checks the path, never accuracy)"
if ! wait "$llama_pid"; then
  cat "$llama_log" >&2
  echo "building llama-server or fetching its model failed (Tests/LLM/llama_server.sh; log above)" >&2
  exit 1
fi
trap 'rm -f "$llama_log"' EXIT
sed 's/^/  /' "$llama_log"
echo "  (llama_server.sh done $(( $(date +%s) - llama_started )) s after it started in the background)"
python3 Tests/LLM/llama_integration.py --binary "$bin"
