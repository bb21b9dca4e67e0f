"""The `incar` command (CONTRACTS section 1).

Every subcommand is a thin shell over a function in the package that owns the work; imports
are lazy so that `incar --help` and `incar shell` start fast and never load Kivy or Vosk
unless the command needs them.
"""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from incar.errors import IncarError
from incar.logs import TERMINAL_FORMAT, log_to_file

app = typer.Typer(
    name="incar",
    help="In-vehicle commerce head unit: order from a Tmall-style store by voice or touch.",
    pretty_exceptions_enable=False,
    add_completion=False,
)
model_app = typer.Typer(help="Manage the offline speech model (Vosk small English).")
app.add_typer(model_app, name="model")

_debug = False

DbOption = Annotated[
    str | None, typer.Option("--db", help="SQLAlchemy URL (default: INCAR_DB_URL or SQLite).")
]
ApiOption = Annotated[
    str | None, typer.Option("--api", help="Retail API base URL (default: INCAR_API_URL).")
]


def _port(value: str | int) -> int:
    """A TCP port, refused as a usage error before anything starts (not as an OverflowError
    from the socket layer once the catalog is seeded). Typer 0.2x hands the parser the
    option's default (an int) as well as what was typed (a str)."""
    text = str(value)
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise typer.BadParameter(f"{text!r} is not a TCP port: choose one from 1 to 65535")
    return int(text)


def _size(value: str) -> str:
    from car_ui.app import parse_size

    try:
        parse_size(value)
    except IncarError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


class Lang(StrEnum):
    en = "en"
    zh_cn = "zh-CN"


class Theme(StrEnum):
    night = "night"
    day = "day"


SizeOption = Annotated[str, typer.Option(help="Window size WxH.", parser=_size)]
LangOption = Annotated[Lang, typer.Option(help="Language of the head unit.")]
ThemeOption = Annotated[Theme, typer.Option(help="Colour theme of the head unit.")]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", help="Show the logs here, not only in the data dir's logs/.")
]


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks.")] = False,
) -> None:
    global _debug
    _debug = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO, format=TERMINAL_FORMAT)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


@app.command()
def seed(
    db: DbOption = None,
    items: Annotated[int | None, typer.Option(help="Number of catalog items.", min=1)] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Drop all data first.")] = False,
) -> None:
    """Create the schema and a deterministic catalog plus the demo vehicles."""
    from catalog.seeding import seed_database
    from incar.paths import default_db_url

    seed_database(db or default_db_url(), items=items, reset=reset)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (1-65535).", parser=_port)] = 8700,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.", min=1)] = 1,
    faults: Annotated[
        str | None,
        typer.Option(help="Fault injection, e.g. latency=200ms,error_rate=0.1,drop=0.05"),
    ] = None,
    demo_clock: Annotated[
        bool,
        typer.Option(
            "--demo-clock",
            help="Let any caller move the order clock (else only INCAR_ADMIN_TOKEN's holder).",
        ),
    ] = False,
) -> None:
    """Run the mock retail API with uvicorn (seeded on first start)."""
    from incar.paths import default_db_url
    from mock_retail_api.server import serve as run_server

    run_server(
        db or default_db_url(),
        host=host,
        port=port,
        workers=workers,
        faults=faults,
        demo_clock=demo_clock,
    )


@app.command()
def ui(
    api: ApiOption = None,
    vin: Annotated[str, typer.Option(help="Vehicle identification number.")] = (
        "LVSHFFAL0PF000001"
    ),
    profile: Annotated[str, typer.Option(help="Profile to start with.")] = "driver",
    size: SizeOption = "1280x720",
    fullscreen: Annotated[bool, typer.Option("--fullscreen")] = False,
    no_voice: Annotated[bool, typer.Option("--no-voice", help="Touch only.")] = False,
    lang: LangOption = Lang.en,
    theme: ThemeOption = Theme.night,
    script: Annotated[Path | None, typer.Option(help="Voice-session script to play.")] = None,
    screenshots: Annotated[Path | None, typer.Option(help="Save a PNG per turn here.")] = None,
    exit_when_done: Annotated[bool, typer.Option("--exit-when-done")] = False,
    verbose: VerboseOption = False,
) -> None:
    """The Kivy head unit (its log: logs/head-unit.log in the data dir)."""
    from car_ui.app import run_ui
    from incar.paths import api_url

    url = api_url(api)
    log_to_file("head-unit", verbose=verbose, debug=_debug)
    code = run_ui(
        url,
        vin=vin,
        profile=profile,
        size=size,
        fullscreen=fullscreen,
        voice=not no_voice,
        script=script,
        screenshots=screenshots,
        exit_when_done=exit_when_done,
        lang=lang.value,
        theme=theme.value,
    )
    raise typer.Exit(code)


@app.command()
def demo(
    size: SizeOption = "1280x720",
    port: Annotated[
        int | None,
        typer.Option(
            help="Port of the demo's store (default: INCAR_API_URL's, else 8700).", parser=_port
        ),
    ] = None,
    lang: LangOption = Lang.en,
    theme: ThemeOption = Theme.night,
    headless: Annotated[bool, typer.Option("--headless", help="Run `incar shell`.")] = False,
    verbose: VerboseOption = False,
) -> None:
    """One-command demo: API on SQLite in the background, speech model, head unit."""
    from car_ui.demo import run_demo

    log_to_file("head-unit", verbose=verbose, debug=_debug)
    code = run_demo(
        size=size,
        port=port,
        lang=lang.value,
        theme=theme.value,
        headless=headless,
        verbose=verbose,
    )
    raise typer.Exit(code)


@app.command()
def screenshots(
    out: Annotated[Path, typer.Option(help="Folder for the PNGs and index.html.")] = Path(
        "screenshots"
    ),
    size: Annotated[
        list[str] | None, typer.Option(help="Only this size (repeatable).", parser=_size)
    ] = None,
    theme: Annotated[list[Theme] | None, typer.Option(help="Only this theme (repeatable).")] = None,
    lang: Annotated[list[Lang] | None, typer.Option(help="Only this language (repeat).")] = None,
    parallel: Annotated[int, typer.Option(help="Head units rendering at once.", min=1)] = 2,
) -> None:
    """Every screen in every size, theme and language, with an index.html contact sheet."""
    from incar.screenshots import LANGS, SIZES, THEMES, render_all

    index = render_all(
        out,
        sizes=size or SIZES,
        themes=[t.value for t in theme] if theme else THEMES,
        langs=[lang_.value for lang_ in lang] if lang else LANGS,
        parallel=parallel,
    )
    typer.echo(f"contact sheet: {index.resolve()}")


@app.command()
def shell(
    api: ApiOption = None,
    speak: Annotated[bool, typer.Option("--speak", help="Speak replies aloud.")] = False,
    vin: Annotated[str, typer.Option(help="Vehicle identification number.")] = (
        "LVSHFFAL0PF000001"
    ),
    profile: Annotated[str, typer.Option(help="Profile to sign in as.")] = "driver",
    pin: Annotated[str | None, typer.Option(help="The profile's PIN, if it has one.")] = None,
    lang: LangOption = Lang.en,
) -> None:
    """Headless head unit: one utterance per line, `:tap ...`, `:vehicle speed=60`."""
    from car_ui.shell import run_shell
    from incar.paths import api_url

    code = run_shell(api_url(api), speak=speak, vin=vin, profile=profile, pin=pin, lang=lang.value)
    raise typer.Exit(code)


@app.command("voice-session")
def voice_session(
    script: Annotated[Path, typer.Argument(help="Voice-session script (YAML).")],
    api: ApiOption = None,
    report: Annotated[Path | None, typer.Option(help="Write the JSON report here.")] = None,
    junit: Annotated[Path | None, typer.Option(help="Write JUnit XML here.")] = None,
    model: Annotated[Path | None, typer.Option(help="Vosk model directory.")] = None,
) -> None:
    """Run a scripted voice session headless; exit 0 only when every expectation holds."""
    from car_ui.script_runner import run_voice_session
    from incar.paths import api_url

    code = run_voice_session(script, api_url(api), report=report, junit=junit, model=model)
    raise typer.Exit(code)


class ModelSource(StrEnum):
    official = "official"
    pypi = "pypi"


@model_app.command("status")
def model_status() -> None:
    """Say whether the model is installed and intact."""
    from voice.model_store import status

    ok, message = status()
    typer.echo(message)
    raise typer.Exit(0 if ok else 1)


@model_app.command("install")
def model_install(
    source: Annotated[
        ModelSource | None, typer.Option(help="Where from (default: official, then pypi).")
    ] = None,
) -> None:
    """Download, verify and unpack the model into the user data dir."""
    from voice.model_store import install

    path = install(source.value if source else None)
    typer.echo(f"model ready at {path}")


@model_app.command("path")
def model_path() -> None:
    """Print the directory of the model that would be used."""
    from voice.model_store import resolve_model

    typer.echo(str(resolve_model()))


class Suite(StrEnum):
    api = "api"
    voice = "voice"
    ui = "ui"
    all = "all"


@app.command()
def bench(
    suite: Annotated[Suite, typer.Argument(help="Which benchmarks.")],
    quick: Annotated[bool, typer.Option("--quick", help="Fewer repetitions.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write results as JSON here.")] = None,
    real_speech: Annotated[
        Path | None,
        typer.Option(
            help="Labelled real-speech clips for the voice suite "
            "(default ../shared/speech/barista-dev when present)."
        ),
    ] = None,
) -> None:
    """Benchmarks; prints a table and writes CONTRACTS section 6 JSON."""
    from bench.runner import run_suite

    raise typer.Exit(run_suite(suite.value, quick=quick, out=out, real_speech=real_speech))


def main() -> None:
    """Entry point: one readable line on stderr for errors, a traceback only with --debug."""
    try:
        code = app(prog_name="incar", standalone_mode=False)
    except typer.TyperException as exc:  # a usage error: an unknown option, a bad value
        context = getattr(exc, "ctx", None)
        hint = f" (see `{context.command_path} --help`)" if context is not None else ""
        print(f"incar: error: {exc.format_message()}{hint}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except IncarError as exc:
        if _debug:
            raise
        from car_ui.errors import sentence_for

        print(f"incar: error: {sentence_for(exc)}", file=sys.stderr)
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):
        print("incar: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if _debug:
            raise
        print(f"incar: unexpected {type(exc).__name__}: {exc} (run with --debug)", file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
