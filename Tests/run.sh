#!/usr/bin/env bash
# Runs every test: the Swift test suites, then the Python tests that check ScribeGrade against
# reference implementations and official SDKs (requirements: Tests/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build

bin="$(swift build --show-bin-path)/scribegrade"
for script in Tests/Python/test_*.py; do
  [ -e "$script" ] || continue
  echo "== $script"
  python3 "$script" --binary "$bin"
done
