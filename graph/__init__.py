"""policygraph's core library: the AI-policy knowledge graph, its store, validation and queries.

``graph`` never imports Flask or ``server``; the HTTP layer and the CLI are thin layers over it.
"""

from __future__ import annotations

from .config import Settings
from .errors import (
    Conflict,
    InputError,
    LimitExceeded,
    NotFound,
    PolicyGraphError,
    QueryTimeout,
    ReadOnly,
    StoreUnavailable,
    ValidationFailed,
)
from .store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Settings",
    "Store",
    "open_store",
    "PolicyGraphError",
    "InputError",
    "NotFound",
    "ValidationFailed",
    "Conflict",
    "LimitExceeded",
    "QueryTimeout",
    "StoreUnavailable",
    "ReadOnly",
]
