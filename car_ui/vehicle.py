"""The vehicle's state as the head unit sees it, named after COVESA VSS signals.

What driving safety needs: speed, gear, automation level and who is using the screen; and
what service suggestions read: the traction battery's state of charge and the distance left
to the next service (absent on a vehicle that does not report them). Serialized with VSS
paths as keys so a real vehicle data broker (e.g. KUKSA) can feed it unchanged. Gear follows
VSS `SelectedGear` numbering (0 neutral, -1 reverse, 126 park, 127 drive); `CurrentGear`
carries the engaged gear. Who operates the screen has no standard VSS signal, so it is a
project overlay under `Vehicle.Cabin.Infotainment.HMI`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from incar.errors import IncarError

SPEED = "Vehicle.Speed"  # km/h
CURRENT_GEAR = "Vehicle.Powertrain.Transmission.CurrentGear"
SELECTED_GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
AUTONOMY_LEVEL = "Vehicle.ADAS.ActiveAutonomyLevel"  # "SAE_0" .. "SAE_5"
OPERATOR = "Vehicle.Cabin.Infotainment.HMI.Operator"  # overlay: "driver" | "passenger"
STATE_OF_CHARGE = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"  # percent
DISTANCE_TO_SERVICE = "Vehicle.Service.DistanceToService"  # km

_SELECTED_GEAR_CODES = {"P": 126, "R": -1, "N": 0, "D": 127}
_CURRENT_GEAR_CODES = {"P": 0, "R": -1, "N": 0, "D": 1}
# From SAE level 4 the system drives without a person monitoring it: the driver is a rider.
_AUTONOMOUS_LEVEL = "SAE_4"

_TRUE = {"1", "true", "yes", "on", "y"}
_FALSE = {"0", "false", "no", "off", "n"}


class Operator(StrEnum):
    DRIVER = "driver"
    PASSENGER = "passenger"


@dataclass(frozen=True)
class VehicleState:
    speed_kmh: float = 0.0
    gear: str = "P"  # P, R, N or D
    autonomous: bool = False
    # None: nobody said who operates, so the active profile decides (see `operating`).
    operator: Operator | None = None
    soc_percent: float | None = None  # None: not reported (no traction battery)
    service_km: float | None = None  # None: not reported

    @property
    def in_motion(self) -> bool:
        """NHTSA's guidelines count a vehicle as driving unless it is stopped in Park."""
        return self.gear != "P" or self.speed_kmh > 0

    def operating(self, profile: str) -> Operator:
        """Who is at the screen: the operator set explicitly, else the active profile's role.
        Scripts can only say `profile: passenger`, and a car signed in as its passenger
        profile is being used by the passenger; any other profile is the driver's."""
        if self.operator is not None:
            return self.operator
        return Operator.PASSENGER if profile == Operator.PASSENGER.value else Operator.DRIVER

    def for_profile(self, profile: str) -> VehicleState:
        """A copy with the operator resolved for `profile`, for the safety policy."""
        return replace(self, operator=self.operating(profile))

    def to_vss(self) -> dict[str, Any]:
        signals: dict[str, Any] = {
            SPEED: self.speed_kmh,
            CURRENT_GEAR: _CURRENT_GEAR_CODES[self.gear],
            SELECTED_GEAR: _SELECTED_GEAR_CODES[self.gear],
            AUTONOMY_LEVEL: _AUTONOMOUS_LEVEL if self.autonomous else "SAE_0",
        }
        if self.operator is not None:
            signals[OPERATOR] = self.operator.value
        if self.soc_percent is not None:
            signals[STATE_OF_CHARGE] = self.soc_percent
        if self.service_km is not None:
            signals[DISTANCE_TO_SERVICE] = self.service_km
        return signals

    @classmethod
    def from_vss(cls, signals: Mapping[str, Any]) -> VehicleState:
        """Read the signals `to_vss` writes; missing ones keep their defaults."""
        gears = {code: letter for letter, code in _SELECTED_GEAR_CODES.items()}
        state = cls()
        if SPEED in signals:
            state = replace(state, speed_kmh=float(signals[SPEED]))
        if SELECTED_GEAR in signals:
            state = replace(state, gear=gears.get(int(signals[SELECTED_GEAR]), "D"))
        if AUTONOMY_LEVEL in signals:
            level = str(signals[AUTONOMY_LEVEL])
            state = replace(state, autonomous=level >= _AUTONOMOUS_LEVEL)
        if OPERATOR in signals:
            state = replace(state, operator=Operator(str(signals[OPERATOR])))
        if STATE_OF_CHARGE in signals:
            state = replace(state, soc_percent=float(signals[STATE_OF_CHARGE]))
        if DISTANCE_TO_SERVICE in signals:
            state = replace(state, service_km=float(signals[DISTANCE_TO_SERVICE]))
        return state

    def updated(self, changes: Mapping[str, Any]) -> VehicleState:
        """A copy with changes given by people: `speed`/`speed_kmh`, `gear`, `autonomous`,
        `operator`, `soc` (percent) and `service_km` (script headers and `:vehicle` lines;
        `vin` is accepted and ignored here because it selects the vehicle, not its state)."""
        state = self
        for key, raw in changes.items():
            if key in ("speed", "speed_kmh"):
                state = replace(state, speed_kmh=_speed(raw))
            elif key == "gear":
                state = replace(state, gear=_gear(raw))
            elif key == "autonomous":
                state = replace(state, autonomous=_flag(key, raw))
            elif key == "operator":
                state = replace(state, operator=_operator(raw))
            elif key == "soc":
                state = replace(state, soc_percent=_measure(key, raw, "%", 100))
            elif key == "service_km":
                state = replace(state, service_km=_measure(key, raw, "km", 100_000))
            elif key != "vin":
                raise IncarError(
                    f"unknown vehicle setting {key!r}: use speed, gear, autonomous, operator, "
                    "soc or service_km"
                )
        return state


def parse_vehicle_args(text: str) -> dict[str, str]:
    """`speed=60 gear=D autonomous=true operator=passenger soc=15` → a dict of the raw values."""
    changes: dict[str, str] = {}
    for part in text.split():
        key, sep, value = part.partition("=")
        if not sep or not key or not value:
            raise IncarError(f"expected key=value, got {part!r} (e.g. speed=60 gear=D)")
        changes[key.strip().lower()] = value.strip()
    return changes


def _speed(raw: Any) -> float:
    try:
        speed = float(str(raw).lower().removesuffix("kmh").removesuffix("km/h"))
    except ValueError:
        raise IncarError(f"speed must be a number of km/h, got {raw!r}") from None
    if not 0 <= speed <= 400:
        raise IncarError(f"speed must be between 0 and 400 km/h, got {raw!r}")
    return speed


def _measure(key: str, raw: Any, unit: str, most: float) -> float:
    """A reading between 0 and `most`, with or without its unit: `soc=15`, `soc=15%`."""
    text = str(raw).strip().lower().removesuffix(unit)
    try:
        value = float(text)
    except ValueError:
        raise IncarError(f"{key} must be a number ({unit}), got {raw!r}") from None
    if not 0 <= value <= most:
        raise IncarError(f"{key} must be between 0 and {most:g} {unit}, got {raw!r}")
    return value


def _gear(raw: Any) -> str:
    gear = str(raw).strip().upper()[:1]
    if gear not in _SELECTED_GEAR_CODES:
        raise IncarError(f"gear must be P, R, N or D, got {raw!r}")
    return gear


def _flag(key: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise IncarError(f"{key} must be true or false, got {raw!r}")


def _operator(raw: Any) -> Operator:
    try:
        return Operator(str(raw).strip().lower())
    except ValueError:
        raise IncarError(f"operator must be driver or passenger, got {raw!r}") from None
