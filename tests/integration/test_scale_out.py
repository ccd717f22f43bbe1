"""hechtingnlp.integrations: pandas directly, PySpark in local mode and Dask (processes and threads)."""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
from pathlib import Path

import pytest

import hechtingnlp
from hechtingnlp import integrations
from hechtingnlp.integrations import MISSING_TEXT, OUTPUT_COLUMNS, SCORE_COLUMNS

pd = pytest.importorskip("pandas")

# PySpark 4 warns that its pandas 3 support is not complete; what these tests use works.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

SRC = str(Path(hechtingnlp.__file__).resolve().parents[1])

#: (id, text): clear cues of each label, neutral entries, a negation, a question, English,
#: an emoji, crisis language, an empty text and a missing one.
ROWS: list[tuple[str, str | None]] = [
    ("e01", "Ik heb niemand nodig, ik los alles zelf op."),
    ("e02", "Ik heb zijn appje al tien keer gelezen en hij reageert niet."),
    ("e03", "Ik ben zo bang dat hij me verlaat."),
    ("e04", "Als ze dichtbij komt, voelt het als druk en trek ik me terug."),
    ("e05", "Ik wil dat hij blijft en tegelijk duw ik hem weg."),
    ("e06", "Ik vertrouw erop dat we het samen kunnen bespreken."),
    ("e07", "Vandaag heb ik boodschappen gedaan en de was opgehangen."),
    ("e08", "Ik ben zo jaloers, ik check steeds zijn telefoon."),
    ("e09", ""),
    ("e10", "Ik ben niet bang dat hij me verlaat."),
    ("e11", "Ik voel me veilig bij haar en ik kan ook goed alleen zijn."),
    ("e12", None),
    ("e13", "I always solve everything myself, I really don't need anyone to help me."),
    ("e14", "Het regende de hele dag. 🌧️ Morgen weer werken."),
    ("e15", "Stel dat hij niet meer terugkomt, wat dan?"),
    ("e16", "Mijn moeder belde, we hebben gezellig gekletst."),
    ("e17", "Ik bevries als hij boos wordt en weet niet wat ik moet doen."),
    ("e18", "Ik heb steeds bevestiging nodig dat hij nog van me houdt."),
    ("e19", "Ik wil er niet meer zijn."),
    ("e20", "Gevoelens stop ik liever weg, daar praat ik niet over."),
]
IDS = [i for i, _ in ROWS]


@pytest.fixture(scope="module")
def expected():
    """What hechtingnlp.load().classify gives for every row that has text, by id."""
    analyzer = hechtingnlp.load()
    return {i: analyzer.classify(t) for i, t in ROWS if isinstance(t, str)}


@pytest.fixture(scope="module")
def frame():
    return pd.DataFrame({"id": IDS, "text": [t for _, t in ROWS]})


@pytest.fixture(scope="module")
def workers_import_hechtingnlp():
    """Worker processes (Spark's Python workers, Dask's spawned ones) find this hechtingnlp."""
    saved = {k: os.environ.get(k) for k in ("PYTHONPATH", "PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON")}
    paths = [SRC, *[p for p in (saved["PYTHONPATH"] or "").split(os.pathsep) if p]]
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def check_rows(records: list[dict], expected: dict, id_col: str = "id") -> None:
    """One record per input row, in input order, agreeing with classify()."""
    assert [r[id_col] for r in records] == IDS
    for (row_id, text), record in zip(ROWS, records, strict=True):
        assert set(record) == {id_col, *OUTPUT_COLUMNS[1:]}
        if text is None:
            assert record["error"] == MISSING_TEXT
            assert list(record["labels"]) == [] and list(record["snippets"]) == [] and record["cues"] == "[]"
            assert all(record[c] is None or math.isnan(record[c]) for c in SCORE_COLUMNS)
            continue
        result = expected[row_id]
        assert record["error"] is None, row_id
        assert list(record["labels"]) == list(result.labels), row_id
        assert list(record["snippets"]) == [s.id for s in result.snippets], row_id
        assert json.loads(record["cues"]) == [c.to_dict() for c in result.cues], row_id
        assert record["crisis"] == result.crisis, row_id
        for label in hechtingnlp.LABELS:
            assert record[f"score_{label}"] == pytest.approx(result.scores[label], abs=1e-4)


def expected_labels(expected: dict) -> list[list[str]]:
    return [list(expected[i].labels) if i in expected else [] for i in IDS]


def test_the_texts_cover_labels_crisis_and_edge_cases(expected):
    found = {label for result in expected.values() for label in result.labels}
    assert found == set(hechtingnlp.LABELS)
    assert expected["e19"].crisis and expected["e09"].labels == ()
    assert len(ROWS) == 20


# --- pandas --------------------------------------------------------------------------------


def test_score_pandas(frame, expected):
    out = integrations.score_pandas(frame, text_col="text", id_col="id")
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert out.index.equals(frame.index)
    check_rows(out.to_dict("records"), expected)


def test_score_pandas_keeps_the_index_and_names_the_id_column(frame, expected):
    renamed = frame.rename(columns={"id": "entry", "text": "body"})
    renamed.index = range(100, 100 + len(frame))
    out = integrations.score_pandas(renamed, text_col="body", id_col="entry")
    assert list(out.columns) == ["entry", *OUTPUT_COLUMNS[1:]]
    assert list(out.index) == list(renamed.index)
    check_rows(out.to_dict("records"), expected, id_col="entry")


def test_non_string_text_is_missing_and_errors_hold_no_text():
    texts = [42, float("nan"), b"ik heb niemand nodig", "Ik ben bang."]
    df = pd.DataFrame({"id": [1, 2, 3, None], "text": texts})
    out = integrations.score_pandas(df)
    assert out["id"].tolist() == ["1", "2", "3", None]
    assert out["error"].tolist() == [MISSING_TEXT, MISSING_TEXT, MISSING_TEXT, None]


def test_failures_are_recorded_per_row(monkeypatch):
    analyzer, _ = integrations._cached(None, False)

    def fail_on_second(texts, **kwargs):
        for n, text in enumerate(texts):
            yield RuntimeError(text) if n == 1 else analyzer.classify(text)

    monkeypatch.setattr(analyzer, "stream", fail_on_second)
    df = pd.DataFrame({"id": ["a", "b", "c"], "text": ["Ik ben bang.", "geheim", "x"]})
    out = integrations.score_pandas(df)
    assert out["error"].tolist() == [None, "classify_error: RuntimeError", None]
    assert "geheim" not in out.to_json()


def test_empty_frame_and_missing_columns():
    out = integrations.score_pandas(pd.DataFrame({"id": [], "text": []}))
    assert list(out.columns) == list(OUTPUT_COLUMNS) and len(out) == 0
    with pytest.raises(KeyError, match="text_col='body'"):
        integrations.score_pandas(pd.DataFrame({"id": [1], "text": ["x"]}), text_col="body")
    with pytest.raises(KeyError, match="id_col='key'"):
        integrations.score_pandas(pd.DataFrame({"id": [1], "text": ["x"]}), id_col="key")
    with pytest.raises(ValueError, match="output column"):
        integrations.output_columns("labels")


def test_the_analyzer_is_loaded_once_per_process(monkeypatch, frame):
    loads = []
    real_load = hechtingnlp.load

    def counting_load(model=None, *, trusted=False):
        loads.append((model, trusted))
        return real_load(model, trusted=trusted)

    monkeypatch.setattr(integrations, "_ANALYZERS", {})
    monkeypatch.setattr(hechtingnlp, "load", counting_load)
    for _ in range(3):
        integrations.score_pandas(frame)
    integrations.score_pandas(frame, model="lexicon")
    integrations.score_pandas(frame, model="lexicon")
    assert loads == [(None, False), ("lexicon", False)]


def test_snippets_can_be_left_out(frame):
    out = integrations.score_pandas(frame, snippets=False)
    assert all(list(s) == [] for s in out["snippets"])


def test_schemas_agree(frame):
    pa = pytest.importorskip("pyarrow")
    out = integrations.score_pandas(frame)
    table = pa.Table.from_pandas(out, schema=integrations.arrow_schema(), preserve_index=False)
    assert table.schema.names == list(OUTPUT_COLUMNS) and table.num_rows == len(ROWS)
    ddl_names = [part.split(" ")[0].strip("`") for part in integrations.SPARK_SCHEMA_DDL.split(", ")]
    assert ddl_names == list(OUTPUT_COLUMNS)
    assert integrations.spark_schema_ddl("entry").startswith("`entry` STRING, `labels` ARRAY<STRING>")


def test_import_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # makes `import pyspark` fail
    with pytest.raises(ImportError, match=r"pip install 'hechtingnlp\[spark\]'"):
        integrations.spark_score_function()
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r"pip install 'hechtingnlp\[dask\]'"):
        integrations.dask_meta()


# --- PySpark -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark(workers_import_hechtingnlp):
    pytest.importorskip("pyspark")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.skip("Spark needs Java (set JAVA_HOME or put java on PATH)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("hechtingnlp-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "4")  # several batches per partition
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.spark
def test_spark_map_in_pandas(spark, expected):
    df = spark.createDataFrame(ROWS, "id STRING, text STRING")
    fn = integrations.spark_score_function(text_col="text", id_col="id")
    assert fn.schema == integrations.SPARK_SCHEMA_DDL
    scored = df.mapInPandas(fn, schema=integrations.SPARK_SCHEMA_DDL)
    assert scored.columns == list(OUTPUT_COLUMNS)
    check_rows([row.asDict() for row in scored.collect()], expected)


@pytest.mark.spark
def test_spark_other_column_names_and_integer_ids(spark, expected):
    rows = [(n, text) for n, (_, text) in enumerate(ROWS, 1)]
    df = spark.createDataFrame(rows, "entry_id BIGINT, body STRING")
    fn = integrations.spark_score_function(text_col="body", id_col="entry_id", snippets=False)
    records = [row.asDict() for row in df.mapInPandas(fn, schema=fn.schema).collect()]
    assert [r["entry_id"] for r in records] == [str(n) for n in range(1, len(ROWS) + 1)]
    assert [r["labels"] for r in records] == expected_labels(expected)
    assert [r["error"] for r in records] == [MISSING_TEXT if t is None else None for _, t in ROWS]
    assert all(r["snippets"] == [] for r in records)


@pytest.mark.spark
def test_spark_workers_load_the_analyzer_once(spark):
    def analyzer_per_batch(batches):
        for batch in batches:
            integrations.score_pandas(batch)
            analyzer, _ = integrations._cached(None, False)
            yield pd.DataFrame({"pid": [os.getpid()], "analyzer": [id(analyzer)]})

    df = spark.createDataFrame(ROWS, "id STRING, text STRING")
    rows = df.mapInPandas(analyzer_per_batch, schema="pid BIGINT, analyzer BIGINT").collect()
    assert len(rows) >= 4  # 20 rows, batches of 4, 2 partitions
    per_process: dict[int, set[int]] = {}
    for row in rows:
        per_process.setdefault(row.pid, set()).add(row.analyzer)
    assert all(len(analyzers) == 1 for analyzers in per_process.values())


# --- Dask ----------------------------------------------------------------------------------


@pytest.mark.dask
@pytest.mark.parametrize("scheduler", ["processes", "threads"])
def test_dask_map_partitions(workers_import_hechtingnlp, frame, expected, scheduler):
    dd = pytest.importorskip("dask.dataframe")
    ddf = dd.from_pandas(frame, npartitions=4, sort=False)
    scored = ddf.map_partitions(
        integrations.score_pandas, text_col="text", id_col="id", meta=integrations.dask_meta("id")
    )
    assert list(scored.columns) == list(OUTPUT_COLUMNS)
    out = scored.compute(scheduler=scheduler, num_workers=2)
    assert len(out) == len(ROWS)
    check_rows(out.to_dict("records"), expected)


@pytest.mark.dask
def test_dask_to_parquet(workers_import_hechtingnlp, frame, expected, tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    pytest.importorskip("pyarrow")
    ddf = dd.from_pandas(frame, npartitions=2, sort=False)
    scored = ddf.map_partitions(integrations.score_pandas, meta=integrations.dask_meta())
    scored.to_parquet(
        tmp_path / "scored",
        schema=integrations.arrow_schema(),
        write_index=False,
        compute_kwargs={"scheduler": "threads"},
    )
    back = pd.read_parquet(tmp_path / "scored")
    assert back["id"].tolist() == IDS
    assert [list(x) for x in back["labels"]] == expected_labels(expected)
