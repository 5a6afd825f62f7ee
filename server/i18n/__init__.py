"""The pages' words in Korean and English: ``server/i18n/<lang>.json`` plus one
``<surface>.<lang>.json`` per page family (``network.ko.json``: fewer merge conflicts), each a
flat key -> text map; a key lives in one file only, and both languages hold the same keys
(tests/server/test_i18n.py checks both).

The language of a request is the ``lang`` cookie (set by the toggle, ``/lang/<code>``) when it
names one of :data:`LANGUAGES`, else the best match of ``Accept-Language``, else English.
Templates call ``t('key')`` (``{name}`` placeholders filled from keyword arguments); the
JavaScript of a page reads the ``js.*`` messages from a JSON block the base template embeds.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from flask import Flask, Response, g, request

__all__ = [
    "LANGUAGES",
    "COOKIE",
    "message_files",
    "messages",
    "translate",
    "page_language",
    "init_app",
]

LANGUAGES = ("ko", "en")
DEFAULT = "en"
COOKIE = "lang"


def message_files(lang: str) -> list[str]:
    """The names of the files holding ``lang``'s messages: ``<lang>.json`` first."""
    names = [
        item.name
        for item in resources.files(__name__).iterdir()
        if item.name == f"{lang}.json" or item.name.endswith(f".{lang}.json")
    ]
    return sorted(names, key=lambda name: (name != f"{lang}.json", name))


@cache
def messages(lang: str) -> dict[str, str]:
    """The messages of ``lang`` from all its files (read once)."""
    table: dict[str, str] = {}
    for name in message_files(lang):
        text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
        table.update(json.loads(text))
    return table


def translate(key: str, lang: str, /, **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled; an unknown key
    shows itself (and fails the tests that render every page).

    >>> translate("nav.network", "ko"), translate("nav.network", "en")
    ('네트워크', 'Network')
    """
    text = messages(lang).get(key, key)
    return text.format(**values) if values else text


def page_language() -> str:
    """The language this request's pages speak (see the module's docstring)."""
    if "lang" not in g:
        chosen = request.cookies.get(COOKIE, "")
        if chosen not in LANGUAGES:
            chosen = request.accept_languages.best_match(LANGUAGES, default=DEFAULT) or DEFAULT
        g.lang = chosen
    lang: str = g.lang
    return lang


def _t(key: str, /, **values: object) -> str:
    return translate(key, page_language(), **values)


def _js_messages() -> dict[str, str]:
    return {k: v for k, v in messages(page_language()).items() if k.startswith("js.")}


def init_app(app: Flask) -> None:
    """Give every template ``t``, ``lang``, ``other_lang`` and ``js_messages``."""

    @app.after_request
    def _vary(response: Response) -> Response:
        if response.mimetype == "text/html":  # a page's words follow these two headers
            response.vary.update(("Accept-Language", "Cookie"))
        return response

    @app.context_processor
    def _words() -> dict[str, object]:
        lang = page_language()
        return {
            "t": _t,
            "lang": lang,
            "other_lang": "en" if lang == "ko" else "ko",
            "js_messages": _js_messages,
        }
