"""Single source: only one outlet among the stored articles reports what the answer quotes."""

from __future__ import annotations

from collections.abc import Sequence

from index import phrases
from index.caveats.quoted import Quoted
from index.models import Article, Caveat


def outlet_identity(article: Article) -> str:
    """Copies of one syndicated story count as one outlet."""
    group = article.metadata.get("dup_group") if article.metadata else None
    return str(group or article.source or article.id)


def single_source_caveats(quoted: Sequence[Quoted], lang: str) -> list[Caveat]:
    """Flag an answer whose every quote comes from one outlet (syndicated copies counted once)."""
    if not quoted or len({outlet_identity(q.article) for q in quoted}) > 1:
        return []
    outlet = quoted[0].article.source or quoted[0].article.id
    return [Caveat("single_source", phrases.phrase(lang, "single_source", outlet=outlet), tuple(q.n for q in quoted))]
