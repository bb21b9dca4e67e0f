"""Vehicle state: `:vehicle` arguments, script headers and VSS signal names."""

from __future__ import annotations

import pytest

from car_ui.vehicle import Operator, VehicleState, parse_vehicle_args
from incar.errors import IncarError


def test_shell_arguments_parse_into_the_state() -> None:
    state = VehicleState().updated(
        parse_vehicle_args("speed=60 gear=D autonomous=true operator=passenger")
    )
    assert state == VehicleState(60.0, "D", True, Operator.PASSENGER)


def test_script_header_keys_and_vin_are_accepted() -> None:
    state = VehicleState().updated(
        {"vin": "LVSHFFAL0PF000001", "speed_kmh": 0, "gear": "p", "autonomous": False}
    )
    assert state == VehicleState(0.0, "P", False, None)


def test_vss_round_trip_uses_the_standard_paths() -> None:
    state = VehicleState(42.5, "D", True, Operator.PASSENGER)
    signals = state.to_vss()
    assert signals["Vehicle.Speed"] == 42.5
    assert signals["Vehicle.Powertrain.Transmission.SelectedGear"] == 127
    assert signals["Vehicle.Powertrain.Transmission.CurrentGear"] == 1
    assert signals["Vehicle.ADAS.ActiveAutonomyLevel"] == "SAE_4"
    assert VehicleState.from_vss(signals) == state
    assert VehicleState.from_vss(VehicleState().to_vss()) == VehicleState()


def test_who_operates_follows_the_profile_unless_set() -> None:
    moving = VehicleState(60, "D")
    assert moving.operating("passenger") is Operator.PASSENGER
    assert moving.operating("driver") is Operator.DRIVER
    assert moving.operating("alice") is Operator.DRIVER
    set_by_hand = moving.updated({"operator": "driver"})
    assert set_by_hand.operating("passenger") is Operator.DRIVER


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("speed=fast", "speed must be a number"),
        ("speed=-5", "between 0 and 400"),
        ("gear=X", "gear must be P, R, N or D"),
        ("autonomous=maybe", "autonomous must be true or false"),
        ("operator=dog", "operator must be driver or passenger"),
        ("colour=red", "unknown vehicle setting"),
        ("speed", "expected key=value"),
    ],
)
def test_bad_settings_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(IncarError, match=message):
        VehicleState().updated(parse_vehicle_args(text))
