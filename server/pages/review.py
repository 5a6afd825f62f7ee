"""``/review``: an article's text in, its draft fact sheet reviewed against the text, out.

The analyst pastes (or uploads) an article; the page asks ``POST /api/extract`` for the
draft (YAML) and ``POST /api/extract/outline`` for where each entry is in the YAML and in the
text, and shows the text with every span highlighted and linked to its entry, the review
notes beside their entries, and the YAML in an editor. The edited draft is dry-run with
``POST /api/validate`` and ingested with ``POST /api/articles`` under the write token the
analyst types (never stored by the page). Everything happens in ``static/js/review.js``; this
view only renders the frame in the page's language.
"""

from __future__ import annotations

from . import bp, render_page

__all__ = ["review"]


@bp.get("/review")
def review() -> str:
    return render_page("review.html", nav="review")
