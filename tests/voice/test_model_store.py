"""Model provisioning: resolution order, verification, clear errors, install from PyPI."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.servers import incar_command
from voice.asr import Recognizer
from voice.model_store import (
    ModelMissingError,
    install,
    installed_model_dir,
    manifest,
    resolve_model,
    status,
    verify_model,
)

pytestmark = pytest.mark.voice


def linked_copy(model_dir: Path, target: Path) -> Path:
    """A model directory of symlinks to the real files (cheap to damage one file of)."""
    for entry in manifest():
        (target / entry.path).parent.mkdir(parents=True, exist_ok=True)
        (target / entry.path).symlink_to(model_dir / entry.path)
    return target


def test_the_real_model_matches_the_manifest(model_dir: Path) -> None:
    assert verify_model(model_dir, full=True) == []


def test_explicit_model_wins(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCAR_VOSK_MODEL", "/nonexistent")
    assert resolve_model(model_dir) == model_dir


def test_missing_model_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INCAR_VOSK_MODEL")
    monkeypatch.setenv("INCAR_DATA_DIR", str(tmp_path))
    with pytest.raises(ModelMissingError, match="incar model install"):
        resolve_model()
    with pytest.raises(ModelMissingError, match="incar model install"):
        Recognizer(tmp_path / "no-such-model")
    assert status()[0] is False


def test_damaged_model_is_refused_before_vosk_sees_it(model_dir: Path, tmp_path: Path) -> None:
    damaged = linked_copy(model_dir, tmp_path / "model")
    graph = damaged / "graph" / "HCLr.fst"
    graph.unlink()
    graph.write_bytes(b"\0" * 1000)  # a truncated download
    with pytest.raises(ModelMissingError, match=r"damaged.*HCLr.fst.*incar model install"):
        Recognizer(damaged)


def test_same_size_corruption_is_found_by_the_full_check(model_dir: Path, tmp_path: Path) -> None:
    damaged = linked_copy(model_dir, tmp_path / "model")
    conf = damaged / "conf" / "model.conf"
    text = conf.read_bytes()
    conf.unlink()
    conf.write_bytes(text[:-1] + b"#")
    assert verify_model(damaged, full=False) == []
    assert verify_model(damaged, full=True) == ["conf/model.conf has the wrong SHA-256"]


def test_status_command_reports_a_damaged_model(model_dir: Path, tmp_path: Path) -> None:
    damaged = linked_copy(model_dir, tmp_path / "model")
    (damaged / "am" / "final.mdl").unlink()
    env = {**os.environ, "INCAR_VOSK_MODEL": str(damaged)}
    result = subprocess.run(
        incar_command("model", "status"), capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1
    assert "am/final.mdl is missing" in result.stdout and "incar model install" in result.stdout
    result = subprocess.run(
        incar_command("model", "path"), capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode != 0
    assert "incar model install" in result.stderr and "Traceback" not in result.stderr


def test_install_from_pypi_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real wheel from PyPI (pip's cache makes repeats fast), verified and unpacked."""
    monkeypatch.setenv("INCAR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("INCAR_VOSK_MODEL")
    path = install("pypi")
    assert path == installed_model_dir() and path.is_relative_to(tmp_path)
    assert verify_model(path, full=True) == []
    assert resolve_model() == path
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no leftovers
    # Installed and intact: a second install is a no-op that keeps the same files.
    before = (path / "am" / "final.mdl").stat().st_mtime_ns
    assert install() == path
    assert (path / "am" / "final.mdl").stat().st_mtime_ns == before
    # A damaged install is repaired by installing again.
    (path / "graph" / "Gr.fst").write_bytes(b"broken")
    assert install("pypi") == path
    assert verify_model(path, full=True) == []
    shutil.rmtree(path)
