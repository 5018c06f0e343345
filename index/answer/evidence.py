"""The values answer composition passes between its steps: a chosen sentence, and the look-ups it may use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from index.models import Article, Claim, ClaimantKind, Hit, Span


@dataclass
class Evidence:
    """A sentence chosen to quote, with what is known about its claim."""

    hit: Hit
    span: Span
    score: float
    claim: Claim | None = None
    claimant: str | None = None
    kind: ClaimantKind = "independent_media"

    @property
    def article(self) -> Article:
        return self.hit.article

    @property
    def precision(self) -> str | None:
        """How precisely the claim's date is known ("month", "year"), None for a day."""
        return self.claim.date_precision if self.claim is not None and self.claim.claim_date else None

    @property
    def when(self) -> date | None:
        if self.claim is not None and self.claim.claim_date is not None:
            return self.claim.claim_date
        return self.article.published

    @property
    def speaker(self) -> str:
        """Whose words these are: the claimant, else the outlet."""
        return self.claimant or self.article.source or self.article.id


@dataclass
class Context:
    """What the composer may look up beyond the hits (kept small so it is easy to test)."""

    today: date
    stale_after_days: int = 30
    claims_for_article: Callable[[str], list[Claim]] = lambda _aid: []
    claims_about: Callable[[Sequence[str]], list[Claim]] = lambda _keys: []
    hit_for_claim: Callable[[Claim], Hit | None] = lambda _c: None
    known_key: Callable[[str], bool] = lambda _k: True
    covered_places: Callable[[], list[str]] = list
    # Every place the stored claims are about (to suggest covered places near one they lack).
    claimed_places: Callable[[], list[str]] = list
    _claims_cache: dict[str, list[Claim]] = field(default_factory=dict)

    def article_claims(self, article_id: str) -> list[Claim]:
        if article_id not in self._claims_cache:
            self._claims_cache[article_id] = self.claims_for_article(article_id)
        return self._claims_cache[article_id]
