"""Text clean-up shared by the readers: HTML to text, Day One Markdown, front matter."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# Tags that start a new line when they open or close.
_BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "tr", "table", "section", "article", "header", "footer", "hr",
})  # fmt: skip
# Tags whose content is never diary text.
_SKIP = frozenset({"script", "style", "head", "title"})
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_SPACE = re.compile(r"[ \t\r\n\f]+")


class _TextParser(HTMLParser):
    """Collects text, turning block boundaries and ``<br>`` into line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.pre = 0

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.pre += tag == "pre"
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.pre = max(0, self.pre - (tag == "pre"))
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.pre:
            # Source line breaks in HTML are layout, not text.
            data = _SPACE.sub(" ", data)
            if self.parts and self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        if data:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` contains at least one HTML tag.

    Examples
    --------
    >>> looks_like_html("<p>Hoi</p>"), looks_like_html("ik <3 jou")
    (True, False)
    """
    return _TAG.search(text) is not None


def html_to_text(markup: str) -> str:
    """Turn HTML into plain text: paragraphs and ``<br>`` become newlines, tags go, entities are unescaped.

    Text without any tag is plain text already: only its entities are unescaped, so that its
    own line breaks stay.

    Examples
    --------
    >>> html_to_text("<p>Vandaag &amp; morgen</p><p>Tot <b>later</b><br>Sam</p>")
    'Vandaag & morgen\\nTot later\\nSam'
    >>> html_to_text("Geen tags\\nhier")
    'Geen tags\\nhier'
    """
    if not looks_like_html(markup):
        return html.unescape(markup).replace("\xa0", " ")
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [line.rstrip(" ") for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


# A backslash before ASCII punctuation is a Markdown escape; before anything else it is text.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_DAYONE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(dayone(?:-moment)?:[^)\s]*\)")
_DAYONE_LINK = re.compile(r"\[([^\]\n]*)\]\(dayone(?:-moment)?:[^)\s]*\)")
_DAYONE_URL = re.compile(r"<?dayone(?:-moment)?:/{0,2}[^\s)>]*>?")
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def dayone_unescape(text: str) -> str:
    r"""Undo Day One's Markdown escapes and drop its media and link placeholders.

    A backslash before ASCII punctuation is removed (``\.`` becomes ``.``, and ``\\``
    becomes one backslash); a backslash before a letter or digit is kept. Image placeholders
    (``![](dayone-moment://...)``) go, a link to another entry keeps its label, and bare
    ``dayone://`` or ``dayone-moment:`` addresses go.

    Examples
    --------
    >>> dayone_unescape(r"Wat een dag\! Map C:\Users\sam")
    'Wat een dag! Map C:\\Users\\sam'
    >>> dayone_unescape("Foto:\n![](dayone-moment://AB12)\nKlaar")
    'Foto:\n\nKlaar'
    """
    text = _DAYONE_IMAGE.sub("", text)
    text = _DAYONE_LINK.sub(r"\1", text)
    text = _DAYONE_URL.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    # A dropped placeholder on its own line leaves empty lines behind; keep at most one.
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Split YAML front matter (``---`` ... ``---`` at the very start) from a note.

    Returns
    -------
    tuple
        ``(front_matter or None, body)``.

    Examples
    --------
    >>> split_front_matter("---\\ntags: [dagboek]\\n---\\nLieve dagboek")
    ('tags: [dagboek]\\n', 'Lieve dagboek')
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


def strip_front_matter(text: str) -> str:
    """Drop YAML front matter from the start of a note.

    Examples
    --------
    >>> strip_front_matter("---\\ndate: 2024-03-02\\n---\\nHallo")
    'Hallo'
    >>> strip_front_matter("Geen front matter\\n---\\n")
    'Geen front matter\\n---\\n'
    """
    return split_front_matter(text)[1]
