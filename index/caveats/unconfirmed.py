"""Unverified: the source itself says that a claim is unconfirmed, hedges it, or reports it disputed.

An article often says once that its claims "have not been officially
confirmed"; that statement covers every claim in the article, so it is found
at article level and attached to every citation of the article. A hedge in
the claim's own sentence ("reportedly", "allegedly", "нібито"; read with the
claim by index/claims/) is kept with that citation; so is a claim the
source reports as denied or not confirmed by the other side.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from index import phrases
from index.caveats import vocabulary
from index.caveats.quoted import Quoted, by_article, refs
from index.models import ENGINE_HEDGES, RELAYED_BY_ENEMY, Article, Caveat, Span
from index.passages import sentences

_UNCONFIRMED = vocabulary.pattern(vocabulary.UNCONFIRMED)
_WEAK = vocabulary.pattern(vocabulary.UNCONFIRMED_WEAK)


def says_unverified(sentence: str) -> bool:
    """Tell whether a sentence says a claim is unconfirmed or could not be verified."""
    return _UNCONFIRMED.search(sentence) is not None


def verification_statements(article: Article) -> list[Span]:
    """Return the article's sentences saying its claims are unconfirmed or unverifiable.

    Sentences that speak of confirmation ("have not been officially
    confirmed") come before those that merely use the word "unverified".
    """
    return list(_verification_statements(article.text))


@lru_cache(maxsize=1024)
def _verification_statements(text: str) -> tuple[Span, ...]:
    # Cached: every answer citing an article reads its whole text again otherwise.
    found = [(s, _UNCONFIRMED.search(s.text)) for s in sentences(text)]
    stated = [(s, m) for s, m in found if m is not None]
    return tuple(s for s, m in sorted(stated, key=lambda sm: _WEAK.fullmatch(sm[1].group()) is not None))


def unverified_caveats(quoted: Sequence[Quoted], lang: str) -> list[Caveat]:
    """One caveat per article that says its claims are unconfirmed, covering all its citations."""
    caveats: list[Caveat] = []
    for group in by_article(list(quoted)).values():
        statements = verification_statements(group[0].article)
        if statements:
            ns = tuple(q.n for q in group)
            text = phrases.phrase(lang, "unverified", quote=statements[0].text, n=ns[0])
            caveats.append(Caveat("unverified", text, ns))
    return caveats


# What a claim asserts when the source reports it disputed (index/claims/, STANCES).
DISPUTED_STANCES = frozenset({"denied", "not_confirmed"})


def hedge_caveats(quoted: Sequence[Quoted], lang: str) -> list[Caveat]:
    """Keep a quoted claim's hedge ("reportedly", "claimed", "нібито"), one caveat per hedge word.

    Citations of an article that already says its claims are unconfirmed are
    covered by that statement.
    """
    hedged: dict[str, list[int]] = {}
    for q in quoted:
        if q.claim is None or verification_statements(q.article):
            continue
        words = [h for h in q.claim.hedges if h not in ENGINE_HEDGES]  # the source's words, not the rules' labels
        if words:
            hedged.setdefault(words[0].lower(), []).append(q.n)
    caveats = [
        Caveat("unverified", phrases.phrase(lang, "unverified_hedge", quote=hedge, n=refs(ns)), tuple(ns))
        for hedge, ns in hedged.items()
    ]
    # "В ВСУ признали потерю …" in a Russian outlet: a side's words only its enemy's media tell.
    for q in quoted:
        if q.claim is not None and RELAYED_BY_ENEMY in q.claim.hedges:
            outlet = q.article.source or q.article.id
            text = phrases.phrase(lang, "relayed_by_enemy", outlet=outlet, claimant=q.claimant or outlet, n=q.n)
            caveats.append(Caveat("unverified", text, (q.n,)))
    return caveats


def disputed_caveats(quoted: Sequence[Quoted], lang: str) -> list[Caveat]:
    """Flag quoted claims the source reports as denied or not confirmed."""
    ns = [q.n for q in quoted if q.claim is not None and q.claim.stance in DISPUTED_STANCES]
    return [Caveat("unverified", phrases.phrase(lang, "disputed", n=refs(ns)), tuple(ns))] if ns else []
