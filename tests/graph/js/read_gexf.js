// Parse a GEXF export with graphology-gexf (a second, independent GEXF reader) and print it.
// usage: node read_gexf.js FILE NODE_ID
"use strict";
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const [file, id] = process.argv.slice(2);
const g = gexf.parse(Graph, fs.readFileSync(file, "utf8"));
console.log(JSON.stringify({
  type: g.type,
  nodes: g.order,
  edges: g.size,
  node: g.hasNode(id) ? g.getNodeAttributes(id) : null,
  edges_of_node: g.hasNode(id)
    ? g.edges(id).map((e) => ({ source: g.source(e), target: g.target(e), ...g.getEdgeAttributes(e) }))
    : [],
}));
