"""Writes tests/fixtures/lloyd-blobs.csv and prints scikit-learn's inertia on it.

The Rust test `matches_scikit_learn_lloyd_from_the_same_start` (crates/tribes-cli/tests/cli.rs)
holds the figure this script printed. Rerun it only to change the fixture:

    pip install scikit-learn numpy
    python3 tests/sklearn/lloyd_fixture.py

The data: 2,000 rows, 3 columns, drawn from 8 overlapping Gaussian blobs with a fixed numpy seed,
so that Lloyd's algorithm from the first 8 rows needs many iterations to settle.
"""
import pathlib

import numpy as np
import sklearn
from sklearn.cluster import KMeans

K = 8
root = pathlib.Path(__file__).resolve().parents[2]
rng = np.random.default_rng(20261122)
centres = rng.uniform(-6, 6, size=(K, 3))
X = np.vstack([rng.normal(c, 2.2, size=(250, 3)) for c in centres])
X = X[rng.permutation(len(X))]

path = root / "tests/fixtures/lloyd-blobs.csv"
with open(path, "w") as f:
    f.write("x,y,z\n")
    for row in X:
        # repr() is the shortest text that reads back as the same float64.
        f.write(",".join(repr(float(v)) for v in row) + "\n")

# Read back what was written, exactly as the Rust side will.
X = np.loadtxt(path, delimiter=",", skiprows=1)
km = KMeans(n_clusters=K, init=X[:K], n_init=1, tol=0, max_iter=1000, algorithm="lloyd").fit(X)
print(f"scikit-learn {sklearn.__version__}: inertia {km.inertia_!r}, iterations {km.n_iter_}")
