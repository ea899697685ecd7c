"""Writes the scikit-learn SAGA fixtures read by SklearnSagaFixturesTest.

Run once, with Debian's python3-sklearn (these were made with scikit-learn 1.2.1, NumPy 1.24.2):
    /usr/bin/python3 make_fixtures.py
from this directory. Everything the Java test needs is written here, data included, so that both
sides see the same bits.

Conventions (deliberately matched by the Java side):
- Data: the breast-cancer CSV shipped in panopt-algorithms, columns standardised with the population
  standard deviation (StandardScaler's rule); labels 0/1 (sklearn maps them to -1/+1 internally).
- fit_intercept=False: the Java linear models have no intercept.
- Objective: sklearn's SAGA minimises (1/n) sum_i loss_i(w) + alpha/(2n) ||w||^2 + beta/n ||w||_1
  with alpha = (1/C)(1 - l1_ratio), beta = (1/C) l1_ratio (LogisticRegression) or alpha = Ridge's
  alpha, beta = 0 (Ridge, squared loss 1/2 (x.w - y)^2). The Java models take l2 = alpha/n and the
  prox weight l1 = beta/n, written to params_<case>.npy as [l2, l1].
- Iterates: sklearn's SAGA draws samples with its own generator and averages over the samples seen
  so far during the first epoch, so its path cannot be replayed step by step; the fixtures are its
  converged solutions at tol=1e-14, and the script checks each one against the optimality condition
  of the objective above before writing it.
"""
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, Ridge

HERE = Path(__file__).resolve().parent
CSV = HERE.parents[3] / "src/main/resources/org/panopt/algorithms/data/breast_cancer.csv"
TOL = 1e-14

raw = np.loadtxt(CSV, delimiter=",", skiprows=1)
X = raw[:, :-1]
y = raw[:, -1]
X = (X - X.mean(axis=0)) / X.std(axis=0)
n, d = X.shape
np.save(HERE / "bc_x.npy", X)
np.save(HERE / "bc_y.npy", y)

rng = np.random.RandomState(20240601)
w_true = rng.randn(d)
target = X @ w_true + 0.1 * rng.randn(n)
np.save(HERE / "ridge_target.npy", target)


def subgradient_gap(grad_smooth, w, l1):
    """Distance of 0 from grad_smooth + l1 * subdifferential(||.||_1) at w (inf-norm)."""
    gap = np.where(w != 0, np.abs(grad_smooth + l1 * np.sign(w)), np.maximum(np.abs(grad_smooth) - l1, 0))
    return np.max(gap)


def logistic_case(name, penalty, C, l1_ratio=None):
    kw = dict(l1_ratio=l1_ratio) if l1_ratio is not None else {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        m = LogisticRegression(solver="saga", penalty=penalty, C=C, fit_intercept=False,
                               tol=TOL, max_iter=1_000_000, **kw).fit(X, y)
    w = m.coef_.ravel()
    rho = {"l2": 0.0, "l1": 1.0}.get(penalty, l1_ratio)
    l2, l1 = (1 - rho) / C / n, rho / C / n
    s = 2 * y - 1
    grad = -(X.T @ (s / (1 + np.exp(s * (X @ w))))) / n + l2 * w
    gap = subgradient_gap(grad, w, l1)
    assert gap < 1e-9, (name, gap)
    np.save(HERE / f"w_{name}.npy", w)
    np.save(HERE / f"params_{name}.npy", np.array([l2, l1]))
    print(f"{name}: {m.n_iter_[0]} epochs, optimality gap {gap:.2e}, nnz {np.count_nonzero(w)}")


logistic_case("logistic_l2", "l2", C=1.0)
logistic_case("logistic_enet", "elasticnet", C=0.1, l1_ratio=0.5)
logistic_case("logistic_l1", "l1", C=0.1)

alpha = 10.0
with warnings.catch_warnings():
    warnings.simplefilter("error", ConvergenceWarning)
    r = Ridge(alpha=alpha, solver="saga", fit_intercept=False, tol=TOL, max_iter=1_000_000).fit(X, target)
w = r.coef_.ravel()
grad = X.T @ (X @ w - target) / n + alpha / n * w
assert np.max(np.abs(grad)) < 1e-9, np.max(np.abs(grad))
np.save(HERE / "w_ridge.npy", w)
np.save(HERE / "params_ridge.npy", np.array([alpha / n, 0.0]))
print(f"ridge: {r.n_iter_[0]} epochs, optimality gap {np.max(np.abs(grad)):.2e}")
