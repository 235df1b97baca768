"""Benchmark the delivery reports: N contracts × 20 measures × 28 quarterly returns on DuckDB.

The portfolio is generated inside the database (the award and import paths are measured per
return, not per row): N contracts of 20 figure commitments, each with 28 quarters in the schedule,
a return for every quarter and a figure for every commitment due (N × 560 schedule rows and as
many figures: 5.6 million at 10,000 contracts). Reports, for 1,000 and 10,000 contracts:

- the time to generate the rows (INSERT ... SELECT, one transaction);
- the portfolio report's queries (`totals` by every dimension, `kpi_ratings`, `returns_summary`,
  `contributions`: everything but the listings of every period, `by_period` and `returns_status`)
  and the growth from 1,000 to 10,000;
- importing one corrected return into the full database (`Database.import_return`: the history row,
  its figures and the current figures and revision kept up to date, in one transaction);
- beside DuckDB, the same queries on Spark in local mode (2 cores; `svspec.delivery.spark`: the
  tables written as Parquet, the SQL translated by sqlglot), when pyspark and a Java runtime are
  there (`--no-spark` to leave it out): the export, the portfolio report and its growth.

    python benchmarks/bench_delivery.py [--json] [--no-spark] [--sizes 1000 10000]

This is not a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Row, report

from svspec.delivery import report as reports
from svspec.delivery.store import Database

MEASURES = 20
QUARTERS = 28
TARGET_S = 2.0
PORTFOLIO = ("totals", "kpi_ratings", "returns_summary", "contributions")


def generate(db: Database, contracts: int) -> None:
    """The whole portfolio, written by SQL inside one transaction."""
    with db.transaction() as c:
        c.execute(f"""INSERT INTO contracts SELECT 'c' || i, 't' || i, 'Contract ' || i, 'Supplier ' || (i % 997),
            DATE '2027-04-01', DATE '2034-03-31', 12000000, 7, 30, 1, 0.8, 0.5, 'x', 'y', NULL, now()
            FROM range({contracts}) r(i)""")
        c.execute(f"""INSERT INTO commitments SELECT 'c' || i, 'M' || m, 'Measure ' || m, 'FTE',
            'theme' || (m % 4), 'outcome' || (m % 8), m % 8 + 1, m < 3, 'number', 0, NULL, 'every quarter',
            CASE WHEN m % 2 = 0 THEN 'level' ELSE 'total' END, 100, 14, 19043.775, '', NULL
            FROM range({contracts}) r(i), range({MEASURES}) s(m)""")
        c.execute(f"""INSERT INTO schedule SELECT 'c' || i, 'M' || m,
            CAST(2027 + (q + 1) // 4 AS VARCHAR) || '-Q' || CAST((q + 1) % 4 + 1 AS VARCHAR),
            DATE '2027-04-01' + INTERVAL (3 * q) MONTH, DATE '2027-04-01' + INTERVAL (3 * q + 3) MONTH,
            DATE '2027-04-01' + INTERVAL (3 * q + 4) MONTH, 3.571429, 4760.94375, (i + m + q) % 7, i * {QUARTERS} + q
            FROM range({contracts}) r(i), range({MEASURES}) s(m), range({QUARTERS}) t(q)""")
        c.execute(f"""INSERT INTO periods SELECT 'c' || i,
            CAST(2027 + (q + 1) // 4 AS VARCHAR) || '-Q' || CAST((q + 1) % 4 + 1 AS VARCHAR),
            DATE '2027-04-01' + INTERVAL (3 * q) MONTH, DATE '2027-04-01' + INTERVAL (3 * q + 4) MONTH, 1,
            CAST(DATE '2027-04-01' + INTERVAL (3 * q + 4) MONTH - INTERVAL ((i + q) % 9) DAY AS DATE),
            CAST(DATE '2027-04-01' + INTERVAL (3 * q + 4) MONTH - INTERVAL ((i + q) % 9) DAY AS DATE)
            FROM range({contracts}) r(i), range({QUARTERS}) t(q)""")
        c.execute("""INSERT INTO progress SELECT contract, measure, count(*), sum(committed), sum(delivered),
            sum(CAST(committed AS DECIMAL(18, 6)) * CAST(value_per_figure AS DECIMAL(18, 6))),
            sum(CAST(delivered AS DECIMAL(18, 6)) * CAST(value_per_figure AS DECIMAL(18, 6)))
            FROM schedule GROUP BY contract, measure""")
        c.execute(f"""INSERT INTO contributions SELECT 'c' || i, 'M' || m, 'wider' || (m % 3)
            FROM range({contracts}) r(i), range({MEASURES}) s(m) WHERE m % 5 = 0""")
        c.execute(f"""INSERT INTO returns SELECT i * {QUARTERS} + q, 'c' || i,
            CAST(2027 + (q + 1) // 4 AS VARCHAR) || '-Q' || CAST((q + 1) % 4 + 1 AS VARCHAR), 1, 'r.yaml', 'h',
            'Supplier ' || (i % 997), DATE '2027-04-01' + INTERVAL (3 * q + 4) MONTH - INTERVAL ((i + q) % 9) DAY,
            now(), NULL FROM range({contracts}) r(i), range({QUARTERS}) t(q)""")
        c.execute(f"SELECT max(nextval('return_ids')) FROM range({contracts * QUARTERS + 1})")  # ids taken above
        c.execute(f"""INSERT INTO figures SELECT i * {QUARTERS} + q, 'M' || m, (i + m + q) % 7, ''
            FROM range({contracts}) r(i), range({MEASURES}) s(m), range({QUARTERS}) t(q)""")


def import_time(db: Database, returns: int = 20) -> float:
    """Milliseconds to import one corrected return (20 figures) into the full database, the best of `returns`."""
    from decimal import Decimal

    from svspec.delivery.returns import Return

    best = float("inf")
    for k in range(returns):
        found = Return(contract=f"c{k}", supplier=f"Supplier {k}", period="2027-Q2", submitted=date(2027, 7, 20),
                       delivered={f"M{m}": Decimal(m + k) for m in range(MEASURES)}, file="r.yaml", sha256=f"s{k}")
        start = time.perf_counter()
        db.import_return(found)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def spark_session() -> object | None:
    """Spark in local mode, or None (and why) when pyspark or Java is missing."""
    import shutil

    try:
        from svspec.delivery import spark
    except ImportError:
        return None
    if shutil.which("java") is None:
        return None
    try:
        return spark.session()
    except Exception as error:  # a benchmark reports that Spark could not start, and goes on
        print(f"Spark could not start: {error}", file=sys.stderr)
        return None


def spark_rows(session: object, db: Database, folder: Path, n: int, as_of: date) -> tuple[list[Row], float]:
    """Export to Parquet, then the portfolio report on Spark (the best of two runs, the first warms it up)."""
    from svspec.delivery import spark

    start = time.perf_counter()
    spark.register(session, spark.export_tables(db, folder / f"parquet-{n}"))
    exported = time.perf_counter() - start
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for name in PORTFOLIO:
            spark.run(session, name, as_of=as_of)
        best = min(best, time.perf_counter() - start)
    return [Row("delivery", f"Spark local mode: export {n:,} contracts to Parquet", exported, "s"),
            Row("delivery", f"Spark local mode: portfolio report, {n:,} contracts", best, "s")], best


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv[argv.index("--sizes") + 1:]] if "--sizes" in argv else [1_000, 10_000]
    rows: list[Row] = []
    timings: dict[int, float] = {}
    spark_timings: dict[int, float] = {}
    as_of = date(2034, 6, 1)
    session = None if "--no-spark" in argv else spark_session()
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            with Database(Path(folder) / f"p{n}.duckdb") as db:
                start = time.perf_counter()
                generate(db, n)
                rows.append(Row("delivery", f"generate {n:,} contracts ({n * MEASURES * QUARTERS:,} figures)",
                                time.perf_counter() - start, "s"))
                best = float("inf")
                for _ in range(2):
                    start = time.perf_counter()
                    for name in PORTFOLIO:
                        reports.run(db, name, as_of=as_of)
                    best = min(best, time.perf_counter() - start)
                timings[n] = best
                if session is not None:
                    measured, spark_timings[n] = spark_rows(session, db, Path(folder), n, as_of)
                    rows += measured
                rows.append(Row("delivery", f"import one corrected return, {n:,} contracts", import_time(db), "ms"))
                rows.append(Row("delivery", f"portfolio report, {n:,} contracts", best, "s", f"< {TARGET_S} s",
                                best < TARGET_S))
    if len(timings) >= 2:
        small, large = min(timings), max(timings)
        rows.append(Row("delivery", f"growth {small:,} → {large:,} contracts", timings[large] / timings[small], "×"))
        if len(spark_timings) >= 2:
            rows.append(Row("delivery", f"Spark local mode: growth {small:,} → {large:,} contracts",
                            spark_timings[large] / spark_timings[small], "×"))
    if session is not None:
        session.stop()  # type: ignore[attr-defined]
    elif "--no-spark" not in argv:
        print("Spark local mode not measured: pyspark (the [spark] extra) or a Java runtime is missing",
              file=sys.stderr)
    report(rows, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
