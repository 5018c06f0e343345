"""The map renderer as a person sees its PNG: marks, shapes, labels, legend, words."""

from __future__ import annotations

import io
import math
import random
import warnings
from datetime import date

import numpy as np
import pytest
from PIL import Image

from index.maps.model import ControlMap, MapMark, MapSource
from index.maps.render import STYLE, MapRenderer, basemap, project

SOURCES = (
    MapSource(n=1, article_id="a1", source="Example Wire", title="A", url="https://example.org/a", published=date(2022, 5, 10)),
    MapSource(n=2, article_id="a2", source="Приклад", title="Б", url=None, published=None),
)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def close(a: np.ndarray, b: tuple[int, int, int], tol: int = 40) -> bool:
    return bool(np.abs(a - np.array(b)).sum() <= tol)


def mark(key: str, name: str, lat: float, lon: float, holder: str, **kw: object) -> MapMark:
    return MapMark(key=key, name=name, lat=lat, lon=lon, holder=holder, newest=date(2022, 5, 10), sources=(1,), claims=1, **kw)  # type: ignore[arg-type]


def a_map(marks: list[MapMark], lang: str = "en", extent=(49.0, 35.5, 50.5, 38.0)) -> ControlMap:
    return ControlMap(area="Kharkiv oblast", kind="oblast", as_of=date(2022, 5, 10), lang=lang,
                      marks=tuple(marks), sources=SOURCES, extent=extent)


FOUR = [
    mark("ua", "Balakliia", 49.46, 36.86, "Ukraine"),
    mark("ru", "Kupiansk", 49.71, 37.61, "Russia"),
    mark("co", "Vovchansk", 50.29, 36.94, "contested"),
    mark("un", "Izium", 49.21, 37.26, "unknown"),
]


def test_each_holder_is_drawn_in_its_colour_at_the_settlements_projected_place() -> None:
    drawn = MapRenderer().render(a_map(FOUR))
    img = pixels(drawn.png)
    assert img.shape == (drawn.height, drawn.width, 3)
    for m in FOUR:
        x, y = drawn.positions[m.key]
        centre = img[round(y), round(x)]
        expected = "#ffffff" if m.holder == "unknown" else STYLE[m.holder]["facecolor"]
        assert close(centre, rgb(str(expected))), (m.name, centre)


def test_positions_follow_the_projection_north_is_up_and_east_is_right() -> None:
    drawn = MapRenderer().render(a_map(FOUR))
    pos = drawn.positions
    assert pos["co"][1] < pos["ua"][1]  # Vovchansk is north of Balakliia: higher on the picture
    assert pos["ru"][0] > pos["ua"][0]  # Kupiansk is east of Balakliia
    # Distances on the picture are proportional to distances on the ground.
    x, y = project(np.array([49.46, 49.71, 50.29]), np.array([36.86, 37.61, 36.94]), 49.75, 36.75)
    ground = math.dist((x[0], y[0]), (x[1], y[1])) / math.dist((x[0], y[0]), (x[2], y[2]))
    picture = math.dist(pos["ua"], pos["ru"]) / math.dist(pos["ua"], pos["co"])
    assert picture == pytest.approx(ground, rel=0.02)


def test_the_marks_differ_in_shape_not_colour_alone() -> None:
    """A square's corner is filled where a circle's is not: the holders read in greyscale."""
    drawn = MapRenderer().render(a_map(FOUR))
    grey = np.asarray(Image.open(io.BytesIO(drawn.png)).convert("L")).astype(int)
    background = grey[5, 5]

    def corner_filled(key: str) -> bool:
        x, y = drawn.positions[key]
        r = math.sqrt(80.0) * 100 / 72 / 2  # marker radius in pixels (size 80 points²)
        return abs(grey[round(y - r * 0.88), round(x + r * 0.88)] - background) > 40

    assert corner_filled("ru")  # square
    assert not corner_filled("ua")  # circle
    # The contested diamond's top point sticks out above a circle of the same size.
    x, y = drawn.positions["co"]
    assert abs(grey[round(y - 6), round(x)] - background) > 40


def test_the_legend_shows_every_holder_and_says_marks_are_claims() -> None:
    drawn = MapRenderer().render(a_map(FOUR))
    img = pixels(drawn.png)
    x0, y0, x1, y1 = (round(v) for v in drawn.legend_box)
    panel = img[y0:y1, x0:x1].reshape(-1, 3)
    for holder in ("Ukraine", "Russia", "contested"):
        target = np.array(rgb(str(STYLE[holder]["facecolor"])))
        assert (np.abs(panel - target).sum(axis=1) < 30).sum() > 20, holder
    cmap = a_map(FOUR)
    assert "not verified positions" in cmap.caption()
    assert "[1] Example Wire — A (10 May 2022) https://example.org/a" in cmap.caption()


def test_sixty_settlements_get_labels_that_never_overlap() -> None:
    rng = random.Random(7)
    names = ["Novoselivka", "Андріївка", "Oleksandrivka", "Мала Рогань", "Peremoha", "Verkhnii Saltiv"]
    marks = [
        mark(f"s{i}", f"{rng.choice(names)} {i}", 49.0 + rng.random() * 1.5, 35.6 + rng.random() * 2.3,
             rng.choice(["Ukraine", "Russia", "contested", "unknown"]))
        for i in range(60)
    ]
    drawn = MapRenderer().render(a_map(marks))
    boxes = drawn.label_boxes
    assert len(drawn.labelled) + len(drawn.listed) == 60
    assert len(drawn.labelled) >= 40
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_two_thousand_settlements_render_with_the_rest_listed() -> None:
    rng = random.Random(3)
    marks = [mark(f"s{i}", f"Village {i}", 48.5 + rng.random() * 2, 35.5 + rng.random() * 3, "Russia") for i in range(2000)]
    drawn = MapRenderer().render(a_map(marks))
    assert len(drawn.positions) == 2000
    assert len(drawn.labelled) <= 60 and len(drawn.listed) == 2000 - len(drawn.labelled)
    assert pixels(drawn.png).std() > 10  # not a blank picture


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_cyrillic_names_render_with_every_glyph(lang: str) -> None:
    marks = [mark("a", "Руські Тишки", 50.14, 36.40, "contested"), mark("b", "Щастя", 48.74, 39.23, "Russia")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        MapRenderer().render(a_map(marks, lang=lang, extent=(48.5, 36.0, 50.5, 39.5)))
    assert not [w for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message)]


def test_settlements_sharing_one_approximate_centre_are_fanned_out_not_stacked() -> None:
    marks = [mark(f"s{i}", f"Village {i}", 50.0, 36.5, "Ukraine", approximate=True) for i in range(4)]
    drawn = MapRenderer().render(a_map(marks))
    points = list(drawn.positions.values())
    assert min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :]) > 8


def test_a_map_with_nothing_placed_is_refused_not_drawn_blank() -> None:
    unplaced = MapMark(key="x", name="Nowhere", lat=None, lon=None, holder="Russia", newest=None)
    with pytest.raises(ValueError, match="no settlement"):
        MapRenderer().render(a_map([unplaced]))
    assert "Nowhere (Russia (claimed))" in a_map([unplaced]).caption()


def test_the_shipped_basemap_has_no_kakhovka_reservoir_but_keeps_the_dnipro() -> None:
    base = basemap()
    for lake in base.lakes:
        lon0, lat0 = lake.min(axis=0)
        lon1, lat1 = lake.max(axis=0)
        assert not (33.5 <= lon0 and lon1 <= 35.4 and 46.8 <= lat0 and lat1 <= 47.9)
    # The river still runs past Nova Kakhovka (33.35 E, 46.75 N).
    assert any(np.hypot(r[:, 0] - 33.35, r[:, 1] - 46.75).min() < 0.1 for r in base.rivers)
    assert base.coastline and base.borders and base.oblasts


def test_renderer_settings_are_checked_where_they_are_given() -> None:
    with pytest.raises(ValueError, match="px"):
        MapRenderer(width_px=50)
    with pytest.raises(ValueError, match="max_labels"):
        MapRenderer(max_labels=1000)
