#!/usr/bin/env python3
"""Checks ScribeGrade's note-level calibration statistics against scipy, pingouin and scikit-learn.

Generates note-level data sets (seeds 0-3; 2 to 6 systems over 5 to 60 encounters; one to three
raters per note with partial overlap; interval scales with continuous and tied values; ordinal
scales with numeric levels 1-5 and named levels; dimensions expected to rise and to fall; judge
scores outside [0, 1], on bin edges and tied; notes graded by two rubrics; ratings of notes the
judge did not score), runs `CorrectionTool note-level FILE.json` on them and compares, at an
absolute tolerance of 1e-9, the judge's note score (the mean over its rubrics) against the
experts' mean rating over the notes that have both:

  Pearson, Spearman, Kendall tau-b     scipy.stats.pearsonr, spearmanr, kendalltau (variant b)
  ICC(A,1), ICC(C,1)                   pingouin.intraclass_corr, "ICC(A,1)" (ICC2), "ICC(C,1)" (ICC3)
  quadratic-weighted kappa (ordinal)   sklearn.metrics.cohen_kappa_score(weights="quadratic",
                                       labels=range(k)) of the levels (mapping below)
  system-level Kendall tau-b           scipy.stats.kendalltau of the systems' mean judge score and
                                       mean expert rating (three or more systems, else null)
  expert ceiling                       scipy.stats.pearsonr of each rater against the mean of the
                                       others, and of the judge against the mean of all, on the
                                       notes rated by two or more
  n, expected sign, wrong-sign flag    counted and checked here

The ordinal mapping, written out independently of the Swift code: with k levels, the judge's
score s clipped to [0, 1] is level floor(s * k) (s = 1: level k - 1), reversed (k - 1 - level)
for a dimension expected to fall; the experts' level is the mean of their level positions
rounded half up. A statistic the reference leaves undefined (NaN) must be null. Bootstrap
intervals are not compared. Prints one line per mismatch, the largest difference seen and
`N passed, 0 failed`; exits 1 on any mismatch.

Install:  pip install -r Tests/Reference/requirements.txt
Run:      python3 Tests/Reference/note_level_reference.py --binary .build/debug/CorrectionTool
"""

import argparse
import math
import sys
import warnings

import numpy as np
import pandas as pd
import pingouin
from scipy import stats
from sklearn.metrics import cohen_kappa_score

from correction_tool import flatten, run_cases

TOLERANCE = 1e-9
FALLING = ("omission", "hallucination", "edit", "error", "time", "distance", "harm")
NAMED_LEVELS = ["none", "mild", "moderate", "severe"]


def generate():
    """Yields one case dict per combination."""
    shapes = [(2, 10), (3, 5), (4, 20), (5, 60), (6, 12)]
    kinds = ["interval", "interval-tied", "ordinal-numeric", "ordinal-named"]
    for seed in range(4):
        for systems, encounters in shapes:
            for kind in kinds:
                for dimension in ("quality", "omission_rate"):
                    rng = np.random.default_rng([seed, systems, encounters, kinds.index(kind), dimension == "quality"])
                    yield case(rng, seed, systems, encounters, kind, dimension)


def case(rng, seed, systems, encounters, kind, dimension):
    raters = ["r1", "r2", "r3"][: 1 + (seed % 3)]
    if kind == "ordinal-numeric":
        levels = ["1", "2", "3", "4", "5"]
        scale = "ordinal:" + ",".join(levels)
    elif kind == "ordinal-named":
        levels = NAMED_LEVELS
        scale = "ordinal:" + ",".join(levels)
    else:
        levels = None
        scale = "interval:0:1"
    falls = any(word in dimension for word in FALLING)
    scores, ratings = [], []
    for s in range(systems):
        system = f"sys{s}"
        quality = rng.uniform(-0.1, 0.15)  # systems differ
        for e in range(encounters):
            encounter = f"enc{e:03d}"
            truth = float(np.clip(rng.beta(2, 2) + quality, 0, 1))
            if rng.uniform() > 0.05:  # a few rated notes the judge did not score
                judge = truth + rng.normal(0, 0.2)
                if kind == "interval-tied" or rng.uniform() < 0.2:
                    judge = round(judge * 5) / 5  # ties, and scores on the bin edges
                scores.append({"system": system, "encounter": encounter, "score": float(judge)})
                if rng.uniform() < 0.15:  # a second rubric grades the same note
                    scores.append({"system": system, "encounter": encounter, "score": float(judge + rng.normal(0, 0.1))})
            raters_here = [r for r in raters if rng.uniform() < 0.7] or [raters[int(rng.integers(len(raters)))]]
            for rater in raters_here:
                value = truth if not falls else 1 - truth
                value = float(np.clip(value + rng.normal(0, 0.15), 0, 1))
                if levels is not None:
                    position = min(len(levels) - 1, int(value * len(levels)))
                    value = float(levels[position]) if kind == "ordinal-numeric" else float(position + 1)
                elif kind == "interval-tied":
                    value = round(value * 4) / 4
                ratings.append({"system": system, "encounter": encounter, "rater": rater, "value": value})
    return {
        "name": f"seed{seed}-s{systems}-e{encounters}-{kind}-{dimension}",
        "dimension": dimension,
        "scale": scale,
        "levels": levels,
        "scores": scores,
        "ratings": ratings,
    }


def defined(value):
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def quiet(function):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return defined(function())
        except (ValueError, ZeroDivisionError, AssertionError):
            return None


def pearson(x, y):
    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return None
    return quiet(lambda: stats.pearsonr(x, y).statistic)


def level_position(levels, value):
    if all(_is_number(level) for level in levels):
        numbers = [float(level) for level in levels]
        return numbers.index(value)
    return int(value) - 1


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def expected(entry):
    judged = {}
    for s in entry["scores"]:
        judged.setdefault((s["system"], s["encounter"]), []).append(s["score"])
    judge = {note: sum(values) / len(values) for note, values in judged.items()}
    rated, by_rater = {}, {}
    for r in entry["ratings"]:
        note = (r["system"], r["encounter"])
        rated.setdefault(note, []).append(r["value"])
        by_rater.setdefault(note, {})[r["rater"]] = r["value"]
    notes = sorted(note for note in rated if note in judge)
    x = [judge[note] for note in notes]
    y = [sum(rated[note]) / len(rated[note]) for note in notes]

    long = pd.DataFrame({
        "t": list(range(len(notes))) * 2,
        "r": ["judge"] * len(notes) + ["experts"] * len(notes),
        "v": x + y,
    })

    def icc(kind):
        if long["v"].nunique() == 1:
            return None
        return quiet(lambda: pingouin.intraclass_corr(long, targets="t", raters="r", ratings="v").set_index("Type").at[kind, "ICC"])

    falls = any(word in entry["dimension"] for word in FALLING)
    r = pearson(x, y)
    result = {
        "n": len(notes),
        "expected_sign": "negative" if falls else "positive",
        "flagged": (r or 0) > 0 if falls else (r or 0) < 0,
        "pearson": r,
        "spearman": quiet(lambda: stats.spearmanr(x, y).statistic),
        "kendall_tau_b": quiet(lambda: stats.kendalltau(x, y, variant="b").statistic),
        "icc_a1": icc("ICC(A,1)"),
        "icc_c1": icc("ICC(C,1)"),
    }

    levels = entry["levels"]
    if levels is not None:
        k = len(levels)
        judge_levels, expert_levels = [], []
        for note in notes:
            level = min(k - 1, math.floor(min(1.0, max(0.0, judge[note])) * k))
            judge_levels.append(k - 1 - level if falls else level)
            positions = [level_position(levels, v) for v in rated[note]]
            expert_levels.append(min(k - 1, math.floor(sum(positions) / len(positions) + 0.5)))
        result["quadratic_kappa"] = quiet(lambda: cohen_kappa_score(judge_levels, expert_levels, labels=list(range(k)), weights="quadratic"))
    else:
        result["quadratic_kappa"] = "absent"

    systems = sorted({note[0] for note in notes})
    judge_means = [np.mean([judge[n] for n in notes if n[0] == s]) for s in systems]
    expert_means = [np.mean([y[i] for i, n in enumerate(notes) if n[0] == s]) for s in systems]
    result["systems"] = len(systems)
    result["system_tau_b"] = quiet(lambda: stats.kendalltau(judge_means, expert_means, variant="b").statistic) if len(systems) >= 3 else None

    shared = [note for note in notes if len(by_rater[note]) >= 2]
    if shared:
        ceiling = {}
        for rater in sorted({rater for note in shared for rater in by_rater[note]}):
            own, others = [], []
            for note in shared:
                if rater in by_rater[note]:
                    rest = [by_rater[note][other] for other in sorted(by_rater[note]) if other != rater]
                    own.append(by_rater[note][rater])
                    others.append(sum(rest) / len(rest))
            ceiling[rater] = {"pearson": pearson(own, others), "n": len(own)}
        means = [sum(by_rater[n][rater] for rater in sorted(by_rater[n])) / len(by_rater[n]) for n in shared]
        result["ceiling"] = {"raters": ceiling, "judge_vs_mean": pearson([judge[n] for n in shared], means), "notes": len(shared)}
    else:
        result["ceiling"] = None
    return result


def actual_values(got):
    """The Swift result in the shape `expected` returns."""
    value = lambda estimate: None if estimate is None else estimate.get("value")
    result = {key: got[key] for key in ("n", "expected_sign", "flagged")}
    for key in ("pearson", "spearman", "kendall_tau_b", "icc_a1", "icc_c1"):
        result[key] = value(got[key])
    result["quadratic_kappa"] = value(got["quadratic_kappa"]) if got.get("quadratic_kappa") is not None else "absent"
    system = got.get("system_level") or {}
    result["systems"] = system.get("systems")
    result["system_tau_b"] = value(system.get("kendall_tau_b"))
    ceiling = got.get("expert_ceiling")
    if ceiling is None:
        result["ceiling"] = None
    else:
        result["ceiling"] = {
            "raters": {r["rater"]: {"pearson": r.get("pearson"), "n": r["n"]} for r in ceiling["raters"]},
            "judge_vs_mean": ceiling.get("judge_vs_mean"),
            "notes": ceiling["notes"],
        }
    return result




def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="path to the built CorrectionTool")
    args = parser.parse_args()

    cases = list(generate())
    outputs = run_cases(args.binary, "note-level", [{k: v for k, v in c.items() if k != "levels"} for c in cases])
    if outputs is None:
        print(f"0 passed, {len(cases)} failed")
        return 1
    actual = {item["name"]: item.get("result") for item in outputs}

    passed = failed = 0
    largest = (0.0, "")
    for entry in cases:
        name = entry["name"]
        want = dict(flatten("", expected(entry)))
        got = actual.get(name)
        problems = []
        if got is None:
            problems.append("missing from the output")
        else:
            have = dict(flatten("", actual_values(got)))
            for key in sorted(set(want) | set(have)):
                a, b = have.get(key), want.get(key)
                if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
                    difference = abs(a - b)
                    if difference > largest[0]:
                        largest = (difference, f"{name} {key}")
                    if not difference <= TOLERANCE:
                        problems.append(f"{key}: {a!r} != {b!r} (difference {difference:.3g})")
                elif a != b:
                    problems.append(f"{key}: {a!r} != {b!r}")
        if problems:
            failed += 1
            for problem in problems:
                print(f"MISMATCH {name} {problem}")
        else:
            passed += 1
    print(f"largest absolute difference: {largest[0]:.3g} ({largest[1] or 'none'})")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
