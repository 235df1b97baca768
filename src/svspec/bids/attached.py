"""THE rule for an answer given as an attached document (issue 13 item 8): `attached: NAME`.

A leaf module (standard library only), so that the answer kinds, the bid rules and the reading of
attachments (`svspec.bids.attachments`) can all ask it without importing one another.
"""

from __future__ import annotations

import re
from typing import Any

PREFIX = "attached:"
_ATTACHED = re.compile(r"\A\s*attached:[ \t]*(\S.*?)\s*\Z", re.IGNORECASE | re.DOTALL)


def attached_name(value: Any) -> str | None:
    """The document a text answer names as `attached: NAME` (any capitals, on one line), or None when
    the answer is the text itself."""
    if type(value) is not str or not value[:40].lstrip().lower().startswith(PREFIX):
        return None
    match = _ATTACHED.match(value)
    if match is None or "\n" in match.group(1):
        return None
    return match.group(1)
