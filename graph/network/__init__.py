"""Networks derived from the store, cached per data version, and their exports.

- :mod:`~graph.network.partners`: the partner network (who works with whom, with evidence)
- :mod:`~graph.network.typed`: the typed stakeholder graph (relationships as nodes)
- :mod:`~graph.network.metrics`: centralities and communities of the partner network
- :mod:`~graph.network.export`: GEXF, GraphML, Cytoscape.js, node-link, DOT, CSV; RDF dumps
- :mod:`~graph.network.dot`: the DOT writer's styles
"""

from __future__ import annotations

from .export import NETWORK_FORMATS, export_network, export_rdf
from .metrics import node_metrics, store_metrics
from .partners import PARTNER_KINDS, STAKEHOLDER_TYPES, partner_network
from .typed import typed_network

__all__ = [
    "partner_network",
    "PARTNER_KINDS",
    "STAKEHOLDER_TYPES",
    "typed_network",
    "node_metrics",
    "store_metrics",
    "NETWORK_FORMATS",
    "export_network",
    "export_rdf",
]
