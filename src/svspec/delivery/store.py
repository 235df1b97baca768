"""The monitoring database: one DuckDB file, created on first use, no server.

The schema is versioned: `MIGRATIONS` is an append-only list, each applied once, in order, in its
own transaction, and recorded in `schema_migrations`. Nothing is ever overwritten: a corrected
return is a new revision of its period, and the latest revision is the current one (the
`current_returns` view); the earlier ones stay in the history. Every import is one transaction:
a failure, or the process being killed, midway leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from svspec import model
from svspec.delivery.contract import Commitment, Contract, Due
from svspec.delivery.returns import Return

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("contracts, commitments, schedule and returns", """
        CREATE TABLE contracts (
            contract TEXT PRIMARY KEY, tender TEXT NOT NULL, title TEXT NOT NULL, supplier TEXT NOT NULL,
            starts DATE NOT NULL, ends DATE NOT NULL, value DECIMAL(18, 2) NOT NULL, years DECIMAL(9, 4) NOT NULL,
            returns_due_days INTEGER NOT NULL, rating_good DECIMAL(9, 6) NOT NULL,
            rating_approaching DECIMAL(9, 6) NOT NULL, rating_improvement DECIMAL(9, 6) NOT NULL,
            bid_sha256 TEXT NOT NULL, tender_sha256 TEXT NOT NULL, marks_sha256 TEXT, awarded_at TIMESTAMP NOT NULL);
        CREATE TABLE commitments (
            contract TEXT NOT NULL, measure TEXT NOT NULL, title TEXT NOT NULL, unit TEXT, theme TEXT NOT NULL,
            outcome TEXT NOT NULL, priority INTEGER, kpi BOOLEAN NOT NULL, answer TEXT NOT NULL,
            minimum DECIMAL(38, 6), maximum DECIMAL(38, 6), frequency TEXT, figure TEXT,
            committed DECIMAL(38, 6), per_year DECIMAL(38, 6), value_per_unit DECIMAL(38, 6),
            contributes_to TEXT NOT NULL, committed_text TEXT, PRIMARY KEY (contract, measure));
        CREATE TABLE schedule (
            contract TEXT NOT NULL, measure TEXT NOT NULL, period TEXT NOT NULL, period_start DATE NOT NULL,
            period_end DATE NOT NULL, due DATE NOT NULL, committed DECIMAL(38, 6) NOT NULL,
            value_per_figure DECIMAL(38, 6), PRIMARY KEY (contract, measure, period));
        CREATE SEQUENCE return_ids START 1;
        CREATE TABLE returns (
            return_id BIGINT PRIMARY KEY, contract TEXT NOT NULL, period TEXT NOT NULL, revision INTEGER NOT NULL,
            file TEXT NOT NULL, sha256 TEXT NOT NULL, supplier TEXT NOT NULL, submitted DATE,
            imported_at TIMESTAMP NOT NULL, narrative TEXT, UNIQUE (contract, period, revision));
        CREATE TABLE figures (
            return_id BIGINT NOT NULL, measure TEXT NOT NULL, delivered DECIMAL(38, 6) NOT NULL,
            evidence TEXT NOT NULL, PRIMARY KEY (return_id, measure));
        CREATE VIEW current_returns AS
            SELECT r.* FROM returns r
            WHERE r.revision = (SELECT max(x.revision) FROM returns x
                                WHERE x.contract = r.contract AND x.period = r.period);
    """),
    ("contributions of measures to wider outcomes (`contributes to`)", """
        CREATE TABLE contributions (
            contract TEXT NOT NULL, measure TEXT NOT NULL, outcome TEXT NOT NULL,
            PRIMARY KEY (contract, measure, outcome));
        INSERT INTO contributions
            SELECT contract, measure, trim(o.unnest) FROM commitments,
                   unnest(string_split(contributes_to, ',')) AS o WHERE contributes_to <> '';
    """),
    ("current figures, periods and totals per commitment, kept up to date at import", """
        ALTER TABLE schedule ADD COLUMN delivered DECIMAL(38, 6);
        ALTER TABLE schedule ADD COLUMN return_id BIGINT;
        UPDATE schedule SET delivered = f.delivered, return_id = r.return_id
            FROM current_returns r JOIN figures f ON f.return_id = r.return_id
            WHERE r.contract = schedule.contract AND r.period = schedule.period AND f.measure = schedule.measure;
        CREATE TABLE periods (
            contract TEXT NOT NULL, period TEXT NOT NULL, period_start DATE NOT NULL, due DATE NOT NULL,
            revisions INTEGER, first_submitted DATE, first_received DATE, PRIMARY KEY (contract, period));
        INSERT INTO periods
            SELECT s.contract, s.period, min(s.period_start), max(s.due),
                   (SELECT max(r.revision) FROM returns r WHERE r.contract = s.contract AND r.period = s.period),
                   (SELECT r.submitted FROM returns r
                    WHERE r.contract = s.contract AND r.period = s.period AND r.revision = 1),
                   (SELECT coalesce(r.submitted, CAST(r.imported_at AS DATE)) FROM returns r
                    WHERE r.contract = s.contract AND r.period = s.period AND r.revision = 1)
            FROM schedule s GROUP BY s.contract, s.period;
        CREATE TABLE progress (
            contract TEXT NOT NULL, measure TEXT NOT NULL, periods INTEGER NOT NULL,
            committed DECIMAL(38, 6) NOT NULL, delivered DECIMAL(38, 6) NOT NULL,
            committed_value DECIMAL(38, 12), delivered_value DECIMAL(38, 12), PRIMARY KEY (contract, measure));
        INSERT INTO progress
            SELECT s.contract, s.measure, count(s.return_id),
                   coalesce(sum(CASE WHEN s.return_id IS NOT NULL THEN s.committed END), 0),
                   coalesce(sum(s.delivered), 0),
                   CASE WHEN count(s.value_per_figure) > 0 THEN coalesce(sum(CASE WHEN s.return_id IS NOT NULL THEN
                       CAST(s.committed AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6)) END), 0) END,
                   CASE WHEN count(s.value_per_figure) > 0 THEN coalesce(sum(
                       CAST(s.delivered AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6))), 0) END
            FROM schedule s GROUP BY s.contract, s.measure;
    """),
)
"""Every migration, in order; the first `N` are schema version `N`. Version 3 keeps, beside the
append-only history (`returns`, `figures`), what the reports read, updated in the import's own
transaction (`keep_current`): the figure of the latest revision in each row of `schedule`, each
period's latest revision and first receipt in `periods`, and in `progress` the sums over the
returned periods of each commitment (periods, committed, delivered and their social value). A
report reads one row per commitment, plus the rows of periods due but not returned, instead of
every figure of every revision (the portfolio report at 10,000 contracts:
benchmarks/bench_delivery.py)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Imported:
    """What importing one return did: `revision` is None when the same file was already stored."""

    contract: str
    period: str
    revision: int | None
    sha256: str
    replaced: int | None = None


class DatabaseError(Exception):
    """The database file cannot be used: not a DuckDB file, in use by another process, or newer."""


class Database:
    """An open monitoring database; use as a context manager, or call `close`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.connection = duckdb.connect(str(path))
        except duckdb.Error as error:
            raise DatabaseError(str(error).splitlines()[0]) from None
        try:
            migrate(self.connection)
        except BaseException:
            self.connection.close()
            raise

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        self.connection.execute("BEGIN TRANSACTION")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def query(self, sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, parameters or []).fetchall()

    def schema_version(self) -> int:
        return int(self.query("SELECT max(version) FROM schema_migrations")[0][0] or 0)

    # ------------------------------------------------------------------ contracts
    def contract_record(self, name: str) -> tuple[str, str] | None:
        """(supplier, bid sha256) of a recorded contract."""
        rows = self.query("SELECT supplier, bid_sha256 FROM contracts WHERE contract = ?", [name])
        return (rows[0][0], rows[0][1]) if rows else None

    def record_contract(self, contract: Contract) -> None:
        """Store an awarded contract, its commitments and schedule, in one transaction."""
        with self.transaction() as db:
            db.execute("INSERT INTO contracts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                contract.name, contract.tender, contract.title, contract.supplier, contract.starts, contract.ends,
                contract.value, contract.years, contract.returns_due_days, contract.rating.good,
                contract.rating.approaching, contract.rating.improvement, contract.bid_sha256,
                contract.tender_sha256, contract.marks_sha256, _now()])
            for c in contract.commitments:
                db.execute("INSERT INTO commitments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                    contract.name, c.measure, c.title, c.unit, c.theme, c.outcome, c.priority, c.kpi, c.answer,
                    c.minimum, c.maximum, c.frequency, c.figure, c.committed, c.per_year, c.value_per_unit,
                    ",".join(c.contributes_to), c.text])
                for outcome in c.contributes_to:
                    db.execute("INSERT INTO contributions VALUES (?, ?, ?)", [contract.name, c.measure, outcome])
                for d in c.schedule:
                    db.execute("INSERT INTO schedule VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)", [
                        contract.name, c.measure, d.period, d.starts, d.ends, d.due, d.committed, d.value_per_figure])
            db.execute("INSERT INTO periods SELECT contract, period, min(period_start), max(due), NULL, NULL, NULL "
                       "FROM schedule WHERE contract = ? GROUP BY contract, period", [contract.name])
            db.execute("INSERT INTO progress SELECT contract, measure, 0, 0, 0, CASE WHEN count(value_per_figure) > 0 "
                       "THEN 0 END, CASE WHEN count(value_per_figure) > 0 THEN 0 END FROM schedule WHERE contract = ? "
                       "GROUP BY contract, measure", [contract.name])

    def contracts(self) -> dict[str, Contract]:
        """Every recorded contract, with its commitments and schedule."""
        out = {}
        for row in self.query("SELECT contract, tender, title, supplier, starts, ends, value, years, "
                              "returns_due_days, rating_good, rating_approaching, rating_improvement, bid_sha256, "
                              "tender_sha256, marks_sha256 FROM contracts ORDER BY contract"):
            name = row[0]
            schedule: dict[str, list[Due]] = {}
            for s in self.query("SELECT measure, period, period_start, period_end, due, committed, value_per_figure "
                                "FROM schedule WHERE contract = ? ORDER BY measure, period_start", [name]):
                schedule.setdefault(s[0], []).append(Due(period=s[1], starts=s[2], ends=s[3], due=s[4],
                                                          committed=s[5], value_per_figure=s[6]))
            commitments = tuple(
                Commitment(measure=c[0], title=c[1], unit=c[2], theme=c[3], outcome=c[4], priority=c[5], kpi=c[6],
                           answer=c[7], minimum=c[8], maximum=c[9], frequency=c[10], figure=c[11], committed=c[12],
                           per_year=c[13], value_per_unit=c[14],
                           contributes_to=tuple(x for x in c[15].split(",") if x), text=c[16],
                           schedule=tuple(schedule.get(c[0], ())))
                for c in self.query("SELECT measure, title, unit, theme, outcome, priority, kpi, answer, minimum, "
                                    "maximum, frequency, figure, committed, per_year, value_per_unit, contributes_to, "
                                    "committed_text FROM commitments WHERE contract = ? ORDER BY measure", [name]))
            out[name] = Contract(
                name=name, tender=row[1], title=row[2], supplier=row[3], starts=row[4], ends=row[5], value=row[6],
                years=row[7], returns_due_days=row[8],
                rating=model.Rating(good=row[9], approaching=row[10], improvement=row[11]),
                bid_sha256=row[12], tender_sha256=row[13], marks_sha256=row[14], commitments=commitments)
        return out

    # ------------------------------------------------------------------ returns
    def import_return(self, found: Return) -> Imported:
        """Store a checked return as the next revision of its period, in one transaction.

        A file (by sha256) already stored for that period is not stored again (`revision` None,
        `replaced` the revision that holds it).
        """
        with self.transaction() as db:
            rows = db.execute("SELECT revision, sha256 FROM returns WHERE contract = ? AND period = ? "
                              "ORDER BY revision DESC", [found.contract, found.period]).fetchall()
            same = [r[0] for r in rows if r[1] == found.sha256]
            if same:
                return Imported(contract=found.contract, period=found.period, revision=None, sha256=found.sha256,
                                replaced=same[0])
            revision = rows[0][0] + 1 if rows else 1
            return_id = db.execute("SELECT nextval('return_ids')").fetchall()[0][0]
            db.execute("INSERT INTO returns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                return_id, found.contract, found.period, revision, found.file, found.sha256, found.supplier,
                found.submitted, _now(), found.narrative])
            store_figures(db, return_id, found)
            keep_current(db, return_id, found, revision)
        return Imported(contract=found.contract, period=found.period, revision=revision, sha256=found.sha256,
                        replaced=rows[0][0] if rows else None)

    def history(self, contract: str | None = None) -> list[tuple[Any, ...]]:
        """Every stored revision of every return, oldest first, marked current or replaced."""
        return self.query(
            "SELECT r.contract, r.period, r.revision, r.submitted, r.imported_at, r.file, r.sha256, "
            "r.revision = (SELECT max(x.revision) FROM returns x WHERE x.contract = r.contract "
            "AND x.period = r.period) AS current FROM returns r WHERE ? IS NULL OR r.contract = ? "
            "ORDER BY r.contract, r.period, r.revision", [contract, contract])

    def delivered(self, return_id: int) -> dict[str, Decimal]:
        return {m: d for m, d in self.query("SELECT measure, delivered FROM figures WHERE return_id = ?", [return_id])}


def store_figures(db: duckdb.DuckDBPyConnection, return_id: int, found: Return) -> None:
    """The figures of one return (a function of its own so that a test can make it fail midway)."""
    for measure, figure in found.delivered.items():
        db.execute("INSERT INTO figures VALUES (?, ?, ?, ?)",
                   [return_id, measure, figure, "\n".join(found.evidence.get(measure, ()))])


def keep_current(db: duckdb.DuckDBPyConnection, return_id: int, found: Return, revision: int) -> None:
    """Make the return just stored the current one of its period, in the import's transaction: the
    commitments' sums in `progress` change by the difference from the figures it replaces, then its
    figures go in `schedule` and its revision in `periods` (the history keeps every revision)."""
    db.execute(_PROGRESS, [return_id, found.contract, found.period])
    db.execute("UPDATE schedule SET delivered = f.delivered, return_id = f.return_id FROM figures f "
               "WHERE f.return_id = ? AND schedule.contract = ? AND schedule.period = ? "
               "AND schedule.measure = f.measure", [return_id, found.contract, found.period])
    db.execute("UPDATE periods SET revisions = ?, first_submitted = CASE WHEN ? = 1 THEN ? ELSE first_submitted END, "
               "first_received = CASE WHEN ? = 1 THEN ? ELSE first_received END WHERE contract = ? AND period = ?",
               [revision, revision, found.submitted, revision, found.submitted or today(), found.contract,
                found.period])


_PROGRESS = """
    UPDATE progress SET periods = progress.periods + d.periods, committed = progress.committed + d.committed,
        delivered = progress.delivered + d.delivered, committed_value = progress.committed_value + d.committed_value,
        delivered_value = progress.delivered_value + d.delivered_value
    FROM (SELECT s.contract, s.measure,
                 CASE WHEN s.return_id IS NULL THEN 1 ELSE 0 END AS periods,
                 CASE WHEN s.return_id IS NULL THEN s.committed ELSE 0 END AS committed,
                 f.delivered - coalesce(s.delivered, 0) AS delivered,
                 CASE WHEN s.return_id IS NULL THEN CAST(s.committed AS DECIMAL(18, 6))
                      * CAST(s.value_per_figure AS DECIMAL(18, 6)) ELSE 0 END AS committed_value,
                 CAST(f.delivered AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6))
                 - CAST(coalesce(s.delivered, 0) AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6))
                     AS delivered_value
          FROM schedule s JOIN figures f ON f.measure = s.measure AND f.return_id = ?
          WHERE s.contract = ? AND s.period = ?) d
    WHERE progress.contract = d.contract AND progress.measure = d.measure
"""


def migrate(connection: duckdb.DuckDBPyConnection) -> None:
    """Apply every migration not yet applied, each in its own transaction."""
    connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                       "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)")
    done = {row[0] for row in connection.execute("SELECT version FROM schema_migrations").fetchall()}
    if done and max(done) > len(MIGRATIONS):
        raise DatabaseError(f"its schema is version {max(done)}, made by a newer svspec than this one "
                            f"(which knows versions up to {len(MIGRATIONS)})")
    for version, (name, sql) in enumerate(MIGRATIONS, start=1):
        if version in done:
            continue
        connection.execute("BEGIN TRANSACTION")
        try:
            connection.execute(sql)
            connection.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, _now()])
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return datetime.now(UTC).date()
