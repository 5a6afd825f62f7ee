"""Fact sheets: one article's facts written as YAML or JSON, converted to policygraph RDF.

An analyst writes the article's metadata and lists of stakeholders, people, places, projects,
agreements, budgets, proposals, designations and events, with amounts, areas and dates as
people write them (:mod:`graph.factsheet.quantities`). :func:`convert_factsheet` checks the
sheet against
``ontology/factsheet.schema.json``, matches stakeholders and regions to the registry by name
and variants (:mod:`graph.names`), and returns an rdflib Dataset in the seed layout: registry
entries for new stakeholders in ``pgg:registry``, the article in ``pgg:metadata`` and its facts
in ``pgg:article/<id>``. Every error is an :class:`~graph.errors.InputError` naming the field
path (``agreements[0].amount``) and, for YAML, the line. The format: ``docs/factsheets.md``.

Examples
--------
>>> sheet = '''
... article: {id: demo, title: {en: Demo}, issued: 2025-06-13, language: en}
... stakeholders:
...   - {name: {ko: 데모시, en: Demo City}, type: government, level: city}
...   - {name: {ko: 카카오, en: Kakao}, type: company}
... agreements:
...   - name: {ko: 데모 협약, en: Demo agreement}
...     parties: [Demo City, ㈜카카오]
...     amount: KRW 600bn
... '''
>>> conversion = convert_factsheet(sheet)
>>> conversion.article_id, sorted(conversion.new)
('demo', ['https://policygraph.example/id/org/demo-city', 'https://policygraph.example/id/org/kakao'])
>>> convert_factsheet(sheet.replace("KRW 600bn", "600bn"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.InputError: agreements[0].amount (line 9): cannot read an amount '600bn': no curr...
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import jsonschema
import yaml
from rdflib import Dataset, Graph

from ..errors import InputError, LimitExceeded
from ..iris import PGID, slugify
from ..limits import Deadline, Limits, decoded_text, load_json, too_deep
from ..names import RegistryIndex
from .convert import Converter
from .fields import SCHEMA_PATH, SECTIONS
from .quantities import parse_date

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "FACTSHEET_SUFFIXES",
    "FACTSHEET_MEDIA_TYPES",
    "FactSheet",
    "Conversion",
    "article_key",
    "is_factsheet",
    "load_factsheet",
    "convert_factsheet",
]

#: File names read as fact sheets (``.factsheet.json`` so plain JSON-LD keeps ``.json``).
FACTSHEET_SUFFIXES = (".yaml", ".yml", ".factsheet.json")
#: Media types of a fact-sheet body over HTTP.
FACTSHEET_MEDIA_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")


@dataclass
class FactSheet:
    """A parsed sheet: ``data`` (plain dicts/lists/scalars), ``lines`` (field path → line)."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    name: str | None = None


@dataclass
class Conversion:
    """The RDF of one sheet and what the stakeholder matching decided."""

    dataset: Dataset
    article_id: str
    #: IRIs of stakeholders and regions the sheet adds to the registry.
    new: list[str]
    #: field path → registry IRI of the existing entry it was matched to.
    matched: dict[str, str]


def is_factsheet(name: str | None = None, media_type: str | None = None) -> bool:
    """Whether a file name or a Content-Type names a fact sheet.

    Examples
    --------
    >>> is_factsheet("new/004.yml"), is_factsheet("x.jsonld"), is_factsheet(media_type="text/yaml")
    (True, False, True)
    """
    if media_type is not None:
        return media_type.split(";")[0].strip().lower() in FACTSHEET_MEDIA_TYPES
    return bool(name) and str(name).lower().endswith(FACTSHEET_SUFFIXES)


class _SheetLoader(yaml.SafeLoader):
    """The safe loader, composing only: no tags at all (``!!python/name:...``, ``!custom``,
    ``!!str``), nesting no deeper than the limit, and a look at the deadline now and then."""

    def __init__(self, text: str, limits: Limits, deadline: Deadline | None) -> None:
        super().__init__(text)
        self.limits, self.deadline = limits, deadline
        self.depth = self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        tag = getattr(event, "tag", None)
        if tag is not None:
            line = event.start_mark.line + 1
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise InputError(
                f"line {line}: YAML tags ({shown[:60]}) are not allowed in a fact sheet; write "
                "plain values",
                line=line,
            )
        self.depth += 1
        self.nodes += 1
        if self.depth > self.limits.max_depth:
            raise too_deep(self.depth, self.limits, "fact sheet")
        if self.deadline is not None and self.nodes % 1024 == 0:
            self.deadline.check()
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _text(value: str, path: str, line: int) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"{path or 'sheet'} (line {line}): holds a lone surrogate escape (such as \\ud800), "
            "which is not a character",
            line=line,
        ) from None
    return value


def _yaml_data(node: yaml.Node, path: str, lines: dict[str, int], seen: set[int]) -> Any:
    if id(node) in seen:
        raise InputError(f"{path or 'sheet'}: YAML anchors and aliases are not allowed")
    seen.add(id(node))
    line = lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                raise InputError(f"{path or 'sheet'} (line {line}): a key must be plain text")
            key = _text(str(key_node.value), path, key_node.start_mark.line + 1)
            sub = f"{path}.{key}" if path else key
            if key in out:
                raise InputError(f"{sub} (line {key_node.start_mark.line + 1}): given twice")
            out[key] = _yaml_data(value_node, sub, lines, seen)
            lines[sub] = key_node.start_mark.line + 1  # the line of the key, where the field is
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_data(n, f"{path}[{i}]", lines, seen) for i, n in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return _text(
            node.value, path, line
        )  # dates stay as written; graph.factsheet.quantities reads them
    try:
        value = yaml.SafeLoader("").construct_object(node)
    except (ValueError, OverflowError, yaml.YAMLError):  # an integer of thousands of digits
        raise InputError(
            f"{path or 'sheet'} (line {line}): {str(node.value)[:40]!r} is not a number a fact "
            "can have",
            line=line,
        ) from None
    if isinstance(value, str):
        _text(value, path, line)
    return _finite(value, path)


def _finite(value: Any, path: str = "") -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{path or 'sheet'}: {value} is not a number a fact can have")
    return value


def _yaml_problem(exc: yaml.YAMLError) -> tuple[str, dict[str, int]]:
    if isinstance(exc, yaml.reader.ReaderError):
        return (
            f"the character {exc.character!r} (at character {exc.position}) is not allowed in YAML",
            {},
        )
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or "not a YAML document"
    context = {"line": mark.line + 1, "column": mark.column + 1} if mark else {}
    return problem + where, context


def load_factsheet(
    source: str | bytes | Path,
    *,
    fmt: str | None = None,
    name: str | None = None,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
) -> FactSheet:
    """Parse a fact sheet (``fmt`` "yaml" or "json"; by default from the file name, else YAML).

    YAML is read with the safe loader, keeping dates as written and the line of every field;
    tags, anchors, aliases, duplicate keys and more than one document are refused, and so is
    nesting deeper than ``limits.max_depth``.
    """
    limits = limits or Limits()
    if isinstance(source, Path):
        name = name or source.name
        source = source.read_bytes()
    text = decoded_text(source, "fact sheet") if isinstance(source, bytes) else source
    fmt = fmt or ("json" if name and name.lower().endswith(".json") else "yaml")
    lines: dict[str, int] = {}
    if fmt == "json":
        data = load_json(text, limits, "fact sheet")
    else:
        try:
            loader = _SheetLoader(text, limits, deadline)  # refuses non-printable characters
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.YAMLError as exc:
            problem, context = _yaml_problem(exc)
            raise InputError(f"not YAML: {problem}", **context) from None
        data = _yaml_data(node, "", lines, set()) if node is not None else None
    if not isinstance(data, dict):
        raise InputError("a fact sheet is a mapping with an 'article' section at the top")
    return FactSheet(data, lines, name)


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _line(path: str, lines: Mapping[str, int]) -> int | None:
    """The line of ``path``, or of the nearest enclosing field that has one."""
    probe = path
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe.rpartition(".")[0] if "." in probe else probe.rpartition("[")[0]
    return None


def _where(path: str, lines: Mapping[str, int]) -> str:
    line = _line(path, lines)
    return f"{path or 'sheet'}" + (f" (line {line})" if line else "")


def _path(error: jsonschema.ValidationError) -> str:
    """``agreements[0].amount`` for a schema error's location."""
    steps = (f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return "".join(steps).lstrip(".")


def _check_schema(sheet: FactSheet) -> None:
    errors = sorted(_validator().iter_errors(sheet.data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    messages = []
    for error in errors[:10]:
        path = _path(error)
        message = error.message
        if error.validator == "additionalProperties":
            message = message.replace("Additional properties are not allowed", "unknown field")
        if error.validator == "oneOf":
            message = f"{error.instance!r} is not a valid value here"
        if error.validator == "pattern" and path.endswith("url"):
            message = f"{error.instance!r} is not a web address (http://... or https://...)"
        messages.append(f"{_where(path, sheet.lines)}: {message}")
    more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
    first = _path(errors[0])
    context = {"field": first or "sheet", "line": _line(first, sheet.lines)}
    raise InputError("; ".join(messages) + more, **{k: v for k, v in context.items() if v})


def _check_size(sheet: FactSheet, limits: Limits) -> None:
    """Every entry becomes a few quads: more entries than ``max_quads`` cannot fit."""
    entries = sum(len(v) for v in sheet.data.values() if isinstance(v, list))
    if entries > limits.max_quads:
        raise LimitExceeded(
            f"the fact sheet has {entries} entries, more than the {limits.max_quads} quads one "
            "write may add (the setting max_document_quads): split it",
            limit="max_document_quads",
            setting="max_document_quads",
            value=limits.max_quads,
        )


def _lookups(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What to look up in the registry: the names, variants and references of the sheet, and
    the IRIs its registry entries would get as new ones."""
    names: list[str] = []
    iris: list[str] = []
    for section_name, section in SECTIONS.items():
        for entry in data.get(section_name, []):
            if section.registry:
                names += [entry["name"]["ko"], entry["name"]["en"]]
                names += Converter.variants(entry.get("variants"))
                with contextlib.suppress(ValueError):  # no slug: the conversion will say so
                    slug = entry.get("id") or slugify(entry["name"]["en"])
                    iris.append(f"{PGID}{section.kind}/{slug}")
            for name, f in section.fields.items():
                value = entry.get(name)
                if f.reader == "ref" and value:
                    names += value if isinstance(value, list) else [value]
            names += [post["in"] for post in entry.get("posts", [])]
    return names, iris


def _registry_index(
    registry: Store | Graph | Dataset | RegistryIndex | None, sheet: FactSheet
) -> RegistryIndex:
    if registry is None:
        return RegistryIndex()
    if isinstance(registry, RegistryIndex):
        return registry
    if isinstance(registry, Graph):
        return RegistryIndex.from_graph(registry)
    names, iris = _lookups(sheet.data)
    return RegistryIndex.from_store(registry, names, iris)


#: Query parameters that track a reader, not the article: dropped from the URL before hashing.
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+|ref_src)$", re.IGNORECASE)


def _text_key(text: Any) -> str:
    """Text as compared for identity: NFKC, case-folded, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def _url_key(url: str) -> str:
    """An article URL as compared for identity: scheme, ``www.``, default port, fragment,
    trailing slash and tracking parameters (``utm_*``, ...) do not matter; the rest does.

    >>> _url_key("HTTPS://www.Example.com:443/news/123/?utm_source=x&b=2&a=1#top")
    'example.com/news/123?a=1&b=2'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or ""
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING.match(k))  # fmt: skip
    return host + path + (f"?{urlencode(query)}" if query else "")


def article_key(article: Mapping[str, Any]) -> str:
    """What identifies the article a sheet describes, whoever sends it and however.

    Its URL when the sheet gives one; else its publisher, publication date and title (the title
    in the article's ``language``, else the Korean, else the English one), compared without
    trivial differences of white space, case and date spelling. Not the sheet's file name.

    Examples
    --------
    >>> article_key({"url": "https://news.example/a/1", "title": {"en": "T"}})
    'url news.example/a/1'
    >>> a = {"title": {"ko": "카카오,  AI 허브"}, "issued": "2025년 6월 13일", "language": "ko"}
    >>> b = {"title": {"ko": "카카오, AI 허브 ", "en": "Kakao..."}, "issued": "2025-06-13"}
    >>> article_key(a) == article_key(b)
    True
    """
    if article.get("url"):
        return f"url {_url_key(str(article['url']))}"
    titles = article.get("title") or {}
    lang = article.get("language")
    title = titles.get(lang) if lang in titles else titles.get("ko", titles.get("en", ""))
    issued = article.get("issued")
    if issued is not None:
        try:
            issued = parse_date(issued).lexical
        except InputError:  # the conversion reports it, with the field's line
            issued = _text_key(issued)
    basis = [_text_key(article.get("publisher") or ""), issued or "", _text_key(title)]
    return "article " + json.dumps(basis, ensure_ascii=False)


def _article_id(sheet: FactSheet) -> str:
    article = sheet.data.get("article", {})
    if article.get("id"):
        return str(article["id"])
    return hashlib.sha256(article_key(article).encode("utf-8")).hexdigest()[:16]


def convert_factsheet(
    source: str | bytes | Path | FactSheet,
    *,
    registry: Store | Graph | Dataset | RegistryIndex | None = None,
    fmt: str | None = None,
    name: str | None = None,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
) -> Conversion:
    """Convert one fact sheet to RDF in the seed layout.

    Parameters
    ----------
    source : str, bytes, Path or FactSheet
        The sheet (YAML or JSON text, a file, or an already loaded sheet).
    registry : Store, rdflib Graph/Dataset, RegistryIndex, optional
        Existing registry entries to match stakeholders and regions against; matched ones get
        the existing IRI and add nothing to ``pgg:registry``.
    fmt, name : str, optional
        "yaml" or "json", and the file name (the default ``source_file``; never the id, which
        comes from the article itself: :func:`article_key`).
    limits, deadline : optional
        Nesting depth and entries (:class:`graph.limits.Limits`), and when to give up.

    Returns
    -------
    Conversion
        ``dataset`` with the named graphs ``pgg:registry`` (new entries only), ``pgg:metadata``
        and ``pgg:article/<id>``; ``new`` and ``matched`` stakeholders.

    Raises
    ------
    InputError
        Unparseable sheet, unknown or missing field, bad value, unknown or ambiguous reference;
        the message starts with the field path and its line.
    LimitExceeded
        Nested too deeply, more entries than ``max_document_quads``, too slow.
    """
    limits = limits or Limits()
    sheet = (
        source
        if isinstance(source, FactSheet)
        else load_factsheet(source, fmt=fmt, name=name, limits=limits, deadline=deadline)
    )
    _check_schema(sheet)
    _check_size(sheet, limits)
    index = _registry_index(registry, sheet)
    converter = Converter(sheet.data, index, _article_id(sheet), sheet.name)
    try:
        dataset = converter.run()
    except InputError as exc:
        path = exc.context.get("field", "")
        line = _line(path, sheet.lines)
        context = {**exc.context, **({"line": line} if line else {})}
        raise InputError(f"{_where(path, sheet.lines)}: {exc.message}", **context) from exc
    return Conversion(dataset, converter.article_id, converter.new, converter.matched)
