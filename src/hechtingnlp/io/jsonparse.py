"""Parse JSON without letting an exception (or a piece of the document) escape."""

from __future__ import annotations

import json
from typing import Any


def parse_json(text: str, line: int | None = None) -> tuple[Any, str | None]:
    """Parse a JSON document or one JSON Lines line.

    Parameters
    ----------
    text
        The JSON text.
    line
        The line number to report for a JSON Lines line (the parser counts from 1 per line).

    Returns
    -------
    tuple
        ``(value, None)`` on success, ``(None, "parse_error: ...")`` otherwise. The message
        names the place and the problem, never the text.

    Examples
    --------
    >>> parse_json('{"text": "hoi"}')
    ({'text': 'hoi'}, None)
    >>> parse_json('{"text": "hoi', line=17)
    (None, 'parse_error: invalid JSON on line 17, column 10: Unterminated string starting at')
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        where = f"line {line if line is not None else exc.lineno}, column {exc.colno}"
        return None, f"parse_error: invalid JSON on {where}: {exc.msg}"
    except RecursionError:
        return None, f"parse_error: JSON nested too deeply{f' on line {line}' if line else ''}"
    except ValueError:
        # Integers longer than Python's digit limit (sys.get_int_max_str_digits).
        return None, f"parse_error: JSON number too long{f' on line {line}' if line else ''}"
