"""The monitoring database: created on first use, versioned, atomic imports, nothing overwritten."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from svspec.delivery import store
from svspec.delivery.contract import Contract
from svspec.delivery.returns import Return, load_return
from svspec.delivery.store import MIGRATIONS, Database
from tests.delivery.conftest import GOOD_Q2, ROOT, write_return


def checked(path: Path, contract: Contract) -> Return:
    found, problems, _ = load_return(path, {contract.name: contract})
    assert found is not None, problems
    return found


def snapshot(db_path: Path) -> list[list[tuple[object, ...]]]:
    with Database(db_path) as db:
        return [db.query(f"SELECT * FROM {table} ORDER BY ALL")
                for table in ("contracts", "commitments", "schedule", "periods", "progress", "returns",
                              "figures", "schema_migrations")]


def test_the_database_is_created_on_first_use_and_each_migration_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "new" / "monitor.duckdb"
    with Database(path) as db:
        assert db.schema_version() == len(MIGRATIONS)
    with Database(path) as db:
        assert db.query("SELECT count(*) FROM schema_migrations") == [(len(MIGRATIONS),)]


def test_a_corrected_return_keeps_the_old_one_in_the_history_and_the_latest_is_current(
        tmp_path: Path, db_path: Path, contract: Contract) -> None:
    first = checked(write_return(tmp_path, "q2.yaml", GOOD_Q2), contract)
    corrected = checked(write_return(tmp_path, "q2-corrected.yaml", GOOD_Q2.replace("LBL5: 30", "LBL5: 35")), contract)
    with Database(db_path) as db:
        assert db.import_return(first).revision == 1
        done = db.import_return(corrected)
        assert (done.revision, done.replaced) == (2, 1)
        history = db.history()
        assert [(row[2], row[7]) for row in history] == [(1, False), (2, True)]
        assert [row[6] for row in history] == [first.sha256, corrected.sha256]
        current = db.query("SELECT return_id FROM current_returns")[0][0]
        assert db.delivered(current)["LBL5"] == 35
        assert db.query("SELECT count(*) FROM figures") == [(6,)]


def test_the_same_file_imported_twice_is_stored_once(tmp_path: Path, db_path: Path, contract: Contract) -> None:
    found = checked(write_return(tmp_path, "q2.yaml", GOOD_Q2), contract)
    with Database(db_path) as db:
        db.import_return(found)
        again = db.import_return(found)
        assert (again.revision, again.replaced) == (None, 1)
        assert db.query("SELECT count(*) FROM returns") == [(1,)]


def test_an_import_that_fails_midway_leaves_the_database_as_before(
        tmp_path: Path, db_path: Path, contract: Contract, monkeypatch: pytest.MonkeyPatch) -> None:
    found = checked(write_return(tmp_path, "q2.yaml", GOOD_Q2), contract)
    before = snapshot(db_path)
    real = store.store_figures

    def fail_after_the_first_figure(db: object, return_id: int, given: Return) -> None:
        one = Return(**{**{f: getattr(given, f) for f in Return.__dataclass_fields__},
                        "delivered": dict(list(given.delivered.items())[:1])})
        real(db, return_id, one)  # type: ignore[arg-type]
        raise OSError("disk full (injected)")

    monkeypatch.setattr(store, "store_figures", fail_after_the_first_figure)
    with Database(db_path) as db, pytest.raises(OSError, match="injected"):
        db.import_return(found)
    assert snapshot(db_path) == before


_KILLED = """
import sys, time
from pathlib import Path
from svspec.delivery import store
from svspec.delivery.returns import load_return
from svspec.delivery.store import Database

real = store.keep_current

def stall(db, return_id, found, revision):
    real(db, return_id, found, revision)
    print("figures written, not committed", flush=True)
    time.sleep(60)

store.keep_current = stall
with Database(Path(sys.argv[1])) as db:
    found, problems, _ = load_return(Path(sys.argv[2]), db.contracts())
    db.import_return(found)
"""


def test_an_import_killed_midway_leaves_the_database_as_before(tmp_path: Path, db_path: Path) -> None:
    path = write_return(tmp_path, "q2.yaml", GOOD_Q2)
    before = snapshot(db_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", _KILLED, str(db_path), str(path)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the figures are written inside the transaction
        assert line.strip() == "figures written, not committed", process.stderr.read() if process.stderr else ""
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(db_path) == before


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from svspec.cli import main

    path = tmp_path / "notes.yaml"
    path.write_text("contract: waste-2027\n" * 200, "utf-8")
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["monitor", "report", "--db", str(path)])
    assert result.exit_code == 1 and "monitor/bad-database" in result.output
    assert path.read_bytes() == before


def test_a_database_made_by_a_newer_svspec_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    with Database(path) as db:
        db.query("INSERT INTO schema_migrations VALUES (99, 'from the future', now())")
    with pytest.raises(store.DatabaseError, match="schema is version 99"):
        Database(path)


_HOLDER = """
import sys, time
from pathlib import Path
from svspec.delivery.store import Database
with Database(Path(sys.argv[1])):
    print("open", flush=True)
    time.sleep(60)
"""


def test_a_database_in_use_by_another_process_is_reported_not_a_traceback(db_path: Path) -> None:
    from click.testing import CliRunner

    from svspec.cli import main

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True,
                              env=env)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = CliRunner().invoke(main, ["monitor", "history", "--db", str(db_path)])
        assert result.exit_code == 1 and "monitor/bad-database" in result.output and "lock" in result.output
    finally:
        holder.kill()
        holder.wait(timeout=20)


def test_an_import_that_fails_after_its_figures_leaves_the_current_figures_as_before(
        tmp_path: Path, db_path: Path, contract: Contract, monkeypatch: pytest.MonkeyPatch) -> None:
    found = checked(write_return(tmp_path, "q2.yaml", GOOD_Q2), contract)
    before = snapshot(db_path)
    real = store.keep_current

    def fail_after_updating(db: object, return_id: int, given: Return, revision: int) -> None:
        real(db, return_id, given, revision)  # type: ignore[arg-type]
        raise OSError("disk full (injected)")

    monkeypatch.setattr(store, "keep_current", fail_after_updating)
    with Database(db_path) as db, pytest.raises(OSError, match="injected"):
        db.import_return(found)
    assert snapshot(db_path) == before


def test_the_current_figures_kept_at_import_are_those_of_the_latest_revision(
        tmp_path: Path, db_path: Path, contract: Contract) -> None:
    first = checked(write_return(tmp_path, "q2.yaml", GOOD_Q2), contract)
    corrected = checked(write_return(tmp_path, "q2-corrected.yaml", GOOD_Q2.replace("LBL5: 30", "LBL5: 35")), contract)
    with Database(db_path) as db:
        db.import_return(first)
        db.import_return(corrected)
        kept = db.query("SELECT measure, delivered, return_id FROM schedule WHERE period = '2027-Q2' ORDER BY measure")
        history = db.query("SELECT f.measure, f.delivered, f.return_id FROM current_returns r "
                           "JOIN figures f USING (return_id) WHERE r.period = '2027-Q2' ORDER BY f.measure")
        assert kept == history and dict((m, d) for m, d, _ in kept)["LBL5"] == 35
        assert db.query("SELECT revisions, first_submitted FROM periods WHERE period = '2027-Q2'") == [
            (2, first.submitted)]
        assert db.query("SELECT count(*) FROM figures") == [(6,)]
        # The sums kept per commitment are those of the current figures of the returned periods.
        kept_sums = db.query("SELECT contract, measure, periods, committed, delivered, committed_value, "
                             "delivered_value FROM progress ORDER BY ALL")
        recomputed = db.query(
            "SELECT contract, measure, count(return_id), coalesce(sum(CASE WHEN return_id IS NOT NULL THEN committed "
            "END), 0), coalesce(sum(delivered), 0), coalesce(sum(CASE WHEN return_id IS NOT NULL THEN "
            "CAST(committed AS DECIMAL(18, 6)) * CAST(value_per_figure AS DECIMAL(18, 6)) END), 0), "
            "coalesce(sum(CAST(delivered AS DECIMAL(18, 6)) * CAST(value_per_figure AS DECIMAL(18, 6))), 0) "
            "FROM schedule GROUP BY contract, measure ORDER BY ALL")
        assert kept_sums == recomputed and any(row[2] == 1 for row in kept_sums)
