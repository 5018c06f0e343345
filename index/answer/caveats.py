"""The caveats an answer carries, from the sentences it quotes (the sentence-level rules are in index/caveats.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from index import phrases
from index.answer.evidence import Context, Evidence
from index.answer.labels import kind_words
from index.caveats import date_mentions, verification_statements
from index.models import Article, Caveat, Citation, Claim

# Two control claims this many days apart or closer that disagree are a conflict;
# further apart they are history.
CONFLICT_WINDOW_DAYS = 14


def caveats(
    chosen: Sequence[Evidence],
    numbers: Sequence[int],
    citations: Sequence[Citation],
    ctx: Context,
    lang: str,
) -> list[Caveat]:
    """Unverified, belligerent, attributed, conflict, single-source, stale and undated caveats, in that order."""
    out: list[Caveat] = []
    by_article: dict[str, list[int]] = {}
    for e, n in zip(chosen, numbers):
        by_article.setdefault(e.article.id, []).append(n)
    articles = {e.article.id: e.article for e in chosen}

    # The source's own word that its claims are unconfirmed covers all of its passages.
    for aid, ns in by_article.items():
        statements = verification_statements(articles[aid])
        if statements:
            out.append(
                Caveat("unverified", phrases.phrase(lang, "unverified", quote=statements[0].text, n=ns[0]), tuple(ns))
            )

    claimed: dict[tuple[str, str], list[int]] = {}
    for e, n in zip(chosen, numbers):
        if e.claimant and e.kind != "independent_media":
            claimed.setdefault((e.claimant, e.kind), []).append(n)
    belligerent = [(c, ns) for (c, kind), ns in claimed.items() if kind.startswith("belligerent")]
    if belligerent:
        who = ", ".join(f"{claimant} [{refs(ns)}]" for claimant, ns in belligerent)
        numbered = tuple(sorted(n for _, ns in belligerent for n in ns))
        out.append(Caveat("belligerent_claim", phrases.phrase(lang, "belligerent", who=who), numbered))
    for (claimant, kind), ns in claimed.items():
        if not kind.startswith("belligerent"):
            text = phrases.phrase(lang, "attributed", claimant=claimant, kind=kind_words(kind, lang), n=refs(ns))
            out.append(Caveat("attributed", text, tuple(ns)))

    out.extend(conflicts(chosen, numbers, lang))

    outlets = {outlet_identity(e.article) for e in chosen}
    if len(outlets) == 1:
        outlet = chosen[0].article.source or chosen[0].article.id
        out.append(Caveat("single_source", phrases.phrase(lang, "single_source", outlet=outlet), tuple(numbers)))

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
            out.append(Caveat("stale", text, tuple(c.n for c in dated if c.published == newest.published)))

    for aid, ns in by_article.items():
        article = articles[aid]
        if article.published is None:
            dates = date_mentions(article.text)
            if dates:
                text = phrases.phrase(lang, "undated", n=refs(ns), dates=", ".join(dates))
            else:
                text = phrases.phrase(lang, "undated_none", n=refs(ns))
            out.append(Caveat("undated", text, tuple(ns)))
    return out


def outlier_caveats(odd: Sequence[Claim], lang: str) -> list[Caveat]:
    """Say which claims were set aside because their dates stand a year or more apart from all others."""
    if not odd:
        return []
    dates = ", ".join(
        phrases.format_date(c.claim_date, lang, c.date_precision) for c in odd if c.claim_date is not None
    )
    return [Caveat("outlier", phrases.phrase(lang, "outlier", dates=dates), ())]


def conflicts(chosen: Sequence[Evidence], numbers: Sequence[int], lang: str) -> list[Caveat]:
    """The first two quoted control claims about one place that disagree within CONFLICT_WINDOW_DAYS."""
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
                    claimant=e.speaker,
                    date=phrases.format_date(e.when, lang),
                    n=n,
                    holder=phrases.phrase(lang, f"held_{e.claim.control}") if e.claim else "",
                )
                for e, n in ((a, na), (b, nb))
            )
            return [Caveat("conflict", phrases.phrase(lang, "conflict", sides=sides), (na, nb))]
    return []


def outlet_identity(article: Article) -> str:
    """Copies of one syndicated story count as one outlet."""
    group = article.metadata.get("dup_group") if article.metadata else None
    return str(group or article.source or article.id)


def refs(ns: Sequence[int]) -> str:
    """ "1][3" for citations 1 and 3, to be wrapped in brackets."""
    return "][".join(str(n) for n in ns)
