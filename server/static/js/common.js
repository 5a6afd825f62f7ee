// What every page's script shares: the page's language and its messages (the "js.*" keys of
// server/i18n/<lang>.json, embedded by base.html as JSON), and small DOM helpers.
// No inline scripts anywhere: the Content-Security-Policy allows only files from this server.

export const lang = document.documentElement.lang === "ko" ? "ko" : "en";

const block = document.getElementById("pg-messages");
const messages = block ? JSON.parse(block.textContent) : {};

// t("js.loading") -> the text in the page's language; {name} placeholders from `values`.
export function t(key, values = {}) {
  const text = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

// el("a", {href: "/x", class: "c"}, "text", child) -> an element (text is never parsed as HTML).
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// GET a JSON document of /api; an error answer throws its one-line message.
export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

// The label of an item of /api in the page's language (items carry label_ko and label_en).
export function label(item) {
  if (!item) return "";
  return (lang === "ko" ? item.label_ko || item.label_en : item.label_en || item.label_ko) || item.label || item.id || "";
}

// The path of an instance's page on this server (/id/org/kakao), or null for other IRIs.
export function pagePath(iri) {
  const base = document.body.dataset.idBase || "";
  return base && iri && iri.startsWith(base) ? "/id/" + iri.slice(base.length) : null;
}
