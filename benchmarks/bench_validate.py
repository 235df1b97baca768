"""Benchmark bid validation on a generated 50-measure tender, against plain `jsonschema`.

Bids of about 4 KB are generated for a tender that selects 50 measures of every answer kind and
asks one quality question. Measured, as bids per second (best of several runs):

- svspec's checker (`BidRules.check`, compiled from the tender model) on bid data in memory,
  valid bids and invalid ones (every error collected, each bid has several);
- the same with diagnostics built (place in the file, message, JSON pointer);
- end to end from file text: the position-keeping JSON reader or the YAML composer, then checks;
- plain `jsonschema` (Draft202012Validator.iter_errors, all errors) with the published schema on
  the same data, for comparison;
- ajv from npm (`tools/ajv`, `make ajv`; node `tools/ajv/bench.mjs`: JSON.parse then validate with
  allErrors) on the same bids' text (one line each), valid and invalid, in the same run, against
  svspec end to end on that same text, best of the same number of passes (`AJV_RUNS`) for both;
  target (issue 12 item 10): svspec within 3× of ajv. Left out when node or ajv is not installed;
- where svspec's time goes on those invalid one-line bids, per bid: the C JSON parse, the checks,
  placing the problems in the text, and placing them with the diagnostics made (each timed alone, so
  their sum is a little below the end-to-end figure).

Target: at least 5,000 bids/s for the checker on invalid bids with all errors collected.

    python benchmarks/bench_validate.py           # a table for people
    python benchmarks/bench_validate.py --json    # the rows as JSON (what run_all.py reads)

This is not a test: timings depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (a sibling script, not a package)
from common import Row, report  # noqa: E402  (a sibling script, not a package)

MEASURES = 50
BIDS = 200
TARGET_BIDS_PER_S = 5_000
AJV_RUNS = 20
"""Passes over the bids for ajv and for svspec in the ratio rows (the best pass counts for each)."""


def write_tender(folder: Path) -> Path:
    """A framework of 64 generated measures and a tender selecting 50 of them (2% each)."""
    generate.write_project(folder, 64)
    framework = (folder / "framework.svspec").read_text(encoding="utf-8")
    framework = framework.replace("    at most 6 measures\n", "    at most 60 measures\n")
    framework = framework.replace("    each measure at least 5%\n", "")
    (folder / "framework.svspec").write_text(framework, encoding="utf-8")
    codes = [f"M{i}" for i in range(64) if i % 8 != 7][:MEASURES]
    lines = [
        'tender bench-50 "Benchmark tender with 50 measures"', '  uses bench 1.0 from "framework.svspec"',
        "  version 1", "  contract value £12,000,000 over 7 years", "", "  criteria",
        "    price 60%, scored relative to lowest", "    quality 30%", "    social value 10%", "",
        "  quality questions", '    question Q1 "Service delivery plan"', "      weight 100%",
        "      answer text up to 1,500 words", "      scored by evaluators on scale standard", "",
        "  social value measures",
    ] + [f"    {code} weight 2%" for code in codes]
    path = folder / "tender-50.svspec"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bids(tender: Any, count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`count` valid bids and `count` invalid ones (four to six errors each), as plain data."""
    from svspec.bids.rules import BidRules, is_commitment

    rules = BidRules.for_tender(tender)
    valid, invalid = [], []
    for n in range(count):
        bid: dict[str, Any] = {"tender": tender.name, "bidder": f"Bidder {n}", "price": Decimal(11_000_000 + n),
                               "submitted": "2027-01-10T12:00:00Z", "quality": {}, "social_value": {},
                               "evidence": {}}
        for rule in rules.rules:
            kind = rule.answer.kind
            if kind in ("number", "money"):
                high = rule.answer.maximum or Decimal(1000)
                value: Any = (Decimal(n * 7 + len(rule.code)) % high) + Decimal("0.5")
            elif kind == "yes/no":
                value = n % 2 == 0
            elif kind == "choice":
                value = rule.answer.choices[n % len(rule.answer.choices)]
            elif rule.section == "quality":
                value = " ".join([f"Bidder {n} will deliver the service from local depots, with named leads,"
                                  " published targets and monthly reviews with residents."] * 6)
            else:
                value = " ".join([f"Bidder {n} commits to {rule.title.lower()} with a named lead and quarterly"
                                  " reports to the contract manager."] * 3)
            bid[rule.section][rule.code] = value
            if rule.evidence_with_bid and is_commitment(rule.answer, value):
                bid["evidence"][rule.code] = [f"{rule.code.lower()}-plan-{n}.pdf"]
        valid.append(bid)
        bad = json.loads(json.dumps(bid, default=str))
        bad = _restore_numbers(bad, bid)
        codes = list(rules.by_section["social_value"])
        del bad["social_value"][codes[n % 10]]
        bad["social_value"][codes[10 + n % 10]] = "12 hours"
        bad["social_value"][codes[20]] = Decimal(-1)
        bad["social_value"]["M999"] = Decimal(1)
        bad["notes"] = "left in by mistake"
        if n % 2:
            bad["evidence"] = {}
        invalid.append(bad)
    return valid, invalid


def _yaml(data: dict[str, Any]) -> str:
    """Block-style YAML for a generated bid, as a bid writer would lay it out."""
    from svspec.bids.jsontext import number

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, Decimal):
            return number(value)
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            for code, answer in value.items():
                shown = "[" + ", ".join(scalar(v) for v in answer) + "]" if isinstance(answer, list) else scalar(answer)
                lines.append(f"  {code}: {shown}")
        else:
            lines.append(f"{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def _restore_numbers(copy: Any, original: Any) -> Any:
    if isinstance(original, dict):
        return {k: _restore_numbers(copy[k], v) for k, v in original.items()}
    if isinstance(original, list):
        return [_restore_numbers(c, o) for c, o in zip(copy, original, strict=True)]
    return original


def _rate(items: list[Any], action: Callable[[Any], object], runs: int = 5) -> float:
    """Best items per second over `runs` passes over `items`."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for item in items:
            action(item)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def run() -> list[Row]:
    """Every measurement, on a tender generated into a temporary folder."""
    import svspec
    from svspec.bids.document import Document
    from svspec.bids.jsontext import dumps
    from svspec.bids.read import check_document, check_text
    from svspec.bids.rules import BidRules
    from svspec.emit.schema import schema_text

    with tempfile.TemporaryDirectory(prefix="svspec-bench-bids-") as tmp:
        result = svspec.load(write_tender(Path(tmp)))
        assert result.ok, [d.message for d in result.errors]
        tender = result.model
    rules = BidRules.for_tender(tender)  # type: ignore[arg-type]
    valid, invalid = bids(tender, BIDS)
    assert all(not rules.check(b) for b in valid)
    errors = sum(len(rules.check(b)) for b in invalid) / len(invalid)
    assert errors >= 4
    texts = [dumps(b, sort_keys=False) for b in valid]
    yaml_texts = [_yaml(b) for b in valid]
    size = sum(len(t.encode()) for t in texts) / len(texts)

    from jsonschema import Draft202012Validator

    schema = json.loads(schema_text(tender), parse_float=Decimal)  # type: ignore[arg-type]
    reference = Draft202012Validator(schema)
    assert all(reference.is_valid(b) for b in valid) and not any(reference.is_valid(b) for b in invalid)

    target = f">= {TARGET_BIDS_PER_S:,} bids/s"
    case = f"{MEASURES} measures, {size / 1000:.1f} KB bids"
    rows = []
    rate = _rate(valid, rules.check)
    rows.append(Row("svspec checker, valid bids", case, rate, "bids/s", target, rate >= TARGET_BIDS_PER_S))
    rate = _rate(invalid, rules.check)
    rows.append(Row(f"svspec checker, invalid bids (all {errors:.0f} errors)", case, rate, "bids/s", target,
                    rate >= TARGET_BIDS_PER_S))
    documents = [Document(file="bid.json", data=b) for b in invalid]
    rows.append(Row("svspec checker + diagnostics, invalid bids", case,
                    _rate(documents, lambda d: check_document(d, tender)), "bids/s"))  # type: ignore[arg-type]
    assert all(check_text(t, "bid.json", "json", tender)[1] == [] for t in texts)  # type: ignore[arg-type]
    assert all(check_text(t, "bid.yaml", "yaml", tender)[1] == [] for t in yaml_texts)  # type: ignore[arg-type]
    invalid_texts = [dumps(b, sort_keys=False) for b in invalid]
    rows.append(Row("svspec end to end from JSON text, valid bids", case,
                    _rate(texts, lambda t: check_text(t, "bid.json", "json", tender)), "bids/s"))  # type: ignore[arg-type]
    rows.append(Row("svspec end to end from JSON text, invalid bids (placed diagnostics)", case,
                    _rate(invalid_texts, lambda t: check_text(t, "bid.json", "json", tender)),  # type: ignore[arg-type]
                    "bids/s"))
    rows.append(Row("svspec end to end from YAML text, valid bids (pure-Python PyYAML, as in the browser)", case,
                    _rate(yaml_texts, lambda t: check_text(t, "bid.yaml", "yaml", tender), 3), "bids/s"))  # type: ignore[arg-type]
    rows.append(Row("jsonschema iter_errors, valid bids", case,
                    _rate(valid[:50], lambda b: list(reference.iter_errors(b)), 3), "bids/s"))
    rows.append(Row("jsonschema iter_errors, invalid bids (all errors)", case,
                    _rate(invalid[:50], lambda b: list(reference.iter_errors(b)), 3), "bids/s"))
    rows.extend(ajv_rows(tender, texts, invalid_texts, case))
    return rows


def ajv_rows(tender: Any, texts: list[str], invalid_texts: list[str], case: str) -> list[Row]:
    """svspec and ajv from the same one-line JSON texts, valid and invalid, and the ratios."""
    import re
    import shutil
    import subprocess

    from svspec import schemas
    from svspec.bids.read import check_text
    from svspec.emit.schema import schema_text

    ajv = HERE.parent / "tools" / "ajv"
    node = shutil.which("node")
    if node is None or not (ajv / "node_modules" / "ajv").is_dir():
        return [Row("ajv: node or tools/ajv/node_modules missing (make ajv)", case, 0.0, "")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="svspec-bench-ajv-") as tmp:
        folder = Path(tmp)
        (folder / "schema.json").write_text(schema_text(tender), encoding="utf-8")
        for name in schemas.FILES:
            (folder / name).write_text(schemas.text(name), encoding="utf-8")
        for label, batch, valid in (("valid", texts, True), ("invalid", invalid_texts, False)):
            lines = [re.sub(r"\n *", "", t) for t in batch]  # raw line breaks are only between tokens
            (folder / "bids.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            done = subprocess.run([node, str(ajv / "bench.mjs"), str(folder / "schema.json"),
                                   *(str(folder / name) for name in schemas.FILES), str(folder / "bids.jsonl"),
                                   str(AJV_RUNS)], capture_output=True, text=True, check=True, timeout=600)
            figures = json.loads(done.stdout)
            assert figures["valid"] == (len(lines) if valid else 0), figures
            ours = _rate(lines, lambda t: check_text(t, "bid.json", "json", tender), AJV_RUNS)  # type: ignore[arg-type]
            theirs = figures["bids_per_second"]
            rows.append(Row(f"svspec end to end from one-line JSON text, {label} bids", case, ours, "bids/s"))
            rows.append(Row(f"ajv (node, allErrors) from the same text, {label} bids", case, theirs, "bids/s"))
            rows.append(Row(f"ajv ÷ svspec, {label} bids", case, theirs / ours, "×", "<= 3 ×", theirs / ours <= 3))
            if not valid:
                rows.extend(breakdown_rows(tender, lines, case))
    return rows


def breakdown_rows(tender: Any, lines: list[str], case: str) -> list[Row]:
    """Where svspec's time goes on invalid bids from one-line JSON text, in microseconds per bid."""
    from svspec.bids.read import _fast_json, _offsets, _text_diagnostics
    from svspec.bids.rules import BidRules

    rules = BidRules.for_tender(tender)
    data = [_fast_json(t) for t in lines]
    issues = [rules.check(d) for d in data]
    placing = list(zip(lines, data, issues, strict=True))
    count = sum(len(i) for i in issues) / len(issues)
    parts: list[tuple[str, list[Any], Callable[[Any], object]]] = [
        ("JSON parse (C, exact decimals, duplicate keys refused)", lines, _fast_json),
        (f"checks ({count:.0f} issues)", data, rules.check),
        ("placing the issues in the text (offsets of their pointers)", placing, lambda x: _offsets(*x)),
        ("placing them and making the diagnostics (message, hint, span, pointer)", placing,
         lambda x: _text_diagnostics(x[0], "bid.json", x[1], x[2])),
    ]
    return [Row(f"svspec time per invalid bid: {name}", case, 1e6 / _rate(items, action, AJV_RUNS // 2), "µs")
            for name, items, action in parts]


def main(argv: list[str]) -> int:
    """Run the benchmark; `--json` prints the rows as JSON for run_all.py."""
    rows = run()
    report(rows, argv)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main(sys.argv[1:]))
