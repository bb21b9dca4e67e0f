"""Health, categories, item search and detail, and the spoken-name vocabulary."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from catalog import models as m
from catalog.search import words_of
from mock_retail_api import responses as shapes
from mock_retail_api.auth import Caller
from mock_retail_api.images import item_image_url
from mock_retail_api.problems import ApiProblem
from mock_retail_api.schemas import CURRENCY, NO_NUL, yuan
from mock_retail_api.store import ItemSummary, Store

router = APIRouter(prefix="/api/v1")
VOCABULARY_CAP = 3000
_HEALTH = b'{"status":"ok"}'


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
        status_code=status,
        media_type="application/json",
    )


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@router.get("/health", response_model=shapes.Health)
async def health() -> Response:
    return Response(_HEALTH, media_type="application/json")


@router.get(
    "/categories", response_model=list[shapes.Category], responses=shapes.problems(401, 422)
)
async def categories(request: Request, _caller: Caller) -> Response:
    store = _store(request)
    rows = await run_in_threadpool(store.categories)
    return json_response(
        [{"id": c.id, "slug": c.slug, "name": c.name, "name_zh": c.name_zh} for c in rows]
    )


def render_search(
    store: Store, q: str | None, category: str | None, limit: int, offset: int
) -> bytes:
    category_id = None
    if category:
        category_id = store.category_id(category)
        if category_id is None:
            raise ApiProblem(404, "not-found", f"no category {category!r}")
    page = store.searcher.search((q or "").strip() or None, category_id, limit, offset)
    summaries, in_stock = store.listing(page.item_ids)
    tiles = ", ".join(
        _tile_prefix(summaries[i]) + ("true}" if i in in_stock else "false}")
        for i in page.item_ids
        if i in summaries
    )
    # Exactly what json.dumps({"items": [...], "total": n}, ensure_ascii=False) writes.
    return f'{{"items": [{tiles}], "total": {page.total}}}'.encode()


@lru_cache(maxsize=200_000)
def _tile_prefix(summary: ItemSummary) -> str:
    """A search tile as JSON up to its one live field, `in_stock`. Catalog rows do not change
    while the API runs, so each item is encoded once per process, not once per search."""
    tile = {
        "id": summary.id,
        "title": summary.title,
        "title_zh": summary.title_zh,
        "price": yuan(summary.price_fen),
        "currency": CURRENCY,
        "shop": summary.shop,
        "shop_zh": summary.shop_zh,
        "category": summary.category,
        "image_url": item_image_url(summary.id),
        "in_stock": False,
    }
    return json.dumps(tile, ensure_ascii=False).removesuffix("false}")


class SearchQuery(BaseModel):
    """The search parameters and their limits, in one place: the route validates with it,
    and so does the fast path in front of routing (search_cache.py)."""

    q: str | None = Field(None, max_length=200, pattern=NO_NUL)
    category: str | None = Field(None, max_length=100, pattern=NO_NUL)
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


def search_params(query_string: bytes) -> tuple[str | None, str | None, int, int] | None:
    """(q, category, limit, offset) of a plain, valid search query string, parsed as the route
    below would; None for anything else (a repeated, unknown or invalid parameter), which
    then goes through the route and its validation."""
    params = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)  # as Starlette
    names = [name for name, _ in params]
    if len(set(names)) != len(names) or not set(names) <= SearchQuery.model_fields.keys():
        return None
    try:
        query = SearchQuery.model_validate(dict(params))
    except ValidationError:
        return None
    return query.q, query.category, query.limit, query.offset


@router.get("/items", response_model=shapes.SearchPage, responses=shapes.problems(401, 404, 422))
async def search_items(
    request: Request, _caller: Caller, query: Annotated[SearchQuery, Query()]
) -> Response:
    """Relevance-ranked search; without `q`, the catalog (or a category) in id order."""
    store = _store(request)
    body = await run_in_threadpool(
        render_search, store, query.q, query.category, query.limit, query.offset
    )
    # Keyed by the raw query string, which is what SearchCache sees before any parsing.
    store.search_responses.put(request.scope["query_string"], body)
    return Response(body, media_type="application/json")


def _item_detail(store: Store, item_id: int) -> dict[str, Any]:
    with store.reading() as session:
        item = session.get(m.Item, item_id)
        if item is None:
            raise ApiProblem(404, "not-found", f"no item {item_id}")
        skus = [
            {"id": s.id, "attributes": s.attributes, "price": yuan(s.price_fen), "stock": s.stock}
            for s in item.skus
        ]
        default = next((s for s in item.skus if s.id == item.default_sku_id), item.skus[0])
        return {
            "id": item.id,
            "title": item.title,
            "title_zh": item.title_zh,
            "description": item.description,
            "rating": item.rating,
            "aliases": item.aliases,
            "price": yuan(default.price_fen),
            "currency": CURRENCY,
            "shop": item.shop.name,
            "shop_zh": item.shop.name_zh,
            "shop_location": {
                "city": item.shop.city,
                "address": item.shop.address,
                "latitude": item.shop.latitude,
                "longitude": item.shop.longitude,
            },
            "category": item.category.name,
            "image_url": item_image_url(item.id),
            "in_stock": any(s.stock > 0 for s in item.skus),
            "default_sku_id": item.default_sku_id,
            "skus": skus,
            "option_groups": store.item_options(session, item.id).json(),
        }


@router.get(
    "/items/{item_id}", response_model=shapes.ItemDetail, responses=shapes.problems(401, 404, 422)
)
async def item_detail(
    request: Request, item_id: Annotated[int, Path(ge=1, le=2**31 - 1)], _caller: Caller
) -> Response:
    return json_response(await run_in_threadpool(_item_detail, _store(request), item_id))


def _made_to_order(store: Store, session: Session, rows: Sequence[Any]) -> dict[int, list[str]]:
    """Item id -> the choices of an item made to order (section 7), for the items that offer
    any option group: the groups it offers, then the SKU attributes its SKUs differ in (a
    coffee's size), which a person says the same way ("a large latte")."""
    attached = session.execute(select(m.ItemOption.item_id, m.ItemOption.category_id)).all()
    item_ids = {i for i, _ in attached if i is not None}
    category_ids = {c for _, c in attached if c is not None}
    made: dict[int, list[str]] = {}
    for item_id, category_id in ((r[0], r[5]) for r in rows):
        if item_id not in item_ids and category_id not in category_ids:
            continue
        offered = [g.name for g in store.item_options(session, item_id).groups]
        skus = session.get_one(m.Item, item_id).skus
        names = dict.fromkeys(k for sku in skus for k in sku.attributes)
        varying = [k for k in names if len({str(sku.attributes.get(k)) for sku in skus}) > 1]
        if offered:
            made[item_id] = [*varying, *(g for g in offered if g not in varying)]
    return made


def _vocabulary(store: Store) -> dict[str, Any]:
    """One entry per distinct spoken name: items with aliases first, then by id. `options`
    names the option groups of a made-to-order item (empty for the others)."""
    with store.reading() as session:
        rows = session.execute(
            select(
                m.Item.id,
                m.Item.title,
                m.Item.aliases,
                m.Category.name,
                m.Item.default_sku_id,
                m.Item.category_id,
            )
            .join(m.Category)
            .order_by(m.Item.id)
        ).all()
        made = _made_to_order(store, session, rows)
    seen: set[str] = set()
    entries = []
    for item_id, title, aliases, category, default_sku_id, _category_id in sorted(
        rows, key=lambda r: (not r[2], r[0])
    ):
        spoken = " ".join(words_of(title))
        if spoken in seen:
            continue
        seen.add(spoken)
        entries.append(
            {
                "id": item_id,
                "title": title,
                "aliases": aliases,
                "category": category,
                "default_sku_id": default_sku_id,
                "options": made.get(item_id, []),
            }
        )
        if len(entries) >= VOCABULARY_CAP:
            break
    names = sorted(n for e in entries for n in [e["title"], *e["aliases"]])
    version = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
    return {"version": version, "items": entries}


@router.get("/vocabulary")
async def vocabulary(request: Request, _caller: Caller) -> Response:
    store = _store(request)
    cached = getattr(request.app.state, "vocabulary", None)
    if cached is None:
        cached = json.dumps(await run_in_threadpool(_vocabulary, store), ensure_ascii=False)
        request.app.state.vocabulary = cached
    return Response(cached.encode(), media_type="application/json")
