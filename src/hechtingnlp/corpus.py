"""The training corpus: loading, checking and describing ``data/corpus/*.jsonl``.

Run ``python -m hechtingnlp.corpus check FILE...`` on files being written, and
``python -m hechtingnlp.corpus validate`` (or ``hechtingnlp data validate``) on the whole corpus.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from hechtingnlp.labels import LABELS, themes

FIELDS = ("id", "text", "labels", "cues", "kind", "register", "persona", "split", "tags")
CUE_FIELDS = ("text", "label", "theme", "negated", "subject")
KINDS = ("statement", "entry")
REGISTERS = ("nl-formal", "nl-informal", "be-formal", "be-informal")
SPLITS = ("train", "dev", "test")
TAGS = ("negation", "nonrelational", "other_person", "hypothetical", "implicit", "mixed", "crisis")
SUBJECTS = ("self", "other")
NEAR_DUPLICATE = 0.7

_WORD = re.compile(r"\w+", re.UNICODE)


def read_items(paths: Iterable[Path]) -> Iterator[tuple[Path, int, dict]]:
    """Yield ``(path, line number, item)`` for every non-empty line of the files."""
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield path, number, json.loads(line)
                    except json.JSONDecodeError as err:
                        raise ValueError(f"{path}:{number}: not valid JSON ({err.msg})") from None


def item_problems(item: dict, *, require_split: bool = True) -> list[str]:
    """Return what is wrong with one corpus item (an empty list when it is sound)."""
    problems: list[str] = []
    missing = [f for f in FIELDS if f not in item]
    extra = [f for f in item if f not in FIELDS]
    if missing:
        problems.append(f"missing fields {missing}")
    if extra:
        problems.append(f"unknown fields {extra}")
    if missing:
        return problems
    text = item["text"]
    if not isinstance(text, str) or not text.strip():
        problems.append("text must be a non-empty string")
        return problems
    labels = item["labels"]
    if (
        not isinstance(labels, list)
        or any(lab not in LABELS for lab in labels)
        or len(set(labels)) != len(labels)
    ):
        problems.append(f"labels must be distinct names from {LABELS}")
        labels = []
    known_themes = themes()
    positive: set[str] = set()
    if not isinstance(item["cues"], list):
        problems.append("cues must be a list")
    else:
        for n, cue in enumerate(item["cues"]):
            if not isinstance(cue, dict) or sorted(cue) != sorted(CUE_FIELDS):
                problems.append(f"cue {n} must have exactly the fields {CUE_FIELDS}")
                continue
            if not isinstance(cue["text"], str) or not cue["text"].strip() or cue["text"] not in text:
                problems.append(f"cue {n} text is not a substring of the item text")
            if cue["label"] not in LABELS:
                problems.append(f"cue {n} has unknown label {cue['label']!r}")
            if cue["theme"] not in known_themes:
                problems.append(f"cue {n} has unknown theme {cue['theme']!r}")
            elif known_themes[cue["theme"]].label != cue["label"]:
                problems.append(f"cue {n} theme {cue['theme']!r} does not belong to label {cue['label']!r}")
            if not isinstance(cue["negated"], bool):
                problems.append(f"cue {n} negated must be true or false")
            if cue["subject"] not in SUBJECTS:
                problems.append(f"cue {n} subject must be one of {SUBJECTS}")
            if cue.get("negated") is False:
                positive.add(cue["label"])
    for label in labels:
        if label not in positive:
            problems.append(f"label {label!r} has no non-negated cue as evidence")
    for label in positive - set(labels):
        problems.append(f"a non-negated cue has label {label!r} but the item does not")
    if item["kind"] not in KINDS:
        problems.append(f"kind must be one of {KINDS}")
    if item["register"] not in REGISTERS:
        problems.append(f"register must be one of {REGISTERS}")
    if not isinstance(item["persona"], str) or not item["persona"].strip():
        problems.append("persona must be a non-empty string")
    if require_split and item["split"] not in SPLITS:
        problems.append(f"split must be one of {SPLITS}")
    if not isinstance(item["tags"], list) or any(t not in TAGS for t in item["tags"]):
        problems.append(f"tags must be a list drawn from {TAGS}")
    elif "negation" in item["tags"] and not any(
        c.get("negated") for c in item["cues"] if isinstance(c, dict)
    ):
        problems.append("an item tagged negation needs its negated cue recorded with negated: true")
    return problems


def trigrams(text: str) -> frozenset[tuple[str, str, str]]:
    """Word trigrams of a lower-cased text (the unit of the near-duplicate check)."""
    words = _WORD.findall(text.lower())
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def near_duplicates(texts: list[str], threshold: float = NEAR_DUPLICATE) -> list[tuple[int, int, float]]:
    """Pairs of indices whose word-trigram Jaccard similarity is at or above ``threshold``.

    An inverted index over trigrams keeps this close to linear for a corpus where most
    pairs share nothing.
    """
    grams = [trigrams(t) for t in texts]
    index: dict[tuple[str, str, str], list[int]] = {}
    for i, g in enumerate(grams):
        for tri in g:
            index.setdefault(tri, []).append(i)
    pairs = []
    for i, g in enumerate(grams):
        shared: dict[int, int] = {}
        for tri in g:
            for j in index[tri]:
                if j > i:
                    shared[j] = shared.get(j, 0) + 1
        for j, n in shared.items():
            jac = n / (len(g) + len(grams[j]) - n)
            if jac >= threshold:
                pairs.append((i, j, jac))
    return pairs


def check_files(paths: list[Path], *, require_split: bool) -> int:
    """Print every problem in the files; return the number of problems."""
    count = 0
    seen: dict[str, str] = {}
    texts: list[str] = []
    where: list[str] = []
    for path, number, item in read_items(paths):
        place = f"{path.name}:{number}"
        for problem in item_problems(item, require_split=require_split):
            print(f"{place} ({item.get('id')}): {problem}")
            count += 1
        ident = item.get("id")
        if ident in seen:
            print(f"{place}: id {ident!r} already used at {seen[ident]}")
            count += 1
        seen[str(ident)] = place
        if isinstance(item.get("text"), str):
            texts.append(item["text"])
            where.append(place)
    for i, j, jac in near_duplicates(texts):
        print(f"{where[i]} and {where[j]}: near-duplicates (trigram Jaccard {jac:.2f})")
        count += 1
    print(f"{len(texts)} items, {count} problems", file=sys.stderr)
    return count


#: Where the corpus lives in a checkout of the repository.
CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "corpus"
#: The held-out splits; each writing session gives one persona to each, in this order.
HELD_OUT_ORDER = ("dev", "test")
SEED = 13
HARD_NEGATIVE_TAGS = {"negation", "nonrelational", "hypothetical"}


def corpus_hash(files: list[Path]) -> str:
    """SHA-256 over the corpus files' names and bytes (recorded in the model manifest)."""
    import hashlib

    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus_files(directory: Path | None = None) -> list[Path]:
    """The corpus files, sorted by name; a clear error when there are none."""
    directory = directory or CORPUS_DIR
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(
            f"no corpus files (*.jsonl) in {directory}; run this from a checkout of hechtingnlp"
        )
    return files


def load_corpus(directory: Path | None = None, split: str | None = None) -> list[dict]:
    """All corpus items (optionally one split), each with cue offsets added as ``start``/``end``.

    The split of every item is the one :func:`assign_splits` gives its persona (``validate``
    checks that the files say the same).
    """
    items = [item for _, _, item in read_items(corpus_files(directory))]
    splits = assign_splits(items)
    return [
        with_offsets({**item, "split": splits[item["persona"]]})
        for item in items
        if split is None or splits[item["persona"]] == split
    ]


def with_offsets(item: dict) -> dict:
    """A copy of ``item`` whose cues carry the character offsets of their text."""
    cues = []
    for cue in item.get("cues", []):
        start = item["text"].find(cue["text"])
        cues.append({**cue, "start": start, "end": start + len(cue["text"])})
    return {**item, "cues": cues}


def writing_session(persona: str) -> str:
    """The writing session a persona comes from: the letters its id starts with.

    Examples
    --------
    >>> writing_session("c5-naomi"), writing_session("yb3-anouk")
    ('c', 'yb')
    """
    found = re.match(r"[a-z]+", persona)
    return found.group() if found else persona[:1]


def assign_splits(items: list[dict], seed: int = SEED) -> dict[str, str]:
    """Give every persona a split, holding out whole personas.

    Each writing session (a group of personas written together) gives one persona to dev and
    one to test, ranked by a seeded hash of the persona id (so adding a persona to one session
    never moves another); the rest go to train. Every session's voices, topics
    and registers are then in all three splits, which keeps the labels stratified (checked by
    :func:`split_problems`), and the assignment of one session never depends on another's.
    """
    import hashlib

    sessions: dict[str, list[str]] = {}
    for persona in sorted({item["persona"] for item in items}):
        sessions.setdefault(writing_session(persona), []).append(persona)
    out = {}
    for _session, personas in sorted(sessions.items()):
        order = sorted(personas, key=lambda p: hashlib.sha256(f"{seed}:{p}".encode()).hexdigest())
        for n, persona in enumerate(order):
            out[persona] = HELD_OUT_ORDER[n] if n < len(HELD_OUT_ORDER) and len(order) > 2 else "train"
    return out


def write_splits(directory: Path | None = None) -> dict[str, str]:
    """Assign splits and write them into the corpus files in place (deterministic)."""
    files = corpus_files(directory)
    items = [item for _, _, item in read_items(files)]
    splits = assign_splits(items)
    for path in files:
        lines = []
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["split"] = splits[item["persona"]]
                lines.append(json.dumps(item, ensure_ascii=False))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return splits


#: The composition the corpus must meet: (description, function of the stats, minimum).
REQUIREMENTS = (
    ("items", lambda s: s["items"], 3000),
    ("items with vermijdend", lambda s: s["label:vermijdend"], 450),
    ("items with angstig", lambda s: s["label:angstig"], 450),
    ("items with gedesorganiseerd", lambda s: s["label:gedesorganiseerd"], 450),
    ("items with veilig", lambda s: s["label:veilig"], 450),
    ("items with no label", lambda s: s["none"], 1000),
    (
        "hard negatives (no label; negation, nonrelational or hypothetical)",
        lambda s: s["hard_negatives"],
        400,
    ),
    ("share of diary entries (3-10 sentences)", lambda s: s["entries"] / s["items"], 0.30),
    ("share Flemish", lambda s: s["be"] / s["items"], 0.25),
    ("share informal", lambda s: s["informal"] / s["items"], 0.25),
    ("share of cues with someone else as subject", lambda s: s["cues_other"] / max(1, s["cues"]), 0.15),
    ("share of labelled items with implicit cues", lambda s: s["implicit"] / max(1, s["labelled"]), 0.20),
    ("crisis items", lambda s: s["crisis"], 60),
)


def composition(items: list[dict]) -> Counter:
    """Counts that the composition requirements and the datasheet are made of."""
    s: Counter = Counter()
    for item in items:
        s["items"] += 1
        s[f"split:{item.get('split')}"] += 1
        for label in item["labels"]:
            s[f"label:{label}"] += 1
        if item["labels"]:
            s["labelled"] += 1
            s["implicit"] += "implicit" in item["tags"]
        else:
            s["none"] += 1
            s["hard_negatives"] += bool(HARD_NEGATIVE_TAGS & set(item["tags"]))
        s["entries"] += item["kind"] == "entry"
        s["be"] += item["register"].startswith("be")
        s["informal"] += item["register"].endswith("informal")
        s["crisis"] += "crisis" in item["tags"]
        s["negation"] += "negation" in item["tags"]
        for cue in item["cues"]:
            s["cues"] += 1
            s["cues_other"] += cue["subject"] == "other"
    s["personas"] = len({item["persona"] for item in items})
    return s


def split_problems(items: list[dict]) -> list[str]:
    """Personas that sit in two splits, and labels a held-out split has too few of."""
    problems = []
    where: dict[str, set[str]] = {}
    for item in items:
        where.setdefault(item["persona"], set()).add(item["split"])
    for persona, splits in sorted(where.items()):
        if len(splits) > 1:
            problems.append(f"persona {persona} is in several splits {sorted(splits)}")
    for label in [*LABELS, None]:
        having = [i for i in items if (label in i["labels"] if label else not i["labels"])]
        for split in HELD_OUT_ORDER:
            share = sum(i["split"] == split for i in having) / max(1, len(having))
            if not 0.08 <= share <= 0.25:
                problems.append(
                    f"split {split} holds {share:.0%} of the items with {label or 'no label'} (want 8-25%)"
                )
    return problems


def validate(directory: Path | None = None, out=None) -> int:
    """Check the whole corpus and print its composition table; return the number of problems."""
    out = out or sys.stdout
    files = corpus_files(directory)
    problems = check_files(files, require_split=True)
    items = [item for _, _, item in read_items(files)]
    assigned = assign_splits(items)
    stale = sorted({i["persona"] for i in items if i.get("split") != assigned[i["persona"]]})
    if stale:
        print(
            f"splits in the files differ from the assignment for {stale}; run 'hechtingnlp data splits'",
            file=out,
        )
        problems += 1
    if not problems:
        for problem in split_problems(items):
            print(problem, file=out)
            problems += 1
    stats = composition(items)
    print(f"\n{'requirement':<68} {'value':>8} {'minimum':>8}  ok", file=out)
    for name, value_of, minimum in REQUIREMENTS:
        value = value_of(stats)
        ok = value >= minimum
        problems += not ok
        shown = f"{value:.1%}" if isinstance(minimum, float) else str(value)
        wanted = f"{minimum:.0%}" if isinstance(minimum, float) else str(minimum)
        print(f"{name:<68} {shown:>8} {wanted:>8}  {'yes' if ok else 'NO'}", file=out)
    print(
        f"\npersonas {stats['personas']}; split items: train {stats['split:train']}, "
        f"dev {stats['split:dev']}, "
        f"test {stats['split:test']}",
        file=out,
    )
    print(f"{problems} problems", file=out)
    return problems


def main(argv: list[str] | None = None) -> int:
    """``python -m hechtingnlp.corpus check FILE... | splits | validate``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) >= 2 and args[0] == "check":
        return 1 if check_files([Path(a) for a in args[1:]], require_split=False) else 0
    if args == ["splits"]:
        splits = write_splits()
        print(Counter(splits.values()))
        return 0
    if args == ["validate"]:
        return 1 if validate() else 0
    print("usage: python -m hechtingnlp.corpus check FILE... | splits | validate", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
