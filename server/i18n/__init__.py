"""The pages' words in Korean and English: ``server/i18n/<lang>.json``, one flat key -> text map
per language (both hold the same keys; tests/server/test_i18n.py checks it).

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

__all__ = ["LANGUAGES", "COOKIE", "messages", "translate", "page_language", "init_app"]

LANGUAGES = ("ko", "en")
DEFAULT = "en"
COOKIE = "lang"


@cache
def messages(lang: str) -> dict[str, str]:
    """The messages of ``lang`` (read once)."""
    text = resources.files(__name__).joinpath(f"{lang}.json").read_text(encoding="utf-8")
    table: dict[str, str] = json.loads(text)
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
