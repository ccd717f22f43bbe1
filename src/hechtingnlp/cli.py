"""The ``hechtingnlp`` command line. Thin: it parses arguments and calls the library.

User errors print one sentence to stderr and exit with status 2, never a traceback and
never any of the text being analysed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from hechtingnlp._version import __version__
from hechtingnlp.labels import LABELS


class UserError(Exception):
    """A problem the user can fix; its message is shown as it is."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hechtingnlp",
        description="Finds cues typical of attachment styles in Dutch and Flemish text. "
        "Psychoeducation, never a diagnosis.",
    )
    p.add_argument("--version", action="version", version=f"hechtingnlp {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("classify", help="classify one text (or - for standard input)")
    c.add_argument("text", help="the text, or - to read it from standard input")
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.add_argument("--no-snippets", action="store_true", help="leave out psychoeducation snippets")
    c.add_argument("--model", help="a model file made by 'hechtingnlp train' (needs --trusted), or 'lexicon'")
    c.add_argument(
        "--trusted", action="store_true", help="allow loading a model file that is not the shipped one"
    )

    sub.add_parser("info", help="versions, spaCy pipeline and model in use")

    s = sub.add_parser("snippets", help="list psychoeducation snippets")
    s.add_argument("--label", choices=LABELS)
    s.add_argument("--theme")
    s.add_argument("--kind")
    s.add_argument("--json", action="store_true")

    sc = sub.add_parser("score", help="score diary exports into JSONL, CSV or Parquet")
    from hechtingnlp.batch import add_arguments

    add_arguments(sc)

    d = sub.add_parser("data", help="the training corpus")
    d.add_argument("action", choices=["validate", "splits"])

    t = sub.add_parser("train", help="train the model on the corpus and save it")
    t.add_argument(
        "-o", "--output", type=Path, help="model file to write (default: the shipped model in models/)"
    )
    t.add_argument("--variant", help="feature variant to train (default: the best on dev)")

    e = sub.add_parser("evaluate", help="evaluate a model on the corpus' test split against baselines")
    e.add_argument("--model", type=Path, help="model file (default: the shipped model)")
    e.add_argument("--trusted", action="store_true")
    e.add_argument("--split", default="test", choices=["dev", "test"])
    e.add_argument("--json", action="store_true")
    e.add_argument(
        "--write-card", action="store_true", help="write the figures into the model card and manifest"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hechtingnlp`` command."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except UserError as err:
        print(f"hechtingnlp: {err}", file=sys.stderr)
        return 2
    except (FileNotFoundError, PermissionError, IsADirectoryError) as err:
        print(
            f"hechtingnlp: cannot read or write {getattr(err, 'filename', None) or 'a file'}: "
            f"{err.strerror or 'not found'}.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("hechtingnlp: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _classify(args) -> int:
    import hechtingnlp
    from hechtingnlp.model.store import ModelIntegrityError

    text = sys.stdin.read() if args.text == "-" else args.text
    try:
        analyzer = (
            hechtingnlp.load(args.model, trusted=args.trusted) if args.model else hechtingnlp._analyzer()
        )
    except ModelIntegrityError as err:
        raise UserError(str(err)) from None
    result = analyzer.classify(text, snippets=not args.no_snippets)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(format_table(result))
    return 0


def format_table(result) -> str:
    """A readable text view of a Classification."""
    lines = []
    if result.crisis:
        lines.append("!! Dit klinkt zwaar. Praat er vandaag nog over met iemand:")
        lines.append("   Nederland: 113 Zelfmoordpreventie, bel 113 of gratis 0800-0113 (113.nl)")
        lines.append("   Vlaanderen: Zelfmoordlijn, bel 1813 (zelfmoord1813.be). Acuut gevaar: 112.")
        lines.append("")
    labels = ", ".join(result.labels) if result.labels else "geen"
    lines.append(f"Cues typisch voor: {labels}")
    lines.append("")
    lines.append(f"{'label':<18}{'score':>7}")
    for label in LABELS:
        mark = " *" if label in result.labels else ""
        lines.append(f"{label:<18}{result.scores[label]:>7.2f}{mark}")
    if result.cues:
        lines.append("")
        lines.append("Woorden die de cues dragen:")
        for cue in result.cues:
            notes = [
                n
                for n, on in (
                    ("ontkend", cue.negated),
                    ("hypothetisch", cue.hypothetical),
                    ("van iemand anders", cue.subject == "other"),
                )
                if on
            ]
            extra = f" ({', '.join(notes)})" if notes else ""
            theme = cue.theme or f"{cue.label} (model)"
            lines.append(f'  - "{cue.text}" -> {theme}{extra}')
    for snippet in result.snippets:
        lines.append("")
        lines.append(f"## {snippet.title}")
        lines.append(snippet.text)
    if result.warnings:
        lines.append("")
        lines.append("Let op: " + ", ".join(result.warnings))
    lines.append("")
    lines.append("hechtingnlp geeft psycho-educatie, geen diagnose.")
    return "\n".join(lines)


def _info(args) -> int:
    import spacy

    import hechtingnlp
    from hechtingnlp.language import pipeline_name

    analyzer = hechtingnlp._analyzer()
    model = analyzer.model
    rows = [
        ("hechtingnlp", __version__),
        ("spaCy", spacy.__version__),
        ("pipeline", pipeline_name(analyzer.nlp)),
        ("model", f"{analyzer.model_info.name} {analyzer.model_info.version}"),
        ("model sha256", model.sha256 if model else "-"),
        ("model file", str(model.path) if model else "-"),
    ]
    for key, value in rows:
        print(f"{key:<14}{value}")
    return 0


def _snippets(args) -> int:
    from hechtingnlp.labels import themes
    from hechtingnlp.snippets import KINDS, find

    if args.theme and args.theme not in themes():
        raise UserError(
            f"unknown theme {args.theme!r}; 'hechtingnlp snippets --json' lists the themes in use"
        )
    if args.kind and args.kind not in KINDS:
        raise UserError(f"unknown kind {args.kind!r}; choose one of {', '.join(KINDS)}")
    found = find(label=args.label, theme=args.theme, kind=args.kind)
    if args.json:
        json.dump(
            [s.__dict__ | {"themes": list(s.themes), "source": list(s.source)} for s in found],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    else:
        for s in found:
            print(f"{s.id:<48} {s.kind:<10} {s.label or '-':<17} {s.title}")
        print(f"{len(found)} snippets")
    return 0


def _score(args) -> int:
    from hechtingnlp.batch import run

    return run(args, UserError)


def _data(args) -> int:
    from hechtingnlp import corpus

    try:
        return corpus.main([args.action])
    except FileNotFoundError as err:
        raise UserError(str(err)) from None


def _train(args) -> int:
    from hechtingnlp.model.train import train_cli

    return train_cli(args, UserError)


def _evaluate(args) -> int:
    from hechtingnlp.model.evaluate import evaluate_cli

    return evaluate_cli(args, UserError)


_COMMANDS = {
    "classify": _classify,
    "info": _info,
    "snippets": _snippets,
    "score": _score,
    "data": _data,
    "train": _train,
    "evaluate": _evaluate,
}

if __name__ == "__main__":
    sys.exit(main())
