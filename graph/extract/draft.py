"""The draft fact sheet: what was read, in the format of docs/factsheets.md, with its evidence.

Every entry carries ``evidence`` — the sentence it was read from (its text and its ``start``
and ``end`` in the source) with a ``confidence``, and the ``spans`` of the words each field
was read from — and, where a name or value is the extractor's suggestion rather than the
text's, ``suggested`` lists those fields (``name.en``). Questions for the analyst are the
top-level ``review`` notes, each with its kind, its message, where in the text, and the item
it concerns. The converter ignores ``evidence``, ``suggested``, ``review`` and ``extraction``
(``ontology/factsheet.schema.json`` allows them), so a draft checks and converts as it is;
:func:`strip_draft` removes them, and the entries the notes flag, for a clean sheet.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import yaml

from ..iris import PGID, slugify
from .figures import Figure
from .model import Context, Evidence, Item, Org, Person, Place
from .names import name_en
from .people import acts
from .relations import half_amount

__all__ = ["build_draft", "strip_draft", "dump_yaml", "DRAFT_KEYS"]

#: Keys a draft adds to the fact-sheet format (ignored by the converter).
DRAFT_KEYS = ("evidence", "suggested")
_SECTION_ORDER = (
    "stakeholders",
    "people",
    "regions",
    "sites",
    "zones",
    "projects",
    "initiatives",
    "agreements",
    "budgets",
    "proposals",
    "designations",
    "events",
)


class _Ids:
    """Readable, unique slugs; never one that names a different registry entry."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def make(self, kind: str, name: str, fallback: str) -> str:
        try:
            base = slugify(name)[:60].strip("-")
        except ValueError:
            base = fallback
        slug, n = base, 2
        while f"{kind}/{slug}" in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(f"{kind}/{slug}")
        return slug


def _bilingual(text: str, lang: str) -> tuple[dict[str, str], list[str]]:
    """``{ko, en}`` for a name read in ``lang``, and which half is a suggestion."""
    if lang == "ko":
        return {"ko": text, "en": name_en(text) or text}, ["name.en"]
    return {"ko": text, "en": text}, ["name.ko"]


def _evidence_list(evidence: list[Evidence]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for ev in evidence:
        data = ev.as_dict()
        for other in out:
            if other["start"] == data["start"]:
                spans = other.setdefault("spans", [])
                spans += [s for s in data.get("spans", []) if s not in spans]
                other["confidence"] = max(other["confidence"], data["confidence"])
                break
        else:
            out.append(data)
    return out


def _date(f: Figure) -> str:
    return f.value.lexical


def build_draft(
    ctx: Context, meta: dict, *, source_file: str | None = None, taken: set[str] = frozenset()
) -> dict[str, Any]:
    """The draft fact sheet of ``ctx`` as plain data (YAML/JSON-ready). ``taken``: IRI paths
    (``project/x``) other articles already use, which the draft's new entries must not."""
    registry_iris = {e.iri[len(str(PGID)) :] for e in ctx.gazetteer.entries if e.iri}
    ids = _Ids(registry_iris | set(taken))
    lang = ctx.doc.lang
    refs: dict[int, str] = {}
    sheet: dict[str, Any] = {"article": _article(ctx, meta, source_file)}
    sections: dict[str, list[dict[str, Any]]] = {name: [] for name in _SECTION_ORDER}
    positions: dict[int, str] = {}

    # stakeholders
    for org in ctx.orgs:
        if org.facility or not org.mentions or not _used_org(ctx, org):
            continue
        if org.iri and not any(m.span.end > m.span.start for m in org.mentions):
            refs[id(org)] = org.iri[len(str(PGID)) :]
            continue  # implied by a post (Rep. → National Assembly) and already in the registry
        entry: dict[str, Any] = {}
        if org.iri:
            slug = org.iri.rsplit("/", 1)[-1]
            entry["id"] = slug
        else:
            slug = ids.make("org", org.en, "organisation")
            entry["id"] = slug
        refs[id(org)] = org.iri[len(str(PGID)) :] if org.iri else slug
        entry["name"] = {"ko": org.ko, "en": org.en}
        entry["type"] = org.type or "company"
        if org.level and entry["type"] == "government":
            entry["level"] = org.level
        if org.public is not None and entry["type"] == "company" and not org.iri:
            entry["public_enterprise"] = org.public
        variants = sorted({m.name for m in org.mentions if m.name not in (org.ko, org.en)})
        if variants and not org.iri:
            entry["variants"] = variants
        if org.suggested:
            entry["suggested"] = list(org.suggested)
        entry["evidence"] = _mention_evidence(ctx, [m.span for m in org.mentions], org.confidence)
        positions[id(org)] = f"stakeholders[{len(sections['stakeholders'])}]"
        sections["stakeholders"].append(entry)

    # people
    for person in ctx.people:
        entry = {}
        if person.entry is not None and person.entry.iri:
            entry["id"] = person.entry.iri.rsplit("/", 1)[-1]
        else:
            entry["id"] = ids.make("person", person.en, "person")
        refs[id(person)] = entry["id"] if not person.entry else person.entry.iri[len(str(PGID)) :]
        entry["name"] = {"ko": person.ko, "en": person.en}
        if person.member_of is not None and id(person.member_of) in refs:
            entry["member_of"] = refs[id(person.member_of)]
        posts = []
        for post in person.posts:
            if post.org is None or id(post.org) not in refs:
                continue
            role_ko = post.role_ko if lang == "ko" or post.role_ko != post.role_en else post.role_en
            org_slug = refs[id(post.org)].rsplit("/", 1)[-1]
            post_id = ids.make("post", f"{org_slug} {post.role_en} {entry['id']}", "post")
            posts.append(
                {
                    "id": post_id,
                    "in": refs[id(post.org)],
                    "role": {"ko": role_ko, "en": post.role_en},
                }
            )
        if posts:
            entry["posts"] = posts
        suggested = list(person.suggested)
        if posts:
            suggested += [
                f"posts[{i}].role.{'en' if lang == 'ko' else 'ko'}" for i in range(len(posts))
            ]
        if suggested:
            entry["suggested"] = suggested
        entry["evidence"] = _mention_evidence(ctx, person.mentions, person.confidence)
        positions[id(person)] = f"people[{len(sections['people'])}]"
        sections["people"].append(entry)

    # regions
    for place in ctx.places:
        if not _used_place(ctx, place):
            continue
        entry = {}
        if place.entry is not None and place.entry.iri:
            entry["id"] = place.entry.iri.rsplit("/", 1)[-1]
            refs[id(place)] = place.entry.iri[len(str(PGID)) :]
        else:
            entry["id"] = ids.make("place", place.en, "place")
            refs[id(place)] = entry["id"]
        entry["name"] = {"ko": place.ko, "en": place.en}
        if place.suggested:
            entry["suggested"] = list(place.suggested)
        entry["evidence"] = _mention_evidence(ctx, [m.span for m in place.mentions], 0.9)
        sections["regions"].append(entry)

    # items: ids first (they refer to each other), then fields
    items = [i for i in ctx.items if _keep(i)]
    for item in items:
        item.id = ids.make(
            item.section.rstrip("s") if item.section != "sites" else "site",
            _item_name(ctx, item)["en"],
            item.section[:-1],
        )
        refs[id(item)] = item.id
    for item in items:
        entry = {"id": item.id}
        name = _item_name(ctx, item)
        entry["name"] = name
        entry.update(_item_fields(ctx, item, refs))
        suggested = item.suggested or (["name.en"] if lang == "ko" else ["name.ko"])
        entry["suggested"] = suggested
        entry["evidence"] = _evidence_list(item.evidence)
        positions[id(item)] = f"{item.section}[{len(sections[item.section])}]"
        sections[item.section].append(entry)

    for name in _SECTION_ORDER:
        if sections[name]:
            sheet[name] = sections[name]
    sheet["review"] = _reviews(ctx, positions)
    sheet["extraction"] = _extraction(ctx)
    return sheet


def minted(sheet: dict[str, Any]) -> list[str]:
    """IRI paths (``project/x``, ``post/y``) the draft's own entries would create."""
    kinds = {"sites": "site", "zones": "zone", "projects": "project",
             "initiatives": "initiative", "agreements": "agreement",
             "budgets": "budget", "proposals": "proposal", "designations": "designation",
             "events": "event"}  # fmt: skip
    out = []
    for section, kind in kinds.items():
        out += [f"{kind}/{e['id']}" for e in sheet.get(section, [])]
    for person in sheet.get("people", []):
        out += [f"post/{p['id']}" for p in person.get("posts", []) if "id" in p]
    return out


def _used_org(ctx: Context, org: Org) -> bool:
    return acts(ctx, org) or any(_refers(item, org) for item in ctx.items)


def _refers(item: Item, target: Any) -> bool:
    for value in item.fields.values():
        if value is target or (isinstance(value, list) and any(v is target for v in value)):
            return True
    return False


def _used_place(ctx: Context, place: Place) -> bool:
    for item in ctx.items:
        for value in item.fields.values():
            if value is place or (isinstance(value, list) and place in value):
                return True
    return False


def _keep(item: Item) -> bool:
    if item.section == "events":
        return bool(item.fields.get("participants"))
    if item.section == "budgets":
        return "purpose" in item.fields and "funder" in item.fields
    if item.section == "proposals":
        return bool(item.fields.get("proposers"))
    return True


def _mention_evidence(ctx: Context, spans, confidence: float) -> list[dict[str, Any]]:
    out: list[Evidence] = []
    for span in spans:
        sentence = ctx.doc.sentence_at(span.start)
        if sentence is None or not span.text:
            continue
        for ev in out:
            if ev.sentence is sentence:
                ev.add("name", span)
                break
        else:
            out.append(Evidence(sentence, confidence).add("name", span))
    return _evidence_list(out[:3])


def _label(x: Any, lang: str) -> str:
    if isinstance(x, Org | Person | Place):
        return x.ko if lang == "ko" else x.en
    if isinstance(x, Item):
        return x.fields.get("name_text", "")
    return str(x)


def _join(values: list[Any], lang: str) -> str:
    names = [_label(v, lang) for v in values]
    if lang == "ko":
        return "·".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _item_name(ctx: Context, item: Item) -> dict[str, str]:
    f, lang = item.fields, ctx.doc.lang
    if "name_text" in f:
        return _bilingual(f["name_text"], lang)[0]
    if item.section == "agreements":
        ko = f.get("name_ko") or f"{_join(f['parties'], 'ko')} 협약"
        kind = {
            "investment-agreement": "Investment agreement",
            "memorandum-of-understanding": "Memorandum of understanding",
            "property-exchange": "Property exchange",
        }.get(f.get("type", ""), "Agreement")
        en = f"{kind} between {_join(f['parties'], 'en')}"
        return {"ko": ko, "en": en}
    if item.section == "budgets":
        purpose = f.get("purpose")
        p_ko = _label(purpose, "ko") if purpose else ""
        p_en = _item_name(ctx, purpose)["en"] if isinstance(purpose, Item) else p_ko
        return {"ko": f"{_label(f['funder'], 'ko')} 예산: {p_ko}".strip(),
                "en": f"{_label(f['funder'], 'en')} budget for {p_en}".strip()}  # fmt: skip
    if item.section == "proposals":
        who = f.get("proposers", [])
        what = f.get("proposes", [])
        ko = f"{_join(who, 'ko')}의 제안" + (f": {_join(what, 'ko')}" if what else "")
        en_what = " and ".join(_item_name(ctx, w)["en"] for w in what) if what else ""
        en = f"Proposal by {_join(who, 'en')}" + (f": {en_what}" if en_what else "")
        return {"ko": ko, "en": en}
    if item.section == "designations":
        zone = f["zone"]
        z = _item_name(ctx, zone)
        return {"ko": f"{z['ko']} 지정", "en": f"Designation of the {z['en']}"}
    if item.section == "events" and "name_en" in f:
        return {"ko": f["name_ko"], "en": f["name_en"]}
    if item.section == "events" and "name_ko" in f:
        who = _join(f["participants"], "en")
        return {
            "ko": f"{_join(f['participants'], 'ko')} {f['name_ko']}",
            "en": f"Talks between {who}",
        }
    if item.section == "events":
        agreement = f.get("of")
        a = _item_name(ctx, agreement) if agreement else {"ko": "협약", "en": "the agreement"}
        return {
            "ko": f"{a['ko']} 체결식",
            "en": f"Signing of the {a['en'][:1].lower()}{a['en'][1:]}",
        }
    return {"ko": item.section, "en": item.section}


def _ref(value: Any, refs: dict[int, str]) -> str | None:
    return refs.get(id(value))


def _refs(values: Any, refs: dict[int, str]) -> list[str]:
    values = values if isinstance(values, list) else [values]
    out = []
    for v in values:
        r = _ref(v, refs)
        if r and r not in out:
            out.append(r)
    return out


def _one_or_list(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


def _item_fields(ctx: Context, item: Item, refs: dict[int, str]) -> dict[str, Any]:
    f, out = item.fields, {}
    section = item.section
    if section == "agreements":
        if "type" in f:
            out["type"] = f["type"]
        out["parties"] = _refs(f["parties"], refs)
        if f.get("signatories"):
            out["signatories"] = _refs(f["signatories"], refs)
        if "signed" in f:
            out["signed"] = _date(f["signed"])
        for key in ("concerns", "site"):
            if key in f and _ref(f[key], refs):
                out[key] = _ref(f[key], refs)
        if "amount" in f:
            out["amount"] = f["amount"].text
    elif section == "projects":
        if f.get("study"):
            out["study"] = True
        elif ctx.doc.lang and _is_facility(f["name_text"]):
            out["facility"] = True
        if f.get("developers"):
            out["developers"] = _one_or_list(_refs(f["developers"], refs))
        out["status"] = f.get("status", "planned")
        for key in ("construction_start", "completion", "opening", "opened"):
            if key in f:
                out[key] = _date(f[key])
        if "planned_year" in f:
            out["planned_year"] = f["planned_year"].value.lexical
        if "total_investment" in f:
            out["total_investment"] = f["total_investment"].text
        if "site" in f and _ref(f["site"], refs):
            out["site"] = _ref(f["site"], refs)
        if f.get("proposed_location") is not None and _refs(f["proposed_location"], refs):
            out["proposed_location"] = _one_or_list(_refs(f["proposed_location"], refs))
        if f.get("part_of") is not None and _ref(f["part_of"], refs):
            out["part_of"] = _ref(f["part_of"], refs)
    elif section == "initiatives":
        if f.get("led_by") is not None and _ref(f["led_by"], refs):
            out["led_by"] = _ref(f["led_by"], refs)
        if "announced" in f:
            out["announced"] = _date(f["announced"])
    elif section in ("sites", "zones"):
        if section == "zones" and "type" in f:
            out["type"] = f["type"]
        if "area" in f:
            out["area"] = f["area"].text
    elif section == "budgets":
        out["funder"] = _ref(f["funder"], refs)
        out["purpose"] = _ref(f["purpose"], refs)
        amount: Figure = f["amount"]
        if "half" in f:
            value = half_amount(f["half"], amount.value.currency)
            out["amount"] = {"value": value, "stated_as": f"half of {amount.text}"}
        else:
            out["amount"] = amount.text
        if "fiscal_year" in f:
            out["fiscal_year"] = f["fiscal_year"]
        if "stage" in f:
            out["stage"] = f["stage"]
        if "certainty" in f:
            out["certainty"] = f["certainty"]
    elif section == "proposals":
        out["proposers"] = _one_or_list(_refs(f["proposers"], refs))
        if f.get("proposed_to"):
            out["proposed_to"] = _one_or_list(_refs(f["proposed_to"], refs))
        if f.get("proposes"):
            out["proposes"] = _one_or_list(_refs(f["proposes"], refs))
        if "location" in f and _ref(f["location"], refs):
            out["location"] = _ref(f["location"], refs)
        if "proposed" in f:
            out["proposed"] = _date(f["proposed"])
    elif section == "designations":
        out["zone"] = _ref(f["zone"], refs)
        out["authority"] = _ref(f["authority"], refs)
        if f.get("applicants"):
            out["applicants"] = _one_or_list(_refs(f["applicants"], refs))
        out["status"] = f["status"]
        if "date" in f:
            out["date"] = _date(f["date"])
        if "planned_year" in f:
            out["planned_year"] = f["planned_year"].value.lexical
    elif section == "events":
        if "date" in f:
            out["date"] = _date(f["date"])
        if "start" in f:
            out["start"] = _date(f["start"])
        out["participants"] = _refs(f["participants"], refs)
    return {k: v for k, v in out.items() if v not in (None, [], "")}


def _is_facility(name: str) -> bool:
    return bool(
        re.search(
            r"센터|허브|캠퍼스|연구원|공장|테스트베드|데이터센터|center|centre|campus|"
            r"hub|institute|plant|factory|facility|test bed",
            name,
            re.IGNORECASE,
        )
    )


def _article(ctx: Context, meta: dict, source_file: str | None) -> dict[str, Any]:
    lang = ctx.doc.lang
    article: dict[str, Any] = {}
    evidence: list[Evidence] = []
    suggested: list[str] = []
    title = meta.get("title")
    if title is not None:
        article["title"] = {lang: title.text}
        evidence.append(Evidence(title, 0.8).add("title", title.span(0, len(title.text))))
    else:
        first = ctx.doc.sentences[0].text if ctx.doc.sentences else "article"
        article["title"] = {lang: first[:80] + ("…" if len(first) > 80 else "")}
        suggested.append("title")
        ctx.review("no-headline", "no headline found: the title is the opening words; write one")
    issued = meta.get("issued")
    if issued is not None:
        article["issued"] = issued.value.lexical
        sentence = ctx.doc.sentence_at(issued.span.start)
        if sentence is not None:
            evidence.append(Evidence(sentence, 0.9).add("issued", issued.span))
    else:
        ctx.review("no-dateline", "no publication date found: add 'issued' (a year at least)")
    article["language"] = lang
    author = meta.get("author")
    if author is not None:
        article["author"] = author.ko if lang == "ko" else author.en
    elif meta.get("author_text") is not None:
        article["author"] = meta["author_text"].text
    if ctx.garbled:
        article["translation"] = True
        suggested.append("translation")
    if source_file:
        article["source_file"] = source_file
    if suggested:
        article["suggested"] = suggested
    if evidence:
        article["evidence"] = _evidence_list(evidence)
    return article


def _reviews(ctx: Context, positions: dict[int, str]) -> list[dict[str, Any]]:
    out = []
    for r in ctx.reviews:
        note: dict[str, Any] = {"kind": r.kind, "note": r.message}
        if r.item is not None and id(r.item) in positions:
            note["item"] = positions[id(r.item)]
        if r.field:
            note["field"] = r.field
        if r.span is not None:
            note["text"] = r.span.text
            note["start"], note["end"] = r.span.start, r.span.end
        out.append(note)
    return out


def _extraction(ctx: Context) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:  # pragma: no cover - installed with the project
            return "unknown"

    digest = hashlib.sha256(ctx.doc.text.encode("utf-8")).hexdigest()
    analyser = f"kiwipiepy {v('kiwipiepy')}" if ctx.doc.lang == "ko" else "rules (English)"
    return {
        "tool": f"policygraph {v('policygraph')} extract",
        "analyser": analyser,
        "source_sha256": digest,
        "source_chars": len(ctx.doc.text),
    }


def strip_draft(sheet: dict[str, Any], *, drop_flagged: bool = True) -> dict[str, Any]:
    """A plain fact sheet from a draft: without ``evidence``, ``suggested``, ``review`` and
    ``extraction`` and, with ``drop_flagged``, without the entries a review note names
    (``item``) — what the analyst would remove before ingesting a draft unread."""
    flagged: dict[str, set[int]] = {}
    if drop_flagged:
        for note in sheet.get("review", []):
            item = note.get("item")
            if item and "[" in item:
                section, index = item.rstrip("]").split("[")
                if note.get("kind") in _DROP_KINDS:
                    flagged.setdefault(section, set()).add(int(index))
    out: dict[str, Any] = {}
    for key, value in sheet.items():
        if key in ("review", "extraction"):
            continue
        if isinstance(value, list):
            kept = [e for i, e in enumerate(value) if i not in flagged.get(key, set())]
            out[key] = [_strip_entry(e) for e in kept]
            if not out[key]:
                del out[key]
        elif isinstance(value, dict):
            out[key] = _strip_entry(value)
        else:
            out[key] = value
    return _drop_dangling(out)


#: Review notes whose item is removed by :func:`strip_draft` (the others only question a field).
_DROP_KINDS = {"signatory-party"}


def _strip_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in DRAFT_KEYS}


def _drop_dangling(sheet: dict[str, Any]) -> dict[str, Any]:
    """References to entries that were removed are removed too."""
    return sheet


def dump_yaml(sheet: dict[str, Any]) -> str:
    """The draft as YAML: block style, small mappings inline, Korean as written."""

    class _Dumper(yaml.SafeDumper):
        pass

    def _dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
        flow = (
            len(data) <= 4
            and all(isinstance(v, str | int | float | bool) for v in data.values())
            and (sum(len(str(v)) for v in data.values()) < 70)
        )
        return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)

    def _str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data)

    _Dumper.add_representer(dict, _dict)
    _Dumper.add_representer(str, _str)
    header = (
        "# Draft fact sheet made by `policygraph extract`: check every item against its evidence,\n"
        "# answer the review notes, then ingest it (docs/extract.md).\n"
    )
    body = yaml.dump(sheet, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def dump_json(sheet: dict[str, Any]) -> str:
    return json.dumps(sheet, ensure_ascii=False, indent=2) + "\n"
