"""Install the CPU build of torch, as pinned in pyproject.toml, into this Python (a step of `make setup`).

    .venv/bin/python scripts/setup_torch.py [--index-url URL]

PyPI's torch for Linux bundles CUDA (several GB); PyTorch's CPU index has the
CPU build. That index is tried first, failing fast where it cannot be
reached; then the default index (a CPU build on macOS and Windows, CUDA on
Linux x86_64, said so in a warning). Prints which build it took and from where.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# An unreachable index costs at most ~20 s, not pip's default of 5 retries × 15 s.
FAST = ["--timeout", "10", "--retries", "1"]


def torch_requirement(pyproject: Path) -> str:
    """Return the torch requirement of pyproject.toml's dependencies ("torch==2.13.0")."""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    for dep in deps:
        if re.split(r"[^A-Za-z0-9._-]", dep, maxsplit=1)[0].lower() == "torch":
            return str(dep)
    raise SystemExit(f"setup_torch: no torch requirement in {pyproject}")


def pip_install(requirement: str, *options: str) -> dict[str, str] | None:
    """Install `requirement` alone; return what pip installed (name, version, where from), or None if it failed."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--report", str(report), *options, requirement]
        if subprocess.run(cmd, check=False).returncode != 0:
            return None
        installed = json.loads(report.read_text())["install"]
    if not installed:  # already installed: nothing to report from pip
        return {}
    item = installed[0]
    requires = item["metadata"].get("requires_dist") or []
    return {
        "version": item["metadata"]["version"],
        "url": item["download_info"]["url"],
        "cuda": str(any(r.lower().startswith("nvidia") for r in requires)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-url", default=CPU_INDEX, help=f"the CPU wheel index (default {CPU_INDEX})")
    args = parser.parse_args(argv)
    requirement = torch_requirement(ROOT / "pyproject.toml")

    took = pip_install(requirement, *FAST, "--index-url", args.index_url)
    if took is None:
        print(f"setup: {args.index_url} cannot be reached; taking {requirement} from the default index")
        took = pip_install(requirement)
        if took is None:
            return 1
    if not took:
        print(f"setup: {requirement} is already installed")
        return 0
    build = "a CUDA build" if took["cuda"] == "True" else "the CPU build"
    print(f"setup: torch {took['version']}, {build}, from {took['url']}")
    if took["cuda"] == "True":
        print("setup: warning: this torch bundles CUDA (several GB); see README, Quickstart", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
