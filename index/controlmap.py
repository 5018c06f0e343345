"""The data of a map: the settlements the stored claims mention in an area, and who holds each.

An area is an oblast ("Kharkiv oblast", "Харківщина") or the settlements
within `radius_km` of a place ("Rubizhne"). Each stored claim carries the
gazetteer id of its settlement (`Claim.place_id`, read at extraction from the
claim's sentence, then its article), so the Slobozhanske of a Dnipro story
does not land in Kharkiv oblast; a claim whose text does not tell which place
of a shared name it means is not drawn. The holder of each settlement comes from
`index.claims.holder_from_claims`, the same rule the engine's answers use.

A settlement the gazetteer has no coordinates for is drawn at the centre of
its hromada (or else its raion) and marked approximate; without either it is
listed, not drawn.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from index.errors import NothingToMap, UnknownPlace
from index.gazetteer import _OBLAST_ALIASES, OBLASTS, Gazetteer, Settlement
from index.holder import holder_from_claims, window
from index.maps.model import ControlMap, MapMark, MapSource
from index.maps.words import word
from index.models import Article, Claim
from index.question_places import place_named
from index.store import Store

# Around a place: the settlements within this distance (km) of it.
PLACE_RADIUS_KM = 35.0
# Claims read from the store per query (an IN list of place keys).
_CHUNK = 400
_OBLAST_WORDS = re.compile(r"\b(?:oblast|region|province|obl\.?|область|області|области|обл\.?)\s*$", re.IGNORECASE)

Position = tuple[float, float, bool]  # lat, lon, approximate


@dataclass(frozen=True)
class _Area:
    kind: str  # "place" or "oblast"
    oblast: str | None
    centre: Settlement | None
    lat: float
    lon: float
    extent: tuple[float, float, float, float]  # south, west, north, east


class ControlMapBuilder:
    """Build ControlMaps from the stored claims and the gazetteer (the engine's read side)."""

    def __init__(
        self,
        store: Store,
        gazetteer: Callable[[], Gazetteer],
        visible: Callable[[], Collection[str]],
        radius_km: float = PLACE_RADIUS_KM,
    ) -> None:
        """
        Args:
            store: the claims and articles.
            gazetteer: returns the gazetteer (loaded on first use).
            visible: returns the ids of the articles the served index covers
                (a rolled-back batch is invisible to maps as to answers).
            radius_km: how far around a place its map reaches.

        Raises:
            ValueError: a radius outside 2–300 km.
        """
        if not 2.0 <= radius_km <= 300.0:
            raise ValueError("radius_km must be between 2 and 300")
        self.store = store
        self._gazetteer = gazetteer
        self.visible = visible
        self.radius_km = radius_km
        self._lock = threading.Lock()
        self._candidates: dict[str, tuple[Settlement, ...]] = {}
        self._oblast_index: dict[str, dict[tuple[str | None, str | None], Settlement]] = {}

    # -- the one public method ----------------------------------------------------------

    def build(self, area: str, as_of: date | None = None, lang: str = "en", today: date | None = None) -> ControlMap:
        """Return the map of an oblast or of the settlements around a place.

        Args:
            area: "Kharkiv oblast", "Харківська область", "Rubizhne",
                "Rubizhne, Kharkiv oblast" (a name several places share is
                narrowed by its oblast).
            as_of: the day the map shows; claims dated after it are left out.
                None: today, with undated claims counted (as answers count them).
            lang: "en", "uk" or "ru" for names and words.
            today: the date for the title when `as_of` is None.

        Raises:
            UnknownPlace: the area is neither a known settlement nor an oblast.
            NothingToMap: no stored claim mentions a settlement there (up to that day).
        """
        gz = self._gazetteer()
        where = self._area(gz, area)
        claims = self._claims_in(gz, where)
        day = as_of or today or date.today()
        if not claims:
            raise NothingToMap(_nothing_text(where, self._title(where, "en")))
        by_place: dict[str, list[Claim]] = defaultdict(list)
        settlements: dict[str, Settlement] = {}
        for c, s in claims:
            by_place[s.id].append(c)
            settlements[s.id] = s
        numbers: dict[str, int] = {}
        rows = []
        for sid, group in by_place.items():
            said = _up_to(group, as_of)
            if not said:
                continue  # every claim about it is dated after the day
            # The engine's own rule, over all the place's claims (it reads the window itself).
            holder = holder_from_claims(group, as_of)
            deciding = window(group, as_of) or said
            newest = max((c.claim_date for c in deciding if c.claim_date), default=None)
            rows.append((settlements[sid], deciding, holder, newest))
        if not rows:
            first = min((c.claim_date for c, _ in claims if c.claim_date), default=None)
            raise NothingToMap(
                f"the stored claims about {self._title(where, 'en')} begin on "
                f"{first.isoformat() if first else 'an unknown date'}; ask for a later date"
            )
        focus_id = where.centre.id if where.centre else None
        rows.sort(key=lambda r: (r[0].id != focus_id, -(r[3] or date.min).toordinal(), -len(r[1]), r[0].name_en))
        marks = []
        for s, group, holder, newest in rows:
            ordered = sorted(group, key=lambda c: -(c.claim_date or date.min).toordinal())
            ns = tuple(sorted({numbers.setdefault(c.article_id, len(numbers) + 1) for c in ordered}))
            pos = self._position(gz, s)
            marks.append(
                MapMark(
                    key=s.id, name=_name(s, lang), lat=pos[0] if pos else None, lon=pos[1] if pos else None,
                    holder=holder, newest=newest, sources=ns, claims=len(group),
                    approximate=bool(pos and pos[2]), focus=s.id == focus_id,
                )
            )
        articles = {aid: self.store.article(aid) for aid in numbers}
        sources = tuple(_source(n, aid, articles.get(aid)) for aid, n in sorted(numbers.items(), key=lambda i: i[1]))
        return ControlMap(
            area=self._title(where, lang), kind=where.kind, as_of=day, lang=lang,  # type: ignore[arg-type]
            marks=tuple(marks), sources=sources, extent=where.extent,
        )

    # -- the area -------------------------------------------------------------------------

    def _area(self, gz: Gazetteer, text: str) -> _Area:
        name = " ".join(text.split())
        if not any(ch.isalpha() for ch in name) or len(name) > 120:
            raise UnknownPlace("name a settlement or an oblast, e.g. “Kharkiv oblast” or “Izium”")
        place, _, within = (p.strip() for p in name.partition(","))
        oblast = gz.oblast_of(name) if not within else None
        if oblast is None and _OBLAST_WORDS.search(name) and not within:
            raise UnknownPlace(f"{name!r} is not an oblast of Ukraine or of Russia's border regions")
        if oblast is not None:
            points = [(s.lat, s.lon) for s in gz.in_oblast(oblast) if s.lat is not None and s.lon is not None]
            if not points:
                raise UnknownPlace(f"the gazetteer has no coordinates for {oblast} oblast")
            lats = [p[0] for p in points]
            lons = [p[1] for p in points]
            extent = (min(lats), min(lons), max(lats), max(lons))  # type: ignore[type-var]
            return _Area("oblast", oblast, None, (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2, extent)
        # Read as a question's place is (question_places.place_named): case endings,
        # typos, and a shared name the words beside it decide ("Rubizhne near Kreminna").
        asked = place_named(place)
        candidates = list(asked.candidates[:1] if asked and asked.decided else asked.candidates if asked else ())
        if within:
            in_oblast = gz.oblast_of(within) or gz.oblast_of(f"{within} oblast")
            if in_oblast is None:
                raise UnknownPlace(f"{within!r} is not an oblast; write e.g. “Rubizhne, Kharkiv oblast”")
            candidates = [s for s in candidates if s.oblast == in_oblast]
        if not candidates:
            raise UnknownPlace(f"{place!r} is not a settlement or an oblast the gazetteer knows")
        centre = self._choose_centre(gz, candidates)
        pos = self._position(gz, centre)
        if pos is None:
            raise NothingToMap(
                f"the gazetteer has no coordinates for {centre.detail}; try its oblast: “{centre.oblast} oblast”"
            )
        lat, lon = pos[0], pos[1]
        dlat = self.radius_km / 111.2
        dlon = self.radius_km / (111.2 * max(math.cos(math.radians(lat)), 0.2))
        return _Area("place", centre.oblast, centre, lat, lon, (lat - dlat, lon - dlon, lat + dlat, lon + dlon))

    def _choose_centre(self, gz: Gazetteer, candidates: Sequence[Settlement]) -> Settlement:
        """Of several settlements with one name, the one the stored claims are about most."""
        if len(candidates) == 1:
            return candidates[0]
        keys = {k for k, _ in self._claimed()}
        counts: Counter[str] = Counter()
        names = {c.name_en for c in candidates}
        for name in names:
            from index.places import place_key

            key = place_key(name)
            if key not in keys:
                continue
            for claim, s in self._resolve(gz, self._read([key])):
                counts[s.id] += 1
        best = max(candidates, key=lambda s: counts[s.id])
        return best if counts[best.id] else candidates[0]

    # -- claims and the settlements they are about ---------------------------------------

    def _claimed(self) -> list[tuple[str, str]]:
        return self.store.claimed_places()

    def _candidates_of(self, gz: Gazetteer, spelling: str) -> tuple[Settlement, ...]:
        with self._lock:
            hit = self._candidates.get(spelling)
        if hit is None:
            hit = tuple(gz.lookup(spelling))
            with self._lock:
                self._candidates[spelling] = hit
        return hit

    def _read(self, keys: Sequence[str]) -> list[Claim]:
        visible = set(self.visible())
        out: list[Claim] = []
        for i in range(0, len(keys), _CHUNK):
            out += [c for c in self.store.claims_about(list(keys[i : i + _CHUNK])) if c.article_id in visible]
        return out

    def _claims_in(self, gz: Gazetteer, where: _Area) -> list[tuple[Claim, Settlement]]:
        """Return the visible claims about settlements of the area, each with its settlement."""
        keys = []
        for key, spelling in self._claimed():
            if any(self._inside(gz, s, where) for s in self._candidates_of(gz, spelling)):
                keys.append(key)
        if not keys:
            return []
        return [(c, s) for c, s in self._resolve(gz, self._read(keys)) if self._inside(gz, s, where)]

    def _resolve(self, gz: Gazetteer, claims: Sequence[Claim]) -> list[tuple[Claim, Settlement]]:
        """Tie each claim to the settlement it was read as when it was extracted (`Claim.place_id`).

        The answers use the same id (see index.question_places.settlement_for:
        a shared name read from its sentence, then its article). A claim whose
        text does not tell which of several places of its name it means has
        no id and is left off the map rather than drawn at a guess.
        """
        out: list[tuple[Claim, Settlement]] = []
        for c in claims:
            s = gz.by_id(c.place_id) if c.place_id else None
            if s is not None and s.kind != "oblast":
                out.append((c, s))
        return out

    def _inside(self, gz: Gazetteer, s: Settlement, where: _Area) -> bool:
        if where.kind == "oblast":
            return s.oblast == where.oblast
        pos = self._position(gz, s)
        return pos is not None and _km(pos[0], pos[1], where.lat, where.lon) <= self.radius_km

    # -- positions ----------------------------------------------------------------------

    def _position(self, gz: Gazetteer, s: Settlement) -> Position | None:
        """Its coordinates; else its hromada's centre, else its raion's (approximate); else None."""
        if s.lat is not None and s.lon is not None:
            return (s.lat, s.lon, False)
        index = self._centres(gz, s.oblast)
        for key in ((s.raion, s.hromada), (s.raion, None)):
            centre = index.get(key) if key != (None, None) else None
            if centre is not None and centre.lat is not None and centre.lon is not None:
                return (centre.lat, centre.lon, True)
        return None

    def _centres(self, gz: Gazetteer, oblast: str) -> dict[tuple[str | None, str | None], Settlement]:
        """The largest settlement with coordinates of each hromada and raion of an oblast."""
        with self._lock:
            hit = self._oblast_index.get(oblast)
        if hit is None:
            hit = {}
            for s in gz.in_oblast(oblast):  # largest first
                if s.lat is None or s.lon is None:
                    continue
                hit.setdefault((s.raion, s.hromada), s)
                hit.setdefault((s.raion, None), s)
            with self._lock:
                self._oblast_index[oblast] = hit
        return hit

    # -- words ------------------------------------------------------------------------------

    def _title(self, where: _Area, lang: str) -> str:
        if where.kind == "oblast" and where.oblast:
            return oblast_name(where.oblast, lang)
        assert where.centre is not None
        return f"{_name(where.centre, lang)}, {oblast_name(where.centre.oblast, lang)}"


def oblast_name(oblast: str, lang: str) -> str:
    """Return "Kharkiv oblast", "Харківська область", "Харьковская область"."""
    if lang == "en":
        return word(lang, "oblast", name=oblast)
    adjectives = [v[1] for v in OBLASTS.values() if v[0] == oblast] + _OBLAST_ALIASES.get(oblast, "").split()
    if lang == "uk":
        found = next((a for a in adjectives if re.search(r"[сцз]ька$", a)), None)
    else:
        found = next((a for a in adjectives if re.search(r"[сцж]кая$", a)), None)
    return word(lang, "oblast", name=found) if found else word("en", "oblast", name=oblast)


def _name(s: Settlement, lang: str) -> str:
    if lang == "uk":
        return s.name_uk or s.name_en
    if lang == "ru":
        return s.name_ru or s.name_uk or s.name_en
    return s.name_en


def _source(n: int, article_id: str, article: Article | None) -> MapSource:
    if article is None:
        return MapSource(n=n, article_id=article_id, source=None, title=None, url=None, published=None)
    return MapSource(
        n=n, article_id=article.id, source=article.source, title=article.title, url=article.url,
        published=article.published,
    )


def _up_to(claims: Sequence[Claim], as_of: date | None) -> list[Claim]:
    """The claims said by the day: dated up to it, or undated where none is dated."""
    if as_of is None:
        return list(claims)
    dated = [c for c in claims if c.claim_date is not None and c.claim_date <= as_of]
    if dated or any(c.claim_date is not None for c in claims):
        return dated
    return list(claims)


def _nothing_text(where: _Area, title: str) -> str:
    around = "in" if where.kind == "oblast" else "within the map's reach of"
    return f"no stored claim mentions a settlement {around} {title}"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))

