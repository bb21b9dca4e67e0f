"""Fixtures for the voice tests: the real Vosk model, the real API's vocabulary, real TTS."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import ApiServer
from voice.items import VocabularyEntry
from voice.model_store import resolve_model
from voice.nlu import Understander
from voice.speech import SpeechFrontend
from voice.tts import VoiceSettings

# The voice the spoken tests use: espeak-ng's American English at a calm rate.
TEST_VOICE = VoiceSettings(rate=150, voice="gmw/en-US")


def login(url: str, profile: str = "passenger") -> dict[str, str]:
    response = httpx.post(
        f"{url}/api/v1/sessions",
        json={"vin": "LVSHFFAL0PF000001", "secret": "demo-secret", "profile": profile},
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture(scope="session")
def model_dir() -> Path:
    return resolve_model()


@pytest.fixture(scope="session")
def api_vocabulary(api_server: ApiServer) -> dict[str, Any]:
    """GET /api/v1/vocabulary from the real seeded API."""
    response = httpx.get(f"{api_server.url}/api/v1/vocabulary", headers=login(api_server.url))
    response.raise_for_status()
    payload: dict[str, Any] = response.json()
    return payload


@pytest.fixture(scope="session")
def entries(api_vocabulary: dict[str, Any]) -> list[VocabularyEntry]:
    return [VocabularyEntry.from_json(item) for item in api_vocabulary["items"]]


@pytest.fixture(scope="session")
def understander(entries: list[VocabularyEntry]) -> Understander:
    return Understander(entries)


@pytest.fixture(scope="session")
def frontend(model_dir: Path, api_vocabulary: dict[str, Any]) -> Iterator[SpeechFrontend]:
    front = SpeechFrontend(model_dir, api_vocabulary, voice=TEST_VOICE)
    yield front
    front.close()


# ---- a virtual sound device for the live microphone path ---------------------------------------


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the test process goes, even killed outright,
    so no daemon outlives the run."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


class VirtualAudio:
    """A throwaway PulseAudio daemon with two null sinks: `mic` (whatever is played into it is
    what the head unit's default input, its monitor, records) and `speaker` (the head unit's
    default output, a separate sink so replies never echo into the microphone)."""

    mic = "incar_mic"
    speaker = "incar_speaker"

    def __init__(self, runtime: Path) -> None:
        self.runtime = runtime
        self.socket = runtime / "native"
        self.server = f"unix:{self.socket}"
        self.log = runtime / "pulseaudio.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.room: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        """The environment for pactl, pacat and paplay."""
        return {**os.environ, "PULSE_SERVER": self.server}

    def start(self) -> VirtualAudio:
        home = self.runtime / "home"
        home.mkdir(parents=True)
        daemon_env = {
            **os.environ,
            "HOME": str(home),  # as root PulseAudio would otherwise use /root/.config/pulse
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_RUNTIME_DIR": str(self.runtime),
            "PULSE_RUNTIME_PATH": str(self.runtime),
        }
        sink = "module-null-sink rate=48000 channels=1 sink_name={0} "
        sink += "sink_properties=device.description={0}"
        command = [
            "pulseaudio",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--disable-shm=yes",
            "--realtime=no",
            "--high-priority=no",
            "--log-target=stderr",
            "-n",  # no default.pa: only the modules below
            f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
            f"--load={sink.format(self.mic)}",
            f"--load={sink.format(self.speaker)}",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                env=daemon_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + 15
        while self.pactl("info", check=False).returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"PulseAudio did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.1)
        self.pactl("set-default-source", f"{self.mic}.monitor")
        self.pactl("set-default-sink", self.speaker)
        # A null sink's monitor delivers nothing while nothing plays, where a microphone never
        # stops: a stream of silence keeps the virtual microphone running like a real one.
        self.room = subprocess.Popen(
            [
                "pacat",
                "--playback",
                f"--device={self.mic}",
                "--raw",
                "--format=s16le",
                "--rate=48000",
                "--channels=1",
                "--latency-msec=20",
                "/dev/zero",
            ],
            env=self.env,
            preexec_fn=_die_with_parent,
        )
        return self

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10
        )
        if check and done.returncode != 0:
            raise AssertionError(f"pactl {' '.join(args)}: {done.stderr.strip()} ({self.died()})")
        return done

    def play(self, path: Path) -> tuple[float, float]:
        """Play a WAV into the microphone; returns when it was started and when it ended
        (time.monotonic(), paplay returns once the sink has played it)."""
        started = time.monotonic()
        subprocess.run(
            ["paplay", "--latency-msec=20", f"--device={self.mic}", str(path)],
            env=self.env,
            check=True,
            timeout=30,
        )
        return started, time.monotonic()

    def playing(self, sink: str | None = None) -> bool:
        """Whether something is playing to `sink` (the speaker) right now."""
        rows = [
            line.split("\t") for line in self.pactl("list", "short", "sinks").stdout.splitlines()
        ]
        index = next(row[0] for row in rows if row[1] == (sink or self.speaker))
        inputs = self.pactl("list", "short", "sink-inputs").stdout.splitlines()
        return any(line.split("\t")[1] == index for line in inputs)

    def died(self) -> str | None:
        """The daemon's log when it exited on its own (None while it runs)."""
        if self.process is None or self.process.poll() is None:
            return None
        return f"PulseAudio exited ({self.process.returncode}): {self.log.read_text()[-2000:]}"

    def stop(self) -> None:
        for process in (self.room, self.process):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.room = self.process = None


@pytest.fixture(scope="module")
def virtual_audio() -> Iterator[VirtualAudio]:
    """PulseAudio with a virtual microphone and speaker, reached by PortAudio through ALSA's
    `pulse` plugin (the `default` ALSA device while the daemon runs), for this module only:
    the environment and PortAudio's device list are put back afterwards."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the virtual sound device is PulseAudio's null sink (Linux only)")
    missing = [
        tool for tool in ("pulseaudio", "pactl", "pacat", "paplay") if not shutil.which(tool)
    ]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found: `make system-deps` installs pulseaudio")
    from voice.microphone import rescan_devices

    runtime = Path(tempfile.mkdtemp(prefix="incar-pulse-"))  # short: a socket path lives here
    audio = VirtualAudio(runtime).start()
    saved = {name: os.environ.get(name) for name in ("PULSE_SERVER", "INCAR_MIC_DEVICE")}
    os.environ["PULSE_SERVER"] = audio.server
    os.environ.pop("INCAR_MIC_DEVICE", None)
    try:
        rescan_devices()
        yield audio
        if (death := audio.died()) is not None:
            pytest.fail(death)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        audio.stop()
        rescan_devices()
        shutil.rmtree(runtime, ignore_errors=True)
