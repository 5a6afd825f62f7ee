// /api/docs: Swagger UI over /api/openapi.json. "Try it out" calls this server (the document's
// example server is replaced by the page's origin), and no outside validator is contacted.
import { t } from "./common.js";

const frame = document.getElementById("swagger-ui");

async function start() {
  const response = await fetch(frame.dataset.spec, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const spec = await response.json();
  spec.servers = [{ url: window.location.origin, description: "this server" }];
  frame.replaceChildren();
  window.SwaggerUIBundle({
    spec,
    domNode: frame,
    deepLinking: false,
    validatorUrl: null,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
  });
}

start().catch((error) => {
  frame.textContent = t("js.error", { message: error.message });
});
