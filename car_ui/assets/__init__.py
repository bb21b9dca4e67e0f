"""Files the head unit loads at run time (the icon font), shipped inside the package.

They are package data, found through `importlib.resources`, so a wheel installed anywhere
finds them just as a checkout does; nothing looks for a folder beside the source tree.
Example scripts and their clips stay in the repository's `assets/`: people run those by path.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib.resources import as_file, files
from pathlib import Path

from incar.errors import IncarError

ICON_FONT = ("fonts", "materialdesignicons-webfont.ttf")  # Material Design Icons, Apache-2.0

_extracted = contextlib.ExitStack()  # only used when the package is zipped
atexit.register(_extracted.close)


@functools.cache
def asset_path(*parts: str) -> Path:
    """A real file path for the packaged asset `parts` (Kivy and fonts need a path)."""
    resource = files(__name__).joinpath(*parts)
    if not resource.is_file():
        raise IncarError(f"incar is installed without its {'/'.join(parts)}: reinstall it")
    return _extracted.enter_context(as_file(resource))


def icon_font() -> Path:
    return asset_path(*ICON_FONT)
