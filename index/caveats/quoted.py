"""What every caveat rule reads: one quoted sentence of an answer, with what is known about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from index.models import Article, Claim, ClaimantKind


@dataclass(frozen=True)
class Quoted:
    """A sentence an answer quotes under citation number `n`.

    `claimant` and `kind` are who the answer says makes the claim (the
    claim's claimant, else the speaker the sentence names, else None);
    `when` is the claim's date, else the article's.
    """

    n: int
    article: Article
    sentence: str
    claim: Claim | None = None
    claimant: str | None = None
    kind: ClaimantKind = "independent_media"
    when: date | None = None


def refs(ns: list[int] | tuple[int, ...]) -> str:
    """Return citation numbers as the answer writes them inside brackets: "1][3"."""
    return "][".join(str(n) for n in ns)


def by_article(quoted: list[Quoted] | tuple[Quoted, ...]) -> dict[str, list[Quoted]]:
    """Group quoted sentences by article, in citation order."""
    groups: dict[str, list[Quoted]] = {}
    for q in quoted:
        groups.setdefault(q.article.id, []).append(q)
    return groups
