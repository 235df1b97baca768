"""Assessment summaries to send: one document per bidder (Procurement Act 2023 s.50).

A summary a council can send as it is holds that bidder's scores and the evaluators' reasons,
beside the most advantageous tender's, and nothing else. It names no other bidder and shows no
other bidder's figures, carries no audit header and no local file path, and is dated and states
the standstill period. Evaluators appear by role ("Evaluator 1") unless the council chooses to
name them, and phrases from the winning tender that are confidential are redacted.

The summary is built once as a list of blocks (`Letter`), then written as Markdown or as a Word
document (python-docx), so both say exactly the same.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from svspec.plaintext import markdown_text, visible
from svspec.scoring import words
from svspec.scoring.results import BidScore, ItemScore, Scoring

REDACTED = "[redacted]"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def long_date(day: dt.date) -> str:
    """A date as a letter writes it: '15 January 2027'."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns
    bold_rows: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Bullets:
    items: tuple[str, ...]


Block = Heading | Paragraph | Table | Bullets


@dataclass(frozen=True, slots=True, kw_only=True)
class Letter:
    """One bidder's assessment summary as blocks of plain text."""

    bidder: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What the council decides about the summaries it sends."""

    date: dt.date
    standstill_ends: dt.date
    name_evaluators: bool = False
    redact: tuple[str, ...] = ()
    buyer: str | None = None


def evaluator_roles(scoring: Scoring) -> dict[str, str]:
    """Each evaluator's role, numbered in the order the marks first name them: 'Evaluator 1', ..."""
    roles: dict[str, str] = {}
    for bid in scoring.bids:
        for item in bid.items:
            for mark in item.evaluators:
                roles.setdefault(mark.evaluator, f"Evaluator {len(roles) + 1}")
    return roles


def working_days_at_least(start: dt.date, end: dt.date) -> int:
    """Weekdays from `start` to `end`, both counted: an upper bound on working days (bank holidays aside)."""
    days = (end - start).days + 1
    return sum(1 for n in range(max(days, 0)) if (start + dt.timedelta(days=n)).weekday() < 5)


class _Redactor:
    """Replaces confidential phrases of the winning tender, in any case, and remembers which it found."""

    def __init__(self, phrases: Sequence[str]) -> None:
        kept = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
        self._pattern = re.compile("|".join(re.escape(p) for p in kept), re.I) if kept else None
        self.phrases = tuple(kept)
        self.found: set[str] = set()

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text

        def hide(match: re.Match[str]) -> str:
            self.found.update(p for p in self.phrases if p.lower() == match.group().lower())
            return REDACTED

        return self._pattern.sub(hide, text)


def _mark_words(scoring: Scoring, item: ItemScore) -> str:
    from svspec.scoring.marks import marked_items

    marked = marked_items(scoring.tender).get(item.code)
    percent = marked is not None and marked[1].percent
    if item.credibility is not None:
        return f"credibility mark {words.on_scale(item.credibility, percent)}"
    return f"mark {words.on_scale(item.mark or 0, percent)}"


def _reasons(scoring: Scoring, item: ItemScore, who: dict[str, str], hide: _Redactor | None) -> str:
    parts = [f"{who.get(e.evaluator, e.evaluator)}: {e.reason}" for e in item.evaluators if e.reason]
    if item.consensus_reason:
        parts.append(f"moderated: {item.consensus_reason}")
    text = " ".join(parts)
    return hide(text) if hide is not None else text


def letter(scoring: Scoring, bidder: str, settings: Settings) -> tuple[Letter, frozenset[str]]:
    """The assessment summary for `bidder`, and the redaction phrases it used."""
    bid = scoring.bid(bidder)
    if bid is None:
        raise KeyError(bidder)
    top: BidScore | None = scoring.ranked[0] if scoring.ranked else None
    same = top is not None and top.bidder == bid.bidder
    winner = None if same else top
    roles = evaluator_roles(scoring)
    who = {name: name for name in roles} if settings.name_evaluators else roles
    hide = _Redactor(settings.redact)
    tender = scoring.tender
    blocks: list[Block] = [
        Heading(text=f"Assessment summary: {tender.title}"),
        Paragraph(text=f"To: {bid.bidder}"),
        Paragraph(text=f"Date: {long_date(settings.date)}"),
        Paragraph(text=f"Tender: {tender.title} ({tender.name})" + (f", {settings.buyer}" if settings.buyer else "")),
    ]
    if bid.rank is None:
        blocks.append(Paragraph(text=f"Your tender was excluded: {'; '.join(bid.excluded)}. It scored "
                                f"{words.points(bid.total)} of 100 points."))
    else:
        blocks.append(Paragraph(text=f"Your tender scored {words.points(bid.total)} of 100 points and ranked "
                                f"{bid.rank} of {len(scoring.ranked)}."))
    if same:
        blocks.append(Paragraph(text="Your tender is the most advantageous tender, and we intend to award the "
                                "contract to you."))
    elif winner is not None:
        blocks.append(Paragraph(text=f"We intend to award the contract to {winner.bidder}, whose tender is the most "
                                f"advantageous and scored {words.points(winner.total)} of 100 points."))
    blocks += [Heading(text="Scores", level=2), _score_table(bid, winner)]
    reasons: list[str] = []
    for item in bid.items:
        mine = _reasons(scoring, item, who, None)
        theirs_item = next((x for x in winner.items if x.code == item.code), None) if winner is not None else None
        if not mine and (theirs_item is None or not _reasons(scoring, theirs_item, who, hide)):
            continue
        line = f"{item.code} {item.title}: your {_mark_words(scoring, item)}." + (f" {mine}" if mine else "")
        if theirs_item is not None:
            line += (f" The winning tender: {_mark_words(scoring, theirs_item)}."
                     + (f" {_reasons(scoring, theirs_item, who, hide)}" if _reasons(scoring, theirs_item, who, hide)
                        else ""))
        reasons.append(line)
    if reasons:
        blocks += [Heading(text="The evaluators' reasons", level=2), Bullets(items=tuple(reasons))]
    blocks += [
        Heading(text="Standstill period", level=2),
        Paragraph(text=f"The standstill period ends at midnight at the end of {long_date(settings.standstill_ends)}. "
                  "We will not enter into the contract before then (Procurement Act 2023, section 51)."),
    ]
    return Letter(bidder=bid.bidder, blocks=tuple(blocks)), frozenset(hide.found)


def _score_table(bid: BidScore, winner: BidScore | None) -> Table:
    header = ("Criterion or question", "Weight", "Your points") + (("Winning tender",) if winner else ())
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    for c in bid.criteria:
        theirs: tuple[str, ...] = ()
        if winner is not None:
            found = next((x for x in winner.criteria if x.kind == c.kind), None)
            theirs = (words.points(found.points) if found else "",)
        bold.add(len(rows))
        rows.append((c.kind.capitalize(), words.percent(c.weight), words.points(c.points), *theirs))
        for s in bid.items:
            if s.criterion != c.kind:
                continue
            t = next((x for x in winner.items if x.code == s.code), None) if winner is not None else None
            mine = (f"{s.code} {s.title}", words.percent(Fraction(s.item_weight) * c.weight), words.points(s.weighted))
            rows.append(mine + (((words.points(t.weighted) if t else ""),) if winner is not None else ()))
    rows.append(("Total", "100%", words.points(bid.total)) + ((words.points(winner.total),) if winner else ()))
    bold.add(len(rows) - 1)
    return Table(header=header, rows=tuple(rows), numeric=(False, True, True) + ((True,) if winner else ()),
                 bold_rows=frozenset(bold))


# ---------------------------------------------------------------------------------- writers
def to_markdown(doc: Letter) -> str:
    """The summary as Markdown: real tables, prose as paragraphs, every text escaped."""
    md = markdown_text
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + md(block.text), ""]
        elif isinstance(block, Paragraph):
            out += [md(block.text), ""]
        elif isinstance(block, Bullets):
            out += [f"- {md(item)}" for item in block.items] + [""]
        else:
            out.append("| " + " | ".join(md(h) for h in block.header) + " |")
            out.append("|" + "|".join("---:" if n else "---" for n in block.numeric) + "|")
            for i, row in enumerate(block.rows):
                cells = [md(c) for c in row]
                if i in block.bold_rows:
                    cells = [f"**{c}**" if c else c for c in cells]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def to_docx(doc: Letter, settings: Settings) -> bytes:
    """The summary as a Word document, byte for byte the same for the same inputs."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    props = document.core_properties
    moment = dt.datetime(settings.date.year, settings.date.month, settings.date.day)
    props.author = settings.buyer or ""
    props.last_modified_by = settings.buyer or ""
    props.created = props.modified = props.last_printed = moment
    props.title = visible(next((b.text for b in doc.blocks if isinstance(b, Heading)), "Assessment summary"))
    props.revision = 1
    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_heading(visible(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(visible(block.text))
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(visible(item), style="List Bullet")
        else:
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = visible(text)
                cell.paragraphs[0].runs[0].bold = True
            for i, row in enumerate(block.rows):
                cells = table.add_row().cells
                for j, (cell, text) in enumerate(zip(cells, row, strict=True)):
                    cell.text = visible(text)
                    paragraph = cell.paragraphs[0]
                    if block.numeric[j]:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    if i in block.bold_rows and paragraph.runs:
                        paragraph.runs[0].bold = True
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every member dated 1980-01-01, so the same summary is the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def file_stem(bidder: str, taken: set[str]) -> str:
    """A file name for a bidder's summary: letters, digits and hyphens, distinct within one run."""
    ascii_name = unicodedata.normalize("NFKD", bidder).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "bidder"
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate)
    return candidate


__all__ = ["Letter", "Settings", "evaluator_roles", "file_stem", "letter", "long_date", "to_docx", "to_markdown",
           "working_days_at_least"]
