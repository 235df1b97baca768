"""The check rules of tenders whose framework is built on another (`extends`, docs/language/extends.md)."""

from __future__ import annotations

from svspec.diagnostics import Diagnostic, Related, make
from svspec.semantics.rules import rule
from svspec.semantics.symbols import Tender


@rule("measure-dropped", "measure-renamed")
def selections_follow_the_layers(tender: Tender) -> list[Diagnostic]:
    """A directorate's framework may drop or re-code a measure of the council's: a tender written
    against it selects by the codes it publishes, and cannot ask for a dropped measure. Both
    locations are shown: the selection and the `drop` or `rename` line."""
    framework = tender.framework
    if framework is None or framework.lineage is None:
        return []
    out: list[Diagnostic] = []
    for selection in tender.selections.values():
        if selection.measure is not None:
            continue
        drop = framework.lineage.dropped.get(selection.code)
        rename = framework.lineage.renamed.get(selection.code)
        if drop is not None:
            out.append(make("measure-dropped", selection.span, name=selection.code, framework=framework.name,
                            related=[Related(span=drop.span, message="dropped here")]))
        elif rename is not None:
            new = rename.new.text
            while new in framework.lineage.renamed and new not in framework.measures:
                new = framework.lineage.renamed[new].new.text
            out.append(make("measure-renamed", selection.span, name=selection.code, new=new,
                            framework=framework.name, related=[Related(span=rename.span, message="renamed here")]))
    return out
