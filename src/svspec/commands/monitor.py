"""`svspec monitor import|report|history --db FILE`: delivery returns in the monitoring database."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from svspec.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    FORMAT_OPTION,
    exit_refused,
    open_database,
    print_diagnostics,
)

DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
                         help="The monitoring database (DuckDB), as given to `svspec award --db`.")


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD") from None


@click.group()
def command() -> None:
    """Keep contracts, commitments and delivery returns in one DuckDB file, and report on them.

    `svspec award --db FILE` records contracts; `import` adds returns (a corrected return becomes a
    new revision: nothing is overwritten); `report` shows committed vs delivered; `history` lists
    every revision of every return.
    """


@command.command("import")
@DB_OPTION
@click.argument("returns", nargs=-1, required=True, type=click.Path(path_type=Path))
@FORMAT_OPTION
def import_returns(db_path: Path, returns: tuple[Path, ...], output_format: str) -> None:
    """Check each return (YAML, JSON or a filled return spreadsheet) against its contract and store the valid ones.

    Each return is stored in one transaction, with its file's sha256; the same file twice is stored
    once. Every problem in an invalid return is reported with its place, and that return is not
    stored. Exit 1 when any return is invalid.
    """
    from svspec.delivery.returns import display_path, load_return

    if not db_path.is_file():
        raise click.UsageError(f"there is no database '{db_path}': record a contract first with `svspec award --db`")
    diagnostics = []
    sources: dict[str, str] = {}
    lines = []
    with open_database(db_path, output_format) as db:
        contracts = db.contracts()
        for path in returns:
            found, problems, text = load_return(path, contracts)
            diagnostics += problems
            sources[display_path(path)] = text
            if found is None:
                lines.append(f"{display_path(path)}: not imported (see the problems above)")
                continue
            done = db.import_return(found)
            if done.revision is None:
                lines.append(f"{found.file}: {found.contract} {found.period} already imported as revision "
                             f"{done.replaced} (same sha256): nothing changed")
            elif done.replaced is not None:
                lines.append(f"{found.file}: {found.contract} {found.period} revision {done.revision} imported; "
                             f"revision {done.replaced} is kept in the history")
            else:
                lines.append(f"{found.file}: {found.contract} {found.period} imported")
    status = print_diagnostics(diagnostics, sources, output_format, len(returns)) if diagnostics else EXIT_OK
    if output_format == "text":
        click.echo("\n".join(lines))
    sys.exit(EXIT_PROBLEMS if status else EXIT_OK)


@command.command("report")
@DB_OPTION
@click.option("--as-of", "as_of", callback=_day, metavar="DATE",
              help="Report as of this day (YYYY-MM-DD; today when not given): returns due by then count.")
@click.option("--format", "output_format", type=click.Choice(["text", "csv", "json"]), default="text",
              show_default=True, help="text for people; csv (one table, see --by) or json (every table).")
@click.option("--by", "dimension", type=click.Choice(["period", "contract", "measure", "outcome", "theme", "priority"]),
              default="period", show_default=True, help="The table written as CSV.")
def report(db_path: Path, as_of: date | None, output_format: str, dimension: str) -> None:
    """Committed vs delivered per contract, measure, outcome, theme and priority, per period and to
    date; social value delivered (valued as in scoring); late and missing returns; the performance
    rating of each KPI and contract with its reason.
    """
    from svspec.delivery import report as reports
    from svspec.delivery.store import today

    if not db_path.is_file():
        raise click.UsageError(f"there is no database '{db_path}'")
    with open_database(db_path) as db:
        built = reports.build(db, as_of or today())
    if output_format == "json":
        click.echo(reports.to_json(built), nl=False)
    elif output_format == "csv":
        click.echo(reports.to_csv(built, dimension), nl=False)
    else:
        click.echo(reports.to_text(built), nl=False)
    sys.exit(EXIT_OK)


@command.command("pages")
@DB_OPTION
@click.option("--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The folder of the MkDocs project to write (build it with `mkdocs build --strict`).")
@click.option("--as-of", "as_of", callback=_day, metavar="DATE",
              help="Report as of this day (YYYY-MM-DD; today when not given).")
@click.option("--force", is_flag=True, help="Write into a non-empty folder that svspec did not create.")
def pages(db_path: Path, out: Path, as_of: date | None, force: bool) -> None:
    """Write the portfolio pages: a page of every contract and one per contract, with charts of
    committed vs delivered over time and by outcome (static SVG, no script: they work offline) and
    each chart's figures in a table beside it.

    OUT is written atomically, like `svspec build --out`: it holds wholly the previous or wholly the
    new pages, and files you add to it survive.
    """
    from svspec.delivery import pages as portfolio
    from svspec.delivery import report as reports
    from svspec.delivery.store import today
    from svspec.outputs import OutputFolder, OutputRefused, cannot_write, write_file

    if not db_path.is_file():
        raise click.UsageError(f"there is no database '{db_path}'")
    with open_database(db_path) as db:
        built = reports.build(db, as_of or today())
        contracts = db.contracts()
    files = portfolio.render(built, contracts)
    try:
        # The database is never inside the folder replaced as a whole.
        with OutputFolder(out, command="monitor pages", force=force, protect=[db_path]) as folder:
            for name, data in sorted(files.items()):
                write_file(folder.staging / name, data, durable=False)
            published = folder.commit()
    except OutputRefused as refused:
        exit_refused(refused.diagnostic, "text")
    except OSError as error:
        exit_refused(cannot_write(out, error).diagnostic, "text")
    click.echo(f"wrote {len(published.files)} files to {out} ({len(built.contracts)} contracts, as of "
               f"{built.as_of.isoformat()})", err=True)
    sys.exit(EXIT_OK)


def _ocid_prefix(ctx: click.Context, param: click.Parameter, value: str) -> str:
    import re

    if not re.fullmatch(r"ocds-[a-z0-9]{6}", value):
        raise click.BadParameter(f"'{value}' is not an OCDS ocid prefix: 'ocds-' and six lower-case letters or digits, "
                                 "as registered with the Open Contracting Partnership (ocds-b5fd17 is Find a Tender's)")
    return value


@command.command("ocds")
@DB_OPTION
@click.option("--tender", "tenders", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="A tender spec of a recorded contract: its award criteria are exported too (repeat for more).")
@click.option("--as-of", "as_of", callback=_day, metavar="DATE",
              help="Assess performance as of this day (YYYY-MM-DD; today when not given).")
@click.option("--prefix", required=True, callback=_ocid_prefix, help="Your OCDS ocid prefix (ocds-xxxxxx).")
@click.option("--publisher", required=True, help="Who publishes the data: the contracting authority's name.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
def ocds_export(db_path: Path, tenders: tuple[Path, ...], as_of: date | None, prefix: str, publisher: str,
                output: Path | None) -> None:
    """Export the contract performance assessment and the award criteria as an OCDS 1.1 release package.

    For each recorded contract: an `implementation` release with each KPI's committed and delivered
    figures and rating (the Metrics extension's contracts/implementation/metrics) and the contract's
    rating; and, for each --tender given, a `tender` release with its award criteria and weights
    (the Lots and Award criteria breakdown extensions). The package is checked against the OCDS
    1.1 schema with those extensions before it is written.
    """
    from svspec.api import load
    from svspec.delivery import ocds
    from svspec.delivery import report as reports
    from svspec.delivery.store import today
    from svspec.model import Tender
    from svspec.outputs import OutputRefused, cannot_write, write_text

    if not db_path.is_file():
        raise click.UsageError(f"there is no database '{db_path}'")
    models = []
    for path in tenders:
        compiled = load(path)
        if not compiled.ok or not isinstance(compiled.model, Tender):
            problems = list(compiled.diagnostics)
            if compiled.ok:
                raise click.UsageError(f"'{path}' is not a tender")
            sys.exit(print_diagnostics(problems, dict(compiled.sources), "text", 1) or EXIT_PROBLEMS)
        models.append(compiled.model)
    with open_database(db_path) as db:
        built = reports.build(db, as_of or today())
        contracts = db.contracts()
    text = ocds.to_json(ocds.package(built, contracts, models, prefix=prefix, publisher=publisher))
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_text(output, text)
        except OutputRefused as refused:
            exit_refused(refused.diagnostic, "text")
        except OSError as error:
            exit_refused(cannot_write(output, error).diagnostic, "text")
        click.echo(f"wrote {output}: {len(contracts)} contracts as OCDS 1.1 releases", err=True)
    sys.exit(EXIT_OK)


@command.command("history")
@DB_OPTION
@click.option("--contract", "contract_name", help="Only this contract.")
def history(db_path: Path, contract_name: str | None) -> None:
    """Every stored revision of every return, oldest first: which one is current, and each file's sha256."""
    from svspec.plaintext import one_line, visible

    if not db_path.is_file():
        raise click.UsageError(f"there is no database '{db_path}'")
    with open_database(db_path) as db:
        rows = db.history(contract_name)
    for contract, period, revision, submitted, _imported, file, sha256, current in rows:
        state = "current" if current else "replaced"
        sent = submitted.isoformat() if submitted else "-"
        click.echo(f"{visible(one_line(contract))} {period} revision {revision} ({state}), submitted {sent}, "
                   f"{visible(one_line(file))}, sha256 {sha256}")
    sys.exit(EXIT_OK)


__all__ = ["command", "print_diagnostics"]
