"""`svspec award TENDER WINNING-BID [--marks M] --db FILE [--out contract.json]`"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from svspec.commands.common import EXIT_OK, EXIT_PROBLEMS, FORMAT_OPTION, load_or_exit, open_database, print_diagnostics

if TYPE_CHECKING:
    from svspec.delivery.contract import Contract


@click.command()
@click.argument("tender", type=click.Path(path_type=Path))
@click.argument("bid", type=click.Path(path_type=Path))
@click.option("--marks", "marks_path", type=click.Path(path_type=Path),
              help="Evaluators' marks (YAML), checked and hashed.")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              help="The monitoring database (DuckDB), created on first use.")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the contract as JSON to this file.")
@FORMAT_OPTION
def command(tender: Path, bid: Path, marks_path: Path | None, db_path: Path | None, out_path: Path | None,
            output_format: str) -> None:
    """Record the contract awarded on the winning BID to TENDER: its dates, the committed figure of each
    selected measure per period and per year, its KPIs and its schedule of quarterly returns.

    The award is recorded once: awarding the same bid again does nothing, and a different bid for a
    contract already recorded is refused.
    """
    from svspec import model
    from svspec.bids.read import display_path, load_bid, sources_of
    from svspec.delivery import contract as contracts
    from svspec.delivery.files import write_atomic
    from svspec.diagnostics import Severity, make
    from svspec.reader import BID, MARKS, read_bytes

    if db_path is None and out_path is None:
        raise click.UsageError("give --db FILE (the monitoring database) or --out FILE (the contract as JSON)")
    from svspec.api import load

    compiled = load(tender)
    spec = load_or_exit(str(tender), output_format, kinds=(model.Tender,))
    found, diagnostics = load_bid(bid, spec)
    # The tender's warnings (too-few-kpis above all) are shown at the award, when they matter.
    diagnostics = list(compiled.diagnostics) + diagnostics
    sources = {**compiled.sources, **sources_of([bid])}
    marks_bytes = None
    if marks_path is not None:
        from svspec.bids.marks_sheet import load_marks_file as load_marks

        _, problems, text = load_marks(marks_path, spec, [found.bidder] if found else [],
                                       display=display_path(marks_path))
        diagnostics += [d for d in problems if d.code != "marks/unknown-bidder"]
        sources[display_path(marks_path)] = text
        marks_bytes, problems = read_bytes(marks_path, display_path(marks_path), MARKS)
        diagnostics += problems
    bid_bytes, problems = read_bytes(bid, display_path(bid), BID)
    diagnostics += problems
    if found is None or bid_bytes is None or any(d.severity is Severity.ERROR for d in diagnostics):
        sys.exit(print_diagnostics(diagnostics, sources, output_format, 1) or EXIT_PROBLEMS)
    tender_text = Path(spec.file).read_text(encoding="utf-8") if spec.file and Path(spec.file).is_file() else ""
    awarded, problems = contracts.award(spec, found, bid_bytes=bid_bytes, tender_text=tender_text,
                                        marks_bytes=marks_bytes)
    diagnostics += problems
    if awarded is None:
        sys.exit(print_diagnostics(diagnostics, sources, output_format, 1) or EXIT_PROBLEMS)
    if db_path is not None:

        with open_database(db_path, output_format) as db:
            recorded = db.contract_record(awarded.name)
            if recorded is not None and recorded[1] != awarded.bid_sha256:
                diagnostics.append(make("award/already-awarded", None, name=awarded.name, supplier=recorded[0],
                                        sha256=recorded[1]))
                sys.exit(print_diagnostics(diagnostics, sources, output_format, 1) or EXIT_PROBLEMS)
            if recorded is None:
                db.record_contract(awarded)
    if out_path is not None:
        from svspec.delivery.export import contract_json

        write_atomic(out_path, contract_json(awarded).encode("utf-8"))
    if diagnostics:
        print_diagnostics(diagnostics, sources, output_format, 1)
    if output_format == "text":
        click.echo(summary(awarded, recorded_before=db_path is not None and recorded is not None))
    sys.exit(EXIT_OK)


def summary(awarded: Contract, *, recorded_before: bool) -> str:
    """What was recorded, in a few lines."""
    from svspec import words
    from svspec.plaintext import one_line, visible

    head = "already recorded" if recorded_before else "awarded"
    lines = [f"Contract {awarded.name} {head}: {visible(one_line(awarded.supplier))}, "
             f"{awarded.starts.isoformat()} to {awarded.ends.isoformat()}, "
             f"{len(awarded.periods)} quarterly returns due {awarded.returns_due_days} days after each quarter."]
    for c in awarded.commitments:
        kpi = " KPI" if c.kpi else ""
        if c.committed is None:
            lines.append(f"  {c.measure}{kpi}: {visible(one_line(c.title))}: not a figure (recorded, not monitored)")
            continue
        how = c.frequency or "not reported"
        lines.append(f"  {c.measure}{kpi}: {words.quantity(c.committed, c.unit)} committed"
                     f" ({words.quantity(c.per_year, c.unit) if c.per_year is not None else '-'} a year), "
                     f"reported {how}")
    return "\n".join(lines)
