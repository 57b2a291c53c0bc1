"""Segment quality against scikit-learn on its bundled labelled tables.

For iris (k = 3), wine (k = 3) and breast cancer (k = 2), standardized, this compares the Adjusted
Rand Index against the true labels of:
  - scikit-learn KMeans(n_clusters=k, n_init=10), over seeds 0..9 (mean and min), and
  - `tribes analyze --k K --scale zscore --log none` (its own z-score, the same population standard
    deviation as StandardScaler) with its default n_init and with --n-init 10, over the same seeds;
    this is the like-for-like comparison the target is about;
  - `tribes analyze --k K` with every default, which also log-transforms heavily skewed columns
    (`--log auto`), to see what that does on these tables.

Run from the repository root (CI does not; it needs pip's scikit-learn):
    pip install scikit-learn numpy
    cargo build --release -p tribes-cli
    python3 tests/bench/ari-vs-sklearn.py
"""
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

ROOT = pathlib.Path(__file__).resolve().parents[2]
TRIBES = ROOT / "target/release/tribes"
SEEDS = range(10)


def tribes_labels(path, k, seed, extra):
    out = subprocess.run(
        [str(TRIBES), "analyze", str(path), "--k", str(k), "--seed", str(seed), "--scale", "zscore", *extra],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout)["labels"]


def main():
    if not TRIBES.exists():
        sys.exit(f"build the CLI first: cargo build --release -p tribes-cli ({TRIBES} is missing)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, loader, k in [("iris", load_iris, 3), ("wine", load_wine, 3), ("breast_cancer", load_breast_cancer, 2)]:
            data = loader()
            X, y = data.data, data.target
            path = pathlib.Path(tmp) / f"{name}.csv"
            header = ",".join(f"f{i}" for i in range(X.shape[1]))
            with open(path, "w") as f:
                f.write(header + "\n")
                for row in X:
                    f.write(",".join(repr(float(v)) for v in row) + "\n")
            Xs = StandardScaler().fit_transform(X)
            sk = [adjusted_rand_score(y, KMeans(n_clusters=k, n_init=10, random_state=s).fit(Xs).labels_) for s in SEEDS]
            plain = ["--log", "none"]
            tr = [adjusted_rand_score(y, tribes_labels(path, k, s, plain)) for s in SEEDS]
            tr10 = [adjusted_rand_score(y, tribes_labels(path, k, s, [*plain, "--n-init", "10"])) for s in SEEDS]
            trlog = [adjusted_rand_score(y, tribes_labels(path, k, s, [])) for s in SEEDS]
            rows.append((name, k, sk, tr, tr10, trlog))
    print(f"{'table':<14} {'k':>2}  {'sklearn n_init=10':>18}  {'tribes default':>15}  {'tribes n_init=10':>17}  {'gap (mean)':>10}  {'tribes log auto':>15}")
    worst_gap = 0.0
    for name, k, sk, tr, tr10, trlog in rows:
        fmt = lambda v: f"{statistics.mean(v):.4f} (min {min(v):.4f})"
        gap = statistics.mean(tr) - statistics.mean(sk)
        worst_gap = min(worst_gap, gap)
        print(f"{name:<14} {k:>2}  {fmt(sk):>18}  {fmt(tr):>15}  {fmt(tr10):>17}  {gap:>+10.4f}  {fmt(trlog):>15}")
    print(json.dumps({"bench": "ari-vs-sklearn", "rows": [
        {"table": n, "k": k, "sklearn_mean": statistics.mean(a), "tribes_mean": statistics.mean(b),
         "tribes_n_init_10_mean": statistics.mean(c), "tribes_log_auto_mean": statistics.mean(d)}
        for n, k, a, b, c, d in rows]}))
    # The target: tribes at least scikit-learn minus 0.01 on every table.
    sys.exit(0 if worst_gap >= -0.01 else 1)


if __name__ == "__main__":
    main()
