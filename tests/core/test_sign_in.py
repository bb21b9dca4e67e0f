"""Signing in at start-up through a flaky link, and refusals said once (issue 11, defect 11),
and the store's lock after five wrong PINs as a spoken reply (429 Retry-After)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from car_ui.client import RetailClient
from car_ui.errors import ApiUnreachable, TooManyAttempts, Unauthorized
from car_ui.outbox import Outbox
from car_ui.script_runner import start_session
from car_ui.session import OrderingSession
from core.commands import Expecting
from tests.core.conftest import say
from tests.core.lossy_proxy import LossyProxy, Rule
from tests.servers import ApiServer, incar_command

VIN = "LVSHFFAL0PF000001"
SESSIONS = "/api/v1/sessions"


@pytest.fixture
def proxy(api_server: ApiServer) -> Iterator[LossyProxy]:
    with LossyProxy(api_server.url) as lossy:
        yield lossy


def test_sign_in_is_tried_again_after_lost_connections_and_5xx(proxy: LossyProxy) -> None:
    proxy.add(
        Rule("POST", SESSIONS, "fail", times=2),
        Rule("POST", SESSIONS, "drop_request", times=1),
        Rule("POST", SESSIONS, "drop_reply", times=1),
    )
    client = RetailClient(proxy.url, backoff=0.01)
    try:
        assert client.login(VIN, "demo-secret", "passenger").profile.name == "passenger"
    finally:
        client.close()
    assert proxy.seen["POST /api/v1/sessions"] == 5


def test_sign_in_gives_up_after_a_bounded_number_of_tries(proxy: LossyProxy) -> None:
    proxy.add(Rule("POST", SESSIONS, "drop_request"))
    client = RetailClient(proxy.url, backoff=0.01, sign_in_attempts=4)
    try:
        with pytest.raises(ApiUnreachable):
            client.login(VIN, "demo-secret", "passenger")
    finally:
        client.close()
    assert proxy.seen["POST /api/v1/sessions"] == 4


def test_an_unknown_vehicle_is_refused_once(proxy: LossyProxy, tmp_path: Path) -> None:
    session = OrderingSession(
        RetailClient(proxy.url, backoff=0.01), vin="LUNKNOWN000000000", outbox=_outbox(tmp_path)
    )
    os.environ["INCAR_VEHICLE_SECRET"] = "no-such-secret"
    try:
        with pytest.raises(Unauthorized, match="refused the sign-in of vehicle LUNKNOWN"):
            start_session(session, "driver", backoff=0.01)
    finally:
        del os.environ["INCAR_VEHICLE_SECRET"]
        session.close()
    assert proxy.seen["POST /api/v1/sessions"] == 1


def test_a_start_that_loses_a_read_after_signing_in_starts_again(
    proxy: LossyProxy, tmp_path: Path
) -> None:
    proxy.add(Rule("GET", "/api/v1/vocabulary", "fail", times=3))  # every try of one start
    session = OrderingSession(RetailClient(proxy.url, backoff=0.01), outbox=_outbox(tmp_path))
    try:
        state = start_session(session, "passenger", backoff=0.01)
    finally:
        session.close()
    assert state.profile == "passenger"
    assert proxy.seen["POST /api/v1/sessions"] == 2
    assert proxy.seen["GET /api/v1/vocabulary"] == 4


def _outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3")


def _incar(
    *args: str, stdin: str = "", vin_secret: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if vin_secret is not None:
        env["INCAR_VEHICLE_SECRET"] = vin_secret
    return subprocess.run(
        incar_command(*args), input=stdin, capture_output=True, text=True, timeout=120, env=env
    )


def test_shell_and_voice_session_start_through_a_flaky_link(
    proxy: LossyProxy, tmp_path: Path
) -> None:
    proxy.add(Rule("POST", SESSIONS, "drop_request", times=2))
    shell = _incar("shell", "--api", proxy.url, "--profile", "passenger", stdin="my cart\n")
    assert shell.returncode == 0, shell.stderr
    assert "[cart]" in shell.stdout
    proxy.add(Rule("POST", SESSIONS, "fail", times=2))
    script = tmp_path / "s.yaml"
    script.write_text('profile: passenger\nturns:\n  - text: "what\'s in my cart"\n')
    played = _incar("voice-session", str(script), "--api", proxy.url)
    assert played.returncode == 0, played.stdout + played.stderr
    assert proxy.lost["drop_request POST /api/v1/sessions"] == 2
    assert proxy.lost["fail POST /api/v1/sessions"] == 2


def test_shell_and_voice_session_say_an_unknown_vehicle_once(
    proxy: LossyProxy, tmp_path: Path
) -> None:
    vin = "LUNKNOWN000000000"
    shell = _incar("shell", "--api", proxy.url, "--vin", vin, stdin="my cart\n", vin_secret="x")
    assert shell.returncode == 2
    (line,) = shell.stderr.strip().splitlines()
    assert line.startswith(f"incar: error: the store refused the sign-in of vehicle {vin}")
    assert "not retried" in line
    script = tmp_path / "s.yaml"
    script.write_text(f'vehicle: {{vin: {vin}}}\nprofile: driver\nturns:\n  - text: "hi"\n')
    played = _incar("voice-session", str(script), "--api", proxy.url, vin_secret="x")
    assert played.returncode == 2
    assert "refused the sign-in" in played.stderr and "Traceback" not in played.stderr
    assert proxy.seen["POST /api/v1/sessions"] == 2  # once each, never again


def test_five_wrong_pins_lock_the_pin_with_a_spoken_wait(
    start_api: Callable[..., ApiServer], tmp_path: Path
) -> None:
    store = start_api()  # the lock lasts five minutes: a store of its own
    session = OrderingSession(RetailClient(store.url, backoff=0.01), outbox=_outbox(tmp_path))
    try:
        start_session(session, "driver")
        say(session, "clear my cart")
        assert "Added" in say(session, "add ten lattes").text
        wrong = 0
        while wrong < 5:
            say(session, "check out")
            assert say(session, "yes").expecting is Expecting.PIN
            for _ in range(min(3, 5 - wrong)):
                say(session, "0 0 0 0")
                wrong += 1
        if session.state.expecting is not Expecting.PIN:
            say(session, "check out")
            say(session, "yes")
        locked = say(session, "1 2 3 4")  # the right PIN, refused while locked
        assert locked.order_id is None
        assert locked.text == "Too many wrong PINs. Please wait five minutes and try again."
        assert locked.expecting is Expecting.COMMAND
        client = RetailClient(store.url)
        try:
            with pytest.raises(TooManyAttempts) as caught:
                client.login(VIN, "demo-secret", "driver", "1234")
        finally:
            client.close()
        assert caught.value.retry_after_s is not None and 0 < caught.value.retry_after_s <= 300
    finally:
        session.close()
