"""Verification signals in the text: unconfirmed-claim statements, claimants, dates, ages.

An article often says once that its claims "have not been officially
confirmed"; that statement covers every claim in the article, so it is found
here at article level and attached to every citation of the article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.models import Article, ClaimantKind, Span
from index.passages import sentences

_UNVERIFIED = re.compile(
    "|".join(
        [
            r"(?:have|has|had) not (?:yet )?been (?:officially |independently |immediately )?(?:confirmed|verified)",
            (
                r"(?:could|can|was unable to|were unable to|cannot|can't|couldn't|did) not?\s*(?:be )?"
                r"(?:independently |immediately |officially )?(?:confirm|verif)\w*"
            ),
            r"unable to (?:independently )?(?:confirm|verify)",
            r"not (?:been )?independently (?:confirmed|verified)",
            r"\bhas not yet confirmed\b",
            r"\bunverified\b",
            r"не (?:вдалося|вдалось|може|можемо|змогли?) (?:незалежно )?(?:перевірити|підтвердити|верифікувати)",
            r"не (?:удалось|может|смогли?|смог) (?:независимо )?(?:проверить|подтвердить)",
            r"(?:офіційно )?не підтвердж\w*",
            r"(?:официально )?не подтвержд\w*",
            r"nije (?:mogao|moguće|moglo) (?:neovisno |nezavisno )?(?:potvrditi|provjeriti)",
            r"не (?:можеше|може) (?:независно )?да (?:ги )?(?:потврди|провери)",
            r"nie (?:mógł|mogła|mogło|można) (?:niezależnie )?(?:potwierdzić|zweryfikować)",
        ]
    ),
    re.IGNORECASE,
)

_WEAK_ONLY = re.compile(r"unverified")
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

_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
    r"|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
    r"|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_DATE_MENTION = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})(?:,?\s+\d{{4}})?|(?:{_MONTHS})\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|(?:{_MONTHS})\s+\d{{4}}|\b20[12]\d-\d\d-\d\d)\b",
    re.IGNORECASE,
)


def verification_statements(article: Article) -> list[Span]:
    """Return the article's sentences saying its claims are unconfirmed or unverifiable.

    Sentences that speak of confirmation ("have not been officially
    confirmed") come before those that merely use the word "unverified".
    """
    return list(_verification_statements(article.text))


@lru_cache(maxsize=1024)
def _verification_statements(text: str) -> tuple[Span, ...]:
    # Cached: every answer citing an article reads its whole text again otherwise.
    found = [s for s in sentences(text) if _UNVERIFIED.search(s.text)]
    return tuple(sorted(found, key=lambda s: _WEAK_ONLY.fullmatch(_UNVERIFIED.search(s.text).group().lower()) is not None))  # type: ignore[union-attr]


def says_unverified(sentence: str) -> bool:
    """Tell whether a sentence says a claim is unconfirmed or could not be verified."""
    return _UNVERIFIED.search(sentence) is not None


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


def date_mentions(text: str, limit: int = 3) -> list[str]:
    """Return the first few dates the text mentions, as written ("February 17, 2024")."""
    return list(_date_mentions(text, limit))


@lru_cache(maxsize=1024)
def _date_mentions(text: str, limit: int) -> tuple[str, ...]:
    seen: list[str] = []
    for m in _DATE_MENTION.finditer(text):
        value = m.group().strip()
        if value not in seen:
            seen.append(value)
        if len(seen) == limit:
            break
    return tuple(seen)
