#!/usr/bin/python3
"""Fixtures for SinkhornPotTest: POT's log-domain Sinkhorn (ot.sinkhorn(..., method='sinkhorn_log'))
on a few fixed problems. Run ONCE with Debian's python3-pot (/usr/bin/python3 make_fixtures.py, from
this directory); the .npy inputs and outputs are committed next to this script.

POT's iteration is the one of SPEC §2a (v first, then u, from zeros); its potentials are
f = reg·log_u, g = reg·log_v. Each problem is run to a tight tolerance so both solvers sit at the
same fixed point, which is unique up to (f + c, g − c).
"""
import numpy as np
import ot

print("POT", ot.__version__, "numpy", np.__version__)


def solve(name, a, b, M, reg):
    P, log = ot.sinkhorn(a, b, M, reg, method="sinkhorn_log", numItermax=200000, stopThr=1e-15,
                         log=True, warn=True)
    f = reg * log["log_u"]
    g = reg * log["log_v"]
    np.save(f"{name}_a.npy", a)
    np.save(f"{name}_b.npy", b)
    np.save(f"{name}_M.npy", M)
    np.save(f"{name}_reg.npy", np.array(reg))
    np.save(f"{name}_f.npy", f)
    np.save(f"{name}_g.npy", g)
    np.save(f"{name}_plan.npy", P)
    np.save(f"{name}_cost.npy", np.array(np.sum(P * M)))
    print(name, M.shape, "reg", reg, "iterations", log["niter"], "err", log["err"][-1],
          "cost", np.sum(P * M))


rng = np.random.default_rng(20261122)

# 1. a small dense random cost, non-uniform weights
n, m = 7, 5
a = rng.uniform(0.5, 1.5, n); a /= a.sum()
b = rng.uniform(0.5, 1.5, m); b /= b.sum()
solve("dense7x5", a, b, rng.uniform(0, 1, (n, m)), 0.1)

# 2. points in the plane, squared-Euclidean cost (no 1/2), uniform weights; x and y are saved too
x = rng.normal(size=(30, 2))
y = rng.normal(size=(20, 2)) + np.array([1.0, 0.5])
np.save("points30x20_x.npy", x)
np.save("points30x20_y.npy", y)
M = ot.dist(x, y, metric="sqeuclidean")
solve("points30x20", ot.unif(30), ot.unif(20), M, 0.5)

# 3. a larger cost normalised by its max, small reg
x = rng.uniform(size=(60, 3))
y = rng.uniform(size=(40, 3)) ** 2
M = ot.dist(x, y, metric="sqeuclidean")
M /= M.max()
solve("dense60x40", ot.unif(60), ot.unif(40), M, 0.01)
