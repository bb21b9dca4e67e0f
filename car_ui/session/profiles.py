"""Profiles and the vehicle: signing in as a profile (and switching, PIN if it has one), the
delivery and payment choices that come with it, and the driving restriction that follows the
vehicle's signals and who is at the screen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from car_ui import safety
from car_ui.client import ProfileInfo
from car_ui.errors import Unauthorized
from car_ui.i18n import _
from car_ui.provisioning import vehicle_secret
from car_ui.session import replies
from car_ui.session.context import Context, Handlers
from car_ui.session.terms import delivery_label
from car_ui.vehicle import VehicleState
from core.commands import Command, Intent, Reply, Screen
from core.state import OptionView, ProfileView


def sign_in(ctx: Context, profile: str, pin: str | None) -> None:
    info = ctx.client.login(ctx.vin, vehicle_secret(ctx.vin), profile, pin)
    ctx.login = info
    active = info.profile.name or profile
    ctx.set(
        profile=active,
        profiles=tuple(
            ProfileView(
                name=name,
                has_pin=has_pin,
                spending_limit_fen=info.profile.spending_limit_fen if name == active else None,
                active=name == active,
            )
            for name, has_pin in info.profiles
        ),
        **order_choices(info.profile),
    )
    apply_limits(ctx)


def order_choices(profile: ProfileInfo) -> dict[str, Any]:
    """The delivery and payment choices of a profile, its defaults selected. Home delivery
    needs an address, so it is offered only when the profile's default delivery has one."""
    default = dict(profile.default_delivery)
    modes = ["to_vehicle", "pickup"]
    if default.get("mode") == "home" and default.get("address"):
        modes.append("home")
    methods = profile.payment_methods
    return {
        # in the language of the sign-in; a screen drawn later names them by key
        # (terms.delivery_label), so a language switch applies to them too
        "delivery_options": tuple(OptionView(m, delivery_label(m)) for m in modes),
        "delivery_mode": str(default.get("mode") or "to_vehicle"),
        "payment_methods": tuple(OptionView(m.id, m.label) for m in methods),
        "payment_method_id": methods[0].id if methods else "",
    }


def switch_profile(ctx: Context, command: Command) -> Reply:
    name = str(command.slots.get("profile") or "").strip()
    if not name:
        return ctx.reply(command, _(replies.ASK_WHICH_PROFILE), screen=Screen.PROFILES)
    known = {p.name: p for p in ctx.state.profiles}
    if known and name not in known:
        return ctx.reply(command, replies.no_such_profile(name))
    pin = str(command.slots.get("pin") or "") or None
    try:
        sign_in(ctx, name, pin)
    except Unauthorized:
        needs = pin is None and known.get(name) is not None and known[name].has_pin
        text = replies.profile_needs_pin(name) if needs else _(replies.WRONG_PROFILE_PIN)
        return ctx.reply(command, text, screen=Screen.PROFILES)
    ctx.results, ctx.orders, ctx.last_order_id = (), (), None
    ctx.set(
        cart=ctx.client.cart(),
        results=(),
        orders=(),
        item=None,
        current_order=None,
        pending_order=None,
        needs_pin=False,
    )
    return ctx.reply(command, replies.hello(name), screen=Screen.HOME)


def show_profiles(ctx: Context, command: Command) -> Reply:
    names = [p.name for p in ctx.state.profiles]
    return ctx.reply(command, replies.profiles(names), screen=Screen.PROFILES)


def update_vehicle(ctx: Context, changes: Mapping[str, Any] | VehicleState) -> None:
    """New vehicle signals: the safety restriction and the visible lists follow."""
    if isinstance(changes, VehicleState):
        ctx.vehicle = changes
    else:
        ctx.vehicle = ctx.vehicle.updated(changes)
    apply_limits(ctx)


def apply_limits(ctx: Context) -> None:
    """The safety restriction and the visible lists follow the vehicle and the profile."""
    limits = safety.restriction(ctx.operated_vehicle())
    ctx.set(
        restriction=limits,
        results=safety.visible(ctx.results, limits),
        orders=safety.visible(ctx.orders, limits),
    )


HANDLERS: Handlers = {Intent.SWITCH_PROFILE: switch_profile}
