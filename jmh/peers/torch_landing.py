#!/usr/bin/python3
"""PyTorch CPU peer of org.panopt.jmh.landing.LandingStepBenchmark (study "Landing step on St(n, p)").

Times one landing step, one QR-retraction step and one polar (SVD) retraction step on St(n, p), on one
thread, with the same Procrustes oracle as the Java benchmark (G = X C - E, one GEMM), and writes
JMH-shaped JSON (a list of {"benchmark", "params", "primaryMetric": {"score", "scoreError",
"scoreUnit": "ms/op"}}) so that the figures sit next to JMH's.

Run with Debian's python3 (it has python3-torch), not a pyenv python (./panopt bench does so):
    /usr/bin/python3 jmh/peers/torch_landing.py [--out FILE] [--seconds 1] [--shapes 4096x256] [--dtypes F64]
The JSON goes to --out, else to $PANOPT_PEER_OUT, else to standard output; progress to standard error.
"""
import argparse
import json
import math
import os
import sys
import statistics
import time

import torch

SHAPES = [(256, 256), (1000, 100), (4096, 256)]


def problem(n, p, dtype, gen):
    a = torch.randn(p, p, dtype=dtype, generator=gen) / math.sqrt(p)
    b = torch.randn(n, p, dtype=dtype, generator=gen) / math.sqrt(p)
    c = a @ a.T
    e = b @ a.T
    x0, _ = torch.linalg.qr(torch.randn(n, p, dtype=dtype, generator=gen))
    return c, e, x0


def landing_step(x, c, e, eye, lr, lam=1.0, eps=0.5):
    """Landing (Ablin & Peyre 2022): Lambda = 1/2 G S + X (lam (S - I) - 1/2 U), safe step."""
    g = x @ c
    g -= e
    s = x.T @ x
    u = g.T @ x
    delta = s - eye
    k = lam * delta - 0.5 * u
    field = 0.5 * (g @ s)
    field.addmm_(x, k)
    d = torch.linalg.norm(delta).item()
    gn = torch.linalg.norm(field).item()
    beta = lam * d * (1 - d)
    alpha = gn * gn + 1e-7
    safe = min((beta + math.sqrt(beta * beta + alpha * max(eps - d, 0))) / alpha, 0.5 / lam)
    x.sub_(field, alpha=min(lr, safe))


def riemannian_direction(x, c, e, lr):
    g = x @ c
    g -= e
    u = x.T @ g
    g.addmm_(x, 0.5 * (u + u.T), alpha=-1)
    return x - lr * g


def qr_step(x, c, e, eye, lr):
    y = riemannian_direction(x, c, e, lr)
    q, r = torch.linalg.qr(y)
    q *= torch.sign(torch.diagonal(r))
    x.copy_(q)


def polar_step(x, c, e, eye, lr):
    y = riemannian_direction(x, c, e, lr)
    u, _, vh = torch.linalg.svd(y, full_matrices=False)
    torch.matmul(u, vh, out=x)


def measure(step, x, c, e, eye, seconds, iterations=5):
    """JMH-like: one warm-up period, then `iterations` timed periods; score = mean ms/op."""
    def period():
        ops = 0
        t0 = time.perf_counter()
        while True:
            step(x, c, e, eye, 1e-3)
            ops += 1
            t = time.perf_counter() - t0
            if t >= seconds:
                return 1e3 * t / ops
    period()
    samples = [period() for _ in range(iterations)]
    mean = statistics.mean(samples)
    err = 3.0 * statistics.stdev(samples) / math.sqrt(len(samples)) if len(samples) > 1 else float("nan")
    return mean, err, samples


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.environ.get("PANOPT_PEER_OUT"))
    # Run by `./panopt bench --quick`: only what its LandingStepBenchmark runs ((1000, 100), float64).
    quick = os.environ.get("PANOPT_BENCH_MODE") == "quick"
    ap.add_argument("--seconds", type=float, default=0.5 if quick else 1.0)
    ap.add_argument("--shapes", default="1000x100" if quick else ",".join(f"{n}x{p}" for n, p in SHAPES))
    ap.add_argument("--dtypes", default="F64" if quick else "F64,F32")
    args = ap.parse_args()
    torch.set_num_threads(1)
    results = []
    for dname in args.dtypes.split(","):
        dtype = torch.float64 if dname == "F64" else torch.float32
        for shape in args.shapes.split(","):
            n, p = (int(v) for v in shape.split("x"))
            gen = torch.Generator().manual_seed(1)
            c, e, x0 = problem(n, p, dtype, gen)
            eye = torch.eye(p, dtype=dtype)
            for name, step in (("landing_step", landing_step), ("qr_step", qr_step), ("polar_step", polar_step)):
                x = x0.clone()
                mean, err, samples = measure(step, x, c, e, eye, args.seconds)
                results.append({
                    "benchmark": "peers.torch." + name,
                    "mode": "avgt",
                    "threads": 1,
                    "params": {"n": str(n), "dtype": dname},  # p follows n, as in the Java benchmark
                    "primaryMetric": {"score": mean, "scoreError": err, "scoreUnit": "ms/op",
                                      "rawData": [samples]},
                    "study": "Landing step on St(n, p)",
                    "impl": f"PyTorch {torch.__version__} {name.replace('_', ' ')}",
                })
                print(f"{name:13s} {dname} n={n:5d} p={p:4d}  {mean:9.3f} ms/op  (+- {err:.3f})",
                      file=sys.stderr, flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)
        print("wrote", args.out, file=sys.stderr)
    else:
        json.dump(results, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
