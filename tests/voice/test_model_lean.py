"""The lean model copy: the real model's duplicate word table is left out and recognition still
works; any FST not laid out as expected is left whole, never half-written."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from voice.asr import Recognizer
from voice.model_lean import lean_model_dir, write_without_input_symbols

pytestmark = pytest.mark.voice

# The small English model's Gr.fst: 24,013,795 bytes, of which its input word table (152,217
# words, the same bytes as the output table after it) takes 2,983,113.
REAL_GRAPH_SIZE = 24_013_795
REAL_INPUT_TABLE_SIZE = 2_983_113


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<i", len(data)) + data


def _symbols(words: list[str]) -> bytes:
    table = struct.pack("<i", 2125658996) + _string("words.txt")
    table += struct.pack("<qq", len(words), len(words))
    return table + b"".join(_string(w) + struct.pack("<q", i) for i, w in enumerate(words))


def _fst(flags: int, tables: list[bytes], body: bytes = b"BODY-BYTES") -> bytes:
    header = struct.pack("<i", 2125659606) + _string("ngram") + _string("standard")
    header += struct.pack("<ii", 4, flags) + struct.pack("<Qqqq", 7, 1, 3, 0)
    return header + b"".join(tables) + body


def _flags(path: Path) -> int:
    data = path.read_bytes()
    at = 4 + (4 + len("ngram")) + (4 + len("standard")) + 4
    flags: int = struct.unpack_from("<i", data, at)[0]
    return flags


def test_the_real_model_loads_without_its_duplicate_word_table(model_dir: Path) -> None:
    lean = lean_model_dir(model_dir)
    assert lean != model_dir
    graph = lean / "graph" / "Gr.fst"
    assert (model_dir / "graph" / "Gr.fst").stat().st_size == REAL_GRAPH_SIZE
    assert graph.stat().st_size == REAL_GRAPH_SIZE - REAL_INPUT_TABLE_SIZE
    header = graph.read_bytes()[:64]
    assert struct.unpack_from("<i", header, 4 + 9 + 12 + 4)[0] == 2  # output symbols only
    assert (lean / "am" / "final.mdl").resolve() == (model_dir / "am" / "final.mdl").resolve()
    assert lean_model_dir(model_dir) == lean  # made once, then reused
    recognizer = Recognizer(model_dir)
    assert recognizer.knows_word("latte") and recognizer.knows_word("croissant")
    assert not recognizer.knows_word("zzqx")


def test_identical_tables_lose_the_input_one_and_nothing_else(tmp_path: Path) -> None:
    words = _symbols(["<eps>", "latte", "mocha"])
    source = tmp_path / "Gr.fst"
    source.write_bytes(_fst(3, [words, words]))
    target = tmp_path / "lean.fst"
    assert write_without_input_symbols(source, target)
    assert target.read_bytes() == _fst(2, [words])
    assert _flags(target) == 2


@pytest.mark.parametrize(
    "content",
    [
        _fst(3, [_symbols(["<eps>", "latte"]), _symbols(["<eps>", "mocha"])]),  # different
        _fst(2, [_symbols(["<eps>", "latte"])]),  # one table already
        _fst(3, [_symbols(["<eps>", "latte", "mocha"])])[:-30],  # cut short
        b"not an fst at all",
    ],
    ids=["different-tables", "output-only", "truncated", "garbage"],
)
def test_any_other_layout_is_left_whole(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "Gr.fst"
    source.write_bytes(content)
    target = tmp_path / "lean.fst"
    assert not write_without_input_symbols(source, target)
    assert not target.exists()
    assert source.read_bytes() == content


def test_a_model_whose_graph_cannot_be_made_lean_is_loaded_as_it_is(tmp_path: Path) -> None:
    model = tmp_path / "model"
    (model / "graph").mkdir(parents=True)
    (model / "graph" / "Gr.fst").write_bytes(b"not an fst at all")
    assert lean_model_dir(model) == model
    assert lean_model_dir(tmp_path / "no-graph") == tmp_path / "no-graph"
