"""Fact sheets: one article's facts written as YAML or JSON, converted to policygraph RDF.

- :mod:`~graph.factsheet.sheet`: reading a sheet and converting it against the registry
- :mod:`~graph.factsheet.fields`: the fields of each section and the JSON Schema made of them
- :mod:`~graph.factsheet.convert`: the conversion, entry by entry
- :mod:`~graph.factsheet.quantities`: amounts, areas and dates as people write them
"""

from __future__ import annotations

from .quantities import parse_amount, parse_area, parse_date, parse_year
from .sheet import Conversion, FactSheet, convert_factsheet, is_factsheet, load_factsheet

__all__ = [
    "FactSheet",
    "Conversion",
    "load_factsheet",
    "convert_factsheet",
    "is_factsheet",
    "parse_amount",
    "parse_area",
    "parse_date",
    "parse_year",
]
