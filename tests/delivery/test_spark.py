"""The same report queries on Apache Spark (local mode) give the same rows as on DuckDB.

Needs the `[spark]` extra (pyspark, sqlglot) and a Java runtime (`tools/install-jre.sh`, run by
`make test`); skipped with the reason when either is missing.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from svspec.delivery import report
from svspec.delivery.store import Database
from tests.delivery.conftest import GOOD_Q2, RETURNS, ROOT, waste_contract
from tests.delivery.test_report import EXAMPLES

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
pytest.importorskip("sqlglot", reason="sqlglot is not installed (pip install -e '.[spark]')")
pytestmark = pytest.mark.skipif(shutil.which("java") is None,
                                reason="no Java runtime for Spark (run tools/install-jre.sh as root)")

QUERIES = ("totals", "kpi_ratings", "returns_status", "returns_summary", "contributions", "by_period")
DAYS = (date(2027, 8, 1), date(2028, 5, 15), date(2031, 1, 1))


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example contract with its returns and a corrected one; and a generated portfolio of 12 contracts."""
    from svspec.delivery.returns import load_return

    folder = tmp_path_factory.mktemp("spark")
    example = folder / "example.duckdb"
    contract = waste_contract()
    corrected = folder / "q2-corrected.yaml"
    corrected.write_text(GOOD_Q2.replace("LBL5: 30", "LBL5: 33.333333"), "utf-8")
    with Database(example) as db:
        db.record_contract(contract)
        for path in [*(RETURNS / name for name in EXAMPLES), corrected]:
            found, problems, _ = load_return(path, {contract.name: contract})
            assert found is not None, problems
            db.import_return(found)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_delivery import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    portfolio = folder / "portfolio.duckdb"
    with Database(portfolio) as db:
        generate(db, 12)
    return {"example": example, "portfolio": portfolio}


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from svspec.delivery import spark as engine

    session = engine.session()
    try:
        yield session
    finally:
        session.stop()


@pytest.mark.parametrize("name", ["example", "portfolio"])
def test_every_report_query_gives_the_same_rows_on_spark_as_on_duckdb(
        databases: dict[str, Path], spark: Any, tmp_path: Path, name: str) -> None:
    from svspec.delivery import spark as engine

    with Database(databases[name]) as db:
        engine.register(spark, engine.export_tables(db, tmp_path / "parquet"))
        for day in DAYS:
            for query in QUERIES:
                expected = report.run(db, query, as_of=day)
                assert engine.run(spark, query, as_of=day) == expected, (query, day)
                assert expected or query == "contributions" or day == DAYS[0]


def test_the_translation_is_spark_sql_of_the_same_query() -> None:
    from svspec.delivery import spark as engine

    text = engine.translate(report.query_text("returns_status", as_of=date(2028, 5, 15)))
    assert "CAST('2028-05-15' AS DATE)" in text and "FROM periods AS p" in text
