#!/usr/bin/env python3
"""Benchmark: the whole automatic analysis of Tribes in wasm under Node against scikit-learn.

What it measures
    Files of our own, from tests/bench/telco.py (seed 13), each read into memory once:
      telco      7,043 rows in Telco's public layout (21 columns), k automatic
      c20k       20,000 customers x 10 columns, k automatic
      c200k      200,000 customers x 10 columns, k automatic
      fixed-k    100,000 x 8 numbers, k = 4, one k-means start on both sides
    Each side is timed --runs times (default 5), alternating which goes first, after one warm-up
    run each; the median is reported, and the ratio tribes / sklearn (below 1: tribes is faster).
      tribes    tests/bench/analyze-wasm.mjs: `analyze(bytes, options)` of target/site/pkg under
                Node, one thread. `cards` is up to the stability stage (what the cards show),
                `stability` is that stage on its own (it may arrive after the cards), `labels`
                is up to the first profile report (CSV bytes to every row's label).
      sklearn   the same steps in one thread (OMP_NUM_THREADS=1, threadpool_limits(1)):
                pandas.read_csv on the bytes; an object column whose cells are 95% numbers is a
                number (Telco's TotalCharges); identifiers (as many values as rows) dropped;
                numbers imputed with the median and scaled (StandardScaler); categories one-hot
                encoded (OneHotEncoder). Automatic k: a 20,000-row sample, KMeans(n_init=3) for
                k = 2..10, silhouette_score on 2,000 rows of it; the best k refitted on every row
                (n_init=3); PCA to 2-D. Fixed k: read_csv, StandardScaler, KMeans(4, n_init=1).
    Tribes does more than its peer here (roles, concepts, profiles, rules, names, the k rule's
    Davies-Bouldin and prediction strength); the peer is the least that yields segments and a map.

How to run (from the repository root, after `cargo xtask build`; needs Node 20+ and Python 3 with
numpy, pandas and scikit-learn; CI does not run it):
    python3 tests/bench/auto-vs-sklearn.py [--runs 5] [--only telco,c20k,c200k,fixed-k] [--pkg DIR]

Output: a short table, then one line of JSON with every number (prefixed "JSON "). Numbers are
only comparable within one output: compare tribes and sklearn from the same run.
"""

import os

# Before numpy and scikit-learn load their thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import io
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
import telco as tables  # tests/bench, beside this script

ROOT = Path(__file__).resolve().parents[2]
SEED = 13


class Wasm:
    """tests/bench/analyze-wasm.mjs, kept running: one request per line, one answer per line."""

    def __init__(self, pkg=None):
        script = ROOT / "tests" / "bench" / "analyze-wasm.mjs"
        cmd = ["node", str(script)] + (["--pkg", str(pkg)] if pkg else [])
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, file, options, memory=False):
        self.proc.stdin.write(json.dumps({"file": str(file), "options": options, "memory": memory}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            sys.exit("auto-vs-sklearn: the Node side ended (is target/site/pkg built?)")
        answer = json.loads(line)
        if "error" in answer:
            sys.exit(f"auto-vs-sklearn: tribes failed on {file}: {answer['error']}")
        return answer

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def features(df: pd.DataFrame) -> np.ndarray:
    """Numbers scaled and categories one-hot, as a user of pandas and scikit-learn would."""
    n = len(df)
    numeric, categorical = [], []
    for name in df.columns:
        col = df[name]
        if not pd.api.types.is_numeric_dtype(col.dtype):
            parsed = pd.to_numeric(col, errors="coerce")
            if parsed.notna().mean() >= 0.95:
                df[name] = parsed
                numeric.append(name)
            elif col.nunique() < n:
                categorical.append(name)
        elif col.nunique() == n and pd.api.types.is_integer_dtype(col.dtype):
            continue  # an identifier
        else:
            numeric.append(name)
    parts = []
    if numeric:
        num = df[numeric].astype(float)
        num = num.fillna(num.median())
        parts.append(StandardScaler().fit_transform(num.to_numpy()))
    if categorical:
        parts.append(OneHotEncoder(sparse_output=False).fit_transform(df[categorical].astype(str)))
    return np.hstack(parts)


def sklearn_auto(data: bytes, seed: int):
    df = pd.read_csv(io.BytesIO(data))
    x = features(df)
    rng = np.random.default_rng(seed)
    sample = x[rng.choice(len(x), 20_000, replace=False)] if len(x) > 20_000 else x
    best = None
    for k in range(2, 11):
        labels = KMeans(k, n_init=3, random_state=seed).fit_predict(sample)
        s = silhouette_score(sample, labels, sample_size=min(2000, len(sample)), random_state=seed)
        if best is None or s > best[1]:
            best = (k, s)
    final = KMeans(best[0], n_init=3, random_state=seed).fit(x)
    PCA(2, random_state=seed).fit_transform(x)
    return {"k": best[0], "rows": len(final.labels_)}


def sklearn_fixed(data: bytes, seed: int):
    df = pd.read_csv(io.BytesIO(data))
    x = StandardScaler().fit_transform(df.to_numpy(dtype=float))
    km = KMeans(4, n_init=1, random_state=seed).fit(x)
    return {"k": 4, "rows": len(km.labels_)}


CASES = {
    # name: (table, rows, tribes options, sklearn function)
    "telco": ("telco", 7043, {"seed": SEED}, sklearn_auto),
    "c20k": ("customers", 20_000, {"seed": SEED}, sklearn_auto),
    "c200k": ("customers", 200_000, {"seed": SEED}, sklearn_auto),
    "fixed-k": ("numbers", 100_000, {"seed": SEED, "k": 4, "nInit": 1}, sklearn_fixed),
}


def median(xs):
    return statistics.median(xs)


def bench(name, wasm, tmp, runs):
    table, rows, options, peer = CASES[name]
    data = tables.TABLES[table][0](rows, SEED)
    file = Path(tmp) / f"{name}.csv"
    file.write_bytes(data)
    tribes, sk = [], []

    def run_tribes():
        tribes.append(wasm.run(file, options))

    def run_sklearn():
        with threadpool_limits(1):
            t0 = time.perf_counter()
            out = peer(data, SEED)
            sk.append({"ms": (time.perf_counter() - t0) * 1e3, **out})

    run_tribes(), run_sklearn()  # warm-up, not counted
    tribes.clear(), sk.clear()
    for i in range(runs):
        for side in ((run_tribes, run_sklearn) if i % 2 == 0 else (run_sklearn, run_tribes)):
            side()
    key = "labels_ms" if name == "fixed-k" else "cards_ms"
    t = median([r[key] for r in tribes])
    s = median([r["ms"] for r in sk])
    stability = median([r["total_ms"] - r["cards_ms"] for r in tribes])
    stages = {st: median([r["stages"].get(st, 0.0) for r in tribes]) for st in tribes[0]["stages"]}
    return {
        "case": name,
        "bytes": len(data),
        "rows": rows,
        "measure": key,
        "tribes_ms": round(t, 1),
        "sklearn_ms": round(s, 1),
        "ratio": round(t / s, 3),
        "tribes_stability_ms": round(stability, 1),
        "tribes_total_ms": round(median([r["total_ms"] for r in tribes]), 1),
        "tribes_stages_ms": stages,
        "tribes_runs_ms": [r[key] for r in tribes],
        "sklearn_runs_ms": [round(r["ms"], 1) for r in sk],
        "tribes_k": tribes[-1]["k"],
        "sklearn_k": sk[-1]["k"],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs per side (default 5)")
    ap.add_argument("--pkg", help="another build of target/site/pkg to time (a directory)")
    ap.add_argument("--only", default=",".join(CASES), help="cases, comma-separated: " + ",".join(CASES))
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n]
    unknown = [n for n in names if n not in CASES]
    if unknown or args.runs < 1:
        ap.error(f"unknown case {unknown[0]!r}" if unknown else "--runs must be at least 1")
    print(
        f"python {platform.python_version()}, pandas {pd.__version__}, scikit-learn {sklearn.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs (both sides single-threaded); "
        f"warm-up, then {args.runs} alternating runs per side"
    )
    wasm = Wasm(args.pkg)
    out = []
    try:
        with tempfile.TemporaryDirectory(prefix="tribes-auto-") as tmp:
            for name in names:
                print(f"timing {name}...", flush=True)
                out.append(bench(name, wasm, tmp, args.runs))
    finally:
        wasm.close()
    print()
    print(f"{'case':<9}{'rows':>9}{'measure':>11}{'tribes ms':>11}{'sklearn ms':>12}{'ratio':>8}{'stability ms':>14}{'k t/s':>7}")
    for r in out:
        print(
            f"{r['case']:<9}{r['rows']:>9}{r['measure'][:-3]:>11}{r['tribes_ms']:>11.1f}{r['sklearn_ms']:>12.1f}"
            f"{r['ratio']:>8.2f}{r['tribes_stability_ms']:>14.1f}{str(r['tribes_k']) + '/' + str(r['sklearn_k']):>7}"
        )
    print("ratio = tribes / sklearn (median vs median; below 1: tribes is faster)")
    for r in out:
        print(f"  {r['case']} tribes stages (ms): " + ", ".join(f"{s} {v:.0f}" for s, v in r["tribes_stages_ms"].items()))
    print("JSON " + json.dumps({"bench": "auto-vs-sklearn", "sklearn": sklearn.__version__, "runs": args.runs, "cases": out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
