"""`svspec score` gives byte-identical reports whether the NumPy path or the exact core scores the bids
(issue 12 item 9): every format, `--explain`, `--summary`, `--sensitivity`, on the example tenders
and on a tender with gates, caps, minimums, points caps, points rounded per question and exclusions."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import svspec.scoring
from svspec.cli import main
from svspec.scoring import fast
from tests.scoring.helpers import write_tender
from tests.scoring.test_exclusion_words import EXAMPLES

MODIFIERS = '''tender mods "Gates, caps and minimums"
  contract value £1,000,000 over 1 year
  criteria
    price 40%, scored relative to lowest
    social value 60%
  social value measures
    JOBS weight 25%, scored linear from 0 FTE to 10 FTE, minimum 1 FTE, gate at least 0.5 FTE
    APP weight 20%, scored relative to best, capped at 8 apprenticeships
    WEEKS weight 15%, scored linear from 0 weeks to 20 weeks, capped at 15 weeks, points capped at 90%
    HOURS weight 15%, scored relative to best, minimum 10 hours
    GIFT weight 15%, scored by value per £ against £0.25, points capped at 80%
    LW weight 10%, scored yes or no, gate yes
  round points per question to whole points before weighting
  tie break social value, price
  compare relative scores among passing bids
'''


def _modifier_bids(folder: Path, count: int) -> list[Path]:
    """Bids with few distinct answers (so exact ties are common), one of them below the gate."""
    pick = random.Random(12)
    paths = []
    for i in range(count):
        answers = {"JOBS": pick.choice([0.4, 0.5, 1, 2.5, 7, 10]), "APP": pick.choice([0, 3, 8, 12]),
                   "WEEKS": pick.choice([5, 10, 20]), "HOURS": pick.choice([0, 9.99, 10, 250]),
                   "GIFT": pick.choice([0, 1000, 50_000, 300_000]), "LW": pick.random() > 0.1}
        bid = {"tender": "mods", "bidder": f"Bidder {i:02d}", "submitted": f"2027-01-{1 + i % 28:02d}T10:00:00Z",
               "price": pick.choice([90_000, 100_000, 100_000.5, 120_000]), "social_value": answers}
        path = folder / f"bid-{i:02d}.yaml"
        path.write_text(yaml.safe_dump(bid), encoding="utf-8")
        paths.append(path)
    return paths


def _runs(args: list[str]) -> Iterator[list[str]]:
    yield args
    for output_format in ("json", "csv", "md"):
        yield [*args, "--format", output_format]


def _outputs(args: list[str], *, exact: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    with monkeypatch.context() as patch:
        if exact:
            patch.setitem(sys.modules, "svspec.scoring.fast", None)  # the import fails: the exact core scores
            # (and `from svspec.scoring import fast` would find the package's attribute without importing)
            patch.delattr(svspec.scoring, "fast", raising=False)
        runner = CliRunner()
        out = []
        for run in _runs(args):
            result = runner.invoke(main, ["score", *run])
            out.append((result.exit_code, result.output))
        return out


def _used_fast(args: list[str], monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the NumPy path scored the bids (else the comparison would hold trivially)."""
    used: list[bool] = []
    real = fast.score

    def spy(plan: object, table: object) -> object:
        scores = real(plan, table)  # type: ignore[arg-type]
        used.append(scores is not None)
        return scores

    with monkeypatch.context() as patch:
        patch.setattr(fast, "score", spy)
        CliRunner().invoke(main, ["score", *args])
    return any(used)


def _used_core_alone(args: list[str], monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the exact runs leave the NumPy path out (else the comparison would hold trivially)."""
    used: list[bool] = []
    real = fast.score

    def spy(plan: object, table: object) -> object:
        used.append(True)
        return real(plan, table)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(fast, "score", spy)
        _outputs(args[:1] + args[1:2], exact=True, monkeypatch=monkeypatch)
    return not used


def _same_both_ways(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _used_core_alone(args, monkeypatch)
    quick = _outputs(args, exact=False, monkeypatch=monkeypatch)
    slow = _outputs(args, exact=True, monkeypatch=monkeypatch)
    assert [code for code, _ in quick] == [0, 0, 0, 0], quick[0][1][-2000:]
    for (_, a), (_, b) in zip(quick, slow, strict=True):
        assert a == b


def test_a_tender_with_gates_caps_minimums_and_exclusions_reports_the_same_bytes_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tender(tmp_path / "spec", MODIFIERS)
    bids = _modifier_bids(tmp_path, 24)
    args = [str(tmp_path / "spec" / "tender.svspec"), *map(str, bids), "--exclude", "Bidder 03",
            "--reason", "No valid insurance certificate", "--explain", "Bidder 00", "--explain", "Bidder 03",
            "--summary", "Bidder 01", "--sensitivity"]
    assert _used_fast(args, monkeypatch)
    _same_both_ways(args, monkeypatch)


@pytest.mark.parametrize(("tender", "marks", "bids"), EXAMPLES, ids=[t.stem for t, _, _ in EXAMPLES])
def test_every_example_tender_reports_the_same_bytes_either_way(
        tender: Path, marks: Path, bids: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    first = yaml.safe_load(bids[0].read_text(encoding="utf-8"))["bidder"]
    args = [str(tender), *map(str, bids), "--marks", str(marks), "--explain", first, "--sensitivity"]
    _same_both_ways(args, monkeypatch)


def test_answers_beyond_the_bounds_read_into_arrays_first_are_diagnostics_not_a_hang(tmp_path: Path) -> None:
    """The arrays are read before the engine's checks (a plain column skips them): an answer of
    1E+999999999 must not become a billion-digit integer on the way, and is still refused."""
    from decimal import Decimal

    from svspec.bids.model import Bid
    from svspec.scoring import engine

    tender = write_tender(tmp_path, '''tender calc "One measure"
  contract value £1,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    APP weight 100%, scored relative to best
''')
    bids = [Bid(bidder=name, tender="calc", price=Decimal(100), social_value={"APP": Decimal(answer)})
            for name, answer in (("A", "1E+999999999"), ("B", "1E-999999999"), ("C", "3"))]
    scoring, problems = engine.score(tender, bids)
    assert scoring is None
    assert [d.code for d in problems] == ["score/number-out-of-range"] * 2


# ------------------------------------------------------------------------------------ price formulas (issue 12 item 4)
PRICING = '''tender pricing "Every price formula"
  contract value £1,000,000 over 7 years
  criteria
    price 60%, {formula}
    social value 40%
{components}  social value measures
    JOBS weight 50%, scored linear from 0 FTE to 10 FTE
    APP weight 50%, scored relative to best
  tie break social value, price
'''

COMPONENTS = '''  price components
    capital "Capital cost"
    running "Annual running cost" times 7
'''

# Prices that meet the formulas' edges: 100,000 is the lowest, 200,000 twice it (deviation scores exactly 0),
# 150,000 the mean of the two, 80,000 and 120,000 the ends of the fixed range (and beyond them, unclamped).
PRICES = [100_000, 200_000, 150_000, 100_000.01, 250_000, 80_000, 120_000, 60_000, 130_000]


def _pricing_bids(folder: Path, count: int, *, components: bool = False, quality: bool = False) -> list[Path]:
    """Bids whose prices fall on the formulas' edges (and, priced in components, whose whole-life costs
    are equal from different components), with few distinct answers so that exact ties are common."""
    pick = random.Random(4)
    paths = []
    for i in range(count):
        price: object = PRICES[i % len(PRICES)]
        if components:  # capital + 7 × running; bids 0 and 1 (and 9 and 10) cost the same whole life
            running = pick.choice([0, 10_000, 20_000]) if i % 9 else 10_000
            price = {"capital": float(PRICES[i % len(PRICES)]) * 4 - 7 * running, "running": running}
        bid: dict[str, object] = {
            "tender": "pricing", "bidder": f"Bidder {i:02d}", "submitted": f"2027-01-{1 + i % 28:02d}T10:00:00Z",
            "price": price, "social_value": {"JOBS": pick.choice([0, 2.5, 10]), "APP": pick.choice([0, 3, 8])}}
        if quality:
            bid["quality"] = {"Q": pick.random() > 0.2}
        path = folder / f"bid-{i:02d}.yaml"
        path.write_text(yaml.safe_dump(bid), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize(("formula", "extra"), [
    ("scored relative to mean", ""),
    ("scored relative to mean", COMPONENTS),
    ("scored by deviation from lowest", ""),
    ("scored by deviation from lowest", "  round totals to 1 places before ranking\n"),
    ("scored linear from £80,000 to £120,000", ""),
    ("scored linear from £80,000 to £120,000 unclamped", ""),
    ("scored relative to lowest", COMPONENTS),
], ids=["mean", "mean-whole-life-cost", "deviation", "deviation-rounded", "fixed-range", "unclamped",
        "lowest-whole-life-cost"])
def test_every_price_formula_reports_the_same_bytes_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, formula: str, extra: str) -> None:
    components = extra if extra.startswith("  price components") else ""
    text = PRICING.format(formula=formula, components=components)
    if not components:
        text = text.replace("  tie break", extra + "  tie break")
    write_tender(tmp_path / "spec", text)
    bids = _pricing_bids(tmp_path, 20, components=bool(components))
    args = [str(tmp_path / "spec" / "tender.svspec"), *map(str, bids), "--exclude", "Bidder 05",
            "--reason", "Late", "--explain", "Bidder 00", "--explain", "Bidder 01", "--sensitivity"]
    assert _used_fast(args, monkeypatch)
    _same_both_ways(args, monkeypatch)


PER_POINT = '''tender pricing "Price per quality point"
  contract value £1,000,000 over 1 year
  criteria
    quality 60%
    social value 40%
  quality questions
    question Q "Insurance in place"
      weight 100%
      answer yes or no
      scored yes or no
  social value measures
    JOBS weight 50%, scored linear from 0 FTE to 10 FTE
    APP weight 50%, scored relative to best
  award by price per quality point
{extra}  tie break social value, price
'''


@pytest.mark.parametrize("extra", ["", "  round totals to 0 places before ranking\n"], ids=["exact", "rounded"])
def test_price_per_quality_point_reports_the_same_bytes_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str) -> None:
    """Bids with no points at all are excluded, equal prices per point are settled by the tie-break."""
    write_tender(tmp_path / "spec", PER_POINT.format(extra=extra))
    bids = _pricing_bids(tmp_path, 24, quality=True)
    args = [str(tmp_path / "spec" / "tender.svspec"), *map(str, bids), "--explain", "Bidder 00",
            "--summary", "Bidder 02", "--sensitivity"]
    assert _used_fast(args, monkeypatch)
    _same_both_ways(args, monkeypatch)


# ------------------------------------------------------------------------------------ commitments in £
COMMITTING = '''tender pricing "Commitments added up"
  contract value £1,000,000 over 1 year
  criteria
    price 60%, scored relative to lowest
    social value 40%
  social value measures
{total}    JOBS weight {weight}, scored linear from 0 FTE to 10 FTE
    GIFT weight {weight}
    HOURS weight {weight}, scored relative to best
  tie break social value, price
'''


def _committing_bids(folder: Path, count: int) -> list[Path]:
    """Bids committing £0 to £30,000: below, at (0.5 FTE is £10,000) and above the 1% minimum."""
    pick = random.Random(9)
    paths = []
    for i in range(count):
        answers = {"JOBS": pick.choice([0, 0.25, 0.5, 1]), "GIFT": pick.choice([0, 5000, 9999.99]),
                   "HOURS": pick.choice([0, 0.5, 250])}
        bid = {"tender": "pricing", "bidder": f"Bidder {i:02d}", "submitted": f"2027-01-{1 + i % 28:02d}T10:00:00Z",
               "price": pick.choice([90_000, 100_000, 120_000]), "social_value": answers}
        path = folder / f"bid-{i:02d}.yaml"
        path.write_text(yaml.safe_dump(bid), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize(("effect", "total"), [
    ("the bid is excluded", ""), ("social value scores nothing", ""), (None, "scored by value per £ against £0.25"),
    ("the bid is excluded", "scored by value relative to best"), (None, "scored linear from £0 to £20,000")],
    ids=["minimum-excludes", "minimum-scores-nothing", "total-value-per-pound", "both", "total-linear"])
def test_the_delivery_minimum_and_the_total_value_line_report_the_same_bytes_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, effect: str | None, total: str) -> None:
    from tests.scoring.helpers import FRAMEWORK

    framework = FRAMEWORK
    if effect is not None:
        framework = FRAMEWORK.replace("  version 1\n", "  version 1\n  policy\n"
                                      f"    commitments at least 1% of contract value, or {effect}\n", 1)
    text = COMMITTING.format(total=f"    total value weight 40%, {total}\n" if total else "",
                             weight="20%" if total else "33.3333%")
    if not total:
        text = text.replace("HOURS weight 33.3333%", "HOURS weight 33.3334%")
    write_tender(tmp_path / "spec", text, framework=framework)
    bids = _committing_bids(tmp_path, 20)
    args = [str(tmp_path / "spec" / "tender.svspec"), *map(str, bids), "--explain", "Bidder 00",
            "--explain", "Bidder 01", "--sensitivity"]
    assert _used_fast(args, monkeypatch)
    _same_both_ways(args, monkeypatch)
    if effect is not None:
        assert "below the delivery minimum" in CliRunner().invoke(main, ["score", *args, "--format", "json"]).output


STAGED = '''tender staged "Every stage of a UK evaluation"
  contract value £1,000,000 over 1 year
  criteria
    price 40%, scored relative to lowest
    quality 40%, pass mark 40%, any mark of 1 excludes the bid, any mark of 0 scores nothing for the criterion
    social value 20%
  quality questions
    question Q1 "Service plan"
      weight 60%
      answer text up to 500 words
      scored by evaluators on scale mbie
    question Q2 "Mobilisation"
      weight 40%
      answer text up to 500 words
      scored by evaluators on scale mbie
  social value measures
    JOBS weight 50%, scored linear from 0 FTE to 10 FTE
    APP weight 50%, scored relative to best
  abnormally low if at least 40% below the mean of the others or at least 30% below the next lowest, {action}
  shortlist the top 8 on quality, ties {ties}
  tie break quality, price, earliest submission
  compare relative scores among passing bids
'''


def _staged_files(folder: Path, count: int) -> tuple[list[Path], Path]:
    """Bids and a marks file with few distinct marks (ties at the shortlist's cut-off, shares exactly at
    the pass mark: (2 × 0.6 + 2 × 0.4)/5 = 40%), marks of 0 and 1, and prices exactly at the low shares
    (70,000 is 30% below 100,000)."""
    pick = random.Random(9)
    paths, lines = [], ["tender: staged", "marks:"]
    for i in range(count):
        name = f"Bidder {i:02d}"
        bid = {"tender": "staged", "bidder": name, "submitted": f"2027-01-{1 + i % 28:02d}T10:00:00Z",
               "price": pick.choice([100_000, 100_000, 120_000, 70_000, 150_000, 99_999.99]),
               "quality": {"Q1": "Our plan.", "Q2": "Our mobilisation."},
               "social_value": {"JOBS": pick.choice([0, 2.5, 7, 10]), "APP": pick.choice([0, 3, 8, 12])}}
        if i == 0:
            bid["price"] = 42_000  # 40% below the next lowest (70,000) exactly, and far below the mean
        path = folder / f"bid-{i:02d}.yaml"
        path.write_text(yaml.safe_dump(bid), encoding="utf-8")
        paths.append(path)
        for code in ("Q1", "Q2"):
            mark = pick.choice([0, 1, 2, 2, 3, 3, 4, 5])
            lines += [f'  - bidder: "{name}"', f"    item: {code}", "    evaluators:",
                      f'      E1: {{mark: {mark}, reason: "r"}}', f'    consensus: {{mark: {mark}, reason: "r"}}']
    marks_path = folder / "marks.yaml"
    marks_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths, marks_path


@pytest.mark.parametrize(("action", "ties"), [("excluded", "included"), ("held for investigation", "excluded")])
def test_a_tender_with_pass_marks_a_shortlist_mark_rules_and_abnormally_low_prices_reports_the_same_bytes_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, ties: str) -> None:
    write_tender(tmp_path / "spec", STAGED.format(action=action, ties=ties))
    bids, marks_path = _staged_files(tmp_path, 30)
    args = [str(tmp_path / "spec" / "tender.svspec"), *map(str, bids), "--marks", str(marks_path),
            "--exclude", "Bidder 03", "--reason", "No valid insurance certificate",
            "--explain", "Bidder 00", "--explain", "Bidder 05", "--summary", "Bidder 01", "--sensitivity"]
    assert _used_fast(args, monkeypatch)
    _same_both_ways(args, monkeypatch)
    table = CliRunner().invoke(main, ["score", *args[:-7], "--format", "json"])
    import json

    report = json.loads(table.output)
    stages = [s["stage"] for s in report["stages"]]
    assert "quality threshold (pass marks)" in stages and "shortlist on quality" in stages
    outcomes = json.dumps(report["bids"])
    assert "any mark of 1 excludes the bid" in outcomes and "abnormally" in outcomes


# ------------------------------------------------------------------------------------ stages with pricing's features
@pytest.mark.parametrize("variant", ["mean-and-minimum-nothing", "deviation-and-minimum-excludes", "per-point"])
def test_stages_with_another_price_formula_the_delivery_minimum_or_price_per_point_report_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str) -> None:
    """The staged tender with the price relative to the mean (the mean among the bids that pass) or by
    deviation from the lowest, and a delivery minimum; or awarded by price per quality point after
    the pass mark and the shortlist (no price criterion, so no abnormally low test)."""
    from tests.scoring.helpers import FRAMEWORK

    text = STAGED.format(action="excluded", ties="included")
    framework = FRAMEWORK
    if variant == "per-point":
        text = text.replace("    price 40%, scored relative to lowest\n", "").replace(
            "quality 40%, pass mark", "quality 70%, pass mark").replace("social value 20%", "social value 30%")
        text = "\n".join(line for line in text.splitlines() if not line.startswith("  abnormally low"))
        text = text.replace("  tie break quality, price,", "  award by price per quality point\n  tie break quality,")
        text += "\n"
    else:
        formula = "scored relative to mean" if variant.startswith("mean") else "scored by deviation from lowest"
        text = text.replace("price 40%, scored relative to lowest", f"price 40%, {formula}")
        effect = "social value scores nothing" if variant.endswith("nothing") else "the bid is excluded"
        framework = FRAMEWORK.replace("  version 1\n", "  version 1\n  policy\n"
                                      f"    commitments at least 1% of contract value, or {effect}\n", 1)
    write_tender(tmp_path / "spec", text, framework=framework)
    bids, marks_path = _staged_files(tmp_path, 30)
    args = [str(tmp_path / "spec" / "tender.svspec"), *map(str, bids), "--marks", str(marks_path),
            "--exclude", "Bidder 03", "--reason", "No valid insurance certificate",
            "--explain", "Bidder 00", "--explain", "Bidder 05", "--summary", "Bidder 01", "--sensitivity"]
    assert _used_fast(args, monkeypatch)
    _same_both_ways(args, monkeypatch)
    import json

    report = json.loads(CliRunner().invoke(main, ["score", *args[:-7], "--format", "json"]).output)
    stages = [s["stage"] for s in report["stages"]]
    assert "quality threshold (pass marks)" in stages and "shortlist on quality" in stages
    if variant != "per-point":
        assert "below the delivery minimum" in json.dumps(report)
