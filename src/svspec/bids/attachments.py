"""Long answers given as an attached document (issue 13 item 8).

A text answer may be written as `attached: NAME` (the same in YAML, JSON and the spreadsheet's
answer cell), NAME being a document listed in the evidence of the same question or measure and sent
with the bid. `svspec validate` then counts the document's words, by the one rule text answers are
counted by (`scoring.core.count_words`, `count_characters`, through the answer kind's `length`), from
a `.txt`, `.md` or `.docx` file beside the bid, and holds them to the answer's own limit and to the
tender's `narrative up to N words in total`.

An attachment is input from outside. NAME must stay inside the bid's folder (no absolute path,
drive, `\\` or `..`), no link is followed, the file is read as a regular file of at most
`MAX_BYTES`, and a `.docx` is read by the standard library alone: its zip directory is checked
before anything is unpacked, only `word/document.xml` is unpacked and never past `MAX_XML_BYTES`
(a zip bomb stops there), and XML with a document type declaration (entities) is refused. Every
problem is a located diagnostic at the answer, never a traceback.

The answer's form itself is THE rule of `svspec.bids.attached` (`attached_name`), which the bid rules
and the answer kinds ask too.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from xml.etree import ElementTree

from svspec.bids.attached import attached_name

if TYPE_CHECKING:
    from svspec.bids.rules import AnswerRule, BidRules, Issue

COUNTED_SUFFIXES = (".txt", ".md", ".docx")
MAX_BYTES = 20 * 1024 * 1024
"""The largest attachment read (20 MiB): a long answer is far smaller; a larger file is refused unread."""
MAX_XML_BYTES = 64 * 1024 * 1024
"""The most a .docx's body XML may unpack to: a zip bomb is stopped here, not in memory exhaustion."""
MAX_ZIP_ENTRIES = 5_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY = "word/document.xml"


@dataclass(frozen=True, slots=True)
class Counted:
    """An attachment's length in words and in characters (a tender's narrative total may count in the
    other unit), its length in the answer's own unit, and where that limit is first passed (None: within it)."""

    words: int
    characters: int
    length: int
    passed_in: str | None


class Unreadable(Exception):
    """The attachment is there but cannot be read safely; the message says why, in words."""


class NotCounted(Exception):
    """The attachment's words cannot be counted (not beside the bid, another kind of file); why, in words."""


class BadName(Exception):
    """NAME points outside the bid's folder; why, in words."""


def attachments_of(data: Any, rules: BidRules) -> list[tuple[AnswerRule, str]]:
    """The text answers of bid data given as attached documents, with the names they give (an answer
    holding a refused character is already refused by the bid rules, and is not read further).

    Asked of every bid, so it looks only at the tender's text answers, found once per tender."""
    if type(data) is not dict:
        return []
    found = []
    for section, code, rule in _text_answers(rules):
        given = data.get(section)
        value = given.get(code) if type(given) is dict else None
        if type(value) is str and (name := attached_name(value)) is not None:
            from svspec.scoring.core import refused_character

            if refused_character(value) is None:
                found.append((rule, name))
    return found


_TEXT_ANSWERS: dict[int, tuple[BidRules, tuple[tuple[str, str, AnswerRule], ...]]] = {}


def _text_answers(rules: BidRules) -> tuple[tuple[str, str, AnswerRule], ...]:
    """The answers of a tender that may be attached documents (its narrative text answers), remembered."""
    hit = _TEXT_ANSWERS.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    if len(_TEXT_ANSWERS) > 64:
        _TEXT_ANSWERS.clear()
    answers = tuple((r.section, r.code, r) for r in rules.rules if r.kind.narrative)
    _TEXT_ANSWERS[id(rules)] = (rules, answers)
    return answers


def check(data: Any, rules: BidRules, folder: Path | None,
          reported: Collection[str] | Callable[[], Collection[str]] = ()) -> list[Issue]:
    """The problems of a bid's attached answers: each document listed in its evidence, inside the bid's
    folder, readable, and within the answer's limit; and the tender's narrative total with them counted.

    `folder` is the bid's folder (None when the bid came without one, e.g. data from the API): its
    attachments are then not counted, with a warning. `reported` are the codes the rule checks found (or
    a function giving them, asked only when there are attachments), so that a narrative total already
    over its limit without the attachments is not reported twice.
    """
    from svspec.bids.rules import Issue

    attached = attachments_of(data, rules)
    if not attached:
        return []
    if callable(reported):
        reported = reported()
    evidence = data.get("evidence") if type(data.get("evidence")) is dict else {}
    issues: list[Issue] = []
    lengths: dict[str, Counted] = {}
    for rule, name in attached:
        pointer = (rule.section, rule.code)
        params = {"label": rule.label, "document": name, "ref": rule.code}
        listed = evidence.get(rule.code)
        listed = [listed] if type(listed) is str else listed if type(listed) is list else []
        if name not in [d.strip() for d in listed if type(d) is str]:
            issues.append(Issue(pointer, "bid/attachment-not-listed", params))
            continue
        unit: Literal["words", "characters"] = "characters" if rule.answer.limit_unit == "characters" else "words"
        try:
            counted = count(folder, name, rule, unit)
        except BadName as error:
            issues.append(Issue(pointer, "bid/attachment-bad-name", {**params, "reason": str(error)}))
            continue
        except Unreadable as error:
            issues.append(Issue(pointer, "bid/attachment-unreadable", {**params, "reason": str(error)}))
            continue
        except NotCounted as error:
            reason = str(error)
            if rule.answer.limit is not None:
                reason += f"; the evaluator checks its limit of {rule.answer.limit:,} {unit}"
            issues.append(Issue(pointer, "bid/attachment-not-counted", {**params, "reason": reason}))
            continue
        lengths[rule.code] = counted
        if counted.passed_in is not None and rule.answer.limit is not None:
            issues.append(Issue(pointer, "bid/attachment-too-long", {
                **params, "count": f"{counted.length:,}", "limit": f"{rule.answer.limit:,}", "unit": unit,
                "where": counted.passed_in}))
    if "bid/narrative-too-long" not in reported:
        issues += _narrative(data, rules, lengths)
    return issues


def _narrative(data: dict[str, Any], rules: BidRules, lengths: Mapping[str, Counted]) -> list[Issue]:
    """The tender's `narrative up to N words in total` with the counted attachments' words added to the
    typed answers' (counted as `BidRules._narrative` counts them, which leaves attachments out)."""
    from svspec import words as figures
    from svspec.bids.rules import Issue

    limit, unit = rules.tender.narrative_limit, rules.tender.narrative_unit
    if limit is None or unit is None or not lengths:
        return []
    sized: list[tuple[int, AnswerRule]] = []
    for rule in rules.rules:
        if not rule.kind.narrative:
            continue
        value = (data.get(rule.section) or {}).get(rule.code) if type(data.get(rule.section)) is dict else None
        if rule.code in lengths:
            counted = lengths[rule.code]
            sized.append((counted.characters if unit == "characters" else counted.words, rule))
        elif type(value) is str and attached_name(value) is None:
            sized.append((rule.kind.length(value, unit), rule))
    total = sum(n for n, _ in sized)
    if total <= limit:
        return []
    longest = max(sized, key=lambda pair: pair[0])[1]
    return [Issue((longest.section, longest.code), "bid/narrative-too-long", {
        "found": figures.count(total, unit[:-1]) + " (attached documents included)",
        "limit": figures.count(limit, unit[:-1])})]


# ---------------------------------------------------------------------------------------- reading

def count(folder: Path | None, name: str, rule: AnswerRule, unit: Literal["words", "characters"]) -> Counted:
    """The length of the attachment `name` beside the bid, in `unit`, and where the answer's limit is passed.

    Raises `BadName`, `NotCounted` or `Unreadable` with the reason in words.
    """
    parts = safe_parts(name)
    suffix = Path(parts[-1]).suffix.lower()
    if suffix not in COUNTED_SUFFIXES:
        raise NotCounted("svspec counts the words of .txt, .md and .docx files only, not of "
                         + (f"a {suffix} file" if suffix else "a file with no extension"))
    if folder is None:
        raise NotCounted("the bid was checked without its folder")
    path = _inside(folder, parts)
    raw = _read(path)
    if suffix == ".docx":
        pieces, where = list(docx_paragraphs(raw)), "paragraph"
    else:
        pieces, where = text_lines(raw), "line"
    return _measure(pieces, where, rule, unit)


def safe_parts(name: str) -> tuple[str, ...]:
    """The folders and file of NAME inside the bid's folder; `BadName` when it would leave it."""
    if "\\" in name:
        raise BadName("it holds a \\ (folders are written with /)")
    if name.startswith("/"):
        raise BadName("it is an absolute path")
    if ":" in name:
        raise BadName("it holds a : (a drive or a stream)")
    parts = tuple(p for p in name.split("/") if p not in ("", "."))
    if not parts:
        raise BadName("it names no file")
    if ".." in parts:
        raise BadName("it holds .., which would leave the bid's folder")
    return parts


def _inside(folder: Path, parts: tuple[str, ...]) -> Path:
    """The path of `parts` under `folder`, every step a real folder or file, never a link."""
    path = folder
    for i, part in enumerate(parts):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            raise NotCounted("no file of that name is beside the bid") from None
        except OSError as error:
            raise Unreadable(error.strerror or "it cannot be opened") from None
        if stat.S_ISLNK(mode):
            raise Unreadable("it is a link (attach the document itself)")
        last = i == len(parts) - 1
        if not last and not stat.S_ISDIR(mode):
            raise NotCounted("no file of that name is beside the bid")
        if last and not stat.S_ISREG(mode):
            raise Unreadable("it is a folder or device, not a regular file" if not stat.S_ISDIR(mode)
                             else "it is a folder, not a document")
    return path


def _read(path: Path) -> bytes:
    from svspec.files import FileTooLarge, NotRegularFile, read_capped

    try:
        return read_capped(path, MAX_BYTES)
    except FileTooLarge:
        raise Unreadable(f"it is larger than {MAX_BYTES // (1024 * 1024)} MiB") from None
    except NotRegularFile as error:
        raise Unreadable(f"it is {error.kind}, not a regular file") from None
    except OSError as error:
        raise Unreadable(error.strerror or "it cannot be opened") from None


def text_lines(raw: bytes) -> list[str]:
    """The lines of a .txt or .md attachment (UTF-8, a byte order mark allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(f"it is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def docx_paragraphs(raw: bytes) -> Iterator[str]:
    """The text of each paragraph of a .docx body in order, tables' paragraphs included.

    Only `word/document.xml` is unpacked, and only up to `MAX_XML_BYTES` whatever the zip directory
    claims; the XML is parsed incrementally and may declare no document type (no entities)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Unreadable("it is not a Word document (.docx): damaged, or another kind of file renamed") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise Unreadable(f"it holds {len(entries):,} parts, more than a Word document has")
    body = next((e for e in entries if e.filename == _BODY), None)
    if body is None:
        raise Unreadable("it is not a Word document (.docx): it has no word/document.xml")
    if body.file_size > MAX_XML_BYTES:
        raise Unreadable(f"its text would unpack to more than {MAX_XML_BYTES // (1024 * 1024)} MiB")
    try:
        with archive.open(body) as stream:
            xml = stream.read(MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError, zlib.error):
        raise Unreadable("it is damaged: its text cannot be unpacked") from None
    if len(xml) > MAX_XML_BYTES:
        raise Unreadable(f"its text would unpack to more than {MAX_XML_BYTES // (1024 * 1024)} MiB")
    if b"<!DOCTYPE" in xml:  # case matters in XML: only this spelling declares entities
        raise Unreadable("its text declares a document type or entities, which no Word document does")
    return _paragraphs(xml)


def _paragraphs(xml: bytes) -> Iterator[str]:
    """Each `w:p`'s text as its end is read; a paragraph read is removed from its parent, so memory
    holds one paragraph at a time, not the whole document's tree."""
    texts: list[str] = []
    open_elements: list[ElementTree.Element] = []
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                continue
            open_elements.pop()
            tag = element.tag
            if tag == _W + "t":
                texts.append(element.text or "")
            elif tag == _W + "tab":
                texts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                texts.append("\n")
            elif tag == _W + "p":
                yield "".join(texts)
                texts = []
                if open_elements:
                    open_elements[-1].remove(element)
    except ElementTree.ParseError:
        raise Unreadable("it is damaged: its text is not well-formed XML") from None


def _measure(pieces: list[str] | Iterator[str], where: str, rule: AnswerRule,
             unit: Literal["words", "characters"]) -> Counted:
    """The length of lines or paragraphs joined by line breaks, counted by the answer kind's own rule,
    and the first line or paragraph at which the running length passes the answer's limit."""
    limit = rule.answer.limit
    words = characters = 0
    passed_in = None
    for number, piece in enumerate(pieces, start=1):
        words += rule.kind.length(piece, "words")
        characters += rule.kind.length(piece, "characters") + (1 if number > 1 else 0)  # the line break
        total = characters if unit == "characters" else words
        if passed_in is None and limit is not None and total > limit:
            passed_in = f"{where} {number:,}"
    return Counted(words, characters, characters if unit == "characters" else words, passed_in)
