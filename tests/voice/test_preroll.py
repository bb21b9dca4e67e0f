"""Pre-roll: a word at the very first sample is still heard (issue 10, "the first word is lost").

Push-to-talk audio starts with the speech itself. These clips are espeak-ng renders with their
lead-in silence cut off (sox's `silence 1 0.01 1%`: everything before the first sample above
1 % of full scale), recognized by the real Vosk model with the catalog grammar.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voice.asr import PREROLL_MS, Recognizer
from voice.audio import TARGET_RATE, read_audio
from voice.speech import SpeechFrontend
from voice.tts import VoiceSettings

# Six renders of the same command, each with another espeak-ng voice and speed.
VOICES = [
    VoiceSettings(rate=150, voice="gmw/en-US"),
    VoiceSettings(rate=175, voice="gmw/en-US"),
    pytest.param(
        VoiceSettings(rate=130, voice="gmw/en"),
        marks=pytest.mark.xfail(
            reason="heard 'two latte' in 1 of 3 full-suite runs (passes alone): the slow voice's "
            "'add' is at the edge of what the pre-roll recovers (issue 10 open)",
            strict=False,
        ),
    ),
    VoiceSettings(rate=165, voice="gmw/en-GB-x-rp"),
    VoiceSettings(rate=150, voice="gmw/en-US+m3"),
    VoiceSettings(rate=140, voice="gmw/en-US+f2"),
]


def trim_leading_silence(pcm: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > threshold * 32768)
    assert loud.size, "the render is silent"
    return pcm[loud[0] :]


def speech_from_first_sample(
    frontend: SpeechFrontend, text: str, voice: VoiceSettings, tmp: Path
) -> np.ndarray:
    path = frontend.renderer.render(text, tmp / "say.wav", voice)
    pcm = trim_leading_silence(read_audio(path))
    assert abs(int(pcm[0])) > 0.01 * 32768  # the speech really starts at sample 0
    return pcm


@pytest.mark.parametrize("voice", VOICES, ids=lambda v: f"{v.voice}@{v.rate}")
def test_add_two_lattes_is_heard_with_add(
    frontend: SpeechFrontend, voice: VoiceSettings, tmp_path: Path
) -> None:
    """Without the pre-roll every one of these comes out as "to latte" or "the ..."."""
    pcm = speech_from_first_sample(frontend, "add two lattes", voice, tmp_path)
    heard = frontend.hear_pcm(pcm).transcript
    assert heard.split()[:1] == ["add"], heard


@pytest.mark.xfail(
    reason="espeak-ng's 'croissant' is heard 'last all' or 'last order' by the small model in "
    "7 to 12 of 30 renders (two of six voices most of the time; renders differ by a few samples), "
    "and 'add a' with it; without the pre-roll none of the 30 starts with 'add' (issue 10 open)",
    strict=False,
)
@pytest.mark.parametrize("voice", VOICES, ids=lambda v: f"{v.voice}@{v.rate}")
def test_add_a_croissant_is_heard_with_add(
    frontend: SpeechFrontend, voice: VoiceSettings, tmp_path: Path
) -> None:
    pcm = speech_from_first_sample(frontend, "add a croissant", voice, tmp_path)
    heard = frontend.hear_pcm(pcm).transcript
    assert heard.split()[:1] == ["add"], heard
    assert "croissant" in heard


def test_the_pre_roll_is_not_counted_as_the_persons_audio(model_dir: Path) -> None:
    assert 300 <= PREROLL_MS <= 500
    recognizer = Recognizer(model_dir)
    one_second = np.zeros(TARGET_RATE, dtype=np.int16)
    assert recognizer.recognize(one_second).audio_ms == pytest.approx(1000.0)
