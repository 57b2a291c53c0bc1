#!/usr/bin/env python3
"""Benchmark: the k-means of Tribes (native Rust) against scikit-learn and ml-kmeans.

What it measures
    A data set of --rows rows (default 100,000) x 8 columns is generated with numpy's
    default_rng(7): 8 Gaussian blobs, centres uniform in [-10, 10]^8, standard deviation 2.5, so
    the blobs overlap somewhat. It is written to a temporary CSV (header x0..x7, floats written
    with repr, so every reader gets the same numbers bit for bit). Every implementation then fits
    k = 8 from the same start, the first 8 rows, with tol 1e-4, max_iter 300 and one start, and is
    timed --runs times (default 5); the median is reported. Reading the data is never timed.

      tribes          crates/tribes-core/examples/kmeans_bench.rs (`kmeans::fit`, INIT=first),
                      built with `cargo build --release`, one thread.
      sklearn lloyd   KMeans(algorithm="lloyd", init=X[:8], n_init=1), one thread
                      (OMP_NUM_THREADS=1 and threadpoolctl.threadpool_limits(1)), after one
                      untimed warm-up fit.
      sklearn elkan   the same with algorithm="elkan".
      ml-kmeans       the npm package, in Node, through tests/bench/kmeans-mlkmeans.mjs, after one
                      untimed warm-up fit. Its tolerance is absolute (squared shift of each
                      centre), not relative to the data's variance, so it may stop at a different
                      iteration; its inertia is computed against its final centres.

    Ratios are other_median / tribes_median: above 1 means tribes is faster. Tribes follows
    scikit-learn's Lloyd step for step, so their inertias must agree: a relative difference above
    1e-6 prints a warning, above 1e-3 makes the script exit with status 1.

How to run (from anywhere; needs cargo, Node 20+ with `npm ci` done in tests/, and Python 3 with
numpy, scikit-learn and threadpoolctl):
    python3 tests/bench/kmeans-speed.py [--runs 5] [--rows 100000]

The numbers are only comparable within one run: they depend on the machine, its load and the
versions of everything involved. Compare the lines of one output, not outputs of different runs.
CI does not run this script.
"""

import os

# Before numpy and scikit-learn load their thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

import kmeans_bench_exe  # tests/bench, beside this script

ROOT = Path(__file__).resolve().parents[2]
K = 8
COLS = 8
TOL = 1e-4
MAX_ITER = 300


def generate(rows: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    centres = rng.uniform(-10.0, 10.0, size=(K, COLS))
    blob = rng.integers(0, K, size=rows)
    return centres[blob] + rng.normal(0.0, 2.5, size=(rows, COLS))


def write_csv(x: np.ndarray, path: Path) -> None:
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(",".join(f"x{j}" for j in range(x.shape[1])) + "\n")
        for row in x.tolist():  # Python floats: repr is the shortest round-trip form
            f.write(",".join(map(repr, row)) + "\n")


def time_sklearn(x: np.ndarray, algorithm: str, runs: int) -> dict:
    def fit() -> KMeans:
        return KMeans(
            n_clusters=K,
            init=x[:K],
            n_init=1,
            tol=TOL,
            max_iter=MAX_ITER,
            algorithm=algorithm,
        ).fit(x)

    times = []
    with threadpool_limits(1):
        fit()  # warm-up
        for _ in range(runs):
            t0 = time.perf_counter()
            km = fit()
            times.append((time.perf_counter() - t0) * 1e3)
    return {
        "runs_ms": times,
        "median_ms": statistics.median(times),
        "inertia": float(km.inertia_),
        "iterations": int(km.n_iter_),
    }


def run_json(cmd: list, cwd: Path) -> dict:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"kmeans-speed: {' '.join(map(str, cmd))} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def time_tribes(csv: Path, runs: int) -> dict:
    exe = kmeans_bench_exe.build("kmeans-speed")
    return run_json([str(exe), str(csv), str(K), "first", str(runs)], ROOT)


def time_mlkmeans(csv: Path, runs: int) -> dict:
    node = shutil.which("node")
    if node is None:
        sys.exit("kmeans-speed: node is not on PATH")
    if not (ROOT / "tests" / "node_modules" / "ml-kmeans").is_dir():
        sys.exit("kmeans-speed: ml-kmeans is not installed: run `npm ci` in tests/")
    script = ROOT / "tests" / "bench" / "kmeans-mlkmeans.mjs"
    return run_json(
        [node, str(script), str(csv), "--k", str(K), "--runs", str(runs)], ROOT / "tests"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs per implementation")
    ap.add_argument("--rows", type=int, default=100_000, help="rows of generated data")
    args = ap.parse_args()
    if args.runs < 1 or args.rows < K:
        ap.error(f"--runs must be at least 1 and --rows at least {K}")

    x = generate(args.rows)
    results = {}
    with tempfile.TemporaryDirectory(prefix="tribes-kmeans-") as tmp:
        csv = Path(tmp) / "blobs.csv"
        write_csv(x, csv)
        print(
            f"data: {args.rows} rows x {COLS} columns, k = {K}, init = first {K} rows, "
            f"tol = {TOL}, max_iter = {MAX_ITER}, {args.runs} timed runs each"
        )
        print(
            f"python {platform.python_version()}, numpy {np.__version__}, "
            f"scikit-learn {sklearn.__version__}, {platform.machine()}, "
            f"{os.cpu_count()} CPUs (everything single-threaded)"
        )
        print("building and timing tribes...", flush=True)
        results["tribes"] = time_tribes(csv, args.runs)
        print("timing sklearn lloyd...", flush=True)
        results["sklearn lloyd"] = time_sklearn(x, "lloyd", args.runs)
        print("timing sklearn elkan...", flush=True)
        results["sklearn elkan"] = time_sklearn(x, "elkan", args.runs)
        print("timing ml-kmeans...", flush=True)
        results["ml-kmeans"] = time_mlkmeans(csv, args.runs)
    print(f"(ml-kmeans ran on Node {results['ml-kmeans'].get('node', '?')})")

    tribes = results["tribes"]
    if (tribes["rows"], tribes["cols"]) != (args.rows, COLS):
        sys.exit(f"kmeans-speed: tribes read {tribes['rows']} x {tribes['cols']}")

    print()
    print(f"{'implementation':<16}{'median ms':>12}{'inertia':>22}{'iterations':>12}")
    for name, r in results.items():
        print(f"{name:<16}{r['median_ms']:>12.1f}{r['inertia']:>22.6f}{r['iterations']:>12}")
    print()
    for name in ("sklearn lloyd", "sklearn elkan", "ml-kmeans"):
        ratio = results[name]["median_ms"] / tribes["median_ms"]
        print(f"tribes vs {name:<14}{ratio:>8.2f}x  (>1: tribes is faster)")
    print()
    print("runs (ms):")
    for name, r in results.items():
        print(f"  {name:<16}" + ", ".join(f"{ms:.1f}" for ms in r["runs_ms"]))

    ref = results["sklearn lloyd"]
    rel = abs(tribes["inertia"] - ref["inertia"]) / max(abs(ref["inertia"]), 1e-300)
    print()
    print(f"inertia, tribes vs sklearn lloyd: relative difference {rel:.3e}")
    if tribes["iterations"] != ref["iterations"]:
        print(
            f"note: iterations differ (tribes {tribes['iterations']}, "
            f"sklearn lloyd {ref['iterations']})"
        )
    if rel > 1e-3:
        print("ERROR: the inertias disagree by more than 1e-3 relative", file=sys.stderr)
        return 1
    if rel > 1e-6:
        print("WARNING: the inertias disagree by more than 1e-6 relative")
    return 0


if __name__ == "__main__":
    sys.exit(main())
