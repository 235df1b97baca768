"""Diagnostic codes of real frameworks' questions and flags (issue 9 items 2, 3, 11, 12, 13).

A tender tailoring a framework question, record-only measures collected in a tender, codes as
published, `local only` areas, apportioned counts, double counting on the figures and tags.
Joined into `registry.REGISTRY`.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Spec] = {
    "syntax/bad-code": Spec(
        severity=E,
        title="Quoted code that is empty, padded or holds a hidden character",
        message='the code "{text}" is empty, starts or ends with a space, or holds a character that cannot be seen',
        explanation="A code that is not a plain name is written in quotes, exactly as published "
        '(`measure "MAC 1.1" "..."`, `"1a" weight 20%`). Bidders type it in their bids, so it may not be '
        "empty, carry spaces at either end, or hold a tab, a control character or an invisible one "
        "(shown here as its code, such as \\u200b) that nobody could type back.",
        hint='write the code as it is published, e.g. "MAC 1.1"',
    ),
    "tailored-answer-kind": Spec(
        severity=E,
        title="Tailoring changes what a question asks for",
        message="measure '{name}' asks for {wanted} in the framework; a tender cannot ask for {found} instead",
        explanation="A tender may tailor a framework question (its limit, wording, sub-criteria and "
        "reporting metrics: PPN 06/20 and PPN 002 allow both), but not what kind of answer it takes: the "
        "framework's scoring rule, valuation and reports read that kind.",
        hint="keep the framework's kind of answer and tailor only its limits",
    ),
    "tailoring-loosens": Spec(
        severity=E,
        title="Tailoring loosens what the framework fixes",
        message="measure '{name}': {found} loosens the framework's {fixed}",
        explanation="A tender may tighten a limit the framework sets (fewer words, a narrower range) or set "
        'one the framework leaves open (PPN 06/20: "Using a maximum of [insert number] characters"), but '
        "never loosen one: every tender using the framework keeps what the framework promises.",
        hint="set a limit within the framework's, or change the framework",
    ),
    "narrative-limit-without-text": Spec(
        severity=W,
        title="Narrative limit with no text answer to apply to",
        message="tender '{name}' sets a narrative limit, but none of its questions or measures is answered in text",
        explanation="`narrative up to N words in total` limits all of a bid's text answers together. A tender "
        "without any text answer has nothing for it to limit.",
        hint="remove the narrative limit, or add the text questions it was meant for",
    ),
    "local-area-missing": Spec(
        severity=W,
        title="Local-only measure without its area",
        message="measure '{name}' counts local results only, but does not say which area is local",
        explanation="A `local only` measure counts people, spend or hours inside a local area only (Essex: "
        '"outside the local area will NOT be evaluated"). Bidders need to know the area: name its postcode '
        'districts (`local only in SE1, SE11`) or its boundary (`local only within "Essex County Council area"`).',
        hint="write `local only in DISTRICT, ...` or `local only within \"BOUNDARY\"`",
    ),
    "bad-postcode-district": Spec(
        severity=E,
        title="Not a postcode district",
        message="'{text}' is not a UK postcode district",
        explanation="A local area is a list of postcode districts: the outward part of a postcode, one or two "
        "letters, a digit and an optional digit or letter (SE1, SE11, CM1, EC1A).",
        hint="write the outward part of the postcode only, e.g. SE11 for SE11 5QY",
    ),
    "unknown-tag": Spec(
        severity=E,
        title="Unknown tag",
        message="there is no tag called '{name}' in framework '{framework}'",
        explanation="Tags are declared in a `tags` block of the framework (Lambeth's shared purpose, the "
        "SDGs, a council's priority topics) and then carried by themes, outcomes and measures with "
        "`tagged`. A tag used but not declared would group nothing on the site or in reports.",
    ),
    "bid/fraction-not-apportioned": Spec(
        severity=E,
        title="Part of a count given for a measure that is not apportioned",
        message="{label} counts whole {unit}, but the bid gives {found}",
        explanation="Only a measure marked `apportioned` may count part of a person or post (Essex: 0.5 FTE "
        "when half of someone's time is on the contract). Other counted measures take whole numbers.",
        hint="give a whole number",
    ),
    "bid/same-figure-counted-twice": Spec(
        severity=W,
        title="The same figure claimed under two measures that must not double count",
        message="{a} and {b} both claim {found}, and the framework says they must not count the same result twice",
        explanation="The framework declares that these measures must not double count (Essex: local SME spend "
        "must not also be recorded as local supplier spend). The same figure under both usually means one "
        "result claimed twice.",
        hint="claim the result under one measure, and under the other only what it does not already count",
    ),
    # Double counting on the numbers beyond equal figures (issue 9 item 12)
    "bid/part-exceeds-whole": Spec(
        severity=E,
        title="A measure claims more than the measure it is part of",
        message="{part} claims {found}, more than {whole} ({limit}), which counts every result of it too",
        explanation="The framework declares the first measure `part of` the second: every result counted "
        "under it is counted under the whole as well (Essex: long-term unemployed residents hired are "
        "also local residents hired). A part claiming more than its whole cannot be true, so one of the "
        "figures is wrong.",
        hint="count every result of {part} in {whole} as well, so that the whole is at least the part",
    ),
    "bid/exclusive-claims-exceed-contract": Spec(
        severity=W,
        title="Spend claimed under measures that must not double count exceeds the contract value",
        message="{a} and {b} claim {found} together, more than the contract value of {limit}, but must "
        "not count the same spend twice",
        explanation="The framework declares that these measures must not double count (Essex: local SME "
        "spend is not also recorded as local supplier spend). Spend under each is then separate spend of "
        "the contract, so together it cannot be more than the contract is worth: part of it has most "
        "likely been counted under both.",
        hint="claim each pound under one of the measures only",
    ),
    "bid/not-local-only": Spec(
        severity=E,
        title="Local area given for a measure that names no local area",
        message="a local area is given for {ref}, which does not count by postcode district",
        explanation="`local:` lists, for each measure counted in named postcode districts "
        "(`local only in SE1, SE11`), the districts the results counted come from. Other measures take "
        "none.",
    ),
    "bid/outside-local-area": Spec(
        severity=E,
        title="Postcode district outside the measure's local area",
        message="'{found}' is not in the local area of {label} ({area})",
        explanation="A `local only` measure counts results inside its postcode districts only (Essex: "
        '"outside the local area will NOT be evaluated"). The bid lists the districts its results come from '
        "under `local:`, each written as the framework does (SE11, not se11): count only results inside "
        "the area.",
    ),
    "bid/district-listed-twice": Spec(
        severity=E,
        title="Postcode district listed twice",
        message="'{found}' is listed twice in the local area of {ref}",
        explanation="Each postcode district is listed once under `local:` for each measure.",
    ),
    "bid/narrative-too-long": Spec(
        severity=E,
        title="Text answers longer than the tender's narrative limit",
        message="the bid's text answers hold {found} in total, more than the tender's limit of {limit}",
        explanation="The tender limits all text answers together (`narrative up to N words in total`), as well "
        "as each one. Words are counted as for each answer's own limit.",
        hint="shorten the longest answers",
    ),
}
