"""Who makes the claim: a party to the war, one non-belligerent party, or someone the outlet quotes.

A claim in a party's own voice (its military, ministry, officials or state
media) gets a belligerent_claim caveat; one attributed to a single
non-belligerent party (an open-source account, a think tank) gets an
attributed caveat naming it. A sentence that gives someone else's words (a
quotation, "X said", "according to X", an unnamed source) is that speaker's
claim, not the outlet's finding, even when the engine's claimant classifier
(index/claimants.py, the one classifier) does not know the speaker: it gets
an attributed caveat too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from index import phrases
from index.caveats import vocabulary
from index.caveats.quoted import Quoted, refs
from index.claimants import OPEN_QUOTE, ArticleState, alignment, attributions, entities, outlet_side
from index.models import Caveat, ClaimantKind

_VERB = vocabulary.pattern(vocabulary.SPEECH_VERBS).pattern
_PRONOUN = vocabulary.pattern(vocabulary.PRONOUNS).pattern
_ARTICLE = rf"(?:{vocabulary.pattern(vocabulary.ARTICLES).pattern})\s+"
_NAME = r"(?:[A-ZА-ЯІЇЄҐ][\w'’.-]*\s+){0,4}[A-ZА-ЯІЇЄҐ][\w'’.-]*"
_CLAUSE_START = r"(?:^|[,;:“”\"«»„]\s*|[-–—]\s+)"
_CLOSE_QUOTE = r"[”\"»]\s*[,.]?\s*(?:[-–—]\s*)?"
# "Maliar said", "…,” the report reads", "– додав він", "- escribió Romanov": the speaker by the verb.
_SPEAKER_BY_VERB = (
    re.compile(rf"(?:{_CLOSE_QUOTE}|[.,]\s*[-–—]\s*)(?P<cue>(?:{_VERB}))\s+(?P<who>(?:{_ARTICLE})?{_NAME}|(?:{_PRONOUN}))\b", re.IGNORECASE),
    re.compile(rf"{_CLOSE_QUOTE}(?P<who>(?:{_ARTICLE})?\w+(?:\s+\w+)?)\s+(?P<cue>(?:{_VERB}))\b", re.IGNORECASE),
    re.compile(rf"{_CLAUSE_START}(?P<who>(?:{_ARTICLE})?{_NAME})(?:\s+\w+ly)?\s+(?P<cue>(?:{_VERB}))\b"),
    re.compile(rf"{_CLAUSE_START}(?P<who>{_PRONOUN})\s+(?P<cue>(?:{_VERB}))\b", re.IGNORECASE),
)
_SOURCE_CUE = re.compile(
    rf"(?:^|\b)(?P<cue>{vocabulary.pattern(vocabulary.SOURCE_CUES).pattern})\s+(?P<who>[^,;:.“”\"«»()]{{2,60}})",
    re.IGNORECASE,
)
_UNNAMED = re.compile(rf"\b(?P<cue>{vocabulary.pattern(vocabulary.UNNAMED_SOURCES).pattern})", re.IGNORECASE)
_ANY_VERB = re.compile(rf"(?<!\w)(?P<cue>{_VERB})(?!\w)", re.IGNORECASE)
_PARTICIPLE = re.compile(rf"(?:^|\W)(?:{vocabulary.pattern(vocabulary.NOT_SPEAKING_BEFORE).pattern})\s+$", re.IGNORECASE)
_PRONOUN_ONLY = re.compile(rf"(?:{_PRONOUN})", re.IGNORECASE)
MAX_NAME_WORDS = 6  # longer, a subject is a description, not a name
MAX_CUE_WORDS = 12  # longer, the cue shown is the verb alone
# "Генштаб: Нова Каховка поки що не звільнена": a heading that gives a party's words.
_HEADING = re.compile(r"\s*:\s")
_CLAUSE_END = re.compile(r"[.,;:“”\"«»]\s")
_LEADING_ARTICLE = re.compile(rf"^{_ARTICLE}", re.IGNORECASE)
# "«Азовсталь» remains blockaded": a name in quotation marks opens the sentence, not a quotation.
_QUOTED_NAME = re.compile(r"\s*[“\"«„]\s*(?:[^\s“”\"«»„]+\s+){0,2}[^\s“”\"«»„]+\s*[”\"»“]")


@dataclass(frozen=True)
class Speaker:
    """Whose words a sentence gives.

    `name` is None when the sentence does not name them ("he said", "a
    source"); `kind` is None when the claimant classifier does not know them.
    `cue` is the words that show it ("said", "according to"); empty for a
    quotation whose speaker another sentence names.
    """

    name: str | None
    kind: ClaimantKind | None
    cue: str


def speaker_of(sentence: str) -> Speaker | None:
    """Return whose words a sentence gives, or None when it reads as the outlet's own.

    Args:
        sentence: one sentence, as quoted.

    Returns:
        The speaker the claimant classifier finds ("Russia's defence
        ministry", "@War_Mapper"), else a speaker it does not know ("Maliar",
        "he", "an unnamed source"), else None.
    """
    return _speaker_of(sentence)


@lru_cache(maxsize=4096)
def _speaker_of(sentence: str) -> Speaker | None:
    # A lone sentence: no earlier speaker for "he said" to mean (attributions reads none).
    found = [a for a in attributions(sentence, ArticleState(article=None)) if a.entity]  # type: ignore[arg-type]
    if found:
        first = found[0]
        return Speaker(first.entity.name, first.entity.kind, sentence[first.anchor : first.cue_end].strip())
    heading = _heading(sentence)
    if heading is not None:
        return heading
    m = _SOURCE_CUE.search(sentence)
    if m:
        # "according to local residents", "згідно зі звітом аналітиків": named as written.
        return _unknown(m.group("who"), _words(m.group()), named=False)
    for pattern in _SPEAKER_BY_VERB:
        m = next((v for v in pattern.finditer(sentence) if not _participle(sentence, v.start("cue"))), None)
        if m:
            return _unknown(m.group("who"), _words(m.group()))
    m = _UNNAMED.search(sentence)
    if m:
        return Speaker(None, None, m.group("cue"))
    m = next((v for v in _ANY_VERB.finditer(sentence) if not _participle(sentence, v.start())), None)
    if m:
        clause = _CLAUSE_END.split(sentence[: m.end()])[-1].split()
        cue = " ".join(clause) if len(clause) <= MAX_CUE_WORDS else m.group("cue")
        ents = entities(" ".join(clause))
        return Speaker(ents[-1].name, ents[-1].kind, cue) if ents else Speaker(None, None, cue)
    handle = next((e for e in entities(sentence) if e.name.startswith("@")), None)
    if handle is not None:
        # An embedded post: "… — Euromaidan Press (@EuromaidanPress) November 10, 2022".
        return Speaker(handle.name, handle.kind, handle.name)
    if OPEN_QUOTE.match(sentence) and not _QUOTED_NAME.match(sentence):
        return Speaker(None, None, "")  # a quotation, its speaker named in another sentence
    return None


def _participle(sentence: str, verb_start: int) -> bool:
    """True when the word before a speech verb makes it a participle ("first reported", "footage posted")."""
    return _PARTICIPLE.search(sentence, 0, verb_start) is not None


def _words(text: str) -> str:
    return " ".join(text.strip(" ,.;:-–—“”\"«»„").split())


def _heading(sentence: str) -> Speaker | None:
    ents = entities(sentence)
    if ents and ents[0].start <= 2 and _HEADING.match(sentence, ents[0].end):
        return Speaker(ents[0].name, ents[0].kind, ":")
    return None


def _unknown(who: str, cue: str, named: bool = True) -> Speaker:
    """A speaker the cue names: classified when the classifier knows them, else by name only.

    A name after a cue word of Ukrainian or Russian is inflected ("за словами
    Гайдая"), so an unknown one is shown inside its cue, as written.
    """
    who = who.strip(" ,\"“”'«»")
    ents = entities(who)
    if ents:
        return Speaker(ents[0].name, ents[0].kind, cue)
    if not named or _PRONOUN_ONLY.fullmatch(who) or len(who.split()) > MAX_NAME_WORDS:
        return Speaker(None, None, cue)
    return Speaker(_LEADING_ARTICLE.sub("", who), None, cue)


def kind_words(kind: ClaimantKind, lang: str, claimant: str | None = None) -> str:
    """Return " (a think tank)" and the like for a claimant's kind; nothing for an outlet.

    An open-source account that speaks for a side is that side's war blogger
    ("российские военкоры", "Russian milbloggers"), not a mapping account.
    """
    if kind == "independent_media":
        return ""
    side = alignment(claimant, kind) if kind in ("osint", "belligerent_blogger") else None
    key = f"kind_war_blogger_{side}" if side else f"kind_{kind}"
    return phrases.phrase(lang, "kind_paren", kind=phrases.phrase(lang, key))


_PARTY_KINDS = frozenset({"belligerent_official", "belligerent_state_media"})


def speaker_caveats(quoted: Sequence[Quoted], lang: str) -> list[Caveat]:
    """Name the belligerents behind quoted claims in one caveat, and each other attributed party in its own.

    A quote whose claimant is an outlet (its own reporting) is read again for
    a speaker: a quotation or "X said" is X's claim.
    """
    claimed: dict[tuple[str, ClaimantKind], list[int]] = {}
    relayed: dict[str, list[int]] = {}
    unknown: dict[str, list[tuple[str, int]]] = {}  # by the name's last word
    for q in quoted:
        if q.kind != "independent_media":
            if q.claimant:
                claimed.setdefault((q.claimant, q.kind), []).append(q.n)
            continue
        speaker = speaker_of(q.sentence)
        if speaker is None and q.article.source and outlet_side(q.article.source):
            # The own reporting of an outlet of a side (state media, a .ru site): that side's word.
            claimed.setdefault((q.article.source, "belligerent_state_media"), []).append(q.n)
            continue
        if speaker is None or speaker.kind == "independent_media":
            continue  # the outlet's own reporting, or another outlet's
        if speaker.kind is not None and speaker.name:
            claimed.setdefault((speaker.name, speaker.kind), []).append(q.n)
        elif speaker.name:
            # A speaker the classifier does not know: their words, whoever they speak for.
            unknown.setdefault(speaker.name.split()[-1].lower(), []).append((speaker.name, q.n))
        else:
            relayed.setdefault(speaker.cue, []).append(q.n)
    for named in unknown.values():
        # "Maliar", "Hanna Maliar", "Deputy Defense Minister Hanna Maliar": one speaker, named in full.
        claimed[(max((name for name, _ in named), key=len), "independent_media")] = [n for _, n in named]
    caveats: list[Caveat] = []
    # A side's officials and media; its war bloggers are their own voices ("Only … says so").
    belligerent = [(c, ns) for (c, kind), ns in claimed.items() if kind in _PARTY_KINDS]
    if belligerent:
        who = ", ".join(f"{claimant} [{refs(ns)}]" for claimant, ns in belligerent)
        numbers = tuple(sorted(n for _, ns in belligerent for n in ns))
        caveats.append(Caveat("belligerent_claim", phrases.phrase(lang, "belligerent", who=who), numbers))
    for (claimant, kind), ns in claimed.items():
        if kind not in _PARTY_KINDS:
            text = phrases.phrase(lang, "attributed", claimant=claimant, kind=kind_words(kind, lang, claimant), n=refs(ns))
            caveats.append(Caveat("attributed", text, tuple(ns)))
    for cue, ns in relayed.items():
        said = phrases.phrase(lang, "relayed", cue=cue, n=refs(ns)) if cue else phrases.phrase(lang, "quotation", n=refs(ns))
        caveats.append(Caveat("attributed", said, tuple(ns)))
    return caveats
