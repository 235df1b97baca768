"""Evaluator marks files: mutations of the example marks, and their oracles.

The example marks of both tenders (consensus and mean moderation) are damaged as data (marks
written `75%`, `0x64`, `1e2`, evaluators emptied, bidders renamed to lookalikes, consensus
removed) and as text (duplicate keys, a second `bidder:` in one entry, alias bombs, tags).

Oracles for marks `load_marks` accepts: no reference or duplicate key in the YAML; every mark is
the number as written, with `%` only on a percentage scale; every entry has at least one
evaluator's mark; and the example bids then score with them, every report rendered.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import yaml

from svspec.scoring.marks import load_marks, marked_items
from tests.fuzz import payloads
from tests.fuzz.bids import Raw, _mutate_yaml_text, to_yaml
from tests.fuzz.common import (
    Context,
    check_name,
    errors,
    number_as_written,
    render_all,
    score_and_render,
    yaml_facts,
)
from tests.fuzz.harness import Case, Problems, rng_for

TARGET = "marks"


def _mutate(rng: random.Random, data: dict[str, Any], bidders: list[str]) -> str:
    entries = data.get("marks") if isinstance(data.get("marks"), list) else []
    entry = rng.choice(entries) if entries else {}
    if not isinstance(entry, dict):
        entry = {}
    evaluators = entry.get("evaluators") if isinstance(entry.get("evaluators"), dict) else {}
    roll = rng.randrange(12)
    if roll <= 2 and evaluators:
        name = rng.choice(sorted(evaluators))
        evaluators[name] = {"mark": Raw(rng.choice(payloads.MARKS)), "reason": "fuzz"}
        return f"evaluator {name} mark"
    if roll == 3 and isinstance(entry.get("consensus"), dict):
        entry["consensus"]["mark"] = Raw(rng.choice(payloads.MARKS))
        return "consensus mark"
    if roll == 4:
        entry["evaluators"] = rng.choice([{}, [], None, "E1", {"E1": 75}, {"E1": {"reason": "no mark"}}])
        return "evaluators odd"
    if roll == 5:
        entry.pop(rng.choice(["consensus", "evaluators", "bidder", "item"]), None)
        return "delete a field"
    if roll == 6:
        entry["bidder"] = rng.choice([*payloads.TEXTS[:14], rng.choice(bidders) + rng.choice([" ", "\u200b", "."])])
        return "bidder renamed"
    if roll == 7:
        entry["item"] = rng.choice(["Q3", "LBL1", "lbl6", "Q1 ", "LBL8", "LBL6", "", "Q2"])
        return "item"
    if roll == 8 and isinstance(entry.get("consensus"), dict):
        entry["consensus"]["reason"] = rng.choice([None, "", *payloads.TEXTS[20:30]])
        return "consensus reason"
    if roll == 9 and entries:
        repeated = rng.choice(entries)
        entries.append(dict(repeated) if isinstance(repeated, dict) else repeated)
        return "entry repeated"
    if roll == 10:
        data["tender"] = rng.choice(["meals-2027", "waste-2027 ", "", Raw("~"), Raw("[]")])
        return "tender"
    data[rng.choice(["marks", "extra", "moderation"])] = rng.choice([None, {}, "x", [1, 2], [[]]])
    return "structure"


def _text_attack(rng: random.Random, text: str) -> tuple[str, str]:
    roll = rng.randrange(5)
    if roll == 0 and "E1: {mark: " in text:
        return text.replace("E1: {mark: ", "E1: {mark: 0, reason: \"first\"}\n      E1: {mark: ", 1), "duplicate E1"
    if roll == 1 and "    item: " in text:
        at = text.index("    item: ")
        return text[:at] + "    bidder: \"Greenway Environmental\"\n" + text[at:], "second bidder"
    if roll == 2:
        return payloads.alias_bomb(rng.choice(payloads.BOMB_LEVELS)) + text, "alias bomb"
    if roll == 3 and "{mark: " in text:
        return text.replace("{mark: ", "{mark: " + rng.choice(payloads.YAML_TAGS) + ", x: ", 1), "tag"
    return _mutate_yaml_text(rng, text)


def generate(seed: int, index: int, context: Context) -> Case:
    """One marks file for one tender (consensus or mean moderation), damaged as data and/or text."""
    rng = rng_for(TARGET, seed, index)
    tender = rng.choice(sorted(context.marks_texts))
    text = context.marks_texts[tender]
    notes = []
    if rng.random() < 0.8:
        data = yaml.safe_load(text)
        bidders = [b.bidder for b in context.example_bids[tender]]
        for _ in range(rng.randrange(1, 3)):
            notes.append(_mutate(rng, data, bidders))
        text = to_yaml(rng, data) + "\n"
    if rng.random() < 0.3:
        text, what = _text_attack(rng, text)
        notes.append(what)
    return Case(target=TARGET, seed=seed, index=index, name=f"{tender}-marks.yaml",
                data=text.encode("utf-8", errors="surrogatepass"), note="; ".join(notes))


def examine(case: Case, context: Context, problems: Problems) -> None:
    """Load the marks against the tender and its example bids; accepted marks must score them."""
    tender = context.tenders[case.name.split("-marks")[0]]
    bids = context.example_bids[tender.name]
    path = context.path(case.name)
    path.write_bytes(case.data)
    marks, diagnostics, text = load_marks(path, tender, [b.bidder for b in bids], display=case.name)
    render_all(diagnostics, {case.name: text})
    if marks is None:
        if not errors(diagnostics):
            problems.add("inconsistent", "the marks were refused without an error")
        return
    facts = yaml_facts(text)
    if facts is None or facts.aliases or facts.duplicates:
        what = "unreadable YAML" if facts is None else "anchors or aliases" if facts.aliases else \
            f"the duplicate key '{facts.duplicates[0][:40]}'"
        problems.add("silent", f"marks with {what} were accepted")
    _check_written(text, tender, problems)
    for entry in marks.entries:
        check_name(entry.bidder, "marks", problems)
        if not entry.evaluators:
            problems.add("silent", f"marks: an entry for {entry.item} with no evaluator's mark was accepted")
    score_and_render(tender, bids, marks, problems, "the marks", tolerate={"marks/missing-mark"})


def _check_written(text: str, tender: Any, problems: Problems) -> None:
    """Each mark in the file is the number a person reads there, with % only on a percentage scale."""
    scales = marked_items(tender)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    top = dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else {}
    entries = top.get("marks")
    for entry in entries.value if isinstance(entries, yaml.SequenceNode) else []:
        if not isinstance(entry, yaml.MappingNode):
            continue
        fields = {k.value: v for k, v in entry.value if isinstance(k, yaml.ScalarNode)}
        item = fields.get("item")
        scale = scales.get(item.value)[1] if isinstance(item, yaml.ScalarNode) and item.value in scales else None
        if scale is None:
            continue
        written = []
        ev = fields.get("evaluators")
        if isinstance(ev, yaml.MappingNode):
            written += [m for _, m in ev.value]
        if "consensus" in fields:
            written.append(fields["consensus"])
        for holder in written:
            if not isinstance(holder, yaml.MappingNode):
                continue
            mark = next((v for k, v in holder.value if isinstance(k, yaml.ScalarNode) and k.value == "mark"), None)
            if not isinstance(mark, yaml.ScalarNode):
                continue
            raw = mark.value.strip()
            if raw.endswith("%") and not scale.percent:
                problems.add("silent", f"marks: {raw[:20]!r} was accepted on the 0-100 scale {scale.name}")
                continue
            value = number_as_written(raw.removesuffix("%"))
            if value is None or Fraction(value) not in {Fraction(level.value) for level in scale.levels}:
                problems.add("silent", f"marks: {raw[:20]!r} was accepted as a mark on {scale.name}")
