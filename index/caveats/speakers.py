"""Who makes the claim: belligerent claims and claims attributed to one non-belligerent party.

A claim in a party's own voice (its military, ministry, officials or state
media) gets a belligerent_claim caveat; one attributed to a single
non-belligerent party (an open-source account, a think tank) gets an
attributed caveat, naming it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index import phrases
from index.caveats.quoted import Quoted, refs
from index.models import Caveat, ClaimantKind

_BELLIGERENT_MEDIA = re.compile(
    r"\bRIA\b|РИА|\bTASS\b|ТАСС|\bRT\b|Sputnik|Interfax|Интерфакс|Звезда|Zvezda|Ukrinform|Укрінформ",
)
_THINK_TANK = re.compile(r"Institute for the Study of War|\bISW\b|think[- ]tank|\bRUSI\b|\bCSIS\b", re.IGNORECASE)
_OSINT = re.compile(r"@\w+|DeepState|Twitter account|\bOSINT\b|mapping account|military observer", re.IGNORECASE)
_BELLIGERENT = re.compile(
    r"General Staff|Генштаб|Генеральн\w+ штаб|Ministry of Defen[cs]e|defen[cs]e ministry|Минобороны"
    r"|Міноборони|Міністерств\w+ оборони|Министерств\w+ обороны|Kremlin|Кремл|Zelensk|Зеленськ"
    r"|Зеленск|Syrskyi|Сирськ|Сырск|governor|губернатор|military administration|мер\b|mayor"
    r"|Armed Forces|armed forces|ЗСУ|ВСУ|Збройн\w+ сил|army chief|commander|Kadyrov|Кадыров|Peskov"
    r"|Песков|Shoigu|Шойгу|Konashenkov|Конашенков|Haidai|Gaidai|Гайдай|Stryuk|Стрюк|Putin|Путин"
    r"|Путін|spokes(?:man|woman|person) for the|Ukraine's military|Russia's military|Russian military"
    r"|Ukrainian military|Moscow said|Kyiv said|officials? said",
)
_ATTRIBUTION = [
    re.compile(r"\baccording to (?:the )?(?P<who>[^,;:.“”\"]{3,80}?)(?:,|\.|;| that| as| on | in |$)", re.IGNORECASE),
    re.compile(r"\bper (?:the )?(?P<who>[A-Z@][^,;:.]{2,60}?)(?:,|\.|;|$)"),
    re.compile(
        r"(?P<who>(?:the |Russia's |Ukraine's |Russian |Ukrainian )?(?:[A-Z@][\w'’.-]*\s?){1,6}?)"
        r"\s+(?:said|says|reported|reports|claimed|claims|announced|confirmed|stated|told|wrote|added)\b"
    ),
    re.compile(r"(?:за даними|за словами|повідомили? в|повідомляє|заявили? в|по данным|по словам|сообщили? в|сообщает)\s+(?P<who>[^,;:.]{3,60})", re.IGNORECASE),
]

def classify_claimant(name: str) -> ClaimantKind:
    """Tell what kind of source a claimant is from its name."""
    if _BELLIGERENT_MEDIA.search(name):
        return "belligerent_state_media"
    if _THINK_TANK.search(name):
        return "think_tank"
    if _OSINT.search(name):
        return "osint"
    if _BELLIGERENT.search(name):
        return "belligerent_official"
    return "independent_media"


def attribution(sentence: str) -> str | None:
    """Return who a sentence attributes its content to ("the ISW", "@War_Mapper"), if it says."""
    handle = re.search(r"@\w+", sentence)
    for pattern in _ATTRIBUTION:
        m = pattern.search(sentence)
        if m:
            who = m.group("who").strip(" ,\"“”'")
            if who.lower() in {"it", "he", "she", "they", "we", "i", "this", "that", "the", "who"}:
                continue
            if 2 < len(who) <= 80:
                return who
    return handle.group() if handle else None



def kind_words(kind: str, lang: str) -> str:
    """Return " (a think tank)" and the like for a claimant's kind; nothing for an outlet."""
    if kind == "independent_media":
        return ""
    return phrases.phrase(lang, "kind_paren", kind=phrases.phrase(lang, f"kind_{kind}"))


def speaker_caveats(quoted: Sequence[Quoted], lang: str) -> list[Caveat]:
    """Name the belligerents behind quoted claims in one caveat, and each other attributed party in its own."""
    claimed: dict[tuple[str, ClaimantKind], list[int]] = {}
    for q in quoted:
        if q.claimant and q.kind != "independent_media":
            claimed.setdefault((q.claimant, q.kind), []).append(q.n)
    caveats: list[Caveat] = []
    belligerent = [(c, ns) for (c, kind), ns in claimed.items() if kind.startswith("belligerent")]
    if belligerent:
        who = ", ".join(f"{claimant} [{refs(ns)}]" for claimant, ns in belligerent)
        numbers = tuple(sorted(n for _, ns in belligerent for n in ns))
        caveats.append(Caveat("belligerent_claim", phrases.phrase(lang, "belligerent", who=who), numbers))
    for (claimant, kind), ns in claimed.items():
        if not kind.startswith("belligerent"):
            text = phrases.phrase(lang, "attributed", claimant=claimant, kind=kind_words(kind, lang), n=refs(ns))
            caveats.append(Caveat("attributed", text, tuple(ns)))
    return caveats
