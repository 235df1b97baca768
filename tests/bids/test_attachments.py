"""A long answer may be an attached document with its word limit (issue 13 item 8).

The answer reads `attached: NAME` (YAML, JSON, or the spreadsheet's Answer cell), NAME is listed in
the evidence of the same code, and `svspec validate` counts the words of a .txt, .md or .docx file
of that name beside the bid by the rule typed answers are counted by. An attachment is input from
outside: names leaving the bid's folder, links, damaged and bomb-like Word files, huge files and
text that is not UTF-8 are each a located diagnostic, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from svspec import model
from svspec.bids import attachments
from svspec.bids.layout import ANSWER_COLUMN, EVIDENCE_COLUMN
from svspec.bids.read import load_bid, validate_data
from svspec.diagnostics import Diagnostic, Severity
from svspec.emit.xlsx import workbook_bytes
from svspec.scoring.core import count_characters, count_words
from tests.bids.conftest import BIDS
from tests.conftest import ROOT

ROADS = ROOT / "tests" / "tailor"


@pytest.fixture(scope="module")
def roads() -> model.Tender:
    """A tender with a narrative limit over all text answers, and a character limit on MAC 2.1."""
    import svspec

    result = svspec.load(ROADS / "tender.svspec")
    assert isinstance(result.model, model.Tender), [d.message for d in result.errors]
    return result.model


def _bid(folder: Path, quality: dict[str, Any] | None = None, evidence: dict[str, Any] | None = None,
         suffix: str = ".yaml") -> Path:
    """The Acme bid to the waste tender with some answers replaced and evidence added, in `folder`."""
    data = yaml.safe_load((BIDS / "waste-acme.yaml").read_text(encoding="utf-8"))
    data["quality"].update(quality or {})
    data["evidence"].update(evidence or {})
    data["submitted"] = "2027-01-10T12:00:00Z"
    path = folder / f"bid{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _docx(path: Path, paragraphs: list[str], table: str | None = None) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table is not None:
        document.add_table(rows=1, cols=1).cell(0, 0).text = table
    document.save(str(path))
    return path


def _only(problems: list[Diagnostic], code: str) -> Diagnostic:
    found = [d for d in problems if d.code == code]
    assert len(found) == 1, [(d.code, d.message) for d in problems]
    return found[0]


def _attached_q1(tmp_path: Path, name: str = "method.docx") -> Path:
    return _bid(tmp_path, {"Q1": f"attached: {name}"}, {"Q1": [name]})


# ---------------------------------------------------------------- counted and within the limit

def test_an_attached_docx_within_the_limit_is_a_valid_answer_kept_as_written(tmp_path: Path,
                                                                            waste: model.Tender) -> None:
    _docx(tmp_path / "method.docx", ["word " * 700, "more " * 700], table="in a table")
    bid, problems = load_bid(_attached_q1(tmp_path), waste)
    assert problems == [] and bid is not None
    assert bid.quality["Q1"] == "attached: method.docx" and bid.evidence["Q1"] == ("method.docx",)


def test_an_attached_docx_over_the_limit_is_refused_with_its_count_and_paragraph(tmp_path: Path,
                                                                                waste: model.Tender) -> None:
    _docx(tmp_path / "method.docx", ["alpha " * 100] * 15 + ["beta " * 50, "gamma " * 10], table="one two three")
    bid, problems = load_bid(_attached_q1(tmp_path), waste)
    refused = _only(problems, "bid/attachment-too-long")
    assert bid is None and refused.severity is Severity.ERROR
    # 15 x 100 + 50 + 10 + 3 (the table's words count too); the 1,501st word is in paragraph 16
    # (python-docx's blank template holds no paragraph: the first added is paragraph 1).
    assert "'method.docx'" in refused.message and "has 1,563 words; the limit is 1,500 words" in refused.message
    assert "passed in paragraph 16" in refused.message
    assert refused.span is not None and refused.span.file.endswith("bid.yaml")
    assert "Q1: 'attached: method.docx'" in (tmp_path / "bid.yaml").read_text().splitlines()[refused.span.line - 1]


def test_an_attached_text_file_over_the_limit_names_the_line_where_the_limit_is_passed(
        tmp_path: Path, waste: model.Tender) -> None:
    # 2 + 790 words, then "more words here" on every other line: the 801st word is on line 8.
    (tmp_path / "mobilisation.txt").write_text("Mobilisation plan\n\n" + "week " * 790 + "\nmore words here\n" * 10,
                                               encoding="utf-8")
    path = _bid(tmp_path, {"Q2": "attached: mobilisation.txt"}, {"Q2": "mobilisation.txt"})
    refused = _only(load_bid(path, waste)[1], "bid/attachment-too-long")
    assert "has 822 words; the limit is 800 words, passed in line 8" in refused.message


def test_an_attached_markdown_file_is_counted_by_the_one_rule_for_typed_answers(tmp_path: Path,
                                                                              waste: model.Tender) -> None:
    # Accents to compose, a no-break space (a word break), a zero-width space (not one), a Markdown heading.
    text = "# Plan\n\n" + "cafe\u0301 na\u00efve\u00a0word zero\u200bwidth " * 250
    (tmp_path / "plan.md").write_text(text, encoding="utf-8")
    path = _bid(tmp_path, {"Q2": "attached: plan.md"}, {"Q2": ["plan.md", "annex.pdf"]})
    refused = _only(load_bid(path, waste)[1], "bid/attachment-too-long")
    assert f"has {count_words(text):,} words" in refused.message and count_words(text) == 2 + 250 * 4


def test_an_attachment_in_a_folder_inside_the_bids_folder_is_counted(tmp_path: Path, waste: model.Tender) -> None:
    (tmp_path / "annex").mkdir()
    (tmp_path / "annex" / "plan.txt").write_text("word " * 900, encoding="utf-8")
    path = _bid(tmp_path, {"Q2": "attached: annex/plan.txt"}, {"Q2": ["annex/plan.txt"]})
    assert "900 words" in _only(load_bid(path, waste)[1], "bid/attachment-too-long").message


def test_a_json_bid_places_the_attachment_problem_at_its_answer(tmp_path: Path, waste: model.Tender) -> None:
    (tmp_path / "plan.txt").write_text("word " * 900, encoding="utf-8")
    path = _bid(tmp_path, {"Q2": "attached: plan.txt"}, {"Q2": ["plan.txt"]}, suffix=".json")
    refused = _only(load_bid(path, waste)[1], "bid/attachment-too-long")
    assert refused.span is not None and '"Q2": "attached: plan.txt"' in \
        path.read_text().splitlines()[refused.span.line - 1]
    assert "(at /quality/Q2)" in refused.message


def test_a_character_limit_counts_the_documents_characters(tmp_path: Path, roads: model.Tender) -> None:
    text = "Ten apprenticeships on the contract, each with a mentor. " * 5
    (tmp_path / "sv.txt").write_text(text, encoding="utf-8")
    data = yaml.safe_load((ROADS / "bid-good.yaml").read_text(encoding="utf-8"))
    data["social_value"]["MAC 2.1"] = "attached: sv.txt"
    data["evidence"]["MAC 2.1"] = ["sv.txt"]
    path = tmp_path / "bid.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    refused = _only(load_bid(path, roads)[1], "bid/attachment-too-long")
    assert f"has {count_characters(text):,} characters; the limit is 200 characters" in refused.message


def test_the_narrative_total_with_an_attachment_over_the_limit_is_refused(tmp_path: Path,
                                                                          roads: model.Tender) -> None:
    _docx(tmp_path / "mobilise.docx", ["plan " * 45])  # within its own 50 words
    data = yaml.safe_load((ROADS / "bid-good.yaml").read_text(encoding="utf-8"))
    data["quality"]["1a"] = "attached: mobilise.docx"
    data["evidence"]["1a"] = "mobilise.docx"
    data["social_value"]["MAC 2.1"] = "Twenty apprenticeships on the roads contract, each one with a named mentor."
    path = tmp_path / "bid.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert not [d for d in load_bid(path, roads)[1] if d.code == "bid/narrative-too-long"]  # 45 + 12 = 57
    data["social_value"]["MAC 2.1"] += " Four more words here."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    refused = _only(load_bid(path, roads)[1], "bid/narrative-too-long")
    assert "61 words (attached documents included)" in refused.message and "limit of 60 words" in refused.message


# ---------------------------------------------------------------- listed, found, counted

def test_an_attached_document_not_listed_in_the_evidence_is_refused(tmp_path: Path, waste: model.Tender) -> None:
    _docx(tmp_path / "method.docx", ["word"])
    path = _bid(tmp_path, {"Q1": "attached: method.docx"}, {"Q2": ["method.docx"]})
    refused = _only(load_bid(path, waste)[1], "bid/attachment-not-listed")
    assert refused.severity is Severity.ERROR and "'method.docx'" in refused.message
    assert refused.hint == "add 'method.docx' to the evidence of Q1"


def test_an_attachment_not_beside_the_bid_is_a_warning_and_the_evaluator_checks_the_limit(
        tmp_path: Path, waste: model.Tender) -> None:
    bid, problems = load_bid(_attached_q1(tmp_path), waste)
    warned = _only(problems, "bid/attachment-not-counted")
    assert bid is not None and warned.severity is Severity.WARNING
    assert "no file of that name is beside the bid; the evaluator checks its limit of 1,500 words" in warned.message


def test_a_pdf_attachment_is_not_counted_and_says_which_kinds_are(tmp_path: Path, waste: model.Tender) -> None:
    (tmp_path / "method.pdf").write_bytes(b"%PDF-1.7 " + b"word " * 5000)
    bid, problems = load_bid(_attached_q1(tmp_path, "method.pdf"), waste)
    warned = _only(problems, "bid/attachment-not-counted")
    assert bid is not None and warned.severity is Severity.WARNING
    assert "counts the words of .txt, .md and .docx files only, not of a .pdf file" in warned.message


def test_bid_data_checked_without_a_folder_warns_that_attachments_were_not_counted(waste: model.Tender) -> None:
    data = yaml.safe_load((BIDS / "waste-acme.yaml").read_text(encoding="utf-8"))
    data["quality"]["Q1"] = "attached: method.docx"
    data["evidence"]["Q1"] = ["method.docx"]
    data["price"] = Decimal(data["price"])
    data["social_value"] = {k: Decimal(str(v)) if not isinstance(v, str) else v
                            for k, v in data["social_value"].items()}
    warned = _only(validate_data(data, waste), "bid/attachment-not-counted")
    assert "the bid was checked without its folder" in warned.message


def test_the_word_attached_inside_a_typed_answer_is_just_text(tmp_path: Path, waste: model.Tender) -> None:
    path = _bid(tmp_path, {"Q1": "Our plan is attached: see the appendix.", "Q2": "attached:"})
    bid, problems = load_bid(path, waste)
    assert problems == [] and bid is not None


# ---------------------------------------------------------------- hostile attachments

@pytest.mark.parametrize(("name", "reason"), [
    ("../secret.txt", "it holds .., which would leave the bid's folder"),
    ("annex/../../secret.txt", "it holds .., which would leave the bid's folder"),
    ("/etc/passwd.txt", "it is an absolute path"),
    ("C:\\Users\\bid\\plan.docx", "it holds a \\ (folders are written with /)"),
    ("C:plan.docx", "it holds a : (a drive or a stream)"),
])
def test_a_name_that_would_leave_the_bids_folder_is_refused_unread(tmp_path: Path, waste: model.Tender,
                                                                  name: str, reason: str) -> None:
    (tmp_path / "bids").mkdir()
    (tmp_path / "secret.txt").write_text("word " * 5000, encoding="utf-8")
    refused = _only(load_bid(_attached_q1(tmp_path / "bids", name), waste)[1], "bid/attachment-bad-name")
    assert reason in refused.message and refused.severity is Severity.ERROR


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_is_never_followed(tmp_path: Path, waste: model.Tender) -> None:
    (tmp_path / "elsewhere.txt").write_text("word " * 5000, encoding="utf-8")
    (tmp_path / "bids").mkdir()
    (tmp_path / "bids" / "method.txt").symlink_to(tmp_path / "elsewhere.txt")
    refused = _only(load_bid(_attached_q1(tmp_path / "bids", "method.txt"), waste)[1], "bid/attachment-unreadable")
    assert "it is a link (attach the document itself)" in refused.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_linked_folder_is_never_followed(tmp_path: Path, waste: model.Tender) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "plan.txt").write_text("word " * 5000, encoding="utf-8")
    (tmp_path / "bids").mkdir()
    (tmp_path / "bids" / "annex").symlink_to(tmp_path / "outside", target_is_directory=True)
    path = _attached_q1(tmp_path / "bids", "annex/plan.txt")
    assert "it is a link" in _only(load_bid(path, waste)[1], "bid/attachment-unreadable").message


@pytest.mark.parametrize(("content", "reason"), [
    (b"This is not a zip file at all", "it is not a Word document (.docx): damaged, or another kind"),
    (b"PK\x03\x04" + b"\x00" * 200, "it is not a Word document (.docx): damaged, or another kind"),
])
def test_a_damaged_docx_is_refused_with_its_reason(tmp_path: Path, waste: model.Tender, content: bytes,
                                                   reason: str) -> None:
    (tmp_path / "method.docx").write_bytes(content)
    refused = _only(load_bid(_attached_q1(tmp_path), waste)[1], "bid/attachment-unreadable")
    assert reason in refused.message


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_docx_without_a_body_or_with_broken_xml_is_refused(tmp_path: Path, waste: model.Tender) -> None:
    (tmp_path / "method.docx").write_bytes(_zip({"word/other.xml": b"<x/>"}))
    assert "has no word/document.xml" in _only(load_bid(_attached_q1(tmp_path), waste)[1],
                                               "bid/attachment-unreadable").message
    (tmp_path / "method.docx").write_bytes(_zip({"word/document.xml": b"<w:document><w:body><w:p>"}))
    assert "not well-formed XML" in _only(load_bid(_attached_q1(tmp_path), waste)[1],
                                         "bid/attachment-unreadable").message


def test_a_docx_declaring_entities_is_refused_before_any_is_expanded(tmp_path: Path, waste: model.Tender) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lol lol lol lol lol lol lol lol lol lol">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10)
                         for i in range(8))
              + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                b"<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>")
    (tmp_path / "method.docx").write_bytes(_zip({"word/document.xml": laughs}))
    refused = _only(load_bid(_attached_q1(tmp_path), waste)[1], "bid/attachment-unreadable")
    assert "declares a document type or entities" in refused.message


def test_a_docx_zip_bomb_is_stopped_at_the_unpacking_limit(tmp_path: Path, waste: model.Tender) -> None:
    body = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + b" " * (attachments.MAX_XML_BYTES + 10) + b"</w:body></w:document>")
    bomb = _zip({"word/document.xml": body})
    assert len(bomb) < 200_000  # 64 MiB of spaces packs into a small file
    (tmp_path / "method.docx").write_bytes(bomb)
    refused = _only(load_bid(_attached_q1(tmp_path), waste)[1], "bid/attachment-unreadable")
    assert "would unpack to more than 64 MiB" in refused.message


def test_a_docx_whose_directory_understates_its_size_is_still_stopped(tmp_path: Path, waste: model.Tender,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_XML_BYTES", 1_000)
    body = b'<w:document xmlns:w="x"><w:body>' + b" " * 5_000 + b"</w:body></w:document>"
    packed = bytearray(_zip({"word/document.xml": body}))
    central = packed.rindex(b"PK\x01\x02")
    packed[central + 24:central + 28] = (100).to_bytes(4, "little")  # claims 100 bytes unpacked
    (tmp_path / "method.docx").write_bytes(bytes(packed))
    refused = _only(load_bid(_attached_q1(tmp_path), waste)[1], "bid/attachment-unreadable")
    assert "damaged" in refused.message or "would unpack" in refused.message


def test_a_docx_of_thousands_of_parts_is_refused_before_any_is_unpacked(tmp_path: Path,
                                                                         waste: model.Tender) -> None:
    (tmp_path / "method.docx").write_bytes(_zip({f"word/part{i}.xml": b"" for i in range(5_001)}))
    refused = _only(load_bid(_attached_q1(tmp_path), waste)[1], "bid/attachment-unreadable")
    assert "it holds 5,001 parts, more than a Word document has" in refused.message


def test_an_attached_name_hiding_a_character_is_refused_once_by_the_text_rule(tmp_path: Path,
                                                                             waste: model.Tender) -> None:
    path = _bid(tmp_path, {"Q1": "attached: plan\u202egpj.docx"}, {"Q1": ["method.docx"]})
    codes = [d.code for d in load_bid(path, waste)[1]]
    assert codes == ["bid/refused-character"]


def test_a_huge_attachment_is_refused_unread(tmp_path: Path, waste: model.Tender,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_BYTES", 10_000)
    (tmp_path / "method.txt").write_bytes(b"word " * 10_000)
    refused = _only(load_bid(_attached_q1(tmp_path, "method.txt"), waste)[1], "bid/attachment-unreadable")
    assert "it is larger than" in refused.message


def test_a_text_file_that_is_not_utf8_is_refused_with_its_byte(tmp_path: Path, waste: model.Tender) -> None:
    (tmp_path / "method.txt").write_bytes("Caf\u00e9 plan".encode("latin-1"))
    refused = _only(load_bid(_attached_q1(tmp_path, "method.txt"), waste)[1], "bid/attachment-unreadable")
    assert "it is not UTF-8 text (byte 3 cannot be read)" in refused.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_named_as_the_attachment_is_refused_without_waiting_for_a_writer(
        tmp_path: Path, waste: model.Tender) -> None:
    os.mkfifo(tmp_path / "method.txt")
    refused = _only(load_bid(_attached_q1(tmp_path, "method.txt"), waste)[1], "bid/attachment-unreadable")
    assert "not a regular file" in refused.message


def test_paragraphs_in_tables_and_line_breaks_in_a_docx_are_counted_as_words(tmp_path: Path,
                                                                             waste: model.Tender) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    cell = "<w:tc><w:p><w:r><w:t>" + "cell " * 100 + "</w:t></w:r></w:p></w:tc>"
    body = (f"<w:document {w}><w:body>"
            + "<w:p><w:r><w:t>one</w:t><w:br/><w:t>two</w:t><w:tab/><w:t>three</w:t></w:r></w:p>" * 100
            + "<w:tbl><w:tr>" + cell * 13 + "</w:tr></w:tbl></w:body></w:document>")
    (tmp_path / "method.docx").write_bytes(_zip({"word/document.xml": body.encode()}))
    refused = _only(load_bid(_attached_q1(tmp_path), waste)[1], "bid/attachment-too-long")
    # 100 paragraphs of 3 words, then 13 table cells of 100: the 1,501st word is in paragraph 113.
    assert "has 1,600 words; the limit is 1,500 words, passed in paragraph 113" in refused.message


def test_a_folder_named_as_the_attachment_is_refused(tmp_path: Path, waste: model.Tender) -> None:
    (tmp_path / "method.docx").mkdir()
    refused = _only(load_bid(_attached_q1(tmp_path), waste)[1], "bid/attachment-unreadable")
    assert "it is a folder, not a document" in refused.message


# ---------------------------------------------------------------- the spreadsheet

def _sheet_bid(tmp_path: Path, waste: model.Tender, answer: str, evidence: str | None) -> Path:
    path = tmp_path / "bid.xlsx"
    path.write_bytes(workbook_bytes(waste))
    wb = openpyxl.load_workbook(path)
    answers: dict[str, object] = {"Q1": answer, "Q2": "A twelve-week mobilisation.", "LBL1": 14, "LBL3": 104,
                                  "LBL5": 1200, "LBL6": "Quarterly residents' panels.", "LBL8": 350.5}
    listed = {"Q1": evidence, "LBL6": "plan.pdf", "LBL8": "carbon.pdf"}
    for name in ("Quality", "Social value"):
        sheet = wb[name]
        for row in range(2, sheet.max_row + 1):
            code = sheet.cell(row=row, column=1).value
            sheet.cell(row=row, column=ANSWER_COLUMN).value = answers.get(code)
            sheet.cell(row=row, column=EVIDENCE_COLUMN).value = listed.get(code)
    wb["Bid"]["B3"] = "Acme Services Ltd"
    wb["Bid"]["B5"] = 11500000
    wb.save(path)
    return path


def test_a_spreadsheet_answer_cell_may_attach_a_document_counted_beside_the_workbook(
        tmp_path: Path, waste: model.Tender) -> None:
    _docx(tmp_path / "method.docx", ["word " * 1600])
    path = _sheet_bid(tmp_path, waste, "attached: method.docx", "method.docx")
    refused = _only(load_bid(path, waste)[1], "bid/attachment-too-long")
    assert "has 1,600 words" in refused.message and "Quality!C2" in refused.message
    _docx(tmp_path / "method.docx", ["word " * 1400])
    bid, problems = load_bid(path, waste)
    assert problems == [] and bid is not None and bid.quality["Q1"] == "attached: method.docx"


def test_a_spreadsheet_attachment_not_listed_names_the_evidence_cell_in_its_hint(
        tmp_path: Path, waste: model.Tender) -> None:
    path = _sheet_bid(tmp_path, waste, "Attached: method.docx", None)
    refused = _only(load_bid(path, waste)[1], "bid/attachment-not-listed")
    assert refused.hint is not None and "Quality!D2" in refused.hint


def test_the_instructions_sheet_says_what_the_computed_columns_are_and_that_they_are_locked(
        waste: model.Tender) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(waste)))
    text = "\n".join(str(row[0]) for row in wb["Instructions"].iter_rows(values_only=True) if row[0])
    assert "The Words, £ value and Points columns, and the Total so far row" in text
    assert "They are locked" in text and "nothing in them is read back" in text
    assert "type attached: and the file name in the Answer" in text
    sheet = wb["Quality"]
    assert sheet.protection.sheet and sheet["E2"].value.startswith("=") and sheet["E2"].protection.locked
    assert not sheet["C2"].protection.locked


# ---------------------------------------------------------------- templates, evaluators, the browser

def test_the_yaml_template_and_the_respond_page_say_how_to_attach(waste: model.Tender) -> None:
    from svspec.emit.site import render
    from svspec.emit.templates import yaml_template

    assert '# A long text answer may be a document sent with the bid: write "attached: FILE-NAME"' in \
        yaml_template(waste)
    files, _ = render(waste)
    assert files is not None
    page = files["docs/respond.md"].decode()
    assert "## Long answers as attached documents" in page and "bid/attachment-not-counted" in page


def test_the_bid_schema_says_a_text_answer_may_be_an_attached_document(waste: model.Tender) -> None:
    from svspec.emit.schema import bid_schema

    text = bid_schema(waste)["$defs"]["text"]["description"]
    assert '"attached: FILE-NAME", a document listed in the evidence of the same code' in text


def test_evaluators_see_the_attached_document_in_the_explanation_and_the_marks_template(
        tmp_path: Path, waste: model.Tender) -> None:
    from svspec.bids.marks_sheet import to_xlsx
    from svspec.commands.marks_template import attached_documents
    from svspec.scoring.words import answer_text

    _docx(tmp_path / "method.docx", ["word " * 100])
    bid, problems = load_bid(_attached_q1(tmp_path), waste)
    assert bid is not None and problems == []
    question = next(q for q in waste.questions if q.code == "Q1")
    assert answer_text(bid.quality["Q1"], question) == "the attached document 'method.docx'"
    found = attached_documents([bid])
    assert found == {("Acme Services Ltd", "Q1"): "method.docx"}
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(waste, [bid.bidder], ["E1"], found))).active
    shown = [row[4] for row in sheet.iter_rows(values_only=True) if row[1] == "Q1"]
    assert shown and all("Answer: the attached document 'method.docx'" in s for s in shown)


def test_the_in_browser_check_warns_that_an_attached_documents_words_were_not_counted(
        tmp_path: Path, waste: model.Tender) -> None:
    from svspec import browsercheck, modeljson

    _docx(tmp_path / "method.docx", ["word " * 5000])  # beside the bid on disk, never given to the page
    bid = _attached_q1(tmp_path)
    result = json.loads(browsercheck.check("bid.yaml", bid.read_bytes(), modeljson.dumps(waste),
                                           str(tmp_path / "fs")))
    assert result["ok"] is True
    assert [d["code"] for d in result["diagnostics"]] == ["bid/attachment-not-counted"]


def test_svspec_score_explains_a_marked_answer_as_the_attached_document(tmp_path: Path,
                                                                        waste: model.Tender) -> None:
    from click.testing import CliRunner

    from svspec.cli import main

    marks = yaml.safe_load((ROOT / "specs" / "lambeth" / "marks" / "waste-2027.yaml").read_text(encoding="utf-8"))
    marks = {"tender": marks["tender"], "marks": [m for m in marks["marks"] if m["bidder"] == "Acme Services Ltd"]}
    (tmp_path / "marks.yaml").write_text(yaml.safe_dump(marks), encoding="utf-8")
    _docx(tmp_path / "method.docx", ["word " * 100])
    bid = _attached_q1(tmp_path)
    tender = str(ROOT / "specs" / "lambeth" / "waste-2027.svspec")
    result = CliRunner().invoke(main, ["score", tender, str(bid), "--marks", str(tmp_path / "marks.yaml"),
                                       "--explain", "Acme Services Ltd"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  - Q1 (Service delivery plan)"))
    assert lines[at + 1] == "      answered in the attached document 'method.docx' (listed in the bid's evidence)"
    report = CliRunner().invoke(main, ["score", tender, str(bid), "--marks", str(tmp_path / "marks.yaml"),
                                       "--format", "json"])
    items = json.loads(report.stdout)["bids"][0]["items"]
    assert next(i for i in items if i["code"] == "Q1")["answer"] == "the attached document 'method.docx'"
