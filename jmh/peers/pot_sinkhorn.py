#!/usr/bin/python3
"""External peer of org.panopt.jmh.sinkhorn.SinkhornBench: POT's log-domain Sinkhorn
(ot.sinkhorn(..., method='sinkhorn_log')) and kernel-domain Sinkhorn (method='sinkhorn') on the same
problems, numpy on ONE thread, written as JMH-shaped JSON so the two can be read side by side.

Run with Debian's python3-pot:
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \\
        /usr/bin/python3 jmh/peers/pot_sinkhorn.py [--n 1000,4000] [--out pot.json] [--quick]

Problems (identical to SinkhornProblem.java): x_ik = frac(sin(12.9898 (i+1) + 78.233 (k+1)) * 43758.5453),
y the same with rows n+1..2n, M = ||x - y||^2 / max, uniform weights, float64 and float32.

Measured:
  * peers.pot.<method>.iteration: time per iteration = time of numItermax = N iterations with
    stopThr = 0 (POT checks its error every 10 iterations, as SinkhornBench does), divided by N;
  * peers.pot.<method>.toThreshold: time until POT's own criterion (L2 norm of the column-marginal
    error) < 1e-6, capped at 2000 iterations (reported in params.iterations); n = 1000 only (at
    n = 4000 a run takes minutes). Our criterion is the L1 norm, which is stricter.
Each figure is the mean of `reps` runs; scoreError is their standard deviation.
"""
import argparse
import json
import os
import sys
import time
import warnings

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    if os.environ.get(var) != "1":
        sys.exit(f"set {var}=1 (one thread, like the single-thread figures it is compared with)")

import numpy as np
import ot

warnings.filterwarnings("ignore")


def points(n, d, first):
    i = np.arange(first + 1, first + n + 1, dtype=np.float64)[:, None]
    k = np.arange(1, d + 1, dtype=np.float64)[None, :]
    s = np.sin(12.9898 * i + 78.233 * k) * 43758.5453
    return s - np.floor(s)


def problem(n, d, dtype):
    x = points(n, d, 0)
    y = points(n, d, n)
    M = ot.dist(x, y, metric="sqeuclidean")
    M /= M.max()
    a = np.full(n, 1.0 / n)
    return a.astype(dtype), a.astype(dtype), M.astype(dtype)


def timed(f, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return np.array(times), out


STUDY = {"iteration": "Sinkhorn time per iteration", "toThreshold": "Sinkhorn time to marginal error 1e-6"}


def record(name, params, seconds, unit_ms=True):
    ms = seconds * 1e3
    method, kind = name.split(".")[2:4]
    return {"benchmark": name, "study": STUDY[kind], "impl": f"POT {method}", "mode": "avgt", "threads": 1, "forks": 1, "params": params,
            "primaryMetric": {"score": float(ms.mean()), "scoreError": float(ms.std()), "scoreUnit": "ms/op",
                              "rawData": [[float(v) for v in ms]]}}


def main():
    ap = argparse.ArgumentParser()
    # Run by `./panopt bench --quick`: only the configuration its SinkhornBench runs (n = 1000, d = 64, eps = 0.01).
    quick = os.environ.get("PANOPT_BENCH_MODE") == "quick"
    ap.add_argument("--n", default="1000" if quick else "1000,4000")
    ap.add_argument("--d", default="64" if quick else "2,64")
    ap.add_argument("--eps", default="0.01" if quick else "0.05,0.01")
    ap.add_argument("--dtype", default="F64,F32")
    ap.add_argument("--out", default=os.environ.get("PANOPT_PEER_OUT", "pot_sinkhorn.json"))
    ap.add_argument("--quick", action="store_true", default=quick, help="fewer repetitions")
    args = ap.parse_args()
    reps = 2 if args.quick else 3
    results = []
    print("POT", ot.__version__, "numpy", np.__version__, file=sys.stderr)
    for n in map(int, args.n.split(",")):
        for d in map(int, args.d.split(",")):
            for eps in map(float, args.eps.split(",")):
                for dt in args.dtype.split(","):
                    dtype = np.float64 if dt == "F64" else np.float32
                    a, b, M = problem(n, d, dtype)
                    params = {"n": str(n), "d": str(d), "eps": str(eps), "dtype": dt, "cost": "dense",
                              "threads": "1"}
                    iters = max(10, min(100, int(2e8 / (n * n))))
                    for method in ("sinkhorn_log", "sinkhorn"):
                        run = lambda: ot.sinkhorn(a, b, M, eps, method=method, numItermax=iters, stopThr=0.0)
                        run()  # warm-up (allocations, BLAS init)
                        sec, _ = timed(run, reps)
                        results.append(record(f"peers.pot.{method}.iteration", params, sec / iters))
                        print(f"{method:13s} n={n} d={d} eps={eps} {dt}: {1e3 * sec.mean() / iters:.3f} ms/iteration",
                              file=sys.stderr)
                        if n <= 1000:
                            info = {}

                            def solve():
                                _, log = ot.sinkhorn(a, b, M, eps, method=method, numItermax=2000, stopThr=1e-6,
                                                     log=True)
                                info["it"] = log.get("niter", len(log["err"]) * 10)
                                info["err"] = float(log["err"][-1])
                            sec, _ = timed(solve, reps)
                            p = dict(params, iterations=str(info["it"]), final_l2_error=f"{info['err']:.3g}")
                            results.append(record(f"peers.pot.{method}.toThreshold", p, sec))
                            print(f"{method:13s} n={n} d={d} eps={eps} {dt}: to 1e-6 {1e3 * sec.mean():.1f} ms "
                                  f"({info['it']} iterations, err {info['err']:.2g})", file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
    print("wrote", args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
