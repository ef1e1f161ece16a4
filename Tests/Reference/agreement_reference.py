#!/usr/bin/env python3
"""Checks `scribegrade agreement --format json` against reference implementations.

Generates random rating tables (nominal, ordinal and interval scales; 2-6 raters; missing
ratings; balanced and skewed prevalence) plus degenerate tables, runs the built binary on each,
and compares every statistic to:

  percent agreement (pair)    sklearn.metrics.accuracy_score
  Cohen's kappa               sklearn.metrics.cohen_kappa_score
  quadratic-weighted kappa    sklearn.metrics.cohen_kappa_score(weights="quadratic")
  macro F1                    sklearn.metrics.f1_score(average="macro")
  confusion matrix            sklearn.metrics.confusion_matrix
  Fleiss' kappa               statsmodels.stats.inter_rater.fleiss_kappa
  Krippendorff's alpha        krippendorff.alpha
  Pearson, Spearman, Kendall  scipy.stats.pearsonr, spearmanr, kendalltau
  ICC(2,1)                    pingouin.intraclass_corr ("ICC(A,1)", Shrout & Fleiss ICC2)
  Gwet's AC1, percent         Gwet's formulas (Handbook of Inter-Rater Reliability), written out
  agreement (overall)         below; and irrCAC (which rounds to 5 decimals) to 1e-5 if installed

at an absolute tolerance of 1e-9 (1e-5 for irrCAC). A statistic the reference leaves undefined
(NaN, infinite, or an error) must be null, and the JSON must have exactly the contract's keys.
Exits 1 on any mismatch and prints one line per mismatch and a summary.

Install:  pip install -r Tests/Reference/requirements.txt && pip install --no-deps irrCAC
Run:      python3 Tests/Reference/agreement_reference.py --binary .build/debug/scribegrade
"""

import argparse
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
import krippendorff
import pingouin
from scipy import stats
from sklearn.metrics import accuracy_score, cohen_kappa_score, confusion_matrix, f1_score
from statsmodels.stats.inter_rater import fleiss_kappa

try:
    from irrCAC.raw import CAC
except Exception:  # irrCAC is optional: its pins conflict with current pandas
    CAC = None

TOLERANCE = 1e-9
IRRCAC_TOLERANCE = 1e-5
TOP_KEYS = {"scale", "units", "raters", "overall", "pairs", "icc2_1"}
OVERALL_KEYS = {"percent_agreement", "krippendorff_alpha", "fleiss_kappa", "gwet_ac1"}
PAIR_KEYS = {
    "a", "b", "n", "percent_agreement", "cohen_kappa", "gwet_ac1", "macro_f1",
    "quadratic_weighted_kappa", "pearson", "spearman", "kendall_tau_b", "confusion",
}


class Case:
    """One rating table: rows of (unit, rater, value text) in file order."""

    def __init__(self, name, scale, rows):
        self.name = name
        self.scale = scale
        self.rows = rows
        self.units = list(dict.fromkeys(u for u, _, _ in rows))
        self.raters = list(dict.fromkeys(r for _, r, _ in rows))
        self.ratings = {}  # (unit, rater) -> value (str on nominal, float otherwise)
        for unit, rater, text in rows:
            self.ratings[(unit, rater)] = text if scale == "nominal" else float(text)
        values = set(self.ratings.values())
        self.labels = sorted(values)  # Python sorts str by code point, floats numerically

    def column(self, rater):
        return [self.ratings.get((unit, rater)) for unit in self.units]

    def paired(self, a, b):
        xs, ys = [], []
        for unit in self.units:
            if (unit, a) in self.ratings and (unit, b) in self.ratings:
                xs.append(self.ratings[(unit, a)])
                ys.append(self.ratings[(unit, b)])
        return xs, ys

    def unit_values(self, unit):
        return [self.ratings[(unit, r)] for r in self.raters if (unit, r) in self.ratings]

    def write(self, path):
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["unit", "rater", "value"])
            writer.writerows(self.rows)


# ----------------------------------------------------------------------------------------------
# Gwet's formulas, written from the handbook (4th ed., ch. 2 for two raters, ch. 5 for many
# raters with missing ratings), independently of the Swift code.


def gwet_percent_agreement(case):
    """pa = mean over units rated >= 2 times of sum_k r_ik (r_ik - 1) / (r_i (r_i - 1))."""
    terms = []
    for unit in case.units:
        values = case.unit_values(unit)
        r = len(values)
        if r < 2:
            continue
        terms.append(sum(values.count(k) * (values.count(k) - 1) for k in set(values)) / (r * (r - 1)))
    return sum(terms) / len(terms) if terms else None


def gwet_ac1_many(case):
    q = len(case.labels)
    pa = gwet_percent_agreement(case)
    if pa is None or q < 2:
        return None
    n = len(case.units)
    pi = {k: 0.0 for k in case.labels}
    for unit in case.units:
        values = case.unit_values(unit)
        for k in case.labels:
            pi[k] += values.count(k) / len(values) / n
    pe = sum(p * (1 - p) for p in pi.values()) / (q - 1)
    return (pa - pe) / (1 - pe)


def gwet_ac1_two(xs, ys, labels):
    n, q = len(xs), len(labels)
    if n == 0 or q < 2:
        return None
    pa = sum(1 for x, y in zip(xs, ys) if x == y) / n
    pe = 0.0
    for k in labels:
        pi = (xs.count(k) / n + ys.count(k) / n) / 2
        pe += pi * (1 - pi)
    pe /= q - 1
    return (pa - pe) / (1 - pe)


def icc21_formula(wide):
    """ICC(2,1) from the two-way ANOVA (Shrout & Fleiss 1979), for tables pingouin refuses."""
    x = np.asarray(wide, dtype=float)
    n, k = x.shape
    grand = x.mean()
    msr = k * ((x.mean(axis=1) - grand) ** 2).sum() / (n - 1)
    msc = n * ((x.mean(axis=0) - grand) ** 2).sum() / (k - 1)
    residual = x - x.mean(axis=1, keepdims=True) - x.mean(axis=0, keepdims=True) + grand
    mse = (residual ** 2).sum() / ((n - 1) * (k - 1))
    return (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)


# ----------------------------------------------------------------------------------------------
# References for one case: a dict shaped like the JSON contract, None where undefined, plus
# the irrCAC values (key -> value) checked at 1e-5.


def defined(value):
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def quiet(function, *args, **kwargs):
    """The reference's value, or None if it raises or warns its way to NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return defined(function(*args, **kwargs))
        except (ValueError, ZeroDivisionError, FloatingPointError, AssertionError):
            return None


def reference(case):
    scale, labels = case.scale, case.labels
    numeric = scale != "nominal"
    index = {label: i for i, label in enumerate(labels)}
    overall = {"percent_agreement": gwet_percent_agreement(case), "gwet_ac1": gwet_ac1_many(case)}

    data = np.array(
        [[np.nan if v is None else (v if numeric else index[v]) for v in case.column(r)] for r in case.raters],
        dtype=float,
    )
    overall["krippendorff_alpha"] = quiet(krippendorff.alpha, reliability_data=data, level_of_measurement=scale)

    counts = [len(case.unit_values(u)) for u in case.units]
    overall["fleiss_kappa"] = None
    if scale == "nominal" and len(set(counts)) == 1:
        table = np.array([[case.unit_values(u).count(k) for k in labels] for u in case.units])
        overall["fleiss_kappa"] = quiet(fleiss_kappa, table, method="fleiss")

    icc = None
    complete = all(c == len(case.raters) for c in counts)
    if scale == "interval" and complete and len(case.raters) >= 2:
        long = pd.DataFrame(
            [(u, r, case.ratings[(u, r)]) for u in case.units for r in case.raters], columns=["t", "r", "v"]
        )

        def icc2():
            result = pingouin.intraclass_corr(long, targets="t", raters="r", ratings="v")
            return result.set_index("Type").at["ICC(A,1)", "ICC"]

        if long["v"].nunique() == 1:
            # Every value equal: ICC is 0/0. pingouin's sums of squares are then rounding noise
            # (0.1 x 18 gives 0.5454...), so the reference is "undefined", not its output.
            icc = None
        elif long.shape[0] >= 5:
            icc = quiet(icc2)
        else:  # pingouin needs at least 5 values; Shrout & Fleiss's formula written out
            icc = quiet(icc21_formula, long.pivot(index="t", columns="r", values="v"))

    pairs = []
    extra = {}
    for i, a in enumerate(case.raters):
        for b in case.raters[i + 1:]:
            xs, ys = case.paired(a, b)
            n = len(xs)
            # scikit-learn's classification metrics refuse non-integral numbers ("continuous"):
            # give them each value's position among the sorted labels, its category.
            cx, cy, codes = [index[v] for v in xs], [index[v] for v in ys], list(range(len(labels)))
            pair = {"a": a, "b": b, "n": n}
            pair["percent_agreement"] = defined(accuracy_score(cx, cy)) if n else None
            pair["cohen_kappa"] = quiet(cohen_kappa_score, cx, cy, labels=codes) if n else None
            pair["gwet_ac1"] = gwet_ac1_two(xs, ys, labels)
            pair["macro_f1"] = None
            if len(labels) == 2 and n:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    per_class = f1_score(cy, cx, labels=codes, average=None, zero_division=np.nan)
                    if not np.isnan(per_class).any():
                        pair["macro_f1"] = defined(f1_score(cy, cx, labels=codes, average="macro"))
            pair["quadratic_weighted_kappa"] = None
            if scale == "ordinal" and n:
                pair["quadratic_weighted_kappa"] = quiet(
                    cohen_kappa_score, cx, cy, labels=codes, weights="quadratic"
                )
            for key in ("pearson", "spearman", "kendall_tau_b"):
                pair[key] = None
            if numeric and n >= 2:
                pair["pearson"] = quiet(lambda: stats.pearsonr(xs, ys).statistic)
                pair["spearman"] = quiet(lambda: stats.spearmanr(xs, ys).statistic)
                pair["kendall_tau_b"] = quiet(lambda: stats.kendalltau(xs, ys, variant="b").statistic)
            if n:
                matrix = confusion_matrix(cx, cy, labels=codes).tolist()
            else:
                matrix = [[0] * len(labels) for _ in labels]
            pair["confusion"] = {"labels": labels, "matrix": matrix}
            pairs.append(pair)
            if CAC is not None and n and len(labels) >= 2:
                frame = pd.DataFrame({"a": xs, "b": ys}, dtype=object)
                extra[f"pairs[{a},{b}].gwet_ac1"] = irrcac_ac1(frame, labels)

    if CAC is not None and len(labels) >= 2:  # with one category irrCAC sets pe = 1 - 1e-15
        frame = pd.DataFrame({r: case.column(r) for r in case.raters}, dtype=object)
        extra["overall.gwet_ac1"] = irrcac_ac1(frame, labels)
        extra["overall.percent_agreement"] = irrcac_pa(frame, labels)

    expected = {
        "scale": scale,
        "units": len(case.units),
        "raters": case.raters,
        "overall": overall,
        "pairs": pairs,
        "icc2_1": icc,
    }
    return expected, extra


def irrcac_result(frame, labels):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return CAC(frame.replace({None: np.nan}), categories=labels).gwet()["est"]
        except Exception:
            return None


def irrcac_ac1(frame, labels):
    result = irrcac_result(frame, labels)
    return defined(result["coefficient_value"]) if result else None


def irrcac_pa(frame, labels):
    result = irrcac_result(frame, labels)
    return defined(result["pa"]) if result else None


# ----------------------------------------------------------------------------------------------
# Comparison

TALLY = {"values": 0, "nulls": 0, "irrcac": 0, "largest": 0.0}


def compare(case, actual, expected, extra, problems):
    def fail(path, message):
        problems.append(f"{case.name}: {path}: {message}")

    def number(path, got, want, tolerance=TOLERANCE):
        kind = "irrcac" if tolerance != TOLERANCE else "values"
        if want is None:
            TALLY["nulls"] += 1
            if got is not None:
                fail(path, f"expected null (undefined), got {got!r}")
            return
        TALLY[kind] += 1
        if got is None or isinstance(got, bool) or not isinstance(got, (int, float)):
            fail(path, f"expected {want!r}, got {got!r}")
            return
        if kind == "values":
            TALLY["largest"] = max(TALLY["largest"], abs(got - want))
        if not abs(got - want) <= tolerance:
            fail(path, f"expected {want!r}, got {got!r} (difference {abs(got - want):.3g})")

    # On an interval scale a bootstrap interval ("overall_ci95", each pair's "ci95") is added
    # where one can be computed.
    optional = {"overall_ci95"} if case.scale == "interval" else set()
    if not TOP_KEYS <= set(actual) <= TOP_KEYS | optional:
        fail("keys", f"top-level keys {sorted(actual)} != {sorted(TOP_KEYS)} (+ {sorted(optional)})")
        return
    if set(actual["overall"]) != OVERALL_KEYS:
        fail("overall", f"keys {sorted(actual['overall'])} != {sorted(OVERALL_KEYS)}")
    for key in ("scale", "units", "raters"):
        if actual[key] != expected[key]:
            fail(key, f"expected {expected[key]!r}, got {actual[key]!r}")
    for key in OVERALL_KEYS:
        number(f"overall.{key}", actual["overall"].get(key), expected["overall"][key])
    number("icc2_1", actual["icc2_1"], expected["icc2_1"])
    if len(actual["pairs"]) != len(expected["pairs"]):
        fail("pairs", f"expected {len(expected['pairs'])} pairs, got {len(actual['pairs'])}")
        return
    for got, want in zip(actual["pairs"], expected["pairs"]):
        where = f"pairs[{want['a']},{want['b']}]"
        # On an interval scale values are numbers, not labels: each pair carries its bootstrap
        # interval ("ci95") and no confusion matrix.
        optional = {"ci95"} if case.scale == "interval" else set()
        if not PAIR_KEYS <= set(got) <= PAIR_KEYS | optional:
            fail(where, f"keys {sorted(got)} != {sorted(PAIR_KEYS)} (+ {sorted(optional)})")
            continue
        for key in ("a", "b", "n"):
            if got[key] != want[key]:
                fail(f"{where}.{key}", f"expected {want[key]!r}, got {got[key]!r}")
        for key in PAIR_KEYS - {"a", "b", "n", "confusion"}:
            number(f"{where}.{key}", got[key], want[key])
        if case.scale == "interval":
            if got["confusion"] is not None:
                fail(f"{where}.confusion", "an interval scale has no confusion matrix")
        elif set(got["confusion"]) != {"labels", "matrix"}:
            fail(f"{where}.confusion", f"keys {sorted(got['confusion'])}")
        elif got["confusion"] != want["confusion"]:
            fail(f"{where}.confusion", f"expected {want['confusion']!r}, got {got['confusion']!r}")
    for path, want in extra.items():
        if want is None:
            continue  # irrCAC could not compute it; the 1e-9 checks above still hold
        section, _, key = path.rpartition(".")
        if section == "overall":
            got = actual["overall"][key]
        else:
            got = next(
                (p[key] for p in actual["pairs"] if f"pairs[{p['a']},{p['b']}]" == section), None
            )
        number(f"{path} (irrCAC)", got, want, IRRCAC_TOLERANCE)


# ----------------------------------------------------------------------------------------------
# Generated tables


NOMINAL_LABEL_SETS = [
    ["met", "not_met"],
    ["yes", "no", "unsure"],
    ["A", "B", "C", "D", "E"],
    ["1", "2", "10"],  # numbers as labels sort by code point: "1" < "10" < "2"
    ["é", "e", "f"],
]


def draw_value(rng, scale, labels, weights):
    return rng.choices(labels, weights=weights)[0]


def format_number(rng, value):
    if float(value).is_integer() and rng.random() < 0.3:
        return f"{value:.1f}"  # "3.0" and "3" must be one value
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def random_case(rng, index):
    scale = rng.choice(["nominal", "ordinal", "interval"])
    raters = [f"r{i}" for i in rng.sample(range(1, 60), rng.randint(2, 6))]
    units = [f"u{i}" for i in range(rng.randint(2, 60))]
    if scale == "nominal":
        labels = rng.choice(NOMINAL_LABEL_SETS)
    elif scale == "ordinal":
        low = rng.randint(-2, 1)
        labels = list(range(low, low + rng.randint(2, 7)))
    else:
        if rng.random() < 0.5:
            labels = [round(rng.uniform(0, 10), 2) for _ in range(rng.randint(2, 40))]
        else:
            offset = rng.choice([0, 1000.0, 1e6])
            labels = [offset + rng.randint(0, 20) / 4 for _ in range(8)]
        labels = sorted(set(labels)) if len(set(labels)) > 1 else labels + [labels[0] + 1]
    prevalence = rng.choice(["balanced", "skewed", "extreme"])
    if prevalence == "balanced":
        weights = [1] * len(labels)
    elif prevalence == "skewed":
        weights = [9] + [1] * (len(labels) - 1)
    else:
        weights = [99] + [1] * (len(labels) - 1)
    rng.shuffle(weights)
    missing = rng.choice([0.0, 0.0, 0.2, 0.5])
    agreement = rng.random()  # how often a rater copies the unit's "true" value
    rows = []
    for unit in units:
        truth = draw_value(rng, scale, labels, weights)
        for rater in raters:
            if rng.random() < missing:
                continue
            value = truth if rng.random() < agreement else draw_value(rng, scale, labels, weights)
            text = value if scale == "nominal" else format_number(rng, value)
            rows.append((unit, rater, text))
    if not rows:
        rows.append((units[0], raters[0], labels[0] if scale == "nominal" else str(labels[0])))
    rng.shuffle(rows)
    return Case(f"random-{index}-{scale}-{len(raters)}raters-{prevalence}-missing{missing}", scale, rows)


def degenerate_cases():
    def table(name, scale, grid):
        rows = []
        for u, values in enumerate(grid):
            for r, value in enumerate(values):
                if value is not None:
                    rows.append((f"u{u}", f"r{r}", str(value)))
        return Case(name, scale, rows)

    cases = []
    for scale, one, other in [("nominal", "met", "not_met"), ("ordinal", 3, 4), ("interval", 0.1, 0.7)]:
        cases += [
            table(f"degenerate-{scale}-one-label", scale, [[one, one, one]] * 6),
            table(f"degenerate-{scale}-one-unit", scale, [[one, other, one]]),
            table(f"degenerate-{scale}-each-rater-constant", scale, [[one, other]] * 5),
            table(f"degenerate-{scale}-no-overlap", scale, [[one, None], [other, None], [None, one], [None, other]]),
            table(f"degenerate-{scale}-no-unit-rated-twice", scale, [[one, None], [None, other], [other, None]]),
            table(f"degenerate-{scale}-one-rater", scale, [[one], [other], [one]]),
            table(f"degenerate-{scale}-rater-constant", scale, [[one, one], [one, other], [one, one], [one, other]]),
            table(f"degenerate-{scale}-perfect", scale, [[one, one], [other, other], [one, one]]),
            table(f"degenerate-{scale}-unequal-counts", scale, [[one, one, None], [other, other, other], [one, other, one]]),
            table(f"degenerate-{scale}-two-units-crossed", scale, [[one, other], [other, one]]),
        ]
    cases.append(table("degenerate-nominal-dominant", "nominal", [["met", "met"]] * 19 + [["met", "not_met"]]))
    cases.append(table("degenerate-nominal-one-class-unused", "nominal", [["a", "a"], ["a", "a"], ["b", None]]))
    return cases


def run(binary, case, directory):
    path = os.path.join(directory, "ratings.csv")
    case.write(path)
    result = subprocess.run(
        [binary, "agreement", path, "--scale", case.scale, "--format", "json"], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"exit {result.returncode}: {result.stderr.strip()}")
    return json.loads(result.stdout)


def main():
    warnings.simplefilter("ignore")  # the references warn on every degenerate table
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/debug/scribegrade", help="the built scribegrade")
    parser.add_argument("--cases", type=int, default=300, help="random tables to generate")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--keep", help="write each case's CSV into this directory")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    cases = degenerate_cases() + [random_case(rng, i) for i in range(args.cases)]
    problems = []
    checked = 0
    with tempfile.TemporaryDirectory() as directory:
        for case in cases:
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                case.write(os.path.join(args.keep, case.name + ".csv"))
            try:
                actual = run(args.binary, case, directory)
            except Exception as error:  # a crash or bad exit is a failure, not a skip
                problems.append(f"{case.name}: scribegrade failed: {error}")
                continue
            expected, extra = reference(case)
            before = len(problems)
            compare(case, actual, expected, extra, problems)
            checked += 1 if len(problems) == before else 0

    for problem in problems:
        print("MISMATCH", problem)
    failed = len(cases) - checked
    irrcac = "with irrCAC at 1e-5" if CAC is not None else "irrCAC not installed: its 1e-5 checks skipped"
    print(f"agreement reference: {len(cases)} tables ({args.cases} random, {len(cases) - args.cases} degenerate), "
          f"every statistic at {TOLERANCE:g}, {irrcac}")
    print(f"compared {TALLY['values']} values (largest difference {TALLY['largest']:.3g}), "
          f"{TALLY['nulls']} undefined statistics that must be null, {TALLY['irrcac']} values against irrCAC")
    print(f"agreement-reference: {checked} passed, {failed} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
