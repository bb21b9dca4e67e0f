"""The files the programs load at run time are package data, found through importlib.resources,
so a wheel (`pip wheel .`) installed into a clean venv has them, not only an editable install."""

from __future__ import annotations

import fnmatch
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from car_ui.app import KV_FILES
from car_ui.assets import ICON_FONT, icon_font

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("package", "resource"),
    [
        ("car_ui.assets", "/".join(ICON_FONT)),
        ("car_ui.assets", "fonts/materialdesignicons-LICENSE.txt"),
        *[("car_ui", f"kv/{name}") for name in KV_FILES],
        ("voice", "templates.yaml"),
        ("voice", "model_manifest.sha256"),
        ("catalog", "migrations/script.py.mako"),
        ("catalog", "migrations/env.py"),
    ],
)
def test_runtime_file_is_package_data(package: str, resource: str) -> None:
    path = files(package).joinpath(*resource.split("/"))
    assert path.is_file(), f"{package}: {resource} missing"
    assert path.read_bytes()


def test_the_icon_font_is_a_truetype_file_kivy_can_open() -> None:
    font = icon_font()
    assert font.is_file() and font.suffix == ".ttf"
    assert font.read_bytes()[:4] == b"\x00\x01\x00\x00"  # the sfnt version of a TrueType font


def test_every_non_python_file_of_the_packages_goes_into_the_wheel() -> None:
    """pyproject's package-data globs cover each data file inside the packages, so
    `pip wheel .` cannot silently leave one out (as it once did the icon font)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    setuptools = config["tool"]["setuptools"]
    packages = [p.rstrip("*") for p in setuptools["packages"]["find"]["include"]]
    package_data: dict[str, list[str]] = setuptools["package-data"]
    left_out = []
    for top in packages:
        for path in (ROOT / top).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".py", ".pyc"):
                continue
            if _covered(path, package_data):
                continue
            left_out.append(str(path.relative_to(ROOT)))
    assert left_out == []


def _covered(path: Path, package_data: dict[str, list[str]]) -> bool:
    """Whether a package-data glob matches the file, as setuptools globs: relative to a
    package directory (every folder is one: pyproject's find includes namespace packages),
    with "*" not crossing a "/"."""
    for parent in path.parents:
        if parent == ROOT:
            return False
        package = ".".join(parent.relative_to(ROOT).parts)
        relative = path.relative_to(parent).as_posix()
        for key in ("*", package):
            for pattern in package_data.get(key, ()):
                if pattern.count("/") == relative.count("/") and fnmatch.fnmatch(relative, pattern):
                    return True
    return False
