"""Rules for choosing k, compared on planted sets: the table in the README ("Choosing k").

Every rule sees the same sweep: scikit-learn's KMeans (k-means++, n_init 3) for k = 1 to 10 on
the encoded rows, the silhouette as Tribes computes it (at most 2,000 rows stratified by segment,
per-segment means weighted by size), Davies-Bouldin and Calinski-Harabasz. Rules that need more
(reference sets, halvings, resamples) do it on top. A rule may answer k = 1 ("no structure"):
on a set with groups that scores ARI 0.

Rules:
  silhouette   the best silhouette; ks within 0.01 tied, lowest Davies-Bouldin, then smaller k
               (Tribes' rule before this comparison)
  sil>=0.25    the same, but "no structure" when the best silhouette is below 0.25
               (Kaufman and Rousseeuw's "no substantial structure")
  CH           the largest Calinski-Harabasz index
  BIC          the best BIC of k spherical Gaussians sharing one variance (X-means' score)
  gap          the gap statistic (Tibshirani, Walther and Hastie 2001), 10 uniform reference sets
               in the bounding box, on at most 2,000 rows; the smallest k with
               Gap(k) >= Gap(k+1) - s(k+1)
  PS           prediction strength (Tibshirani and Walther 2005), 10 random halvings of at most
               2,000 rows each: the largest k whose strength is at least 0.8, none -> 1
  boot         bootstrap stability (Hennig's clusterboot), 8 resamples: the largest k whose every
               cluster keeps a mean Jaccard of at least 0.75, none -> 1
  BIC+sil+PS   the rule before the third segment's check: "no structure" when one group's BIC
               beats every k's; else the silhouette's k, unless its prediction strength is below
               0.8: then the largest k whose strength is at least 0.8; none -> the silhouette's k
  +3rd         BIC+sil+PS, and when it keeps the silhouette's k of 2, 3 instead if 3's
               prediction strength is at least 0.8 too
  stepped      the rule Tribes ships: +3rd, and from 3 one more while the next k's strength is
               at least 0.93
  tribes       `tribes analyze` itself (k = auto) on the same rows: the shipped rule as the core
               runs it (give --tribes; the column is left out without it)

Planted sets (the encoding is Tribes': numbers z-scored, log1p first when never negative with
skewness >= 2 and the log lowers it; categories one-hot, each indicator scaled by
1 / sqrt(1 - sum p^2)):
  planted4 / unequal3 / overlap4: four behaviour columns with groups of 40/30/20/10%, of
      55/33/12%, or 40/30/20/10% with centres only 1.6 spreads apart; `-noise` adds five columns
      with no group (age, income, a 1-10 score, a region, a device)
  two-noise: two groups of 60/40% in the behaviour columns, with the five noise columns
  firmo4: an industry that matches the group 80% of the time, skewed employees and revenue
  spend3: log-normal spend, Poisson orders, a recency, an open rate (60/30/10%)
  fewdistinct4: four distinct rows repeated 40/30/20/10%; identical: 50 identical rows
  uniform, gauss: no groups (the right answer is "no structure")
  fx-NAME: the committed fixtures tests/fixtures/exports/NAME.csv, every column but the id

Cells: the mean ARI against the planted groups over the seeds / the share of seeds where the
chosen k is the true one. On sets with no groups, only the share that answered "no structure"
(for `tribes`: `structure` is `weak` or `identical`).

Run from the repository root (CI does not; it needs pip's packages):
    pip install scikit-learn pandas scipy
    cargo build --release -p tribes-cli
    OMP_NUM_THREADS=1 python3 tests/bench/k-rules.py [--seeds 3] [--tribes target/release/tribes]
        [--only NAME] [--no-rules] [--rules NAME,NAME]
The rules take about a minute of one core per set and seed (the gap statistic and the halvings
most of it); `--no-rules` runs only `tribes`, `--rules` only the rules named (the gap statistic
and the bootstrap are computed only when asked for).
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import json

import numpy as np
import pandas as pd
from scipy.stats import skew
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

KMAX = 10
SIL_ROWS = 2000
TIE = 0.01
STRENGTH_MIN = 0.8
STRENGTH_CLEAR = 0.93
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "exports"

# ---- encoding, as the features step does it -----------------------------------------------------


def enc_numeric(v, log="auto"):
    v = np.asarray(v, dtype=float)
    if log == "auto" and v.min() >= 0:
        s = skew(v)
        if s >= 2:
            lv = np.log1p(v)
            if abs(skew(lv)) < s:
                v = lv
    sd = v.std()
    return ((v - v.mean()) / (sd if sd > 0 else 1.0))[:, None]


def enc_categorical(v):
    v = np.asarray(v).astype(str)
    vals, codes = np.unique(v, return_inverse=True)
    counts = np.bincount(codes)
    order = np.argsort(-counts, kind="stable")
    p = counts / counts.sum()
    g = 1 - (p ** 2).sum()
    w = 1 / np.sqrt(g) if g > 0 else 1.0
    kept = order[:29] if len(vals) > 30 else order
    out = np.zeros((len(v), len(kept) + (1 if len(vals) > 30 else 0)))
    pos = {c: i for i, c in enumerate(kept)}
    for r, c in enumerate(codes):
        out[r, pos.get(c, len(kept))] = w
    return out


def encode(columns):
    return np.hstack([enc_categorical(v) if kind == "categorical" else enc_numeric(v) for kind, v in columns])


# ---- planted sets --------------------------------------------------------------------------------

SCALE = [(4.0, 1.2), (45.0, 9.0), (40.0, 9.0), (0.10, 0.04)]
PLANTED = [(0.40, [0, 0, 0, 0]), (0.30, [3, 3, 0, 0]), (0.20, [0, 3, 3, 0]), (0.10, [0, 0, 3, 3])]
TWO = [(0.60, [0, 0, 0, 0]), (0.40, [3, 3, 0, 0])]
UNEQUAL = [(0.55, [0, 0, 0, 0]), (0.33, [3, 0, 3, 0]), (0.12, [0, 3, 0, 3])]
OVERLAP = [(0.40, [0, 0, 0, 0]), (0.30, [1.6, 1.6, 0, 0]), (0.20, [0, 1.6, 1.6, 0]), (0.10, [0, 0, 1.6, 1.6])]


def behaviour(rng, n, groups, noise, spread=0.6):
    shares = np.array([g[0] for g in groups])
    truth = rng.choice(len(groups), n, p=shares / shares.sum())
    centres = np.array([g[1] for g in groups], dtype=float)
    z = centres[truth] + rng.normal(0, spread, (n, 4)) if spread > 0 else centres[truth]
    cols = []
    for j, (offset, unit) in enumerate(SCALE):
        v = np.maximum(offset + z[:, j] * unit, 0)
        v = [np.round(v, 1), np.round(v, 2), np.round(v), np.round(np.minimum(v, 1), 3)][j]
        cols.append(("numeric", v))
    if noise:
        cols.append(("numeric", np.round(np.clip(rng.normal(42, 13, n), 18, 90))))
        cols.append(("numeric", np.round(52000 * np.exp(rng.normal(0, 0.5, n)) / 100) * 100))
        cols.append(("numeric", rng.integers(1, 11, n).astype(float)))
        cols.append(("categorical", rng.choice(["North", "South", "East", "West", "Central", "Islands"], n)))
        cols.append(("categorical", rng.choice(["mobile", "desktop", "tablet"], n)))
    return encode(cols), truth


def spend(rng, n):
    groups = [(0.6, 3.5, 1.2, 200, 0.15), (0.3, 5.5, 5.0, 60, 0.35), (0.1, 7.5, 20.0, 15, 0.6)]
    truth = rng.choice(3, n, p=np.array([g[0] for g in groups]))
    g = np.array([g[1:] for g in groups])[truth]
    cols = [("numeric", np.round(np.exp(rng.normal(g[:, 0], 0.45)), 2)),
            ("numeric", rng.poisson(g[:, 1]) + 1.0),
            ("numeric", np.round(rng.exponential(g[:, 2]))),
            ("numeric", np.clip(rng.normal(g[:, 3], 0.08), 0, 1))]
    return encode(cols), truth


def firmographic(rng, n):
    truth = rng.choice(4, n, p=np.array([0.22, 0.23, 0.26, 0.29]))
    own = np.array([["Software", "IT"], ["Machinery", "Manufacturing"], ["Clinic", "Hospital"], ["Retail", "Apparel"]])
    match = rng.random(n) < 0.8
    other = rng.choice(8, n)
    industry = np.where(match, own[truth, rng.integers(0, 2, n)], own.reshape(-1)[other])
    employees = np.round(np.exp(rng.normal(np.array([7.0, 5.5, 3.5, 2.3])[truth], 0.5)))
    revenue = np.round(np.exp(rng.normal(np.array([17.5, 16.2, 14.8, 13.2])[truth], 0.5)), -3)
    return encode([("categorical", industry), ("numeric", employees), ("numeric", revenue)]), truth


def standardized(x):
    return (x - x.mean(0)) / x.std(0)


def fixture(name):
    df = pd.read_csv(FIXTURES / f"{name}.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(FIXTURES / f"{name}.truth.csv")["group"].astype("category").cat.codes.to_numpy()
    cols = []
    for c in df.columns[1:]:
        v = pd.to_numeric(df[c], errors="coerce")
        cols.append(("numeric", v.to_numpy()) if v.notna().all() else ("categorical", df[c].to_numpy()))
    return encode(cols), truth


SETS = [
    ("planted4", lambda r: behaviour(r, 400, PLANTED, False), 4),
    ("planted4-noise", lambda r: behaviour(r, 400, PLANTED, True), 4),
    ("two-noise", lambda r: behaviour(r, 400, TWO, True), 2),
    ("unequal3", lambda r: behaviour(r, 400, UNEQUAL, False), 3),
    ("unequal3-noise", lambda r: behaviour(r, 400, UNEQUAL, True), 3),
    ("overlap4", lambda r: behaviour(r, 400, OVERLAP, False), 4),
    ("overlap4-noise", lambda r: behaviour(r, 400, OVERLAP, True), 4),
    ("firmo4", lambda r: firmographic(r, 1000), 4),
    ("spend3", lambda r: spend(r, 1000), 3),
    ("fewdistinct4", lambda r: behaviour(r, 400, PLANTED, False, spread=0.0), 4),
    ("identical", lambda r: (np.zeros((50, 4)), np.zeros(50, dtype=int)), 1),
    ("uniform", lambda r: (standardized(r.random((1000, 2))), np.zeros(1000, dtype=int)), 1),
    ("gauss", lambda r: (standardized(r.normal(0, 1, (2000, 10))), np.zeros(2000, dtype=int)), 1),
] + [(f"fx-{n}", lambda r, n=n: fixture(n), 4 if n != "noisy-unequal" else 3)
     for n in ["noisy-planted", "noisy-unequal", "noisy-overlapping", "noisy-few-distinct"]]

# ---- the sweep and the statistics each rule reads ------------------------------------------------


def kmeans(x, k, seed, n_init=3):
    if k == 1:
        c = x.mean(axis=0, keepdims=True)
        return np.zeros(len(x), dtype=int), c, float(((x - c) ** 2).sum())
    km = KMeans(n_clusters=k, n_init=n_init, random_state=seed, max_iter=300, tol=1e-4)
    labels = km.fit_predict(x)
    return labels, km.cluster_centers_, float(km.inertia_)


def silhouette(x, labels, k, rng):
    """Tribes' sampled silhouette: rows stratified by segment, per-segment means weighted by size."""
    n = len(labels)
    if n <= SIL_ROWS:
        rows = np.arange(n)
    else:
        rows = np.concatenate([rng.choice(m, min(max(len(m) * SIL_ROWS // n, 20), len(m)), replace=False)
                               for m in (np.flatnonzero(labels == c) for c in range(k))])
    xs, ls = x[rows], labels[rows]
    if len(np.unique(ls)) < 2:
        return None
    sq = (xs * xs).sum(1)
    d = np.sqrt(np.maximum(sq[:, None] + sq[None, :] - 2 * xs @ xs.T, 0))
    sizes = np.bincount(ls, minlength=k)
    onehot = np.zeros((len(ls), k))
    onehot[np.arange(len(ls)), ls] = 1
    sums = d @ onehot
    idx = np.arange(len(ls))
    own = sizes[ls]
    a = np.where(own > 1, sums[idx, ls] / np.maximum(own - 1, 1), 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        other = np.where(sizes[None, :] > 0, sums / np.maximum(sizes[None, :], 1), np.inf)
    other[idx, ls] = np.inf
    b = other.min(1)
    m = np.maximum(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where((own > 1) & (m > 0) & np.isfinite(b), (b - a) / m, 0.0)
    full = np.bincount(labels, minlength=k)
    live = [c for c in range(k) if sizes[c]]
    return sum(s[ls == c].mean() * full[c] for c in live) / sum(full[c] for c in live)


def davies_bouldin(x, labels, centres):
    live = [c for c in range(len(centres)) if (labels == c).any()]
    if len(live) < 2:
        return None
    spread = {c: np.sqrt(((x[labels == c] - centres[c]) ** 2).sum(1)).mean() for c in live}
    worst = []
    for a in live:
        gaps = [(spread[a] + spread[b]) / g if (g := np.linalg.norm(centres[a] - centres[b])) > 0 else np.inf
                for b in live if b != a]
        worst.append(max(gaps))
    return float(np.mean(worst))


def calinski(x, labels, centres, inertia):
    n, k = len(x), len(centres)
    if n <= k or inertia <= 0:
        return None
    sizes = np.bincount(labels, minlength=k)
    between = (sizes * ((centres - x.mean(0)) ** 2).sum(1)).sum()
    return (between / (k - 1)) / (inertia / (n - k))


def bic(x, fits):
    n, d = x.shape
    out = {}
    for k, (labels, _, inertia) in fits.items():
        var = inertia / ((n - k) * d)
        if var <= 0:
            out[k] = np.inf
            continue
        sizes = np.bincount(labels, minlength=k)
        sizes = sizes[sizes > 0]
        ll = (sizes * np.log(sizes / n)).sum() - n * d / 2 * np.log(2 * np.pi * var) - d * (n - k) / 2
        out[k] = ll - ((k - 1) + k * d + 1) / 2 * np.log(n)
    return out


def gap(x, kmax, seed, refs=10, m=2000):
    rng = np.random.default_rng(seed + 77)
    if len(x) > m:
        x = x[rng.choice(len(x), m, replace=False)]
    logw = np.array([np.log(max(kmeans(x, k, seed)[2], 1e-300)) for k in range(1, kmax + 1)])
    lo, hi = x.min(0), x.max(0)
    ref = np.array([[np.log(max(kmeans(rng.uniform(lo, hi, size=x.shape), k, seed + b, 1)[2], 1e-300))
                     for k in range(1, kmax + 1)] for b in range(refs)])
    g, s = ref.mean(0) - logw, ref.std(0) * np.sqrt(1 + 1 / refs)
    for k in range(1, kmax):
        if g[k - 1] >= g[k] - s[k]:
            return k
    return kmax


def strengths(x, kmax, seed, splits=10, cap=2000):
    rng = np.random.default_rng(seed + 4242)
    out = {k: [] for k in range(2, kmax + 1)}
    for rep in range(splits):
        perm = rng.permutation(len(x))
        half = min(len(x) // 2, cap)
        a, b = x[perm[:half]], x[perm[half:2 * half]]
        for k in range(2, kmax + 1):
            if k >= len(a):
                out[k].append(0.0)
                continue
            _, ca, _ = kmeans(a, k, seed + rep)
            lb, _, _ = kmeans(b, k, seed + rep + 1000)
            near = ((b[:, None, :] - ca[None]) ** 2).sum(2).argmin(1)
            shares = []
            for j in range(k):
                members = near[lb == j]
                if len(members) >= 2:
                    c = np.bincount(members)
                    shares.append((c * (c - 1)).sum() / (len(members) * (len(members) - 1)))
            out[k].append(min(shares) if shares else 1.0)
    return {k: float(np.mean(v)) for k, v in out.items()}


def jaccard(x, fits, seed, resamples=8):
    rng = np.random.default_rng(seed + 55)
    n = len(x)
    out = {}
    for k in (k for k in fits if k >= 2):
        labels = fits[k][0]
        mean = np.zeros(k)
        for b in range(resamples):
            idx = rng.integers(0, n, n)
            u, first = np.unique(idx, return_index=True)
            lb = kmeans(x[idx], k, seed + b, 1)[0][first]
            table = np.zeros((k, k))
            np.add.at(table, (labels[u], lb), 1)
            union = table.sum(1)[:, None] + table.sum(0)[None, :] - table
            with np.errstate(invalid="ignore", divide="ignore"):
                mean += np.where(union > 0, table / union, 0.0).max(1) / resamples
        out[k] = float(mean.min())
    return out


def rules(x, seed, wanted=None):
    """Each rule's k on x (the rules in `wanted`, every one when None)."""
    distinct = len(np.unique(np.round(x, 12), axis=0))
    if distinct == 1:
        return {r: 1 for r in (RULES if wanted is None else wanted)}, {1: np.zeros(len(x), dtype=int)}
    kmax = min(KMAX, len(x) - 1, distinct)
    fits = {k: kmeans(x, k, seed) for k in range(1, kmax + 1)}
    ks = list(range(2, kmax + 1))
    sil = {k: silhouette(x, fits[k][0], k, np.random.default_rng(seed + k)) for k in ks}
    db = {k: davies_bouldin(x, fits[k][0], fits[k][1]) for k in ks}
    ch = {k: calinski(x, *fits[k]) for k in ks}
    b = bic(x, fits)
    wanted = set(RULES if wanted is None else wanted)
    ps = strengths(x, kmax, seed)
    jac = jaccard(x, fits, seed) if "boot" in wanted else None

    def sil_pick():
        scored = [k for k in ks if sil[k] is not None]
        if not scored:
            return 2
        best = max(sil[k] for k in scored)
        return min((k for k in scored if sil[k] >= best - TIE), key=lambda k: (db[k] if db[k] is not None else np.inf, k))

    def largest(stat, th):
        ok = [k for k in ks if stat[k] >= th]
        return max(ok) if ok else None

    s = sil_pick()
    best_sil = max((sil[k] for k in ks if sil[k] is not None), default=-1.0)
    weak = max(b, key=lambda k: b[k]) == 1
    vetoed = 1 if weak else (s if ps[s] >= STRENGTH_MIN else (largest(ps, STRENGTH_MIN) or s))
    # The silhouette's 2 kept: 3 when its segments come back on split halves too.
    third = 3 if (not weak and vetoed == s == 2 and 3 in ps and ps[3] >= STRENGTH_MIN) else vetoed
    # From that third on, one more while the next k's segments come back clearly.
    stepped = third
    if third == 3 and vetoed == 2:
        while stepped + 1 in ps and ps[stepped + 1] >= STRENGTH_CLEAR:
            stepped += 1
    choice = {
        "silhouette": s,
        "sil>=0.25": s if best_sil >= 0.25 else 1,
        "CH": max((k for k in ks if ch[k] is not None), key=lambda k: ch[k], default=1),
        "BIC": max(b, key=lambda k: b[k]),
        "gap": gap(x, kmax, seed) if "gap" in wanted else None,
        "PS": largest(ps, STRENGTH_MIN) or 1,
        "boot": (largest(jac, 0.75) or 1) if jac is not None else None,
        "BIC+sil+PS": vetoed,
        "+3rd": third,
        "stepped": stepped,
    }
    return {r: choice[r] for r in wanted}, {k: f[0] for k, f in fits.items()}


RULES = ["silhouette", "sil>=0.25", "CH", "BIC", "gap", "PS", "boot", "BIC+sil+PS", "+3rd", "stepped"]


def tribes(binary, x, seed, tmp):
    """`tribes analyze` on the encoded rows (already scaled: --scale none --log none)."""
    path = os.path.join(tmp, "rows.csv")
    np.savetxt(path, x, delimiter=",", header=",".join(f"f{j}" for j in range(x.shape[1])),
               comments="", fmt="%.17g")
    # Every column: the automatic lens would otherwise choose among them.
    every = ",".join(f"f{j}" for j in range(x.shape[1]))
    out = subprocess.run([binary, "analyze", path, "--seed", str(seed + 1), "--scale", "none", "--log", "none",
                          "--columns", every], capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    return r["k"], np.array(r["labels"]), r.get("structure")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--tribes", help="the tribes binary (cargo build --release -p tribes-cli)")
    ap.add_argument("--only", default="", help="only the sets whose name contains this")
    ap.add_argument("--no-rules", action="store_true", help="only `tribes` (with --tribes), not the rules")
    ap.add_argument("--rules", default="", help="only these rules (comma-separated names)")
    a = ap.parse_args()
    rule_names = [] if a.no_rules else [r for r in RULES if not a.rules or r in a.rules.split(",")]
    columns = ["ARI at true k"] + rule_names + (["tribes"] if a.tribes else [])
    print("| set | true k | " + " | ".join(columns) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in columns) + " |")
    tmp = tempfile.mkdtemp()
    for name, make, true_k in SETS:
        if a.only not in name:
            continue
        cells = {c: [] for c in columns}
        for seed in range(a.seeds):
            x, truth = make(np.random.default_rng(1000 + seed))
            if a.no_rules:
                choice, labels = {}, {true_k: kmeans(x, true_k, seed)[0]}
            else:
                choice, labels = rules(x, seed, rule_names)
            at_true = labels.get(true_k)
            cells["ARI at true k"].append((adjusted_rand_score(truth, at_true) if at_true is not None and true_k > 1
                                           else None, True))
            for r in rule_names:
                k = choice[r]
                ari = adjusted_rand_score(truth, labels[k]) if k in labels else 0.0
                cells[r].append((ari if true_k > 1 else None, k == true_k))
            if a.tribes:
                k, lab, structure = tribes(a.tribes, x, seed, tmp)
                right = structure in ("weak", "identical") if true_k == 1 else k == true_k
                cells["tribes"].append((adjusted_rand_score(truth, lab) if true_k > 1 else None, right))
            print(f"{name} seed {seed}: " + " ".join(f"{r}={k}" for r, k in choice.items()), file=sys.stderr, flush=True)

        def cell(c):
            aris = [v for v, _ in cells[c] if v is not None]
            right = np.mean([ok for _, ok in cells[c]])
            if c == "ARI at true k":
                return f"{np.mean(aris):.2f}" if aris else "–"
            return (f"{np.mean(aris):.2f} / " if aris else "– / ") + f"{right:.0%}"

        print(f"| {name} | {true_k} | " + " | ".join(cell(c) for c in columns) + " |", flush=True)


if __name__ == "__main__":
    main()
