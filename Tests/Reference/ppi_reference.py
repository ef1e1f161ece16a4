#!/usr/bin/env python3
"""Checks ScribeGrade's prediction-powered means against ppi-python (ppi_py 0.2.3).

Generates i.i.d. data sets (seeds 0-2; n expert-labeled items in {10, 50, 200}; N unlabeled
judge scores in {100, 1000, 10000}; binary and continuous expert scores; sample weights on and
off; lambda tuned and fixed at 0, 0.5 and 1), runs `CorrectionTool reference FILE.json` on them
and compares, at an absolute tolerance of 1e-9:

  power-tuning lambda   ppi_py.ppi._calc_lam_glm, clipped, with the gradients ppi_mean_ci uses
  point estimate        ppi_py.ppi_mean_pointestimate
  95% interval          ppi_py.ppi_mean_ci(alpha=0.05)
  experts-only mean     ppi_py.classical_mean_ci(alpha=0.05) and the (weighted) mean of Y
  effective items       n * var(classical) / var(PPI++), from the two intervals' half-widths

Bootstrap intervals are not compared here: they are checked by coverage (the simulation in
Benchmarks/Correction and its Swift test). Prints one line per mismatch, the largest difference
seen, and `N passed, 0 failed`; exits 1 on any mismatch.

Install:  pip install -r Tests/Reference/requirements.txt  (ppi-python pulls in numba, pandas,
          statsmodels and scikit-learn, which import cleanly here; nothing needs --no-deps)
Run:      python3 Tests/Reference/ppi_reference.py --binary .build/debug/CorrectionTool
"""

import argparse
import sys

import numpy as np
from ppi_py import classical_mean_ci, ppi_mean_ci, ppi_mean_pointestimate
from ppi_py.ppi import _calc_lam_glm

from correction_tool import flatten, run_cases

TOLERANCE = 1e-9
ALPHA = 0.05


def generate():
    """Yields one case dict per combination; lambda None means tuned."""
    for seed in range(3):
        for n in (10, 50, 200):
            for big_n in (100, 1000, 10000):
                for kind in ("binary", "continuous"):
                    for weighted in (False, True):
                        for lam in (None, 0.0, 0.5, 1.0):
                            if lam is not None and (seed, big_n) != (0, 1000) and lam != 0.5:
                                continue  # fixed 0 and 1 on a subset: enough to pin the formulas
                            rng = np.random.default_rng([seed, n, big_n, weighted, kind == "binary", int(10 * (lam if lam is not None else -1) + 10)])
                            yield case(rng, seed, n, big_n, kind, weighted, lam)


def case(rng, seed, n, big_n, kind, weighted, lam):
    total = n + big_n
    if kind == "binary":
        truth = rng.binomial(1, 0.35, size=total).astype(float)
        # A judge's probability of "met": informative but noisy and biased upwards.
        judge = 1 / (1 + np.exp(-(2.2 * truth - 0.8 + rng.normal(0, 1.1, size=total))))
    else:
        truth = rng.normal(0.6, 0.2, size=total)
        judge = 0.1 + 0.8 * truth + rng.normal(0, 0.12, size=total)
    entry = {
        "name": f"seed{seed}-n{n}-N{big_n}-{kind}-{'w' if weighted else 'u'}-lam{'tuned' if lam is None else lam}",
        "expert": truth[:n].tolist(),
        "judge": judge[:n].tolist(),
        "unlabeled_judge": judge[n:].tolist(),
        "alpha": ALPHA,
    }
    if weighted:
        entry["weights"] = rng.uniform(0.5, 2.0, size=n).tolist()
        entry["unlabeled_weights"] = rng.uniform(0.5, 2.0, size=big_n).tolist()
    if lam is not None:
        entry["lambda"] = lam
    return entry


def expected(entry):
    y = np.array(entry["expert"])
    yhat = np.array(entry["judge"])
    yhat_u = np.array(entry["unlabeled_judge"])
    w = np.array(entry["weights"]) if "weights" in entry else None
    w_u = np.array(entry["unlabeled_weights"]) if "unlabeled_weights" in entry else None
    lam = entry.get("lambda")
    n, big_n = len(y), len(yhat_u)
    if lam is None:
        # The lambda ppi_mean_ci tunes: gradients at the lambda = 1 estimate, clipped to [0, 1].
        wn = np.ones(n) if w is None else w / w.sum() * n
        wun = np.ones(big_n) if w_u is None else w_u / w_u.sum() * big_n
        theta = ppi_mean_pointestimate(y, yhat, yhat_u, lam=1, w=w, w_unlabeled=w_u)
        lam_value = float(_calc_lam_glm(
            (wn * (y - theta)).reshape(-1, 1), (wn * (yhat - theta)).reshape(-1, 1),
            (wun * (yhat_u - theta)).reshape(-1, 1), np.eye(1), coord=None, clip=True))
    else:
        lam_value = lam
    point = float(np.asarray(ppi_mean_pointestimate(y, yhat, yhat_u, lam=lam, w=w, w_unlabeled=w_u)).ravel()[0])
    lo, hi = ppi_mean_ci(y, yhat, yhat_u, alpha=ALPHA, lam=lam, w=w, w_unlabeled=w_u)
    c_lo, c_hi = classical_mean_ci(y, w=w, alpha=ALPHA)
    c_mean = y.mean() if w is None else (w / w.sum() * n * y).mean()
    lo, hi = float(np.ravel(lo)[0]), float(np.ravel(hi)[0])
    c_lo, c_hi = float(np.ravel(c_lo)[0]), float(np.ravel(c_hi)[0])
    half, c_half = (hi - lo) / 2, (c_hi - c_lo) / 2
    effective = n * c_half**2 / half**2 if half > 0 else None
    return {
        "lambda": lam_value,
        "point_estimate": point,
        "ci": [lo, hi],
        "classical": {"score": [float(c_mean)], "ci": [c_lo, c_hi]},
        "effective_items": effective,
    }




def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="path to the built CorrectionTool")
    args = parser.parse_args()

    cases = list(generate())
    outputs = run_cases(args.binary, "reference", cases)
    if outputs is None:
        print(f"0 passed, {len(cases)} failed")
        return 1
    actual = {item["name"]: item for item in outputs}

    passed = failed = 0
    largest = (0.0, "")
    for entry in cases:
        name = entry["name"]
        want = expected(entry)
        got = actual.get(name)
        problems = []
        if got is None:
            problems.append("missing from the output")
        else:
            for key, value in flatten("", want):
                have = dict(flatten("", got)).get(key)
                if value is None or have is None:
                    if value is not have:
                        problems.append(f"{key}: {have} != {value}")
                    continue
                difference = abs(have - value)
                if difference > largest[0]:
                    largest = (difference, f"{name} {key}")
                # Effective items scale with n: compare them relatively.
                limit = TOLERANCE * max(1.0, abs(value)) if key == ".effective_items" else TOLERANCE
                if not difference <= limit:
                    problems.append(f"{key}: {have!r} != {value!r} (difference {difference:.3g})")
        if problems:
            failed += 1
            for problem in problems:
                print(f"MISMATCH {name}{problem if problem.startswith('.') else ' ' + problem}")
        else:
            passed += 1
    print(f"largest absolute difference: {largest[0]:.3g} ({largest[1] or 'none'})")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
