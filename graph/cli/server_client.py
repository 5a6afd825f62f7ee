"""Writes through a running policygraph server: ``ingest`` and ``delete`` over its HTTP API.

A running ``policygraph serve`` holds its store's lock, so the CLI cannot write the store
itself; it sends the article documents to ``POST /api/articles`` (and ``DELETE
/api/articles/<id>``) with the server's write token instead. The answers are the same summaries
``graph.write.ingest`` gives locally (``IngestSummary.to_dict``); the server's refusals become the
same errors a local write raises (a 422 is :class:`~graph.errors.ValidationFailed` with the server's
violation lines in ``context["errors"]``).

Only the standard library is used (``urllib``); the token is sent as ``Authorization: Bearer``
and never logged or shown.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from ..errors import (
    Forbidden,
    InputError,
    NotFound,
    PolicyGraphError,
    ReadOnly,
    StoreUnavailable,
    Unauthorized,
    ValidationFailed,
)
from ..factsheet.sheet import FACTSHEET_MEDIA_TYPES
from ..formats import rdf_format
from ..write.documents import FACTSHEET, file_format

__all__ = ["RemoteServer", "media_type_of"]

log = logging.getLogger(__name__)

#: Seconds to wait for an answer (a large article is validated before the server answers).
TIMEOUT = 600


def media_type_of(path: Path) -> str:
    """The Content-Type to send a document file with (format from its extension).

    >>> media_type_of(Path("004.yaml")), media_type_of(Path("a.factsheet.json"))
    ('application/yaml', 'application/yaml')
    >>> media_type_of(Path("kakao-mou.ttl"))
    'text/turtle'
    """
    fmt = file_format(path)
    if fmt == FACTSHEET:  # JSON is YAML: one media type for both kinds of sheet
        return FACTSHEET_MEDIA_TYPES[0]
    return rdf_format(fmt).media_type


class RemoteServer:
    """A policygraph server at ``url`` and the write token to send it."""

    def __init__(self, url: str, token: str | None) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(f"--server must be an http:// or https:// URL, not {url!r}")
        self.url = url if url.endswith("/") else url + "/"
        self.token = token

    def ingest(self, path: Path, *, lang: str = "en") -> dict[str, Any]:
        """Send one article document; the server's summary (``created``, ``replaced``, ...)."""
        headers = {
            "Content-Type": media_type_of(path),
            # The file name, as a browser upload sends it: a fact sheet without a source_file
            # gets it as its default, as it does when ingested from the command line.
            "Content-Disposition": _attachment(path.name),
        }
        return self._request("POST", "api/articles", path.read_bytes(), headers, lang)

    def delete(self, article_id: str, *, lang: str = "en") -> dict[str, Any]:
        quoted = urllib.parse.quote(article_id, safe="")
        return self._request("DELETE", f"api/articles/{quoted}", None, {}, lang)

    def _request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str], lang: str
    ) -> dict[str, Any]:
        headers = {**headers, "Accept": "application/json", "Accept-Language": lang}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as err:
            with err:
                raise self._refusal(err.code, err.read()) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreUnavailable(
                f"cannot reach the policygraph server at {self.url}: {reason}"
            ) from None
        except ValueError as exc:  # not JSON: not a policygraph server
            raise StoreUnavailable(
                f"{self.url} did not answer as a policygraph server does ({exc})"
            ) from None

    def _refusal(self, status: int, raw: bytes) -> PolicyGraphError:
        try:
            body = json.loads(raw)
            message = str(body.get("error") or status)
            results = (body.get("report") or {}).get("results") or []
            errors = [  # as the command line prints a local report's violations
                f"[{r['rule_id']}] <{r['focus']}>: {r['message']}"
                for r in results
                if r.get("severity") == "violation"
            ] or [str(e) for e in body.get("errors") or []]
        except (ValueError, AttributeError, KeyError, TypeError):
            message, errors = raw.decode("utf-8", "replace").strip() or str(status), []
        if status == 401:
            return Unauthorized(
                f"the server at {self.url} needs its write token: set POLICYGRAPH_WRITE_TOKEN "
                "or give --token-file FILE"
            )
        if status == 403:
            cls = ReadOnly if "read-only" in message else Forbidden
            return cls(f"the server at {self.url} refused the write: {message}")
        if status == 404:
            return NotFound(message)
        if status == 422:
            return ValidationFailed(message, report=None, errors=errors)
        if status < 500:
            return InputError(message, status=status)
        return StoreUnavailable(f"the server at {self.url} answered {status}: {message}")


def _attachment(name: str) -> str:
    """A Content-Disposition header naming a file (RFC 6266; UTF-8 names as ``filename*``)."""
    if name.isascii() and '"' not in name and "\\" not in name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename*=UTF-8''{urllib.parse.quote(name, safe='')}"
