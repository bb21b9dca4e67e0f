"""Find, verify and install the offline speech model (CONTRACTS section 5).

The model is 71 MB of files a recognizer trusts blindly: a truncated graph makes Kaldi abort
the whole process. So every file is checked against a SHA-256 manifest kept in the project
before first use, a cheap size check runs at every load, and installation happens in a
temporary directory that is renamed into place only once it is complete and verified.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import httpx

from incar.errors import IncarError
from incar.paths import data_dir
from incar.progress import progress

log = logging.getLogger(__name__)

MODEL_NAME = "vosk-model-small-en-us-0.15"
OFFICIAL_URL = f"https://alphacephei.com/vosk/models/{MODEL_NAME}.zip"
OFFICIAL_TIMEOUT_S = 5.0
WHEEL_REQUIREMENT = "videogrep==2.3.0"
WHEEL_SHA256 = "471edd50cb1d0c1eb6a525e2729d4d4a0751eb729c8cb73b794ab2dbd2f10a59"
WHEEL_MODEL_PREFIX = "videogrep/model/"
MANIFEST_FILE = Path(__file__).with_name("model_manifest.sha256")
# Files any Vosk model needs; a user-supplied model (--model) is checked for these only.
_VOSK_REQUIRED = ("am/final.mdl", "conf/model.conf")
_CHUNK = 1 << 20
INSTALL_HINT = "run `incar model install`"


class ModelMissingError(IncarError):
    """No usable speech model; the message says how to get one."""


@dataclass(frozen=True)
class ManifestEntry:
    sha256: str
    size: int
    path: str


@cache
def manifest() -> tuple[ManifestEntry, ...]:
    """The expected files of the model, from voice/model_manifest.sha256."""
    entries = []
    for line in MANIFEST_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, size, path = line.split(maxsplit=2)
            entries.append(ManifestEntry(digest, int(size), path))
    return tuple(entries)


def installed_model_dir() -> Path:
    """Where `incar model install` puts the model (it may not exist yet)."""
    return data_dir() / "models" / MODEL_NAME


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_model(model_dir: Path, *, full: bool) -> list[str]:
    """Problems with `model_dir` as a copy of our model: missing files, wrong sizes and, when
    `full`, wrong SHA-256 hashes. Empty means intact."""
    problems = []
    for entry in manifest():
        path = model_dir / entry.path
        if not path.is_file():
            problems.append(f"{entry.path} is missing")
        elif path.stat().st_size != entry.size:
            problems.append(f"{entry.path} has {path.stat().st_size} bytes, not {entry.size}")
        elif full and _sha256(path) != entry.sha256:
            problems.append(f"{entry.path} has the wrong SHA-256")
    return problems


def _is_our_model(model_dir: Path) -> bool:
    """Whether a directory looks like a copy of our model rather than another Vosk model."""
    return (model_dir / "graph" / "HCLr.fst").exists() and (model_dir / "README").exists()


def check_model_dir(model_dir: Path, *, full: bool = False) -> Path:
    """`model_dir` if a recognizer can load it, else ModelMissingError naming the fix.

    Our model is checked against the manifest (sizes; hashes too when `full`); another Vosk
    model given with --model is only checked for the files every Vosk model has.
    """
    if not model_dir.is_dir():
        raise ModelMissingError(
            f"speech model directory {model_dir} does not exist; {INSTALL_HINT}"
        )
    if _is_our_model(model_dir):
        problems = verify_model(model_dir, full=full)
    else:
        problems = [
            f"{name} is missing" for name in _VOSK_REQUIRED if not (model_dir / name).is_file()
        ]
    if problems:
        raise ModelMissingError(
            f"speech model at {model_dir} is damaged ({'; '.join(problems[:3])}); {INSTALL_HINT}"
        )
    return model_dir


def resolve_model(explicit: Path | str | None = None, *, full: bool = False) -> Path:
    """The model to use: `explicit` (--model), INCAR_VOSK_MODEL, then the installed copy."""
    chosen = explicit or os.environ.get("INCAR_VOSK_MODEL")
    if chosen:
        return check_model_dir(Path(chosen).expanduser(), full=full)
    installed = installed_model_dir()
    if not installed.exists():
        raise ModelMissingError(f"no speech model is installed; {INSTALL_HINT}")
    return check_model_dir(installed, full=full)


def status() -> tuple[bool, str]:
    """(ok, one-line description) for `incar model status`, with a full hash check."""
    try:
        path = resolve_model(full=True)
    except ModelMissingError as exc:
        return False, str(exc)
    return True, f"{MODEL_NAME} ok at {path} (all files match the SHA-256 manifest)"


def install(source: str | None = None) -> Path:
    """Install the model into the data dir from `source` ("official", "pypi") or, when None,
    the official download and then the PyPI wheel. A no-op when an intact copy is there."""
    target = installed_model_dir()
    if target.exists() and not verify_model(target, full=True):
        log.info("model already installed and intact at %s", target)
        return target
    fetchers: dict[str, Callable[[Path], Path]] = {
        "official": _fetch_official,
        "pypi": _fetch_wheel,
    }
    if source is not None and source not in fetchers:
        raise IncarError(f"unknown model source {source!r}; use one of {', '.join(fetchers)}")
    failures = []
    for name in [source] if source else list(fetchers):
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".install-") as tmp:
            try:
                unpacked = fetchers[name](Path(tmp))
            except (OSError, httpx.HTTPError, zipfile.BadZipFile, IncarError) as exc:
                log.warning("model source %s failed: %s", name, exc)
                failures.append(f"{name}: {exc}")
                continue
            problems = verify_model(unpacked, full=True)
            if problems:
                failures.append(f"{name}: files do not match the manifest ({problems[0]})")
                continue
            _swap_into_place(unpacked, target)
            log.info("model installed from %s at %s", name, target)
            return target
    raise IncarError("could not install the speech model: " + " | ".join(failures))


def _swap_into_place(unpacked: Path, target: Path) -> None:
    """Replace `target` with `unpacked` so no reader ever sees a half-copied model."""
    old = target.with_name(f".old-{target.name}")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    unpacked.rename(target)
    if old.exists():
        shutil.rmtree(old)


def _fetch_official(tmp: Path) -> Path:
    """Download the official zip (short timeout: in a car or CI there is often no route)."""
    archive = tmp / f"{MODEL_NAME}.zip"
    timeout = httpx.Timeout(OFFICIAL_TIMEOUT_S, read=30.0)
    with httpx.stream("GET", OFFICIAL_URL, timeout=timeout, follow_redirects=True) as response:
        response.raise_for_status()
        total = int(response.headers.get("content-length") or 0)
        with progress("downloading speech model", total) as bar, archive.open("wb") as out:
            for chunk in response.iter_bytes(_CHUNK):
                out.write(chunk)
                bar.advance(len(chunk))
    return _unpack(archive, f"{MODEL_NAME}/", tmp / "model")


def _fetch_wheel(tmp: Path) -> Path:
    """Take the same model from the videogrep wheel on PyPI, using only its model folder."""
    download = tmp / "wheel"
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check"]
    command += ["--quiet", "-d", str(download), WHEEL_REQUIREMENT]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise IncarError(f"pip download {WHEEL_REQUIREMENT} failed: {result.stderr.strip()[-300:]}")
    wheels = sorted(download.glob("*.whl"))
    if not wheels:
        raise IncarError(f"pip download {WHEEL_REQUIREMENT} produced no wheel")
    digest = _sha256(wheels[0])
    if digest != WHEEL_SHA256:
        raise IncarError(f"{wheels[0].name} has SHA-256 {digest}, expected {WHEEL_SHA256}")
    return _unpack(wheels[0], WHEEL_MODEL_PREFIX, tmp / "model")


def _unpack(archive: Path, prefix: str, dest: Path) -> Path:
    """Extract the members under `prefix` into `dest`, refusing paths that escape it."""
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.infolist() if m.filename.startswith(prefix) and not m.is_dir()]
        if not members:
            raise IncarError(f"{archive.name} has no {prefix} folder")
        with progress("unpacking speech model", sum(m.file_size for m in members)) as bar:
            for member in members:
                relative = Path(member.filename[len(prefix) :])
                if relative.is_absolute() or ".." in relative.parts:
                    raise IncarError(f"{archive.name} has an unsafe path {member.filename!r}")
                out_path = dest / relative
                out_path.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as src, out_path.open("wb") as out:
                    shutil.copyfileobj(src, out, _CHUNK)
                bar.advance(member.file_size)
    return dest
