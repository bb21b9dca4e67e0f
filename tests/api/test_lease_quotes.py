"""Lease quotes against figures worked out independently of the code (exact fractions and
`bc -l` at 30 digits): monthly = P·r / (1 − (1 + r)^−n), r = APR / 12, rounded half up to the
fen; total = down payment + n × monthly. On SQLite and PostgreSQL, and the pure function."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.leasing import quote
from tests.api.booking_helpers import BRONCO, EXPLORER, MACH_E, MONDEO, TERRITORY, written
from tests.api.conftest import Shopper

# (model, term, down payment) -> (price, financed, APR, monthly, total payable), in yuan.
QUOTES = [
    # Mondeo ¥179,800 at 3.99 %: P = 139,800, r = 0.0399 / 12 = 0.003325; the annuity is
    # 4126.831239... → 4126.83; total 40,000 + 36 × 4126.83 = 40,000 + 148,565.88.
    ((MONDEO, 36, 40000), (179800.0, 139800.0, 0.0399, 4126.83, 188565.88)),
    # Territory ¥135,800 at 1.99 %: P = 100,000 over 60: 1752.338566... → 1752.34;
    # total 35,800 + 60 × 1752.34 = 35,800 + 105,140.40.
    ((TERRITORY, 60, 35800), (135800.0, 100000.0, 0.0199, 1752.34, 140940.40)),
    # Explorer ¥299,800 at 2.99 %: P = 240,000 over 48: 5311.177822... → 5311.18;
    # total 59,800 + 48 × 5311.18 = 59,800 + 254,936.64.
    ((EXPLORER, 48, 59800), (299800.0, 240000.0, 0.0299, 5311.18, 314736.64)),
    # Bronco ¥319,800 at 4.99 %, nothing down, 60 months: 6033.555484... → 6033.56;
    # total 60 × 6033.56.
    ((BRONCO, 60, 0), (319800.0, 319800.0, 0.0499, 6033.56, 362013.60)),
    # Mach-E ¥229,900 at 0 %: P / n = 229,900 / 24 = 9579.1666... → 9579.17; the total is
    # 24 × 9579.17 = 229,900.08, eight fen over the price: the rounding, stated in the README.
    ((MACH_E, 24, 0), (229900.0, 229900.0, 0.0, 9579.17, 229900.08)),
    # Half up, not to even: 4 fen down leaves 22,989,996 fen / 24 = 957,916.5 fen → 957,917
    # (banker's rounding would give 957,916); total 0.04 + 24 × 9579.17.
    ((MACH_E, 24, 0.04), (229900.0, 229899.96, 0.0, 9579.17, 229900.12)),
    # All of the price down: nothing financed, nothing a month.
    ((MONDEO, 24, 179800), (179800.0, 0.0, 0.0399, 0.0, 179800.0)),
]


def _quote(shopper: Shopper, model_id: int, term: Any, down: Any) -> Any:
    body = {"model_id": model_id, "term_months": term, "down_payment": down}
    return shopper.http.post("/lease-quotes", json=body)


@pytest.mark.parametrize(("asked", "expected"), QUOTES)
def test_lease_quotes_match_the_hand_computed_figures(
    shopper: Shopper, asked: tuple[int, int, float], expected: tuple[float, ...]
) -> None:
    model_id, term, down = asked
    response = _quote(shopper, model_id, term, down)
    assert response.status_code == 200, response.text
    price, financed, apr, monthly, total = expected
    assert response.json() == {
        "model_id": model_id,
        "price": price,
        "monthly_payment": monthly,
        "apr": apr,
        "term_months": term,
        "down_payment": down,
        "total_payable": total,
        "financed": financed,
    }


def test_the_formula_on_a_200k_car() -> None:
    """The brief's example: ¥200,000, ¥40,000 down, 36 months at 3.99 % (399 basis points):
    P = 16,000,000 fen, r = 0.003325, (1 + r)^36 = 1.1269348..., monthly 472,312.588... fen
    → 472,313 fen (¥4,723.13); total 4,000,000 + 36 × 472,313 = 21,003,268 fen."""
    result = quote(20_000_000, 4_000_000, 36, 399)
    assert result.financed_fen == 16_000_000
    assert result.monthly_payment_fen == 472_313
    assert result.total_payable_fen == 21_003_268


@pytest.mark.parametrize(
    ("term", "down", "kind"),
    [
        (7, 40000, "validation-error"),
        ("36", 40000, "validation-error"),
        (36, -1, "validation-error"),
        (36, 179800.01, "bad-lease-terms"),  # a fen above the price
        (36, 100.005, "validation-error"),  # a third decimal
        (36, "40000", "validation-error"),
    ],
)
def test_bad_lease_terms_are_422(shopper: Shopper, term: Any, down: Any, kind: str) -> None:
    before = written(shopper)
    response = _quote(shopper, MONDEO, term, down)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(f"/{kind}")
    assert written(shopper) == before


def test_an_unknown_model_gets_no_quote(shopper: Shopper) -> None:
    response = _quote(shopper, 999, 36, 0)
    assert response.status_code == 422
    assert response.json()["type"].endswith("/unknown-model")
