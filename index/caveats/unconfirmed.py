"""Unverified: the source itself says that its claims are unconfirmed or cannot be verified.

An article often says once that its claims "have not been officially
confirmed"; that statement covers every claim in the article, so it is found
at article level and attached to every citation of the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from index import phrases
from index.caveats import vocabulary
from index.caveats.quoted import Quoted, by_article
from index.models import Article, Caveat, Span
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
