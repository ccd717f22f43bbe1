"""Batch scoring of diary exports: streaming, multi-process, resumable, losing nothing.

Every input record gets exactly one output record, in input order. A record that cannot be
read or classified still gets its output record, with ``error`` set (never its text).

Records are first appended to ``<output>.partial.jsonl``, flushed batch by batch; only a
finished run turns that into the output file, with one rename (after a streamed conversion
for CSV and Parquet). So an interrupted run never leaves a half output file, and
``--resume`` counts the complete records in the partial file, skips as many input records,
and carries on: the result is the same as that of an uninterrupted run, because scoring is
deterministic and input order is fixed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path

from hechtingnlp import snippets as snippet_library
from hechtingnlp.labels import LABELS

PARTIAL_SUFFIX = ".partial.jsonl"
META_SUFFIX = ".partial.meta.json"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``hechtingnlp score``."""
    from hechtingnlp.io import FORMATS, WRITER_FORMATS

    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="export files or folders, or - for standard input"
    )
    p.add_argument(
        "-o", "--output", required=True, help="output file (.jsonl, .csv, .parquet), or - for standard output"
    )
    p.add_argument("--format", choices=FORMATS, help="input format (default: told from each input)")
    p.add_argument(
        "--output-format", choices=WRITER_FORMATS, help="output format (default: from the output's extension)"
    )
    p.add_argument("--text-col", help="text column of CSV, TSV, JSONL, JSON or Parquet input (default: text)")
    p.add_argument("--id-col", help="id column (default: id, else the row number)")
    p.add_argument("--date-col", help="date column")
    p.add_argument("--n-process", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--batch-size", type=int, default=256, help="entries per batch (default: 256)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run with the same options")
    p.add_argument("--no-snippets", action="store_true", help="leave out snippet ids")
    p.add_argument(
        "--no-repeat-snippets",
        action="store_true",
        help="do not give a snippet again that an earlier entry already got",
    )
    p.add_argument("--model", help="a model file made by 'hechtingnlp train' (needs --trusted), or 'lexicon'")
    p.add_argument("--trusted", action="store_true", help="allow a model file that is not the shipped one")
    p.add_argument("--quiet", action="store_true", help="no progress and no summary on standard error")


def record_for(entry, result) -> dict:
    """The output record of one entry and its Classification (or the failure)."""
    base = {"id": entry.id, "date": entry.date, "source": entry.source}
    if entry.error or not hasattr(result, "labels"):
        error = entry.error or f"classify_error: {type(result).__name__}"
        return {
            **base,
            "labels": [],
            "scores": dict.fromkeys(LABELS, None),
            "cues": [],
            "snippets": [],
            "crisis": False,
            "error": error,
        }
    return {
        **base,
        "labels": list(result.labels),
        "scores": {k: round(v, 4) for k, v in result.scores.items()},
        "cues": [c.to_dict() for c in result.cues],
        "snippets": [s.id for s in result.snippets],
        "crisis": result.crisis,
        "error": None,
    }


def _entries(args) -> Iterator:
    from hechtingnlp.io import read_entries

    for source in args.inputs:
        yield from read_entries(
            source, format=args.format, text_col=args.text_col, id_col=args.id_col, date_col=args.date_col
        )


def _fingerprint(args) -> dict:
    inputs = []
    for source in args.inputs:
        path = Path(source)
        stat = path.stat() if source != "-" and path.exists() else None
        inputs.append(
            {
                "path": str(path.resolve()) if stat else source,
                "size": stat.st_size if stat else None,
                "mtime": stat.st_mtime if stat else None,
            }
        )
    options = {
        k: getattr(args, k)
        for k in ("format", "text_col", "id_col", "date_col", "no_snippets", "no_repeat_snippets", "model")
    }
    return {"inputs": inputs, "options": options}


def _complete_records(partial: Path, counts: Counter) -> tuple[int, set[str]]:
    """Count complete records in a partial file, cut off a torn last line, collect snippet ids."""
    count, given, keep = 0, set(), 0
    with open(partial, "rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                break
            count += 1
            keep += len(line)
            given.update(record.get("snippets") or [])
            _count(record, counts)
    with open(partial, "r+b") as fh:
        fh.truncate(keep)
    return count, given


class Progress:
    """A one-line counter on standard error, only when it is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.last = 0.0

    def update(self, n: int, force: bool = False) -> None:
        now = time.monotonic()
        if self.enabled and (force or now - self.last > 0.5):
            print(f"\r{n:,} entries scored", end="", file=sys.stderr, flush=True)
            self.last = now

    def close(self, n: int) -> None:
        if self.enabled:
            self.update(n, force=True)
            print(file=sys.stderr)


def run(args, user_error) -> int:
    """Carry out ``hechtingnlp score``; returns the exit status."""
    import hechtingnlp
    from hechtingnlp.io import open_writer, writer_format_for
    from hechtingnlp.model.store import ModelIntegrityError

    if args.n_process < 1 or args.batch_size < 1:
        raise user_error("--n-process and --batch-size must be at least 1")
    to_stdout = args.output == "-"
    out_format = args.output_format or ("jsonl" if to_stdout else writer_format_for(args.output))
    if to_stdout and args.resume:
        raise user_error("--resume needs an output file, not standard output")
    for source in args.inputs:
        if source != "-" and not Path(source).exists():
            raise user_error(f"input {source} does not exist")
    try:
        analyzer = (
            hechtingnlp.load(args.model, trusted=args.trusted) if args.model else hechtingnlp._analyzer()
        )
    except ModelIntegrityError as err:
        raise user_error(str(err)) from None

    entries = _entries(args)
    try:
        first = next(entries, None)
    except ValueError as err:  # format detection and missing columns surface here
        raise user_error(str(err)) from None
    entries = itertools.chain([first] if first is not None else [], entries)

    counts: Counter = Counter()
    given: set[str] = set()
    progress = Progress(not args.quiet)
    if to_stdout:
        with open_writer(sys.stdout, out_format) as writer:
            for record in _records(analyzer, entries, args, given, counts, progress):
                writer.write(record)
    else:
        output = Path(args.output)
        partial = output.with_name(output.name + PARTIAL_SUFFIX)
        meta = output.with_name(output.name + META_SUFFIX)
        fingerprint = _fingerprint(args)
        done = 0
        if args.resume and partial.exists():
            if not meta.exists() or json.loads(meta.read_text("utf-8")) != fingerprint:
                raise user_error(
                    "the partial output was made from other inputs or options; "
                    "run again without --resume to start over"
                )
            done, given = _complete_records(partial, counts)
            entries = itertools.islice(entries, done, None)
            counts["resumed"] = done
        else:
            partial.unlink(missing_ok=True)
            meta.write_text(json.dumps(fingerprint), encoding="utf-8")
        with open(partial, "a", encoding="utf-8") as fh:
            for n, record in enumerate(_records(analyzer, entries, args, given, counts, progress), 1):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                if n % args.batch_size == 0:
                    fh.flush()
        _finish(partial, output, out_format, open_writer)
        meta.unlink(missing_ok=True)
    progress.close(counts["read"])
    if not args.quiet:
        print(summary(counts), file=sys.stderr)
    return 0


def _records(analyzer, entries, args, given: set[str], counts: Counter, progress: Progress) -> Iterator[dict]:
    """Classify the entries and yield their output records, counting as it goes."""
    buffered: deque = deque()

    def texts():
        for entry in entries:
            buffered.append(entry)
            yield "" if entry.error else entry.text

    results = analyzer.stream(
        texts(), n_process=args.n_process, batch_size=args.batch_size, snippets=False, safe=True
    )
    for result in results:
        entry = buffered.popleft()
        if not entry.error and hasattr(result, "labels") and not args.no_snippets:
            chosen = snippet_library.select(
                result.labels,
                result.cues,
                crisis=result.crisis,
                exclude=given if args.no_repeat_snippets else frozenset(),
            )
            given.update(s.id for s in chosen)
            from dataclasses import replace

            result = replace(result, snippets=chosen)
        record = record_for(entry, result)
        _count(record, counts)
        progress.update(counts["read"])
        yield record


def _count(record: dict, counts: Counter) -> None:
    counts["read"] += 1
    if record["error"]:
        counts["failed"] += 1
    else:
        counts["scored"] += 1
        counts.update(f"label:{label}" for label in record["labels"])
        counts["crisis"] += record["crisis"]


def _finish(partial: Path, output: Path, out_format: str, open_writer) -> None:
    """Turn the partial JSONL into the output file with one atomic rename."""
    if out_format == "jsonl":
        os.replace(partial, output)
        return
    tmp = output.with_name(output.name + ".tmp")
    with open(partial, encoding="utf-8") as fh, open_writer(tmp, out_format) as writer:
        for line in fh:
            writer.write(json.loads(line))
    os.replace(tmp, output)
    partial.unlink()


def summary(counts: Counter) -> str:
    """The closing summary: counts read, scored, failed, per label and crisis."""
    lines = [
        f"read {counts['read']:,}  scored {counts['scored']:,}  failed {counts['failed']:,}"
        + (f"  (resumed after {counts['resumed']:,})" if counts["resumed"] else "")
    ]
    lines.append(
        "  ".join(f"{label} {counts[f'label:{label}']:,}" for label in LABELS)
        + f"  crisis {counts['crisis']:,}"
    )
    if counts["crisis"]:
        lines.append(
            "Entries with crisis language: please read them with care. "
            "Help: 113 or 0800-0113 (NL), 1813 (BE)."
        )
    return "\n".join(lines)
