"""Which side a sentence names as the doer of a deed: side words, "our"/"the enemy", agents, subjects."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index import claim_languages as langs
from index import places
from index.claims.place_phrases import _Candidate
from index.claims.vocabulary import RELATIVE_OPENING, _words
from index.models import Side

# ---------------------------------------------------------------------------
# Sides


_UA_NOUNS = (
    r"invaders|occupiers|occupying\s+forces|infantry|(?:assault\s+|infantry\s+)?groups|stormtroopers|armed\s+forces|defen[cs]e\s+forces|forces|troops|army|military|soldiers|units|servicemen|defenders|"
    r"fighters|paratroopers|marines|brigades?|battalions?|officials|authorities|command|commanders?|"
    r"president|chief|commander-in-chief|government|general\s+staff|ministry|minister|side|tank\s+crews|artillery|"
    r"navy|air\s+force|counteroffensive|counter-offensive|operators|group\s+of\s+troops"
)
# Words between a side's name and its noun ("Ukraine's 93rd mechanized brigade"), never a verb of speech or
# another side's name: "Ukraine said Russian forces" names two sides.
_BETWEEN = (
    r"(?:[\s-]+(?!(?:Russian|Russia|Ukrainian|Ukraine|Moscow|Kyiv|Kremlin|said|says|claims|claimed|reported|reports)\b)[\w-]+){0,3}?"
)
_SIDE_PATTERNS: tuple[tuple[re.Pattern[str], Side], ...] = (
    (re.compile(r"\b(?:Ukrain(?:e|ian)|Kyiv|Kiev)(?:['’]s)?" + _BETWEEN + r"[\s-]+(?:" + _UA_NOUNS + r")\b", re.IGNORECASE), "Ukraine"),
    (re.compile(r"\b(?:Russia|Russian|Moscow|Kremlin)(?:['’]s)?" + _BETWEEN + r"[\s-]+(?:" + _UA_NOUNS + r")\b", re.IGNORECASE), "Russia"),
    (re.compile(r"\b(?:Armed|Defen[cs]e)\s+Forces\s+of\s+Ukraine\b|\b(?:the\s+)?Ukrainians\b|\bAFU\b|\bZSU\b"), "Ukraine"),
    (re.compile(r"\b(?:the\s+)?Russians\b|\bpro-Russian\s+(?:separatists|rebels|forces|fighters)\b|\bseparatists\b|\bLPR\b|\bDPR\b|\b(?:Luhansk|Donetsk)\s+People['’]s\s+Republic\b|\bpeople['’]s\s+militia\b|\bWagner\b|\bRussian-backed\b|\bMoscow-backed\b|\bruscists\b", re.IGNORECASE), "Russia"),
    (re.compile(r"\bЗСУ\b|\bЗбройн\w+\s+сил\w*(?:\s+України)?|\bСил\w*\s+оборони\b|\bукраїнськ\w+\s+(?:військ\w*|бійц\w*|захисник\w*|сил\w*|армі\w*|підрозділ\w*)|\bВСУ\b|\bВС\s+Украины\b|\bВооруженн\w+\s+сил\w*\s+Украины\b|\bукраинск\w+\s+(?:войск\w*|военн\w*|сил\w*|арми\w*|подразделени\w*|боевик\w*|националист\w*)|\bнаші\s+(?:захисники|військові|воїни|сили|бійці)\b|\bУкраїна\b|\bУкраина\b", re.IGNORECASE), "Ukraine"),
    (re.compile(r"\bросіян\w*|\bросійськ\w+\s+(?:військ\w*|армі\w*|окупант\w*|сил\w*|загарбник\w*)|\bокупант\w*|\bоккупант\w*|\bрашист\w*|\bзагарбник\w*|\bзахватчик\w*|\bворог\w*|\bрф\b|\bармі\w*\s+рф\b|\bроссийск\w+\s+(?:войск\w*|военн\w*|сил\w*|арми\w*)|\bВС\s+РФ\b|\bВооруженн\w+\s+сил\w*\s+(?:России|РФ)\b|\bармия\s+России\b|\bРосія\b|\bРоссия\b", re.IGNORECASE), "Russia"),
)
_FOREIGN_SIDE_PATTERNS = tuple((re.compile(p, re.IGNORECASE), side) for p, side in langs.SIDE_PATTERNS)
_BARE_SIDE = re.compile(r"\b(Ukraine|Russia|Russian\s+Federation|Moscow|Kyiv|Kiev)(?:['’]s)?\b")
_PREPOSITIONS = _words(
    "in of to from across against with for into throughout on at by about over invaded invade near inside towards toward between and within"
)
_OWN_SIDE = re.compile(r"\b(?:our|his|its)\s+(?:troops|military|soldiers|units|defenders|forces|army|men)\b|\bours\b|\bнаші\b|\bнаших\b|\bнаши\b|\bнашими\b", re.IGNORECASE)
_ENEMY = re.compile(r"\b(?:the\s+)?enemy\b|\bпротивник\w*", re.IGNORECASE)
# The same in German, French, Spanish and Italian sentences.
_FOREIGN_BARE_SIDE = re.compile(r"\b(" + "|".join(langs.BARE_SIDES) + r")\b")
_FOREIGN_OWN_SIDE = re.compile(langs.OWN_SIDE, re.IGNORECASE)
_FOREIGN_ENEMY = re.compile(langs.ENEMY, re.IGNORECASE)
_PREPOSITIONS |= langs.PREPOSITIONS


@dataclass(frozen=True)
class _SideMention:
    start: int
    end: int
    side: Side | None  # None: "our troops" or "the enemy", resolved by the claimant
    own: bool = False
    enemy: bool = False


def _side_mentions(text: str) -> list[_SideMention]:
    found: list[_SideMention] = []
    foreign = bool(langs.languages_of(text))
    for pattern, named in _SIDE_PATTERNS + (_FOREIGN_SIDE_PATTERNS if foreign else ()):
        found.extend(_SideMention(m.start(), m.end(), named) for m in pattern.finditer(text))
    bare = [*_BARE_SIDE.finditer(text), *(_FOREIGN_BARE_SIDE.finditer(text) if foreign else ())]
    for m in bare:
        before = text[: m.start()].split()
        if before and before[-1].lower().strip(",") in _PREPOSITIONS:
            continue
        if before and re.fullmatch(r"(?:north|south|east|west)(?:ern|-?\w+ern)?", before[-1].lower()):
            continue  # "Eastern Ukraine" is where, not who
        after = text[m.end() :].split(maxsplit=1)
        if after and places.is_region_word(after[0].strip(".,;:”\"»")):
            continue  # "the entire Kyiv region", "Moscow Oblast": a region, not a side
        side: Side = "Ukraine" if m.group(1) in ("Ukraine", "Kyiv", "Kiev") or langs.BARE_SIDES.get(m.group(1)) == "Ukraine" else "Russia"
        found.append(_SideMention(m.start(), m.end(), side))
    found.extend(_SideMention(m.start(), m.end(), None, own=True) for m in _OWN_SIDE.finditer(text))
    found.extend(_SideMention(m.start(), m.end(), None, enemy=True) for m in _ENEMY.finditer(text))
    if foreign:
        found.extend(_SideMention(m.start(), m.end(), None, own=True) for m in _FOREIGN_OWN_SIDE.finditer(text))
        found.extend(_SideMention(m.start(), m.end(), None, enemy=True) for m in _FOREIGN_ENEMY.finditer(text))
    return sorted(found, key=lambda s: (s.start, -s.end))


def _other(side: Side | None) -> Side | None:
    if side is None:
        return None
    return "Russia" if side == "Ukraine" else "Ukraine"
_FROM_SIDE = re.compile(r"(?:\bвід|\bот|\bfrom|\bз-під|\bиз-под|" + "|".join(r"\b" + w for w in langs.FROM_WORDS) + r")\s+(?:\w+\s+)?$", re.IGNORECASE)


_RELATIVE = re.compile(RELATIVE_OPENING, re.IGNORECASE)
# Deeds whose object sits inside the trigger: "repelled Russian attacks near X", "drove Russian forces out of X".
_OBJECT_INSIDE = frozenset({"repelled", "pushed out"})
_JOINED_PREDICATE = re.compile(r",\s+(?:and\s+)?$")
_PARTICIPLE_OPENING = re.compile(r"(?:^|[.;:]\s+)\W*(?:after|since|having|upon|before|while)\s+$", re.IGNORECASE)
_ADJECTIVE_SIDE = re.compile(
    r"\b(?P<side>Russian|Ukrainian|російськ\w*|українськ\w*|российск\w*|украинск\w*)\s+$", re.IGNORECASE
)
# Case endings of a noun or adjective in the instrumental: "ворогом", "бойцами", "силами", "військами".
_INSTRUMENTAL = re.compile(r"(?:ом|ем|ою|ею|ами|ями|ими|ыми)$", re.IGNORECASE)
_AND_BEFORE = re.compile(r"(?:^|[^,])\s+(?:and|та|і|й|и)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# Where a clause, and so its subject, begins.
_CLAUSE_OPENER = re.compile(
    r"^|[;:—–]|\b(?:that|while|whereas|although|because|when|but|що|як|коли|але|хоча|что|как|когда|но|хотя)\b",
    re.IGNORECASE,
)
_SPEECH_AFTER = re.compile(
    r"\W*(?:\w+ly\s+)?(?:said|says|say|reported|reports|claimed|claims|told|stated|states|announced|announces|"
    r"emphasi[sz]ed|added|заяви\w*|повідоми\w*|сообщи\w*|зазнач\w*|отмети\w*)\b",
    re.IGNORECASE,
)
# A verbal noun names a deed: "звільнення", "захоплення", "освобождение", "liberation".
_VERBAL_NOUN = re.compile(r"(?:нн|тт)(?:я|і|ю)\W*$|(?:ни|ти)(?:е|я|и|ю)\W*$|tion\W*$", re.IGNORECASE)
# A verb alone inside quotation marks.
_SCARE_QUOTED = re.compile(r"^[“\"«‘'„][^\s“”\"«»]+[”\"»’'“]$")


def voice_of(article_text: str) -> Side | None:
    """The side an article writes from, when its words tell: "Russian occupants", "the invaders" are Ukraine's words."""
    return "Ukraine" if _OCCUPIER_WORDS.search(article_text) else None


# What only one side calls the other: a text that calls Russian forces so writes from Ukraine's side.
_OCCUPIER_WORDS = re.compile(r"\b(?:occupants|occupiers|invaders|ruscists|rashists)\b", re.IGNORECASE)


def _side_for(text: str, cand: _Candidate, claimant_side_: Side | None, voice: Side | None = None) -> Side | None:
    """The doer of a deed: the side the sentence names for it, else the claimant's, else the verb's default.

    "Our troops" and "the enemy" are read from the claimant's side, else from
    the side the article writes from (`voice_of`).
    """
    if cand.side_hint:
        return cand.side_hint
    if cand.trigger.fixed_side:
        return cand.trigger.default_side
    # "stalled Russian advances", "російські атаки": the adjective on the deed names its doer.
    adjective = _ADJECTIVE_SIDE.search(text[: cand.start])
    if adjective:
        return "Russia" if re.match(r"russ|рос", adjective.group("side"), re.IGNORECASE) else "Ukraine"
    # "liberated from the occupiers" names the side that lost the place.
    # A doer named inside the trigger is its agent ("wurde von russischen Truppen eingenommen").
    mentions = [
        m for m in _side_mentions(text)
        if not _FROM_SIDE.search(text[: m.start]) or cand.start <= m.start < cand.end
    ]

    def resolve(s: _SideMention) -> Side | None:
        speaking = claimant_side_ or voice
        if s.own:
            return speaking
        if s.enemy:
            return _other(speaking)
        return s.side

    def first(found: Iterable[_SideMention]) -> Side | None:
        for s in found:
            side = resolve(s)
            if side:
                return side
        return None

    last_item = max((item.end for item in cand.items), default=cand.end)
    # "захоплення ворогом Нью-Йорка", "освобождены бойцами ВС РФ": the agent of a deed
    # noun or a passive, in the instrumental case right after it or after its place.
    agent = first(
        s for s in mentions
        if cand.end <= s.start <= max(cand.end, last_item) + 3 and _INSTRUMENTAL.search(text[s.start : s.end].split()[0])
    )
    if agent:
        return agent
    # "Russian troops halt a Ukrainian counteroffensive, regain control of X": a
    # predicate joined by a comma has the sentence's subject as its doer.
    if _JOINED_PREDICATE.search(text[: cand.start]):
        subject = first(s for s in mentions if s.start <= 3)
        if subject:
            return subject
    # "Ukrainian forces pushed Russian troops from the bank and liberated X": a verb joined by
    # "and" with no subject of its own has its clause's subject as its doer, not the object
    # of the verb before (a speaker, "Ukraine said …", is no subject of the deed).
    if _AND_BEFORE.search(text[: cand.start]):
        opener = max((m.end() for m in _CLAUSE_OPENER.finditer(text, 0, cand.start)), default=0)
        subject = first(
            s for s in mentions
            if opener <= s.start and s.end <= cand.start and not _SPEECH_AFTER.match(text, s.end)
        )
        if subject:
            return subject
    # "After retaking Kherson, Ukrainian forces sought …": the participle's doer is the main clause's subject.
    if _PARTICIPLE_OPENING.search(text[: cand.start]):
        comma = text.find(",", cand.end)
        subject = first(s for s in mentions if comma >= 0 and comma < s.start <= comma + 3) if comma >= 0 else None
        if subject:
            return subject
    # The doer after "by", right after the place or the passive verb:
    # "captured by Russian forces", "three bridges near Kharkiv by Russian troops".
    agent = first(
        s for s in mentions
        if re.search(r"\bby\s+(?:the\s+)?$", text[: s.start])
        and (0 <= s.start - last_item <= 8 or 0 <= s.start - cand.end <= 8)
    )
    if agent:
        return agent
    if cand.from_left and cand.trigger.direction == "left":  # "X is under the control of the Ukrainian Armed Forces"
        after = first(s for s in mentions if cand.end <= s.start <= cand.end + 40)
        if after:
            return after
    inside = first(s for s in mentions if s.start < cand.end and s.end > cand.start)
    if inside:
        # "відбили штурм росіян поблизу X", "drove Russian forces out of X": the side named is the object.
        return _other(inside) if cand.trigger.action in _OBJECT_INSIDE else inside
    before = first(reversed([s for s in mentions if s.end <= cand.start]))
    if before:
        return before
    # The doer after the deed: "Херсон звільнили українські військові" (free word order), not an
    # English "Marinka captured, Ukraine denies it" (the next clause's subject).
    english_left = cand.from_left and text[cand.start : cand.end].isascii()
    # A deed named as a noun ("звільнення Макарова відрізало російських загарбників") has no
    # doer after it: a side there is another verb's object.
    deed_noun = bool(_VERBAL_NOUN.search(text[cand.start : cand.end]))
    if (
        (cand.trigger.direction == "both" and not english_left and not deed_noun)
        or cand.trigger.action in ("under control", "controls")
    ):
        clause_end = _RELATIVE.search(text, cand.end)
        stop = min(cand.end + 60, clause_end.start() if clause_end else len(text))
        after = first(s for s in mentions if cand.end <= s.start <= stop)
        if after:
            return after
    if cand.trigger.effect == "gain":
        # "освобождена от российских оккупантов", "retake town from Russia": the side it was taken from lost it.
        # (Right after the deed or its place, not "attention from Russian analysts" later on.)
        end = max(cand.end, last_item)
        lost = first(
            s for s in _side_mentions(text)
            if 0 <= s.start - end <= 16 and _FROM_SIDE.search(text[end : s.start])
        )
        if lost:
            return _other(lost)
    if cand.trigger.default_side and _SCARE_QUOTED.match(text[max(0, cand.start - 1) : cand.end + 1]):
        # '"Звільнений" Українськ': the verb in scare quotes is the other side's word for it.
        return _other(cand.trigger.default_side)
    if claimant_side_ and cand.trigger.effect in ("gain", "presence", "loss"):
        return claimant_side_
    return cand.trigger.default_side
