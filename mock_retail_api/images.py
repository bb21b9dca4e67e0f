"""Pictures as PNG with caching headers: `GET /api/v1/items/{id}/image`, and the same for
vehicle models (`/models/{id}/image`) and services by appointment (`/services/{id}/image`).

A picture is fixed by what it shows (catalog.pictures: the item's title and category), so its
content key is a strong ETag: a head unit that has it sends If-None-Match and gets a 304 with
no body, and any cache may keep it for a day (`public`: the same item looks the same to every
vehicle). Pictures are rendered by the seed into the data dir; one still missing (another
size, a catalog seeded elsewhere) is rendered here once and kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from catalog import models as m
from catalog.appointments import Service, VehicleModel
from catalog.pictures import (
    DEFAULT_SIZE,
    SIZES,
    Picture,
    PictureCache,
    model_picture,
    picture_for,
    picture_key,
    service_picture,
)
from mock_retail_api import responses as shapes
from mock_retail_api.auth import Caller
from mock_retail_api.problems import ApiProblem
from mock_retail_api.store import Store

router = APIRouter(prefix="/api/v1")
MAX_AGE_S = 86_400
PNG_MEDIA_TYPE = "image/png"
_PNG_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {PNG_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        "description": "The picture, a square PNG",
    },
    304: {"description": "Not modified: the If-None-Match ETag is still the picture"},
    **shapes.problems(401, 404, 422),
}
Size = Annotated[
    int,
    Query(description="Edge in pixels", json_schema_extra={"enum": list(SIZES)}),
]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def item_image_url(item_id: int) -> str:
    """The `image_url` of an item in the API's JSON: a path on the API's own origin."""
    return f"/api/v1/items/{item_id}/image"


Loader = Callable[[Store, int], Picture | None]


def _item_picture(store: Store, item_id: int) -> Picture | None:
    with store.reading() as session:
        row = session.execute(
            select(m.Item.title, m.Category.slug).join(m.Category).where(m.Item.id == item_id)
        ).first()
    return picture_for(row[0], row[1]) if row else None


def _model_picture(store: Store, model_id: int) -> Picture | None:
    with store.reading() as session:
        name = session.scalar(select(VehicleModel.name).where(VehicleModel.id == model_id))
    return model_picture(name) if name is not None else None


def _service_picture(store: Store, service_id: int) -> Picture | None:
    with store.reading() as session:
        kind = session.scalar(select(Service.kind).where(Service.id == service_id))
    return service_picture(kind) if kind is not None else None


class _Pictures:
    """Per process: which picture each row is (catalog rows do not change while the API
    runs) and the rendered bytes."""

    def __init__(self) -> None:
        self.cache = PictureCache()
        self.rows: dict[tuple[str, int], Picture] = {}


def _fresh(if_none_match: str | None, etag: str) -> bool:
    """Whether the client's If-None-Match (a list, weak tags, or *) names this ETag."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


async def _serve(request: Request, what: str, row_id: int, size: int, load: Loader) -> Response:
    """The picture of row `row_id` of `what` (its name in the 404), or a 304 for a client
    that has it, or a problem."""
    if size not in SIZES:
        sizes = ", ".join(map(str, SIZES))
        raise ApiProblem(422, "validation-error", f"size: must be one of {sizes}, not {size}")
    pictures: _Pictures | None = getattr(request.app.state, "pictures", None)
    if pictures is None:
        pictures = request.app.state.pictures = _Pictures()
    picture = pictures.rows.get((what, row_id))
    if picture is None:
        picture = await run_in_threadpool(load, request.app.state.store, row_id)
        if picture is None:
            raise ApiProblem(404, "not-found", f"no {what} {row_id}")
        pictures.rows[(what, row_id)] = picture
    etag = f'"{picture_key(picture, size)}"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE_S}"}
    if _fresh(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    body = await run_in_threadpool(pictures.cache.png, picture, size)
    return Response(body, media_type=PNG_MEDIA_TYPE, headers=headers)


@router.get("/items/{item_id}/image", response_class=Response, responses=_PNG_RESPONSES)
async def item_image(
    request: Request, item_id: RowId, _caller: Caller, size: Size = DEFAULT_SIZE
) -> Response:
    """The item's picture: its product family's drawing in its own colours."""
    return await _serve(request, "item", item_id, size, _item_picture)


@router.get("/models/{model_id}/image", response_class=Response, responses=_PNG_RESPONSES)
async def model_image(
    request: Request, model_id: RowId, _caller: Caller, size: Size = DEFAULT_SIZE
) -> Response:
    """A vehicle model's picture: the car drawing in the paint its name picks."""
    return await _serve(request, "vehicle model", model_id, size, _model_picture)


@router.get("/services/{service_id}/image", response_class=Response, responses=_PNG_RESPONSES)
async def service_image(
    request: Request, service_id: RowId, _caller: Caller, size: Size = DEFAULT_SIZE
) -> Response:
    """A service's picture: the drawing of its kind (test drive, maintenance, car wash...)."""
    return await _serve(request, "service", service_id, size, _service_picture)
