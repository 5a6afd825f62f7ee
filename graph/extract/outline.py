"""A draft's outline, for a review page: each entry with its lines in the YAML and its spans in
the article, and each review note with the entry it concerns.

A review page shows the article with every span highlighted beside the draft's YAML in an
editor. When the analyst edits the YAML, the outline of the edited text keeps each entry
tied to its spans as long as its ``evidence`` stays; :func:`remove_entries` takes entries
out (with the review notes about them, renumbering the notes about later entries of the same
section), as an analyst removes what a note flags before ingesting.

Examples
--------
>>> text = '''article: {title: {en: T}, issued: "2026-03-02"}
... agreements:
... - id: a
...   parties: [x, y]
...   evidence:
...   - {sentence: S, start: 0, end: 9, confidence: 0.8}
... review:
... - {kind: signatory-party, note: N, item: 'agreements[0]', text: S, start: 0, end: 1}
... '''
>>> out = outline(text)
>>> out["items"][1]["path"], out["items"][1]["lines"], out["items"][1]["evidence"][0]["end"]
('agreements[0]', [3, 6], 9)
>>> out["review"][0]["item"], out["review"][0]["lines"]
('agreements[0]', [8, 8])
>>> "agreements" in load_draft(remove_entries(text, ["agreements[0]"]))
False
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import InputError
from ..factsheet.sheet import load_factsheet
from ..limits import Limits
from .draft import dump_yaml

__all__ = ["outline", "remove_entries", "load_draft"]

_PATH = re.compile(r"^([a-z_]+)\[(\d+)\]$")
_NOT_ENTRIES = ("review", "extraction")


def load_draft(text: str, *, limits: Limits | None = None) -> dict[str, Any]:
    """The draft's data, read as a fact sheet is (same limits and error messages)."""
    return load_factsheet(text, fmt="yaml", limits=limits).data


def _item_lines(text: str) -> dict[str, list[int]]:
    """``{"agreements[0]": [first, last]}``: 1-based lines of every entry of a top-level list
    (``review`` included), and of ``article``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # load_draft has already said what is wrong
        return {}
    out: dict[str, list[int]] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        name = key.value
        if isinstance(value, yaml.SequenceNode):
            for i, node in enumerate(value.value):
                out[f"{name}[{i}]"] = _lines(node, text)
        elif name == "article":
            out[name] = [key.start_mark.line + 1, _lines(value, text)[1]]
    return out


def _lines(node: yaml.Node, text: str) -> list[int]:
    """First and last line of a node: its last line is the last one with text before its end
    (a block node ends where the next token starts)."""
    first = node.start_mark.line + 1
    last = text.count("\n", 0, len(text[: node.end_mark.index].rstrip())) + 1
    return [first, max(first, last)]


def _offset(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _evidence(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Where the entry was read: each sentence's offsets and confidence, and its field spans."""
    out = []
    for ev in entry.get("evidence") or []:
        if not isinstance(ev, dict):
            continue
        start, end = _offset(ev.get("start")), _offset(ev.get("end"))
        if start is None or end is None or end < start:
            continue
        spans = []
        for span in ev.get("spans") or []:
            if not isinstance(span, dict):
                continue
            s, e = _offset(span.get("start")), _offset(span.get("end"))
            if s is not None and e is not None and e >= s:
                spans.append({"field": str(span.get("field", "")), "start": s, "end": e})
        confidence = ev.get("confidence")
        out.append(
            {
                "start": start,
                "end": end,
                "confidence": confidence if isinstance(confidence, int | float) else None,
                "spans": spans,
            }
        )
    return out


def _names(entry: dict[str, Any]) -> dict[str, str]:
    for key in ("name", "title"):
        value = entry.get(key)
        if isinstance(value, dict):
            return {k: str(v) for k, v in value.items() if k in ("ko", "en")}
        if isinstance(value, str):
            return {"ko": value, "en": value}
    return {}


def outline(text: str, *, limits: Limits | None = None) -> dict[str, Any]:
    """The entries of a draft (YAML ``text``) and its review notes, for a review page.

    ``items``: ``path`` (``agreements[0]``), ``section``, ``id``, ``name`` (``{ko, en}``),
    ``lines`` (first and last line in ``text``), ``evidence`` (``start``, ``end``,
    ``confidence``, ``spans``: offsets into the article) and ``suggested``. ``review``: the
    notes as written, each with its ``lines`` and ``index``.
    """
    data = load_draft(text, limits=limits)
    lines = _item_lines(text)
    items: list[dict[str, Any]] = []
    for section, entries in data.items():
        if section in _NOT_ENTRIES:
            continue
        listed = entries if isinstance(entries, list) else [entries]
        for i, entry in enumerate(listed):
            if not isinstance(entry, dict):
                continue
            path = f"{section}[{i}]" if isinstance(entries, list) else section
            items.append(
                {
                    "path": path,
                    "section": section,
                    "id": entry.get("id") if isinstance(entry.get("id"), str) else None,
                    "name": _names(entry),
                    "lines": lines.get(path),
                    "evidence": _evidence(entry),
                    "suggested": [str(s) for s in entry.get("suggested") or []],
                }
            )
    notes = []
    for n, note in enumerate(data.get("review") or []):
        if not isinstance(note, dict):
            continue
        kept = {k: v for k, v in note.items() if isinstance(v, str | int | float)}
        for key in ("start", "end"):
            if key in kept and _offset(kept[key]) is None:
                del kept[key]
        notes.append({**kept, "index": n, "lines": lines.get(f"review[{n}]")})
    return {"items": items, "review": notes}


def remove_entries(text: str, paths: list[str], *, limits: Limits | None = None) -> str:
    """The draft without the entries at ``paths`` (``agreements[0]``) and the review notes
    about them; notes about later entries of the same section are renumbered. The YAML is
    written anew (:func:`graph.extract.draft.dump_yaml`)."""
    data = load_draft(text, limits=limits)
    drop: dict[str, set[int]] = {}
    for path in paths:
        m = _PATH.match(path)
        entries = data.get(m.group(1)) if m else None
        if m is None or m.group(1) in _NOT_ENTRIES or not isinstance(entries, list):
            raise InputError(f"{path!r} names no entry of the draft", parameter="remove")
        if int(m.group(2)) >= len(entries):
            raise InputError(
                f"{path!r} names no entry of the draft ({m.group(1)} has {len(entries)})",
                parameter="remove",
            )
        drop.setdefault(m.group(1), set()).add(int(m.group(2)))
    for section, indices in drop.items():
        data[section] = [e for i, e in enumerate(data[section]) if i not in indices]
        if not data[section]:
            del data[section]
    notes = []
    for note in data.get("review") or []:
        m = _PATH.match(str(note.get("item", ""))) if isinstance(note, dict) else None
        if m and m.group(1) in drop:
            index = int(m.group(2))
            if index in drop[m.group(1)]:
                continue
            shift = sum(1 for i in drop[m.group(1)] if i < index)
            note = {**note, "item": f"{m.group(1)}[{index - shift}]"}
        notes.append(note)
    if "review" in data:
        data["review"] = notes
    return dump_yaml(data)
