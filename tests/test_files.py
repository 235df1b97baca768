"""Files the compiler reads: only regular files, never past a size limit, never outside the
project through a link, and never quoted back when they are not specs (issue 8, item 11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import svspec
from svspec.files import FileTooLarge, NotRegularFile, read_capped
from svspec.semantics import loader
from tests.conftest import ROOT

SECRET = "hunter2-not-for-print"
FRAMEWORK = ROOT / "tests" / "diagnostics" / "import-outside-project" / "framework.svspec"
TENDER = """tender demo-tender "Demo tender"
  uses demo 1 from "{path}"
  closes 2027-01-15
  contract value £1,000,000 over 3 years

  criteria
    price 60%, scored relative to lowest
    social value 40%

  social value measures
    J1 weight 50%
    G1 weight 50%
"""

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


def project(tmp_path: Path, import_path: str) -> Path:
    """A project folder whose tender imports `import_path`; returns the tender."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "svspec.toml").write_text('[project]\nname = "p"\n', encoding="utf-8")
    tender = root / "main.svspec"
    tender.write_text(TENDER.format(path=import_path), encoding="utf-8")
    return tender


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`svspec ARGS` in a fresh process; the timeout only detects a hang."""
    return subprocess.run([sys.executable, "-m", "svspec.cli", *args], capture_output=True, text=True,
                          timeout=20, check=False, cwd=ROOT)


def codes(result: svspec.Result) -> list[str]:
    return [d.code for d in result.diagnostics]


# ------------------------------------------------------------------ read_capped


def test_read_capped_reads_a_regular_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_capped(path, 100) == b"x" * 100


def test_read_capped_refuses_a_file_over_the_limit_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FileTooLarge) as caught:
        read_capped(path, 100)
    assert caught.value.size == 101


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_read_capped_stops_at_the_limit_when_the_file_reports_no_size() -> None:
    """/proc files say they hold 0 bytes: the limit must hold on what is read, not on stat."""
    assert os.stat("/proc/self/environ").st_size == 0
    with pytest.raises(FileTooLarge) as caught:
        read_capped(Path("/proc/self/maps"), 10)
    assert caught.value.size is None and caught.value.size_text == "over 10"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_read_capped_refuses_a_device_without_reading_it() -> None:
    with pytest.raises(NotRegularFile) as caught:
        read_capped(Path("/dev/zero"), 10**12)
    assert caught.value.kind == "a device"


@needs_fifo
def test_read_capped_refuses_a_fifo_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile) as caught:
        read_capped(fifo, 100)
    assert caught.value.kind == "a named pipe (FIFO)"


# ------------------------------------------------------------------ entry files


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_checking_dev_zero_is_refused_at_once_not_read_until_killed() -> None:
    done = cli("check", "/dev/zero")
    assert done.returncode == 1
    assert "error[file-not-regular]: cannot read '/dev/zero': it is a device, not a regular file" in done.stdout


@needs_fifo
def test_checking_a_fifo_is_refused_instead_of_blocking_for_ever(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.svspec"
    os.mkfifo(fifo)
    done = cli("check", str(fifo))
    assert done.returncode == 1
    assert "it is a named pipe (FIFO), not a regular file" in done.stdout


def test_a_spec_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_SPEC_BYTES", 50)
    spec = tmp_path / "big.svspec"
    spec.write_text("# " + "x" * 100 + "\n", encoding="utf-8")
    [result] = svspec.check([spec])
    assert codes(result) == ["file-too-large"]


def test_a_file_that_is_not_a_spec_is_reported_without_any_of_its_text(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"DATABASE_PASSWORD={SECRET}\nAPI_KEY=sk-live-{SECRET}\nOTHER=1\n", encoding="utf-8")
    for output in ("text", "json"):
        done = cli("check", "--format", output, str(env))
        assert done.returncode == 1
        assert SECRET not in done.stdout + done.stderr
        assert "file-not-a-spec" in done.stdout
    [result] = svspec.check([env])
    assert codes(result) == ["file-not-a-spec"]
    assert not any(SECRET in text for text in result.sources.values())


def test_a_link_named_svspec_to_a_secret_found_in_a_checked_folder_is_not_echoed(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text("", encoding="utf-8")
    key = tmp_path / "id_rsa"
    key.write_text(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}\n", encoding="utf-8")
    (tmp_path / "spec.svspec").symlink_to(key)
    done = cli("check", str(tmp_path))
    assert done.returncode == 1
    assert SECRET not in done.stdout + done.stderr and "BEGIN" not in done.stdout
    assert "file-not-a-spec" in done.stdout


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_the_process_environment_given_as_a_spec_is_not_echoed() -> None:
    env = {**os.environ, "SVSPEC_TEST_SECRET": SECRET}
    done = subprocess.run([sys.executable, "-m", "svspec.cli", "check", "/proc/self/environ"], capture_output=True,
                          text=True, timeout=20, check=False, cwd=ROOT, env=env)
    assert done.returncode == 1
    assert SECRET not in done.stdout + done.stderr
    assert "file-not-a-spec" in done.stdout


def test_formatting_a_file_that_is_not_a_spec_shows_none_of_its_text(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"DATABASE_PASSWORD={SECRET}\nAPI_KEY=sk-live-{SECRET}\n", encoding="utf-8")
    before = env.read_bytes()
    for output in ("text", "json"):
        done = cli("fmt", "--format", output, str(env))
        assert done.returncode == 1
        assert SECRET not in done.stdout + done.stderr
        assert "file-not-a-spec" in done.stdout
    assert env.read_bytes() == before


def test_a_spec_with_another_name_that_parses_is_checked_as_usual_warnings_included(tmp_path: Path) -> None:
    spec = tmp_path / "framework.txt"
    spec.write_text(FRAMEWORK.read_text(encoding="utf-8").replace(
        "    weight 60%\n", "    why: Jobs first. # a note\n    weight 60%\n", 1), encoding="utf-8")
    [result] = svspec.check([spec])
    assert result.ok and codes(result) == ["syntax/comment-in-prose"]
    assert result.sources


def test_a_misspelt_spec_named_svspec_still_shows_every_syntax_error(tmp_path: Path) -> None:
    spec = tmp_path / "main.svspec"
    spec.write_text('framwork demo "Demo"\n', encoding="utf-8")
    [result] = svspec.check([spec])
    assert codes(result) and all(c.startswith("syntax/") for c in codes(result))
    assert result.sources


# ------------------------------------------------------------------ imports


def test_an_import_through_a_link_to_a_secret_outside_the_project_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / ".env"
    secret.write_text(f"PASSWORD={SECRET}\n", encoding="utf-8")
    tender = project(tmp_path, "framework.svspec")
    (tender.parent / "framework.svspec").symlink_to(secret)
    [result] = svspec.check([tender])
    assert codes(result) == ["import-link-outside-project"]
    assert not any(SECRET in text for text in result.sources.values())
    assert SECRET not in json.dumps([d.message for d in result.diagnostics])


def test_an_import_through_a_link_to_a_spec_outside_the_project_is_refused(tmp_path: Path) -> None:
    tender = project(tmp_path, "framework.svspec")
    (tender.parent / "framework.svspec").symlink_to(FRAMEWORK)
    [result] = svspec.check([tender])
    assert codes(result) == ["import-link-outside-project"]


def test_an_import_through_a_linked_folder_leading_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "framework.svspec").write_text(FRAMEWORK.read_text(encoding="utf-8"), encoding="utf-8")
    tender = project(tmp_path, "shared/framework.svspec")
    (tender.parent / "shared").symlink_to(outside, target_is_directory=True)
    [result] = svspec.check([tender])
    assert codes(result) == ["import-link-outside-project"]


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_an_import_through_a_link_to_the_process_environment_is_refused(tmp_path: Path) -> None:
    tender = project(tmp_path, "framework.svspec")
    (tender.parent / "framework.svspec").symlink_to("/proc/self/environ")
    [result] = svspec.check([tender])
    assert codes(result) == ["import-link-outside-project"]


def test_an_import_through_a_link_inside_the_project_is_followed(tmp_path: Path) -> None:
    tender = project(tmp_path, "current.svspec")
    real = tender.parent / "framework-v1.svspec"
    real.write_text(FRAMEWORK.read_text(encoding="utf-8"), encoding="utf-8")
    (tender.parent / "current.svspec").symlink_to(real.name)
    [result] = svspec.check([tender])
    assert result.ok, [d.message for d in result.errors]


def test_an_import_of_a_file_that_is_not_a_spec_is_refused_unread(tmp_path: Path) -> None:
    tender = project(tmp_path, ".env")
    (tender.parent / ".env").write_text(f"PASSWORD={SECRET}\n", encoding="utf-8")
    [result] = svspec.check([tender])
    assert codes(result) == ["import-not-a-spec"]
    assert not any(SECRET in text for text in result.sources.values())


def test_a_link_named_svspec_to_a_file_that_is_not_a_spec_is_refused_unread(tmp_path: Path) -> None:
    tender = project(tmp_path, "framework.svspec")
    (tender.parent / "keys.env").write_text(f"PASSWORD={SECRET}\n", encoding="utf-8")
    (tender.parent / "framework.svspec").symlink_to("keys.env")
    [result] = svspec.check([tender])
    assert codes(result) == ["import-not-a-spec"]
    assert not any(SECRET in text for text in result.sources.values())


@needs_fifo
def test_an_imported_fifo_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    tender = project(tmp_path, "framework.svspec")
    os.mkfifo(tender.parent / "framework.svspec")
    done = cli("check", str(tender))
    assert done.returncode == 1
    assert "error[file-not-regular]" in done.stdout and "main.svspec:2:20" in done.stdout


# ------------------------------------------------------------------ bids


@needs_fifo
def test_a_fifo_given_as_a_bid_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    bid = tmp_path / "bid.yaml"
    os.mkfifo(bid)
    tender = ROOT / "specs" / "lambeth" / "waste-2027.svspec"
    done = cli("validate", str(tender), str(bid))
    assert done.returncode != 0
    assert "it is a named pipe (FIFO), not a regular file" in done.stdout + done.stderr
