"""Dates of exports (epoch milliseconds, zone names, UTC offsets) as ISO 8601 strings."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_OFFSET = re.compile(r"^(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?$")


def zone(name: object) -> tzinfo | None:
    """Return the time zone for an IANA name (``"Europe/Brussels"``) or an offset (``"+01:00"``).

    Unknown names give None; the caller then keeps UTC.

    Examples
    --------
    >>> zone("+01:00")
    datetime.timezone(datetime.timedelta(seconds=3600))
    >>> zone("Nergens/Nowhere") is None
    True
    """
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    if match := _OFFSET.match(name):
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        return timezone(-delta if sign == "-" else delta) if delta < timedelta(hours=24) else None
    if name.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def from_epoch_ms(ms: object, tz: object = None) -> str | None:
    """Turn milliseconds since the epoch into ISO 8601, in ``tz`` when known, else UTC.

    Non-numbers and dates out of range give None.

    Examples
    --------
    >>> from_epoch_ms(1709410445000, "Europe/Amsterdam")
    '2024-03-02T21:14:05+01:00'
    >>> from_epoch_ms("1709410445123")
    '2024-03-02T20:14:05.123+00:00'
    """
    if isinstance(ms, bool):
        return None
    if isinstance(ms, str):
        ms = ms.strip()
    try:
        value = int(ms) if not isinstance(ms, float) else round(ms)  # type: ignore[arg-type]
        moment = (_EPOCH + timedelta(milliseconds=value)).astimezone(zone(tz) or UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return moment.isoformat(timespec="milliseconds" if value % 1000 else "seconds")
