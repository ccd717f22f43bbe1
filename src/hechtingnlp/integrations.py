"""Scoring text columns of pandas, PySpark and Dask DataFrames.

Every input row gets exactly one output row, in input order, with a fixed schema (see
:data:`OUTPUT_COLUMNS`): the row's id, the labels, one score column per label, the cues as a
JSON string, the snippet ids, the crisis flag and an error code. A row whose text is null or
not a string gets the error ``"missing_text"``; a row that fails to classify gets
``"classify_error: <ExceptionType>"``. Errors never contain the text: diary text is private.

The :class:`~hechtingnlp.analyzer.Analyzer` is loaded once per Python process and kept in a
module-level cache keyed by ``(model, trusted)``. Spark and Dask call :func:`score_pandas`
once per batch or partition; only the first call in a worker process loads the model.

pandas, pyarrow, PySpark and Dask are imported only inside the functions that need them, so
``import hechtingnlp.integrations`` works without them. Install them with the extras
``pip install 'hechtingnlp[spark]'`` or ``pip install 'hechtingnlp[dask]'``.

Examples
--------
>>> import pandas as pd
>>> from hechtingnlp.integrations import score_pandas
>>> df = pd.DataFrame({"id": [1, 2], "text": ["Ik heb niemand nodig, ik los alles zelf op.", None]})
>>> out = score_pandas(df)
>>> out[["id", "labels", "error"]].to_dict("records")
[{'id': '1', 'labels': ['vermijdend'], 'error': None}, {'id': '2', 'labels': [], 'error': 'missing_text'}]
"""

from __future__ import annotations

import importlib
import json
import math
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hechtingnlp.labels import LABELS

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from hechtingnlp.analyzer import Analyzer

__all__ = [
    "MISSING_TEXT",
    "OUTPUT_COLUMNS",
    "SCORE_COLUMNS",
    "SPARK_SCHEMA_DDL",
    "arrow_schema",
    "dask_meta",
    "output_columns",
    "score_pandas",
    "spark_schema_ddl",
    "spark_score_function",
]

#: Error code of a row whose text is null or not a string.
MISSING_TEXT = "missing_text"

#: The score columns, one per label, in the fixed label order.
SCORE_COLUMNS: tuple[str, ...] = tuple(f"score_{label}" for label in LABELS)

#: The output columns when the id column is called ``id`` (see :func:`output_columns`).
OUTPUT_COLUMNS: tuple[str, ...] = ("id", "labels", *SCORE_COLUMNS, "cues", "snippets", "crisis", "error")

_SPARK_TYPES = {
    "labels": "ARRAY<STRING>",
    "cues": "STRING",
    "snippets": "ARRAY<STRING>",
    "crisis": "BOOLEAN",
    "error": "STRING",
    **dict.fromkeys(SCORE_COLUMNS, "DOUBLE"),
}


def _check_id_col(id_col: object) -> None:
    if not isinstance(id_col, str) or not id_col:
        raise ValueError(f"id_col must be a non-empty column name, not {id_col!r}")
    if id_col in OUTPUT_COLUMNS[1:]:
        raise ValueError(f"id_col cannot be {id_col!r}: that is the name of an output column")


def output_columns(id_col: str = "id") -> tuple[str, ...]:
    """The output column names, with the id column named as in the input.

    Parameters
    ----------
    id_col
        Name of the input's id column; it keeps its name in the output.

    Returns
    -------
    tuple of str
        ``(id_col, "labels", "score_vermijdend", "score_angstig", "score_gedesorganiseerd",
        "score_veilig", "cues", "snippets", "crisis", "error")``.

    Examples
    --------
    >>> output_columns("entry_id")[:3]
    ('entry_id', 'labels', 'score_vermijdend')
    """
    _check_id_col(id_col)
    return (id_col, *OUTPUT_COLUMNS[1:])


def spark_schema_ddl(id_col: str = "id") -> str:
    """The output schema as a Spark DDL string, for ``DataFrame.mapInPandas``.

    Parameters
    ----------
    id_col
        Name of the input's id column.

    Returns
    -------
    str
        ``"`id` STRING, `labels` ARRAY<STRING>, ..., `error` STRING"``.

    Examples
    --------
    >>> spark_schema_ddl().split(", ")[:2]
    ['`id` STRING', '`labels` ARRAY<STRING>']
    """
    names = output_columns(id_col)
    types = {names[0]: "STRING", **_SPARK_TYPES}
    return ", ".join(f"`{name.replace('`', '``')}` {types[name]}" for name in names)


#: The output schema as a Spark DDL string when the id column is called ``id``.
SPARK_SCHEMA_DDL: str = spark_schema_ddl()


def arrow_schema(id_col: str = "id") -> pa.Schema:
    """The output schema as a :class:`pyarrow.Schema` (for Parquet files).

    Parameters
    ----------
    id_col
        Name of the input's id column.

    Returns
    -------
    pyarrow.Schema
        id, cues and error are strings, labels and snippets lists of strings, the scores
        doubles and crisis a boolean.

    Examples
    --------
    >>> import pyarrow as pa
    >>> arrow_schema().field("labels").type == pa.list_(pa.string())
    True
    """
    pa = _require("pyarrow", "spark", "dask")
    names = output_columns(id_col)
    types = {
        names[0]: pa.string(),
        "labels": pa.list_(pa.string()),
        "cues": pa.string(),
        "snippets": pa.list_(pa.string()),
        "crisis": pa.bool_(),
        "error": pa.string(),
        **dict.fromkeys(SCORE_COLUMNS, pa.float64()),
    }
    return pa.schema([pa.field(name, types[name], nullable=True) for name in names])


def dask_meta(id_col: str = "id") -> pd.DataFrame:
    """An empty pandas DataFrame with the output columns and dtypes, for Dask's ``meta=``.

    Parameters
    ----------
    id_col
        Name of the input's id column; pass the same value to :func:`score_pandas`.

    Returns
    -------
    pandas.DataFrame
        No rows; object columns for id, labels, cues, snippets and error, float64 for the
        scores and bool for crisis, exactly as :func:`score_pandas` returns them.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from hechtingnlp.integrations import dask_meta, score_pandas
    >>> pdf = pd.DataFrame({"id": ["a", "b"], "text": ["Ik heb niemand nodig.", ""]})
    >>> ddf = dd.from_pandas(pdf, npartitions=2)
    >>> out = ddf.map_partitions(score_pandas, text_col="text", id_col="id", meta=dask_meta("id"))
    >>> out.compute()["labels"].tolist()
    [['vermijdend'], []]
    """
    _require("dask.dataframe", "dask")
    names = output_columns(id_col)
    return _frame(_require("pandas", "dask"), names, {name: [] for name in names}, None)


def score_pandas(
    df: pd.DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    model: str | Path | None = None,
    trusted: bool = False,
    snippets: bool = True,
) -> pd.DataFrame:
    """Classify the text column of a pandas DataFrame: one output row per input row.

    Parameters
    ----------
    df
        The input; it needs the columns ``text_col`` and ``id_col``. Other columns are left out
        of the output (join on the id to bring them back).
    text_col
        Column with the texts. A null or non-string value gives the error ``"missing_text"``;
        an empty string is scored (no labels, no error).
    id_col
        Column with the row ids; it keeps its name and becomes a string column (whole-number
        floats, as pandas makes of integer ids with gaps, lose their ``.0``; nulls stay null).
    model
        ``None`` for the shipped model, ``"lexicon"`` or the path of a model file, as in
        :func:`hechtingnlp.load`.
    trusted
        Must be True for a model file other than the shipped one (loading joblib can run code).
    snippets
        Whether to add the ids of the psychoeducation snippets.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`output_columns` in that order, with the index of ``df``.
        Scores are rounded to 4 decimals, as in ``hechtingnlp score``, and null (NaN) on rows
        with an error; ``cues`` is a JSON list of :meth:`hechtingnlp.Cue.to_dict` objects.

    Raises
    ------
    KeyError
        When ``text_col`` or ``id_col`` is not a column of ``df``.

    Notes
    -----
    The analyzer is loaded on the first call in a process and reused by every later call with
    the same ``model`` and ``trusted``, so Spark and Dask workers load it once. Calls from
    several threads share it and take turns (spaCy does not release the GIL, so threads would
    not run faster anyway); use processes for parallelism.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["a", "b"],
    ...                    "text": ["Ik heb zijn appje al tien keer gelezen en hij reageert niet.", 42]})
    >>> out = score_pandas(df)
    >>> out.loc[0, "labels"], out.loc[1, "error"]
    (['angstig'], 'missing_text')
    """
    pd = _require("pandas", "spark", "dask")
    names = output_columns(id_col)
    for role, col in (("text_col", text_col), ("id_col", id_col)):
        if col not in df.columns:
            raise KeyError(
                f"{role}={col!r} is not a column of the DataFrame; its columns are {list(df.columns)}"
            )

    texts = df[text_col].tolist()
    ids = [_id_string(pd, v) for v in df[id_col].tolist()]
    present = [i for i, t in enumerate(texts) if isinstance(t, str)]
    results: list[Any] = [None] * len(texts)
    if present:
        analyzer, lock = _cached(model, trusted)
        with lock:
            stream = analyzer.stream((texts[i] for i in present), snippets=snippets, safe=True)
            for i, result in zip(present, stream, strict=True):
                results[i] = result

    columns: dict[str, list] = {name: [] for name in names}
    columns[id_col] = ids
    for result in results:
        row = _row(result)
        for name in names[1:]:
            columns[name].append(row[name])
    return _frame(pd, names, columns, df.index)


def spark_score_function(
    text_col: str = "text",
    id_col: str = "id",
    model: str | Path | None = None,
    trusted: bool = False,
    snippets: bool = True,
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """A function for PySpark's ``DataFrame.mapInPandas`` that scores each batch.

    Parameters
    ----------
    text_col, id_col, model, trusted, snippets
        As in :func:`score_pandas`.

    Returns
    -------
    callable
        Takes an iterator of pandas DataFrames and yields one scored DataFrame per batch. Its
        attribute ``schema`` is the matching DDL string (:data:`SPARK_SCHEMA_DDL` when
        ``id_col`` is ``"id"``).

    Notes
    -----
    Spark's Python workers must be able to import hechtingnlp (install it on every node).
    Each worker process loads the analyzer once and reuses it for all its batches (with the
    default ``spark.python.worker.reuse=true``). ``mapInPandas`` keeps the partitioning and the
    row order within each partition.

    Examples
    --------
    >>> from pyspark.sql import SparkSession
    >>> from hechtingnlp.integrations import SPARK_SCHEMA_DDL, spark_score_function
    >>> spark = SparkSession.builder.master("local[2]").getOrCreate()  # doctest: +SKIP
    >>> rows = [("1", "Ik heb niemand nodig.")]
    >>> df = spark.createDataFrame(rows, "id STRING, text STRING")  # doctest: +SKIP
    >>> fn = spark_score_function(text_col="text", id_col="id")  # doctest: +SKIP
    >>> scored = df.mapInPandas(fn, schema=SPARK_SCHEMA_DDL)  # doctest: +SKIP
    >>> scored.select("id", "labels").collect()  # doctest: +SKIP
    [Row(id='1', labels=['vermijdend'])]
    """
    _require("pyspark", "spark")
    _require("pandas", "spark")
    _require("pyarrow", "spark")
    schema = spark_schema_ddl(id_col)

    def score_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            yield score_pandas(
                batch, text_col=text_col, id_col=id_col, model=model, trusted=trusted, snippets=snippets
            )

    score_batches.schema = schema  # type: ignore[attr-defined]
    return score_batches


# --- the analyzer cache: one per process and (model, trusted) --------------------------------

_ANALYZERS: dict[tuple[str | None, bool], tuple[Analyzer, threading.Lock]] = {}
_LOAD_LOCK = threading.Lock()


def _cached(model: str | Path | None, trusted: bool) -> tuple[Analyzer, threading.Lock]:
    """The process's analyzer for ``(model, trusted)`` with the lock that guards its use."""
    key = (None if model is None else os.fspath(model), bool(trusted))
    entry = _ANALYZERS.get(key)
    if entry is None:
        with _LOAD_LOCK:
            entry = _ANALYZERS.get(key)
            if entry is None:
                import hechtingnlp

                entry = (hechtingnlp.load(model, trusted=trusted), threading.Lock())
                _ANALYZERS[key] = entry
    return entry


# --- helpers ---------------------------------------------------------------------------------


def _require(module: str, *extras: str) -> Any:
    """Import ``module`` or raise an ImportError that names the extra(s) to install."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        how = " or ".join(f"pip install 'hechtingnlp[{extra}]'" for extra in extras)
        name = module.split(".")[0]
        raise ImportError(f"hechtingnlp.integrations needs {name} for this; install it with: {how}") from err


def _id_string(pd: Any, value: object) -> str | None:
    """An id as a string: None for nulls, whole-number floats without ``.0``."""
    if value is None or isinstance(value, str):
        return value
    try:
        if pd.isna(value):  # NaN, pd.NA, NaT
            return None
    except (TypeError, ValueError):  # not a scalar (a list, an array)
        pass
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)  # type: ignore[arg-type]
        if number.is_integer():
            return str(int(number))
    return str(value)


def _row(result: Any) -> dict[str, Any]:
    """The output fields (without the id) of a Classification, an exception or None (no text)."""
    if not hasattr(result, "labels"):
        error = MISSING_TEXT if result is None else f"classify_error: {type(result).__name__}"
        return {
            "labels": [],
            **dict.fromkeys(SCORE_COLUMNS, math.nan),
            "cues": "[]",
            "snippets": [],
            "crisis": False,
            "error": error,
        }
    return {
        "labels": list(result.labels),
        **{f"score_{label}": round(float(result.scores[label]), 4) for label in LABELS},
        "cues": json.dumps([c.to_dict() for c in result.cues], ensure_ascii=False),
        "snippets": [s.id for s in result.snippets],
        "crisis": bool(result.crisis),
        "error": None,
    }


def _frame(pd: Any, names: tuple[str, ...], columns: dict[str, list], index: Any) -> pd.DataFrame:
    """A DataFrame with the fixed output dtypes (the same under pandas 2 and 3)."""
    dtypes = {
        name: "float64" if name in SCORE_COLUMNS else "bool" if name == "crisis" else "object"
        for name in names
    }
    data = {name: pd.Series(columns[name], dtype=dtypes[name], index=index) for name in names}
    return pd.DataFrame(data, columns=list(names), index=index)
