"""An order as the API answers it, built from rows already in hand.

The order path is the store's busiest write (issue 11), so this never lazy-loads: a just-placed
order passes the SKU attributes it priced with, a read order comes with its lines (their SKUs
joined) and history loaded up front (`ORDER_LOADS`), and shop names are catalog rows cached
by the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from catalog import models as m
from mock_retail_api import lifecycle
from mock_retail_api.cart import totals_json
from mock_retail_api.pricing import Totals, line_choices
from mock_retail_api.schemas import yuan
from mock_retail_api.store import Store, iso

# What `order_json` reads of an order loaded from the database, in two statements whatever
# the number of orders.
ORDER_LOADS: tuple[LoaderOption, ...] = (
    selectinload(m.Order.lines),
    selectinload(m.Order.history),
)


def pickup_json(session: Session, store: Store, order: m.Order) -> dict[str, Any] | None:
    """Where and when a pickup order is collected: the shops of its items (names joined when
    there are several) and the time its lifecycle reaches `ready`. None for other modes."""
    ready = lifecycle.ready_at(order)
    if ready is None:
        return None
    shops = store.shops(session, [line.item_id for line in order.lines])
    names_zh = [shop.name_zh or shop.name for shop in shops]
    has_zh = any(shop.name_zh for shop in shops)
    return {
        "place": ", ".join(shop.name for shop in shops),
        "place_zh": "、".join(names_zh) if has_zh else None,
        "ready_by": iso(ready),
    }


def order_json(
    session: Session,
    store: Store,
    order: m.Order,
    attributes: Mapping[int, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The order's JSON; `attributes` (by SKU id) when the caller priced the lines itself,
    else each line's joined SKU gives them. `pickup` only for a pickup order (README)."""
    totals = Totals(order.subtotal_fen, order.discount_fen, order.delivery_fee_fen)

    def attributes_of(line: m.OrderLine) -> Mapping[str, Any]:
        return attributes[line.sku_id] if attributes is not None else line.sku.attributes

    names = store.item_names(session, [line.item_id for line in order.lines])
    body: dict[str, Any] = {
        "id": order.id,
        "status": order.status,
        "cancellable": lifecycle.cancellable(order),
        "lines": [
            {
                "id": line.id,
                "sku_id": line.sku_id,
                "item_id": line.item_id,
                "title": line.title,
                "title_zh": names[line.item_id].title_zh,
                "attributes": dict(attributes_of(line)),
                "options": line_choices(attributes_of(line), line.options),
                "quantity": line.quantity,
                "unit_price": yuan(line.unit_price_fen),
                "line_total": yuan(line.line_total_fen),
            }
            for line in order.lines
        ],
        **totals_json(totals),
        "created_at": iso(order.created_at),
        "delivery": order.delivery,
        "payment_method_id": order.payment_method_id,
        "history": [{"status": h.status, "at": iso(h.at)} for h in order.history],
    }
    pickup = pickup_json(session, store, order)
    if pickup is not None:
        body["pickup"] = pickup
    return body
