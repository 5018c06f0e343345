"""Text that is safe to show: no terminal escape sequences, no invisible bidi controls.

A title, an outlet or a quote comes from a third party. An ESC sequence in it
would drive the terminal of whoever runs `frontline ask`; a right-to-left
override (U+202E) would make Telegram show "moc.sretuer" as "reuters.com".
Both are removed when an article is read (so stored text, and every quote
sliced from it, is clean) and again when text is rendered, for data stored
before.
"""

from __future__ import annotations

import re

# ESC/CSI sequences first (so their parameters go with them), then every C0
# control but tab and newline, DEL and the C1 controls (U+009B is a one-byte
# CSI on some terminals), then the bidi embeddings, overrides, isolates and
# marks. Zero-width joiners stay: some scripts need them.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])?")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """Return `text` without escape sequences, control characters and bidi controls.

    Args:
        text: untrusted text (a title, an outlet, an article body).
        keep_newlines: keep ``\\n`` and ``\\t`` (bodies); when False they
            become spaces (one-line fields such as titles and outlets).

    Returns:
        The text with those characters removed; everything else untouched.
    """
    if text.isprintable():  # the common case, and the cheapest test
        return text
    text = _CONTROLS.sub("", _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    if not keep_newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return text
