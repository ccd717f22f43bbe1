"""Package data: themes, lexicon, context rules, crisis rules, snippets (JSON with a header)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def load(name: str) -> dict:
    """Read ``resources/<name>`` as JSON (cached; treat the result as read-only)."""
    return json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))
