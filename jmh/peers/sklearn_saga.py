"""scikit-learn's SAGA, time per epoch, as the peer of SagaEpochBenchmark (peers.sklearn.saga_epoch).

LogisticRegression(solver='saga', C=1, fit_intercept=False), one thread, on the same problems as
the Java benchmark: 'synthetic' (n = 10 000 standard normal rows of d = 100, labels from a random
linear model with logistic noise; numpy draws its own sample of that distribution) and
'breast_cancer' (the shipped CSV, columns standardised with the population standard deviation).

Time per epoch is the slope of fit time against max_iter (tol=0, so every fit runs exactly
max_iter epochs): fits of E1 and E2 epochs are timed alternately, and (t(E2) - t(E1)) / (E2 - E1)
removes the fixed cost of a fit (validation, copies, the step-size computation). The score is the
median over repeats, the error the half-width of a 99.9 % interval of the median (order statistics),
JMH's convention. Output: a JSON list on stdout (or to $PANOPT_PEER_OUT), progress on stderr.

    /usr/bin/python3 jmh/peers/sklearn_saga.py
"""
import json
import math
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

ROOT = Path(os.environ.get("PANOPT_ROOT", Path(__file__).resolve().parents[2]))
CSV = ROOT / "algorithms/src/main/resources/org/panopt/algorithms/data/breast_cancer.csv"
QUICK = os.environ.get("PANOPT_BENCH_MODE", "quick") == "quick"


def synthetic(n=10_000, d=100, seed=7):
    rng = np.random.RandomState(seed)
    w = rng.randn(d) / math.sqrt(d)
    x = rng.randn(n, d)
    u = rng.rand(n)
    y = (x @ w + np.log(u / (1 - u)) > 0).astype(float)
    return x, y


def breast_cancer():
    raw = np.loadtxt(CSV, delimiter=",", skiprows=1)
    x = raw[:, :-1]
    return (x - x.mean(axis=0)) / x.std(axis=0), raw[:, -1]


def fit_seconds(x, y, epochs):
    model = LogisticRegression(solver="saga", C=1.0, fit_intercept=False, tol=0.0, max_iter=epochs, random_state=0)
    t0 = time.perf_counter()
    model.fit(x, y)
    return time.perf_counter() - t0


def median_and_error(samples):
    s = sorted(samples)
    m = len(s)
    med = s[m // 2] if m % 2 else 0.5 * (s[m // 2 - 1] + s[m // 2])
    # Distribution-free interval for the median: order statistics at m/2 -/+ z*sqrt(m)/2, z = 3.29 (99.9 %).
    k = int(max(0, math.floor(m / 2 - 3.29 * math.sqrt(m) / 2)))
    lo, hi = s[k], s[min(m - 1, m - 1 - k)]
    return med, max(med - lo, hi - med)


def measure(name, x, y, e1, e2, repeats):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit_seconds(x, y, e1)  # warm-up (imports, caches)
        slopes = []
        for r in range(repeats):
            t1 = fit_seconds(x, y, e1)
            t2 = fit_seconds(x, y, e2)
            slopes.append((t2 - t1) / (e2 - e1) * 1e3)
            print(f"{name}: repeat {r + 1}/{repeats}: {slopes[-1]:.3f} ms/epoch", file=sys.stderr)
    med, err = median_and_error(slopes)
    return {
        "benchmark": "peers.sklearn.saga_epoch",
        "params": {"dataset": name},
        "primaryMetric": {"score": med, "scoreError": err, "scoreUnit": "ms/op"},
        "study": "SAGA logistic regression, time per epoch",
        "impl": "scikit-learn saga",
    }


def main():
    repeats = 7 if QUICK else 21
    results = [
        measure("synthetic", *synthetic(), 2, 12, repeats),
        measure("breast_cancer", *breast_cancer(), 20, 220, repeats),
    ]
    text = json.dumps(results, indent=2)
    out = os.environ.get("PANOPT_PEER_OUT")
    if out:
        Path(out).write_text(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
