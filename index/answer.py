"""Question + hits (+ the claim timeline) → Answer with citations and caveats.

The answer is extractive: every statement quotes a stored sentence verbatim
and names who makes the claim; the bot never states a battlefield claim in its
own voice. Caveats travel with the claims they concern. When nothing stored
supports an answer, the answer says so and cites nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from index import phrases
from index.caveats import (
    attribution,
    classify_claimant,
    date_mentions,
    says_unverified,
    verification_statements,
)
from index.claimants import claimant_side, entities
from index.dates import find_dates
from index.holder import holder_from_claims, implied, is_indirect, outliers, timeline, window
from index.models import (
    Answer,
    Article,
    Caveat,
    Citation,
    Claim,
    ClaimantKind,
    Hit,
    Holder,
    PlaceMention,
    Span,
    Statement,
)
from index.passages import sentences
from index.place_notes import Source, not_found_lines, place_mentions
from index.places import inflected_keys, name_key, to_latin
from index.places import mentions as name_mentions
from index.question import Understanding, understand
from index.question_places import AskedPlace
from index.search import Query, place_keys

_WORD = re.compile(r"[a-z0-9]+")
# A word of a name, apostrophes included: "Rus’ki" is one word, not "Rus" and "ki".
_NAME_WORD = re.compile(r"[\w’'ʼ-]+")

_ASKS_WHEN = re.compile(
    r"\b(when|what (date|day|month)|since when|how long)\b|коли|когда|з якого|с какого|якого числа|какого числа",
    re.IGNORECASE,
)
_ASKS_VERIFIED = re.compile(r"verif|confirm|independent|підтверд|перевір|подтверд|провер", re.IGNORECASE)

MAX_STATEMENTS = 4
MAX_TIMELINE = 3
MAX_PER_ARTICLE = 2
MAX_MORE = 6
# Sentences scoring below this share of the best one are not quoted.
RELATIVE_FLOOR = 0.5
# Without a place name to anchor it, the best passage must be at least this
# close to the question (cosine) to be offered as an answer. Set by measuring
# on the shared question set (see README, "Quality").
MIN_DENSE_SCORE = 0.42
# Two control claims this many days apart or closer that disagree are a conflict;
# further apart they are history.
CONFLICT_WINDOW_DAYS = 14


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


def compose(
    question: str,
    query: Query,
    hits: Sequence[Hit],
    ctx: Context,
    lang: str,
    understood: Understanding | None = None,
) -> Answer:
    """Compose the answer to `question` from its hits.

    Args:
        question: the question as asked.
        query: its analysis (terms, place names and their keys).
        hits: passages found, best first.
        ctx: today's date and look-ups into the store (claims, known names).
        lang: "en", "uk" or "ru": the language of the answer's own words.
        understood: the question's intent and time frame (read here when None).

    Returns:
        An Answer; status "not_found" with no citations when nothing stored
        supports one.
    """
    unknown = [p for p in query.places if not any(ctx.known_key(k) for k in place_keys(p))]
    if unknown:
        return _not_found(question, lang, ctx, unknown)

    understood = understood or understand(question, ctx.today)
    # "When did Ukraine liberate X?" asks for a date, not for who holds X now.
    control = understood.intent == "control" and bool(query.keys)
    evidence = _select(question, query, hits, ctx)
    holder: Holder | None = None
    history: list[Evidence] = []
    odd: list[Claim] = []
    if control:
        # "Who held X on 9 November 2022?" asks about that day, not today.
        as_of = understood.as_of
        # The place asked about is the first one named (under any of its spellings);
        # others are where it is ("near Kharkiv"), and of a shared name, the one meant.
        claims = [c for c in ctx.claims_about(query.keys) if _about_first_place(c, query)]
        holder = holder_from_claims(claims, as_of) if claims else "unknown"
        odd_ids = outliers(claims)
        odd = [c for c in claims if c.id in odd_ids]
        history = _timeline_evidence(claims, as_of, ctx)
    chosen = _merge(history, evidence, control)
    if not chosen:
        return _not_found(question, lang, ctx, [])
    if not query.keys and max((e.hit.dense_score or 0.0) for e in chosen) < MIN_DENSE_SCORE:
        return _not_found(question, lang, ctx, [])

    citations, numbers = _cite(chosen)
    statements = _statements(chosen, numbers, control, lang, understood.as_of)
    places, ambiguity, ambiguous = _places(query, chosen, lang)
    caveats = _caveats(chosen, numbers, citations, ctx, lang) + ambiguity + _outlier_caveats(odd, lang)
    as_of = max((c.published for c in citations if c.published), default=None)
    lead: Statement | None = None
    if control and holder is not None and query.names:
        lead = _holder_statement(holder, query.names[0], chosen, numbers, lang, understood.as_of)
    elif understood.intent == "date":
        about = [c for c in ctx.claims_about(query.keys) if _about_first_place(c, query)] if query.keys else []
        lead = _date_statement(chosen, numbers, lang, outliers(about), query.names[:1])
    elif understood.intent in ("source", "verification"):
        lead = _source_statement(question, chosen, numbers, lang)
    if lead is not None:
        statements = (lead,) + statements
    more = _more(hits, chosen, len(citations))
    answer = Answer(
        question=question,
        status="ambiguous" if ambiguous else "answered",
        answer="",
        lang=lang,
        holder=holder if control else None,
        as_of=as_of,
        statements=statements,
        citations=tuple(citations),
        caveats=tuple(caveats),
        places=tuple(places),
        more=tuple(more),
        intent=understood.intent,
        time_frame=understood.time_frame,
    )
    return _with_text(answer)


# -- choosing what to quote ------------------------------------------------------


def _key(name: str) -> str:
    from index.places import place_key

    return place_key(name)


def _select(question: str, query: Query, hits: Sequence[Hit], ctx: Context) -> list[Evidence]:
    """Score every sentence of every hit; keep the ones that answer.

    A sentence scores for its passage's rank, the question's words and place
    names it contains, a claim about the place, and what the question asks
    for: a date ("when…?"), or whether something was verified.
    """
    wants_date = _ASKS_WHEN.search(question) is not None
    wants_verification = _ASKS_VERIFIED.search(question) is not None
    best_hit = max((h.score for h in hits), default=1.0) or 1.0
    terms = set(query.terms)
    keys = set(query.keys)
    # A place counts once however many spellings it has (Toretsk, Dzerzhinsk).
    groups = [set(place_keys(p)) for p in query.places] or [{k} for k in keys]
    found: list[Evidence] = []
    for hit in hits:
        for span in sentences(hit.passage.text, hit.passage.start):
            words = set(_WORD.findall(to_latin(span.text)))
            sentence_keys = {k for w in _NAME_WORD.findall(span.text) for k in inflected_keys(w)}
            key_hits = sum(
                1 for g in groups if any(all(part in sentence_keys for part in k.split()) for k in g)
            )
            if keys and not key_hits:
                continue
            overlap = len(terms & words) / len(terms) if terms else 0.0
            score = 0.6 * hit.score / best_hit + overlap + (1.0 * key_hits / max(len(groups), 1))
            claim = _claim_at(ctx.article_claims(hit.article.id), span, keys)
            if claim is not None:
                score += 0.4 if claim.control else 0.2
            if len(span.text) < 25:
                score -= 0.5
            if wants_date and date_mentions(span.text, limit=1):
                score += 0.6
            if wants_verification and says_unverified(span.text):
                score += 0.6
            found.append(_evidence(hit, span, score, claim))
    if not found:
        return []
    top = max(e.score for e in found)
    kept = [e for e in found if e.score >= top * RELATIVE_FLOOR]
    kept.sort(key=lambda e: -e.score)
    return kept


def _claim_at(claims: Sequence[Claim], span: Span, keys: set[str]) -> Claim | None:
    at = [c for c in claims if c.start <= span.start < c.end or span.start <= c.start < span.end]
    about = [c for c in at if c.place_key in keys]
    return (about or at)[0] if (about or at) else None


def _evidence(hit: Hit, span: Span, score: float, claim: Claim | None) -> Evidence:
    if claim is not None and claim.claimant:
        claimant: str | None = claim.claimant
        kind: ClaimantKind = claim.claimant_kind
    else:
        claimant = attribution(span.text)
        kind = classify_claimant(claimant) if claimant else "independent_media"
    return Evidence(hit=hit, span=span, score=score, claim=claim, claimant=claimant, kind=kind)


def _timeline_evidence(claims: Sequence[Claim], as_of: date | None, ctx: Context) -> list[Evidence]:
    """The claims that decide who holds the place as of the day asked about, then earlier ones; one per sentence."""
    seen: set[tuple[str, int]] = set()
    out: list[Evidence] = []
    deciding = window(claims, as_of)
    earlier = [
        c
        for c in claims
        if c.control and c not in deciding and (as_of is None or c.claim_date is None or c.claim_date <= as_of)
    ]
    for claim in timeline(deciding) + timeline(earlier):
        if (claim.article_id, claim.start) in seen:
            continue
        hit = ctx.hit_for_claim(claim)
        if hit is None:
            continue
        seen.add((claim.article_id, claim.start))
        span = Span(claim.start, claim.end, hit.article.text[claim.start : claim.end])
        out.append(_evidence(hit, span, 1.0, claim))
        if len(out) == MAX_TIMELINE:
            break
    return out


def _merge(history: list[Evidence], evidence: list[Evidence], control: bool) -> list[Evidence]:
    """Take the timeline first, then the best sentences, at most two per article."""
    chosen: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    per_article: dict[str, int] = {}
    said: set[str] = set()
    for e in history + evidence:
        where = (e.article.id, e.span.start)
        # A syndicated copy repeats the same sentence: quote it once.
        wording = " ".join(e.span.text.lower().split())
        if where in seen or wording in said or per_article.get(e.article.id, 0) == MAX_PER_ARTICLE:
            continue
        seen.add(where)
        said.add(wording)
        per_article[e.article.id] = per_article.get(e.article.id, 0) + 1
        chosen.append(e)
        if len(chosen) == MAX_STATEMENTS:
            break
    if control:
        # Newest first, history kept: the reader sees the latest claim first.
        chosen.sort(key=lambda e: (e.when or date.min), reverse=True)
    return chosen


# -- citations and wording -------------------------------------------------------------


def _cite(chosen: Sequence[Evidence]) -> tuple[list[Citation], list[int]]:
    """Number the sources: one citation per quoted sentence, in reading order."""
    citations: list[Citation] = []
    numbers: list[int] = []
    for e in chosen:
        n = len(citations) + 1
        a = e.article
        citations.append(
            Citation(
                n=n,
                article_id=a.id,
                url=a.url,
                title=a.title,
                source=a.source,
                published=a.published,
                passage_id=e.hit.passage.id,
                quote=e.span.text,
                score=e.hit.score,
                quote_start=e.span.start,
                quote_end=e.span.end,
            )
        )
        numbers.append(n)
    return citations, numbers


def _who(e: Evidence, n: int, lang: str) -> str:
    outlet = e.article.source or e.article.id
    if e.claimant and e.kind != "independent_media" or (e.claimant and e.claimant != outlet):
        kind = _kind_words(e.kind, lang)
        return phrases.phrase(lang, "by", claimant=e.claimant, kind=kind, outlet=outlet, n=n)
    return phrases.phrase(lang, "by_outlet", outlet=outlet, n=n)


def _kind_words(kind: str, lang: str) -> str:
    if kind == "independent_media":
        return ""
    return phrases.phrase(lang, "kind_paren", kind=phrases.phrase(lang, f"kind_{kind}"))


def _statements(
    chosen: Sequence[Evidence], numbers: Sequence[int], control: bool, lang: str, as_of: date | None = None
) -> tuple[Statement, ...]:
    out = []
    before = 0
    for e, n in zip(chosen, numbers):
        when = phrases.format_date(e.when, lang, e.precision)
        if control and as_of is not None and e.when is not None and e.when > as_of:
            # Said after the time asked about: shown as what came next, never as the answer.
            lead = phrases.phrase(lang, "after_frame", date=when)
        elif control:
            lead = phrases.phrase(lang, "latest" if before == 0 else "earlier", date=when)
            before += 1
        else:
            lead = phrases.phrase(lang, "found", date=when)
        text = f"{lead} {_who(e, n, lang)}: “{e.span.text}”"
        out.append(Statement(text=text, citations=(n,), claimant=e.claimant, date=e.when))
    return tuple(out)


def _holder_statement(
    holder: Holder,
    place: str,
    chosen: Sequence[Evidence],
    numbers: Sequence[int],
    lang: str,
    as_of: date | None,
) -> Statement:
    """The lead of a control question: who holds the place as of the time asked, and on whose word.

    Contested: both sides of the disagreement, each with its claimant and date.
    """
    when = phrases.phrase(lang, "as_of", date=phrases.format_date(as_of, lang)) if as_of else ""
    sided = [(e, n) for e, n in zip(chosen, numbers) if e.claim is not None and implied(e.claim) is not None]
    if holder == "unknown" or not sided:
        return Statement(phrases.phrase(lang, "holder_unknown", place=place, when=when), ())
    if holder == "contested":
        first = sided[0]
        assert first[0].claim is not None
        lead_side = implied(first[0].claim)
        opposed = next(
            ((e, n) for e, n in sided[1:] if e.claim is not None and implied(e.claim) != lead_side), None
        )
        sides = [first] + ([opposed] if opposed else [])
        text = phrases.phrase(
            lang,
            "holder_contested",
            place=place,
            when=when,
            sides="; ".join(_position(e, n, lang) for e, n in sides),
        )
        if opposed is None:
            text += " " + phrases.phrase(lang, "holder_own_word_only")
        return Statement(text, tuple(n for _, n in sides))
    backing = [(e, n) for e, n in sided if e.claim is not None and implied(e.claim) == holder]
    e, n = backing[0] if backing else sided[0]
    claimant = e.claimant or e.article.source or e.article.id
    key = "holder_indirect" if e.claim is not None and is_indirect(e.claim) else "holder"
    text = phrases.phrase(
        lang, key, place=place, when=when, holder=phrases.phrase(lang, holder), claimant=claimant, n=n,
        date=phrases.format_date(e.when, lang, e.precision),
    )
    return Statement(text, (n,), claimant=claimant, date=e.when)


def _position(e: Evidence, n: int, lang: str) -> str:
    """One side of a disagreement: "Russia's defence ministry (20 May 2024) [2]: held by Russia"."""
    assert e.claim is not None
    stance = implied(e.claim) or "contested"
    return phrases.phrase(
        lang,
        "conflict_side",
        claimant=e.claimant or e.article.source or e.article.id,
        date=phrases.format_date(e.when, lang, e.precision),
        n=n,
        holder=phrases.phrase(lang, f"held_{stance}"),
    )


def _date_statement(
    chosen: Sequence[Evidence], numbers: Sequence[int], lang: str, set_aside: set[str], names: Sequence[str] = ()
) -> Statement | None:
    """The lead of a "when" question: the date the best sentence gives, and who gives it.

    A sentence whose claim states its date comes first, then any sentence naming
    a date; a claim set aside as an outlier never leads.
    """
    ranked = sorted(
        ((e, n) for e, n in zip(chosen, numbers) if e.claim is None or e.claim.id not in set_aside),
        key=lambda en: not (en[0].claim is not None and en[0].claim.date_stated),
    )
    for e, n in ranked:
        mentions = find_dates(e.span.text, e.article.published or e.when)
        if not mentions:
            continue
        # "the fall of Marinka in December 2023 and Avdiivka in February 2024": the date by the place.
        where = [m.start for name in names for m in name_mentions(e.span.text, name)]
        nearest = min(mentions, key=lambda d: min((abs(d.start - w) for w in where), default=0))
        period = nearest.period
        claimant = e.claimant or e.article.source or e.article.id
        text = phrases.phrase(
            lang, "date_lead", date=phrases.format_date(period.start, lang, period.precision), claimant=claimant, n=n
        )
        return Statement(text, (n,), claimant=claimant, date=period.start)
    return None


def _source_statement(
    question: str, chosen: Sequence[Evidence], numbers: Sequence[int], lang: str
) -> Statement | None:
    """The lead of a "who says" or "did X confirm" question: the source's own words, or that none are stored."""
    named = [e.name for e in entities(question)]
    for e, n in zip(chosen, numbers):
        if e.claimant and (not named or any(_same_speaker(name, e.claimant) for name in named)):
            text = phrases.phrase(lang, "source_lead", claimant=e.claimant, n=n, quote=e.span.text)
            return Statement(text, (n,), claimant=e.claimant, date=e.when)
    if named:
        return Statement(phrases.phrase(lang, "source_silent", source=", ".join(named)), ())
    return None


def _same_speaker(asked: str, claimant: str) -> bool:
    words = {w.lower() for w in re.findall(r"\w{3,}", asked)} - {"the", "ukraine", "russia", "ukrainian", "russian"}
    said = {w.lower() for w in re.findall(r"\w{3,}", claimant)}
    return bool(words & said) or claimant_side(asked) is not None and claimant_side(asked) == claimant_side(claimant)


def _places(query: Query, chosen: Sequence[Evidence], lang: str) -> tuple[list[PlaceMention], list[Caveat], bool]:
    sources = [Source(e.article.id, e.hit.passage.text, e.span.text, e.article.text) for e in chosen]

    def matched(place: AskedPlace) -> str:
        keys = set(place_keys(place))
        spelled = next(
            (e.claim.place for e in chosen if e.claim is not None and e.claim.place_key in keys), None
        ) or _matched_spelling(place.surface, chosen) or place.surface
        return re.sub(r"[’'ʼ]s$", "", spelled)  # "Luhansk’s" is Luhansk

    return place_mentions(query.places, sources, lang, matched)


def _about_first_place(claim: Claim, query: Query) -> bool:
    """True for a claim about the first place the question names, under any of its spellings."""
    first = set(place_keys(query.places[0])) if query.places else set(query.keys[:1])
    return claim.place_key in first and _same_place(claim, query)


def _same_place(claim: Claim, query: Query) -> bool:
    """False for a claim about another place of the name than the one the question means
    ("Rubizhne in Luhansk oblast" is not the Rubizhne of Kharkiv oblast)."""
    meant = {p.candidates[0].id for p in query.places if p.decided and p.candidates}
    return not meant or claim.place_id is None or claim.place_id in meant or not any(
        set(place_keys(p)) & {claim.place_key} for p in query.places if p.decided
    )


def _matched_spelling(name: str, chosen: Sequence[Evidence]) -> str | None:
    keys = [name_key(w) for w in name.split()]
    for e in chosen:
        words = re.findall(r"[\w’'ʼ-]+", e.span.text)
        for i in range(len(words) - len(keys) + 1):
            if [name_key(w) for w in words[i : i + len(keys)]] == keys:
                return " ".join(words[i : i + len(keys)])
    return None


def _caveats(
    chosen: Sequence[Evidence],
    numbers: Sequence[int],
    citations: Sequence[Citation],
    ctx: Context,
    lang: str,
) -> list[Caveat]:
    caveats: list[Caveat] = []
    by_article: dict[str, list[int]] = {}
    for e, n in zip(chosen, numbers):
        by_article.setdefault(e.article.id, []).append(n)
    articles = {e.article.id: e.article for e in chosen}

    # The source's own word that its claims are unconfirmed covers all of its passages.
    for aid, ns in by_article.items():
        statements = verification_statements(articles[aid])
        if statements:
            caveats.append(
                Caveat("unverified", phrases.phrase(lang, "unverified", quote=statements[0].text, n=ns[0]), tuple(ns))
            )

    claimed: dict[tuple[str, str], list[int]] = {}
    for e, n in zip(chosen, numbers):
        if e.claimant and e.kind != "independent_media":
            claimed.setdefault((e.claimant, e.kind), []).append(n)
    belligerent = [(c, ns) for (c, kind), ns in claimed.items() if kind.startswith("belligerent")]
    if belligerent:
        who = ", ".join(f"{claimant} [{_refs(ns)}]" for claimant, ns in belligerent)
        refs = tuple(sorted(n for _, ns in belligerent for n in ns))
        caveats.append(Caveat("belligerent_claim", phrases.phrase(lang, "belligerent", who=who), refs))
    for (claimant, kind), ns in claimed.items():
        if not kind.startswith("belligerent"):
            text = phrases.phrase(lang, "attributed", claimant=claimant, kind=_kind_words(kind, lang), n=_refs(ns))
            caveats.append(Caveat("attributed", text, tuple(ns)))

    caveats.extend(_conflicts(chosen, numbers, lang))

    outlets = {_outlet_identity(e.article) for e in chosen}
    if len(outlets) == 1:
        outlet = chosen[0].article.source or chosen[0].article.id
        caveats.append(Caveat("single_source", phrases.phrase(lang, "single_source", outlet=outlet), tuple(numbers)))

    dated = [c for c in citations if c.published]
    if dated:
        newest = max(dated, key=lambda c: c.published or date.min)
        assert newest.published is not None
        age = (ctx.today - newest.published).days
        if age > ctx.stale_after_days:
            text = phrases.phrase(
                lang, "stale", date=phrases.format_date(newest.published, lang), age=phrases.format_age(age, lang)
            )
            if articles[newest.article_id].published_inferred:
                text += " " + phrases.phrase(lang, "inferred", n=newest.n)
            caveats.append(Caveat("stale", text, tuple(c.n for c in dated if c.published == newest.published)))

    for aid, ns in by_article.items():
        article = articles[aid]
        if article.published is None:
            dates = date_mentions(article.text)
            if dates:
                text = phrases.phrase(lang, "undated", n=_refs(ns), dates=", ".join(dates))
            else:
                text = phrases.phrase(lang, "undated_none", n=_refs(ns))
            caveats.append(Caveat("undated", text, tuple(ns)))
    return caveats


def _outlier_caveats(odd: Sequence[Claim], lang: str) -> list[Caveat]:
    """Say which claims were set aside because their dates stand a year or more apart from all others."""
    if not odd:
        return []
    dates = ", ".join(
        phrases.format_date(c.claim_date, lang, c.date_precision) for c in odd if c.claim_date is not None
    )
    return [Caveat("outlier", phrases.phrase(lang, "outlier", dates=dates), ())]


def _conflicts(chosen: Sequence[Evidence], numbers: Sequence[int], lang: str) -> list[Caveat]:
    sided = [(e, n) for e, n in zip(chosen, numbers) if e.claim is not None and e.claim.control]
    for i, (a, na) in enumerate(sided):
        for b, nb in sided[i + 1 :]:
            assert a.claim is not None and b.claim is not None
            if a.claim.place_key != b.claim.place_key or a.claim.control == b.claim.control:
                continue
            if a.when and b.when and abs((a.when - b.when).days) > CONFLICT_WINDOW_DAYS:
                continue
            sides = f"{phrases.phrase(lang, 'and')} ".join(
                phrases.phrase(
                    lang,
                    "conflict_side",
                    claimant=e.claimant or e.article.source or e.article.id,
                    date=phrases.format_date(e.when, lang),
                    n=n,
                    holder=phrases.phrase(lang, f"held_{e.claim.control}") if e.claim else "",
                )
                for e, n in ((a, na), (b, nb))
            )
            return [Caveat("conflict", phrases.phrase(lang, "conflict", sides=sides), (na, nb))]
    return []


def _outlet_identity(article: Article) -> str:
    """Copies of one syndicated story count as one outlet."""
    group = article.metadata.get("dup_group") if article.metadata else None
    return str(group or article.source or article.id)


def _refs(ns: Sequence[int]) -> str:
    return "][".join(str(n) for n in ns)


def _more(hits: Sequence[Hit], chosen: Sequence[Evidence], start: int) -> list[Citation]:
    """Further passages for "More sources": other articles first, one passage each."""
    used = {e.hit.passage.id for e in chosen}
    cited_articles = {e.article.id for e in chosen}
    fresh = [h for h in hits if h.article.id not in cited_articles]
    rest = [h for h in hits if h.article.id in cited_articles]
    more: list[Citation] = []
    seen_articles: set[str] = set()
    for hit in fresh + rest:
        if hit.passage.id in used or (hit in fresh and hit.article.id in seen_articles):
            continue
        used.add(hit.passage.id)
        seen_articles.add(hit.article.id)
        a = hit.article
        more.append(
            Citation(
                n=start + len(more) + 1,
                article_id=a.id,
                url=a.url,
                title=a.title,
                source=a.source,
                published=a.published,
                passage_id=hit.passage.id,
                quote=hit.passage.text,
                score=hit.score,
                quote_start=hit.passage.start,
                quote_end=hit.passage.end,
            )
        )
        if len(more) == MAX_MORE:
            break
    return more


def _not_found(question: str, lang: str, ctx: Context, unknown: Sequence[AskedPlace]) -> Answer:
    lines = [phrases.phrase(lang, "not_found")]
    lines += not_found_lines(unknown, ctx.claimed_places() if unknown else [], lang)
    covered = ctx.covered_places()
    if covered and len(lines) < 3:
        lines.append(phrases.phrase(lang, "covers", places=", ".join(covered)))
    return Answer(question=question, status="not_found", answer="\n".join(lines), lang=lang)


def source_line(c: Citation, lang: str, numbers: Sequence[int] = ()) -> str:
    """Return "[n] Outlet — Title (date) link" for the source list."""
    parts = ["".join(f"[{n}]" for n in (numbers or (c.n,))) + f" {c.source or c.article_id}"]
    if c.title:
        parts.append(f" — {c.title}")
    parts.append(f" ({phrases.format_date(c.published, lang)})")
    if c.url:
        parts.append(f" {c.url}")
    return "".join(parts)


def source_list(citations: Sequence[Citation], lang: str) -> list[str]:
    """Return the numbered source lines, one per article (its citation numbers together)."""
    numbers: dict[str, list[int]] = {}
    first: dict[str, Citation] = {}
    for c in citations:
        numbers.setdefault(c.article_id, []).append(c.n)
        first.setdefault(c.article_id, c)
    return [source_line(c, lang, numbers[aid]) for aid, c in first.items()]


CAVEAT_ICONS = {"ambiguous_place": "ℹ️", "undated": "ℹ️"}


def _with_text(answer: Answer) -> Answer:
    lines = [s.text for s in answer.statements]
    if answer.caveats:
        lines.append("")
        lines.extend(f"{CAVEAT_ICONS.get(c.kind, '⚠️')} {c.text}" for c in answer.caveats)
    lines.append("")
    lines.append(phrases.phrase(answer.lang, "sources"))
    lines.extend(source_list(answer.citations, answer.lang))
    from dataclasses import replace

    return replace(answer, answer="\n".join(lines))
