"""The driving-safety table, row by row, for the four situations that matter."""

from __future__ import annotations

import pytest

from car_ui import safety
from car_ui.commands import Command, Intent, Source
from car_ui.safety import POLICY, Rule, Task
from car_ui.vehicle import Operator, VehicleState

DRIVER_MOVING = VehicleState(speed_kmh=60, gear="D")
DRIVER_PARKED = VehicleState(speed_kmh=0, gear="P")
PASSENGER_MOVING = VehicleState(speed_kmh=60, gear="D", operator=Operator.PASSENGER)
AUTONOMOUS_MOVING = VehicleState(speed_kmh=60, gear="D", autonomous=True)
SITUATIONS = {
    "driver moving": DRIVER_MOVING,
    "driver parked": DRIVER_PARKED,
    "passenger": PASSENGER_MOVING,
    "autonomous": AUTONOMOUS_MOVING,
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
}


def test_every_task_has_exactly_one_row_and_a_command_here() -> None:
    assert sorted(row.task for row in POLICY) == sorted(Task)
    assert set(COMMANDS) == set(Task)


@pytest.mark.parametrize("row", POLICY, ids=lambda r: r.task.value)
@pytest.mark.parametrize("situation", SITUATIONS, ids=str)
def test_row(row: safety.PolicyRow, situation: str) -> None:
    vehicle = SITUATIONS[situation]
    command = COMMANDS[row.task]
    assert safety.task_for(command) is row.task
    refusal = safety.refusal(command, vehicle)
    limits = safety.restriction(vehicle)
    shown = safety.visible(list(range(10)), limits)
    if situation == "driver moving":
        assert (refusal is not None) == (row.while_driving is Rule.REFUSE)
        assert len(shown) == safety.DRIVING_LIST_LIMIT
        assert limits.active and not limits.keyboard_allowed and limits.reason
    else:
        assert refusal is None
        assert len(shown) == 10
        assert not limits.active and limits.keyboard_allowed


def test_typed_search_refusal_names_the_voice_way() -> None:
    text = safety.refusal(COMMANDS[Task.TYPED_SEARCH], DRIVER_MOVING)
    assert text == "Typing is off while driving. Say 'find tea' instead."


def test_driving_means_not_in_park_even_when_stopped_at_a_light() -> None:
    assert safety.driving(VehicleState(speed_kmh=0, gear="D"))
    assert not safety.driving(VehicleState(speed_kmh=0, gear="P"))
