"""The head unit's language: gettext catalogs for every label, toast and spoken reply.

Strings are written in English in the code and marked with `_()` (or `ngettext` where English
has a plural); `make messages` runs Babel to extract them into `car_ui/locale/incar.pot` and
merge them into each language's `.po`. The `.po` files are the source of truth and are
compiled by Babel when a language is first chosen, so a fresh clone needs no build step and a
catalog can never be older than its source. One language is active for the whole head unit
(one car, one screen); `set_language` switches it, and a view that has drawn text redraws.
"""

from __future__ import annotations

import gettext
import io
import threading
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "incar"
LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
CHINESE = "zh-CN"
LANGUAGES = (ENGLISH, CHINESE)
# The head unit's view names a language by a short code (the Settings buttons: "en", "zh");
# the command line, CONTRACTS and the catalogs by its BCP 47 tag. The one mapping between them.
VIEW_CODES = {ENGLISH: "en", CHINESE: "zh"}

_lock = threading.Lock()
_active: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH


def _catalog_dir(language: str) -> str:
    """zh-CN (BCP 47, as the CLI and CONTRACTS spell it) → zh_CN (gettext's folder name)."""
    return language.replace("-", "_")


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (English is the code's own text)."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    po = LOCALE_DIR / _catalog_dir(language) / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=_catalog_dir(language), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def set_language(language: str) -> None:
    """Make `language` the head unit's language (ValueError for one it does not have)."""
    global _active, _language
    found = translations(language)
    with _lock:
        _active, _language = found, language


def from_view(code: str) -> str:
    """The language a view code ("zh") names (ValueError for one the view does not have)."""
    for tag, view_code in VIEW_CODES.items():
        if view_code == code:
            return tag
    raise ValueError(
        f"unknown view language {code!r}: choose one of {', '.join(VIEW_CODES.values())}"
    )


def language() -> str:
    return _language


def chinese() -> bool:
    """Whether replies are in Chinese (numbers, money and times are then said the Chinese
    way: core.chinese)."""
    return _language == CHINESE


def localized(english: str, chinese_text: str) -> str:
    """A store text in the active language: its Chinese form under zh-CN where the store has
    one (`title_zh`, `name_zh`, `shop_zh`), the English one otherwise."""
    return chinese_text if chinese() and chinese_text else english


def _(message: str) -> str:
    """`message` in the active language."""
    return _active.gettext(message)


def tr(message: str, _language: object = None) -> str:
    """`_` for the kv files, imported there as `_`: a rule written `_('Home', app.lang)`
    names the app's language, so Kivy re-evaluates it (and the label changes) on a switch.
    Babel's extractor reads it as the `_` call it looks like."""
    return _(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context`: the same English word can be two Chinese ones (a
    "medium" cup is 中杯, a "medium" roast 中烘)."""
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a sentence kept in a constant for `make messages`; it is translated where it is
    said, with `_(CONSTANT)`, so a language chosen later still applies."""
    return message
