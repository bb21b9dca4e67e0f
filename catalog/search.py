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
from sqlalchemy import Engine, text

from catalog.db import Reads, Rows
from core.plurals import singular_candidates

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
    categories: dict[int, int]  # item id -> category id, to filter exact names in memory


def words_of(phrase: str) -> list[str]:
    return [w for w in _WORD.findall(phrase.lower()) if w not in _STOP_WORDS]


class Searcher:
    """Search one database. Thread-safe; the catalog is read once, lazily, and cached.

    The catalog does not change while the API runs (only stock does), so query results are
    cached too; restart the API after reseeding its database.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.reads = Reads(engine)
        self._postgres = engine.dialect.name == "postgresql"
        self._lock = threading.Lock()
        self._vocabulary: _Vocabulary | None = None
        self.search = lru_cache(maxsize=4096)(self._search)

    def _search(
        self, query: str | None, category_id: int | None, limit: int, offset: int
    ) -> SearchPage:
        """The page of items matching `query` (all items when empty) in the category.

        Only the top `offset + limit` matches are fetched, plus room for the exact-name items
        moved to the front; the total is a count. Exact-name items always match the AND query
        (their words are in their own search text), so the total needs no correction.
        """
        with self.reads.connect() as rows:
            if query and _CJK.search(query):
                return self._search_chinese(rows, query.strip(), category_id, limit, offset)
            words = self.normalize(query or "")
            if not words:
                if words_of(query or ""):  # words were said, none is in the catalog
                    return SearchPage((), 0)
                return self._list(rows, category_id, limit, offset)
            exact = self._exact_matches(words, category_id)
            top = offset + limit + len(exact)
            ids, total = self._full_text(rows, words, "AND", category_id, top)
            if not ids:
                ids, total = self._full_text(rows, words, "OR", category_id, top)
        ranked = list(exact) + [i for i in ids if i not in exact]
        return SearchPage(tuple(ranked[offset : offset + limit]), total)

    def normalize(self, query: str) -> list[str]:
        """Query words mapped onto catalog words; words with no near match are dropped."""
        vocabulary = self._vocab()
        mapped = (self._to_catalog_word(w, vocabulary) for w in words_of(query))
        return [w for w in mapped if w]

    @staticmethod
    def _to_catalog_word(word: str, vocabulary: _Vocabulary) -> str | None:
        if word in vocabulary.words:
            return word
        for candidate in singular_candidates(word):
            if candidate in vocabulary.words:
                return candidate
        if len(word) < 4:
            return None
        match = process.extractOne(
            word, vocabulary.word_list, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        return match[0] if match else None

    def _exact_matches(self, words: Sequence[str], category_id: int | None) -> tuple[int, ...]:
        vocabulary = self._vocab()
        ids = vocabulary.exact_names.get(" ".join(words), ())
        if category_id is None:
            return ids
        return tuple(i for i in ids if vocabulary.categories[i] == category_id)

    def _full_text(
        self,
        rows: Rows,
        words: Sequence[str],
        operator: str,
        category_id: int | None,
        top: int,
    ) -> tuple[list[int], int]:
        """The best `top` matching item ids in rank order, and how many items match.

        Ranking still scores every match, but only a page crosses into Python. On SQLite the
        category filter joins with CROSS JOIN, which keeps the full-text index the outer loop
        (the planner otherwise walks the whole category and runs MATCH per row).
        """
        params: dict[str, object] = {"c": category_id, "n": top}
        if self._postgres:
            params["q"] = f" {'&' if operator == 'AND' else '|'} ".join(words)
            where = "" if category_id is None else " AND category_id = :c"
            matches = (
                "FROM items, to_tsquery('english', :q) query "
                "WHERE to_tsvector('english', search_text) @@ query" + where
            )
            ranked = (
                f"SELECT id {matches} "
                "ORDER BY ts_rank(to_tsvector('english', search_text), query, 1) DESC, id LIMIT :n"
            )
        else:
            params["q"] = f" {operator} ".join(f'"{w}"' for w in words)
            if category_id is None:
                matches = "FROM items_fts WHERE items_fts MATCH :q"
                ranked = f"SELECT rowid {matches} ORDER BY rank, rowid LIMIT :n"
            else:
                matches = (
                    "FROM items_fts CROSS JOIN items ON items.id = items_fts.rowid "
                    "WHERE items_fts MATCH :q AND items.category_id = :c"
                )
                ranked = f"SELECT items.id {matches} ORDER BY items_fts.rank, items.id LIMIT :n"
        ids = [row[0] for row in rows(ranked, params)]
        if len(ids) < top:  # every match is on the page: no need to count
            return ids, len(ids)
        return ids, int(rows(f"SELECT count(*) {matches}", params)[0][0])

    @staticmethod
    def _list(rows: Rows, category_id: int | None, limit: int, offset: int) -> SearchPage:
        where = "" if category_id is None else " WHERE category_id = :c"
        params = {"c": category_id, "l": limit, "o": offset}
        total = rows("SELECT count(*) FROM items" + where, params)[0][0]
        page = rows("SELECT id FROM items" + where + " ORDER BY id LIMIT :l OFFSET :o", params)
        return SearchPage(tuple(r[0] for r in page), int(total))

    @staticmethod
    def _search_chinese(
        rows: Rows, query: str, category_id: int | None, limit: int, offset: int
    ) -> SearchPage:
        """Chinese titles are short, so a substring match ranked by length does."""
        where = "title_zh LIKE :p" + ("" if category_id is None else " AND category_id = :c")
        params = {"p": f"%{query}%", "c": category_id, "l": limit, "o": offset}
        total = rows(f"SELECT count(*) FROM items WHERE {where}", params)[0][0]
        page = rows(
            f"SELECT id FROM items WHERE {where} ORDER BY length(title_zh), id LIMIT :l OFFSET :o",
            params,
        )
        return SearchPage(tuple(r[0] for r in page), int(total))

    def _vocab(self) -> _Vocabulary:
        with self._lock:
            if self._vocabulary is None:
                self._vocabulary = self._load_vocabulary()
            return self._vocabulary

    def _load_vocabulary(self) -> _Vocabulary:
        words: set[str] = set()
        exact: dict[str, list[int]] = {}
        categories: dict[int, int] = {}
        with self._engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, title, aliases, search_text, category_id FROM items")
            )
            for item_id, title, aliases, search_text, category_id in rows:
                categories[item_id] = category_id
                words.update(_WORD.findall(search_text))
                names = [title, *(_json_list(aliases))]
                for name in {" ".join(words_of(n)) for n in names}:
                    exact.setdefault(name, []).append(item_id)
        return _Vocabulary(
            frozenset(words),
            tuple(sorted(words)),
            {k: tuple(v) for k, v in exact.items()},
            categories,
        )


def _json_list(value: object) -> list[str]:
    """Aliases as stored: a list from the JSON type, or JSON text from a raw text() query."""
    if isinstance(value, str):
        value = json.loads(value)
    return [str(v) for v in value] if isinstance(value, list) else []
