// Load a Cytoscape.js JSON export with cytoscape.js (headless) and print what it holds.
// usage: node read_cytoscape.js FILE NODE_ID
"use strict";
const fs = require("fs");
const cytoscape = require("cytoscape");

const [file, id] = process.argv.slice(2);
const json = JSON.parse(fs.readFileSync(file, "utf8"));
const cy = cytoscape({ headless: true, styleEnabled: false, elements: json.elements });
const node = cy.getElementById(id);
console.log(JSON.stringify({
  nodes: cy.nodes().length,
  edges: cy.edges().length,
  node: node.nonempty() ? node.data() : null,
  edges_of_node: node.connectedEdges().map((e) => e.data()),
}));
