"""The image's build files agree with the tree: what the Dockerfile copies exists and is in the build context.

The image itself is built and checked by scripts/check_image.py (minutes, buildah,
root); these catch in a second the mistakes that would only show there.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def copied_sources() -> list[str]:
    """Return the build-context paths of the Dockerfile's COPY lines (not those --from a stage)."""
    paths = []
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            paths += [p for p in line.split()[1:-1] if not p.startswith("--")]
    return paths


def in_context(path: str) -> bool:
    """Tell whether .dockerignore lets `path` into the build context (last matching rule wins)."""
    included = True
    for rule in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        rule = rule.strip()
        if not rule or rule.startswith("#"):
            continue
        negate = rule.startswith("!")
        pattern = rule.lstrip("!").rstrip("/").removeprefix("**/")
        parts = Path(path).parts
        if any(fnmatch.fnmatch("/".join(parts[: i + 1]), pattern) or fnmatch.fnmatch(parts[i], pattern) for i in range(len(parts))):
            included = negate
    return included


def test_everything_the_dockerfile_copies_exists_and_is_in_the_build_context() -> None:
    sources = copied_sources()
    assert "bot" in sources and "index" in sources
    for path in sources:
        assert (ROOT / path).exists(), f"the Dockerfile copies {path}, which does not exist"
        assert in_context(path), f"the Dockerfile copies {path}, which .dockerignore leaves out"


def test_secrets_data_and_environments_stay_out_of_the_build_context() -> None:
    for path in ("frontline.env", ".env", ".venv/bin/python", "data/frontline.db", ".git/config", "build/lib", "dist/x.whl",
                 "tests/conftest.py", "bot/__pycache__/app.cpython-311.pyc", "frontline.egg-info/PKG-INFO"):
        assert not in_context(path), f"{path} would be sent to the image build"


def test_the_model_stage_copies_every_module_the_conversion_imports() -> None:
    # The model is converted in a stage of its own, from a few files, so that a
    # change elsewhere does not convert it again; an import added to those files
    # must be copied there too.
    stage = DOCKERFILE[DOCKERFILE.index("AS model") : DOCKERFILE.index("AS project")]
    copied = set(re.findall(r"index/\w+\.py", stage))
    todo, seen = ["index/openvino_encoder.py"], set()
    while todo:
        module = todo.pop()
        seen.add(module)
        for node in ast.walk(ast.parse((ROOT / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("index"):
                path = node.module.replace(".", "/") + ".py"
                if path not in seen:
                    todo.append(path)
    assert seen <= copied, f"the model stage lacks {sorted(seen - copied)}"


def test_the_env_file_compose_reads_is_never_committed() -> None:
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "env_file: frontline.env" in compose
    assert "frontline.env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert (ROOT / "frontline.env.example").is_file()
