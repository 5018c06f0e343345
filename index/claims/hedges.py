"""Words that hedge a claim or record a dispute, verdicts, sieges and a writer's own descriptions."""

from __future__ import annotations

import re

from index import claim_languages as langs

# ---------------------------------------------------------------------------
# Hedges

_HEDGES = re.compile(
    r"\b(?:claimed|claims|claiming|claim|reportedly|appears?\s+to|appeared\s+to|apparently|likely|probably|"
    r"unverified|unconfirmed|allegedly|alleged|purportedly|said\s+to\s+have|"
    r"could\s+not\s+(?:be\s+)?(?:independently\s+|immediately\s+)?verif(?:y|ied)|"
    r"(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:officially\s+)?confirmed|not\s+(?:yet\s+)?confirmed)\b|"
    r"(?:заявля|стверджу|утвержда)\w*|за\s+(?:попередніми\s+|неофіційними\s+)?даними|нібито|начебто|ймовірно|імовірно|не\s+підтверджен\w*|"
    r"якобы|по\s+(?:неподтвержденным\s+|предварительным\s+)?данным|предположительно|вероятно|"
    r"по\s+не\s*подтвержденной\s+(?:официально\s+)?информации|" + langs.HEDGES,
    re.IGNORECASE,
)


# Words that name a claim rather than doubt it: they hedge a deed only when they come before it
# ("the Ukrainians claim to have retaken X"), not after ("… withdrew from X; Russia claims victory").
_CLAIM_WORDS = re.compile(r"^(?:claim|заявля|стверджу|утвержда|" + langs.CLAIM_WORDS + ")", re.IGNORECASE)


def _hedges(text: str, anchor: int) -> tuple[str, ...]:
    seen: list[str] = []
    for m in _HEDGES.finditer(text):
        if m.start() > anchor and _CLAIM_WORDS.match(m.group()):
            continue
        h = re.sub(r"\s+", " ", m.group()).strip()
        if h.lower() not in (s.lower() for s in seen):
            seen.append(h)
    return tuple(seen)

# "… despite Russian claims", "всупереч заявам": the other side says otherwise.
_DESPITE_CLAIMS = re.compile(
    r"\b(?:despite|in\s+spite\s+of|contrary\s+to)\s+(?:\S+\s+){0,4}?(?:claims?|reports?|statements?)\b|"
    r"\b(?:всупереч|попри|вопреки|несмотря\s+на)\s+(?:\S+\s+){0,3}?(?:заяв\w*|твердження\w*|утверждени\w*)",
    re.IGNORECASE,
)
# Words that call a claim untrue rather than unconfirmed.
_VERDICT = re.compile(r"\b(?:false|fake|untrue|debunked|фейк\w*|неправдив\w*|брехлив\w*|ложн\w*)", re.IGNORECASE)
# Those inside a place said to be surrounded hold it only as long as the siege lasts.
_SURROUNDED = re.compile(
    r"\b(?:encircled|surrounded|blockaded|besieged|under\s+siege)\b|"
    r"\b(?:блокирован\w*|заблокирован\w*|заблокован\w*|окружен\w*|оточен\w*|взят\w*\s+в\s+кольц\w*)",
    re.IGNORECASE,
)
# Descriptions a writer gives in passing, in the writer's own voice even inside a quoted report.
_WRITERS_WORDS = frozenset({"held (as described)"})


def _quoted(text: str, pos: int) -> bool:
    """Tell whether `pos` falls inside quotation marks of the sentence."""
    before = text[:pos]
    opened = before.count("“") + before.count("«") - before.count("”") - before.count("»")
    return opened > 0 or before.count('"') % 2 == 1
