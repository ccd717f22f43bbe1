import json
import shutil

import numpy as np
import pytest

from hechtingnlp.labels import LABELS
from hechtingnlp.model.scorer import Block, LinearPart, LinearScorer
from hechtingnlp.model.store import ModelIntegrityError, load_model, manifest_path, save_model


def _scorer():
    block = Block("words", {"bang": 0, "niet_bang": 1}, np.array([1.0, 2.0]), 0, 1.0)
    coef = np.array([[0.0, 0.0], [3.0, -2.0], [0.0, 0.0], [-1.0, 2.0]])
    curve = (np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    part = LinearPart(coef, np.zeros(4))
    return LinearScorer((block,), part, part, dict.fromkeys(LABELS, curve), dict.fromkeys(LABELS, 0.5))


def test_round_trip_needs_trust(tmp_path):
    path = tmp_path / "eigen.joblib"
    manifest = save_model(_scorer(), path, {"name": "eigen", "version": "0.1"})
    assert manifest["sha256"] and manifest_path(path).is_file()
    with pytest.raises(ModelIntegrityError, match="trusted=True"):
        load_model(path)
    loaded = load_model(path, trusted=True)
    raw = loaded.scorer.score([{"words": ["bang"]}]).text
    assert raw[1] > 0.5 > raw[3]


def test_round_trip_keeps_the_combiner(tmp_path):
    from dataclasses import replace

    from hechtingnlp.model.scorer import Combiner

    rng = np.random.default_rng(0)
    scorer = replace(_scorer(), combiner=Combiner(rng.normal(size=(4, 8)), rng.normal(size=4)))
    path = tmp_path / "eigen.joblib"
    save_model(scorer, path, {"name": "eigen", "version": "0.1"})
    loaded = load_model(path, trusted=True).scorer
    np.testing.assert_array_equal(loaded.combiner.coef, scorer.combiner.coef)
    features = [{"words": ["bang"]}, {"words": ["niet_bang", "bang"]}]
    np.testing.assert_allclose(loaded.score(features).text, scorer.score(features).text)
    assert not np.allclose(loaded.score(features).text, _scorer().score(features).text)


def test_tampered_file_is_refused_before_loading(tmp_path):
    path = tmp_path / "eigen.joblib"
    save_model(_scorer(), path, {"name": "eigen", "version": "0.1"})
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        load_model(path, trusted=True)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "nergens.joblib", trusted=True)


def test_shipped_model_matches_its_manifest():
    from hechtingnlp.model.store import shipped_model_path

    path = shipped_model_path()
    if path is None:
        pytest.skip("no shipped model in this checkout")
    model = load_model()
    assert model.sha256 == json.loads(manifest_path(path).read_text())["sha256"]


def test_copy_of_shipped_model_is_not_trusted_by_default(tmp_path):
    from hechtingnlp.model.store import shipped_model_path

    path = shipped_model_path()
    if path is None:
        pytest.skip("no shipped model in this checkout")
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    shutil.copy(manifest_path(path), manifest_path(copy))
    with pytest.raises(ModelIntegrityError):
        load_model(copy)


def test_round_trip_keeps_both_subject_models(tmp_path):
    from hechtingnlp.model.subject import SubjectModel

    span = SubjectModel({"rule:other": 2.0, "cue:hij": 1.5}, -1.0)
    sentence = SubjectModel({"rule:other": 0.5, "before:mijn": 3.0}, -2.0)
    path = tmp_path / "eigen.joblib"
    save_model(_scorer(), path, {"name": "eigen", "version": "0.1"}, span, sentence)
    loaded = load_model(path, trusted=True)
    assert loaded.subject == span
    assert loaded.sentence_subject == sentence
    save_model(_scorer(), path, {"name": "eigen", "version": "0.1"})
    assert load_model(path, trusted=True).sentence_subject is None
