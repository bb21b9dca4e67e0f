"""Load the speech model without the word table Vosk never reads.

The small English model's `graph/Gr.fst` (its language model) carries its 152,217-word symbol
table twice: once as the FST's input symbols and once as its output symbols, byte for byte the
same. Vosk takes its word list from the output symbols only, yet OpenFST builds both tables
when it reads the file, and each costs about 20 MiB of the head unit's 350 MiB budget.

So the recognizer loads a lean directory instead: every file of the verified model linked,
except `graph/Gr.fst`, which is written once without its input table (the header's
has-input-symbols flag cleared, nothing else changed). The copy is made only when the two
tables are found identical; any other layout (a different model, an unexpected header, a
read-only data dir) loads the original directory, so this can cost memory but never a model.
Recognition is the same: the decoder reads no symbols, and the word ids come from the
output table that stays.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import struct
import tempfile
from pathlib import Path
from typing import BinaryIO

from incar.paths import data_dir

log = logging.getLogger(__name__)

LEAN_FORMAT = 1  # bump when what the lean copy leaves out changes
_FST_MAGIC = 2125659606  # OpenFST FstHeader
_SYMBOLS_MAGIC = 2125658996  # OpenFST SymbolTable (binary)
_HAS_INPUT_SYMBOLS = 1
_HAS_OUTPUT_SYMBOLS = 2
_CHUNK = 1 << 20


class _Layout(ValueError):
    """The file is not laid out as this module expects."""


def _read(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise _Layout("the file ends early")
    return data


def _int32(stream: BinaryIO) -> int:
    value: int = struct.unpack("<i", _read(stream, 4))[0]
    return value


def _int64(stream: BinaryIO) -> int:
    value: int = struct.unpack("<q", _read(stream, 8))[0]
    return value


def _skip_string(stream: BinaryIO) -> None:
    length = _int32(stream)
    if not 0 <= length < 1 << 16:
        raise _Layout("a string of impossible length")
    _read(stream, length)


def _header_flags(stream: BinaryIO) -> tuple[int, int]:
    """(offset of the flags field, the flags); the stream is left at the header's end."""
    if _int32(stream) != _FST_MAGIC:
        raise _Layout("not an OpenFST file")
    _skip_string(stream)  # FST type
    _skip_string(stream)  # arc type
    _int32(stream)  # version
    flags_at = stream.tell()
    flags = _int32(stream)
    _read(stream, 8 + 8 + 8 + 8)  # properties, start, states, arcs
    return flags_at, flags


def _skip_symbols(stream: BinaryIO) -> None:
    if _int32(stream) != _SYMBOLS_MAGIC:
        raise _Layout("not a symbol table")
    _skip_string(stream)  # the table's name
    _int64(stream)  # available key
    size = _int64(stream)
    if not 0 <= size < 1 << 24:
        raise _Layout("a symbol table of impossible size")
    for _ in range(size):
        _skip_string(stream)
        _int64(stream)


def _same_bytes(path: Path, first: tuple[int, int], second: tuple[int, int]) -> bool:
    if first[1] - first[0] != second[1] - second[0]:
        return False
    with path.open("rb") as a, path.open("rb") as b:
        a.seek(first[0])
        b.seek(second[0])
        left = first[1] - first[0]
        while left:
            size = min(_CHUNK, left)
            if a.read(size) != b.read(size):
                return False
            left -= size
    return True


def write_without_input_symbols(source: Path, target: Path) -> bool:
    """Write `source` (an FST) to `target` without its input symbol table, when that table is
    the same as its output one; False (and nothing written) for any other file."""
    try:
        with source.open("rb") as stream:
            flags_at, flags = _header_flags(stream)
            wanted = _HAS_INPUT_SYMBOLS | _HAS_OUTPUT_SYMBOLS
            if flags & wanted != wanted:
                return False
            header_end = stream.tell()
            _skip_symbols(stream)
            inputs_end = stream.tell()
            _skip_symbols(stream)
            outputs_end = stream.tell()
            if not _same_bytes(source, (header_end, inputs_end), (inputs_end, outputs_end)):
                return False
            stream.seek(0)
            header = bytearray(_read(stream, header_end))
            struct.pack_into("<i", header, flags_at, flags & ~_HAS_INPUT_SYMBOLS)
            stream.seek(inputs_end)
            with target.open("wb") as out:
                out.write(header)
                shutil.copyfileobj(stream, out, _CHUNK)
    except _Layout as why:
        log.info("%s is kept whole: %s", source, why)
        return False
    return True


def _key(model_dir: Path, graph: Path) -> str:
    stat = graph.stat()
    seed = f"{LEAN_FORMAT}|{model_dir.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def _link_tree(model_dir: Path, into: Path, lean_graph: Path) -> None:
    """Links to every entry of `model_dir` but graph/, whose entries are linked but Gr.fst."""
    for entry in model_dir.iterdir():
        if entry.name != "graph":
            (into / entry.name).symlink_to(entry.resolve())
    (into / "graph").mkdir()
    for entry in (model_dir / "graph").iterdir():
        if entry.name != "Gr.fst":
            (into / "graph" / entry.name).symlink_to(entry.resolve())
    lean_graph.replace(into / "graph" / "Gr.fst")


def _remove_orphans(root: Path) -> None:
    """Lean copies of a model that is gone (reinstalled or deleted): their links are broken."""
    for copy in root.iterdir():
        if not copy.name.startswith(".") and not (copy / "am").exists():
            shutil.rmtree(copy, ignore_errors=True)


def lean_model_dir(model_dir: Path) -> Path:
    """The directory to load `model_dir` from: its lean copy (made on first use, kept in the
    data dir), or `model_dir` itself when a lean copy cannot be made."""
    graph = model_dir / "graph" / "Gr.fst"
    if not graph.is_file():
        return model_dir
    try:
        root = data_dir() / "models" / "lean"
        target = root / _key(model_dir, graph)
        if (target / "graph" / "Gr.fst").is_file():
            return target
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=root, prefix=".building-") as tmp:
            building = Path(tmp) / "model"
            building.mkdir()
            lean_graph = Path(tmp) / "Gr.fst"
            if not write_without_input_symbols(graph, lean_graph):
                return model_dir
            _link_tree(model_dir, building, lean_graph)
            try:
                os.replace(building, target)
            except OSError:  # another process put its copy there first
                if not (target / "graph" / "Gr.fst").is_file():
                    raise
        _remove_orphans(root)
        return target
    except OSError as error:
        log.warning("loading the whole speech model (no lean copy: %s)", error)
        return model_dir
