#!/bin/sh
# Time `scribegrade validate` on a 1 MB rubric, clean and with 64 repeated keys (issue 12,
# item 1): repeats must cost about nothing, since the text is composed once however many keys
# repeat (YAMLDocument), not once per repeat.
#
#   swift build -c release --product scribegrade
#   Benchmarks/rubric_duplicate_keys.sh .build/release/scribegrade
#
# Measured on the 2-core development machine with the debug binary (other builds running):
# before the fix 2.7 s clean, 6.2 s with 64 repeats; after it 3.5 s clean, 3.4 s with 64
# repeats (the repeats are reported, exit status 2). The issue measured 27.6 s, 28x clean, with
# the release binary before the fix.
set -eu
binary=${1:-.build/debug/scribegrade}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/clean" "$work/repeats"
python3 - "$work" <<'PY'
import sys
def rubric(repeats):
    lines, i = ["id: big", "encounter: e", "criteria:"], 0
    while sum(len(line) + 1 for line in lines) < 1_000_000:
        lines += [f"  - id: c{i}", "    section: plan",
                  f"    text: Documents item number {i} of the plan with enough words to be realistic.",
                  "    points: 1"]
        if i < repeats:
            lines.append(f"    text: Documents item number {i} again.")
        i += 1
    return "\n".join(lines) + "\n"
open(f"{sys.argv[1]}/clean/big.yaml", "w").write(rubric(0))
open(f"{sys.argv[1]}/repeats/big.yaml", "w").write(rubric(64))
PY
for case in clean repeats; do
    start=$(date +%s.%N)
    "$binary" validate "$work/$case" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$case: $(echo "$end - $start" | bc) s"
done
