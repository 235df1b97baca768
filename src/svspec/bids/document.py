"""Reading a bid file into plain data with the place of every value, safely.

Bids are read by the one reader for untrusted files, `svspec.reader` (with `svspec.reader.BID`
limits and codes); this module keeps the names bid code has always imported. Spreadsheets are
read by `svspec.bids.spreadsheet`.
"""

from __future__ import annotations

from svspec.reader import (
    BID,
    MAX_DEPTH,
    MAX_TEXT_BYTES,
    Document,
    Marked,
    Place,
    Pointer,
    json_pointer,
    parse_json,
    parse_yaml,
    read_text,
)

__all__ = ["BID", "MAX_DEPTH", "MAX_TEXT_BYTES", "Document", "Marked", "Place", "Pointer", "json_pointer",
           "parse_json", "parse_yaml", "read_text"]
