import pytest

from hechtingnlp.corpus import assign_splits, item_problems, near_duplicates, with_offsets

GOOD = {
    "id": "x1-anna-001",
    "text": "Ik heb zijn appje al zes keer gelezen.",
    "labels": ["angstig"],
    "cues": [
        {
            "text": "al zes keer gelezen",
            "label": "angstig",
            "theme": "angstig/berichten-checken",
            "negated": False,
            "subject": "self",
        }
    ],
    "kind": "statement",
    "register": "nl-informal",
    "persona": "x1-anna",
    "split": "train",
    "tags": ["implicit"],
}


def test_a_sound_item_has_no_problems():
    assert item_problems(GOOD) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"labels": ["bang"]}, "labels must be"),
        ({"labels": []}, "a non-negated cue has label"),
        ({"kind": "gedicht"}, "kind must be"),
        ({"register": "nl"}, "register must be"),
        ({"split": "val"}, "split must be"),
        ({"tags": ["sarcasm"]}, "tags must be"),
        ({"text": ""}, "non-empty string"),
        ({"cues": [{**GOOD["cues"][0], "text": "niet in de tekst"}]}, "not a substring"),
        ({"cues": [{**GOOD["cues"][0], "theme": "vermijdend/zelfredzaamheid"}]}, "does not belong"),
        ({"cues": [{**GOOD["cues"][0], "subject": "hij"}]}, "subject must be"),
        ({"tags": ["negation"]}, "negated cue recorded"),
    ],
)
def test_problems_are_reported(change, problem):
    assert any(problem in p for p in item_problems({**GOOD, **change}))


def test_missing_and_unknown_fields():
    item = {k: v for k, v in GOOD.items() if k != "kind"} | {"mood": "blij"}
    problems = item_problems(item)
    assert any("missing fields" in p for p in problems) and any("unknown fields" in p for p in problems)


def test_offsets_are_computed():
    cue = with_offsets(GOOD)["cues"][0]
    assert GOOD["text"][cue["start"] : cue["end"]] == cue["text"]


def test_near_duplicates_found_and_distinct_texts_pass():
    a = "Vandaag heb ik de hele middag gewacht op een bericht van hem en er kwam niks."
    b = "Vandaag heb ik de hele middag gewacht op een bericht van hem en er kwam niets."
    c = "Gisteren met mijn zus naar de markt geweest, daarna soep gemaakt voor de hele week."
    pairs = near_duplicates([a, b, c])
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]


def test_splits_hold_out_whole_personas_per_session():
    items = [{"persona": f"{s}{n}-p{n}"} for s in "ab" for n in range(1, 7)]
    splits = assign_splits(items)
    for session in "ab":
        mine = [v for k, v in splits.items() if k.startswith(session)]
        assert mine.count("dev") == 1 and mine.count("test") == 1
    assert assign_splits(items) == splits
    # Adding a persona to one session never moves a persona of another session.
    more = assign_splits([*items, {"persona": "a9-p9"}])
    assert {k: v for k, v in more.items() if k.startswith("b")} == {
        k: v for k, v in splits.items() if k.startswith("b")
    }
