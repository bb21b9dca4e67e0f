"""`incar screenshots`: every screen in every size, theme and language, on one contact sheet.

Each combination gets a throwaway store (`incar serve` on a copy of one freshly seeded SQLite
data dir, on a free port) so every run sees the same catalog and its own first order, and plays
the scripts in assets/screenshots through the real head unit (`incar ui --script
--screenshots`) under the X server of DISPLAY, or an Xvfb started here when there is none.
The store-down script is the only one that needs the store killed mid-run: it is killed once
that script's first screenshot is on disk. `index.html` groups the PNGs by screen, each
labelled with its size, theme and language, and links each to its full size.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from incar.errors import IncarError

SIZES = ("800x480", "1024x600", "1280x720", "1920x720")
THEMES = ("night", "day")
LANGS = ("en", "zh-CN")
SCRIPT_DIR = Path(__file__).resolve().parent.parent / "assets" / "screenshots"
# Script name → what its screenshots show, in contact-sheet order.
SCRIPTS = {
    "tour": "parked, as the passenger",
    "driving": "the driver at 60 km/h",
    "store_down": "the store stopped mid-session",
}
STORE_DOWN = "store_down"
STORE_TIMEOUT_S = 180.0
RUN_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Combo:
    """One size, theme and language; its PNGs go to a folder of that name."""

    size: str
    theme: str
    lang: str

    @property
    def name(self) -> str:
        return f"{self.size}-{self.theme}-{self.lang}"


@dataclass(frozen=True)
class Shot:
    """One saved screenshot: which combination, script and turn, and the screen it shows."""

    combo: Combo
    script: str
    turn: int
    screen: str
    path: Path


def _incar(*args: str) -> list[str]:
    return [sys.executable, "-m", "incar", *args]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Store:
    """`incar serve` on its own data dir and a free port; its output goes to logs/api.log."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.url = f"http://127.0.0.1:{_free_port()}"
        log_dir = data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log = log_dir / "api.log"
        env = {**os.environ, "INCAR_DATA_DIR": str(data_dir)}
        env.pop("INCAR_DB_URL", None)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                _incar("serve", "--port", self.url.rsplit(":", 1)[1]),
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STORE_TIMEOUT_S
        while True:
            if self.proc.poll() is not None:
                raise IncarError(f"the screenshot store stopped while starting (see {self.log})")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise IncarError(f"the screenshot store did not start (see {self.log})")
            time.sleep(0.2)

    def stop(self) -> None:
        """SIGTERM (the SQLite WAL is folded back into the file), SIGKILL if it hangs."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        """Gone at once, as a store that crashes or loses its network is."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@contextmanager
def display() -> Iterator[dict[str, str]]:
    """The environment for `incar ui`: DISPLAY as it is, or an Xvfb of our own for the run."""
    if os.environ.get("DISPLAY"):
        yield dict(os.environ)
        return
    if shutil.which("Xvfb") is None:
        raise IncarError("no DISPLAY and no Xvfb: run `make screenshots` (it installs xvfb)")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        if not number.isdigit():
            raise IncarError("Xvfb did not start")
        yield {**os.environ, "DISPLAY": f":{number}"}
    finally:
        proc.terminate()
        proc.wait(10)


def _seed_template(root: Path) -> Path:
    """One seeded data dir (catalog and pictures) that every combination's store copies."""
    template = root / "template"
    Store(template).stop()
    shutil.rmtree(template / "logs", ignore_errors=True)
    return template


def _play(
    combo: Combo, script: str, store: Store, env: dict[str, str], shots: Path
) -> subprocess.CompletedProcess[str]:
    """`incar ui` with one script; for the store-down script the store dies after turn 1."""
    args = ["ui", "--api", store.url, "--size", combo.size, "--theme", combo.theme]
    args += ["--lang", combo.lang, "--no-voice", "--exit-when-done"]
    args += ["--script", str(SCRIPT_DIR / f"{script}.yaml"), "--screenshots", str(shots)]
    run_env = {**env, "INCAR_DATA_DIR": str(store.data_dir)}
    proc = subprocess.Popen(
        _incar(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=run_env
    )
    if script == STORE_DOWN:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while not any(shots.glob("turn-01-*.png")) and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        store.kill()
    try:
        output, _ = proc.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, output, None)


def _collect(combo: Combo, script: str, shots: Path) -> list[Shot]:
    """The turns' PNGs with the screen each shows (from the layout JSON saved beside it);
    of the store-down script only the last, which shows the store gone."""
    found = []
    for layout_file in sorted(shots.glob("turn-*.json")):
        layout = json.loads(layout_file.read_text(encoding="utf-8"))
        found.append(
            Shot(
                combo,
                script,
                int(layout["turn"]),
                str(layout["screen"]),
                layout_file.with_suffix(".png"),
            )
        )
    return found[-1:] if script == STORE_DOWN else found


def _render_combo(
    combo: Combo, template: Path, work: Path, out: Path, env: dict[str, str]
) -> list[Shot]:
    data_dir = work / combo.name
    shutil.copytree(template, data_dir)
    store = Store(data_dir)
    shots: list[Shot] = []
    try:
        for script in SCRIPTS:
            folder = out / combo.name / script
            shutil.rmtree(folder, ignore_errors=True)
            run = _play(combo, script, store, env, folder)
            if run.returncode not in (0, 1) or not any(folder.glob("*.png")):
                tail = "\n".join(run.stdout.strip().splitlines()[-8:])
                raise IncarError(f"{combo.name} {script}: the head unit failed:\n{tail}")
            shots += _collect(combo, script, folder)
    finally:
        store.stop()
    print(f"{combo.name}: {len(shots)} screenshots", flush=True)
    return shots


def render_all(
    out: Path,
    *,
    sizes: Sequence[str] = SIZES,
    themes: Sequence[str] = THEMES,
    langs: Sequence[str] = LANGS,
    parallel: int = 2,
) -> Path:
    """Render every combination into `out` and write `out/index.html`; returns its path."""
    combos = [Combo(s, t, lang) for s in sizes for t in themes for lang in langs]
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a health poll is no news
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="incar-screenshots-") as tmp, display() as env:
        work = Path(tmp)
        template = _seed_template(work)
        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            batches = pool.map(lambda c: _render_combo(c, template, work, out, env), combos)
            shots = [shot for batch in batches for shot in batch]
    index = out / "index.html"
    index.write_text(contact_sheet(shots, out), encoding="utf-8")
    return index


def _group_title(shot: Shot) -> str:
    return f"{shot.screen.replace('_', ' ')} · {SCRIPTS[shot.script]} (turn {shot.turn})"


def contact_sheet(shots: Sequence[Shot], out: Path) -> str:
    """The HTML page: a section per screen (the order the scripts reach them), a labelled
    thumbnail per size, theme and language, each a link to the full-size PNG."""
    order = list(SCRIPTS)
    groups: dict[tuple[int, int, str], list[Shot]] = {}
    for shot in sorted(shots, key=lambda s: (order.index(s.script), s.turn)):
        groups.setdefault((order.index(shot.script), shot.turn, shot.screen), []).append(shot)
    sections = []
    for members in groups.values():
        figures = "".join(
            f'<figure><a href="{html.escape(s.path.relative_to(out).as_posix())}">'
            f'<img loading="lazy" src="{html.escape(s.path.relative_to(out).as_posix())}" '
            f'alt="{html.escape(_label(s))}"></a><figcaption>{html.escape(_label(s))}'
            "</figcaption></figure>"
            for s in members
        )
        title = html.escape(_group_title(members[0]))
        sections.append(f"<section><h2>{title}</h2><div class=row>{figures}</div></section>")
    return _PAGE.format(count=len(shots), sections="\n".join(sections))


def _label(shot: Shot) -> str:
    return f"{shot.combo.size} · {shot.combo.theme} · {shot.combo.lang}"


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>incar head unit: screenshots</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 1.5em; background: #f4f4f4; color: #222; }}
h2 {{ font-size: 1.1em; margin: 1.6em 0 .5em; text-transform: capitalize; }}
.row {{ display: flex; flex-wrap: wrap; gap: 12px; }}
figure {{ margin: 0; background: #fff; padding: 6px; border: 1px solid #ddd; }}
img {{ display: block; height: 150px; width: auto; }}
figcaption {{ font-size: 12px; color: #555; padding-top: 4px; }}
</style></head><body>
<h1>incar head unit: {count} screenshots</h1>
<p>Every screen by size · theme · language; click a picture for its full size.</p>
{sections}
</body></html>
"""
