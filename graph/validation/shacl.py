"""SHACL validation of policygraph data against ``ontology/shapes``.

The shapes split their rules by severity (violation, warning, info); every rule has a stable id
(``pgsh:ruleId``) and a message in Korean and English. :func:`validate` runs pySHACL with the
OWL ontology and the SKOS vocabularies mixed into the data graph, so that a shape targeting
``pg:Organisation`` also reaches every ``pg:Company`` (``rdfs:subClassOf``), and turns the
standard ``sh:ValidationReport`` into a :class:`Report`: counts per severity, and per result the
focus node with its label, the path, the value, the rule id and the message in the caller's
language. The report is also available as the standard report graph in Turtle.

Examples
--------
>>> from rdflib import Graph
>>> data = Graph().parse(format="turtle", data='''
...     @prefix schema: <https://schema.org/> .
...     @prefix pg: <https://policygraph.example/ont#> .
...     <https://policygraph.example/id/amount/x> a schema:MonetaryAmount ;
...         schema:value 5000.0 ; schema:currency "krw" ; pg:statedAs "5천원" .
... ''')
>>> report = validate(data, lang="ko")
>>> report.conforms, report.counts()
(False, {'violation': 1, 'warning': 0, 'info': 0})
>>> result = report.results[0]
>>> result.rule_id, result.focus, result.value
('amount-currency', 'https://policygraph.example/id/amount/x', 'krw')
>>> result.message.startswith("금액에는 schema:currency가")
True
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyshacl
import rdflib.term
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as SPARQLResult
from rdflib.term import Node

from ..errors import ValidationFailed
from ..iris import PGSH
from ..limits import Deadline
from ..ontology import load_ontology, load_shapes
from ..query.rdfparse import prepare_query
from ..store.terms import rdflib_graph

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "SEVERITIES",
    "Result",
    "Report",
    "union_graph",
    "validate",
    "validate_store",
    "ensure_valid",
]

log = logging.getLogger(__name__)


def _keep_html_lexical() -> None:
    """rdflib builds the value of every ``rdf:HTML`` literal with an HTML5 parser, whose cost
    grows with the square of unclosed nesting (50 KB of ``<div>`` took 65 s), wherever rdflib
    meets one: update planning, validation. Nothing here needs the parsed value: the lexical
    form is the value."""
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)  # rdflib warns that it rebinds: meant
    try:
        rdflib.term.bind(RDF.HTML, str, datatype_specific=True)
    finally:
        term_log.setLevel(level)


_keep_html_lexical()

#: Severity names, most severe first, as used in :class:`Result` and :meth:`Report.counts`.
SEVERITIES: tuple[str, ...] = ("violation", "warning", "info")
_SEVERITY_NAMES: dict[Node | None, str] = {
    SH.Violation: "violation",
    SH.Warning: "warning",
    SH.Info: "info",
}
_LANGUAGES = ("ko", "en")
_FALLBACK_LANG = "en"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_TEMPLATE_VAR = re.compile(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}")


def union_graph(data: Graph | Dataset) -> Graph:
    """One graph with the triples of every graph of ``data`` (a plain graph is returned as is).

    Examples
    --------
    >>> from rdflib import Dataset, URIRef
    >>> ds = Dataset()
    >>> s = URIRef("https://policygraph.example/id/org/x")
    >>> ds.graph(URIRef("https://policygraph.example/graph/registry")).add((s, s, s))
    <Graph identifier=https://policygraph.example/graph/registry (<class 'rdflib.graph.Graph'>)>
    >>> len(union_graph(ds))
    1
    """
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for prefix, namespace in data.namespaces():
        union.bind(prefix, namespace, override=False)
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@dataclass(frozen=True)
class Result:
    """One validation result.

    ``message`` and ``focus_label`` are in the report's language; ``messages`` and
    ``focus_labels`` keep every language (``ko``, ``en``) for :meth:`in_language`.
    """

    severity: str
    rule_id: str
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    source_shape: str
    messages: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    focus_labels: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def in_language(self, lang: str) -> Result:
        """This result with ``message`` and ``focus_label`` in ``lang`` (else in English)."""
        return dataclasses.replace(
            self,
            message=_pick(self.messages, lang) or self.message,
            focus_label=_pick(self.focus_labels, lang),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the result (in the language it was made for)."""
        return {
            "severity": self.severity,
            "rule_id": self.rule_id,
            "focus": self.focus,
            "focus_label": self.focus_label,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "source_shape": self.source_shape,
        }


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`validate`.

    ``conforms`` is true when no result is a violation (warnings and infos are allowed).
    ``results`` are sorted by severity (violations first), rule id, focus node, path and value.
    ``graph`` is the standard ``sh:ValidationReport`` graph.
    """

    conforms: bool
    results: list[Result]
    lang: str = _FALLBACK_LANG
    graph: Graph = field(default_factory=Graph, repr=False, compare=False)

    def counts(self) -> dict[str, int]:
        """Number of results per severity, every severity present (zero when none)."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for result in self.results:
            counts[result.severity] += 1
        return counts

    def by_severity(self, severity: str) -> list[Result]:
        """The results of one severity (``violation``, ``warning`` or ``info``)."""
        return [r for r in self.results if r.severity == severity]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready dict: ``conforms``, ``counts`` and ``results``, messages in ``lang``."""
        lang = lang or self.lang
        return {
            "conforms": self.conforms,
            "lang": lang,
            "counts": self.counts(),
            "results": [r.in_language(lang).to_dict() for r in self.results],
        }

    def to_turtle(self) -> str:
        """The standard ``sh:ValidationReport`` graph, serialised as Turtle."""
        return self.graph.serialize(format="turtle")

    def raise_for_violations(self, what: str = "", **context: Any) -> Report:
        """This report, or :class:`~graph.errors.ValidationFailed` if it has a violation.

        The message is ``"<what>: N SHACL violation(s): rule-a, rule-b"``; the error carries the
        report, ``context["rule_ids"]`` and ``context``.

        Examples
        --------
        >>> Report(conforms=True, results=[]).raise_for_violations("article x").conforms
        True
        """
        if self.conforms:
            return self
        violations = self.by_severity("violation")
        rules = sorted({r.rule_id for r in violations})
        prefix = f"{what}: " if what else ""
        raise ValidationFailed(
            f"{prefix}{len(violations)} SHACL violation(s): {', '.join(rules)}",
            self,
            rule_ids=rules,
            **context,
        )

    def to_text(self, lang: str | None = None) -> str:
        """A plain-text summary for people: one block per result, messages in ``lang``."""
        lang = lang or self.lang
        counts = ", ".join(f"{n} {severity}" for severity, n in self.counts().items())
        lines = [f"{'conforms' if self.conforms else 'does not conform'}: {counts}"]
        for result in self.results:
            result = result.in_language(lang)
            label = f" ({result.focus_label})" if result.focus_label else ""
            lines.append(f"{result.severity} [{result.rule_id}] <{result.focus}>{label}")
            if result.path:
                lines.append(f"    path: <{result.path}>")
            if result.value is not None:
                lines.append(f"    value: {result.value}")
            lines.append(f"    {result.message}")
        return "\n".join(lines)


def validate(
    data: Graph | Dataset, *, lang: str = "en", deadline: Deadline | None = None
) -> Report:
    """Validate ``data`` against the policygraph shapes.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        The data; a dataset is validated as the union of all its graphs (so an article graph is
        checked together with the registry and metadata graphs it refers to). It is not changed.
    lang : str, default "en"
        Language of ``message`` and ``focus_label`` in the results: ``"ko"`` or ``"en"``
        (anything else falls back to English).
    deadline : Deadline, optional
        Stop there (pySHACL is stopped at its next read of the data): raises
        :class:`~graph.errors.LimitExceeded` naming ``check_timeout``.

    Returns
    -------
    Report
        ``conforms`` is false only when some result is a violation.

    Examples
    --------
    >>> from rdflib import Graph
    >>> report = validate(Graph())
    >>> report.conforms, report.results
    (True, [])
    """
    started = time.perf_counter()
    data_graph = _PreparedQueryGraph()
    data_graph += union_graph(data)
    size = len(data_graph)
    # The ontology is mixed in here rather than passed as pySHACL's ont_graph, so that pySHACL
    # works on this graph in place (no clone) and its SPARQL constraints reuse prepared queries.
    data_graph += load_ontology()
    shapes = load_shapes()
    data_graph.deadline = deadline
    try:  # the deadline holds for the report too: a write can break thousands of rules
        _, report_graph, _ = pyshacl.validate(
            data_graph,
            shacl_graph=shapes,
            inference="none",
            inplace=True,
            allow_infos=True,
            allow_warnings=True,
            do_owl_imports=False,  # owl:imports in the data or the shapes is never fetched
        )
        results = sorted(
            (
                _make_result(report_graph, node, shapes, data_graph, lang)
                for node in _result_nodes(report_graph)
            ),
            key=_sort_key,
        )
    except _Expired:
        assert deadline is not None
        raise deadline.error() from None
    finally:
        data_graph.deadline = None
    report = Report(
        conforms=not any(r.severity == "violation" for r in results),
        results=results,
        lang=lang,
        graph=report_graph,
    )
    log.info(
        "validated %d triples in %.3f s: %s",
        size,
        time.perf_counter() - started,
        report.counts(),
    )
    return report


def validate_store(store: Store, *, lang: str = "en") -> Report:
    """Validate everything in ``store`` (the union of all its graphs).

    Examples
    --------
    >>> from graph.config import Settings
    >>> from graph.store import open_store
    >>> validate_store(open_store(Settings(memory=True), seed=False)).results
    []
    """
    return validate(rdflib_graph(store.quads()), lang=lang)


def ensure_valid(data: Graph | Dataset, *, lang: str = "en") -> Report:
    """Validate ``data`` and raise :class:`~graph.errors.ValidationFailed` on any violation.

    Warnings and infos do not raise; the report (with them) is returned.

    Raises
    ------
    ValidationFailed
        With the :class:`Report` as ``report`` and the violated rule ids as
        ``context["rule_ids"]``.

    Examples
    --------
    >>> from rdflib import Graph
    >>> ensure_valid(Graph()).conforms
    True
    """
    return validate(data, lang=lang).raise_for_violations()


class _Expired(BaseException):
    """Raised inside pySHACL when the deadline has passed. A BaseException, so that pySHACL's
    ``except Exception`` blocks (which print and re-raise) let it through untouched."""


class _PreparedQueryGraph(Graph):
    """A graph whose SPARQL queries given as text are parsed once per process, and whose reads
    stop at a deadline.

    pySHACL runs a SPARQL-based constraint once per focus node, each time from the query text;
    parsing the text costs far more than evaluating it on a small graph. rdflib's prepared
    queries take the same ``initBindings``, so reusing them changes nothing but the time.
    Every read of pySHACL and of rdflib's SPARQL engine goes through :meth:`triples`, which
    looks at the clock every few hundred calls.
    """

    deadline: Deadline | None = None
    _reads = 0

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> SPARQLResult:
        if isinstance(query_object, str):
            query_object = _prepared_query(query_object)
        return super().query(query_object, *args, **kwargs)

    def triples(self, triple: Any) -> Any:
        if self.deadline is not None:
            self._reads += 1
            if self._reads % 256 == 0 and self.deadline.expired():
                raise _Expired
        return super().triples(triple)


@functools.lru_cache(maxsize=256)
def _prepared_query(text: str) -> Query:
    return prepare_query(text)


# --- building results -----------------------------------------------------------------------


def _result_nodes(report_graph: Graph) -> Iterable[Node]:
    for report in report_graph.subjects(RDF.type, SH.ValidationReport):
        yield from report_graph.objects(report, SH.result)


def _make_result(report: Graph, node: Node, shapes: Graph, data: Graph, lang: str) -> Result:
    shape = report.value(node, SH.sourceShape)
    constraint = report.value(node, SH.sourceConstraint)
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    severity = _SEVERITY_NAMES.get(report.value(node, SH.resultSeverity), "violation")
    rule_id = _rule_id(shapes, constraint, shape)
    messages = _messages(report, node, shapes, (constraint, shape))
    labels = _labels(data, focus)
    return Result(
        severity=severity,
        rule_id=rule_id,
        focus=str(focus),
        focus_label=_pick(labels, lang),
        path=str(path) if isinstance(path, URIRef) else None,
        value=None if value is None else str(value),
        message=_pick(messages, lang) or "",
        source_shape=str(shape),
        messages=messages,
        focus_labels=labels,
    )


def _rule_id(shapes: Graph, constraint: Node | None, shape: Node | None) -> str:
    """The rule id of the SPARQL constraint if any, else of the shape, else the shape's IRI."""
    for node in (constraint, shape):
        if node is not None:
            rule = shapes.value(node, PGSH.ruleId)
            if rule is not None:
                return str(rule)
    log.warning("shape %s has no pgsh:ruleId", shape)
    return str(shape)


def _messages(
    report: Graph, node: Node, shapes: Graph, sources: tuple[Node | None, ...]
) -> dict[str, str]:
    """The result's messages by language tag.

    pySHACL copies the shape's ``sh:message`` literals into ``sh:resultMessage``, but drops the
    language tag of SPARQL-based messages when it fills in ``{?var}`` placeholders. Such a message
    gets its language back by matching it against the shape's message templates, and the tag is
    restored in the report graph too, so that the Turtle report keeps it.
    """
    templates = [
        m
        for source in sources
        if source is not None
        for m in shapes.objects(source, SH.message)
        if isinstance(m, Literal) and m.language
    ]
    messages: dict[str, str] = {}
    for message in list(report.objects(node, SH.resultMessage)):
        if not isinstance(message, Literal):
            continue
        language = message.language or _language_of(str(message), templates)
        if language and not message.language:
            report.remove((node, SH.resultMessage, message))
            report.add((node, SH.resultMessage, Literal(str(message), lang=language)))
        messages.setdefault(language or _FALLBACK_LANG, str(message))
    return messages


def _language_of(text: str, templates: list[Literal]) -> str | None:
    for template in templates:
        pattern = "(.*?)".join(re.escape(part) for part in _TEMPLATE_VAR.split(str(template)))
        if re.fullmatch(pattern, text, flags=re.DOTALL):
            return template.language
    return "ko" if _HANGUL.search(text) else None


def _labels(data: Graph, focus: Node | None) -> dict[str, str]:
    labels: dict[str, str] = {}
    if focus is None:
        return labels
    for predicate in (SKOS.prefLabel, RDFS.label):
        for label in data.objects(focus, predicate):
            if isinstance(label, Literal) and label.language in _LANGUAGES:
                labels.setdefault(label.language, str(label))
    return labels


def _pick(texts: Mapping[str, str], lang: str) -> str | None:
    return texts.get(lang) or texts.get(_FALLBACK_LANG) or next(iter(texts.values()), None)


def _sort_key(result: Result) -> tuple[int, str, str, str, str]:
    return (
        SEVERITIES.index(result.severity),
        result.rule_id,
        result.focus,
        result.path or "",
        result.value or "",
    )
