// Restore a Cytoscape JSON export with cytoscape.js's own cy.json(), the documented way to load
// one, then restore a second instance from the first one's cy.json() output (a round trip),
// and print what each holds and what cytoscape.js warned about (e.g. an element without an id).
// usage: node read_cytoscape_json.js FILE NODE_ID
"use strict";
const fs = require("fs");
const cytoscape = require("cytoscape");

const [file, id] = process.argv.slice(2);
const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));

function summary(cy) {
  const node = cy.getElementById(id);
  return {
    nodes: cy.nodes().length,
    edges: cy.edges().length,
    data: cy.data(),
    node: node.nonempty() ? node.data() : null,
    edges_of_node: node.connectedEdges().map((e) => e.data()),
  };
}

const first = cytoscape({ headless: true, styleEnabled: false });
first.json(JSON.parse(fs.readFileSync(file, "utf8")));
const again = cytoscape({ headless: true, styleEnabled: false });
again.json(first.json());
console.log(JSON.stringify({ first: summary(first), again: summary(again), warnings }));
