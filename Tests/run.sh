#!/usr/bin/env bash
# Runs every test: the Swift test suites, then the Python tests that check ScribeGrade against
# reference implementations and official SDKs (requirements: Tests/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build

bin="$(swift build --show-bin-path)/scribegrade"

echo "== agreement statistics against scikit-learn, scipy, krippendorff, statsmodels, pingouin, irrCAC"
python3 Tests/Reference/agreement_reference.py --binary "$bin"
