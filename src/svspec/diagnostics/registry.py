"""The one table of every diagnostic svspec can report.

Codes are kebab-case and stable forever: tools and people search for them. Each entry has a
severity, a message template (filled by `make`), an optional hint template and an explanation
that `svspec explain CODE` prints and the docs site publishes.
"""

from __future__ import annotations

from svspec.diagnostics.codes_attach import CODES as _ATTACH_CODES  # issue 13 item 8
from svspec.diagnostics.codes_bids import CODES as _BID_CODES
from svspec.diagnostics.codes_content import CODES as _CONTENT_CODES
from svspec.diagnostics.codes_criteria import CODES as _CRITERIA_CODES
from svspec.diagnostics.codes_delivery import CODES as _DELIVERY_CODES
from svspec.diagnostics.codes_extends import CODES as _EXTENDS_CODES
from svspec.diagnostics.codes_input import CODES as _INPUT_CODES
from svspec.diagnostics.codes_lang import CODES as _LANG_CODES  # issue 9 leftovers: pathway codes, double counting
from svspec.diagnostics.codes_methods import CODES as _METHODS_CODES
from svspec.diagnostics.codes_report import CODES as _REPORT_CODES
from svspec.diagnostics.codes_scoring import CODES as _SCORING_CODES
from svspec.diagnostics.codes_site import CODES as _SITE_CODES
from svspec.diagnostics.codes_slips import CODES as _SLIP_CODES
from svspec.diagnostics.codes_spectest import CODES as _SPECTEST_CODES
from svspec.diagnostics.codes_tailor import CODES as _TAILOR_CODES
from svspec.diagnostics.codes_targets import CODES as _TARGET_CODES
from svspec.diagnostics.codes_tender_model import CODES as _TENDER_MODEL_CODES  # issue 13 item 7
from svspec.diagnostics.codes_valuation import CODES as _VALUATION_CODES
from svspec.diagnostics.core import Severity, Spec
from svspec.words import BUILTIN_UNITS

E, W = Severity.ERROR, Severity.WARNING

REGISTRY: dict[str, Spec] = {
    # ------------------------------------------------------------------ files and imports
    "file-not-found": Spec(
        severity=E,
        title="File not found",
        message="cannot read '{path}': {reason}",
        explanation="svspec was asked to read a file that does not exist or cannot be opened. "
        "Check the path; paths in `uses` and `values` are relative to the file that names them.",
    ),
    "file-not-utf8": Spec(
        severity=E,
        title="File is not UTF-8 text",
        message="'{path}' is not UTF-8 text (byte {offset} cannot be decoded)",
        explanation="Specs are plain UTF-8 text. A file saved by a word processor, or a binary "
        "file, cannot be read. Save the spec as plain text (UTF-8).",
        hint="save the file as plain text in UTF-8",
    ),
    "file-too-large": Spec(
        severity=E,
        title="File too large",
        message="'{path}' is {size} bytes; specs may be at most {limit} bytes",
        explanation="svspec refuses very large files so that a mistaken path (a log, a "
        "database dump) cannot exhaust memory. Split a very large framework into value sets.",
    ),
    "file-not-regular": Spec(
        severity=E,
        title="Not a regular file",
        message="cannot read '{path}': it is {kind}, not a regular file",
        explanation="svspec reads only regular files. A named pipe (FIFO) would make it wait for "
        "ever, and a device such as `/dev/zero` or `/dev/urandom` never ends, so both are refused "
        "before anything is read. Give the path of the file itself.",
        hint="give the path of a regular file",
    ),
    "file-not-a-spec": Spec(
        severity=E,
        title="File is not a spec",
        message="'{path}' is not a spec: the file is not named *.svspec and line {line} is not svspec",
        explanation="A file whose name does not end in `.svspec` (or a link named `*.svspec` to a "
        "file whose name does not) and that does not read as svspec is probably some other file "
        "given by mistake, and it may hold secrets (a `.env`, a key). "
        "svspec reports only the path and the line where it stops being svspec, and never shows "
        "the file's text. If it is a spec, name it `*.svspec` to see every syntax error in it.",
        hint="check the path; spec files are named NAME.svspec",
    ),
    "empty-spec": Spec(
        severity=E,
        title="Empty spec",
        message="'{path}' declares no framework, tender or value set",
        explanation="Every `.svspec` file declares exactly one framework, tender or value set. "
        "This file has only blank lines or comments.",
        hint="start the file with `framework NAME \"Title\"`, `tender NAME \"Title\"` or "
        "`value set NAME \"Title\"`",
    ),
    "several-declarations": Spec(
        severity=E,
        title="More than one declaration in a file",
        message="this file already declares {first}; put '{name}' in a file of its own",
        explanation="Each file holds exactly one framework, tender or value set, so that a "
        "tender can name the file of the framework it uses and nothing else comes with it.",
    ),
    "import-not-found": Spec(
        severity=E,
        title="Imported file not found",
        message="cannot find '{path}' (looked for {resolved})",
        explanation="A `uses ... from \"PATH\"` or `values ... from \"PATH\"` line names a file "
        "that does not exist. Paths are relative to the file that contains the line.",
    ),
    "import-outside-project": Spec(
        severity=E,
        title="Import outside the project folder",
        message="'{path}' is outside the project folder {root}",
        explanation="Specs may only import files inside their project folder: the nearest folder "
        "above the spec that holds an `svspec.toml` file, or else the spec's own folder. This "
        "keeps a published project self-contained and stops a spec from reading arbitrary files.",
        hint="copy the file into the project folder, or add an svspec.toml to a common parent",
    ),
    "import-link-outside-project": Spec(
        severity=E,
        title="Import through a link to outside the project folder",
        message="'{path}' is a link to a file outside the project folder {root}",
        explanation="Imports are checked after links are followed: a symbolic link inside the "
        "project that points outside it (to a `.env`, a home folder, `/proc`) is refused like any "
        "other path outside the project, and the file it points to is never read.",
        hint="copy the file into the project folder instead of linking to it",
    ),
    "import-not-a-spec": Spec(
        severity=E,
        title="Import of a file that is not a spec",
        message="'{path}' is not a spec file: only files named *.svspec can be imported",
        explanation="Only spec files, named `*.svspec`, can be imported (after any link is "
        "followed). A path to another file (a `.env`, a `.toml`, a key) is refused without reading "
        "it, so that its contents are never shown in an error message.",
        hint="name the spec file NAME.svspec and import that",
    ),
    "import-cycle": Spec(
        severity=E,
        title="Import cycle",
        message="import cycle: {cycle}",
        explanation="Files import each other in a circle, so none of them can be read first. "
        "A tender uses a framework; a framework uses value sets; value sets import nothing.",
    ),
    "import-wrong-kind": Spec(
        severity=E,
        title="Imported file is of the wrong kind",
        message="'{path}' declares {found}, but {expected} was expected here",
        explanation="`uses` must name a framework file and `values` must name a value-set file.",
    ),
    "import-name-mismatch": Spec(
        severity=E,
        title="Imported declaration has another name",
        message="'{path}' declares {kind} '{found}', not '{expected}'",
        explanation="The name after `uses` or `values` must be the name declared in the file "
        "imported, so that a reader of the tender knows exactly what it refers to.",
    ),
    "version-mismatch": Spec(
        severity=E,
        title="Version mismatch",
        message="this asks for {kind} '{name}' version {wanted}, but '{path}' is version {found}",
        explanation="A tender names the exact framework version it was written against (and a "
        "framework the exact value-set edition). When the framework changes, review the tender and "
        "update the version it names; `svspec diff` shows what changed.",
    ),
    # ------------------------------------------------------------------ syntax
    "syntax/unexpected-token": Spec(
        severity=E,
        title="Unexpected word or symbol",
        message="unexpected {found}; expected {expected}",
        explanation="The parser met something that cannot come at this point of a line. The "
        "message lists what could come there instead. svspec skips the rest of the statement "
        "and carries on, so later errors are reported too.",
    ),
    "syntax/unexpected-character": Spec(
        severity=E,
        title="Unexpected character",
        message="unexpected character {found}; expected {expected}",
        explanation="A character appears that is not part of any word, number or symbol the "
        "language allows here. Quoted text may contain any character; look for a missing quote.",
    ),
    "syntax/unterminated-string": Spec(
        severity=E,
        title="Quoted text never closed",
        message="this quoted text has no closing quote on the same line",
        explanation="Quoted text (\"...\") must end on the line where it starts. For text over "
        "several lines use a block between triple quotes (\"\"\" ... \"\"\").",
        hint="add the closing \" or use \"\"\" for text over several lines",
    ),
    "syntax/words-run-together": Spec(
        severity=E,
        title="Words run together",
        message="'{first}' and '{second}' are run together; put a space between them",
        explanation="Keywords, numbers and names are separate words: `at least 10%`, not "
        "`atleast 10%`; `10 FTE`, not `10FTE`. svspec does not guess where one word ends and the "
        "next begins, so that a typing slip is never read as something else.",
        hint="write '{first} {second}'",
    ),
    "syntax/too-many-errors": Spec(
        severity=E,
        title="Too many syntax errors",
        message="too many lines could not be read: svspec stopped at line {line} and did not check the rest "
        "of the file",
        explanation="When a file has very many syntax errors it is usually not a spec at all (a "
        "document saved with the wrong extension, or a damaged file), so svspec stops reading it "
        "and says so, rather than listing hundreds of errors or silently ignoring the rest.",
        hint="fix the errors above (or check that this is the right file) and run svspec again",
    ),
    "syntax/unexpected-end": Spec(
        severity=E,
        title="Unexpected end of file",
        message="the file ends too early; expected {expected}",
        explanation="The file stops in the middle of something, most often a text block opened "
        "with three quotes (\"\"\") that is never closed, so everything after it was read as text.",
    ),
    "syntax/unexpected-indent": Spec(
        severity=E,
        title="Unexpected indentation",
        message="this line is indented, but no block opens on the line above it",
        explanation="Only lines that open a block (framework, theme, outcome, measure, policy, "
        "scale, pathway, tender, criteria, quality questions, social value measures, question, "
        "value set, `scored in bands`) may be followed by more deeply indented lines.",
        hint="indent this line like the line above it",
    ),
    "syntax/expected-indent": Spec(
        severity=E,
        title="Missing indented block",
        message="{opener} needs an indented block under it",
        explanation="A block opener such as `measure` or `theme` must be followed by its "
        "contents, indented further than the opener.",
        hint="indent the lines that belong to it by two more spaces",
    ),
    "syntax/inconsistent-dedent": Spec(
        severity=E,
        title="Indentation does not match any outer block",
        message="this line is indented by {width}, but the lines around it are indented by {inner} or "
        "{outer} spaces",
        explanation="When a block ends, the next line must line up exactly with an enclosing "
        "block. Use two spaces per level. svspec reads the line as part of the nearer block and "
        "carries on.",
        hint="indent it by {inner_spaces} like the rest of its block, or by {outer} like the block around it",
    ),
    "syntax/tab-indent": Spec(
        severity=E,
        title="Tab used for indentation",
        message="indentation uses a tab; use spaces",
        explanation="Tabs look different in every editor, so they make block structure "
        "ambiguous. svspec accepts only spaces for indentation (two per level by convention). "
        "`svspec fmt` cannot fix this because the structure is unknown.",
        hint="replace the tab with spaces",
    ),
    "syntax/invalid-character": Spec(
        severity=E,
        title="Invalid control character",
        message="the file contains the {kind} {char}",
        explanation="Specs are text: control characters (other than tab, newline and carriage "
        "return) usually mean a damaged or binary file. Line and paragraph separators (U+2028, "
        "U+2029) and Unicode non-characters (U+FFFE, U+FFFF) are refused too: they are invisible, "
        "and the files made from a spec (the YAML bid template, the guidance site's mkdocs.yml) "
        "would break where they stand, or read them as the start of a new line.",
    ),
    "syntax/bad-number": Spec(
        severity=E,
        title="Number out of range",
        message="{text} is not a usable number here ({reason})",
        explanation="Numbers in specs have at most 15 digits before and 10 after the decimal "
        "point; amounts beyond that are almost always typing mistakes.",
    ),
    "syntax/bad-date": Spec(
        severity=E,
        title="Not a real date",
        message="{text} is not a real date",
        explanation="Dates are written YYYY-MM-DD and must exist in the calendar.",
    ),
    "syntax/comment-in-prose": Spec(
        severity=W,
        title="A # inside prose is published, not a comment",
        message="'{tail}' is part of the {key} text and will be published: after a colon, # does not start "
        "a comment",
        explanation="Prose after a colon (`guidance: ...`, `why: ...`, a scale level's descriptor) runs to "
        "the end of the line, `#` included, so that text such as `C#` or `our #1 priority` is kept "
        "whole. A `#` after a space looks like a comment, but it is published in the bid templates, "
        "the schema and the guidance site like the rest of the text. `svspec fmt` keeps it too.",
        hint="put the comment on a line of its own, or write the text in quotes if the # belongs to it",
    ),
    # ------------------------------------------------------------------ names
    "duplicate-name": Spec(
        severity=E,
        title="Name declared twice",
        message="{kind} '{name}' is already declared",
        explanation="Theme, outcome and measure codes share one namespace in a framework, and "
        "scales, units and pathways each have their own. A code must be unique so that tenders, "
        "bids and reports can refer to it without ambiguity.",
    ),
    "duplicate-setting": Spec(
        severity=E,
        title="Setting given twice",
        message="'{setting}' is already given for this {owner}",
        explanation="Settings such as `version`, `unit` or `answer` may appear once per block.",
    ),
    "missing-setting": Spec(
        severity=E,
        title="Required setting missing",
        message="{owner} '{name}' has no '{setting}'",
        explanation="Some settings are required: a framework needs a `version`; a tender needs "
        "`uses`, `contract value` and `criteria`; a measure needs an `answer` (and a `unit` for "
        "numeric answers); a value set needs an `edition`.",
    ),
    "unknown-outcome": Spec(
        severity=E,
        title="Unknown outcome",
        message="there is no outcome called '{name}'",
        explanation="The name does not match any outcome declared in the framework.",
    ),
    "unknown-measure": Spec(
        severity=E,
        title="Unknown measure",
        message="there is no measure called '{name}'{where}",
        explanation="The code does not match any measure declared in the framework.",
    ),
    "unknown-group": Spec(
        severity=E,
        title="Unknown theme or outcome",
        message="there is no theme or outcome called '{name}'",
        explanation="Policy rules about a group of measures name a theme or an outcome.",
    ),
    "unknown-scale": Spec(
        severity=E,
        title="Unknown scale",
        message="there is no scale called '{name}'",
        explanation="Evaluator scores and credibility discounts use a scale declared with "
        "`scale NAME` in the framework or the tender.",
    ),
    "unknown-unit": Spec(
        severity=E,
        title="Unknown unit",
        message="there is no unit called '{name}'",
        explanation=f"Units are the built-in ones ({', '.join(BUILTIN_UNITS)}) or those declared with "
        "`unit NAME \"description\"`.",
    ),
    "unknown-value-set": Spec(
        severity=E,
        title="Unknown value set",
        message="there is no value set called '{name}' in this framework",
        explanation="`value ENTRY from SET` names a value set imported with `values SET EDITION "
        "from \"PATH\"`.",
    ),
    "unknown-proxy": Spec(
        severity=E,
        title="Unknown proxy value",
        message="value set '{set}' has no proxy called '{name}'",
        explanation="`value ENTRY from SET` names a `proxy` declared in the value set.",
    ),
    "unknown-pathway-step": Spec(
        severity=E,
        title="Unknown theory-of-change step",
        message="there is no {kind} called '{name}'",
        explanation="A pathway step that names something (rather than quoting a description) "
        "must name a measure (for activity and output) or an outcome or theme (for outcome and "
        "impact).",
    ),
    "unknown-pathway-link": Spec(
        severity=E,
        title="A pathway step follows a step that is not above it",
        message="no earlier step of pathway '{pathway}' is '{name}'",
        explanation="A step's `from` names the earlier steps of the same pathway it follows, so that a "
        "pathway can branch (two outputs from one activity) and join (two outputs feeding one outcome). "
        "Each name is an earlier step's measure, outcome or theme, or its quoted text written exactly: "
        "`outcome local-jobs, from J1 and J3` or `output J3, from \"Recruit through the job brokerage\"`.",
    ),
    # ------------------------------------------------------------------ numbers and weights
    "weights-do-not-sum": Spec(
        severity=E,
        title="Weights do not add up to 100%",
        message="the weights of {group} add up to {total}, not 100%",
        explanation="Sibling weights share out 100% of their parent: themes in a framework, "
        "outcomes in a theme, award criteria in a tender, quality questions, and the selected "
        "social value measures. Each weight is shown so you can see which to change.",
    ),
    "percentage-over-100": Spec(
        severity=E,
        title="Percentage over 100%",
        message="{value} is more than 100%",
        explanation="Weights, adjustments, confidences, shares and band scores are "
        "percentages of a whole and cannot exceed 100%.",
    ),
    "min-above-max": Spec(
        severity=E,
        title="Lower limit above upper limit",
        message="the lower limit {low} is above the upper limit {high}",
        explanation="A range is written from its low end to its high end: answer bounds, a "
        "linear scoring range or a price range. As written no answer can satisfy it.",
    ),
    "zero-width-range": Spec(
        severity=E,
        title="Range of zero width",
        message="the range from {low} to {high} is empty",
        explanation="A linear scoring range needs two different ends, or every answer would "
        "score all or nothing.",
    ),
    "unit-mismatch": Spec(
        severity=E,
        title="Unit does not match",
        message="{found} is in {found_unit}, but {what} is measured in {expected_unit}",
        explanation="Numbers in scoring rules, bounds, caps and proxy values must be in the "
        "measure's own unit, or the arithmetic would be meaningless (hours scored as FTE).",
    ),
    "rule-not-applicable": Spec(
        severity=E,
        title="Scoring rule cannot apply to this answer",
        message="'{rule}' cannot score {answer} answers",
        explanation="Numeric rules (linear, relative to best, bands, caps, thresholds) need a "
        "number or money answer; evaluator scales fit text and file answers; `yes or no` fits "
        "yes/no answers; value rules need a proxy value.",
    ),
    "missing-scoring-rule": Spec(
        severity=E,
        title="Selected measure has no scoring rule",
        message="measure '{name}' is selected but neither the tender nor the framework says how "
        "it is scored",
        explanation="Each selected measure needs a rule, either as the framework's default "
        "(`scored ...` in the measure) or in the tender's selection line.",
        hint="add `, scored ...` to the selection line",
    ),
    "record-only-scored": Spec(
        severity=E,
        title="Record-only measure is scored",
        message="measure '{name}' is record only, so it cannot be scored",
        explanation="Record-only measures are reported for monitoring but never earn points "
        "(Essex: ECC2, ECC36, ECC37). Remove the scoring rule or the `record only` flag. A tender "
        "collects one without scoring it by selecting it as `CODE record only`.",
    ),
    "value-without-proxy": Spec(
        severity=E,
        title="Value rule without a proxy value",
        message="measure '{name}' is scored by value but has no proxy value",
        explanation="`scored by value ...` multiplies the answer by the measure's proxy value. "
        "Give the measure a `value £... per UNIT` or `value ENTRY from SET` line.",
    ),
    "bands-not-ascending": Spec(
        severity=E,
        title="Bands out of order",
        message="band 'at least {this}' must come after the band 'at least {previous}'",
        explanation="Write bands from the smallest commitment to the largest, each with a "
        "higher threshold than the one before, then `otherwise` for answers below them all.",
    ),
    "scale-levels-not-descending": Spec(
        severity=E,
        title="Scale levels out of order",
        message="level {this} must come before level {previous}",
        explanation="Write a scale from its best level to its worst, each level lower than the "
        "one above, so evaluators read it top-down as they do in tender documents.",
        hint="write the levels from the best to the worst",
    ),
    "duplicate-choice": Spec(
        severity=E,
        title="Choice listed twice",
        message="the choice {choice} is listed twice",
        explanation="Each option of a choice answer must be different.",
    ),
    "bad-text-limit": Spec(
        severity=E,
        title="Text limit of zero",
        message="a text answer limited to {limit} {what} cannot be answered",
        explanation="Word and character limits must be at least 1.",
    ),
    "double-counting-self": Spec(
        severity=E,
        title="Measure refers to itself",
        message="measure '{name}' cannot be {relation} itself",
        explanation="`no double counting with` and `additional to` relate two different measures.",
    ),
    "double-counting-conflict": Spec(
        severity=E,
        title="Measures both exclusive and additional",
        message="'{a}' is declared both additional to and never double counted with '{b}'",
        explanation="`additional to` says a result may be counted under both measures; `no "
        "double counting with` says it may not. One pair cannot be both.",
    ),
    "duplicate-priority": Spec(
        severity=E,
        title="Outcome listed twice in the priority order",
        message="'{name}' already appears in the priority order",
        explanation="The priority order ranks each outcome once.",
    ),
    "outcome-not-prioritised": Spec(
        severity=W,
        title="Outcome missing from the priority order",
        message="outcome '{name}' is not in the priority order",
        explanation="When a framework declares a `priority` order, every outcome should appear "
        "in it, so that residents and suppliers can see how it ranks.",
    ),
    # ------------------------------------------------------------------ evidence and use
    "scored-without-evidence": Spec(
        severity=W,
        title="Scored measure without evidence",
        message="measure '{name}' earns points but asks for no evidence",
        explanation="A commitment that earns points should be backed by evidence that can be "
        "checked (with the bid, at mobilisation or in regular returns), or the council cannot "
        "defend the score or monitor delivery.",
        hint="add a line such as `evidence \"Payroll extract\" every quarter`",
    ),
    "unused-measure": Spec(
        severity=W,
        title="Measure not used by any tender",
        message="measure '{name}' is not selected by any of the tenders checked with it",
        explanation="Reported when a framework is checked together with tenders that use it: "
        "a measure none of them selects may be obsolete. It is a warning only.",
    ),
    "unused-measures": Spec(
        severity=W,
        title="Several measures not used by any tender",
        message="{count} measures of framework '{framework}' are not selected by any of the tenders checked with it: "
        "{names}",
        explanation="Reported when a framework is checked together with tenders that use it and more than three of "
        "its measures are selected by none of them: one warning lists them all, with a note at each. A framework "
        "is usually larger than any one tender, so this is expected when one tender is checked; check the whole "
        "folder of tenders to see the measures no tender uses. It is a warning only.",
    ),
    "unused-scale": Spec(
        severity=W,
        title="Scale never used",
        message="scale '{name}' is declared but never used",
        explanation="No scoring rule or credibility discount uses this scale.",
    ),
    # ------------------------------------------------------------------ tender and policy
    "social-value-below-minimum": Spec(
        severity=E,
        title="Social value weight below the policy minimum",
        message="social value is weighted {weight} of the total score, below the minimum of {minimum}",
        explanation="Public buyers set a minimum social value weight (PPN 06/20 and PPN 002: at "
        "least 10% of the total score; many councils 15–30%). The policy may come from the "
        "framework or the tender.",
    ),
    "group-share-below-minimum": Spec(
        severity=E,
        title="Ring-fenced share below the policy minimum",
        message="measures of '{group}' carry {share} of the {base}, below the minimum of {minimum}",
        explanation="A policy can ring-fence a share of the score for one theme or outcome "
        "(Manchester: an extra 10% for the environment).",
    ),
    "too-many-measures": Spec(
        severity=E,
        title="Too many measures selected",
        message="{count} measures are selected, but the policy allows at most {limit}",
        explanation="Frameworks limit how many measures a tender may select so that suppliers "
        "focus on what matters most (Bradford: at most six).",
    ),
    "too-few-measures": Spec(
        severity=E,
        title="Too few measures selected",
        message="{count} measures are selected{where}, but the policy requires at least {limit}",
        explanation="Frameworks can require a minimum number of measures, overall or from one "
        "theme (Bradford: at least one Employment & Skills measure).",
    ),
    "measure-weight-below-minimum": Spec(
        severity=E,
        title="Measure weight below the policy minimum",
        message="measure '{name}' is weighted {weight}, below the minimum of {minimum}",
        explanation="A policy can set a smallest weight for any selected measure, so that no "
        "commitment is asked for that hardly counts.",
    ),
    "missing-criterion": Spec(
        severity=E,
        title="Award criterion missing",
        message="the criteria have no {kind} criterion, but the tender has {what}",
        explanation="A tender with social value measures needs a `social value` criterion, and "
        "one with quality questions needs a `quality` criterion (and the reverse).",
    ),
    "duplicate-criterion": Spec(
        severity=E,
        title="Award criterion given twice",
        message="the {kind} criterion is already given",
        explanation="Each of price, quality and social value appears once in `criteria`.",
    ),
    "price-formula-missing": Spec(
        severity=E,
        title="Price criterion without a formula",
        message="the price criterion does not say how price is scored",
        explanation="State the price formula: `scored relative to lowest` (lowest price ÷ bid "
        "price) or `scored linear from £LOW to £HIGH` (full points at or below LOW, none at or "
        "above HIGH).",
        hint="add `, scored relative to lowest` to the price line",
    ),
    "option-not-applicable": Spec(
        severity=E,
        title="Option does not apply here",
        message="'{option}' does not apply to the {kind} criterion",
        explanation="Price formulas go on the price criterion; pass marks on quality or social "
        "value.",
    ),
    "duplicate-selection": Spec(
        severity=E,
        title="Measure selected twice",
        message="measure '{name}' is already selected",
        explanation="Each measure is selected once in `social value measures`.",
    ),
    "excluded-measures-selected": Spec(
        severity=W,
        title="Measures that must not double count are both selected",
        message="'{a}' and '{b}' are both selected, but the framework forbids counting one "
        "result under both",
        explanation="Both may be selected, but bid validation will reject a bid that counts the "
        "same result twice; make sure the guidance says so.",
    ),
    "closing-date-before-effective": Spec(
        severity=W,
        title="Tender closes before the framework takes effect",
        message="the tender closes on {closes}, before framework '{name}' takes effect on "
        "{effective}",
        explanation="A tender normally uses a framework that is already in force when bids close.",
    ),
    "closing-date-after-until": Spec(
        severity=W,
        title="Tender closes after the framework stops applying",
        message="the tender closes on {closes}, after framework '{name}' stopped applying on {until}{replaced}",
        explanation="A framework that has been replaced (PPN 06/20 by PPN 002 under the Procurement Act 2023) "
        "still applies to procurements begun under the old rules, so this is a warning: check that this "
        "procurement began while the framework applied, or use the one that replaced it.",
        hint="use the framework that replaced it, or keep it only for a procurement begun before then",
    ),
    "bad-contract": Spec(
        severity=E,
        title="Contract value or duration is zero",
        message="the contract {what} must be more than zero",
        explanation="Value-per-pound scoring divides by the contract value, and value over time "
        "uses the duration; both must be positive.",
    ),
    "unknown-kpi": Spec(
        severity=E,
        title="KPI that is not a selected measure",
        message="'{name}' is not one of the tender's selected measures, so it cannot be a KPI",
        explanation="A contract KPI measures what the supplier committed to in the bid. `kpis` names "
        "measures from the tender's `social value measures`; any other name has no committed figure to "
        "measure delivery against (see docs/delivery.md).",
    ),
    "too-few-kpis": Spec(
        severity=W,
        title="Fewer than three KPIs on a contract above £5 million",
        message="the contract is worth {value} but has {count} KPI(s); above £5 million at least three are needed",
        explanation="The Procurement Act 2023 (s.52) requires a contract worth more than £5 million to set "
        "at least three key performance indicators, and the council must publish how the supplier performs "
        "against them at least every twelve months (s.71).",
        hint="name at least three selected measures on the `kpis` line",
    ),
    "rating-out-of-order": Spec(
        severity=E,
        title="Performance rating shares out of order",
        message="good at least {good}, approaching target at least {approaching} and requires improvement "
        "at least {improvement} do not go down",
        explanation="A KPI is rated Good, Approaching target, Requires improvement or Inadequate by the share "
        "of its target delivered (Procurement Act 2023 s.71). Each rating needs a smaller share than the one "
        "before it, or some rating could never be given.",
        hint="give the largest share to good and the smallest to requires improvement",
    ),
    "empty-pathway": Spec(
        severity=E,
        title="Pathway with fewer than two steps",
        message="pathway '{name}' has {count} step(s); a theory of change links at least two",
        explanation="A pathway links steps from activity to impact; one step links nothing.",
    ),
    "pathway-order": Spec(
        severity=W,
        title="Pathway steps out of order",
        message="an {kind} step comes after an {previous} step",
        explanation="A theory of change runs activity → output → outcome → impact. Steps of the "
        "same kind may repeat, but should not go backwards.",
    ),
}

# Codes owned by later stages (bids, scoring, site, the reader) live beside their stage's table and join
# this one registry here, so there is still exactly one place to look a code up.
for _table in (
    _BID_CODES,
    _SCORING_CODES,
    _SITE_CODES,
    _INPUT_CODES,
    _SPECTEST_CODES,
    _DELIVERY_CODES,
    _SLIP_CODES,
    _TARGET_CODES,
    _METHODS_CODES,
    _CONTENT_CODES,
    _EXTENDS_CODES,
    _TAILOR_CODES,
    _CRITERIA_CODES,
    _VALUATION_CODES,
    _TENDER_MODEL_CODES,
    _REPORT_CODES,
    _LANG_CODES,
    _ATTACH_CODES,
):
    for _code, _spec in _table.items():
        assert _code not in REGISTRY, f"diagnostic code {_code} is declared twice"
        REGISTRY[_code] = _spec
