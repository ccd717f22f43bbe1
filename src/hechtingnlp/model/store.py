"""Saving and loading models safely.

A model is a joblib file beside a manifest (``<name>.json``) that records its name, version,
the hechtingnlp version that made it, the corpus hash, metrics and the file's SHA-256.
Loading a joblib file can run code, so the SHA-256 is checked *before* ``joblib.load``: the
shipped model loads only when it matches its manifest, and any other model file loads only
when the caller says ``trusted=True``.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from hechtingnlp._version import VersionMismatchWarning, __version__
from hechtingnlp.model.scorer import Block, Combiner, LinearPart, LinearScorer
from hechtingnlp.model.subject import SubjectModel

#: File name of the shipped model inside ``models/`` (installed as ``hechtingnlp.models``).
SHIPPED = "hechtingnlp-nl.joblib"
FORMAT = 5
# Joins vocabulary terms; texts never hold it (control characters are blanked before parsing).
_SEP = "\x00"


class ModelIntegrityError(RuntimeError):
    """A model file does not match its manifest, or its origin is not trusted."""


@dataclass(frozen=True)
class LoadedModel:
    """A scorer with the manifest it came with."""

    scorer: LinearScorer
    manifest: dict[str, Any]
    path: Path | None
    subject: SubjectModel | None = None
    """The learned subject model of cue spans, when the model file has one."""
    sentence_subject: SubjectModel | None = None
    """The learned subject model of whole sentences (for evidence the model points at)."""

    @property
    def name(self) -> str:
        return str(self.manifest.get("name", "unnamed"))

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "0"))

    @property
    def sha256(self) -> str:
        return str(self.manifest.get("sha256", ""))


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def shipped_model_path() -> Path | None:
    """Where the shipped model is, or None when this installation has none."""
    try:
        candidate = Path(str(resources.files("hechtingnlp.models").joinpath(SHIPPED)))
    except ModuleNotFoundError:
        return None
    return candidate if candidate.is_file() else None


def save_model(
    scorer: LinearScorer,
    path: Path,
    manifest: dict[str, Any],
    subject: SubjectModel | None = None,
    sentence_subject: SubjectModel | None = None,
) -> dict[str, Any]:
    """Write the scorer with joblib and its manifest beside it; return the manifest."""
    import joblib

    payload = {
        "format": FORMAT,
        "labels": list(scorer.labels),
        "blocks": [
            {
                "name": b.name,
                "terms": _terms(b.vocabulary),
                "idf": b.idf.astype(np.float32),
                "offset": b.offset,
                "weight": b.weight,
            }
            for b in scorer.blocks
        ],
        "text_part": _part_payload(scorer.text_part),
        "sentence_part": _part_payload(scorer.sentence_part),
        "calibration": {
            k: (np.asarray(x, np.float64), np.asarray(y, np.float64))
            for k, (x, y) in scorer.calibration.items()
        },
        "thresholds": dict(scorer.thresholds),
        "combiner": None
        if scorer.combiner is None
        else {
            "coef": scorer.combiner.coef.astype(np.float64),
            "intercept": scorer.combiner.intercept.astype(np.float64),
        },
        "crisis_part": None if scorer.crisis_part is None else _part_payload(scorer.crisis_part),
        "crisis_threshold": scorer.crisis_threshold,
        "subject": _subject_payload(subject),
        "sentence_subject": _subject_payload(sentence_subject),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(payload, path, compress=3)
    manifest = {
        **manifest,
        "file": path.name,
        "sha256": sha256_of(path),
        "hechtingnlp_version": __version__,
        "format": FORMAT,
    }
    manifest_path(path).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def _terms(vocabulary: dict[str, int]) -> str:
    """The vocabulary as one string, terms in index order: a large dict of short strings is
    slow to unpickle, one string and a split are fast (this is most of the load time)."""
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    if any(_SEP in t for t in terms) or [vocabulary[t] for t in terms] != list(range(len(terms))):
        raise ValueError("a vocabulary must map terms without NUL characters to 0..n-1")
    return _SEP.join(terms)


def _vocabulary(terms: str) -> dict[str, int]:
    return {t: i for i, t in enumerate(terms.split(_SEP))} if terms else {}


def _subject_payload(model: SubjectModel | None) -> dict[str, Any] | None:
    if model is None:
        return None
    return {
        "terms": _terms({name: i for i, name in enumerate(model.weights)}),
        "weights": np.array(list(model.weights.values()), np.float64),
        "intercept": model.intercept,
    }


def _subject(payload: dict[str, Any] | None) -> SubjectModel | None:
    if payload is None:
        return None
    return SubjectModel(
        dict(zip(_vocabulary(payload["terms"]), payload["weights"].tolist(), strict=True)),
        float(payload["intercept"]),
    )


def _part_payload(part: LinearPart) -> dict[str, Any]:
    return {"coef": part.coef.astype(np.float32), "intercept": part.intercept.astype(np.float64)}


def _part(payload: dict[str, Any]) -> LinearPart:
    return LinearPart(np.asarray(payload["coef"], np.float64), np.asarray(payload["intercept"], np.float64))


def load_model(path: Path | str | None = None, *, trusted: bool = False) -> LoadedModel:
    """Load a model after checking its SHA-256.

    Parameters
    ----------
    path
        A ``.joblib`` file; ``None`` for the shipped model.
    trusted
        Must be True to load a file that is not the shipped model: loading joblib runs code.

    Raises
    ------
    FileNotFoundError
        The file or its manifest is missing.
    ModelIntegrityError
        The file does not match its manifest, or ``trusted`` was not given for a file of
        unknown origin.
    """
    import joblib

    shipped = shipped_model_path()
    if path is None:
        if shipped is None:
            raise FileNotFoundError("this installation of hechtingnlp has no shipped model")
        path = shipped
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no model file at {path}")
    is_shipped = shipped is not None and path.resolve() == shipped.resolve()
    if not is_shipped and not trusted:
        raise ModelIntegrityError(
            f"{path.name} is not the model shipped with hechtingnlp; loading a joblib file can run code, "
            "so pass trusted=True if you made it or trust its source"
        )
    mpath = manifest_path(path)
    manifest = json.loads(mpath.read_text("utf-8")) if mpath.is_file() else {}
    if is_shipped and not manifest:
        raise FileNotFoundError(f"the shipped model has no manifest at {mpath}")
    if manifest.get("sha256") and sha256_of(path) != manifest["sha256"]:
        raise ModelIntegrityError(
            f"{path.name} does not match the SHA-256 in its manifest; refusing to load it"
        )
    made_by = manifest.get("hechtingnlp_version")
    if made_by and made_by != __version__:
        warnings.warn(
            f"{path.name} was made by hechtingnlp {made_by}, this is {__version__}",
            VersionMismatchWarning,
            stacklevel=2,
        )
    payload = joblib.load(path)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelIntegrityError(f"{path.name} is not a hechtingnlp model of format {FORMAT}")
    blocks = tuple(
        Block(
            b["name"],
            _vocabulary(b["terms"]),
            np.asarray(b["idf"], np.float64),
            int(b["offset"]),
            float(b["weight"]),
        )
        for b in payload["blocks"]
    )
    scorer = LinearScorer(
        blocks=blocks,
        text_part=_part(payload["text_part"]),
        sentence_part=_part(payload["sentence_part"]),
        calibration={k: (np.asarray(x), np.asarray(y)) for k, (x, y) in payload["calibration"].items()},
        thresholds={k: float(v) for k, v in payload["thresholds"].items()},
        labels=tuple(payload["labels"]),
        combiner=None
        if payload.get("combiner") is None
        else Combiner(
            np.asarray(payload["combiner"]["coef"], np.float64),
            np.asarray(payload["combiner"]["intercept"], np.float64),
        ),
        crisis_part=None if payload.get("crisis_part") is None else _part(payload["crisis_part"]),
        crisis_threshold=float(payload.get("crisis_threshold", 0.5)),
    )
    return LoadedModel(
        scorer, manifest, path, _subject(payload.get("subject")), _subject(payload.get("sentence_subject"))
    )
