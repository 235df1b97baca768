"""The site settings file: what a council sets on its published guidance site (issue 13 item 3).

A small YAML file, given with `--settings FILE` to `svspec docs` and `svspec build`, rather than
language in the spec: branding and contact details belong to the publisher, not to the
framework, and one file serves every tender the council publishes. docs/reference/site-settings.md
lists the keys. The file is input from outside: only known keys, plain text, a logo read from
beside the file (no link out of its folder), colours checked for contrast with white.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from svspec.diagnostics import Diagnostic, Span, make
from svspec.semantics.loader import display_path

LOGO_TYPES = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".svg": "svg"}
LOGO_LIMIT = 1024 * 1024
_TEXT_LIMIT = 10_000
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_KEYS: dict[str, tuple[str, ...]] = {
    "name": (), "logo": (), "colours": ("primary", "accent"),
    "contact": ("email", "phone", "address", "web"), "accessibility": (),
    "submission": ("instructions", "deadline time", "portal"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    email: str = ""
    phone: str = ""
    address: str = ""
    web: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteSettings:
    """The publisher's settings; every text is as written (made safe where a page shows it)."""

    name: str = ""
    logo: bytes = b""
    logo_type: str = ""
    primary: str = ""
    accent: str = ""
    contact: Contact = Contact()
    accessibility: str = ""
    instructions: str = ""
    deadline_time: str = ""
    portal: str = ""


DEFAULT = SiteSettings()


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of `#rrggbb` against white."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def load_settings(path: Path) -> tuple[SiteSettings | None, list[Diagnostic]]:
    """Read a settings file; None with the located diagnostics when it cannot be used."""
    shown = display_path(Path(os.path.abspath(path)))
    problems: list[Diagnostic] = []

    def fail(reason: str, node: yaml.Node | None = None, code: str = "site/settings-invalid", **args: str) -> None:
        span = None
        if node is not None:
            mark = node.start_mark
            span = Span(file=shown, line=mark.line + 1, column=mark.column + 1, end_line=mark.line + 1,
                        end_column=mark.column + 2)
        params: dict[str, Any] = {"reason": reason} if code == "site/settings-invalid" else dict(args)
        problems.append(make(code, span, **params))

    try:
        text = Path(path).read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        fail(f"the site settings file {shown} cannot be read: {error}")
        return None, problems
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(make("site/settings-invalid", Span(
            file=shown, line=mark.line + 1, column=mark.column + 1, end_line=mark.line + 1,
            end_column=mark.column + 2) if mark else None,
            reason=f"this is not YAML: {getattr(error, 'problem', error)}"))
        return None, problems
    if root is None:
        return DEFAULT, []
    values = _mapping(root, "the site settings file", fail)
    found: dict[str, Any] = {}
    for key, (key_node, node) in values.items():
        if key not in _KEYS:
            fail(f"'{key}' is not a site setting (they are: {', '.join(_KEYS)})", key_node)
        elif _KEYS[key]:
            inner = _mapping(node, f"'{key}'", fail)
            for sub, (sub_node, value) in inner.items():
                if sub not in _KEYS[key]:
                    fail(f"'{sub}' is not a setting of '{key}' (they are: {', '.join(_KEYS[key])})", sub_node)
                else:
                    found[f"{key}.{sub}"] = (_text(value, f"'{key}: {sub}'", fail), value)
        else:
            found[key] = (_text(node, f"'{key}'", fail), node)
    settings = _settings(found, Path(path), fail)
    return (None, problems) if problems else (settings, [])


def _mapping(node: yaml.Node, what: str, fail: Any) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        fail(f"{what} must be a list of 'key: value' lines", node)
        return {}
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        name = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
        if name in out:
            fail(f"'{name}' is set twice in {what}", key)
        out[name] = (key, value)
    return out


def _text(node: yaml.Node, what: str, fail: Any) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
                                                                 "tag:yaml.org,2002:float"):
        fail(f"{what} must be text", node)
        return ""
    value = str(node.value).strip()
    if len(value) > _TEXT_LIMIT:
        fail(f"{what} is longer than {_TEXT_LIMIT:,} characters", node)
        return ""
    return value


def _settings(found: dict[str, Any], path: Path, fail: Any) -> SiteSettings:
    def get(key: str) -> str:
        return str(found[key][0]) if key in found else ""

    colours = {}
    for role in ("primary", "accent"):
        colour = get(f"colours.{role}")
        if colour and not _COLOUR.fullmatch(colour):
            fail(f"the {role} colour '{colour}' is not written #rrggbb (for example #00594f)",
                 found[f"colours.{role}"][1])
        elif colour:
            ratio = contrast_with_white(colour)
            if ratio < 4.5:
                fail("", found[f"colours.{role}"][1], "site/colour-contrast", role=role, colour=colour,
                     ratio=f"{int(ratio * 100) / 100:.2f}")
            colours[role] = colour.lower()
    deadline = get("submission.deadline time")
    if deadline and not _TIME.fullmatch(deadline):
        fail(f"the deadline time '{deadline}' is not written HH:MM on the 24-hour clock (for example 12:00)",
             found["submission.deadline time"][1])
    logo, logo_type = b"", ""
    if get("logo"):
        logo, logo_type = _logo(get("logo"), path, found["logo"][1], fail)
    return SiteSettings(
        name=get("name"), logo=logo, logo_type=logo_type, primary=colours.get("primary", ""),
        accent=colours.get("accent", ""),
        contact=Contact(email=get("contact.email"), phone=get("contact.phone"), address=get("contact.address"),
                        web=get("contact.web")),
        accessibility=get("accessibility"), instructions=get("submission.instructions"), deadline_time=deadline,
        portal=get("submission.portal"))


def _logo(name: str, settings_path: Path, node: yaml.Node, fail: Any) -> tuple[bytes, str]:
    """The logo's bytes and type: a PNG, JPEG or SVG file inside the settings file's folder."""
    folder = Path(os.path.realpath(Path(settings_path).parent))
    candidate = Path(settings_path).parent / name
    real = Path(os.path.realpath(candidate))
    kind = LOGO_TYPES.get(real.suffix.lower())
    if folder not in real.parents:
        fail(f"the logo '{name}' is not inside the folder of the settings file", node)
    elif kind is None:
        fail(f"the logo '{name}' is not a PNG, JPEG or SVG file", node)
    elif not real.is_file():
        fail(f"the logo '{name}' does not exist beside the settings file", node)
    elif real.stat().st_size > LOGO_LIMIT:
        fail(f"the logo '{name}' is larger than 1 MB", node)
    else:
        return real.read_bytes(), kind
    return b"", ""


__all__ = ["DEFAULT", "Contact", "SiteSettings", "contrast_with_white", "load_settings"]
