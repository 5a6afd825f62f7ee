"""Both languages say everything: same keys, no empty text, every key a template uses exists."""

from __future__ import annotations

import json
import re
import string
from importlib import resources

import pytest

from graph.read.search import SEARCH_CLASSES
from server.i18n import LANGUAGES, message_files, messages

# a literal key: t('nav.network') or t('x.y', n=1); t('kind.' ~ r.kind) is a dynamic one
KEY = re.compile(r"""\bt\(\s*['"]([\w.-]+)['"]\s*[,)]""")


def _template_texts() -> dict[str, str]:
    root = resources.files("server")
    found = {}
    for folder in ("templates", "pages"):
        for item in root.joinpath(folder).iterdir():
            if item.name.endswith((".html", ".py")):
                found[f"{folder}/{item.name}"] = item.read_text(encoding="utf-8")
    return found


def _file_keys(name: str) -> set[str]:
    return set(json.loads(resources.files("server.i18n").joinpath(name).read_text("utf-8")))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_key_lives_in_one_file_only(lang):
    seen: dict[str, str] = {}
    for name in message_files(lang):
        for key in _file_keys(name):
            assert key not in seen, f"{key} is in {seen.get(key)} and {name}"
            seen[key] = name
    assert message_files(lang)[0] == f"{lang}.json"


def test_each_surface_file_has_its_twin():
    for name in message_files("en"):
        twin = name[: -len("en.json")] + "ko.json"
        assert _file_keys(name) == _file_keys(twin), name


def test_both_languages_have_the_same_keys():
    ko, en = set(messages("ko")), set(messages("en"))
    assert ko - en == set(), "only in ko.json"
    assert en - ko == set(), "only in en.json"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_empty_and_placeholders_agree(lang):
    other = messages("en" if lang == "ko" else "ko")
    for key, text in messages(lang).items():
        assert text.strip(), key
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        theirs = {f for _, f, _, _ in string.Formatter().parse(other[key]) if f}
        assert fields == theirs, key


def test_every_key_the_templates_use_exists():
    used = {(name, key) for name, text in _template_texts().items() for key in KEY.findall(text)}
    assert used, "the pattern finds the t('...') calls"
    missing = sorted(f"{name}: {key}" for name, key in used if key not in messages("en"))
    assert missing == []


def test_every_kind_of_search_hit_has_a_name():
    kinds = set(SEARCH_CLASSES.values())
    assert {f"kind.{k}" for k in kinds} <= set(messages("en"))


def test_the_toggle_sets_a_cookie_and_stays_on_the_site(client):
    response = client.get("/lang/ko?next=/search%3Fq%3Dx")
    assert response.status_code == 303 and response.headers["Location"] == "/search?q=x"
    assert "lang=ko" in response.headers["Set-Cookie"]
    assert client.get("/lang/en?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"
    assert "Set-Cookie" not in client.get("/lang/xx").headers


def test_pages_speak_the_accepted_language_unless_the_cookie_says_otherwise(app):
    client = app.test_client()
    korean = client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"})
    assert '<html lang="ko">' in korean.get_data(as_text=True)
    assert "Accept-Language" in korean.headers["Vary"]
    client.set_cookie("lang", "en")
    english = client.get("/", headers={"Accept-Language": "ko-KR"})
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_every_page_has_a_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "Content-Security-Policy" not in client.get("/api/search?q=kakao").headers
