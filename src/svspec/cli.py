"""The `svspec` command. Exit codes: 0 fine, 1 problems in the input, 2 usage errors.

Subcommands live in `svspec.commands.<name>` and are imported only when run, so that
`svspec --version` starts quickly.
"""

from __future__ import annotations

import importlib

import click

from svspec import __version__

COMMANDS: dict[str, str] = {
    "check": "Check specs and report every problem.",
    "fmt": "Format specs in the canonical layout.",
    "explain": "Explain a diagnostic code.",
    "new": "Scaffold a framework, a tender and an example bid.",
    "schema": "Write the JSON Schema for bids to a tender.",
    "template": "Write a blank bid to fill in (YAML, JSON or spreadsheet).",
    "validate": "Check returned bids against a tender.",
    "score": "Score and rank bids to a tender.",
    "marks-template": "Write a marks spreadsheet for evaluators to fill in.",
    "summaries": "Write the assessment summary to send to each bidder.",
    "build": "Write every output for a spec into a folder.",
    "docs": "Write the guidance website for a spec.",
    "diff": "Show what changed between two versions of a spec.",
    "test": "Run the executable examples (test cases) kept beside a spec.",
    "award": "Record the contract awarded on the winning bid.",
    "return-template": "Write a blank delivery return for a contract and quarter.",
    "monitor": "Import delivery returns and report committed vs delivered.",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"svspec.commands.{cmd_name.replace('-', '_')}")
        command: click.Command = module.command
        command.name = cmd_name
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name]) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="svspec", message="%(prog)s %(version)s")
def main() -> None:
    """svspec: social value frameworks and tenders as plain-text specs.

    Write a framework once, reuse it in every tender, and compile each spec to bid templates,
    scoring and guidance. Exit codes: 0 fine, 1 problems in the input, 2 usage errors.
    """


if __name__ == "__main__":  # pragma: no cover
    main()
