"""Bids in YAML and JSON: structure and value mutations of the example bids, and their oracles.

A seed bid is read as plain data, damaged (answers replaced by odd numbers, names by unicode
tricks, sections deleted, nested or turned into lists, evidence made strange), written back as
YAML or JSON in a randomly chosen style, and then, now and then, damaged again as text
(duplicate keys, anchors and aliases, tags, a second document, random bytes).

Oracles for a bid `load_bid` accepts: the YAML holds no reference, tag or duplicate key (read
from PyYAML's events); every number is the number as written (`012` is twelve, `0x1F` is not a
number); the bidder's name is visible text; text answers hold no control characters; the
claimed submission time is a real time; and the bid scores, with every report rendered.
"""

from __future__ import annotations

import datetime
import json
import random
from decimal import Decimal
from typing import Any

import yaml

from svspec.bids.read import load_bid
from tests.fuzz import payloads
from tests.fuzz.common import (
    CLI_EVERY,
    LAMBETH,
    Context,
    check_name,
    check_text_answer,
    errors,
    full_marks,
    number_as_written,
    render_all,
    run_cli,
    score_and_render,
    yaml_facts,
    yaml_scalars,
)
from tests.fuzz.harness import Case, Problems, rng_for

TARGET = "bids"
SECTIONS = ("quality", "social_value")


class Raw(str):
    """Text written into the file as it is: `0x1F` stays `0x1F`, unquoted."""

    __slots__ = ()


# ------------------------------------------------------------------------------------ data mutations

def _seed(rng: random.Random, context: Context) -> tuple[str, str, Any]:
    name = rng.choice(sorted(context.bid_texts))
    text = context.bid_texts[name]
    data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    return name, text, _plain(data)


def _plain(value: Any) -> Any:
    """Seed data as the writers take it: dates back to the text they were written as."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat().replace("+00:00", "Z")
    return value


def _answers(data: Any) -> list[tuple[str, str]]:
    out = []
    for section in SECTIONS:
        if isinstance(data.get(section), dict):
            out += [(section, code) for code in data[section]]
    return out


def _odd_number(rng: random.Random, kind: str) -> Any:
    roll = rng.random()
    if roll < 0.7:
        return Raw(rng.choice(payloads.YAML_NUMBERS if kind == "yaml" else payloads.JSON_NUMBERS))
    if roll < 0.85:
        return Raw(str(rng.choice([0, 1, -1, 10**rng.randrange(0, 40), rng.randrange(-10**6, 10**6)])))
    return Raw(f"{rng.randrange(0, 10**6)}.{rng.randrange(0, 10**9):09d}")


def _odd_text(rng: random.Random) -> str:
    text = rng.choice(payloads.TEXTS)
    if rng.random() < 0.3:
        text = rng.choice(["Acme Services Ltd", "Kitchen Co-operative", "x"]) + text
    return text


def _deep(rng: random.Random) -> Raw:
    """Nesting written as flow text (the writers themselves must not recurse 1,000 deep)."""
    depth = rng.choice([5, 33, 64, 200, 1000])
    if rng.random() < 0.5:
        return Raw("[" * depth + "1" + "]" * depth)
    return Raw('{"k": ' * depth + "1" + "}" * depth)


def _mutate_data(rng: random.Random, data: dict[str, Any], kind: str) -> str:
    answers = _answers(data)
    roll = rng.randrange(16)
    if roll <= 2 and answers:
        section, code = rng.choice(answers)
        data[section][code] = _odd_number(rng, kind)
        return f"{section}.{code} = number"
    if roll == 3:
        data["price"] = _odd_number(rng, kind)
        return "price = number"
    if roll == 4:
        data["bidder"] = _odd_text(rng)
        return "bidder = text"
    if roll == 5 and answers:
        section, code = rng.choice(answers)
        data[section][code] = _odd_text(rng)
        return f"{section}.{code} = text"
    if roll == 6:
        submitted = rng.choice(payloads.SUBMITTED)
        data["submitted"] = submitted if rng.random() < 0.7 else Raw(submitted)
        return "submitted"
    if roll == 7:
        key = rng.choice(sorted(data))
        del data[key]
        return f"delete {key}"
    if roll == 8 and answers:
        section, code = rng.choice(answers)
        del data[section][code]
        return f"delete {section}.{code}"
    if roll == 9:
        key = rng.choice([*sorted(data), "extra", "Bidder", "price ", "évidence"])
        data[key] = rng.choice([None, [], {}, "x", Raw("1"), _deep(rng), [1, 2], {"a": {"b": 1}}, True])
        return f"{key} = odd structure"
    if roll == 10:
        data["tender"] = rng.choice(["meals-2027", "waste-2027 ", "WASTE-2027", "", "waste-2028", _odd_text(rng)])
        return "tender"
    if roll == 11 and answers:
        section, code = rng.choice(answers)
        data[section][rng.choice(["LBL2", "LBL4", "LBL7", "LBL9", "lbl1", code + " ", "Q3", "Q1", "LBL1"])] = \
            data[section].pop(code)
        return f"rename {code}"
    if roll == 12:
        evidence = data.setdefault("evidence", {}) if isinstance(data.get("evidence"), dict) else {}
        data["evidence"] = evidence
        code = rng.choice([c for _, c in answers] or ["LBL6"])
        evidence[code] = rng.choice([[], ["a.pdf", "a.pdf"], "plan.pdf", [_odd_text(rng)], [Raw("1")],
                                     ["x.pdf"] * rng.choice([2, 100, 5000]), [["nested.pdf"]], None,
                                     ["../../etc/passwd"], ["a;b.pdf"]])
        return f"evidence.{code}"
    if roll == 13 and answers:
        (s1, c1), (s2, c2) = rng.choice(answers), rng.choice(answers)
        data[s1][c1], data[s2][c2] = data[s2][c2], data[s1][c1]
        return f"swap {c1} {c2}"
    if roll == 14 and answers:
        section, code = rng.choice(answers)
        data[section][code] = rng.choice([True, False, None, [], {}, Raw("yes"), Raw("no"), Raw("on"), Raw("~")])
        return f"{section}.{code} = literal"
    section = rng.choice(SECTIONS)
    data[section] = rng.choice([None, [], "x", [data.get(section)], {}, Raw("0")])
    return f"{section} = odd"


# ----------------------------------------------------------------------------------------- writers

def _yaml_scalar(rng: random.Random, value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return rng.choice(["null", "~", ""])
    if isinstance(value, bool):
        return rng.choice(["true", "yes", "True"] if value else ["false", "no", "False"])
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    text = str(value)
    style = rng.random()
    if style < 0.6 or "\n" in text or any(ord(c) < 32 for c in text):
        return json.dumps(text, ensure_ascii=rng.random() < 0.5)
    if style < 0.8:
        return "'" + text.replace("'", "''") + "'"
    return text


def to_yaml(rng: random.Random, value: Any, indent: int = 0) -> str:
    """Block-style YAML for plain data (lists now and then in flow style), with Raw text as it is."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            key_text = _yaml_scalar(rng, key) if not isinstance(key, str) or not key.isidentifier() else key
            block = (isinstance(item, dict) and item) or (isinstance(item, list) and item and rng.random() < 0.5)
            if block:
                lines.append(f"{pad}{key_text}:\n{to_yaml(rng, item, indent + 1)}")
            else:
                lines.append(f"{pad}{key_text}: {_flow(rng, item)}")
        return "\n".join(lines)
    if isinstance(value, list):
        return "\n".join(f"{pad}- {_flow(rng, v)}" for v in value) if value else "[]"
    return _yaml_scalar(rng, value)


def _flow(rng: random.Random, value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_flow(rng, v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(rng, v) for v in value) + "]"
    return _yaml_scalar(rng, value)


def to_json(rng: random.Random, value: Any) -> str:
    """JSON for plain data, with Raw text written as it is (so `1e100001` stays a JSON number)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {to_json(rng, v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_json(rng, v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=rng.random() < 0.5)


# ----------------------------------------------------------------------------------- text mutations

def _mutate_yaml_text(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    roll = rng.randrange(12)
    if roll <= 1:
        lines.insert(rng.randrange(i, len(lines) + 1), lines[i])
        return "\n".join(lines), "duplicate line"
    if roll == 2:
        lines[i] = lines[i].replace(": ", ": &a ", 1)
        target = rng.randrange(len(lines))
        if ": " in lines[target] and target != i:
            lines[target] = lines[target].split(": ", 1)[0] + ": *a"
        return "\n".join(lines), "anchor and alias"
    if roll == 3:
        tag = rng.choice(payloads.YAML_TAGS)
        if ": " in lines[i]:
            lines[i] = lines[i].split(": ", 1)[0] + ": " + tag
        return "\n".join(lines), "tag"
    if roll == 4:
        return payloads.alias_bomb(rng.choice(payloads.BOMB_LEVELS)) + text, "alias bomb"
    if roll == 5:
        return text + rng.choice(["\n---\nprice: 1\n", "\n...\n", "\n--- !!map\n"]), "second document"
    if roll == 6:
        return rng.choice(["%YAML 1.1\n---\n", "%YAML 1.2\n---\n", "%TAG ! tag:x,2000:\n---\n", "\ufeff"]) + text, \
            "directive"
    if roll == 7:
        return text.replace("\n", rng.choice(["\r\n", "\r", "\n\t", "\u2028", "\x85"])), "line ends"
    if roll == 8:
        at = rng.randrange(len(text) + 1)
        return text[:at] + "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(1, 5))) + text[at:], \
            "random characters"
    if roll == 9:
        if ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            lines[i] = f"{key}: " + rng.choice(["<<: *a", "? [a, b]", "{a: 1, a: 2}", "[" * 50, "|\n  x", ">-"])
        return "\n".join(lines), "odd structure"
    if roll == 10:
        lines.insert(i, lines[i].split(":")[0] + rng.choice([": 1", ": x", ":", ": []"]))
        return "\n".join(lines), "duplicate key"
    at = rng.randrange(len(text) + 1)
    return text[:at] + text[at + 1:], "delete a character"


def _mutate_json_text(rng: random.Random, text: str) -> tuple[str, str]:
    roll = rng.randrange(6)
    if roll == 0 and '"price":' in text:
        return text.replace('"price":', '"price": 1, "price":', 1), "duplicate key"
    if roll == 1 and '"bidder":' in text:
        return text.replace('"bidder":', '"bidder": "Forged Ltd", "bidder":', 1), "duplicate bidder"
    if roll == 2:
        return text.rstrip().rstrip("}") + ", }", "trailing comma"
    if roll == 3:
        return "// comment\n" + text, "comment"
    if roll == 4:
        return "[" * rng.choice([10, 100, 10_000]) + text, "deep"
    at = rng.randrange(len(text) + 1)
    return text[:at] + chr(rng.randrange(0, 0x3000)) + text[at:], "random character"


def generate(seed: int, index: int, context: Context) -> Case:
    """One bid file: an example bid damaged as data, then written (and now and then damaged as text)."""
    rng = rng_for(TARGET, seed, index)
    name, text, data = _seed(rng, context)
    kind = rng.choice(["yaml", "json"]) if rng.random() < 0.3 else ("json" if name.endswith(".json") else "yaml")
    notes = []
    if rng.random() < 0.9:
        for _ in range(rng.randrange(1, 4)):
            notes.append(_mutate_data(rng, data, kind))
        text = to_yaml(rng, data) + "\n" if kind == "yaml" else to_json(rng, data)
    elif kind == "json" and not name.endswith(".json"):
        text = to_json(rng, data)
    if rng.random() < 0.25:
        text, what = (_mutate_yaml_text if kind == "yaml" else _mutate_json_text)(rng, text)
        notes.append(what)
    raw = text.encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.02:
        raw = text.encode(rng.choice(["utf-16", "latin-1"]), errors="replace")
    tender = "meals-2027" if "meals" in name else "waste-2027"
    return Case(target=TARGET, seed=seed, index=index, name=f"{tender}-bid.{'json' if kind == 'json' else 'yaml'}",
                data=raw, note="; ".join(notes))


# ----------------------------------------------------------------------------------------- oracles

def examine(case: Case, context: Context, problems: Problems) -> None:
    """Validate the bid as `svspec validate` does; for an accepted bid, check what was read and score it."""
    tender = context.tenders[case.name.split("-bid")[0]]
    path = context.path(case.name)
    path.write_bytes(case.data)
    bid, diagnostics = load_bid(path, tender)
    render_all(diagnostics, {str(path): case.data.decode("utf-8", "replace")})
    if case.index % CLI_EVERY == 0:
        spec = str(LAMBETH / f"{tender.name}.svspec")
        if run_cli(["validate", spec, str(path)], problems) == 0:
            formats = ("table", "json", "csv", "md")
            run_cli(["score", spec, str(path), "--format", formats[case.index // CLI_EVERY % 4]], problems)
    if bid is None:
        if not errors(diagnostics):
            problems.add("inconsistent", "the bid was refused without an error")
        return
    text = case.data.decode("utf-8-sig", errors="replace")
    if case.name.endswith(".yaml"):
        _check_yaml(text, bid, problems)
    else:
        _check_json(text, problems)
    check_name(bid.bidder, "bid", problems)
    for section in (bid.quality, bid.social_value):
        for code, value in section.items():
            if isinstance(value, str):
                check_text_answer(value, f"bid {code}", problems)
    _check_submitted(bid.submitted, tender.closes, diagnostics, problems)
    others = [b for b in context.example_bids[tender.name] if b.bidder != bid.bidder]
    bids = [bid, *others[: case.index % 3]]
    score_and_render(tender, bids, full_marks(tender, [b.bidder for b in bids]), problems, "the bid")


def _check_yaml(text: str, bid: Any, problems: Problems) -> None:
    facts = yaml_facts(text)
    if facts is None:
        problems.add("silent", "a bid PyYAML cannot read was accepted")
        return
    if facts.aliases:
        problems.add("silent", "a bid with YAML anchors or aliases was accepted")
    if facts.duplicates:
        problems.add("silent", f"a bid with the duplicate key '{facts.duplicates[0][:40]}' was accepted")
    scalars = yaml_scalars(text)
    numbers: list[tuple[tuple[str, ...], Any]] = [(("price",), bid.price)]
    numbers += [(("quality", c), v) for c, v in bid.quality.items()]
    numbers += [(("social_value", c), v) for c, v in bid.social_value.items()]
    for path, value in numbers:
        node = scalars.get(path)
        if not isinstance(value, Decimal) or node is None:
            continue
        written = number_as_written(node.value)
        if written is None or written != value:
            problems.add("silent", f"bid {'.'.join(path)}: {node.value[:40]!r} is read as the number {value}")


def _check_json(text: str, problems: Problems) -> None:
    seen: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        seen.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(items)

    try:
        json.loads(text, object_pairs_hook=pairs, parse_float=Decimal, parse_int=Decimal)
    except (ValueError, RecursionError):
        problems.add("silent", "a JSON bid Python's json module cannot read was accepted")
        return
    if seen:
        problems.add("silent", f"a JSON bid with the duplicate key '{seen[0][:40]}' was accepted")


def _check_submitted(submitted: str | None, closes: str | None, diagnostics: list[Any], problems: Problems) -> None:
    if not submitted:
        return
    try:
        when = datetime.datetime.fromisoformat(submitted)
    except ValueError:
        problems.add("silent", f"bid submitted: the impossible time {submitted[:40]!r} was accepted")
        return
    if closes is None:
        return
    close = datetime.datetime.fromisoformat(closes) + datetime.timedelta(days=1)
    when_naive = when.replace(tzinfo=None) if when.tzinfo is None else \
        when.astimezone(datetime.UTC).replace(tzinfo=None)
    flagged = any("submitted" in d.code or "submitted" in d.message for d in diagnostics)
    if when_naive >= close and not flagged:
        problems.add("silent", f"bid submitted: {submitted[:40]!r}, after the closing date, was accepted "
                               "without a word")
    if when.year < 2000 and not flagged:
        problems.add("silent", f"bid submitted: {submitted[:40]!r}, decades before the tender, was accepted")
