// /ingest: read a pasted or uploaded document, send it to /api/validate (dry run) or
// /api/articles (write) with the write token, and show the answer: the SHACL report (rule id,
// focus node, message, in the page's language) or what would be / was added.
import { el, label, lang, pagePath, t } from "./common.js";

const form = document.getElementById("ingest-form");
const text = document.getElementById("ingest-text");
const file = document.getElementById("ingest-file");
const format = document.getElementById("ingest-format");
const token = document.getElementById("ingest-token");
const result = document.getElementById("ingest-result");
const heading = document.getElementById("ingest-result-title");
const buttons = [document.getElementById("ingest-check"), document.getElementById("ingest-submit")];

// The token stays in this tab only (sessionStorage), never in a cookie.
token.value = sessionStorage.getItem("policygraph-write-token") || "";
token.addEventListener("change", () => sessionStorage.setItem("policygraph-write-token", token.value));

file.addEventListener("change", async () => {
  const chosen = file.files[0];
  if (!chosen) return;
  const extension = chosen.name.split(".").pop().toLowerCase();
  for (const option of format.options) {
    if (option.dataset.extensions.split(" ").includes(extension)) format.value = option.value;
  }
  text.value = await chosen.text();
});

function named(item) {
  const path = pagePath(item.iri);
  const name = label(item) || item.iri;
  return path ? el("a", { href: path }, name) : el("span", {}, name);
}

function show(...nodes) {
  result.replaceChildren(heading, ...nodes);
  result.focus?.();
}

function stakeholderList(title, items) {
  if (!items || !items.length) return null;
  return el("div", {}, el("h3", {}, `${title} (${items.length})`),
    el("ul", { class: "plain" }, items.map((s) => el("li", {}, named(s)))));
}

function reportTable(results) {
  return el("table", { class: "report" },
    el("thead", {}, el("tr", {},
      el("th", { scope: "col" }, t("js.ingest.severity")),
      el("th", { scope: "col" }, t("js.ingest.rule")),
      el("th", { scope: "col" }, t("js.ingest.focus")),
      el("th", { scope: "col" }, t("js.ingest.message")))),
    el("tbody", {}, results.map((r) => el("tr", { "data-rule": r.rule_id },
      el("td", {}, el("span", { class: r.severity === "violation" ? "tag bad" : "tag warn" }, t(`js.ingest.${r.severity}`))),
      el("td", {}, el("code", {}, r.rule_id || "")),
      el("td", {}, r.focus_label ? el("span", {}, r.focus_label, el("br"), el("code", { class: "small" }, r.focus)) : el("code", {}, r.focus || "")),
      el("td", {}, r.message || "")))));
}

function summary(body, dryRun) {
  const parts = [];
  if (dryRun) {
    parts.push(el("p", { class: "notice good", role: "status" }, t("js.ingest.would_add", { article: body.article_id })));
  } else {
    parts.push(el("p", { class: "notice good", role: "status" },
      t(body.replaced ? "js.ingest.replaced" : "js.ingest.added", { count: body.triples_added }), " ",
      el("a", { href: `/id/article/${body.article_id}` }, t("js.ingest.open_article"))));
  }
  if (body.replaced && dryRun) parts.push(el("p", { class: "notice warn" }, t("js.ingest.would_replace")));
  parts.push(stakeholderList(t("js.ingest.new_stakeholders"), body.new_stakeholders));
  parts.push(stakeholderList(t("js.ingest.matched_stakeholders"), body.matched_stakeholders));
  if (body.warnings && body.warnings.length) {
    parts.push(el("h3", {}, t("js.ingest.warnings", { count: body.warnings.length })), reportTable(body.warnings));
  }
  return parts.filter(Boolean);
}

async function send(url, dryRun) {
  if (!text.value.trim()) {
    show(el("p", { class: "notice bad", role: "alert" }, t("js.ingest.empty")));
    return;
  }
  buttons.forEach((b) => { b.disabled = true; });
  show(el("p", { class: "muted" }, t("js.loading")));
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": `${format.value}; charset=utf-8`,
        "Accept": "application/json",
        "Accept-Language": lang,
        ...(token.value ? { Authorization: `Bearer ${token.value}` } : {}),
      },
      body: text.value,
    });
    const body = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
    if (response.ok) {
      show(...summary(body, dryRun));
    } else if (response.status === 422 && body.report) {
      const count = body.report.results.filter((r) => r.severity === "violation").length;
      show(el("p", { class: "notice bad", role: "alert" }, t("js.ingest.refused", { count })), reportTable(body.report.results));
    } else if (response.status === 401 || response.status === 403) {
      show(el("p", { class: "notice bad", role: "alert" }, t("js.ingest.token_refused"), " ", el("span", { class: "small" }, body.error || "")));
    } else {
      show(el("p", { class: "notice bad", role: "alert" }, body.error || `${response.status}`));
    }
  } catch (error) {
    show(el("p", { class: "notice bad", role: "alert" }, t("js.error", { message: error.message })));
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

document.getElementById("ingest-check").addEventListener("click", () => send("/api/validate", true));
document.getElementById("ingest-submit").addEventListener("click", () => send("/api/articles", false));
form.addEventListener("submit", (event) => event.preventDefault());
