"""Diagnostic codes for bid files and bid validation (issue 3). Joined into `registry.REGISTRY`.

Messages speak to a bid writer, not to a schema engineer. Where a problem sits in the bid, the
reader adds its place (`at /social_value/LBL1`, or the spreadsheet cell) to the message.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Spec] = {
    # ------------------------------------------------------------------ reading the file
    "bid/unsupported-format": Spec(
        severity=E,
        title="Bid file of an unknown kind",
        message="'{path}' is not a bid file svspec can read (use .yaml, .yml, .json or .xlsx)",
        explanation="Bids are read from YAML or JSON files, or from the spreadsheet template that "
        "`svspec template --format xlsx` writes, filled in. The kind is taken from the file name's "
        "extension.",
        hint="save the bid as YAML, JSON or the .xlsx template",
    ),
    "bid/file-too-large": Spec(
        severity=E,
        title="Bid file too large",
        message="'{path}' is {size} bytes; bids may be at most {limit} bytes",
        explanation="svspec refuses very large bid files so that a wrong file (or a deliberately "
        "huge one) cannot exhaust memory. A bid with long text answers is well under the limit.",
    ),
    "bid/not-utf8": Spec(
        severity=E,
        title="Bid file is not UTF-8 text",
        message="'{path}' is not UTF-8 text (byte {offset} cannot be decoded)",
        explanation="YAML and JSON bids are plain UTF-8 text. A file saved by a word processor or "
        "in another encoding cannot be read.",
        hint="save the bid as plain text in UTF-8",
    ),
    "bid/yaml-syntax": Spec(
        severity=E,
        title="The bid is not valid YAML",
        message="this is not valid YAML: {reason}",
        explanation="The bid file could not be read as YAML. Common causes are a missing space "
        "after a colon, uneven indentation, or text containing ': ' or '#' that is not in quotes.",
        hint="put text answers in quotes, and indent each answer under its section by two spaces",
    ),
    "bid/json-syntax": Spec(
        severity=E,
        title="The bid is not valid JSON",
        message="this is not valid JSON: {reason}",
        explanation="The bid file could not be read as JSON (RFC 8259): keys and text in double "
        "quotes, no trailing commas, no comments, numbers without quotes.",
    ),
    "bid/too-deep": Spec(
        severity=E,
        title="The bid is nested too deeply",
        message="the bid is nested more than {limit} levels deep",
        explanation="A bid has at most three levels (section, code, list of documents). Very deep "
        "nesting is refused because it is never needed and can exhaust the reader.",
    ),
    "bid/yaml-reference": Spec(
        severity=E,
        title="YAML anchors, aliases and merge keys are not allowed",
        message="YAML aliases (*name) and merge keys (<<) are not allowed in a bid",
        explanation="Aliases let a small file expand into an enormous one (an 'alias bomb') and "
        "make it unclear what was actually answered. Write each answer out in full.",
        hint="replace the alias with the value it stands for",
    ),
    "bid/yaml-unsafe-tag": Spec(
        severity=E,
        title="YAML tag not allowed",
        message="the YAML tag {tag} is not allowed in a bid",
        explanation="Bids may only contain plain text, numbers, yes/no, lists and mappings. Tags "
        "such as !!python/object could make a careless reader run code; svspec never constructs "
        "tagged values and refuses the file instead.",
        hint="remove the tag (the text starting with !)",
    ),
    "bid/bad-key": Spec(
        severity=E,
        title="Key that is not plain text",
        message="this key is a list or mapping; keys in a bid are plain names",
        explanation="Keys in a bid are field names (bidder, social_value) and question or "
        "measure codes (Q1, LBL1).",
    ),
    "bid/duplicate-key": Spec(
        severity=E,
        title="Key given twice",
        message="'{key}' is given twice (first on line {line})",
        explanation="Each field and each answer appears once. When a key is repeated it is not "
        "clear which answer the bidder meant, so the bid is refused rather than guessed.",
        hint="delete one of the two answers",
    ),
    "bid/not-a-number": Spec(
        severity=E,
        title="Number that is not a finite number",
        message="'{text}' is not a usable number",
        explanation="Answers are exact decimal numbers; infinity and 'not a number' are refused.",
    ),
    "bid/not-a-spreadsheet": Spec(
        severity=E,
        title="File is not a spreadsheet",
        message="'{path}' is not an .xlsx spreadsheet ({reason})",
        explanation="An .xlsx bid must be the spreadsheet template written by `svspec template "
        "--format xlsx`, filled in and saved as an Excel workbook (.xlsx). Older .xls files, CSV "
        "files and damaged files cannot be read.",
    ),
    "bid/unsafe-spreadsheet": Spec(
        severity=E,
        title="Spreadsheet refused as unsafe",
        message="'{path}' was refused: {reason}",
        explanation="A spreadsheet is a zip archive of XML files. Before reading any cell, svspec "
        "refuses archives that expand to far more than their size (zip bombs), hold files with "
        "unsafe or repeated names, or hold a file of any name that declares a document type or "
        "entities (XML bombs, external entities) or is written in an unusual text encoding that "
        "could hide one. It also refuses workbooks that link to other workbooks, fetch data from "
        "elsewhere (data connections) or contain macros, since their cells can change when the "
        "file is opened, and workbooks with two sheets of the same name. The template contains "
        "none of these.",
        hint="fill in a fresh copy of the template and save it again",
    ),
    "bid/spreadsheet-layout": Spec(
        severity=E,
        title="Spreadsheet does not follow the template",
        message="the spreadsheet {problem}",
        explanation="svspec reads answers from the sheets and columns of the template it wrote. "
        "Renaming or deleting sheets, or moving the Code column, stops it from finding answers.",
        hint="copy your answers into a fresh template from `svspec template TENDER --format xlsx`",
    ),
    "bid/spreadsheet-hidden": Spec(
        severity=E,
        title="Spreadsheet answer that cannot be seen",
        message="{problem}: svspec scores only what a person sees when they open the spreadsheet",
        explanation="A spreadsheet can hold values nobody sees: in hidden sheets, rows and columns "
        "(including rows folded away in an outline group or filtered out, rows too low and columns "
        "too narrow to show anything), in text the colour of its background or too small to read, "
        "behind a number format that hides it (such as ;;;), under conditional formatting, or "
        "covered by pictures, shapes and text boxes. Evaluators read the spreadsheet as it is shown, "
        "so svspec refuses a bid whose answers, field names or codes are not plainly visible, rather "
        "than score a value the evaluators never saw. The template hides only its Lists sheet.",
        hint="show every row, column and sheet, use dark text on a light fill and the General "
        "number format, or copy the answers into a fresh template",
    ),
    "bid/spreadsheet-duplicate": Spec(
        severity=E,
        title="Field or answer given twice in the spreadsheet",
        message="'{name}' is given twice, in {first} and {second}",
        explanation="Each field (tender, bidder, submitted, price) and each question or measure code "
        "has one row in the template. A second row with the same name, visible or not, makes it "
        "unclear which answer the bidder meant and which one an evaluator read, so the bid is "
        "refused rather than guessed.",
        hint="delete one of the two rows",
    ),
    "bid/spreadsheet-formula": Spec(
        severity=E,
        title="Formula in a spreadsheet answer",
        message="cell {cell} holds a formula ({formula}); type the {expected} itself",
        explanation="svspec never calculates formulas. The value saved with a formula is whatever "
        "the spreadsheet last computed, which can differ from what the formula gives when the file "
        "is opened again (or be missing), and a formula can fetch data from other files. Answers "
        "are typed values, so what is scored is what the bidder wrote.",
        hint="copy the cell and paste it back as values only (Paste Special, Values)",
    ),
    "bid/spreadsheet-error": Spec(
        severity=E,
        title="Error value in a spreadsheet answer",
        message="cell {cell} holds the error value {value}, not an answer",
        explanation="Spreadsheet error values such as #N/A, #VALUE! or #DIV/0! are not answers. They "
        "usually come from a formula or a pasted cell that went wrong.",
        hint="type the answer in the cell",
    ),
    "bid/spreadsheet-date": Spec(
        severity=E,
        title="Date in a spreadsheet cell where none is expected",
        message="cell {cell} shows {shown}{typed}, but {expected}",
        explanation="A spreadsheet stores dates as numbers and shows them as dates when the cell is "
        "formatted as a date: 14 typed into such a cell shows 14 January 1900. svspec reads what the "
        "cell shows, so a date where a number or text is expected is refused rather than guessed.",
        hint="format the cell as General (or Number), then type the answer again",
    ),
    "bid/spreadsheet-number-format": Spec(
        severity=E,
        title="Number shown other than as typed",
        message="cell {cell} holds {value}, but its number format ({format}) {how}",
        explanation="A cell's number format decides what is shown: 12.4 formatted with no decimal "
        "places shows 12, 0.12 formatted as a percentage shows 12%, and a format such as 0, shows "
        "thousands. svspec scores the number held in the cell, so it refuses a number shown "
        "differently, which an evaluator would read as another figure.",
        hint="set the cell's format to General, or to Number with enough decimal places",
    ),
    "bid/spreadsheet-bad-number": Spec(
        severity=E,
        title="Spreadsheet cell holding something that is not a number",
        message="cell {cell} holds '{text}', which is not a number a spreadsheet can show",
        explanation="A number cell in an .xlsx file holds digits. Values such as NaN, infinity, "
        "numbers beyond the largest a spreadsheet can hold, or damaged cells are not written by "
        "spreadsheet programs; they come from other tools or from tampering, and cannot be scored.",
        hint="type the number in the cell again",
    ),
    "bid/spreadsheet-merged": Spec(
        severity=E,
        title="Spreadsheet answer inside merged cells",
        message="cell {cell} is part of the merged range {range}, which shows only {first}",
        explanation="Merged cells show the value of their first cell only; the others keep their "
        "values, unseen. The template merges no cells, so a merged answer, field or code is refused "
        "rather than read from a cell nobody sees.",
        hint="unmerge the cells (Home, Merge and Center, Unmerge Cells) and check each answer",
    ),
    "bid/spreadsheet-stray-value": Spec(
        severity=E,
        title="Value outside the template's answer rows",
        message="cell {cell} holds '{value}', but its row has no {what} in column A, so it would not be read",
        explanation="Answers are read by row: the field name or the question or measure code in "
        "column A says what the answer in that row is. A value in a row without one would be seen "
        "by an evaluator but not scored, so the bid is refused until it is moved or deleted.",
        hint="write each answer in the row of its field or code, and delete other values",
    ),
    "bid/spreadsheet-template-changed": Spec(
        severity=E,
        title="Question text changed in the spreadsheet",
        message="cell {cell} ({heading}) reads '{shown}', but the tender's template says '{expected}'",
        explanation="Beside each answer, the template shows the question or measure: its title, "
        "unit, answer type, limits, guidance, evidence and how it is scored; beside each field of "
        "the Bid sheet, a note; above them, the headings. These cells are locked; when they are "
        "changed (a unit of 'hours' for 'FTE', a price 'in thousands of pounds'), an evaluator reads "
        "the answer against words that are not the tender's, so the bid is refused.",
        hint="copy your answers into a fresh template from `svspec template TENDER --format xlsx`",
    ),
    "bid/spreadsheet-control-character": Spec(
        severity=E,
        title="Invisible character in a spreadsheet cell",
        message="cell {cell} holds the invisible character {char}",
        explanation="Control characters (and the damaged text Excel writes as _xD800_) are not "
        "shown, or shown differently by each program, so text holding them is not what an "
        "evaluator reads. In field names and question or measure codes, zero-width spaces and "
        "direction marks are refused too: they make one name look like another. They usually come "
        "from text pasted from another program.",
        hint="retype the text in the cell",
    ),
    # ------------------------------------------------------------------ checking the answers
    "bid/not-a-bid": Spec(
        severity=E,
        title="The file does not hold a bid",
        message="the file holds {found}, not a bid (named fields such as tender, bidder and answers)",
        explanation="A bid is a set of named fields: tender, bidder, price when price is scored, "
        "quality and social_value answers, and evidence. `svspec template` writes a blank one.",
    ),
    "bid/unknown-field": Spec(
        severity=E,
        title="Field that is not part of a bid",
        message="'{name}' is not part of a bid to this tender (a bid has {fields})",
        explanation="Bids are closed: a misspelt field would otherwise be silently ignored and its "
        "answers lost. The fields are tender, bidder, submitted, price (when price is scored), "
        "quality (when there are quality questions), social_value and evidence.",
    ),
    "bid/missing-field": Spec(
        severity=E,
        title="Required field missing",
        message="the bid has no '{name}' ({what})",
        explanation="Every bid names the tender and the bidder, and gives the price when price is "
        "scored and a section of answers for the quality questions and social value measures.",
    ),
    "bid/wrong-tender": Spec(
        severity=E,
        title="Bid for another tender",
        message="this bid is for tender '{found}', not '{name}'",
        explanation="A bid names the tender it answers, so that a bid sent to the wrong "
        "procurement is caught before it is scored.",
    ),
    "bid/wrong-type": Spec(
        severity=E,
        title="Answer of the wrong kind",
        message="{what} should be {expected}, not {found}",
        explanation="Each answer has a kind set by the tender: a number (in the measure's unit), "
        "an amount in pounds, yes or no, one of a list of choices, text, or a file name. In YAML, "
        "write numbers without quotes, yes/no as yes or no, and text in quotes.",
    ),
    "bid/bad-bidder": Spec(
        severity=E,
        title="Bidder name missing or too long",
        message="the bidder's name must be given, in at most {limit} characters",
        explanation="The bidder's name is how the bid is shown in rankings and reports.",
    ),
    "bid/bad-date": Spec(
        severity=E,
        title="Submission time is not a possible time",
        message="the submission time should be a date or date and time like 2027-01-10T12:00:00Z, not {found}: "
        "{reason}",
        explanation="`submitted` is optional; when given it is an RFC 3339 (ISO 8601) date, or date and "
        "time with its time zone (`Z` for UTC, or an offset from -14:00 to +14:00), used by the 'earliest "
        "submission' tie-break. A time without a time zone could be any of 26 hours, and an impossible "
        "date (month 13, 31 June, 25:00) cannot be compared, so both are refused. A date alone counts as "
        "the end of that day (UTC) in a tie-break. The buyer's own receipt time, when the marks file gives "
        "one (`received:`), is used instead of this claim.",
        hint="write it like 2027-01-10T12:00:00Z, or 2027-01-10T12:00:00+01:00 in British Summer Time",
    ),
    "bid/submitted-too-early": Spec(
        severity=E,
        title="Submission time before bids could be made",
        message="the submission time {found} is before {limit}: {why}",
        explanation="A bid cannot be submitted before its framework takes effect (or, when the framework "
        "gives no date, before 2000). An earlier time is a mistake or an attempt to win the 'earliest "
        "submission' tie-break, so it is refused.",
        hint="give the time the bid was actually sent",
    ),
    "bid/submitted-after-closing": Spec(
        severity=W,
        title="Submission time after the tender closed",
        message="the submission time {found} is after the tender closed on {closes}",
        explanation="`submitted` is the bid's own claim, and a claim after the closing date (its date in "
        "UTC later than the tender's `closes` date) is flagged here and in the score report. Whether a "
        "late bid is accepted is the buyer's decision, made on the buyer's own receipt time: give it in "
        "the marks file (`received:`) and it is used instead of the bid's claim.",
    ),
    "bid/negative-price": Spec(
        severity=E,
        title="Negative price",
        message="the price is {found}; a price cannot be negative",
        explanation="The price is the total price of the bid in pounds.",
    ),
    "bid/zero-price": Spec(
        severity=E,
        title="Price of zero",
        message="the price is £0; a price must be more than £0",
        explanation="The price is the total price of the bid in pounds. Price scoring divides by prices "
        "(relative to the lowest), so a price of 0 cannot be scored; a bid offering the work for free "
        "is agreed with the buyer outside the price criterion.",
        hint="give the total price in pounds",
    ),
    "bid/number-too-large": Spec(
        severity=E,
        title="Number too large",
        message="{what} is {found}, which has {count} digits before the decimal point; numbers in a bid "
        "may have at most {limit}",
        explanation="Numbers in a bid are below 1,000,000,000,000,000 (at most 15 digits before the decimal "
        "point), far above any price or commitment. Scoring is exact, and a number such as 1e100001 (a 1 "
        "followed by 100,001 zeros) would take minutes to score or could not be scored at all, so it is "
        "refused here, where the bid writer can correct it.",
        hint="write the number in full, without an exponent",
    ),
    "bid/too-many-decimals": Spec(
        severity=E,
        title="Number with too many decimal places",
        message="{what} is {found}, which has {count} digits after the decimal point; numbers in a bid "
        "may have at most {limit}",
        explanation="Numbers in a bid have at most 20 digits written after the decimal point (trailing "
        "zeros included). Scoring is exact, and a number such as 1e-999999 would take minutes to score, "
        "so it is refused here, where the bid writer can correct it.",
        hint="round the number to fewer decimal places",
    ),
    "bid/refused-character": Spec(
        severity=E,
        title="Invisible or control character in the bid",
        message="{what} holds the character {char} at {where}; bids may not contain invisible or control "
        "characters",
        explanation="What is scored and published must be what a person reads. Control characters (NUL and "
        "the like, other than tabs and line breaks), zero-width spaces, word joiners, byte order marks, "
        "right-to-left overrides and similar invisible characters change how text is counted, displayed "
        "or sorted without being seen (5,000 words joined by zero-width spaces look like one to a word "
        "counter), and a lone surrogate cannot be written out at all. The zero-width joiner and "
        "non-joiner, soft hyphens and direction marks are kept but not counted.",
        hint="delete the character (retyping the text around it removes it); use an ordinary space between words",
    ),
    "bid/missing-answer": Spec(
        severity=E,
        title="Missing answer",
        message="Missing answer for {label}",
        explanation="Every quality question and every social value measure selected by the tender "
        "needs an answer, even when the answer is 0 or no: a missing answer is what makes a bid "
        "unusable at evaluation.",
        hint="add the answer under its section; `svspec template` lists every answer needed",
    ),
    "bid/unknown-answer": Spec(
        severity=E,
        title="Answer to a question or measure this tender does not ask",
        message="there is no {kind} {ref} in this tender",
        explanation="Bids are closed: an answer under a code the tender does not use would not be "
        "scored. It is usually a typing mistake in the code, or an answer copied from another "
        "tender.",
    ),
    "bid/below-minimum": Spec(
        severity=E,
        title="Answer below the minimum",
        message="the answer for {label} is {found}, below the minimum of {limit}",
        explanation="Numeric answers must lie within the range the framework sets for the measure.",
    ),
    "bid/above-maximum": Spec(
        severity=E,
        title="Answer above the maximum",
        message="the answer for {label} is {found}, above the maximum of {limit}",
        explanation="Numeric answers must lie within the range the framework sets for the measure; "
        "a figure above it is usually a typing mistake or a figure for the whole company rather "
        "than for this contract.",
    ),
    "bid/empty-answer": Spec(
        severity=E,
        title="Empty answer",
        message="the answer for {label} is empty",
        explanation="An answer is given but has nothing in it. Give 0 or no when you commit "
        "nothing; write the text for text answers.",
    ),
    "bid/not-a-choice": Spec(
        severity=E,
        title="Answer is not one of the choices",
        message="the answer for {label} is '{found}', which is not one of {choices}",
        explanation="Choice answers must be written exactly as one of the choices the tender lists.",
    ),
    "bid/too-many-words": Spec(
        severity=E,
        title="Answer over the word limit",
        message="the answer for {label} has {count} words; the limit is {limit} words",
        explanation="Words are counted as a person reads them: runs of visible characters between "
        "spaces or line breaks, after composing accents (Unicode NFC). Invisible characters are not word "
        "breaks (those that hide words are refused: bid/refused-character). Evaluators read only answers "
        "within the limit, so a longer answer is refused before evaluation rather than cut.",
        hint="shorten the answer",
    ),
    "bid/too-many-characters": Spec(
        severity=E,
        title="Answer over the character limit",
        message="the answer for {label} has {count} characters; the limit is {limit}",
        explanation="Characters are counted as a person sees them, spaces and line breaks included: "
        "accents are composed with their letter first (Unicode NFC), a Windows line ending counts once, "
        "and combining marks and invisible format characters are not counted.",
        hint="shorten the answer",
    ),
    "bid/number-as-text": Spec(
        severity=E,
        title="Number written as text",
        message="{what} is the text '{found}'; write it as a number",
        explanation="In YAML and JSON a number in quotes is text. Numeric answers are written "
        "without quotes, without thousands separators and without the unit.",
        hint="write {number}: digits only, without quotes or thousands separators",
    ),
    "bid/number-with-unit": Spec(
        severity=E,
        title="Number written with its unit",
        message="{what} is written as '{found}'; write the number only: the unit, {unit}, is fixed",
        explanation="The unit of every numeric answer is set by the measure, and shown in the "
        "template. Write only the number, so that it can be scored.",
        hint="write {number}",
    ),
    "bid/wrong-unit": Spec(
        severity=E,
        title="Answer in the wrong unit",
        message="{what} is given in {written} ('{found}'), but it is counted in {unit}",
        explanation="Each measure is counted in one unit (FTE, hours, weeks, tCO2e, pounds...). A "
        "figure in another unit cannot be compared with other bids: convert it to the measure's "
        "unit and write the number only.",
    ),
    "bid/unknown-evidence": Spec(
        severity=E,
        title="Evidence listed for a code this tender does not ask",
        message="evidence is listed for {ref}, which is not a question or measure of this tender",
        explanation="Evidence is listed under the code of the question or measure it supports.",
    ),
    "bid/empty-evidence": Spec(
        severity=E,
        title="Empty evidence list",
        message="the evidence list for {ref} is empty",
        explanation="List at least one document, or remove the code from `evidence`.",
    ),
    "bid/bad-document": Spec(
        severity=E,
        title="Evidence document that is not a name",
        message="evidence for {ref} should be a document name (text of at most {limit} characters), not {found}",
        explanation="Evidence lists name the documents supplied with the bid, as text.",
    ),
    "bid/document-listed-twice": Spec(
        severity=E,
        title="Document listed twice",
        message="'{document}' is listed twice as evidence for {ref}",
        explanation="Each document is listed once for each commitment it supports.",
    ),
    "bid/missing-evidence": Spec(
        severity=E,
        title="Commitment without the evidence due with the bid",
        message="{label} needs evidence with the bid ({what}), but no document is listed for it",
        explanation="When a measure or question asks for evidence 'with the bid', every "
        "commitment to it (a number above zero, a yes, or a text, choice or file answer) must list "
        "at least one document under `evidence`, keyed by its code. Evidence due later (at "
        "mobilisation, every quarter...) is not listed in the bid.",
        hint="list the documents under evidence, e.g. `evidence: {{CODE: [\"plan.pdf\"]}}`",
    ),
    "bid/double-counting": Spec(
        severity=E,
        title="The same evidence counted under two measures",
        message="'{document}' is evidence for both {a} and {b}, which must not count the same result twice",
        explanation="The framework declares that these measures must not double count: one result "
        "(an hour of volunteering, a tonne of carbon) may be claimed under one of them only. A "
        "document supporting both suggests the same result is claimed twice.",
        hint="claim the result under one measure, or list separate records for each",
    ),
    # price components: a bid's price by component, the whole-life cost (issue 12 item 4)
    "bid/price-by-component": Spec(
        severity=E,
        title="One price where the tender asks for its components",
        message="this tender asks for the price by component ({codes}), not one figure; found {found}",
        explanation="The tender scores a whole-life cost: the bid gives each price component in pounds "
        "and svspec adds them up, each counted the times the tender says. A single total cannot be "
        "split back into its components.",
        hint="write `price:` then one line per component, such as `  capital: 1200000`",
    ),
    "bid/missing-price-component": Spec(
        severity=E,
        title="Missing price component",
        message="the price has no amount for {component} ({title})",
        explanation="Every price component the tender names needs an amount in pounds, 0 included: "
        "the whole-life cost adds them all up.",
        hint="add the component under `price:` with its amount in pounds",
    ),
    "bid/unknown-price-component": Spec(
        severity=E,
        title="Price component the tender does not name",
        message="there is no price component {component} in this tender; its components are {codes}",
        explanation="A price by component is closed: an amount under a code the tender does not name "
        "would not be counted. It is usually a typing mistake in the code.",
    ),
}
