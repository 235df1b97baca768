"""The delivery report queries on Apache Spark: the same SQL files, translated by sqlglot.

For a national programme whose monitoring data no longer fits one machine. The tables of a
monitoring database are written as Parquet (`export_tables`, DuckDB's own `COPY`), read by Spark
as views of the same names, and each query of `queries/` is translated from DuckDB's dialect to
Spark's by sqlglot and run there (`run`), giving the same rows as `report.run` on DuckDB (the
queries are written so that both engines compute the same exact decimals: see queries/README.md).

Needs the `[spark]` extra (`pip install 'svspec[spark]'`: pyspark and sqlglot) and a Java runtime;
`session()` starts Spark in local mode unless given a master URL.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from svspec.delivery import report
from svspec.delivery.store import Database

TABLES = ("contracts", "commitments", "schedule", "periods", "progress", "returns", "figures", "contributions")
"""The tables the report queries read."""


def translate(sql: str) -> str:
    """A query of `queries/` in Spark SQL (sqlglot, from DuckDB's dialect)."""
    import sqlglot

    statements = sqlglot.transpile(sql, read="duckdb", write="spark", pretty=False)
    if len(statements) != 1:
        raise ValueError("a report query is one statement")
    return str(statements[0])


def session(master: str = "local[2]", app: str = "svspec delivery reports") -> Any:
    """A Spark session: local mode on this machine by default (no cluster, no network)."""
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master(master).appName(app)
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate())


def export_tables(db: Database, folder: Path) -> dict[str, Path]:
    """Every table the reports read, as one Parquet file each (what a cluster would read from storage)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for table in TABLES:
        path = folder / f"{table}.parquet"
        db.connection.execute(f"COPY {table} TO '{_quoted(path)}' (FORMAT PARQUET)")
        out[table] = path
    return out


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def register(spark: Any, files: dict[str, Path]) -> None:
    """The Parquet files as Spark views named like the tables."""
    for table, path in files.items():
        spark.read.parquet(str(path)).createOrReplaceTempView(table)


def run(spark: Any, name: str, *, as_of: date) -> list[dict[str, Any]]:
    """The rows of one report query run on Spark, as `report.run` gives them on DuckDB."""
    # Spark gives Decimal, date and datetime values as DuckDB does (decimals compare equal whatever their scale).
    rows = spark.sql(translate(report.query_text(name, as_of=as_of))).collect()
    return [dict(row.asDict()) for row in rows]
