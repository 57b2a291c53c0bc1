#!/usr/bin/env python3
"""Benchmark: Tribes' mini-batch k-means against its full Lloyd fit, at several row counts.

What it measures
    For each --rows value and each data set, 8 columns are generated with numpy (seeded), written
    to a temporary CSV, and crates/tribes-core/examples/kmeans_bench.rs fits k = --k with
    k-means++, n_init 3, tol 1e-4, max_iter 300, once per seed 0 .. --seeds - 1, with METHOD
    `lloyd` (kmeans::fit_lloyd: every restart on every row) and `minibatch` (minibatch::fit).
    Reading the data is not timed. The data sets:

      blobs      8 Gaussian blobs, centres uniform in [-10, 10]^8, standard deviation 2.5: the data
                 of kmeans-speed.py.
      customer   skewed, correlated customer-like columns (log-normal spend, Poisson orders,
                 exponential recency, uniform tenure, ...), z-scored.
      uniform    uniform noise in [0, 1]^8: no structure, Lloyd's slowest case.

    For each row count and data set it prints the median time of each method over the seeds,
    the mean ratio of the times (minibatch / lloyd) and the mean and largest ratio of the
    inertias (above 1: the mini-batch fit is worse). This is how MINIBATCH_ROWS was chosen (see
    its doc comment in crates/tribes-core/src/kmeans.rs).

How to run (from anywhere; needs cargo and Python 3 with numpy):
    python3 tests/bench/minibatch-vs-lloyd.py [--rows 50000 100000 200000] [--seeds 4] [--k 8]

Times are only comparable within one run, on an otherwise idle machine. CI does not run this.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

import kmeans_bench_exe  # tests/bench, beside this script

ROOT = Path(__file__).resolve().parents[2]
COLS = 8


def blobs(rows: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    centres = rng.uniform(-10.0, 10.0, size=(8, COLS))
    blob = rng.integers(0, 8, size=rows)
    return centres[blob] + rng.normal(0.0, 2.5, size=(rows, COLS))


def customer(rows: int) -> np.ndarray:
    rng = np.random.default_rng(11)
    z = rng.normal(size=(rows, 3))
    spend = np.exp(1.0 + 0.8 * z[:, 0])
    orders = rng.poisson(np.exp(0.5 + 0.6 * z[:, 0] + 0.3 * z[:, 1]))
    recency = rng.exponential(60, rows) * np.exp(-0.3 * z[:, 1])
    tenure = rng.uniform(0, 2000, rows)
    age = np.clip(rng.normal(40, 12, rows) + 5 * z[:, 2], 18, 90)
    discount = rng.beta(2, 5, rows)
    web = rng.beta(0.5, 0.5, rows)
    items = orders * rng.gamma(2, 1.5, rows)
    x = np.column_stack([spend, orders, recency, tenure, age, discount, web, items])
    return (x - x.mean(0)) / x.std(0)


def uniform(rows: int) -> np.ndarray:
    return np.random.default_rng(13).uniform(size=(rows, COLS))


DATA = {"blobs": blobs, "customer": customer, "uniform": uniform}


def write_csv(x: np.ndarray, path: Path) -> None:
    header = ",".join(f"x{j}" for j in range(x.shape[1]))
    np.savetxt(path, x, delimiter=",", header=header, comments="", fmt="%.17g")


def fit(exe: Path, csv: Path, k: int, method: str, seed: int) -> dict:
    cmd = [str(exe), str(csv), str(k), "kmeans++", "1", "3", method, str(seed)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"minibatch-vs-lloyd: {' '.join(cmd)} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--k", type=int, default=8)
    args = ap.parse_args()
    exe = kmeans_bench_exe.build("minibatch-vs-lloyd")
    print(f"k = {args.k}, n_init 3, k-means++, seeds 0..{args.seeds - 1}, one thread")
    print(
        f"{'rows':>9} {'data':<10}{'lloyd ms':>10}{'mini ms':>10}"
        f"{'time ratio':>12}{'inertia ratio':>15}{'max':>10}"
    )
    with tempfile.TemporaryDirectory(prefix="tribes-minibatch-") as tmp:
        for rows in args.rows:
            for name, make in DATA.items():
                csv = Path(tmp) / f"{name}.csv"
                write_csv(make(rows), csv)
                lloyd, mini = [], []
                for seed in range(args.seeds):
                    lloyd.append(fit(exe, csv, args.k, "lloyd", seed))
                    mini.append(fit(exe, csv, args.k, "minibatch", seed))
                times = [m["median_ms"] / l["median_ms"] for l, m in zip(lloyd, mini)]
                inertias = [m["inertia"] / l["inertia"] for l, m in zip(lloyd, mini)]
                print(
                    f"{rows:>9} {name:<10}"
                    f"{statistics.median(r['median_ms'] for r in lloyd):>10.1f}"
                    f"{statistics.median(r['median_ms'] for r in mini):>10.1f}"
                    f"{statistics.mean(times):>12.3f}"
                    f"{statistics.mean(inertias):>15.5f}{max(inertias):>10.5f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
