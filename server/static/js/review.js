// The review page (/review): article text -> draft fact sheet, checked against the text.
//
// POST /api/extract gives the draft as YAML; POST /api/extract/outline says where each entry
// is in that YAML (lines) and in the article (evidence spans), and where each review note
// points. The article is shown with every span as a link to its entry; an entry's "show in
// text" scrolls its spans into view; the YAML is edited in a textarea with line numbers and
// re-outlined after each pause in typing, so the highlights follow the edited draft as long
// as its evidence stays. Dry run: POST /api/validate; ingest: POST /api/articles, both with
// the write token the analyst types (kept in this tab only, as on /ingest: report.js).

import { el, label, lang, pagePath, t } from "./common.js";
import { named, rememberToken, reportTable } from "./report.js";

const $ = (id) => document.getElementById(id);
const form = $("extract-form");
const textBox = $("article-text");
const fileBox = $("article-file");
const langBox = $("article-lang");
const extractButton = $("extract-button");
const extractStatus = $("extract-status");
const workspace = $("workspace");
const articleView = $("article-view");
const itemList = $("item-list");
const itemsSummary = $("items-summary");
const otherNotes = $("other-notes");
const otherNotesHeading = $("other-notes-heading");
const yamlBox = $("draft-yaml");
const gutter = $("yaml-gutter");
const yamlStatus = $("yaml-status");
const tokenBox = $("write-token");
const keepSpans = $("keep-spans");
rememberToken(tokenBox);
const dryRunButton = $("dry-run-button");
const ingestButton = $("ingest-button");
const result = $("result");

// What the page holds: the text the draft was read from, and the outline of the current YAML.
const state = { text: "", outline: { items: [], review: [] }, timer: null, sequence: 0 };

// --- talking to /api ------------------------------------------------------------------------

async function post(url, body, contentType, extraHeaders = {}) {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "Content-Type": contentType, "Accept-Language": lang, ...extraHeaders },
  });
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => ({})) : await response.text();
  return { status: response.status, ok: response.ok, data };
}

function errorLine(answer) {
  const data = answer.data;
  if (data && typeof data === "object" && data.error) return data.error;
  return typeof data === "string" && data.trim() ? data.trim() : String(answer.status);
}

// --- extraction -------------------------------------------------------------------------------

fileBox.addEventListener("change", async () => {
  const file = fileBox.files && fileBox.files[0];
  if (!file) return;
  textBox.value = await file.text();
  extractStatus.textContent = t("js.review.file_read", { name: file.name });
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = textBox.value;
  if (!text.trim()) {
    extractStatus.textContent = t("js.review.no_text");
    textBox.focus();
    return;
  }
  extractButton.disabled = true;
  extractStatus.textContent = t("js.review.extracting");
  try {
    const body = JSON.stringify({ text, lang: langBox.value || undefined });
    const answer = await post("/api/extract?format=yaml", body, "application/json", { Accept: "application/yaml" });
    if (!answer.ok) {
      extractStatus.textContent = t("js.review.failed", { message: errorLine(answer) });
      return;
    }
    state.text = text;
    articleView.setAttribute("lang", langBox.value || (/[\uac00-\ud7a3]/.test(text) ? "ko" : "en"));
    yamlBox.value = answer.data;
    result.replaceChildren();
    workspace.hidden = false;
    await refreshOutline();
    const notes = state.outline.review.length;
    extractStatus.textContent = t("js.review.extracted", { items: state.outline.items.length, notes });
  } catch (error) {
    extractStatus.textContent = t("js.review.failed", { message: error.message });
  } finally {
    extractButton.disabled = false;
  }
});

// --- the outline: entries, notes, highlights --------------------------------------------------

async function refreshOutline(remove = []) {
  const sequence = ++state.sequence;
  const query = remove.map((path) => "remove=" + encodeURIComponent(path)).join("&");
  const answer = await post("/api/extract/outline" + (query ? "?" + query : ""), yamlBox.value, "application/yaml");
  if (sequence !== state.sequence) return; // a later edit has been sent since
  if (!answer.ok) {
    yamlStatus.textContent = t("js.review.yaml_error", { message: errorLine(answer) });
    yamlStatus.className = "status small bad";
    return;
  }
  if (answer.data.yaml !== undefined) yamlBox.value = answer.data.yaml;
  state.outline = answer.data;
  yamlStatus.textContent = t("js.review.yaml_ok");
  yamlStatus.className = "status small";
  drawGutter();
  drawItems();
  drawArticle();
}

yamlBox.addEventListener("input", () => {
  drawGutter();
  clearTimeout(state.timer);
  state.timer = setTimeout(() => refreshOutline(), 700);
});

function itemName(item) {
  const name = item.name || {};
  return (lang === "ko" ? name.ko || name.en : name.en || name.ko) || item.id || item.path;
}

function sectionName(section) {
  const key = "js.review.section." + section;
  const text = t(key);
  return text === key ? section : text;
}

function noteKind(kind) {
  const key = "js.review.kind." + kind;
  const text = t(key);
  return text === key ? kind : text;
}

function itemDomId(index) {
  return "item-" + index;
}

// The ranges of the article an entry was read from: its field spans, else its sentences.
function rangesOf(item) {
  const ranges = [];
  for (const ev of item.evidence) {
    if (ev.spans.length) ev.spans.forEach((s) => ranges.push({ start: s.start, end: s.end, field: s.field }));
    else ranges.push({ start: ev.start, end: ev.end, field: "" });
  }
  return ranges.filter((r) => r.end > r.start && r.end <= state.text.length);
}

function notesOf(item) {
  return state.outline.review.filter((note) => note.item === item.path);
}

function drawItems() {
  const { items, review } = state.outline;
  itemList.replaceChildren();
  items.forEach((item, index) => {
    const notes = notesOf(item);
    const confidence = Math.max(0, ...item.evidence.map((ev) => ev.confidence || 0));
    const header = el(
      "div",
      { class: "item-head" },
      el("span", { class: "tag" }, sectionName(item.section)),
      " ",
      el("strong", {}, itemName(item)),
      item.id ? el("code", { class: "item-id" }, item.id) : null,
    );
    const facts = el("p", { class: "small muted item-facts" });
    if (item.evidence.length) {
      facts.append(t("js.review.confidence", { value: Math.round(confidence * 100) }));
    } else {
      facts.append(t("js.review.no_evidence"));
    }
    if (item.suggested.length) facts.append(" · ", t("js.review.suggested", { fields: item.suggested.join(", ") }));
    const actions = el(
      "div",
      { class: "item-actions" },
      rangesOf(item).length
        ? el("button", { type: "button", class: "secondary small-button", "data-action": "show", "data-index": index }, t("js.review.show_in_text"))
        : null,
      item.lines
        ? el("button", { type: "button", class: "secondary small-button", "data-action": "yaml", "data-index": index }, t("js.review.show_in_yaml"))
        : null,
      item.path !== "article"
        ? el("button", { type: "button", class: "secondary small-button", "data-action": "remove", "data-index": index, "aria-label": t("js.review.remove_named", { name: itemName(item) }) }, t("js.review.remove"))
        : null,
    );
    const li = el(
      "li",
      { id: itemDomId(index), class: "item" + (notes.length ? " flagged" : "") + (confidence && confidence < 0.7 ? " unsure" : ""), tabindex: "-1", "data-path": item.path },
      header,
      facts,
      notes.length ? el("ul", { class: "note-list" }, notes.map(noteElement)) : null,
      actions,
    );
    itemList.append(li);
  });
  const flagged = items.filter((item) => notesOf(item).length).length;
  itemsSummary.textContent = t("js.review.summary", { items: items.length, notes: review.length, flagged });
  const loose = review.filter((note) => !items.some((item) => item.path === note.item));
  otherNotes.replaceChildren(...loose.map(noteElement));
  otherNotesHeading.hidden = loose.length === 0;
}

function noteElement(note) {
  const li = el("li", { class: "note" }, el("span", { class: "tag warn" }, noteKind(note.kind)), " ", note.note || "");
  if (Number.isInteger(note.start) && Number.isInteger(note.end) && note.end > note.start) {
    li.append(
      " ",
      el(
        "a",
        { href: "#note-span-" + note.index, class: "note-link", "data-start": note.start },
        t("js.review.note_in_text", { text: state.text.slice(note.start, note.end) }),
      ),
    );
  }
  return li;
}

// The article with every range marked: the text is cut where any range starts or ends; each
// piece covered by entries links to the first of them and knows all of them.
function drawArticle() {
  const text = state.text;
  const marks = []; // {start, end, item (index) | note (index)}
  state.outline.items.forEach((item, index) => rangesOf(item).forEach((r) => marks.push({ ...r, item: index })));
  state.outline.review.forEach((note) => {
    if (Number.isInteger(note.start) && Number.isInteger(note.end) && note.end > note.start && note.end <= text.length) {
      marks.push({ start: note.start, end: note.end, note: note.index });
    }
  });
  const cuts = new Set([0, text.length]);
  marks.forEach((m) => {
    cuts.add(m.start);
    cuts.add(m.end);
  });
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  const noteAnchors = new Set();
  for (let i = 0; i < points.length - 1; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const piece = text.slice(start, end);
    const over = marks.filter((m) => m.start <= start && m.end >= end);
    const items = [...new Set(over.filter((m) => m.item !== undefined).map((m) => m.item))];
    const notes = over.filter((m) => m.note !== undefined).map((m) => m.note);
    if (!items.length && !notes.length) {
      pieces.push(document.createTextNode(piece));
      continue;
    }
    const names = items.map((index) => itemName(state.outline.items[index]));
    const fields = [...new Set(over.filter((m) => m.field).map((m) => m.field))];
    const title = [...names, ...fields.map((f) => t("js.review.field", { field: f }))].join(" · ");
    const attributes = {
      class: "span" + (items.length ? "" : " note-only") + (notes.length ? " noted" : ""),
      href: items.length ? "#" + itemDomId(items[0]) : "#other-notes-heading",
      "data-items": items.join(" "),
      title: title || t("js.review.note_span"),
    };
    const fresh = notes.filter((n) => !noteAnchors.has(n));
    if (fresh.length) {
      attributes.id = "note-span-" + fresh[0];
      fresh.forEach((n) => noteAnchors.add(n));
    }
    pieces.push(el("a", attributes, piece));
  }
  articleView.replaceChildren(...pieces);
}

// --- linking both ways ------------------------------------------------------------------------

function clearActive() {
  document.querySelectorAll(".active").forEach((node) => node.classList.remove("active"));
}

articleView.addEventListener("click", (event) => {
  const span = event.target.closest("a.span");
  if (!span) return;
  event.preventDefault();
  clearActive();
  const items = (span.dataset.items || "").split(" ").filter(Boolean);
  span.classList.add("active");
  items.forEach((index) => $(itemDomId(index)).classList.add("active"));
  if (items.length) {
    const first = $(itemDomId(items[0]));
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
  } else {
    otherNotesHeading.scrollIntoView({ block: "center" });
  }
});

function showInText(index) {
  clearActive();
  const spans = [...articleView.querySelectorAll("a.span")].filter((a) =>
    (a.dataset.items || "").split(" ").includes(String(index)),
  );
  spans.forEach((a) => a.classList.add("active"));
  $(itemDomId(index)).classList.add("active");
  if (spans.length) {
    spans[0].scrollIntoView({ block: "center" });
    spans[0].focus({ preventScroll: true });
  }
}

function showInYaml(index) {
  const item = state.outline.items[index];
  if (!item || !item.lines) return;
  const lines = yamlBox.value.split("\n");
  const [first, last] = item.lines;
  const start = lines.slice(0, first - 1).reduce((n, line) => n + line.length + 1, 0);
  const end = lines.slice(0, last).reduce((n, line) => n + line.length + 1, 0) - 1;
  yamlBox.focus({ preventScroll: true });
  yamlBox.setSelectionRange(start, Math.max(start, end));
  const lineHeight = yamlBox.scrollHeight / Math.max(1, lines.length);
  yamlBox.scrollTop = Math.max(0, (first - 3) * lineHeight);
  yamlBox.scrollIntoView({ block: "nearest" });
}

itemList.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const index = Number(button.dataset.index);
  const action = button.dataset.action;
  if (action === "show") showInText(index);
  else if (action === "yaml") showInYaml(index);
  else if (action === "remove") {
    const item = state.outline.items[index];
    await refreshOutline([item.path]);
    yamlStatus.textContent = t("js.review.removed", { name: itemName(item) });
  }
});

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.note-link");
  if (!link) return;
  event.preventDefault();
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (target) {
    clearActive();
    target.classList.add("active");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }
});

// --- the editor's line numbers ----------------------------------------------------------------

function drawGutter() {
  const count = yamlBox.value.split("\n").length;
  gutter.textContent = Array.from({ length: count }, (_, i) => i + 1).join("\n");
  gutter.scrollTop = yamlBox.scrollTop;
}

yamlBox.addEventListener("scroll", () => {
  gutter.scrollTop = yamlBox.scrollTop;
});

// --- dry run and ingest -----------------------------------------------------------------------

function writeHeaders() {
  const token = tokenBox.value.trim();
  return token ? { Authorization: "Bearer " + token } : {};
}

function articleLink(summary) {
  const id = summary.article_id;
  const href = pagePath(summary.article) || "/id/article/" + encodeURIComponent(id);
  return el("a", { href, class: "article-link" }, t("js.review.article_page", { id }));
}

function showSummary(summary, ingested) {
  const added = summary.triples_added;
  const lines = [
    el(
      "p",
      {},
      ingested
        ? t(summary.created ? "js.review.ingested" : "js.review.replaced", { id: summary.article_id, added })
        : t("js.review.dry_run_ok", { id: summary.article_id, added }),
    ),
  ];
  for (const [key, items] of [
    ["js.ingest.new_stakeholders", summary.new_stakeholders],
    ["js.ingest.matched_stakeholders", summary.matched_stakeholders],
  ]) {
    if (items && items.length) {
      // a dry run's new stakeholders have no page yet
      const name = (item) => (ingested || key.endsWith("matched_stakeholders") ? named(item) : label(item) || item.iri);
      const links = items.flatMap((item, i) => (i ? [", ", name(item)] : [name(item)]));
      lines.push(el("p", {}, t(key), ": ", ...links));
    }
  }
  if (ingested) lines.push(el("p", {}, articleLink(summary)));
  const notice = el("div", { class: "notice good" }, lines);
  const parts = [notice];
  if (summary.warnings && summary.warnings.length) {
    parts.push(el("h3", {}, t("js.review.warnings", { count: summary.warnings.length })), reportTable(summary.warnings));
  }
  result.replaceChildren(...parts);
}

function showFailure(answer) {
  const data = answer.data || {};
  if (answer.status === 422 && data.report) {
    const results = data.report.results || [];
    const violations = results.filter((r) => r.severity === "violation").length;
    result.replaceChildren(
      el("div", { class: "notice bad" }, el("p", {}, t("js.review.invalid", { count: violations }))),
      reportTable(results),
    );
    return;
  }
  const key = answer.status === 401 || answer.status === 403 ? "js.review.token_refused" : "js.review.refused";
  result.replaceChildren(el("div", { class: "notice bad" }, el("p", {}, t(key, { message: errorLine(answer) }))));
}

// The draft as sent: with "keep spans" ticked, the sheet asks for its evidence offsets to be
// kept as Web Annotation provenance (keep_spans: true), unless it already says either way.
function draftToSend() {
  const text = yamlBox.value;
  if (!keepSpans.checked || /^keep_spans:/m.test(text)) return text;
  return "keep_spans: true\n" + text;
}

async function send(url, ingested, button) {
  if (!tokenBox.value.trim()) {
    result.replaceChildren(el("div", { class: "notice warn" }, el("p", {}, t("js.review.token_needed"))));
    tokenBox.focus();
    return;
  }
  button.disabled = true;
  result.replaceChildren(el("p", { class: "muted" }, t(ingested ? "js.review.ingesting" : "js.review.checking")));
  try {
    const answer = await post(url, draftToSend(), "application/yaml", writeHeaders());
    if (answer.ok) showSummary(answer.data, ingested);
    else showFailure(answer);
  } catch (error) {
    result.replaceChildren(el("div", { class: "notice bad" }, el("p", {}, t("js.review.failed", { message: error.message }))));
  } finally {
    button.disabled = false;
  }
}

$("write-form").addEventListener("submit", (event) => {
  event.preventDefault();
  send("/api/validate", false, dryRunButton);
});
dryRunButton.addEventListener("click", () => send("/api/validate", false, dryRunButton));
ingestButton.addEventListener("click", () => send("/api/articles", true, ingestButton));
