"""The vehicle secrets a head unit is provisioned with at the factory.

A real head unit reads its secret from secure storage; the demo vehicles of CONTRACTS section 2
have theirs here so `incar shell` and `incar ui` log in with nothing to configure.
INCAR_VEHICLE_SECRET overrides them, for a vehicle seeded with another secret.
"""

from __future__ import annotations

import os

from incar.errors import IncarError

DEMO_VIN = "LVSHFFAL0PF000001"
DEMO_PROFILE = "driver"

_DEMO_SECRETS = {
    "LVSHFFAL0PF000001": "demo-secret",
    "LVSHFFAL0PF000002": "demo-secret-2",
}


def vehicle_secret(vin: str) -> str:
    """The secret this head unit uses to open sessions for `vin`."""
    override = os.environ.get("INCAR_VEHICLE_SECRET")
    if override:
        return override
    try:
        return _DEMO_SECRETS[vin]
    except KeyError:
        cars = " or ".join(_DEMO_SECRETS)
        raise IncarError(
            f"vehicle {vin} is not one of this head unit's cars ({cars}): choose one of them "
            f"(--vin, or a script's vehicle: vin:), or set INCAR_VEHICLE_SECRET to the secret "
            f"the store holds for {vin}"
        ) from None
