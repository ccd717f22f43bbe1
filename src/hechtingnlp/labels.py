"""The four attachment labels and the cue themes: the single source of truth.

Label names are fixed by the label contract. Themes live in ``resources/themes.json``
so that the lexicon, the corpus and the snippets all refer to the same names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

VERMIJDEND = "vermijdend"
ANGSTIG = "angstig"
GEDESORGANISEERD = "gedesorganiseerd"
VEILIG = "veilig"

#: The label names in their fixed order (used for score vectors and tables).
LABELS: tuple[str, ...] = (VERMIJDEND, ANGSTIG, GEDESORGANISEERD, VEILIG)

#: Short Dutch descriptions, shown by the CLI and in reports.
DESCRIPTIONS: dict[str, str] = {
    VERMIJDEND: "nabijheid voelt als druk; alles zelf doen; gevoelens op slot",
    ANGSTIG: "angst om verlaten te worden; honger naar geruststelling; vastklampen",
    GEDESORGANISEERD: "nabijheid willen en vrezen tegelijk; chaos, bevriezen, angst voor de geliefde",
    VEILIG: "vertrouwen met ruimte voor nabijheid en zelfstandigheid",
}


@dataclass(frozen=True)
class Theme:
    """A cue theme such as ``angstig/verlatingsangst``."""

    id: str
    """Full name, ``label/theme``."""
    label: str
    """The label the theme belongs to."""
    description: str
    """One Dutch sentence saying what the theme covers."""


@cache
def themes() -> dict[str, Theme]:
    """Return every cue theme by its id, in the order of the resource file."""
    raw = json.loads(resources.files("hechtingnlp.resources").joinpath("themes.json").read_text("utf-8"))
    out: dict[str, Theme] = {}
    for item in raw["themes"]:
        label = item["id"].split("/", 1)[0]
        if label not in LABELS:
            raise ValueError(f"theme {item['id']!r} has an unknown label")
        out[item["id"]] = Theme(item["id"], label, item["description"])
    return out
