"""Open text files whatever their encoding: UTF-8 (with or without BOM), UTF-16/32 (BOM) or cp1252.

Diary exports come from phones, Windows editors and old backups. Reading must never fail on
the bytes a file holds, so a file that is not valid UTF-8 is read as cp1252 (the usual Windows
code page for Dutch) and an :class:`EncodingFallbackWarning` says so.
"""

from __future__ import annotations

import codecs
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

#: Size of the chunks read while checking that a file is UTF-8 (keeps memory bounded).
CHUNK = 1 << 18

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class EncodingFallbackWarning(UserWarning):
    """A file was not valid UTF-8 and was read as cp1252."""


def _c1_fallback(err: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) undefined. Map them to the C1
    # control of the same number, as browsers do, so decoding never fails and loses nothing.
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("hechtingnlp-c1", _c1_fallback)

#: Codec error handler that makes cp1252 decoding total.
CP1252_ERRORS = "hechtingnlp-c1"


def bom_encoding(head: bytes) -> str | None:
    """Return the codec for the byte order mark at the start of ``head``, or None.

    Examples
    --------
    >>> bom_encoding(b"\\xef\\xbb\\xbfhallo")
    'utf-8-sig'
    >>> bom_encoding(b"hallo") is None
    True
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def _is_utf8(stream: BinaryIO) -> bool:
    """Check a whole binary stream chunk by chunk, then rewind it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


def _fallback(name: str) -> None:
    warnings.warn(f"{name}: not UTF-8, read as cp1252", EncodingFallbackWarning, stacklevel=2)


def detect_encoding(stream: BinaryIO, name: str) -> tuple[str, str]:
    """Choose the codec and error handler for a seekable binary stream.

    Reads the stream once when it has no BOM (to tell UTF-8 from cp1252) and rewinds it.
    Warns with :class:`EncodingFallbackWarning` when it falls back to cp1252.

    Returns
    -------
    tuple of str
        ``(encoding, errors)`` for :class:`io.TextIOWrapper`.
    """
    head = stream.read(4)
    stream.seek(0)
    if enc := bom_encoding(head):
        # A BOM is a clear statement; bytes that still do not decode become U+FFFD.
        return enc, "replace"
    if _is_utf8(stream):
        return "utf-8", "strict"
    _fallback(name)
    return "cp1252", CP1252_ERRORS


@contextmanager
def open_text(path: Path, *, newline: str | None = None, name: str | None = None) -> Iterator[TextIO]:
    """Open a text file for streaming reads, choosing its encoding from its bytes.

    Parameters
    ----------
    path
        The file.
    newline
        Passed to :class:`io.TextIOWrapper`; use ``""`` for the csv module.
    name
        Name used in warnings; defaults to the file name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("\\ufeffJa, één keer.".encode("utf-8"))
    >>> with open_text(p) as f:
    ...     f.read()
    'Ja, één keer.'
    """
    raw = open(path, "rb")  # noqa: SIM115 - handed to the wrapper, closed below
    try:
        encoding, errors = detect_encoding(raw, name or Path(path).name)
        with io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline=newline) as text:
            yield text
    finally:
        raw.close()


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a whole document held in memory by the same rules as :func:`open_text`.

    Examples
    --------
    >>> decode_bytes("café".encode("utf-16"), "x.json")
    'café'
    """
    if enc := bom_encoding(data[:4]):
        return data.decode(enc, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        _fallback(name)
        return data.decode("cp1252", CP1252_ERRORS)
