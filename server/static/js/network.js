// /network: the partner network drawn with Cytoscape.js (canvas renderer) at the positions the
// server computed (/api/network/view): no layout runs in the browser. Filters hide elements
// (kind, component or community, as-of date, isolated nodes); a click opens the side panel;
// "expand" shows one stakeholder's partners, capped; the path finder highlights each hop and
// lists its evidence; PNG and SVG exports draw the current view.
import { t, el, getJSON, label, lang } from "./common.js";

const TYPE_COLOURS = {
  Government: "#1f6fb5", Company: "#d9731a", ResearchBody: "#2e8b57", EducationBody: "#8e44ad",
  PoliticalParty: "#c0392b", Consortium: "#7f6a00", Organisation: "#6b7280", Person: "#0e7c86",
};
const EGO_LIMIT = 25;

const box = document.getElementById("network");
const status = document.getElementById("network-status");
const details = document.getElementById("details");
const controls = {
  sizeBy: document.getElementById("size-by"),
  kinds: document.getElementById("kind-filters"),
  group: document.getElementById("group-by"),
  asOf: document.getElementById("as-of"),
  asOfValue: document.getElementById("as-of-value"),
  hideIsolated: document.getElementById("hide-isolated"),
};
let view = null;     // the /api/network/view document
let cy = null;
let days = [];       // the as-of slider's stops: ISO days, the last one meaning "all dates"
let focus = null;    // a set of node ids shown alone (ego or path), or null

const idPage = (id) => `/id/${id.split("/").map(encodeURIComponent).join("/")}`;
const kindName = (kind) => t(`js.network.kind.${kind}`);

// --- drawing ---------------------------------------------------------------------------------

function sizeOf(metric) {
  const values = view.nodes.map((n) => n[metric] || 0);
  const max = Math.max(...values) || 1;
  return (n) => 14 + 46 * Math.sqrt((n[metric] || 0) / max);
}

// Elements carry only what the styles, filters and handlers read (less to build at 4k nodes).
function elements() {
  const size = sizeOf(controls.sizeBy.value);
  const nodes = view.nodes.map((n) => ({
    group: "nodes",
    data: {
      id: n.id, name: label(n), type: n.type, component: n.component, community: n.community,
      colour: TYPE_COLOURS[n.type] || TYPE_COLOURS.Organisation, size: size(n),
    },
    position: { x: n.x, y: n.y },
  }));
  const edges = view.edges.map((e) => ({
    group: "edges",
    data: { id: e.id, source: e.source, target: e.target, kinds: e.kinds, since: e.since, width: Math.min(1 + e.weight, 8) },
  }));
  return nodes.concat(edges);
}

function draw() {
  const started = performance.now();
  cy = cytoscape({
    container: box,
    elements: elements(),
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.02,
    maxZoom: 6,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", width: "data(size)", height: "data(size)",
        label: "data(name)", "font-size": 11, "min-zoomed-font-size": 7, color: "#1f2328",
        "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#ffffff",
        "text-outline-width": 2, "border-width": 1, "border-color": "#ffffff" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#9aa4b2", "curve-style": "haystack", opacity: 0.7 } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: ".faded", style: { opacity: 0.3, "text-opacity": 0.5 } },
      { selector: "node.path", style: { "border-width": 4, "border-color": "#f0b400" } },
      { selector: "edge.path", style: { "line-color": "#f0b400", width: 6, opacity: 1, "z-index": 10 } },
      { selector: ":selected", style: { "border-width": 4, "border-color": "#0b5cad", "line-color": "#0b5cad" } },
    ],
  });
  const built = performance.now();
  cy.on("tap", "node", (event) => showNode(event.target.id()));
  cy.on("tap", "edge", (event) => showEdge(event.target.data()));
  cy.one("render", () => {
    requestAnimationFrame(() => {
      box.dataset.drawMs = String(Math.round(performance.now() - started));
      box.dataset.buildMs = String(Math.round(built - started));
      box.dataset.filterMs = String(Math.round(filtered - built));
      box.dataset.state = "ready";
    });
  });
  applyFilters();
  const filtered = performance.now();
  fitTo(cy.elements().not(".hidden"), 30);
}

// fit the drawing to `eles`, never magnifying a small network past 1.2
function fitTo(eles, padding) {
  cy.fit(eles, padding);
  if (cy.zoom() > 1.2) {
    cy.zoom(1.2);
    cy.center(eles);
  }
}

// --- filters ---------------------------------------------------------------------------------

function setUpFilters() {
  for (const [kind, count] of Object.entries(view.kinds)) {
    const input = el("input", { type: "checkbox", value: kind, checked: "checked", id: `kind-${kind}` });
    input.addEventListener("change", applyFilters);
    controls.kinds.append(el("label", { class: "check", for: `kind-${kind}` }, input, ` ${kindName(kind)} (${count})`));
  }
  const groups = (key, message) => {
    const sizes = new Map();
    for (const n of view.nodes) sizes.set(n[key], (sizes.get(n[key]) || 0) + 1);
    return [...sizes].filter(([, size]) => size > 1).slice(0, 30)
      .map(([n, size]) => el("option", { value: `${key}:${n}` }, t(message, { n: n + 1, size })));
  };
  controls.group.append(...groups("component", "js.network.component"), ...groups("community", "js.network.community"));
  days = [];
  if (view.dates.first && view.dates.last) {
    const first = new Date(`${view.dates.first}T00:00:00Z`);
    const last = new Date(`${view.dates.last}T00:00:00Z`);
    const months = (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth();
    for (let m = 0; m <= months; m++) {  // month ends from the first date to the last
      const day = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m + 1, 0));
      days.push(day.toISOString().slice(0, 10));
    }
  }
  days.push(null);  // the last stop: every date
  controls.asOf.max = String(days.length - 1);
  controls.asOf.value = String(days.length - 1);
  for (const control of [controls.group, controls.asOf, controls.hideIsolated]) {
    control.addEventListener(control === controls.asOf ? "input" : "change", applyFilters);
  }
  controls.sizeBy.addEventListener("change", () => {
    const size = sizeOf(controls.sizeBy.value);
    const byId = new Map(view.nodes.map((n) => [n.id, n]));
    cy.batch(() => cy.nodes().forEach((node) => node.data("size", size(byId.get(node.id())))));
  });
}

function applyFilters() {
  const kinds = new Set([...controls.kinds.querySelectorAll("input:checked")].map((i) => i.value));
  const day = days[Number(controls.asOf.value)] ?? null;
  controls.asOfValue.textContent = day || t("js.network.all_dates");
  const [groupKey, groupValue] = controls.group.value ? controls.group.value.split(":") : [null, null];
  cy.batch(() => {
    cy.edges().forEach((edge) => {
      const d = edge.data();
      const shown = d.kinds.some((k) => kinds.has(k)) && (!day || (d.since && d.since <= day));
      if (edge.hasClass("hidden") === shown) edge.toggleClass("hidden", !shown);
    });
    cy.nodes().forEach((node) => {
      const d = node.data();
      let shown = !groupKey || String(d[groupKey]) === groupValue;
      if (focus) shown = focus.has(d.id);
      if (shown && controls.hideIsolated.checked && !focus) {
        shown = node.connectedEdges().some((e) => !e.hasClass("hidden"));
      }
      if (node.hasClass("hidden") === shown) node.toggleClass("hidden", !shown);
    });
  });
  const nodes = cy.nodes().not(".hidden");
  const edges = cy.edges().not(".hidden").filter((e) => !e.source().hasClass("hidden") && !e.target().hasClass("hidden"));
  status.textContent = t("js.network.status", {
    nodes: nodes.length, edges: edges.length, all_nodes: view.counts.nodes, all_edges: view.counts.edges,
  });
}

function clearHighlight() {
  cy.elements().removeClass("path faded");
  box.dataset.highlighted = "";
}

function resetView() {
  focus = null;
  clearHighlight();
  applyFilters();
  cy.animate({ fit: { eles: cy.elements().not(".hidden"), padding: 30 } }, { duration: 300 });
}

// --- the side panel ----------------------------------------------------------------------------

function articleList(articles) {
  return el("ul", { class: "plain evidence" }, articles.map((a) => el("li", {},
    el("a", { href: idPage(`article/${a.id || a.iri.split("/").pop()}`) }, a.title || a.iri),
    a.issued ? ` · ${a.issued}` : "")));
}

function relationshipList(relationships) {
  return el("ul", { class: "plain" }, relationships.map((r) => el("li", {},
    el("span", { class: "tag" }, kindName(r.kind || "agreement")), " ",
    r.iri.includes("/id/") ? el("a", { href: idPage(r.iri.split("/id/")[1]) }, label(r) || r.iri) : label(r) || r.iri,
    " · ", r.date || t("js.network.undated"))));
}

function hopBlock(hop, heading) {
  return el("div", { class: "hop" },
    el("h3", {}, heading),
    el("p", { class: "small muted" }, hop.kinds.map(kindName).join(", "), hop.first ? ` · ${hop.first}` : "",
      hop.last && hop.last !== hop.first ? `–${hop.last}` : ""),
    el("h4", {}, t("js.network.relationships")), relationshipList(hop.relationships),
    el("h4", {}, t("js.network.articles")), articleList(hop.articles));
}

function nodeName(id) {
  const node = cy.getElementById(id);
  return node.nonempty() ? node.data("name") : id;
}

async function showNode(id) {
  details.replaceChildren(el("p", { class: "muted" }, t("js.loading")));
  try {
    const answer = await getJSON(`/api/stakeholders/${id}/partners`);
    const expand = el("button", { type: "button", class: "secondary" }, t("js.network.expand"));
    expand.addEventListener("click", () => expandNode(id, 0));
    details.replaceChildren(
      el("h3", {}, nodeName(id)),
      el("p", {}, el("a", { href: idPage(id) }, t("js.network.page"))),
      el("p", {}, expand),
      el("h3", {}, t("js.network.partners", { count: answer.partners.length })),
      answer.partners.length ? el("div", {}, answer.partners.map((p) => hopBlock(p, label(p))))
        : el("p", { class: "muted" }, t("js.network.no_partners")));
  } catch (error) {
    details.replaceChildren(el("p", { class: "notice bad" }, t("js.error", { message: error.message })));
  }
}

async function showEdge(data) {
  details.replaceChildren(el("p", { class: "muted" }, t("js.loading")));
  try {
    const hop = await getJSON(`/api/network/link?from=${encodeURIComponent(data.source)}&to=${encodeURIComponent(data.target)}`);
    details.replaceChildren(hopBlock(hop, `${label(hop.source)} — ${label(hop.target)}`));
  } catch (error) {
    details.replaceChildren(el("p", { class: "notice bad" }, t("js.error", { message: error.message })));
  }
}

async function expandNode(id, offset, shown = new Set([id])) {
  const answer = await getJSON(`/api/network/ego/${id}?limit=${EGO_LIMIT}&offset=${offset}`);
  for (const p of answer.partners) shown.add(p.id);
  focus = shown;
  clearHighlight();
  applyFilters();
  const list = el("ul", { class: "plain" }, [...shown].filter((n) => n !== id).map((n) =>
    el("li", {}, el("a", { href: idPage(n) }, nodeName(n)))));
  const parts = [el("h3", {}, t("js.network.ego", { name: label(answer.center) })), list];
  if (answer.more > 0) {
    const more = el("button", { type: "button", class: "secondary" },
      t("js.network.show_more", { count: Math.min(answer.more, EGO_LIMIT) }));
    more.addEventListener("click", () => expandNode(id, offset + EGO_LIMIT, shown));
    parts.push(el("p", {}, t("js.network.more", { count: answer.more }), " ", more));
  }
  details.replaceChildren(...parts);
  cy.animate({ fit: { eles: cy.nodes().not(".hidden"), padding: 40 } }, { duration: 300 });
}

// --- the path finder ---------------------------------------------------------------------------

function setUpNames() {
  const list = document.getElementById("stakeholder-names");
  const byName = new Map();
  const options = [];
  for (const n of view.nodes) {
    for (const name of [n.label_ko, n.label_en]) {
      if (name && !byName.has(name.toLowerCase())) {
        byName.set(name.toLowerCase(), n.id);
        options.push(el("option", { value: name }, lang === "ko" ? n.label_en : n.label_ko));
      }
    }
  }
  list.append(...options);
  return byName;
}

// A typed name -> a stakeholder id drawn in this view: a label of the list first, then the
// search's best stakeholder match, which knows the name variants (㈜카카오, Kakao Corp., LH).
async function resolveName(byName, name) {
  const typed = name.trim();
  const known = byName.get(typed.toLowerCase());
  if (known || !typed) return known;
  const found = await getJSON(`/api/search?q=${encodeURIComponent(typed)}&limit=10`);
  const hit = found.items.find((item) => item.api && cy.getElementById(item.id).nonempty());
  return hit ? hit.id : undefined;
}

async function findPath(byName, fromName, toName) {
  const [from, to] = await Promise.all([resolveName(byName, fromName), resolveName(byName, toName)]);
  const unknown = !from ? fromName : !to ? toName : null;
  if (unknown !== null) {
    details.replaceChildren(el("p", { class: "notice warn", role: "alert" }, t("js.network.unknown_name", { name: unknown })));
    return;
  }
  const path = await getJSON(`/api/path?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  focus = null;
  clearHighlight();
  applyFilters();
  if (!path.found) {
    details.replaceChildren(el("p", { class: "notice bad path-result", role: "alert" },
      t("js.network.no_path", { from: label(path.source), to: label(path.target) })));
    return;
  }
  const ids = path.nodes.map((n) => n.iri.split("/id/")[1] || n.iri);
  cy.batch(() => {
    cy.elements().addClass("faded");
    ids.forEach((id, i) => {
      const node = cy.getElementById(id).removeClass("faded hidden").addClass("path");
      if (i > 0) node.edgesWith(cy.getElementById(ids[i - 1])).removeClass("faded hidden").addClass("path");
    });
  });
  box.dataset.highlighted = ids.join(" ");
  fitTo(cy.$(".path"), 80);
  details.replaceChildren(
    el("p", { class: "notice good path-result" }, t(path.length === 1 ? "js.network.path_found_one" : "js.network.path_found", {
      length: path.length, from: label(path.source), to: label(path.target) })),
    ...path.hops.map((hop, i) => hopBlock(hop,
      `${t("js.network.hop", { n: i + 1 })}: ${nodeName(ids[i])} → ${nodeName(ids[i + 1])}`)));
}

// --- export ------------------------------------------------------------------------------------

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportSvg() {
  const visible = cy.elements().not(".hidden").filter((e) => e.isNode() || (!e.source().hasClass("hidden") && !e.target().hasClass("hidden")));
  const box = visible.boundingBox({ includeLabels: true });
  const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.x1} ${box.y1} ${box.w} ${box.h}" width="${Math.round(box.w)}" height="${Math.round(box.h)}" font-family="Noto Sans CJK KR, sans-serif">`,
    `<rect x="${box.x1}" y="${box.y1}" width="${box.w}" height="${box.h}" fill="#ffffff"/>`];
  visible.edges().forEach((e) => {
    const s = e.source().position(), d = e.target().position();
    const colour = e.hasClass("path") ? "#f0b400" : "#9aa4b2";
    parts.push(`<line x1="${s.x}" y1="${s.y}" x2="${d.x}" y2="${d.y}" stroke="${colour}" stroke-width="${e.data("width")}" stroke-opacity="0.7"/>`);
  });
  visible.nodes().forEach((n) => {
    const p = n.position(), r = n.data("size") / 2;
    parts.push(`<circle cx="${p.x}" cy="${p.y}" r="${r}" fill="${n.data("colour")}" stroke="#ffffff"/>`,
      `<text x="${p.x}" y="${p.y + r + 12}" font-size="11" text-anchor="middle">${escape(n.data("name"))}</text>`);
  });
  parts.push("</svg>");
  download(new Blob([parts.join("\n")], { type: "image/svg+xml" }), "policygraph-network.svg");
}

// --- start -------------------------------------------------------------------------------------

async function start() {
  try {
    view = await getJSON("/api/network/view");
  } catch (error) {
    status.textContent = t("js.error", { message: error.message });
    box.dataset.state = "error";
    return;
  }
  setUpFilters();
  draw();
  const byName = setUpNames();
  document.getElementById("path-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    findPath(byName, form.elements.from.value, form.elements.to.value).catch((error) =>
      details.replaceChildren(el("p", { class: "notice bad", role: "alert" }, t("js.error", { message: error.message }))));
  });
  document.getElementById("reset-view").addEventListener("click", resetView);
  document.getElementById("export-png").addEventListener("click", () =>
    download(cy.png({ output: "blob", bg: "#ffffff", scale: 2 }), "policygraph-network.png"));
  document.getElementById("export-svg").addEventListener("click", exportSvg);
  window.policygraphNetwork = cy;  // for the browser tests and the curious
}

start();
