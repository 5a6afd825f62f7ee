// What the pages that send a document to /api/validate or /api/articles share: the SHACL
// report as a table (severity, rule id, focus node, message, in the page's language, with the
// js.ingest.* words of the ingest page), links to the pages of what the summary names, and
// the write token kept in this tab only (sessionStorage, never a cookie), the same key as
// /ingest so that a token typed on one page serves the other.
import { el, label, pagePath, t } from "./common.js";

const TOKEN_KEY = "policygraph-write-token";

export function rememberToken(input) {
  input.value = sessionStorage.getItem(TOKEN_KEY) || "";
  input.addEventListener("change", () => sessionStorage.setItem(TOKEN_KEY, input.value));
}

// A link to the page of an item {iri, label_ko, label_en} when this server has one.
export function named(item) {
  const path = pagePath(item.iri);
  const name = label(item) || item.iri;
  return path ? el("a", { href: path }, name) : el("span", {}, name);
}

export function reportTable(results) {
  return el(
    "table",
    { class: "report" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ["severity", "rule", "focus", "message"].map((k) => el("th", { scope: "col" }, t(`js.ingest.${k}`))),
      ),
    ),
    el(
      "tbody",
      {},
      results.map((r) =>
        el(
          "tr",
          { "data-rule": r.rule_id },
          el("td", {}, el("span", { class: r.severity === "violation" ? "tag bad" : "tag warn" }, t(`js.ingest.${r.severity}`))),
          el("td", {}, el("code", {}, r.rule_id || "")),
          el(
            "td",
            {},
            r.focus_label
              ? el("span", {}, r.focus_label, el("br"), el("code", { class: "small" }, r.focus))
              : el("code", {}, r.focus || ""),
          ),
          el("td", {}, r.message || ""),
        ),
      ),
    ),
  );
}
