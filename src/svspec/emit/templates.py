"""Blank bids to fill in: YAML (with a comment above each answer), JSON, and the spreadsheet.

Every template is generated from the tender through the same `BidRules` that validate returned
bids, so the questions asked are exactly those scored. `svspec build` writes
`bid-template.yaml`, `bid-template.json` and `bid-template.xlsx`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from svspec import model, words
from svspec.bids.jsontext import dumps
from svspec.bids.rules import (
    AnswerRule,
    BidRules,
    asking,
    describe_evidence,
    describe_limits,
    describe_scoring,
    expected_kind,
)
from svspec.kinds.answers import answer_kind
from svspec.plaintext import yaml_comment, yaml_key

TEMPLATE_FILES = {"yaml": "bid-template.yaml", "json": "bid-template.json", "xlsx": "bid-template.xlsx"}


def _comment(text: str, indent: str, prefix: str = "") -> list[str]:
    """`# ` lines holding `text` wrapped: one YAML comment whatever line separators it holds."""
    lines = textwrap.wrap(yaml_comment(text), width=96 - len(indent), initial_indent=prefix,
                          subsequent_indent=" " * len(prefix)) or [prefix]
    return [f"{indent}# {line}".rstrip() for line in lines]


def answer_notes(rule: AnswerRule, tender: model.Tender) -> list[tuple[str, str]]:
    """The notes shown beside an answer in every template: (label, text) pairs."""
    notes = []
    kind = expected_kind(rule.answer, rule.unit)
    limits = describe_limits(rule.answer, rule.unit)
    notes.append(("Answer", kind + (f", {limits}" if limits else "")))
    notes += asking(rule)
    if rule.guidance:
        notes.append(("Guidance", rule.guidance))
    if isinstance(rule.item, model.Measure) and rule.item.origin is not None:
        notes.append(("Origin", rule.item.origin.words()))
    evidence = describe_evidence(rule.evidence)
    if evidence:
        notes.append(("Evidence", evidence))
    criterion = "quality" if rule.section == "quality" else "social value"
    scored = describe_scoring(rule)
    if rule.scoring is not None:
        scored += f" Weight: {words.percent(rule.weight)} of {criterion}."
    notes.append(("Scored", scored))
    if rule.no_double_counting_with:
        notes.append(("Do not double count with", ", ".join(rule.no_double_counting_with)))
    if rule.part_of:
        notes.append(("Part of", f"{', '.join(rule.part_of)}: never more than that figure"))
    return notes


def yaml_template(tender: model.Tender) -> str:
    """A blank YAML bid with a comment above each answer."""
    rules = BidRules.for_tender(tender)
    version = f", version {tender.version}" if tender.version else ""
    # Spec text in a comment must stay in the comment: a U+2028 in the title would otherwise start
    # a new line holding `bidder:` or `price:` keys that YAML reads.
    lines = ["# " + yaml_comment(f"Bid to: {tender.title} (tender {tender.name}{version})")]
    if tender.closes:
        lines.append("# " + yaml_comment(f"Bids close on {tender.closes}."))
    if tender.narrative_limit is not None:
        lines.append("# " + yaml_comment(f"All text answers together: at most {tender.narrative_limit:,} "
                                         f"{tender.narrative_unit}."))
    lines += [
        "# Fill in every answer below. Numbers without units, commas or quotes; yes or no for yes/no",
        "# answers; text in quotes (or after '|' on the lines below it). Give 0 or no when you commit nothing.",
        f"# Check the bid before sending it: svspec validate {tender.name}.svspec THIS-FILE.yaml",
        *attaching_comment(rules),
        "",
        f"tender: {tender.name}",
        'bidder: ""  # your organisation\'s name',
        "# submitted: 2027-01-10T12:00:00Z  # optional: when you submit the bid",
    ]
    if rules.has_price and tender.price_components:
        lines.append("price:  # the price of each component in pounds: numbers, without £ or commas")
        for c in tender.price_components:
            times = "" if c.times == 1 else f" (counted {c.times} times in the whole-life cost)"
            lines += _comment(f"{c.code} \"{c.title}\"{times}", "  ")
            lines.append(f"  {yaml_key(c.code)}:")
    elif rules.has_price:
        lines.append("price:  # the total price in pounds: a number, without £ or commas")
    for section, section_rules in rules.by_section.items():
        if not section_rules:
            continue
        lines += ["", f"{section}:"]
        for code, rule in section_rules.items():
            lines += _comment(f"{code} \"{rule.title}\"" + (f" ({rule.unit})" if rule.unit else ""), "  ")
            for label, text in answer_notes(rule, tender):
                lines += _comment(text, "  ", f"{label}: ")
            kind = answer_kind(rule.answer)
            blank = kind.blank_value(rule.answer)
            if isinstance(blank, dict):  # several figures, one line each
                lines.append(f"  {yaml_key(code)}:")
                lines += [f"    {part}:" for part in blank]
                continue
            shown = '""' if blank == "" else ""
            lines.append(f"  {yaml_key(code)}: {shown}".rstrip())
    if rules.local_areas:
        lines += ["", "local:"]
        lines += _comment("Optional: for each measure that counts local results only, the postcode districts "
                          "the people or results you count come from, e.g. [SE11, SW9].", "  ")
        for code, area in rules.local_areas.items():
            lines += _comment(f"{code}: one or more of {', '.join(area)}", "  ")
            lines.append(f"  {yaml_key(code)}: []")
    lines += ["", "evidence:"]
    due = [r for r in rules.rules if r.evidence_with_bid]
    if due:
        lines += _comment("List the documents you send with the bid, under the code they support. Needed for "
                          "each commitment (a number above 0, a yes, or a text answer) to:", "  ")
        for r in due:
            lines += _comment(f"{r.code}: {'; '.join(r.evidence_with_bid)}", "  ", "- ")
        lines.append(f"  # for example  {yaml_key(due[0].code)}: [\"{due[0].code.lower()}-evidence.pdf\"]")
    else:
        lines += _comment("Optional: documents you send with the bid, under the code they support.", "  ")
    return "\n".join(lines) + "\n"


def attaching_comment(rules: BidRules) -> list[str]:
    """How to give a long text answer as an attached document (issue 13 item 8), when the tender asks for text."""
    if not any(r.kind.narrative for r in rules.rules):
        return []
    return ["# A long text answer may be a document sent with the bid: write \"attached: FILE-NAME\" (in quotes)",
            "# and list the same file under evidence for that code. It keeps to the answer's limit: svspec",
            "# validate counts the words of a .docx, .txt or .md file beside this bid."]


def blank_bid(tender: model.Tender) -> dict[str, Any]:
    """The data of a blank bid: every answer present and empty (None, or "" for text)."""
    rules = BidRules.for_tender(tender)
    data: dict[str, Any] = {"tender": tender.name, "bidder": ""}
    if rules.has_price:
        data["price"] = {c.code: None for c in tender.price_components} if tender.price_components else None
    for section, section_rules in rules.by_section.items():
        if section_rules:
            data[section] = {code: answer_kind(r.answer).blank_value(r.answer) for code, r in section_rules.items()}
    if rules.local_areas:
        data["local"] = {code: [] for code in rules.local_areas}
    data["evidence"] = {}
    return data


def json_template(tender: model.Tender) -> str:
    """A blank JSON bid (JSON has no comments: the schema and the YAML template explain each answer)."""
    return dumps(blank_bid(tender), sort_keys=False)


def emit(spec: model.Model, out: Path) -> None:
    """Write the YAML, JSON and spreadsheet templates for a tender into `out`."""
    from svspec.emit.build import write_text
    from svspec.emit.xlsx import workbook_bytes
    from svspec.outputs import write_file

    if not isinstance(spec, model.Tender):
        return
    yaml_text = yaml_template(spec)
    write_text(out / TEMPLATE_FILES["yaml"], yaml_text)
    write_text(out / TEMPLATE_FILES["json"], json_template(spec))
    write_file(out / TEMPLATE_FILES["xlsx"], workbook_bytes(spec), durable=False)
