#!/usr/bin/env python3
"""Benchmark: `tribes analyze` natively on 1 thread and on N, against scikit-learn in one thread.

What it measures
    telco-fixture  tests/fixtures/exports/telco-churn.csv (the fixture's rows), k automatic
    telco      7,043 rows in Telco's layout (tests/bench/telco.py, seed 13), k automatic
    c1m        1,000,000 customers x 10 columns (tests/bench/telco.py, seed 13), k automatic
    fixed-k    100,000 x 8 numbers (tests/bench/telco.py, seed 13), k = 4, one start
    Each is timed --runs times (default 5) per side, the sides taking turns in a rotating order,
    after one warm-up run each; the median is reported.
      tribes    target/release/tribes analyze FILE --seed 13 --threads T (wall time of the
                process: reading the file from the page cache, the analysis, the JSON written
                to a pipe). The labels of every thread count are checked equal to one thread's.
      sklearn   auto-vs-sklearn.py's peer in one thread (read_csv from bytes in memory, scale,
                one-hot, KMeans n_init=3 per k on a 20,000-row sample, silhouette on 2,000,
                the final fit, PCA; fixed k: KMeans(4, n_init=1)). Not run on c1m (its final
                fit alone takes minutes in one thread), nor with --no-sklearn.

How to run (from the repository root, after `cargo build --release -p tribes-cli`; Python 3 with
numpy, pandas, scikit-learn and threadpoolctl; CI does not run it):
    python3 tests/bench/threads.py [--runs 5] [--threads 1,2] [--only telco,c1m,fixed-k]

Output: a table, then one line of JSON with every number (prefixed "JSON "). Compare numbers
within one output only.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import telco as tables  # tests/bench, beside this script

SEED = 13


def peer_module():
    spec = importlib.util.spec_from_file_location("auto_vs_sklearn", HERE / "auto-vs-sklearn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = {
    # name: (file or (table, rows), tribes flags, peer function name or None)
    "telco-fixture": (ROOT / "tests/fixtures/exports/telco-churn.csv", [], "sklearn_auto"),
    "telco": (("telco", 7043), [], "sklearn_auto"),
    "c1m": (("customers", 1_000_000), [], None),
    "fixed-k": (("numbers", 100_000), ["--k", "4", "--n-init", "1"], "sklearn_fixed"),
}


def tribes(binary, file, flags, threads):
    t0 = time.perf_counter()
    out = subprocess.run(
        [str(binary), "analyze", str(file), "--seed", str(SEED), "--threads", str(threads), *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=True,
    )
    ms = (time.perf_counter() - t0) * 1e3
    result = json.loads(out.stdout)
    return ms, result["labels"], result["k"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--only", default=",".join(CASES))
    ap.add_argument("--no-sklearn", action="store_true")
    ap.add_argument("--binary", default=str(ROOT / "target/release/tribes"))
    args = ap.parse_args()
    counts = [int(t) for t in args.threads.split(",")]
    peer = None if args.no_sklearn else peer_module()
    rows_out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only.split(","):
            source, flags, peer_name = CASES[name]
            if isinstance(source, tuple):
                table, rows = source
                data = tables.TABLES[table][0](rows, SEED)
                file = Path(tmp) / f"{name}.csv"
                file.write_bytes(data)
            else:
                file = source
                data = file.read_bytes()
            sides = [("tribes", t) for t in counts]
            if peer and peer_name:
                sides.append(("sklearn", 0))
            times = {side: [] for side in sides}
            labels = {}
            k = {}

            def run(side):
                if side[0] == "tribes":
                    ms, lab, kk = tribes(args.binary, file, flags, side[1])
                    labels[side[1]] = lab
                    k[side] = kk
                else:
                    from threadpoolctl import threadpool_limits

                    with threadpool_limits(1):
                        t0 = time.perf_counter()
                        out = getattr(peer, peer_name)(data, SEED)
                        ms = (time.perf_counter() - t0) * 1e3
                    k[side] = out["k"]
                return ms

            for side in sides:  # warm-up
                run(side)
            for i in range(args.runs):
                order = sides[i % len(sides):] + sides[: i % len(sides)]
                for side in order:
                    times[side].append(run(side))
            same = all(labels[t] == labels[counts[0]] for t in counts)
            med = {side: statistics.median(ts) for side, ts in times.items()}
            base = med[("tribes", counts[0])]
            row = {
                "case": name,
                "bytes": len(data),
                "labels_equal": same,
                "k": {f"{s[0]}{s[1] or ''}": v for s, v in k.items()},
                "median_ms": {f"{s[0]}{s[1] or ''}": round(v, 1) for s, v in med.items()},
                "runs_ms": {f"{s[0]}{s[1] or ''}": [round(x, 1) for x in ts] for s, ts in times.items()},
                "speedup": {f"tribes{t}": round(base / med[("tribes", t)], 3) for t in counts},
            }
            if ("sklearn", 0) in med:
                row["vs_sklearn"] = {
                    f"tribes{t}": round(med[("tribes", t)] / med[("sklearn", 0)], 3) for t in counts
                }
            rows_out.append(row)
            print(
                f"{name:8} "
                + "  ".join(f"{key} {v:8.1f} ms" for key, v in row["median_ms"].items())
                + f"  speedup {row['speedup']}"
                + (f"  vs sklearn {row['vs_sklearn']}" if "vs_sklearn" in row else "")
                + f"  labels equal: {same}",
                flush=True,
            )
    print("JSON " + json.dumps(rows_out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
