"""Rendered pictures, kept so that each one is drawn once: in memory, then as files.

Files are named by the picture's content key (drawing, colours, size and renderer version),
so every catalog, every database and every process on the machine shares them, a changed
drawing simply gets a new name, and a file is never half-written (it is renamed into place).
The seed renders what its catalog needs (`warm`); the API renders only what is still missing.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from catalog.pictures.render import DEFAULT_SIZE, Picture, render_png
from incar.paths import data_dir

log = logging.getLogger(__name__)

MEMORY_ENTRIES = 512  # ~4 MiB of tile-sized PNGs


def default_folder() -> Path:
    """`pictures/` in the data dir (INCAR_DATA_DIR)."""
    return data_dir() / "pictures"


@lru_cache(maxsize=8192)
def picture_key(picture: Picture, size: int) -> str:
    return picture.key(size)


class PictureCache:
    """PNG bytes by picture and size; thread-safe (the API renders in its thread pool)."""

    def __init__(self, folder: Path | None = None, max_entries: int = MEMORY_ENTRIES) -> None:
        self.folder = folder or default_folder()
        self.max_entries = max_entries
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._warned = False

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.png"

    def png(self, picture: Picture, size: int = DEFAULT_SIZE) -> bytes:
        key = picture_key(picture, size)
        with self._lock:
            data = self._memory.get(key)
            if data is not None:
                self._memory.move_to_end(key)
                return data
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = render_png(picture, size)
            self._write(path, data)
        with self._lock:
            self._memory[key] = data
            if len(self._memory) > self.max_entries:
                self._memory.popitem(last=False)
        return data

    def _write(self, path: Path, data: bytes) -> None:
        """Into place by rename: a reader never sees a partial file, and two processes
        rendering the same picture write the same bytes. A folder that cannot be written
        (a read-only data dir) costs only the file: the picture is served from memory."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        except OSError as exc:
            self._cannot_keep(exc)
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            self._cannot_keep(exc)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _cannot_keep(self, exc: OSError) -> None:
        if not self._warned:
            self._warned = True
            log.warning("pictures are not kept in %s (%s): drawn again as needed", self.folder, exc)

    def warm(self, pictures: Iterable[Picture], size: int = DEFAULT_SIZE) -> int:
        """Render the pictures that have no file yet; returns how many were rendered."""
        rendered = 0
        for picture in set(pictures):
            path = self._path(picture_key(picture, size))
            if not path.exists():
                self._write(path, render_png(picture, size))
                rendered += 1
                if self._warned:  # nowhere to keep them: the API draws them when asked
                    break
        return rendered
