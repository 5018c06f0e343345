"""The values that flow through the engine, left to right.

Article → Passage → Hit → Claim → Citation / Caveat → Answer. All frozen: a
value is made once by the stage that owns it and only read afterwards.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Side = Literal["Ukraine", "Russia"]
Holder = Literal["Ukraine", "Russia", "contested", "unknown"]
Status = Literal["answered", "not_found", "ambiguous"]
CaveatKind = Literal[
    "unverified",
    "attributed",
    "belligerent_claim",
    "conflict",
    "stale",
    "undated",
    "ambiguous_place",
    "single_source",
    "outlier",
]
ClaimantKind = Literal[
    "belligerent_official",
    "belligerent_state_media",
    "belligerent_blogger",  # a side's war bloggers and war correspondents: neither its officials nor independent
    "osint",
    "think_tank",
    "foreign_government",  # another country's ministry, intelligence or officials: no party to the war
    "independent_media",
]
# Hedges the claim rules add (index/claims/), beside the source's own words in Claim.hedges.
# The hedge of a side's words as told by the other side's media (a concession so told confirms nothing).
RELAYED_BY_ENEMY = "as told by the other side's media"
# Hedges the rules add, not words of the source (a caveat never quotes them as the source's).
QUOTED = "quoted"
DESPITE_CLAIMS = "despite claims"
SAYS_UNCONFIRMED = "unconfirmed (the source says so)"
ENGINE_HEDGES = frozenset({RELAYED_BY_ENEMY, QUOTED, DESPITE_CLAIMS, SAYS_UNCONFIRMED})

PassageKind = Literal["body", "caption", "tagline", "boilerplate"]


def content_hash(text: str) -> str:
    """Return the hex SHA-256 of `text` after Unicode NFC and whitespace folding.

    Two copies of one article that differ only in line breaks or spacing hash
    alike, so re-ingesting a re-wrapped copy updates rather than duplicates.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One news article as stored: its exact text and what is known about it."""

    id: str
    text: str
    url: str | None = None
    source: str | None = None
    published: date | None = None
    # True when the date was inferred from the text, not stated by the page.
    published_inferred: bool = False
    title: str | None = None
    lang: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class Span:
    """A stretch of an article's text: `article.text[start:end] == text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A retrievable piece of an article, with its exact place in the article."""

    id: str
    article_id: str
    position: int
    start: int
    end: int
    text: str
    kind: PassageKind = "body"


@dataclass(frozen=True)
class Hit:
    """A passage found for a question, with the evidence of how it was found."""

    passage: Passage
    article: Article
    score: float
    dense_score: float | None = None
    dense_rank: int | None = None  # rank in the vector search, from 0
    text_rank: int | None = None  # rank in the full-text search
    name_rank: int | None = None  # rank in the place-name search (questions naming a place)


@dataclass(frozen=True)
class Claim:
    """Who says which side did what to which place, and when (one per place)."""

    id: str
    article_id: str
    passage_id: str
    start: int  # the claim's sentence, as offsets into the article's text
    end: int
    place: str  # the name as the source wrote it
    place_key: str  # the place's canonical key (see places.py)
    side: Side | None
    action: str  # took, captured, liberated, retook, entered, withdrew, ...
    # What the action says about control: the side holding the place after it,
    # "contested" for partial control, None when it says nothing ("entered").
    control: Holder | None
    claimant: str | None
    claimant_kind: ClaimantKind
    hedges: tuple[str, ...] = ()
    claim_date: date | None = None
    date_stated: bool = False  # True when the sentence states the date
    # How precisely the sentence states it: "day", "month", "season", "year";
    # None when the claim is dated by its article (news of the day); "not_before"
    # when the article is undated and the date is the newest day its text names.
    date_precision: str | None = None
    # What the claimant asserts about the place (see index/claims/, STANCES):
    # captured, holds, withdrew, conceded, partial, entered, fighting, denied,
    # not_confirmed, background, none.
    stance: str | None = None
    claimant_side: Side | None = None  # the party the claimant speaks for, None if independent
    # The gazetteer's id of the settlement meant, when the text tells which
    # (two spellings are one place, two Rubizhnes are two).
    place_id: str | None = None


# A citation in the answer object of CONTRACTS.md, in that order.
CITATION_FIELDS = ("n", "article_id", "url", "title", "source", "published", "passage_id", "quote", "score")


@dataclass(frozen=True)
class Citation:
    """A numbered source in an answer: the verbatim quote and where it is from."""

    n: int
    article_id: str
    url: str | None
    title: str | None
    source: str | None
    published: date | None
    passage_id: str
    quote: str
    score: float
    quote_start: int = 0  # offsets of `quote` in the article's text
    quote_end: int = 0

    @classmethod
    def quoting(
        cls, n: int, article: Article, passage_id: str, start: int, end: int, score: float = 0.0
    ) -> Citation:
        """Cite `article.text[start:end]`, verbatim, as source number `n`."""
        return cls(
            n=n, article_id=article.id, url=article.url, title=article.title, source=article.source,
            published=article.published, passage_id=passage_id, quote=article.text[start:end],
            score=score, quote_start=start, quote_end=end,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Citation:
        """Return the citation `to_json` described (e.g. one stored behind the bot's buttons)."""
        published = data.get("published")
        return cls(
            n=int(data["n"]), article_id=str(data["article_id"]), url=data.get("url"),
            title=data.get("title"), source=data.get("source"),
            published=date.fromisoformat(published) if published else None,
            passage_id=str(data["passage_id"]), quote=str(data.get("quote") or ""),
            score=float(data.get("score") or 0.0),
        )

    def to_json(self) -> dict[str, Any]:
        """Return the citation as in the answer object of CONTRACTS.md (its fields, in its order)."""
        data = {name: getattr(self, name) for name in CITATION_FIELDS}
        data.update(published=self.published.isoformat() if self.published else None, score=round(self.score, 6))
        return data


@dataclass(frozen=True)
class Caveat:
    """A verification warning attached to the citations it concerns."""

    kind: CaveatKind
    text: str
    citations: tuple[int, ...] = ()


@dataclass(frozen=True)
class TimeFrame:
    """The period a question asks about, as written: either bound may be open."""

    start: date | None
    end: date | None
    text: str

    def to_json(self) -> dict[str, str | None]:
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "text": self.text,
        }


@dataclass(frozen=True)
class Statement:
    """One line of the answer's lead: attributed wording and its citations."""

    text: str
    citations: tuple[int, ...]
    claimant: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the question and what it was matched to."""

    name: str
    matched: str
    note: str | None = None
    id: str | None = None  # the gazetteer's id of the place meant, when known
    oblast: str | None = None
    candidates: tuple[tuple[str, str, str], ...] = ()  # (id, name, oblast) when the name fits several


@dataclass(frozen=True)
class Answer:
    """The whole reply to one question, ready to print or to render for Telegram."""

    question: str
    status: Status
    answer: str
    lang: str = "en"
    holder: Holder | None = None
    as_of: date | None = None
    statements: tuple[Statement, ...] = ()
    citations: tuple[Citation, ...] = ()
    caveats: tuple[Caveat, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    # Further passages that were found but left out of the reply ("More sources").
    more: tuple[Citation, ...] = ()
    intent: str | None = None  # control, event, date, source, verification
    time_frame: TimeFrame | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the answer object of CONTRACTS.md."""
        return {
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "holder": self.holder,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "citations": [c.to_json() for c in self.citations],
            "caveats": [
                {"kind": v.kind, "text": v.text, "citations": list(v.citations)}
                for v in self.caveats
            ],
            "places": [
                {
                    "name": p.name, "matched": p.matched, "note": p.note, "id": p.id, "oblast": p.oblast,
                    "candidates": [{"id": i, "name": n, "oblast": o} for i, n, o in p.candidates],
                }
                for p in self.places
            ],
            "lang": self.lang,
            "intent": self.intent,
            "time_frame": self.time_frame.to_json() if self.time_frame else None,
        }
