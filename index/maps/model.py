"""What a map shows: settlements marked by their claimed holder, and the numbered sources.

Made by the engine's read side (`index/controlmap.py`), drawn by
`index/maps/render.py`, captioned for Telegram and the terminal by
`ControlMap.caption`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from index.maps.words import word
from index.models import Holder
from index.phrases import format_date

HOLDERS: tuple[Holder, ...] = ("Ukraine", "Russia", "contested", "unknown")


@dataclass(frozen=True)
class MapMark:
    """One settlement on the map, with the holder the engine gives it as of the map's date."""

    key: str  # the gazetteer's id (or the claims' place key)
    name: str  # in the map's language
    lat: float | None
    lon: float | None
    holder: Holder
    newest: date | None  # the date of its newest claim up to the map's date
    sources: tuple[int, ...] = ()  # numbers into ControlMap.sources
    claims: int = 0
    approximate: bool = False  # drawn at its hromada's or raion's centre
    focus: bool = False  # the place the map was asked for

    @property
    def placed(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class MapSource:
    """A numbered source of the claims on a map (one per article)."""

    n: int
    article_id: str
    source: str | None
    title: str | None
    url: str | None
    published: date | None

    def line(self, lang: str) -> str:
        """Return "[n] Outlet — Title (date) link"."""
        text = f"[{self.n}] {self.source or self.article_id}"
        if self.title:
            text += f" — {self.title}"
        text += f" ({format_date(self.published, lang)})"
        if self.url:
            text += f" {self.url}"
        return text

    def short(self, lang: str) -> str:
        """Return "[n] Outlet, date" for the picture."""
        return f"[{self.n}] {self.source or self.article_id}, {format_date(self.published, lang)}"


@dataclass(frozen=True)
class ControlMap:
    """Everything one map shows, ready to draw and to caption."""

    area: str  # the place or oblast, as the title names it
    kind: Literal["place", "oblast"]
    as_of: date
    lang: str
    marks: tuple[MapMark, ...]  # most important first: the focus, then newest claims
    sources: tuple[MapSource, ...]
    # (south, west, north, east) in degrees: what the map must show.
    extent: tuple[float, float, float, float]

    @property
    def placed(self) -> tuple[MapMark, ...]:
        return tuple(m for m in self.marks if m.placed)

    @property
    def unplaced(self) -> tuple[MapMark, ...]:
        return tuple(m for m in self.marks if not m.placed)

    def counts(self) -> dict[Holder, int]:
        """Return how many settlements each holder has (drawn or not)."""
        out: dict[Holder, int] = dict.fromkeys(HOLDERS, 0)
        for m in self.marks:
            out[m.holder] += 1
        return out

    def title(self) -> str:
        return word(self.lang, "title", area=self.area, date=format_date(self.as_of, self.lang))

    def caption(self, labelled: int | None = None) -> str:
        """Return the plain-text caption: counts, what the marks are, the numbered sources."""
        lang = self.lang
        counts = self.counts()
        parts = [word(lang, f"count_{h}", n=n) for h, n in counts.items() if n]
        lines = [
            word(lang, "caption_head", area=self.area, date=format_date(self.as_of, lang), counts=", ".join(parts)),
            word(lang, "caption_note"),
        ]
        if labelled is not None and labelled < len(self.marks):
            lines.append(word(lang, "caption_more_marks", n=len(self.marks), labelled=labelled))
        unplaced = self.unplaced
        if unplaced:
            names = ", ".join(f"{m.name} ({word(lang, m.holder)})" for m in unplaced[:40])
            if len(unplaced) > 40:
                names += " " + word(lang, "more", n=len(unplaced) - 40)
            lines.append(word(lang, "caption_unplaced", names=names))
        lines.append("")
        lines.append(word(lang, "sources"))
        lines.extend(s.line(lang) for s in self.sources)
        return "\n".join(lines)

    def source_lines(self) -> list[str]:
        """Return the numbered source list, one line per article."""
        return [s.line(self.lang) for s in self.sources]
