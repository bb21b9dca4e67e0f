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
        raise IncarError(
            f"no secret provisioned for vehicle {vin}: set INCAR_VEHICLE_SECRET"
        ) from None
