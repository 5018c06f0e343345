"""Hybrid search: dense vectors (FAISS) and full text (FTS5 BM25), fused by reciprocal rank.

Dense search finds passages that say the same thing in other words; full-text
search finds the rare words dense models blur, place names above all. The full
text side sees every word in Latin letters without accents or apostrophes, and
matches place names by spelling-independent keys (see places.py), so
`Rus'ki`, `Ruski` and `Руські` find each other.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np

from index.dates import find_dates
from index.embedding import Embedder
from index.models import Hit, TimeFrame
from index.places import place_key, to_latin
from index.question_places import AskedPlace, find_places
from index.store import Store
from index.vectors import VectorIndex

logger = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "text"]

# Reciprocal rank fusion constant (Cormack et al. 2009): large enough that one
# list's top result does not drown the other lists.
RRF_K = 60
# How deep each retriever looks before fusion.
DEPTH = 50
# A question about a time ("in late April 2022") reads first the sources of that
# time: published within it, or this many days after it ends (news of a day is
# printed in the days that follow).
PERIOD_SLACK_DAYS = 7
# Matching passages BM25 ranks per full-text query at most (a few µs each):
# common words in a large corpus are ranked over the newest passages only, so
# a question costs milliseconds at 1M passages. Corpora of up to this many
# passages are always ranked whole.
FTS_BUDGET = 1_500

# Words that carry no search meaning, in English and in Ukrainian and Russian
# as transliterated by to_latin().
STOPWORDS = frozenset(
    """
    a an the of in on at to for from by with and or but not no is are was were be been being has
    have had do does did done who whom whose what which when where why how whether still now
    than then this that these those it its it's into onto about after before during until since
    there here any all some more most very can could would should will shall may might must
    hold holds held control controls controlled take took taken takes retake retook retaken
    happen happened happening news latest status situation says say said tell me please
    khto shcho koly de chy iak iaka iakyi iake yak kto chto kogda gde li kak kakoi kakaia
    kontroliuie kontroliruet kontroliuiut kontroliruiut v u na z za do vid pro i ta ne po ot iz
    """.split()
)
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Query:
    """A question as the retrievers see it."""

    text: str
    terms: tuple[str, ...]
    names: tuple[str, ...]
    keys: tuple[str, ...]
    # The places asked about (names above are their surfaces), with the gazetteer's candidates.
    places: tuple[AskedPlace, ...] = ()
    oblasts: tuple[str, ...] = ()  # oblasts the question names
    # Keys of the reference points ("near Dobropillia"): searched, but no claim about them answers.
    context_keys: tuple[str, ...] = ()

    @property
    def search_keys(self) -> tuple[str, ...]:
        """The name keys full-text search looks for: the places asked about, then reference points.

        A passage's name keys are its capitalized words' keys, sorted (see
        store.name_keys), so a name of two words is looked for word by word:
        "Chasiv Yar" as "csv" and "ar", not as the phrase "csv ar".
        """
        return tuple(dict.fromkeys(w for k in self.keys + self.context_keys for w in k.split()))


# Spelling keys of one place's names searched at most (its own names come first).
MAX_KEYS_PER_PLACE = 8


def analyze(question: str) -> Query:
    """Split a question into search terms and the places it asks about, with their keys.

    A place's keys are its written form's and those of every name the
    gazetteer knows for it (Toretsk brings Dzerzhinsk, Kupiansk Kupyansk), so
    full-text search and stored claims find it under any of them.

    Raises:
        GazetteerError: the gazetteer file cannot be read.
    """
    terms = []
    for token in _TOKEN.findall(to_latin(question)):
        if token not in STOPWORDS and (len(token) > 2 or token.isdigit()) and token not in terms:
            terms.append(token)
    found = find_places(question)
    keys: list[str] = []
    for place in found.targets:
        keys += place_keys(place)
    return Query(
        text=question,
        terms=tuple(terms),
        names=tuple(p.surface for p in found.targets),
        keys=tuple(dict.fromkeys(k for k in keys if k)),
        places=found.targets,
        oblasts=found.oblasts,
        context_keys=tuple(dict.fromkeys(k for p in found.context for k in place_keys(p) if k)),
    )


def place_keys(place: AskedPlace) -> list[str]:
    """The spelling keys a place is searched and its claims looked up by."""
    # The name as written first: claims are keyed by how their sources wrote it.
    own = [place_key(place.surface)]
    named = [place_key(s.name_en) for s in place.candidates[:1]]
    return list(dict.fromkeys(k for k in own + named + list(place.keys[:MAX_KEYS_PER_PLACE]) if k))


class Searcher:
    """Find the passages that answer a question, from the index version being served."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        vectors: Callable[[], VectorIndex],
    ) -> None:
        """
        Args:
            store: the article store (passages, full text).
            embedder: encodes questions.
            vectors: returns the index version currently served (called per
                search, so a newly published version is used at once).
        """
        self.store = store
        self.embedder = embedder
        self.vectors = vectors

    def search(
        self,
        query: Query,
        k: int = 10,
        mode: Mode = "hybrid",
        question_vector: np.ndarray | None = None,
        period: TimeFrame | None = None,
    ) -> list[Hit]:
        """Return up to k passages for the query, best first.

        Args:
            query: from analyze().
            k: how many hits.
            mode: "hybrid" (both, fused), or one retriever alone ("dense",
                "text") for baselines.
            question_vector: the question's embedding when the caller has it
                already (batched encoding); computed here otherwise.
            period: the time the question asks about (index/question.py);
                in hybrid mode, the passages naming its places from sources
                of that time form one more ranked list.
        """
        index = self.vectors()
        visible = index.manifest.articles
        # One ranked list per retriever, by name: dense, full text, place names.
        ranked: dict[str, list[str]] = {}
        dense_scores: dict[str, float] = {}
        if mode in ("hybrid", "dense"):
            qv = question_vector if question_vector is not None else self.embedder.encode_one(query.text)
            dense = index.search(qv.reshape(1, -1), DEPTH)[0]
            dense_scores = dict(dense)
            ranked["dense"] = [pid for pid, _ in dense]
        if mode in ("hybrid", "text"):
            keys = query.search_keys
            ranked["text"] = [pid for pid, _ in self.store.fulltext(query.terms, keys, DEPTH, FTS_BUDGET)]
            if keys:
                ranked["names"] = [pid for pid, _ in self.store.fulltext((), keys, DEPTH, FTS_BUDGET)]
                # Only a period with both ends is a time of its own ("in late April 2022");
                # "after November 2022" or "as of May" bounds the claims, not the sources.
                if mode == "hybrid" and period is not None and period.start and period.end:
                    ranked["period"] = self._of_period(ranked["names"], period.start, period.end)

        fused = rrf(list(ranked.values()))
        passages = self.store.passages([pid for pid, _ in fused[: k * 3]])
        articles = self.store.articles({p.article_id for p in passages.values()})
        stored = self.store.content_hashes(articles)
        ranks = {name: {pid: r for r, pid in enumerate(lst)} for name, lst in ranked.items()}
        hits: list[Hit] = []
        for pid, score in fused:
            passage = passages.get(pid)
            # Visible only in the version of its text the served index covers: after a
            # rollback, an article that the rolled-back batch updated is not served.
            if passage is None or visible.get(passage.article_id, "") != stored.get(passage.article_id):
                continue
            hits.append(
                Hit(
                    passage=passage,
                    article=articles[passage.article_id],
                    score=score,
                    dense_score=dense_scores.get(pid),
                    dense_rank=ranks["dense"].get(pid) if "dense" in ranks else None,
                    text_rank=ranks["text"].get(pid) if "text" in ranks else None,
                    name_rank=ranks["names"].get(pid) if "names" in ranks else None,
                )
            )
            if len(hits) == k:
                break
        return hits

    def _of_period(self, ranked: Sequence[str], start: date, end: date) -> list[str]:
        """The passages of `ranked` from sources of the period `start`..`end`, in their order.

        A dated source is of the period when it was published in it or up to
        PERIOD_SLACK_DAYS after; an undated one when the passage itself names
        a day or month in the period.
        """
        published = self.store.passage_dates(ranked)
        last = end + timedelta(days=PERIOD_SLACK_DAYS)
        years = [str(y) for y in range(start.year, end.year + 1)]
        undated = self.store.passages([pid for pid in ranked if pid in published and published[pid] is None])

        def of_period(pid: str) -> bool:
            day = published.get(pid)
            if day is not None:
                return start <= day <= last
            passage = undated.get(pid)
            # A passage naming no year of the period names no day of it (and reading dates costs).
            return passage is not None and any(year in passage.text for year in years) and any(
                m.period.precision in ("day", "month") and start <= m.period.start <= last
                for m in find_dates(passage.text)
            )

        return [pid for pid in ranked if of_period(pid)]


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked lists by reciprocal rank: score(d) = Σ 1 / (k + rank(d))."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])
