#!/usr/bin/env python3
"""The Python peer of Benchmarks/AgreementBenchmark: the same statistics with the reference
libraries, on the same data and the same bootstrap draws, timed.

Reads what `AgreementBenchmark --out DIR` wrote (ratings.csv, draws.txt, swift-results.json),
computes every statistic and its 95% percentile interval over the draws with scikit-learn,
scipy, krippendorff, statsmodels, pingouin and Gwet's formulas (numpy), prints the time, and
the largest difference from the Swift results (estimates and interval ends).

  python3 Benchmarks/agreement_peer.py /tmp/agreement-bench [--resamples N]
"""

import argparse
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import krippendorff
import pingouin
from scipy import stats
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score
from statsmodels.stats.inter_rater import fleiss_kappa

warnings.simplefilter("ignore")


def label_counts(labels, categories):
    """units x categories: how many raters gave each unit each category."""
    return np.stack([(labels == c).sum(axis=1) for c in categories], axis=1)


def gwet_percent_agreement(counts):
    r = counts.sum(axis=1)
    return float(np.mean((counts * (counts - 1)).sum(axis=1) / (r * (r - 1))))


def gwet_ac1_many(counts):
    q = counts.shape[1]
    pa = gwet_percent_agreement(counts)
    pi = (counts / counts.sum(axis=1, keepdims=True)).mean(axis=0)
    pe = float((pi * (1 - pi)).sum() / (q - 1))
    return (pa - pe) / (1 - pe)


def gwet_ac1_two(x, y, categories):
    q = len(categories)
    pa = float(np.mean(x == y))
    pe = 0.0
    for c in categories:
        pi = (np.mean(x == c) + np.mean(y == c)) / 2
        pe += pi * (1 - pi)
    pe /= q - 1
    return (pa - pe) / (1 - pe)


def icc2(scores):
    n, k = scores.shape
    long = pd.DataFrame({
        "t": np.repeat(np.arange(n), k),
        "r": np.tile(np.arange(k), n),
        "v": scores.reshape(-1).astype(float),
    })
    result = pingouin.intraclass_corr(long, targets="t", raters="r", ratings="v")
    return float(result.set_index("Type").at["ICC(A,1)", "ICC"])


def statistics(scores):
    """Every statistic of AgreementBenchmark, by the same names."""
    verdicts = (scores < 4).astype(int)  # 0 = met (4 or 5), 1 = not_met: sorted as the labels
    binary_counts = label_counts(verdicts, [0, 1])
    values = {
        "percent_agreement": gwet_percent_agreement(binary_counts),
        "fleiss_kappa": float(fleiss_kappa(binary_counts, method="fleiss")),
        "krippendorff_alpha_nominal": float(krippendorff.alpha(
            reliability_data=verdicts.T.astype(float), level_of_measurement="nominal")),
        "gwet_ac1": gwet_ac1_many(binary_counts),
        "krippendorff_alpha_ordinal": float(krippendorff.alpha(
            reliability_data=scores.T.astype(float), value_domain=[1, 2, 3, 4, 5], level_of_measurement="ordinal")),
        "krippendorff_alpha_interval": float(krippendorff.alpha(
            reliability_data=scores.T.astype(float), level_of_measurement="interval")),
        "icc2_1": icc2(scores),
    }
    raters = scores.shape[1]
    for a in range(raters):
        for b in range(a + 1, raters):
            name = f"r{a}-r{b}"
            x, y = verdicts[:, a], verdicts[:, b]
            sx, sy = scores[:, a], scores[:, b]
            values[f"{name}.percent_agreement"] = float(accuracy_score(x, y))
            values[f"{name}.cohen_kappa"] = float(cohen_kappa_score(x, y, labels=[0, 1]))
            values[f"{name}.gwet_ac1"] = gwet_ac1_two(x, y, [0, 1])
            values[f"{name}.macro_f1"] = float(f1_score(y, x, labels=[0, 1], average="macro"))
            values[f"{name}.quadratic_weighted_kappa"] = float(
                cohen_kappa_score(sx, sy, labels=[1, 2, 3, 4, 5], weights="quadratic"))
            values[f"{name}.pearson"] = float(stats.pearsonr(sx, sy).statistic)
            values[f"{name}.spearman"] = float(stats.spearmanr(sx, sy).statistic)
            values[f"{name}.kendall_tau_b"] = float(stats.kendalltau(sx, sy).statistic)
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", help="what AgreementBenchmark --out wrote")
    parser.add_argument("--resamples", type=int, help="use only the first N draws (default: all)")
    args = parser.parse_args()

    frame = pd.read_csv(f"{args.directory}/ratings.csv")
    units = pd.unique(frame["unit"])
    raters = pd.unique(frame["rater"])
    wide = frame.pivot(index="unit", columns="rater", values="value").loc[units, raters]
    scores = wide.to_numpy()
    cluster_of_unit = frame.drop_duplicates("unit").set_index("unit").loc[units, "cluster"]
    cluster_names = pd.unique(cluster_of_unit)
    members = [np.flatnonzero(cluster_of_unit.to_numpy() == c) for c in cluster_names]
    with open(f"{args.directory}/draws.txt") as handle:
        draws = [[int(v) for v in line.split()] for line in handle if line.strip()]
    if args.resamples:
        draws = draws[: args.resamples]

    start = time.perf_counter()
    cpu_start = time.process_time()
    estimates = statistics(scores)
    samples = {name: [] for name in estimates}
    for counts in draws:
        index = np.concatenate([np.tile(members[c], times) for c, times in enumerate(counts) if times])
        for name, value in statistics(scores[index]).items():
            if np.isfinite(value):
                samples[name].append(value)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    intervals = {name: np.percentile(values, [2.5, 97.5]).tolist() for name, values in samples.items()}

    print(f"agreement peer (Python references): {scores.size} ratings ({scores.shape[0]} units x "
          f"{scores.shape[1]} raters, {len(members)} clusters), {len(estimates)} statistics")
    print(f"  {len(draws)} cluster-bootstrap resamples and point estimates: {elapsed:8.3f} s ({cpu:.3f} s CPU)")

    try:
        with open(f"{args.directory}/swift-results.json") as handle:
            swift = json.load(handle)["statistics"]
    except FileNotFoundError:
        return 0
    worst_estimate = max(abs(swift[n]["estimate"] - v) for n, v in estimates.items())
    print(f"  largest difference from Swift, estimates: {worst_estimate:.3g}")
    if args.resamples is None:
        worst_interval = max(
            abs(a - b) for n, ci in intervals.items() for a, b in zip(swift[n]["ci95"], ci))
        print(f"  largest difference from Swift, 95% interval ends: {worst_interval:.3g}")
        return 0 if worst_estimate <= 1e-9 and worst_interval <= 1e-9 else 1
    return 0 if worst_estimate <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
