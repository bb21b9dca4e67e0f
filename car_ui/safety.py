"""Driving-safety policy: which head-unit tasks the driver may do while the car moves.

Modelled on NHTSA's Visual-Manual Driver Distraction Guidelines for In-Vehicle Electronic
Devices (2013): a task must be doable in glances of at most 2 seconds and 12 seconds of total
eyes-off-road time; manual text entry and long or scrolling lists are locked out while driving;
"driving" means unless the vehicle is stopped with the transmission in Park. Voice tasks are
not visual-manual and stay available. The policy is a TABLE (one row per task) so that the
rules can be read, reviewed and tested row by row, and the README quotes it.

The rules apply only to the driver of a vehicle that is not driving itself: a passenger, or
anyone in a vehicle at SAE level 4 or above, is not driving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from car_ui.i18n import N_, _
from car_ui.vehicle import Operator, VehicleState
from core.commands import Command, Intent, Screen, Source
from core.state import Restriction

T = TypeVar("T")

# NHTSA: no long or scrolling lists for the driver; a few entries fit one 2-second glance.
DRIVING_LIST_LIMIT = 3


class Task(StrEnum):
    VOICE = "voice"  # anything asked by voice (or as text standing for voice)
    # a single tap: pick, add, an option chip (one per choice), checkout, confirm, cancel,
    # open a simple screen
    TAP = "tap"
    TYPED_SEARCH = "typed_search"  # the on-screen keyboard
    KEYPAD_PIN = "keypad_pin"  # a PIN typed on the on-screen keypad
    RESULT_LIST = "result_list"  # browsing search results
    ORDER_LIST = "order_list"  # browsing past orders (and bookings)
    SERVICE_LIST = "service_list"  # browsing what can be booked (the services screen's tiles)
    BOOKING_TIMES = "booking_times"  # the booking screen's day and time chips
    SETTINGS = "settings"  # a multi-step settings screen


class Rule(StrEnum):
    ALLOW = "allow"
    LIMIT = "limit"  # allowed, with lists cut to DRIVING_LIST_LIMIT entries
    REFUSE = "refuse"


@dataclass(frozen=True)
class PolicyRow:
    task: Task
    while_driving: Rule
    source: str  # which guideline the row applies
    refusal: str  # spoken when refused: the reason and the voice way to do it


POLICY: tuple[PolicyRow, ...] = (
    PolicyRow(Task.VOICE, Rule.ALLOW, "voice is not a visual-manual task", ""),
    PolicyRow(Task.TAP, Rule.ALLOW, "one tap fits a 2 s glance", ""),
    PolicyRow(
        Task.TYPED_SEARCH,
        Rule.REFUSE,
        "manual text entry is locked out while driving",
        N_("Typing is off while driving. Say 'find {text}' instead."),
    ),
    PolicyRow(
        Task.KEYPAD_PIN,
        Rule.REFUSE,
        "manual text entry is locked out while driving",
        N_(
            "Entering a PIN on the screen is off while driving. Say the PIN instead, "
            "or ask a passenger."
        ),
    ),
    PolicyRow(Task.RESULT_LIST, Rule.LIMIT, "no long or scrolling lists while driving", ""),
    PolicyRow(Task.ORDER_LIST, Rule.LIMIT, "no long or scrolling lists while driving", ""),
    PolicyRow(Task.SERVICE_LIST, Rule.LIMIT, "no long or scrolling lists while driving", ""),
    PolicyRow(Task.BOOKING_TIMES, Rule.LIMIT, "no long or scrolling lists while driving", ""),
    PolicyRow(
        Task.SETTINGS,
        Rule.REFUSE,
        "tasks longer than 12 s of glances are locked out while driving",
        N_("Settings are off while driving. Say 'help' to hear what I can do by voice."),
    ),
)
_ROWS = {row.task: row for row in POLICY}


def driving(vehicle: VehicleState) -> bool:
    """Whether the person at the screen is driving in the guidelines' sense. An operator
    nobody resolved (see VehicleState.for_profile) counts as the driver: the safe side."""
    return (
        vehicle.operator is not Operator.PASSENGER and vehicle.in_motion and not vehicle.autonomous
    )


def restriction(vehicle: VehicleState) -> Restriction:
    """What the UI must enforce now; the banner shows `reason`."""
    if not driving(vehicle):
        return Restriction()
    return Restriction(
        active=True,
        # a msgid: the banner translates it when it shows it, so a language switch applies
        reason=N_("Driving: voice first, no typing, short lists."),
        max_list_items=DRIVING_LIST_LIMIT,
        keyboard_allowed=False,
    )


def task_for(command: Command) -> Task:
    """The policy row a command falls under."""
    if command.typed:
        return Task.TYPED_SEARCH  # a tile that searches (a category, a suggestion) is one tap
    if command.source is not Source.TOUCH:
        return Task.VOICE
    if command.intent in (Intent.ENTER_PIN, Intent.SWITCH_PROFILE) and command.slots.get("pin"):
        return Task.KEYPAD_PIN
    if command.intent is Intent.OPEN:
        screen = str(command.slots.get("screen", ""))
        if screen == Screen.SETTINGS:
            return Task.SETTINGS
        if screen == Screen.ORDERS:
            return Task.ORDER_LIST
        if screen == Screen.RESULTS:
            return Task.RESULT_LIST
        if screen == Screen.SERVICES:
            return Task.SERVICE_LIST
        if screen == Screen.BOOKING:
            return Task.BOOKING_TIMES
    return Task.TAP


def refusal(command: Command, vehicle: VehicleState) -> str | None:
    """The spoken reason when the policy refuses `command` now, else None."""
    row = _ROWS[task_for(command)]
    if row.while_driving is not Rule.REFUSE or not driving(vehicle):
        return None
    text = str(command.slots.get("text") or command.slots.get("item") or _("a latte"))
    return _(row.refusal).format(text=text)


def visible(items: Sequence[T], limits: Restriction) -> tuple[T, ...]:
    """The entries of a list a person may see now."""
    if limits.max_list_items is None:
        return tuple(items)
    return tuple(items[: limits.max_list_items])
