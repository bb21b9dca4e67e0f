"""Lease quotes by the annuity formula, in integer fen: pure functions, no database.

    monthly = P·r / (1 − (1 + r)^−n),  r = APR / 12,  P = price − down payment

The power is taken in `decimal` at 40 digits, so no binary float ever touches the money;
the monthly payment is rounded half up to the fen, and the total is exactly the down payment
plus n such payments (so it may differ from P + interest by the rounding, a few fen at most).
An APR of 0 is P / n, rounded the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

TERMS_MONTHS = (24, 36, 48, 60)
_BASIS_POINTS_PER_UNIT = 10_000


class LeaseInputError(ValueError):
    """A quote that cannot be made from these numbers; the message says why."""


@dataclass(frozen=True)
class LeaseQuote:
    price_fen: int
    down_payment_fen: int
    financed_fen: int  # P
    term_months: int
    apr_bp: int  # basis points: 399 = 3.99 %
    monthly_payment_fen: int
    total_payable_fen: int


def monthly_payment_fen(financed_fen: int, apr_bp: int, term_months: int) -> int:
    """The annuity payment for P fen over n months, rounded half up to the fen."""
    with localcontext() as ctx:
        ctx.prec = 40
        principal = Decimal(financed_fen)
        if apr_bp == 0:
            exact = principal / term_months
        else:
            rate = Decimal(apr_bp) / _BASIS_POINTS_PER_UNIT / 12
            exact = principal * rate / (1 - (1 + rate) ** -term_months)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def quote(price_fen: int, down_payment_fen: int, term_months: int, apr_bp: int) -> LeaseQuote:
    """The quote for a car of `price_fen` with this down payment, term and APR."""
    if term_months not in TERMS_MONTHS:
        terms = ", ".join(map(str, TERMS_MONTHS))
        raise LeaseInputError(f"a lease runs {terms} months, not {term_months}")
    if not 0 <= down_payment_fen <= price_fen:
        raise LeaseInputError(
            f"the down payment must be between 0 and the price, {price_fen / 100:.2f} CNY"
        )
    financed = price_fen - down_payment_fen
    monthly = monthly_payment_fen(financed, apr_bp, term_months)
    return LeaseQuote(
        price_fen=price_fen,
        down_payment_fen=down_payment_fen,
        financed_fen=financed,
        term_months=term_months,
        apr_bp=apr_bp,
        monthly_payment_fen=monthly,
        total_payable_fen=down_payment_fen + term_months * monthly,
    )
