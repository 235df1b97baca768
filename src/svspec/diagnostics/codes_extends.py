"""Diagnostic codes of frameworks built on another (`extends`), version constraints and the programme
view. Joined into `registry.REGISTRY`. See docs/language/extends.md.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

_LAYERS = (
    "A framework may be built on another (`extends NAME VERSION from \"FILE\"`): it inherits every theme, "
    "outcome, measure, scale, unit, pathway and policy rule of its base, and says only what it changes "
    "(`rename`, `drop`, `change theme|outcome|measure`) or adds. See docs/language/extends.md."
)

CODES: dict[str, Spec] = {
    "extends-unknown-name": Spec(
        severity=E,
        title="Changing something the base framework does not have",
        message="'{base}' has no {kind} called '{name}' to {action}",
        explanation="A `rename`, `drop` or `change` names a theme, outcome or measure of the framework it "
        "extends; this name is not declared there (nor in the frameworks below it). " + _LAYERS,
    ),
    "extends-conflict": Spec(
        severity=E,
        title="Two layers say different things about one item",
        message="{what}",
        explanation="Each theme, outcome and measure is declared once, in one layer, and each later layer "
        "changes it at most once: declaring again a name the base framework already has, changing an item "
        "twice, or changing an item that is dropped or renamed leaves it unclear which words apply. "
        + _LAYERS,
        hint="declare the item once, and change it with one `change` block",
    ),
    "extends-cycle": Spec(
        severity=E,
        title="Frameworks extend each other in a circle",
        message="frameworks extend each other in a circle: {cycle}",
        explanation="A framework is built on the one it extends, so the chain of `extends` must end at a "
        "framework that extends nothing. " + _LAYERS,
    ),
    "extends-not-a-framework": Spec(
        severity=E,
        title="Extends something that is not a framework",
        message="'{path}' holds {found}, not framework '{name}'",
        explanation="`extends` names a framework file (or a bundled framework) and the name declared in it. "
        + _LAYERS,
    ),
    "extends-nothing-to-change": Spec(
        severity=E,
        title="Rename, drop or change in a framework that extends nothing",
        message="'{statement}' changes an inherited item, but this framework extends no other",
        explanation="`rename`, `drop` and `change` only make sense in a framework built on another. "
        + _LAYERS,
        hint="add `extends NAME VERSION from \"FILE\"`, or declare the item here instead",
    ),
    "extends-loosens-policy": Spec(
        severity=E,
        title="A local policy rule loosens the base framework's",
        message="'{rule}' is looser than the base framework's '{base_rule}'",
        explanation="A framework built on another may tighten its policy (ask for more social value, "
        "fewer measures, a higher minimum weight), never loosen it: the national or council rule is the "
        "floor every directorate keeps. Recorded waivers, which will allow a loosening with a reason, are "
        "not yet available. " + _LAYERS,
        hint="keep the base framework's rule, or ask its owner to change it",
    ),
    "extends-weights-after-drop": Spec(
        severity=E,
        title="Weights no longer add up after a drop",
        message="after dropping '{name}' the weights in {group} add up to {total}, not 100%",
        explanation="Dropping a weighted theme or outcome leaves its siblings' weights short of 100%. "
        "Give the remaining items new weights with `change theme NAME` / `change outcome NAME` blocks "
        "holding `weight N%`. " + _LAYERS,
        hint="re-weight the remaining items in change blocks so they add up to 100%",
    ),
    "measure-dropped": Spec(
        severity=E,
        title="A tender selects a measure its framework dropped",
        message="measure '{name}' was dropped by framework '{framework}'",
        explanation="The tender's framework is built on another and leaves this measure out (`drop`), so "
        "bidders cannot be asked for it. Select another measure, or keep it in the framework. " + _LAYERS,
    ),
    "measure-renamed": Spec(
        severity=E,
        title="A tender selects a measure by its old code",
        message="measure '{name}' is called '{new}' in framework '{framework}'",
        explanation="The tender's framework re-codes this measure of its base (`rename OLD to NEW`): a "
        "tender names measures by the codes its own framework publishes. " + _LAYERS,
        hint="select '{new}'",
    ),
    "superseded-edition": Spec(
        severity=W,
        title="A tender uses a superseded framework edition",
        message="this uses {name} {found}, but {name} {newest} is checked too: {changes}",
        explanation="Among the files checked together, a newer edition of this tender's framework (or of the "
        "framework a framework extends) exists. The spec still compiles against the edition it names; "
        "review what changed (`svspec diff OLD NEW` "
        "lists every change) and move it to the new edition when it should follow the new rules.",
        hint="run `svspec diff {old_path} {new_path}` and update the `uses` or `extends` line",
    ),
}
