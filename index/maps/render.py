"""Draw a ControlMap as a PNG: matplotlib (Agg) over Natural Earth lines shipped in the package.

No tile server, no browser, nothing fetched: the coastline, national and
oblast borders, lakes and big rivers come from `basemap.json.gz` beside this
file (see README.md there for its source and licence). Settlements are
projected with an azimuthal equidistant projection centred on the map, so
distances from the centre are true and the scale bar holds across the map.

Marks differ in shape as well as colour (circle, square, diamond, hollow
circle) so they read in greyscale and for colour-blind people. Up to
`max_labels` settlements are named on the map with no two labels
overlapping; the rest are numbered and listed beside it.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import textwrap
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from index.maps.model import HOLDERS, ControlMap, MapMark
from index.maps.words import word
from index.phrases import format_date

EARTH_KM = 6371.0088
FONT = "DejaVu Sans"  # ships with matplotlib and has Cyrillic

# Shape first, colour second: each holder reads without colour.
STYLE: dict[str, dict[str, str]] = {
    "Ukraine": {"marker": "o", "facecolor": "#1565c0", "edgecolor": "#0b2e59"},
    "Russia": {"marker": "s", "facecolor": "#d84315", "edgecolor": "#5d1a06"},
    "contested": {"marker": "D", "facecolor": "#ffca28", "edgecolor": "#000000"},
    "unknown": {"marker": "o", "facecolor": "#ffffff", "edgecolor": "#616161"},
}
LAND = "#f6f4ee"
# Marks numbered on the map and listed beside it, at most (the rest are counted).
LISTED = 25
WATER = "#9cc3e6"
RIVER = "#5b9bd5"

_DRAWING = threading.Lock()

# Where a label may go around its mark, in points: right, left, above, below, then diagonals.
_OFFSETS = [
    (7, 0, "left", "center"), (-7, 0, "right", "center"), (0, 7, "center", "bottom"),
    (0, -7, "center", "top"), (6, 5, "left", "bottom"), (-6, 5, "right", "bottom"),
    (6, -5, "left", "top"), (-6, -5, "right", "top"), (12, 0, "left", "center"),
    (-12, 0, "right", "center"), (0, 13, "center", "bottom"), (0, -13, "center", "top"),
]


@dataclass(frozen=True)
class Basemap:
    """Natural Earth lines, in degrees: each line an (n, 2) array of lon, lat."""

    coastline: list[np.ndarray]
    borders: list[np.ndarray]
    oblasts: list[np.ndarray]
    lakes: list[np.ndarray]
    rivers: list[np.ndarray]
    bounds: tuple[float, float, float, float]  # west, south, east, north


@lru_cache(maxsize=1)
def basemap() -> Basemap:
    """Load the shipped Natural Earth lines (once per process)."""
    raw = resources.files("index.maps").joinpath("basemap.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))

    def arrays(lines: list[list[float]]) -> list[np.ndarray]:
        return [np.asarray(line, dtype=float).reshape(-1, 2) for line in lines]

    return Basemap(
        coastline=arrays(data["coastline"]),
        borders=arrays(data["borders"]),
        oblasts=arrays(data["oblasts"]),
        lakes=arrays(data["lakes"]),
        rivers=arrays([r["line"] for r in data["rivers"]]),
        bounds=tuple(data["bounds"]),
    )


def project(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> tuple[np.ndarray, np.ndarray]:
    """Azimuthal equidistant projection around (lat0, lon0), in kilometres east and north."""
    phi, lam = np.radians(lat), np.radians(lon)
    phi0, lam0 = math.radians(lat0), math.radians(lon0)
    cos_c = np.sin(phi0) * np.sin(phi) + np.cos(phi0) * np.cos(phi) * np.cos(lam - lam0)
    c = np.arccos(np.clip(cos_c, -1.0, 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.where(c < 1e-12, 1.0, c / np.sin(c))
    x = EARTH_KM * k * np.cos(phi) * np.sin(lam - lam0)
    y = EARTH_KM * k * (np.cos(phi0) * np.sin(phi) - np.sin(phi0) * np.cos(phi) * np.cos(lam - lam0))
    return x, y


@dataclass(frozen=True)
class RenderedMap:
    """A drawn map and where things ended up on it (pixels from the top-left corner)."""

    png: bytes
    width: int
    height: int
    positions: dict[str, tuple[float, float]]  # mark key → pixel centre
    labelled: tuple[str, ...]  # keys named on the map
    listed: tuple[str, ...]  # keys numbered on the map and listed beside it
    label_boxes: tuple[tuple[float, float, float, float], ...]  # x0, y0, x1, y1 (pixels, from top)
    legend_box: tuple[float, float, float, float]  # the side panel (pixels, from top)


class MapRenderer:
    """Draw ControlMaps as PNG images of a fixed size."""

    def __init__(self, width_px: int = 1400, height_px: int = 1000, max_labels: int = 60, max_marks: int = 3000) -> None:
        """Configure the picture.

        Args:
            width_px, height_px: the PNG's size (Telegram shows up to 1280 px wide sharply).
            max_labels: settlements named on the map at most; the rest are numbered and listed.
            max_marks: marks drawn at most (the most important first).

        Raises:
            ValueError: a size or limit out of range.
        """
        if not (400 <= width_px <= 4000 and 300 <= height_px <= 4000):
            raise ValueError("the map must be 400–4000 px wide and 300–4000 px high")
        if not (0 <= max_labels <= 200):
            raise ValueError("max_labels must be between 0 and 200")
        if max_marks < 1:
            raise ValueError("max_marks must be at least 1")
        self.width_px, self.height_px = width_px, height_px
        self.max_labels, self.max_marks = max_labels, max_marks
        self.dpi = 100

    def render(self, cmap: ControlMap) -> RenderedMap:
        """Draw one map.

        Args:
            cmap: the settlements, their holders and the sources.

        Returns:
            The PNG and where each mark and label went.

        Raises:
            ValueError: no settlement on the map has coordinates (nothing to draw).
        """
        marks = list(cmap.placed)[: self.max_marks]
        if not marks:
            raise ValueError("no settlement on this map has coordinates")
        # matplotlib shares its font objects between figures: one drawing at a time per process.
        with _DRAWING:
            return self._render(cmap, marks)

    def _render(self, cmap: ControlMap, marks: list[MapMark]) -> RenderedMap:
        lang = cmap.lang
        fig = Figure(figsize=(self.width_px / self.dpi, self.height_px / self.dpi), dpi=self.dpi, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        fig.text(0.012, 0.972, cmap.title(), fontsize=17, fontweight="bold", family=FONT, va="top")
        fig.text(0.012, 0.935, word(lang, "subtitle"), fontsize=11, family=FONT, va="top", color="#7f1d1d")
        fig.text(0.012, 0.008, "Natural Earth (public domain)", fontsize=7.5, family=FONT, color="#757575")

        ax = fig.add_axes((0.012, 0.03, 0.66, 0.875))
        side = fig.add_axes((0.69, 0.03, 0.30, 0.875))
        side.set_axis_off()
        lat0, lon0, limits = self._frame(cmap, marks, ax, fig)
        self._basemap(ax, lat0, lon0, limits)
        xs, ys = project(
            np.array([m.lat for m in marks], dtype=float), np.array([m.lon for m in marks], dtype=float), lat0, lon0
        )
        size = 80.0 if len(marks) <= 60 else 44.0 if len(marks) <= 300 else 14.0
        xs, ys = self._fan_out(ax, xs, ys, size)
        self._marks(ax, marks, xs, ys, size)
        self._scale_and_north(ax, limits, lang)

        renderer = canvas.get_renderer()
        pixels = ax.transData.transform(np.column_stack([xs, ys]))
        one_date = len({m.newest for m in marks}) == 1
        labelled, listed, boxes = self._labels(ax, renderer, marks, pixels, size, one_date)
        self._side(side, cmap, marks, listed, one_date)

        buf = io.BytesIO()
        canvas.print_png(buf, pil_kwargs={"compress_level": 4})
        height = self.height_px
        positions = {m.key: (float(px), float(height - py)) for m, (px, py) in zip(marks, pixels)}
        sb = side.get_window_extent(renderer)
        return RenderedMap(
            png=buf.getvalue(),
            width=self.width_px,
            height=height,
            positions=positions,
            labelled=tuple(labelled),
            listed=tuple(m.key for m in listed),
            label_boxes=tuple((b[0], height - b[3], b[2], height - b[1]) for b in boxes),
            legend_box=(sb.x0, height - sb.y1, sb.x1, height - sb.y0),
        )

    # -- frame and background ----------------------------------------------------------

    def _frame(self, cmap: ControlMap, marks: list[MapMark], ax, fig) -> tuple[float, float, tuple[float, float, float, float]]:
        """Choose the projection centre and the axes' limits (km) to show the extent and every mark."""
        south, west, north, east = cmap.extent
        lats = [m.lat for m in marks if m.lat is not None] + [south, north]
        lons = [m.lon for m in marks if m.lon is not None] + [west, east]
        lat0 = (min(lats) + max(lats)) / 2
        lon0 = (min(lons) + max(lons)) / 2
        grid_lat = np.array([south, south, north, north, (south + north) / 2, (south + north) / 2] + lats[:-2])
        grid_lon = np.array([west, east, west, east, west, east] + lons[:-2])
        x, y = project(grid_lat, grid_lon, lat0, lon0)
        x0, x1, y0, y1 = float(x.min()), float(x.max()), float(y.min()), float(y.max())
        pad = max(x1 - x0, y1 - y0) * 0.08 + 3.0
        x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
        # Widen one side so that a kilometre is as long across as up.
        fw, fh = fig.get_size_inches()
        pos = ax.get_position()
        aspect = (pos.width * fw) / (pos.height * fh)
        w, h = x1 - x0, y1 - y0
        if w / h < aspect:
            grow = (h * aspect - w) / 2
            x0, x1 = x0 - grow, x1 + grow
        else:
            grow = (w / aspect - h) / 2
            y0, y1 = y0 - grow, y1 + grow
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(LAND)
        for spine in ax.spines.values():
            spine.set_edgecolor("#9e9e9e")
        return lat0, lon0, (x0, x1, y0, y1)

    def _basemap(self, ax, lat0: float, lon0: float, limits: tuple[float, float, float, float]) -> None:
        base = basemap()
        x0, x1, y0, y1 = limits
        # Lines far outside the view are skipped before projecting (a generous box in degrees).
        span_lat = (y1 - y0) / 111.0 + 1.0
        span_lon = (x1 - x0) / (111.0 * max(math.cos(math.radians(lat0)), 0.2)) + 1.0

        def near(line: np.ndarray) -> bool:
            return bool(
                (np.abs(line[:, 1] - lat0) < span_lat).any() and (np.abs(line[:, 0] - lon0) < span_lon).any()
            )

        def projected(lines: list[np.ndarray]) -> list[np.ndarray]:
            out = []
            for line in lines:
                if near(line):
                    x, y = project(line[:, 1], line[:, 0], lat0, lon0)
                    out.append(np.column_stack([x, y]))
            return out

        lakes = projected(base.lakes)
        if lakes:
            ax.add_collection(PolyCollection(lakes, facecolors=WATER, edgecolors=RIVER, linewidths=0.6, zorder=1))
        ax.add_collection(LineCollection(projected(base.rivers), colors=RIVER, linewidths=1.3, zorder=1))
        ax.add_collection(LineCollection(projected(base.coastline), colors="#3d6f9e", linewidths=1.0, zorder=2))
        ax.add_collection(
            LineCollection(projected(base.oblasts), colors="#8d8d8d", linewidths=0.8, linestyles=(0, (4, 2)), zorder=2)
        )
        ax.add_collection(LineCollection(projected(base.borders), colors="#303030", linewidths=2.0, zorder=3))

    def _fan_out(self, ax, xs: np.ndarray, ys: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
        """Spread marks that share one spot (an approximate hromada centre) on a small ring around it.

        A thin spoke joins each to the shared spot, so none hides another and
        none seems to stand somewhere else.
        """
        pixels = ax.transData.transform(np.column_stack([xs, ys]))
        diameter = math.sqrt(size) * self.dpi / 72
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, (px, py) in enumerate(pixels):
            groups[(round(px / 2), round(py / 2))].append(i)
        out = pixels.copy()
        for members in groups.values():
            if len(members) < 2:
                continue
            n = len(members)
            radius = max(diameter * 1.3, diameter * 1.25 * n / (2 * math.pi))
            cx, cy = pixels[members[0]]
            for k, i in enumerate(members):
                angle = math.pi / 2 + 2 * math.pi * k / n
                out[i] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
            centre = ax.transData.inverted().transform([(cx, cy)])[0]
            ends = ax.transData.inverted().transform(out[members])
            ax.add_collection(LineCollection([[centre, e] for e in ends], colors="#616161", linewidths=0.7, zorder=4))
            ax.scatter([centre[0]], [centre[1]], s=6, c="#424242", zorder=4)
        data = ax.transData.inverted().transform(out)
        return data[:, 0], data[:, 1]

    def _marks(self, ax, marks: list[MapMark], xs: np.ndarray, ys: np.ndarray, size: float) -> None:
        for holder in HOLDERS:
            style = STYLE[holder]
            for approximate in (False, True):
                idx = [i for i, m in enumerate(marks) if m.holder == holder and m.approximate == approximate]
                if not idx:
                    continue
                ax.scatter(
                    xs[idx], ys[idx], s=size, marker=style["marker"], c=[style["facecolor"]],
                    edgecolors=[style["edgecolor"]], linewidths=1.3 if holder != "unknown" else 1.8,
                    linestyles="--" if approximate else "-", alpha=0.75 if approximate else 1.0, zorder=5,
                )
        focus = [i for i, m in enumerate(marks) if m.focus]
        if focus:
            ax.scatter(xs[focus], ys[focus], s=size * 4.5, marker="o", facecolors="none",
                       edgecolors="#000000", linewidths=1.6, zorder=4)

    def _scale_and_north(self, ax, limits: tuple[float, float, float, float], lang: str) -> None:
        x0, x1, y0, y1 = limits
        width = x1 - x0
        target = width / 5
        length = max((v for v in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500) if v <= target), default=1)
        bx, by = x0 + width * 0.04, y0 + (y1 - y0) * 0.04
        halo = [patheffects.withStroke(linewidth=3, foreground="white")]
        for i in range(2):
            ax.add_patch(
                _rect(bx + i * length / 2, by, length / 2, (y1 - y0) * 0.008, "#000000" if i == 0 else "#ffffff")
            )
        ax.text(bx, by + (y1 - y0) * 0.016, "0", fontsize=9, family=FONT, ha="center", va="bottom", path_effects=halo, zorder=7)
        ax.text(bx + length, by + (y1 - y0) * 0.016, f"{length} {word(lang, 'km')}", fontsize=9, family=FONT,
                ha="center", va="bottom", path_effects=halo, zorder=7)
        nx, ny = x0 + width * 0.05, y1 - (y1 - y0) * 0.14
        ax.annotate("", xy=(nx, ny + (y1 - y0) * 0.08), xytext=(nx, ny),
                    arrowprops={"arrowstyle": "-|>", "color": "#000000", "lw": 2.2, "mutation_scale": 18}, zorder=7)
        ax.text(nx, ny + (y1 - y0) * 0.09, word(lang, "north"), fontsize=13, fontweight="bold", family=FONT,
                ha="center", va="bottom", path_effects=halo, zorder=7)

    # -- labels --------------------------------------------------------------------------

    def _labels(self, ax, renderer, marks: list[MapMark], pixels: np.ndarray, size: float, one_date: bool):
        """Name the first max_labels marks where a label fits without overlaps; number and list the rest."""
        area = ax.get_window_extent(renderer)
        radius = math.sqrt(size) * self.dpi / 72 / 2 + 2
        obstacles = np.column_stack([pixels[:, 0] - radius, pixels[:, 1] - radius, pixels[:, 0] + radius, pixels[:, 1] + radius])
        placed: list[tuple[float, float, float, float]] = []
        labelled: list[str] = []
        listed: list[MapMark] = []
        for i, mark in enumerate(marks):
            if i < self.max_labels:
                text = ("≈ " if mark.approximate else "") + mark.name
                if not one_date and mark.newest is not None:
                    text += f"\n{mark.newest.isoformat()}"
                size_pt = 9.5 if mark.focus else 8.5
                if self._place(ax, renderer, text, pixels[i], obstacles, i, placed, area, size_pt, mark.focus):
                    labelled.append(mark.key)
                    continue
            listed.append(mark)
            if len(listed) <= LISTED:
                self._place(ax, renderer, str(len(listed)), pixels[i], obstacles, i, placed, area, 7.5, True)
        return labelled, listed, placed

    def _place(self, ax, renderer, text: str, at: np.ndarray, obstacles: np.ndarray, own: int,
               placed: list[tuple[float, float, float, float]], area, fontsize: float, bold: bool) -> bool:
        """Put a label at the first spot around its mark that overlaps nothing; False when none does."""
        artist = ax.annotate(
            text, xy=(float(at[0]), float(at[1])), xycoords="figure pixels", xytext=(0, 0),
            textcoords="offset points", ha="left", va="bottom", fontsize=fontsize, family=FONT,
            fontweight="bold" if bold else "normal", linespacing=1.0, zorder=6,
            # A light box rather than a stroked halo: glyphs stay glyphs (drawing text as paths is slow).
            bbox={"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )
        extent = artist.get_window_extent(renderer)
        w, h = extent.width + 2, extent.height + 2
        scale = self.dpi / 72
        for dx, dy, ha, va in _OFFSETS:
            x = at[0] + dx * scale - (w if ha == "right" else w / 2 if ha == "center" else 0)
            y = at[1] + dy * scale - (h if va == "top" else h / 2 if va == "center" else 0)
            box = (x - 1, y - 1, x + w - 1, y + h - 1)
            if not (area.x0 <= box[0] and box[2] <= area.x1 and area.y0 <= box[1] and box[3] <= area.y1):
                continue
            if placed:
                p = np.asarray(placed)
                if ((p[:, 0] < box[2]) & (p[:, 2] > box[0]) & (p[:, 1] < box[3]) & (p[:, 3] > box[1])).any():
                    continue
            o = obstacles
            hit = (o[:, 0] < box[2]) & (o[:, 2] > box[0]) & (o[:, 1] < box[3]) & (o[:, 3] > box[1])
            hit[own] = False
            if hit.any():
                continue
            artist.set_position((dx, dy))
            artist.set_horizontalalignment(ha)
            artist.set_verticalalignment(va)
            # Keep what was really drawn (with its halo), so later labels keep clear of it.
            real = artist.get_window_extent(renderer)
            placed.append((min(real.x0, box[0]), min(real.y0, box[1]), max(real.x1, box[2]), max(real.y1, box[3])))
            return True
        artist.remove()
        return False

    # -- the side panel -------------------------------------------------------------------

    def _side(self, side, cmap: ControlMap, marks: list[MapMark], listed: list[MapMark], one_date: bool) -> None:
        lang = cmap.lang
        counts = cmap.counts()
        panel_px = side.get_position().height * self.height_px
        y = 1.0

        def step(points: float) -> float:
            return points * self.dpi / 72 * 1.45 / panel_px

        def line(text: str, fontsize: float = 9.0, bold: bool = False, color: str = "#212121", wrap: bool = False) -> None:
            nonlocal y
            width = int(54 * 9.0 / fontsize)
            for part in textwrap.wrap(text, width, max_lines=3, placeholder="…") if wrap else [_fit(text, width)]:
                y -= step(fontsize)
                side.text(0.0, y, part, fontsize=fontsize, family=FONT, fontweight="bold" if bold else "normal",
                          color=color, va="bottom", transform=side.transAxes)

        for holder in HOLDERS:
            style = STYLE[holder]
            y -= step(11)
            side.add_line(Line2D([0.03], [y + step(11) * 0.3], marker=style["marker"], markersize=10,
                                 markerfacecolor=style["facecolor"], markeredgecolor=style["edgecolor"],
                                 markeredgewidth=1.5, linestyle="none", transform=side.transAxes))
            side.text(0.08, y, f"{word(lang, holder)}: {counts[holder]}", fontsize=10, family=FONT,
                      va="bottom", transform=side.transAxes)
        if any(m.approximate for m in marks):
            line(word(lang, "approximate"), 9, wrap=True)
        if any(m.focus for m in marks):
            y -= step(11)
            side.add_line(Line2D([0.03], [y + step(11) * 0.3], marker="o", markersize=16, markerfacecolor="none",
                                 markeredgecolor="#000000", markeredgewidth=1.5, linestyle="none",
                                 transform=side.transAxes))
            side.text(0.08, y, word(lang, "focus"), fontsize=9.5, family=FONT, va="bottom", transform=side.transAxes)
        dates = {m.newest for m in marks}
        if one_date and None not in dates:
            line(word(lang, "all_dated", date=format_date(next(iter(dates)), lang)), 9)
        elif not one_date:
            line(word(lang, "label_dates"), 9)
        line(word(lang, "subtitle"), 8.5, color="#7f1d1d", wrap=True)

        # The sources take what is left after the lists, but always at least their first lines.
        sources = list(cmap.sources)
        unplaced = list(cmap.unplaced)
        budget = int(y / step(8.5)) - 3
        reserve = min(len(sources), 6) + 2
        if listed:
            y -= step(6)
            line(word(lang, "listed"), 9.5, bold=True)
            room = min(max(budget - reserve - (3 if unplaced else 0), 3), LISTED)
            for n, m in enumerate(listed[:room], start=1):
                when = f", {m.newest.isoformat()}" if m.newest and not one_date else ""
                line(f"{n}. {'≈ ' if m.approximate else ''}{m.name} — {word(lang, 'short_' + m.holder)}{when}", 8.5)
            if len(listed) > room:
                line(word(lang, "more", n=len(listed) - room), 8.5)
        if unplaced:
            y -= step(6)
            line(word(lang, "unplaced"), 9.5, bold=True)
            names = ", ".join(m.name for m in unplaced[:12])
            more = f" {word(lang, 'more', n=len(unplaced) - 12)}" if len(unplaced) > 12 else ""
            line(names + more, 8.5, wrap=True)
        y -= step(6)
        line(word(lang, "sources"), 9.5, bold=True)
        room = max(int(y / step(8.5)) - 1, 1)
        shown = sources[:room] if len(sources) <= room else sources[: room - 1]
        for s in shown:
            line(s.short(lang), 8.5)
        if len(shown) < len(sources):
            line(word(lang, "more_sources", n=len(sources) - len(shown)), 8.5)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def _rect(x: float, y: float, w: float, h: float, color: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=color, edgecolor="#000000", linewidth=1.0, zorder=7)
