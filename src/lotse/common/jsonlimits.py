"""JSON from outside (uploads, files) read with a size and a nesting limit.

``json.loads`` recurses once per level: a file of 100,000 ``[`` raises RecursionError (a
server error) and a huge one takes the memory. The limits are checked before parsing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JSONLimitError(ValueError):
    """The text is not JSON, or is larger or deeper than allowed; the message says which."""


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads_limited(
    content: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> Any:
    """Parse ``content`` as JSON; JSONLimitError when too large, too deep or not JSON."""
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    if size > max_bytes:
        raise JSONLimitError(
            _("The file is larger than %(limit)s MB.") % {"limit": max_bytes // (1024 * 1024)}
        )
    try:
        text = content if isinstance(content, str) else content.decode("utf-8")
    except UnicodeDecodeError:
        raise JSONLimitError(_("The file is not JSON.")) from None
    if nesting_depth(text) > max_depth:
        raise JSONLimitError(
            _("The file nests deeper than %(limit)s levels; a bundle never does.")
            % {"limit": max_depth}
        )
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise JSONLimitError(_("The file is not JSON.")) from None
