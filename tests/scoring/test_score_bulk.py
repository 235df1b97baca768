"""`svspec score` on many bids: the collector paused only while it works, bid texts read only for a frame."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec.bids import read
from svspec.cli import main
from svspec.commands.scored import Sources
from svspec.scoring import engine
from tests.conftest import ROOT
from tests.scoring.test_score_command import BIDS, MARKS, TENDER


def test_the_collector_is_paused_while_scoring_and_back_as_it_was_after() -> None:
    seen = []
    with engine.collector_paused():
        seen.append(gc.isenabled())
        with engine.collector_paused():
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    assert seen == [False, False, False]
    assert gc.isenabled()
    gc.disable()
    try:
        with engine.collector_paused():
            pass
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()


def test_a_clean_scoring_never_reads_the_bid_files_again(monkeypatch: pytest.MonkeyPatch) -> None:
    read_again: list[object] = []
    real = read.sources_of

    def counted(paths: object) -> dict[str, str]:
        read_again.append(paths)
        return real(paths)  # type: ignore[arg-type]

    monkeypatch.setattr(read, "sources_of", counted)
    result = CliRunner().invoke(main, ["score", TENDER, *BIDS, "--marks", MARKS, "--format", "csv"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert read_again == []
    assert gc.isenabled()


def test_a_bid_files_text_is_read_when_a_frame_shows_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    sources = Sources({"tender.svspec": "tender text"}, [Path(b) for b in BIDS])
    assert sources["tender.svspec"] == "tender text"
    assert sources.get(BIDS[1]) == (ROOT / BIDS[1]).read_text(encoding="utf-8")
    assert sources.get("nowhere.json") is None
    assert set(sources) == {"tender.svspec", *BIDS} - {b for b in BIDS if b.endswith(".xlsx")}


def test_a_broken_bid_is_shown_with_its_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"tender": "waste-2027",\n "bidder": }\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["score", TENDER, str(broken)], catch_exceptions=False)
    assert result.exit_code == 1
    assert '"bidder": }' in result.output  # the code frame, from the file read again for it
