"""`svspec return-template DB-OR-CONTRACT --period 2027-Q2 [--contract NAME] [--format yaml|json|xlsx] [-o FILE]`"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from svspec.commands.common import EXIT_OK, open_database


@click.command()
@click.argument("db_path", metavar="DB-OR-CONTRACT", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--period", required=True, help="The quarter, written YEAR-Qn (2027-Q2 is April to June 2027).")
@click.option("--contract", "contract_name", help="The contract (needed when the database holds several).")
@click.option("--format", "output_format", type=click.Choice(["yaml", "json", "xlsx"]), default="yaml",
              show_default=True, help="yaml (with a comment on each figure), json, or a spreadsheet.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file (needed for xlsx).")
def command(db_path: Path, period: str, contract_name: str | None, output_format: str, output: Path | None) -> None:
    """Write a blank delivery return for one quarter of a contract: from the monitoring database
    (`svspec award --db`) or a contract file (`svspec award --out contract.json`). It has one figure
    for each commitment due in that quarter, set to 0, with what was committed.
    """
    from svspec.delivery import periods, template
    from svspec.delivery.files import write_atomic
    from svspec.delivery.store import today

    if db_path.suffix.lower() == ".json":
        from svspec.commands.common import EXIT_PROBLEMS, print_diagnostics
        from svspec.delivery.export import read_contract
        from svspec.delivery.returns import display_path

        read, problems = read_contract(db_path, display_path(db_path))
        if read is None:
            sys.exit(print_diagnostics(problems, {}, "text", 1) or EXIT_PROBLEMS)
        contracts = {read.name: read}
    else:
        with open_database(db_path) as db:
            contracts = db.contracts()
    if contract_name is None:
        if len(contracts) != 1:
            raise click.UsageError(f"the database holds {len(contracts)} contracts: name one with --contract")
        contract_name = next(iter(contracts))
    contract = contracts.get(contract_name)
    if contract is None:
        raise click.UsageError(f"the database has no contract '{contract_name}' (it holds: {', '.join(contracts)})")
    quarter = periods.parse(period)
    if quarter is None or quarter not in contract.periods:
        raise click.UsageError(f"'{period}' is not a quarter of contract '{contract.name}' "
                               f"({contract.periods[0].name} to {contract.periods[-1].name})")
    if output_format == "xlsx":
        if output is None:
            raise click.UsageError("a spreadsheet is written to a file: give -o FILE.xlsx")
        write_atomic(output, template.to_xlsx(contract, period))
        sys.exit(EXIT_OK)
    write = template.to_yaml if output_format == "yaml" else template.to_json
    text = write(contract, period, today())
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
    sys.exit(EXIT_OK)
