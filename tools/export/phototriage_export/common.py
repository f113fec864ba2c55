"""Shared helpers: manifests (the format io.phototriage.core.model.ModelManifest reads), hashing, seeding, golden files."""
from __future__ import annotations

import hashlib
import json
import os
import random
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("PHOTOTRIAGE_SHARED", REPO_ROOT.parent / "shared"))
COCO128 = SHARED / "data" / "coco128"
# Committed tiny fixtures live here (each file well under 5 MB); the Java tests read them from the class path.
FIXTURES = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "fixtures"
# A few real photos that every golden file uses (people, pets, neither).
GOLDEN_PHOTOS = ["000000000009.jpg", "000000000025.jpg", "000000000030.jpg", "000000000034.jpg", "000000000036.jpg"]


def seed_everything(seed: int = 0) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def write_manifest(model_dir: Path, name: str, engine: str, files: dict[str, str], contract: dict, source: str) -> Path:
    """Writes model_dir/manifest.json; files maps role -> path relative to model_dir."""
    model_dir = Path(model_dir)
    manifest = {
        "name": name,
        "engine": engine,
        "files": {role: {"path": rel, "sha256": sha256(model_dir / rel)} for role, rel in files.items()},
        "contract": contract,
        "source": source,
    }
    out = model_dir / "manifest.json"
    out.write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    return out


def write_json(path: Path, obj) -> None:
    """Golden files: plain JSON, floats as written by Python (full precision), arrays as nested lists."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def default(o):
        if isinstance(o, np.ndarray):
            return o.tolist()
        if isinstance(o, (np.floating,)):
            return float(o)
        if isinstance(o, (np.integer,)):
            return int(o)
        raise TypeError(type(o))

    path.write_text(json.dumps(obj, default=default) + "\n")


def write_tensor(path: Path, array) -> None:
    """Binary golden tensor: little-endian float32, shape in a sidecar .json ({"shape": [...]})."""
    a = np.ascontiguousarray(np.asarray(array, dtype="<f4"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(a.tobytes())
    Path(str(path) + ".json").write_text(json.dumps({"shape": list(a.shape), "dtype": "float32le"}) + "\n")


def add_mode_group(p, *, tiny: str, real: str, full_random: str | None = None, required: bool = True):
    """The export mode of a model family, one at a time: --tiny (the committed random-weight fixture), --real (the real
    checkpoint) and, where the family has it, --full-random (the full-size architecture with random weights). The help
    texts are the family's own."""
    mode = p.add_mutually_exclusive_group(required=required)
    mode.add_argument("--tiny", action="store_true", help=tiny)
    mode.add_argument("--real", action="store_true", help=real)
    if full_random is not None:
        mode.add_argument("--full-random", action="store_true", help=full_random)
    return mode


def require_out(out, mode: str, hint: str):
    """The --out folder that a mode (--real, --full-random) cannot do without: stops with
    "MODE needs --out DIR (HINT)" when it was not given, else returns it."""
    if out is None:
        raise SystemExit(f"{mode} needs --out DIR ({hint})")
    return out
