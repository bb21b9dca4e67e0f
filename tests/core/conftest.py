"""Head-unit sessions against the real API servers of tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from car_ui.client import RetailClient
from car_ui.outbox import Outbox
from car_ui.session import OrderingSession
from car_ui.vehicle import VehicleState
from core.commands import Command, Intent, Reply, Source
from tests.servers import ApiServer
from voice.nlu import Understander

SessionFactory = Callable[..., OrderingSession]

# CONTRACTS section 7's example drink: every choice of the coffee menu, none of them default.
MOCHA_CHOICES = {
    "size": "large",
    "roast": "dark",
    "shots": "triple",
    "milk": "soy",
    "milk_amount": "little",
    "sweetener": "brown sugar",
    "sweetener_amount": "extra",
}


@pytest.fixture
def open_session(api_server: ApiServer, tmp_path: Path) -> Iterator[SessionFactory]:
    """Signed-in sessions with an empty cart and a private outbox; closed afterwards."""
    sessions: list[OrderingSession] = []

    def factory(
        url: str | None = None,
        *,
        profile: str = "driver",
        pin: str | None = None,
        vehicle: VehicleState | None = None,
        outbox_interval: float = 2.0,
    ) -> OrderingSession:
        session = OrderingSession(
            RetailClient(url or api_server.url, backoff=0.05),
            vehicle=vehicle,
            outbox=Outbox(tmp_path / "outbox.sqlite3"),
            outbox_interval=outbox_interval,
        )
        sessions.append(session)
        session.start(profile, pin)
        session.handle(Command(Intent.CLEAR_CART))
        return session

    yield factory
    for session in sessions:
        session.close()


def say(session: OrderingSession, text: str) -> Reply:
    """An utterance as text, understood by the real NLU, answered by the session."""
    understander = Understander(session.vocabulary)
    command = understander.understand(text, session.state.expecting, source=Source.TEXT)
    return session.handle(command)


def set_sku(server: ApiServer, sku_id: int, **values: Any) -> None:
    """Change a SKU in the server's database (stock sold elsewhere, a new price)."""
    engine = sa.create_engine(server.db_url)
    try:
        with engine.begin() as conn:
            assignments = ", ".join(f"{key} = :{key}" for key in values)
            conn.execute(
                sa.text(f"UPDATE skus SET {assignments} WHERE id = :sku_id"),
                {**values, "sku_id": sku_id},
            )
    finally:
        engine.dispose()


def order_count(server: ApiServer, profile: str = "driver") -> int:
    client = RetailClient(server.url)
    try:
        client.login("LVSHFFAL0PF000001", "demo-secret", profile)
        return len(client.orders())
    finally:
        client.close()
