// /query: YASGUI (YASQE editor + YASR results) over this server's /sparql.
// - the example menu (server/queries/*.rq) sets the editor's query;
// - prefix completion offers the project's prefixes (no lookup on another site);
// - SELECT results: YASR's sortable table, IRIs under the instance base link to their pages here;
// - CONSTRUCT/DESCRIBE: the Turtle as answered, and a small graph drawn with Cytoscape.js;
// - an error is one readable line (the server's own message), above the results;
// - CSV, TSV, JSON (and Turtle for graphs) downloads of the current query.
import { t } from "./common.js";

const data = JSON.parse(document.getElementById("query-data").textContent);
const root = document.getElementById("yasgui");
const errorLine = document.getElementById("query-error");
const BASE = data.prefixes.pgid;  // instance IRIs: <base>id/<kind>/<slug> -> /id/<kind>/<slug>
const GRAPH_LIMIT = 300;          // triples drawn at most in the graph view

const Yasr = Yasgui.Yasr;
const Yasqe = Yasgui.Yasqe;

// --- prefix completion from the project's prefixes ------------------------------------------
Yasqe.forkAutocompleter("prefixes", {
  name: "project-prefixes",
  bulk: true,
  get: () => Object.entries(data.prefixes).map(([prefix, iri]) => `${prefix}: <${iri}>`),
});

// --- the graph view of CONSTRUCT / DESCRIBE results --------------------------------------------
const shortName = (iri) => {
  for (const [prefix, ns] of Object.entries(data.prefixes)) {
    if (iri.startsWith(ns)) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return iri;
};

class GraphPlugin {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = t("js.query.graph");
  }
  canHandleResults() {
    const results = this.yasr.results;
    return Boolean(results && typeof results.getStatements === "function" && results.getType() !== "json"
      && results.getStatements().length > 0);
  }
  getIcon() {
    const icon = document.createElement("span");
    icon.textContent = "◉";
    return icon;
  }
  draw() {
    const statements = this.yasr.results.getStatements().slice(0, GRAPH_LIMIT);
    const nodes = new Map();
    const edges = [];
    const node = (term) => {
      const id = term.termType === "Literal" ? `"${term.value}"@${edges.length}` : term.value;
      if (!nodes.has(id)) {
        const text = term.termType === "Literal" ? term.value : shortName(term.value);
        nodes.set(id, { data: { id, label: text.length > 40 ? `${text.slice(0, 39)}…` : text, literal: term.termType === "Literal" } });
      }
      return id;
    };
    statements.forEach((s, i) => {
      const source = node(s.subject);
      const target = node(s.object);
      edges.push({ data: { id: `t${i}`, source, target, label: shortName(s.predicate.value) } });
    });
    const box = document.createElement("div");
    box.className = "query-graph";
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", this.label);
    this.yasr.resultsEl.append(box);
    cytoscape({
      container: box,
      elements: [...nodes.values(), ...edges],
      layout: { name: "cose", animate: false, randomize: false },
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": "#1f6fb5",
          width: 14, height: 14, "text-valign": "bottom", "text-wrap": "wrap", "text-max-width": 160 } },
        { selector: "node[?literal]", style: { shape: "round-rectangle", "background-color": "#d9731a" } },
        { selector: "edge", style: { label: "data(label)", "font-size": 8, "curve-style": "bezier",
          "target-arrow-shape": "triangle", "line-color": "#9aa4b2", "target-arrow-color": "#9aa4b2",
          color: "#57606a", "text-rotation": "autorotate" } },
      ],
    });
  }
}
Yasr.registerPlugin("graph", GraphPlugin);

// --- the editor --------------------------------------------------------------------------------
const yasgui = new Yasgui(root, {
  requestConfig: {
    endpoint: new URL("/sparql", window.location.href).href,
    method: "POST",
    acceptHeaderGraph: "text/turtle,*/*;q=0.9",
  },
  copyEndpointOnNewTab: false,
  tabName: t("js.query.tab"),
  persistenceId: null,
  populateFromUrl: false,
  endpointCatalogueOptions: { getData: () => [] },
  yasqe: {
    value: data.examples[0].query,
    persistenceId: null,
    prefixCcApi: null,
    autocompleters: ["project-prefixes", "variables"],
    resizeable: true,
    editorHeight: "320px",
  },
  yasr: {
    persistenceId: null,
    pluginOrder: ["table", "response", "graph"],
    defaultPlugin: "table",
    prefixes: data.prefixes,
  },
});

function currentQuery() {
  return yasgui.getTab().getYasqe().getValue();
}

function updateDownloads() {
  const query = encodeURIComponent(currentQuery());
  for (const format of ["csv", "tsv", "json"]) {
    document.getElementById(`download-${format}`).href = `/sparql?query=${query}&format=${format}`;
  }
  document.getElementById("download-ttl").href = `/sparql?query=${query}&accept=text/turtle`;
}

// IRIs of this project's instances open their page on this server.
function localLinks(container) {
  for (const a of container.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (href.startsWith(BASE)) {
      a.setAttribute("href", `/id/${href.slice(BASE.length)}`);
      a.removeAttribute("target");
    }
  }
}

// What YASGUI leaves unnamed for assistive technology gets a name; the "add tab" button, which
// sits inside the tab list where only tabs may be, goes (one query at a time is enough here).
function accessible(container) {
  const name = (selector, text) => container.querySelectorAll(selector).forEach((e) => e.setAttribute("aria-label", text));
  name("input.autocomplete", t("js.query.endpoint"));
  name(".CodeMirror textarea", t("js.query.editor"));
  name("select.tableSizer", t("js.query.page_size"));
  name(".tabsList a[role=tab] input", t("js.query.tab_name"));
  container.querySelectorAll(".tabsList .addTab").forEach((b) => b.parentElement.remove());
}

function watch(tab) {
  const yasqe = tab.getYasqe();
  const yasr = tab.getYasr();
  yasqe.on("change", updateDownloads);
  yasr.on("drawn", () => {
    localLinks(yasr.rootEl);
    accessible(root);
  });
  new MutationObserver(() => {
    localLinks(yasr.rootEl);
    accessible(yasr.rootEl);
  }).observe(yasr.rootEl, { childList: true, subtree: true });
}

// YASR takes the response after this event: read its results once it has them.
yasgui.on("queryResponse", (_instance, tab) => setTimeout(() => {
  const results = tab.getYasr().results;
  const error = results && results.getError && results.getError();
  if (error) {
    const text = String(error.text || error.statusText || "").split("\n")[0].trim();
    errorLine.textContent = text || t("js.query.failed", { status: error.status });
    errorLine.hidden = false;
    root.dataset.state = "error";
  } else {
    errorLine.hidden = true;
    root.dataset.state = "done";
  }
}, 0));
yasgui.on("query", () => {
  errorLine.hidden = true;
  root.dataset.state = "running";
});

const examples = document.getElementById("examples");
examples.addEventListener("change", () => {
  yasgui.getTab().getYasqe().setValue(data.examples[Number(examples.value)].query);
  updateDownloads();
});

watch(yasgui.getTab());
accessible(root);
yasgui.on("tabAdd", (_instance, id) => watch(yasgui.getTab(id)));
updateDownloads();
root.dataset.state = "ready";
