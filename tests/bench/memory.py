#!/usr/bin/env python3
"""Benchmark: peak memory of the whole analysis, as a multiple of the file's size, natively and in wasm.

What it measures
    A customer table from tests/bench/telco.py (seed 13; --rows, default 1,000,000, x 10 columns,
    numeric and categorical) written to a temporary file, then analysed with k automatic:
      native  `/usr/bin/time -v target/release/tribes analyze FILE --seed 13` (output discarded):
              the maximum resident set size of the process, over the file's size.
      wasm    tests/bench/analyze-wasm.mjs in a fresh Node process: the module's linear memory
              after `analyze` (memory.buffer.byteLength, which only grows, so it is its peak),
              over the file's size. Node's own heap is not counted.
    The target of issue 13 is at most 3x on both sides. Memory does not depend on the machine's
    load, so each side runs once.

How to run (from the repository root, after `cargo xtask build` and
`cargo build --release -p tribes-cli`; needs GNU time at /usr/bin/time; CI does not run it):
    python3 tests/bench/memory.py [--rows 1000000]

Output: a short table, then one line of JSON (prefixed "JSON ").
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import telco as tables  # tests/bench, beside this script

ROOT = Path(__file__).resolve().parents[2]
SEED = 13
MiB = 1024 * 1024


def native(file: Path) -> dict:
    exe = ROOT / "target" / "release" / "tribes"
    if not exe.exists():
        sys.exit("memory: target/release/tribes is missing; run `cargo build --release -p tribes-cli`")
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", str(exe), "analyze", str(file), "--seed", str(SEED)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    ms = (time.perf_counter() - t0) * 1e3
    if proc.returncode != 0:
        sys.exit(f"memory: tribes analyze failed:\n{proc.stderr}")
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return {"peak_bytes": kb * 1024, "ms": round(ms)}


def wasm(file: Path) -> dict:
    script = ROOT / "tests" / "bench" / "analyze-wasm.mjs"
    request = json.dumps({"file": str(file), "options": {"seed": SEED}, "memory": True})
    proc = subprocess.run(["node", str(script)], cwd=ROOT, input=request + "\n", capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.exit(f"memory: the Node side failed:\n{proc.stderr}")
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    if "error" in answer:
        sys.exit(f"memory: tribes failed in wasm: {answer['error']}")
    return {"peak_bytes": answer["memory"], "ms": round(answer["total_ms"])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    data = tables.customers(args.rows, SEED)
    out = {}
    with tempfile.TemporaryDirectory(prefix="tribes-memory-") as tmp:
        file = Path(tmp) / "customers.csv"
        file.write_bytes(data)
        data = None
        size = file.stat().st_size
        print(f"customers: {args.rows} rows x 10 columns, {size / MiB:.1f} MiB", flush=True)
        out["native"] = native(file)
        out["wasm"] = wasm(file)
    print()
    print(f"{'side':<8}{'peak MiB':>10}{'x file':>8}{'target':>8}{'run ms':>9}")
    for side, r in out.items():
        r["ratio"] = round(r["peak_bytes"] / size, 2)
        print(f"{side:<8}{r['peak_bytes'] / MiB:>10.0f}{r['ratio']:>8.2f}{3.0:>8.1f}{r['ms']:>9}")
    print("JSON " + json.dumps({"bench": "memory", "rows": args.rows, "file_bytes": size, **out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
