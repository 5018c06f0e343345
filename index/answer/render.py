"""The answer as data and as plain text: numbered citations, "More sources", the source list, the reply's text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from index import phrases
from index.answer.evidence import Context, Evidence
from index.models import Answer, Citation, Hit
from index.place_notes import not_found_lines
from index.question_places import AskedPlace

MAX_MORE = 6
CAVEAT_ICONS = {"ambiguous_place": "ℹ️", "undated": "ℹ️"}


def cite(chosen: Sequence[Evidence]) -> tuple[list[Citation], list[int]]:
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


def more(hits: Sequence[Hit], chosen: Sequence[Evidence], start: int) -> list[Citation]:
    """Further passages for "More sources": other articles first, one passage each."""
    used = {e.hit.passage.id for e in chosen}
    cited_articles = {e.article.id for e in chosen}
    fresh = [h for h in hits if h.article.id not in cited_articles]
    rest = [h for h in hits if h.article.id in cited_articles]
    out: list[Citation] = []
    seen_articles: set[str] = set()
    for hit in fresh + rest:
        if hit.passage.id in used or (hit in fresh and hit.article.id in seen_articles):
            continue
        used.add(hit.passage.id)
        seen_articles.add(hit.article.id)
        a = hit.article
        out.append(
            Citation(
                n=start + len(out) + 1,
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
        if len(out) == MAX_MORE:
            break
    return out


def not_found(question: str, lang: str, ctx: Context, unknown: Sequence[AskedPlace]) -> Answer:
    """The honest reply when nothing stored answers: say so, cite nothing, suggest what is covered."""
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


def with_text(answer: Answer) -> Answer:
    """The answer with its plain-text reply: statements, caveats, then the numbered sources."""
    lines = [s.text for s in answer.statements]
    if answer.caveats:
        lines.append("")
        lines.extend(f"{CAVEAT_ICONS.get(c.kind, '⚠️')} {c.text}" for c in answer.caveats)
    lines.append("")
    lines.append(phrases.phrase(answer.lang, "sources"))
    lines.extend(source_list(answer.citations, answer.lang))
    return replace(answer, answer="\n".join(lines))
