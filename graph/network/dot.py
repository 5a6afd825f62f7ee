"""Graphviz DOT that people can read: the partner network (or the typed graph) drawn by plain
``dot``, ``neato`` or ``sfdp`` as a roughly square picture, coloured and shaped by type.

:func:`write_dot` writes what :func:`graph.network.export.export_network` gives for ``dot``:

- graph attributes for every engine: components and isolated nodes packed side by side into a
  square-ish drawing (``pack``, ``packmode``), node overlaps removed (``overlap=prism``),
  curved edges around the nodes (``splines``), a font that has Hangul (``fontname``, a list
  tried in turn), and a legend of the types drawn (an HTML-like table under the drawing, not
  extra nodes); ``layout`` is not set, so ``dot``, ``neato`` and ``sfdp`` each draw it their
  way (``neato`` reads best for the partner network);
- each node with its label in the chosen language (wrapped to about 22 columns, a Hangul
  syllable counting two), a fill colour and shape by type (:data:`STYLES`), and a tooltip
  with both labels and the type;
- each edge with a pen width growing with its weight and a tooltip naming its relationships
  (their labels in the chosen language) and dates;
- every attribute of the export besides (metrics, evidence, both labels): Graphviz keeps
  attributes it does not know, so ``dot -Tjson`` reads them back.

Examples
--------
>>> g = nx.Graph()
>>> g.add_node("urn:a", label="카카오", label_ko="카카오", label_en="Kakao", type="Company")
>>> g.add_node("urn:b", label="경기도", type="Government")
>>> g.add_edge("urn:a", "urn:b", weight=2, label="투자협약", first="2025-06-13")
>>> text = write_dot(g, "ko").decode()
>>> '"urn:a" [label="카카오", shape="ellipse"' in text, 'penwidth=3' in text
(True, True)
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from html import escape
from typing import Any

import networkx as nx

from ..ontology import term_label

__all__ = ["STYLES", "FONTS", "write_dot"]

#: Fonts tried in turn (Graphviz hands the list to fontconfig or Pango): the first with
#: Hangul on Linux (Debian fonts-noto-cjk), macOS and Windows, then any sans-serif.
FONTS = "Noto Sans CJK KR,Noto Sans KR,Apple SD Gothic Neo,Malgun Gothic,sans-serif"

#: Node type -> (shape, fill colour, extra style). Stakeholders are rounded or oval shapes in
#: distinct light colours; in the typed graph relationships are diamonds and parallelograms,
#: projects boxes, places houses and tabs, articles notes.
STYLES: dict[str, tuple[str, str, str]] = {
    "Government": ("box", "#9ecae1", "rounded"),
    "Company": ("ellipse", "#fdae6b", ""),
    "ResearchBody": ("hexagon", "#a1d99b", ""),
    "EducationBody": ("octagon", "#c7e9c0", ""),
    "PoliticalParty": ("box", "#fcbba1", ""),
    "Consortium": ("ellipse", "#dadaeb", "dashed"),
    "Organisation": ("ellipse", "#d9d9d9", ""),
    "Person": ("ellipse", "#fff7bc", "dashed"),
    "Agreement": ("diamond", "#f4a3c0", ""),
    "Budget": ("parallelogram", "#ccebc5", ""),
    "Proposal": ("diamond", "#fddaec", "dashed"),
    "Designation": ("hexagon", "#decbe4", ""),
    "Post": ("cds", "#f2f2f2", ""),
    "Facility": ("box3d", "#fed9a6", ""),
    "Project": ("box3d", "#ffffcc", ""),
    "Initiative": ("folder", "#e5d8bd", ""),
    "Site": ("house", "#b3cde3", ""),
    "Zone": ("house", "#b3e2cd", "dashed"),
    "Region": ("tab", "#cbd5e8", ""),
    "Place": ("tab", "#f1f2f6", ""),
    "Article": ("note", "#ffffff", ""),
}
_OTHER = ("ellipse", "#ffffff", "")

#: A label wider than this (in columns; a Hangul syllable counts two) is wrapped at spaces.
WRAP = 22

_GRAPH = {
    "fontname": FONTS,
    "fontsize": 11,
    # each component (and each isolated node) laid out alone, then packed into a square-ish
    # whole: without this, dot draws 16 isolated nodes in one 6,000-pixel row
    "pack": "true",
    "packmode": "graph",
    "overlap": "prism",  # neato, sfdp: move nodes apart until no two overlap
    # ... from the layout as it is: the default first scales it up by four label sizes, which
    # left the typed graph 95% empty space (neato 2,740 x 3,040 pt; 1,493 x 1,677 without)
    "overlap_scaling": 0,
    "sep": "+6",
    "esep": "+3",
    "splines": "true",
    "outputorder": "edgesfirst",
    "nodesep": 0.3,  # dot
    "ranksep": 0.5,  # dot
    "K": 0.6,  # sfdp: shorter ideal edges
    "repulsiveforce": 1.5,  # sfdp
    "labelloc": "b",
    "labeljust": "l",
}
_NODE = {"fontname": FONTS, "fontsize": 11, "margin": "0.1,0.04", "penwidth": 0.8}
_EDGE = {"fontname": FONTS, "fontsize": 9, "color": "#55555599", "arrowsize": 0.6}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int = WRAP) -> str:
    """``text`` broken at spaces into lines of at most ``width`` columns (a long word stays).

    >>> wrap("Korea Land and Housing Corporation")
    'Korea Land and Housing\\nCorporation'
    >>> wrap("국가 AI 컴퓨팅 센터 민간 컨소시엄")
    '국가 AI 컴퓨팅 센터\\n민간 컨소시엄'
    """
    lines: list[str] = []
    for word in text.split():
        if lines and _width(lines[-1]) + 1 + _width(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


#: Attributes Graphviz reads as escString (``\\n`` a line break, ``\\\\`` a backslash); it
#: keeps every other attribute as written, only ``\\"`` turned into ``"``.
_ESCAPED = frozenset({"label", "tooltip", "xlabel", "id", "URL", "href"})


def _quote(value: Any, escaped: bool = True) -> str:
    r"""A DOT string. ``escaped`` (an escString such as a label): backslashes, quotes and line
    breaks escaped, so that Graphviz shows exactly ``value``. Otherwise only quotes are escaped,
    so that Graphviz reads ``value`` back as it is (a backslash before a quote or at the end is
    doubled: without it the string would not end there).

    >>> print(_quote('say "hi" \\ bye'), _quote('say "hi" \\ bye', escaped=False))
    "say \"hi\" \\ bye" "say \"hi\" \ bye"
    """
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if escaped:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    else:
        text = re.sub(r'\\(?=\\*(?:"|$))', r"\\\\", text).replace('"', '\\"')
    return f'"{text}"'


def _attrs(attrs: dict[str, Any]) -> str:
    """``key=value, ...``: numbers as they are, everything else a quoted string (never an
    HTML-like label: a name written ``<...>`` stays text)."""

    def value(k: str, v: Any) -> str:
        if isinstance(v, int | float) and not isinstance(v, bool):
            return repr(v)
        return _quote(v, escaped=k in _ESCAPED)

    return ", ".join(f"{k}={value(k, v)}" for k, v in attrs.items())


def _penwidth(weight: Any) -> float:
    """1 for one relationship, thicker with each doubling, at most 6."""
    try:
        w = max(float(weight), 1.0)
    except (TypeError, ValueError):
        w = 1.0
    return round(min(1 + 2 * math.log2(w), 6), 2)


def _legend(types: Counter[str], lang: str) -> str:
    """An HTML-like table (``<...>``, the graph's label): one row per type drawn, its colour,
    name and count."""
    title = "범례" if lang == "ko" else "Legend"
    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{title}</B></TD></TR>']
    order = list(STYLES)
    for kind in sorted(types, key=lambda t: (order.index(t) if t in order else len(order), t)):
        fill = STYLES.get(kind, _OTHER)[1]
        name = escape(term_label(kind, lang))
        rows.append(
            f'<TR><TD BGCOLOR="{fill}" WIDTH="18"> </TD>'
            f'<TD ALIGN="LEFT">{name} ({types[kind]})</TD></TR>'
        )
    return '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="2">' + "".join(rows) + "</TABLE>>"


def _tooltip(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


def write_dot(g: nx.Graph, lang: str) -> bytes:
    """``g`` (a flat network: see :func:`graph.network.export.flat_network`) as DOT, labelled in
    ``lang``."""
    directed = g.is_directed()
    arrow = "->" if directed else "--"
    types = Counter(str(d.get("type", "")) for _, d in g.nodes(data=True))
    types.pop("", None)
    lines = [
        "// policygraph: render with `dot`, `neato` (best for the partner network) or `sfdp`,",
        "// e.g. neato -Tsvg network.dot -o network.svg. Fill colour and shape show the type:",
        *(
            f"//   {kind}: {STYLES.get(kind, _OTHER)[0]}, {STYLES.get(kind, _OTHER)[1]}"
            for kind in sorted(types)
        ),
        f"{'digraph' if directed else 'graph'} {{",
        f"  graph [{_attrs({**_GRAPH, **_scalars(g.graph)})}];",
        f"  graph [label={_legend(types, lang)}];" if types else "",
        f"  node [{_attrs(_NODE)}];",
        f"  edge [{_attrs(_EDGE)}];",
    ]
    for n, data in g.nodes(data=True):
        kind = str(data.get("type", ""))
        shape, fill, style = STYLES.get(kind, _OTHER)
        label = str(data.get("label") or n)
        other = data.get("label_en" if lang == "ko" else "label_ko")
        look: dict[str, Any] = {
            "label": wrap(label),
            "shape": shape,
            "style": ",".join(["filled", *filter(None, [style])]),
            "fillcolor": fill,
            "tooltip": _tooltip(label, other if other != label else None, term_label(kind, lang)),
        }
        rest = {k: v for k, v in _scalars(data).items() if k not in look}
        lines.append(f"{_quote(n, escaped=False)} [{_attrs({**look, **rest})}];")
    for u, v, data in g.edges(data=True):
        when = "–".join(dict.fromkeys(str(data[k]) for k in ("first", "last") if data.get(k)))
        look = {
            "penwidth": _penwidth(data.get("weight")),
            "tooltip": _tooltip(data.get("label"), when),
        }
        rest = {k: v for k, v in _scalars(data).items() if k not in look and k != "label"}
        ends = f"{_quote(u, escaped=False)} {arrow} {_quote(v, escaped=False)}"
        lines.append(f"{ends} [{_attrs({**look, **rest})}];")
    lines.append("}")
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    """The attributes DOT can hold (no lists or None); booleans as ``true``/``false``."""
    return {
        k: (str(v).lower() if isinstance(v, bool) else v)
        for k, v in data.items()
        if isinstance(v, str | int | float)
    }
