"""What a tapped widget posts when the tap is the screen's own business, not the session's.

Taps that mean an order command are `car_ui.touch` messages; these fill in the item form,
drive the PIN pad and the vehicle simulator, or change the look. Every tappable widget carries
one message or the other, and the head unit handles both (see `HeadUnit.receive`): no widget
reaches into the app, and no tap is a string to parse.
"""

from __future__ import annotations

from dataclasses import dataclass

from car_ui.touch import Tap


@dataclass(frozen=True)
class ChooseVariant:
    """An option chip on the item screen: nothing is sent until Add."""

    sku_id: int


@dataclass(frozen=True)
class ChooseOption:
    """A made-to-order chip on the item screen (roast dark, milk soy...): sent only with Add."""

    group: str
    value: str


@dataclass(frozen=True)
class StepItem:
    """The item screen's quantity stepper: +1 or -1."""

    step: int


@dataclass(frozen=True)
class StepLine:
    """A cart line's stepper: +1 or -1 (down to nothing removes the line)."""

    line_id: int
    step: int


@dataclass(frozen=True)
class SubmitSearch:
    """The search field's button (or Enter): a typed search, or voice while driving."""


@dataclass(frozen=True)
class PinKey:
    """A PIN pad key; only "cancel" matters to the head unit (the pad collects digits)."""

    key: str


@dataclass(frozen=True)
class Talk:
    """The talk button (and the safety banner's "Ask by voice")."""


@dataclass(frozen=True)
class SetTheme:
    name: str  # "night" or "day"


@dataclass(frozen=True)
class SetLanguage:
    lang: str  # "en" or "zh"


@dataclass(frozen=True)
class SetSpeed:
    """The vehicle simulator's speed buttons."""

    kmh: float


@dataclass(frozen=True)
class SetGear:
    gear: str


@dataclass(frozen=True)
class SetOperator:
    operator: str  # "driver" or "passenger"


@dataclass(frozen=True)
class ToggleAutonomous:
    pass


ViewMessage = (
    ChooseVariant
    | ChooseOption
    | StepItem
    | StepLine
    | SubmitSearch
    | PinKey
    | Talk
    | SetTheme
    | SetLanguage
    | SetSpeed
    | SetGear
    | SetOperator
    | ToggleAutonomous
)
Message = Tap | ViewMessage
