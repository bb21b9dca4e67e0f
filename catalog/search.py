"""Relevance-ranked item search with one Python API over SQLite FTS5 and PostgreSQL tsvector.

What makes spoken queries work happens here, before either engine sees them: every query word
is mapped onto the catalog's own vocabulary (plurals to singulars, small typos to the nearest
word with rapidfuzz), an item whose title or alias IS the phrase ranks first, and a query whose
words do not all occur in one item ("oat latte") falls back from AND to OR.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Engine, bindparam, text

_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_STOP_WORDS = frozenset({"a", "an", "the", "some", "of", "please", "and", "with", "for", "me"})
TYPO_CUTOFF = 80


@dataclass(frozen=True)
class SearchPage:
    """Item ids of one page, best first, and how many items match in all."""

    item_ids: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class _Vocabulary:
    words: frozenset[str]
    word_list: tuple[str, ...]
    exact_names: dict[str, tuple[int, ...]]  # lower-case title or alias -> item ids


def words_of(phrase: str) -> list[str]:
    return [w for w in _WORD.findall(phrase.lower()) if w not in _STOP_WORDS]


class Searcher:
    """Search one database. Thread-safe; the catalog is read once, lazily, and cached.

    The catalog does not change while the API runs (only stock does), so query results are
    cached too; restart the API after reseeding its database.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._lock = threading.Lock()
        self._vocabulary: _Vocabulary | None = None
        self.search = lru_cache(maxsize=4096)(self._search)

    def _search(
        self, query: str | None, category_id: int | None, limit: int, offset: int
    ) -> SearchPage:
        """The page of items matching `query` (all items when empty) in the category."""
        with self._engine.connect() as conn:
            if query and _CJK.search(query):
                return self._search_chinese(conn, query.strip(), category_id, limit, offset)
            words = self.normalize(query or "")
            if not words:
                if words_of(query or ""):  # words were said, none is in the catalog
                    return SearchPage((), 0)
                return self._list(conn, category_id, limit, offset)
            exact = self._exact_matches(conn, words, category_id)
            page = self._full_text(conn, words, "AND", category_id)
            if not page:
                page = self._full_text(conn, words, "OR", category_id)
        ranked = list(exact) + [i for i in page if i not in exact]
        return SearchPage(tuple(ranked[offset : offset + limit]), len(ranked))

    def normalize(self, query: str) -> list[str]:
        """Query words mapped onto catalog words; words with no near match are dropped."""
        vocabulary = self._vocab()
        mapped = (self._to_catalog_word(w, vocabulary) for w in words_of(query))
        return [w for w in mapped if w]

    @staticmethod
    def _to_catalog_word(word: str, vocabulary: _Vocabulary) -> str | None:
        if word in vocabulary.words:
            return word
        for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
            if word.endswith(suffix) and word[: -len(suffix)] + replacement in vocabulary.words:
                return word[: -len(suffix)] + replacement
        if len(word) < 4:
            return None
        match = process.extractOne(
            word, vocabulary.word_list, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        return match[0] if match else None

    def _exact_matches(
        self, conn: Connection, words: Sequence[str], category_id: int | None
    ) -> tuple[int, ...]:
        ids = self._vocab().exact_names.get(" ".join(words), ())
        if not ids or category_id is None:
            return ids
        sql = text("SELECT id FROM items WHERE category_id = :c AND id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        rows = conn.execute(sql, {"c": category_id, "ids": list(ids)})
        allowed = {r[0] for r in rows}
        return tuple(i for i in ids if i in allowed)

    def _full_text(
        self, conn: Connection, words: Sequence[str], operator: str, category_id: int | None
    ) -> list[int]:
        """Every matching item id in rank order (the catalog is small enough to rank fully)."""
        where = "" if category_id is None else " AND items.category_id = :c"
        params: dict[str, object] = {"c": category_id}
        if self._postgres:
            params["q"] = f" {'&' if operator == 'AND' else '|'} ".join(words)
            sql = (
                "SELECT id FROM items, to_tsquery('english', :q) query "
                "WHERE to_tsvector('english', search_text) @@ query" + where + " "
                "ORDER BY ts_rank(to_tsvector('english', search_text), query, 1) DESC, id"
            )
        else:
            params["q"] = f" {operator} ".join(f'"{w}"' for w in words)
            sql = (
                "SELECT items.id FROM items_fts JOIN items ON items.id = items_fts.rowid "
                "WHERE items_fts MATCH :q" + where + " ORDER BY items_fts.rank, items.id"
            )
        return [row[0] for row in conn.execute(text(sql), params)]

    @staticmethod
    def _list(conn: Connection, category_id: int | None, limit: int, offset: int) -> SearchPage:
        where = "" if category_id is None else " WHERE category_id = :c"
        params = {"c": category_id, "l": limit, "o": offset}
        total = conn.execute(text("SELECT count(*) FROM items" + where), params).scalar_one()
        rows = conn.execute(
            text("SELECT id FROM items" + where + " ORDER BY id LIMIT :l OFFSET :o"), params
        )
        return SearchPage(tuple(r[0] for r in rows), int(total))

    @staticmethod
    def _search_chinese(
        conn: Connection, query: str, category_id: int | None, limit: int, offset: int
    ) -> SearchPage:
        """Chinese titles are short, so a substring match ranked by length does."""
        where = "title_zh LIKE :p" + ("" if category_id is None else " AND category_id = :c")
        params = {"p": f"%{query}%", "c": category_id, "l": limit, "o": offset}
        total = conn.execute(text(f"SELECT count(*) FROM items WHERE {where}"), params)
        rows = conn.execute(
            text(
                f"SELECT id FROM items WHERE {where} "
                "ORDER BY length(title_zh), id LIMIT :l OFFSET :o"
            ),
            params,
        )
        return SearchPage(tuple(r[0] for r in rows), int(total.scalar_one()))

    def _vocab(self) -> _Vocabulary:
        with self._lock:
            if self._vocabulary is None:
                self._vocabulary = self._load_vocabulary()
            return self._vocabulary

    def _load_vocabulary(self) -> _Vocabulary:
        words: set[str] = set()
        exact: dict[str, list[int]] = {}
        with self._engine.connect() as conn:
            rows = conn.execute(text("SELECT id, title, aliases, search_text FROM items"))
            for item_id, title, aliases, search_text in rows:
                words.update(_WORD.findall(search_text))
                names = [title, *(_json_list(aliases))]
                for name in {" ".join(words_of(n)) for n in names}:
                    exact.setdefault(name, []).append(item_id)
        return _Vocabulary(
            frozenset(words), tuple(sorted(words)), {k: tuple(v) for k, v in exact.items()}
        )


def _json_list(value: object) -> list[str]:
    """Aliases as stored: a list from the JSON type, or JSON text from a raw text() query."""
    if isinstance(value, str):
        value = json.loads(value)
    return [str(v) for v in value] if isinstance(value, list) else []
