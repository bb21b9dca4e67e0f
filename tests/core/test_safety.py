"""The driving-safety policy against a table written out here, not read from the code.

Each row below says, literally, what must happen to one task for the driver of a moving car,
the driver of a parked car, a passenger while the car moves, and anyone in a car that drives
itself. Changing a row of `car_ui.safety.POLICY` (say, letting the driver type a PIN while
moving) must turn a test here red; that is the point of spelling the outcomes out.
"""

from __future__ import annotations

import pytest

from car_ui import safety
from car_ui.safety import Rule, Task
from car_ui.vehicle import Operator, VehicleState
from core.commands import Command, Intent, Source
from tests.core.conftest import MOCHA_CHOICES

ALLOW, LIMIT, REFUSE = "allow", "limit", "refuse"

SITUATIONS = {
    "driver moving": VehicleState(speed_kmh=60, gear="D"),
    "driver parked": VehicleState(speed_kmh=0, gear="P"),
    "passenger": VehicleState(speed_kmh=60, gear="D", operator=Operator.PASSENGER),
    "autonomous": VehicleState(speed_kmh=60, gear="D", autonomous=True),
}

# task: (driver moving, driver parked, passenger, autonomous)
EXPECTED: dict[Task, tuple[str, str, str, str]] = {
    Task.VOICE: (ALLOW, ALLOW, ALLOW, ALLOW),
    Task.TAP: (ALLOW, ALLOW, ALLOW, ALLOW),
    Task.TYPED_SEARCH: (REFUSE, ALLOW, ALLOW, ALLOW),
    Task.KEYPAD_PIN: (REFUSE, ALLOW, ALLOW, ALLOW),
    Task.RESULT_LIST: (LIMIT, ALLOW, ALLOW, ALLOW),
    Task.ORDER_LIST: (LIMIT, ALLOW, ALLOW, ALLOW),
    Task.SETTINGS: (REFUSE, ALLOW, ALLOW, ALLOW),
    Task.SERVICE_LIST: (LIMIT, ALLOW, ALLOW, ALLOW),
    Task.BOOKING_TIMES: (LIMIT, ALLOW, ALLOW, ALLOW),
}

# What the driver hears when a task is refused while moving, word for word.
REFUSALS = {
    Task.TYPED_SEARCH: "Typing is off while driving. Say 'find tea' instead.",
    Task.KEYPAD_PIN: "Entering a PIN on the screen is off while driving. Say the PIN instead, "
    "or ask a passenger.",
    Task.SETTINGS: "Settings are off while driving. Say 'help' to hear what I can do by voice.",
}

# One command per task of the table.
COMMANDS = {
    Task.VOICE: Command(Intent.SEARCH, {"item": "latte"}, source=Source.VOICE),
    Task.TAP: Command(Intent.CHECKOUT, source=Source.TOUCH),
    Task.TYPED_SEARCH: Command(
        Intent.SEARCH, {"item": "tea", "text": "tea"}, source=Source.TOUCH, typed=True
    ),
    Task.KEYPAD_PIN: Command(Intent.ENTER_PIN, {"pin": "1234"}, source=Source.TOUCH),
    Task.RESULT_LIST: Command(Intent.OPEN, {"screen": "results"}, source=Source.TOUCH),
    Task.ORDER_LIST: Command(Intent.OPEN, {"screen": "orders"}, source=Source.TOUCH),
    Task.SETTINGS: Command(Intent.OPEN, {"screen": "settings"}, source=Source.TOUCH),
    Task.SERVICE_LIST: Command(Intent.OPEN, {"screen": "services"}, source=Source.TOUCH),
    Task.BOOKING_TIMES: Command(Intent.OPEN, {"screen": "booking"}, source=Source.TOUCH),
}

LIST_TASKS = {Task.RESULT_LIST, Task.ORDER_LIST, Task.SERVICE_LIST, Task.BOOKING_TIMES}

CELLS = [
    (task, situation, outcome)
    for task, outcomes in EXPECTED.items()
    for situation, outcome in zip(SITUATIONS, outcomes, strict=True)
]


def test_the_written_table_covers_every_task_and_the_policy_has_one_row_each() -> None:
    assert set(EXPECTED) == set(Task) == set(COMMANDS)
    assert sorted(row.task for row in safety.POLICY) == sorted(Task)


@pytest.mark.parametrize(
    ("task", "situation", "outcome"), CELLS, ids=[f"{t.value}-{s}" for t, s, _ in CELLS]
)
def test_cell(task: Task, situation: str, outcome: str) -> None:
    vehicle = SITUATIONS[situation]
    command = COMMANDS[task]
    assert safety.task_for(command) is task
    refusal = safety.refusal(command, vehicle)
    shown = safety.visible(list(range(10)), safety.restriction(vehicle))
    if outcome == REFUSE:
        assert refusal == REFUSALS[task]
    else:
        assert refusal is None
    if outcome == LIMIT:
        assert shown == (0, 1, 2)  # three entries: one glance
    elif task in LIST_TASKS:
        assert shown == tuple(range(10))


@pytest.mark.parametrize("task", list(Task), ids=lambda t: t.value)
def test_the_policy_rows_say_what_the_written_table_says(task: Task) -> None:
    """The README quotes POLICY; a LIMIT row quietly turned into ALLOW is caught here."""
    row = next(row for row in safety.POLICY if row.task is task)
    assert row.while_driving is Rule(EXPECTED[task][0])


@pytest.mark.parametrize(
    ("situation", "active"),
    [
        ("driver moving", True),
        ("driver parked", False),
        ("passenger", False),
        ("autonomous", False),
    ],
)
def test_the_banner_and_keyboard_follow_who_is_driving(situation: str, active: bool) -> None:
    limits = safety.restriction(SITUATIONS[situation])
    assert limits.active is active
    assert limits.keyboard_allowed is not active
    assert limits.max_list_items == (3 if active else None)
    assert bool(limits.reason) is active


def test_driving_means_not_in_park_even_when_stopped_at_a_light() -> None:
    assert safety.driving(VehicleState(speed_kmh=0, gear="D"))
    assert not safety.driving(VehicleState(speed_kmh=0, gear="P"))
    assert not safety.driving(VehicleState(speed_kmh=0, gear="D", autonomous=True))


# Made-to-order choices (CONTRACTS section 7) while the driver moves: each chip on the item
# screen is one tap (the TAP row: one glance), and the Add that sends them is one tap too;
# voice can set them all at once (the VOICE row). No row of their own.
MADE_TO_ORDER = {
    "add with options by touch": (
        Command(
            Intent.ADD_TO_CART,
            {"item_id": 10, "options": {"roast": "dark", "milk": "soy"}},
            source=Source.TOUCH,
        ),
        Task.TAP,
    ),
    "all seven choices by voice": (
        Command(
            Intent.ADD_TO_CART,
            {
                "item": "mocha",
                "options": MOCHA_CHOICES,
            },
            source=Source.VOICE,
        ),
        Task.VOICE,
    ),
}


@pytest.mark.parametrize("case", list(MADE_TO_ORDER))
def test_option_choices_are_allowed_while_driving(case: str) -> None:
    command, task = MADE_TO_ORDER[case]
    assert safety.task_for(command) is task
    for vehicle in SITUATIONS.values():
        assert safety.refusal(command, vehicle) is None
