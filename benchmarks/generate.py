"""Write generated svspec projects of a given size, for the benchmarks.

Each project is a folder holding `svspec.toml`, a value set, a framework with N measures
(themes → outcomes → measures of mixed answer kinds and scoring rules, weights that add up,
a priority order, scales, a policy and a pathway) and a tender that selects six measures.

    python benchmarks/generate.py OUT_DIR 100 1000 10000
    python benchmarks/generate.py OUT_DIR --big-tender 500 2000   # tenders selecting every measure
"""

from __future__ import annotations

import sys
from pathlib import Path

SIZES = (100, 1_000, 10_000)
PROXIES = (("local-job", "£28,213", "FTE", True), ("training-week", "£234.87", "weeks", False),
           ("volunteer-hour", "£16.93", "hours", False), ("carbon", "£252", "tCO2e", False))


def _shares(count: int) -> list[str]:
    """`count` whole-number percentages that add up to exactly 100%."""
    base, extra = divmod(100, count)
    return [f"{base + (1 if i < extra else 0)}%" for i in range(count)]


def _layout(measures: int) -> tuple[int, int, int]:
    """Themes, outcomes per theme and measures per outcome for about `measures` measures."""
    themes = 5 if measures <= 100 else 10
    outcomes = 4 if measures <= 100 else 10
    per_outcome = max(1, measures // (themes * outcomes))
    return themes, outcomes, per_outcome


def _measure(code: str, i: int) -> list[str]:
    """One measure; the answer kind and scoring rule cycle through every kind the language has."""
    kind = i % 8
    lines = [f'      measure {code} "Generated measure {i}"']
    if kind == 0:
        lines += ["        guidance: Count local people employed on the contract, in FTE.",
                  "        unit FTE", "        answer number at least 0 at most 500", "        apportioned",
                  "        value local-job from bench-proxies", "        adjust deadweight 25%, attribution 10%",
                  '        evidence "Payroll extract" every quarter, verified by "Contract manager"',
                  '        report "Local FTE" every quarter',
                  "        scored linear from 0 FTE to 10 FTE clamped"]
    elif kind == 1:
        lines += ["        unit weeks", "        answer number at least 0",
                  "        value training-week from bench-proxies",
                  '        evidence "Training records" every quarter',
                  "        scored in bands", "          at least 52 weeks scores 50%",
                  "          at least 104 weeks scores 100%", "          otherwise 0%"]
    elif kind == 2:
        lines += ["        unit hours", "        answer number at least 0 at most 20,000",
                  "        value volunteer-hour from bench-proxies", "        adjust displacement 5%",
                  '        evidence "Volunteering log" every quarter', "        scored by value relative to best"]
    elif kind == 3:
        lines += ["        unit tCO2e", "        answer number at least 0", "        value carbon from bench-proxies",
                  "        lasts 3 years", "        adjust drop-off 10%", "        discount 3.5% per year",
                  '        evidence "Carbon reduction plan" with the bid',
                  "        scored by value per £ against £0.25, credibility by evaluators on scale credibility"]
    elif kind == 4:
        lines += ["        answer text up to 500 words", '        evidence "Delivery plan" with the bid',
                  "        scored by evaluators on scale standard"]
    elif kind == 5:
        lines += ["        answer yes or no", '        evidence "Accreditation certificate" at mobilisation',
                  "        scored yes or no, gate yes"]
    elif kind == 6:
        lines += ["        answer money at least £0", "        value £1 per pound",
                  '        evidence "Spend report" every year', "        scored relative to best, capped at £50,000"]
    else:
        lines += ['        answer choice "none", "some", "all"', "        unit people", "        record only",
                  '        report "Choice made" every year']
    return lines


def framework_text(measures: int) -> str:
    """The text of a framework with about `measures` measures (exactly, for the standard sizes)."""
    themes, outcomes, per_outcome = _layout(measures)
    outcome_names = [f"o{t}x{o}" for t in range(themes) for o in range(outcomes)]
    out = [f'framework bench "Benchmark framework with {measures} measures"', "  version 1.0",
           '  owner "svspec benchmarks"', "  effective 2026-04-01", "  currency GBP",
           '  summary: A generated framework used to measure how fast svspec checks large specs.',
           f"  priority {', '.join(outcome_names)}", '  values bench-proxies 1.0 from "values.svspec"', "",
           "  policy", "    social value at least 10%", "    at most 6 measures", "    at least 1 measure from t0",
           "    each measure at least 5%", "",
           '  scale standard "Evaluator scale"', '    100 "Excellent": A specific, credible commitment.',
           '    50 "Acceptable": Meets the requirement.', '    0 "Unacceptable": No commitment.', "",
           '  scale credibility "Credibility"', '    100% "Credible": Backed by a plan.',
           '    0% "Not credible": No plan.', "", '  unit pound "Pounds spent locally"', ""]
    theme_weights = _shares(themes)
    outcome_weights = _shares(outcomes)
    number = 0
    for t in range(themes):
        out += [f'  theme t{t} "Generated theme {t}"', f"    why: Theme {t} matters to residents.",
                f"    weight {theme_weights[t]}", ""]
        for o in range(outcomes):
            out += [f'    outcome o{t}x{o} "Generated outcome {t}.{o}"', f"      weight {outcome_weights[o]}", ""]
            for _ in range(per_outcome):
                out += _measure(f"M{number}", number)
                out.append("")
                number += 1
    out += ['  pathway local-jobs "From local hiring to outcomes"', '    activity "Recruit locally"',
            '    output M0, assuming "Vacancies are advertised locally", confidence 80%',
            "    outcome o0x0, confidence 70%", '    impact "Fewer households in poverty"']
    return "\n".join(out) + "\n"


def value_set_text() -> str:
    """The value set the generated framework imports."""
    out = ['value set bench-proxies "Benchmark proxy values"', "  edition 1.0", '  source "Illustrative figures"']
    for name, money, unit, per_year in PROXIES:
        out.append(f'  proxy {name} {money} per {unit}{" per year" if per_year else ""}, source "illustrative"')
    return "\n".join(out) + "\n"


def tender_text() -> str:
    """A tender selecting one measure of each scored kind, weights adding up to 100%."""
    return "\n".join([
        'tender bench-tender "Benchmark tender"', '  uses bench 1.0 from "framework.svspec"', "  version 1",
        "  closes 2027-01-15", "  contract value £12,000,000 over 7 years", "", "  criteria",
        "    price 60%, scored relative to lowest", "    quality 30%, pass mark 50%", "    social value 10%", "",
        "  quality questions", '    question Q1 "Service delivery plan"', "      weight 100%",
        "      answer text up to 1,500 words", "      scored by evaluators on scale standard", "",
        "  social value measures", "    M0 weight 30%, scored linear from 0 FTE to 20 FTE", "    M1 weight 15%",
        "    M2 weight 15%", "    M3 weight 15%", "    M4 weight 15%", "    M5 weight 10%", "",
        "  moderation consensus", "  tie break quality, social value, earliest submission",
        "  compare relative scores among passing bids",
    ]) + "\n"


def write_project(folder: Path, measures: int) -> Path:
    """Write one project of `measures` measures into `folder`; returns the framework path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "svspec.toml").write_text(f'[project]\nname = "bench-{measures}"\n', encoding="utf-8")
    (folder / "values.svspec").write_text(value_set_text(), encoding="utf-8")
    (folder / "framework.svspec").write_text(framework_text(measures), encoding="utf-8")
    (folder / "tender.svspec").write_text(tender_text(), encoding="utf-8")
    return folder / "framework.svspec"


def _big_weights(count: int) -> list[str]:
    """`count` percentages with at most four decimals that add up to exactly 100%."""
    unit = 10**4 * 100 // count  # in ten-thousandths of a percent
    extra = 10**4 * 100 - unit * count
    shares = [unit + (extra if i == 0 else 0) for i in range(count)]
    return [f"{share // 10**4}.{share % 10**4:04d}".rstrip("0").rstrip(".") + "%" for share in shares]


def big_framework_text(measures: int) -> str:
    """A framework of `measures` scored measures (a multiple of 100: 10 themes × 10 outcomes), with
    no limit on how many a tender selects, for the build benchmark of a tender selecting them all."""
    themes, outcomes = 10, 10
    per_outcome = max(1, measures // (themes * outcomes))
    text = framework_text(100)
    head = text[: text.index('  theme t0 "')]
    head = head.replace("    at most 6 measures\n", "").replace("    each measure at least 5%\n", "")
    head = head.replace(f"priority {', '.join(f'o{t}x{o}' for t in range(5) for o in range(4))}",
                        f"priority {', '.join(f'o{t}x{o}' for t in range(themes) for o in range(outcomes))}")
    out = [head.rstrip("\n"), ""]
    theme_weights, outcome_weights = _shares(themes), _shares(outcomes)
    number = 0
    for t in range(themes):
        out += [f'  theme t{t} "Generated theme {t}"', f"    why: Theme {t} matters to residents.",
                f"    weight {theme_weights[t]}", ""]
        for o in range(outcomes):
            out += [f'    outcome o{t}x{o} "Generated outcome {t}.{o}"', f"      weight {outcome_weights[o]}", ""]
            for _ in range(per_outcome):
                out += _measure(f"M{number}", number % 7)  # kinds 0-6: every scored kind, no record-only
                out.append("")
                number += 1
    return "\n".join(out) + "\n"


def big_tender_text(measures: int) -> str:
    """A tender selecting every measure of `big_framework_text(measures)`, weights adding up."""
    head = tender_text()
    head = head[: head.index("  social value measures")]
    weights = _big_weights(measures)
    lines = ["  social value measures", *(f"    M{i} weight {w}" for i, w in enumerate(weights)), "",
             "  moderation consensus", "  tie break quality, social value, earliest submission",
             "  compare relative scores among passing bids"]
    return head + "\n".join(lines) + "\n"


def write_big_tender_project(folder: Path, measures: int) -> Path:
    """Write a project whose tender selects `measures` measures into `folder`; returns the tender."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "svspec.toml").write_text(f'[project]\nname = "big-tender-{measures}"\n', encoding="utf-8")
    (folder / "values.svspec").write_text(value_set_text(), encoding="utf-8")
    (folder / "framework.svspec").write_text(big_framework_text(measures), encoding="utf-8")
    (folder / "tender.svspec").write_text(big_tender_text(measures), encoding="utf-8")
    return folder / "tender.svspec"


def main(argv: list[str]) -> int:
    """`generate.py OUT_DIR [SIZE...]`: one folder per size under OUT_DIR."""
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[0])
    big = "--big-tender" in argv
    sizes = [int(s.replace(",", "")) for s in argv[1:] if s != "--big-tender"] or list(SIZES)
    for size in sizes:
        if big:
            path = write_big_tender_project(out / f"big-tender-{size}", size)
            print(f"wrote {path.parent} (a tender selecting {size} measures)")
        else:
            path = write_project(out / f"measures-{size}", size)
            print(f"wrote {path.parent} ({size} measures)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
