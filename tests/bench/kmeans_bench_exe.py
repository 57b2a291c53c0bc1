"""The native k-means benchmark binary, shared by kmeans-speed.py and minibatch-vs-lloyd.py."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build(caller: str) -> Path:
    """Builds crates/tribes-core/examples/kmeans_bench.rs in release and returns its path; exits
    with cargo's message, prefixed by `caller`, when the build fails."""
    cmd = ["cargo", "build", "--release", "-p", "tribes-core", "--example", "kmeans_bench"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{caller}: {' '.join(cmd)} failed:\n{proc.stderr}")
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(json.loads(meta.stdout)["target_directory"]) / "release" / "examples" / "kmeans_bench"
