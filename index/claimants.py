"""Claimants: who a sentence says speaks, which party they speak for, and what kind of source they are.

One classifier for the whole engine. A sentence's speaker is found by the
speech verb or attribution cue next to a named party ("according to the
General Staff", "…, Russia's defence ministry said", "This was reported by
X" in the next sentence, "It added" after an earlier one); `claimant_side`
tells which belligerent a claimant speaks for; `alignment` extends that to
outlets and bloggers, so that a claim is never counted as confirmed by the
party that made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from index import claim_languages as langs
from index.models import Article, ClaimantKind, Side


@dataclass(frozen=True)
class _Who:
    pattern: re.Pattern[str]
    kind: ClaimantKind
    side: Side | None
    specific: bool = True
    # The name to print, in the nominative, when the text's words are inflected ("несколько российских военкоров").
    label: str | None = None


def _w(
    pattern: str, kind: ClaimantKind, side: Side | None, specific: bool = True, flags: int = 0, label: str | None = None
) -> _Who:
    return _Who(re.compile(pattern, flags), kind, side, specific, label)


_I = re.IGNORECASE
_SAYS = (
    r"(?:\s+(?:has|had|have|is|are|was|were|to|also|initially|not|yet|already|\w+ly|on\s+\w+|"
    r"reacted\s+with\s+caution\S*))*\s+"
    r"(?:said|says|claimed|claims|claim|announced|announces|reported|reports|reporting|signalled|signaled|stated|confirmed|"
    r"denied|denies|rejected|rejects|refuted|refutes|disputed|disputes|declared|declares|reacted|acknowledged|admitted|insisted)\b"
)
# Earlier entries win where two overlap. German, French, Spanish and Italian ones: index/claim_languages.py.
_CLAIMANTS: tuple[_Who, ...] = (
    _w(r"@\w+", "osint", None),
    _w(r"\bDeep\s?State(?:Map)?\b|\bdeepstatemap\w*|ДіпСтейт\w*|ДипСтейт\w*|Deep\s+State\b", "osint", None),
    _w(r"\b(?:Russian\s+|pro-Russian\s+|pro-Kremlin\s+)?(?:war\s+channel|[\"“]?warlords[\"”]?|milbloggers?|(?:military|war)\s+bloggers?)(?:\s+[\"“][^\"”]{1,30}[\"”])?", "belligerent_blogger", None, True, _I),
    # "несколько российских военкоров": Russia's war correspondents and bloggers, not its officials.
    _w(r"(?:(?:несколько|ряд)\s+)?(?:(?:российск|провоенн|пророссийск)\w*\s+)?(?:военкор\w*|(?:военн|Z-)\w*\s+блогер\w*|Z-блогер\w*)", "belligerent_blogger", None, True, _I, "российские военкоры"),
    _w(r"(?:(?:деякі|кілька)\s+)?(?:(?:російськ|проросійськ)\w*\s+)?(?:воєнкор\w*|військов\w*\s+блогер\w*)", "belligerent_blogger", None, True, _I, "російські воєнкори"),
    _w(r"\b(?:Twitter|Telegram|X)\s+(?:military\s+)?(?:account|channel|observer)\b|\bmapping\s+account\b|\bmilitary\s+observer\b|\bopen[- ]source\s+(?:analysts?|intelligence|researchers?)\b|\bOSINT\b|\banalytical\s+project\b", "osint", None, False, _I),
    _w(r"\bInstitute\s+for\s+the\s+Study\s+of\s+War\b|\bISW\b", "think_tank", None),
    # Another country's defence ministry, intelligence or officials: not a party to the war.
    _w(r"\b(?:the\s+)?(?:senior\s+)?(?:British|UK|U\.K\.|United\s+Kingdom['’]s|US|U\.S\.|American|German|French|Polish|Estonian|Lithuanian|Finnish)\s+(?:Ministry\s+of\s+Defen[cs]e|Defen[cs]e\s+Ministry|MoD|(?:military\s+|defen[cs]e\s+)?intelligence|(?:senior\s+)?(?:defen[cs]e\s+)?officials?|government|Foreign\s+Office|State\s+Department)\b|\bDefen[cs]e\s+Intelligence\b|\bPentagon\b|\bWhite\s+House\b", "foreign_government", None, True, _I),
    _w(r"\bthink[- ]tank\b|\b(?:military\s+)?analysts?(?-i:\s+[A-Z]\w+\s+[A-Z]\w+)?\b", "think_tank", None, True, _I),
    _w(r"\bthe\s+Institute\b|\bthe\s+think\s+tank\b", "think_tank", None, False),
    _w(r"\bRIA\s+FAN\b|\bRIA\s+Novosti\b|\bRIA\b|\bTASS\b|\bInterfax\b|\bRT\b|\bSputnik\b|\bZvezda\b|РИА(?:\s+Новости|\s+ФАН)?|ТАСС|Интерфакс", "belligerent_state_media", "Russia"),
    _w(r"\bRussian\s+state(?:-controlled)?\s+(?:media|news\s+agency|TV|television)\b|\bstate\s+media\b", "belligerent_state_media", "Russia", False, _I),
    _w(r"\bUkrinform\b|Укрінформ\w*", "belligerent_state_media", "Ukraine"),
    _w(r"\bRussian\s+General\s+Staff\b|\bRussia['’]s\s+General\s+Staff\b", "belligerent_official", "Russia"),
    _w(r"\b(?:Ukrain(?:e|ian)(?:['’]s)?\s+)?(?:Chief\s+of\s+(?:the\s+)?General\s+Staff|Commander-in-Chief)(?:\s+(?:Oleksandr\s+)?Syrsk(?:yi|iy|y))?", "belligerent_official", "Ukraine"),
    _w(r"\bGeneral\s+Staff(?:\s+of\s+(?:the\s+)?(?:Armed\s+Forces\s+of\s+)?Ukraine|\s+of\s+the\s+Ukrainian\s+Armed\s+Forces|\s+of\s+the\s+Armed\s+Forces\s+of\s+Ukraine)?\b|\bUkrainian\s+General\s+Staff\b", "belligerent_official", "Ukraine"),
    _w(r"\b(?:Ukrain(?:e|ian)(?:['’]s)?|Kyiv['’]s)\s+(?:(?:Chief\s+of\s+General\s+Staff|Armed\s+Forces|armed\s+forces|military\s+officials|military\s+chief|army\s+chief|military|army|Army|Defen[cs]e\s+Ministry|defen[cs]e\s+ministry|Ministry\s+of\s+Defen[cs]e|[Dd]eputy\s+[Dd]efen[cs]e\s+[Mm]inister|[Dd]efen[cs]e\s+[Mm]inister|command|president|officials?|authorities|government|forces|Khortytsia\s+(?:ground\s+forces\s+formation|group\s+of\s+troops))\b)(?:\s+(?:Oleksandr\s+)?Syrsk(?:yi|y|iy))?", "belligerent_official", "Ukraine"),
    _w(r"\b(?:Armed|Defen[cs]e)\s+Forces\s+of\s+Ukraine\b|\bUkrainian\s+Ministry\s+of\s+Defen[cs]e\b|\bthe\s+Ukrainian\s+(?:[Cc]ommand|[Mm]ilitary|[Aa]rmy)\b", "belligerent_official", "Ukraine"),
    _w(r"\b(?:President\s+)?(?:Volodymyr\s+)?Zelensk(?:yy|iy|yi|y)\b|\b(?:Commander-in-Chief\s+)?(?:Oleksandr\s+)?Syrsk(?:yi|iy|y)\b|\b(?:General\s+)?(?:Oleksandr\s+)?Tarnavsk(?:yi|y)\b|\b(?:Ukraine['’]s\s+)?Khortytsia\b[\w\s-]{0,40}?(?:troops|formation|grouping)?|\b(?:Oleh\s+)?(?:Sinegubov|Syniehubov|Synehubov)\b|\b(?:Serhiy\s+|Sergey\s+|Sehiy\s+)?(?:Gaidai|Haidai)\b|\b(?:Mayor\s+)?(?:Oleksandr\s+)?Stryuk\b|\b(?:Vadym\s+)?Filashkin\b|\bMariana\s+Bezuhla\b|\bOleksandr\s+Tertyshnyi\b|\b(?:Deputy\s+Defen[cs]e\s+Minister\s+)?(?:Hanna\s+|Ganna\s+|Anna\s+)?Mal(?:iar|yar|jar)\b", "belligerent_official", "Ukraine"),
    _w(r"\b(?:Russia|Russian)(?:['’]s)?\s+(?:defen[cs]e\s+ministry|Defen[cs]e\s+Ministry|Ministry\s+of\s+Defen[cs]e|Defen[cs]e\s+Minister|defen[cs]e\s+minister|military|army|officials?|authorities|government|command)\b", "belligerent_official", "Russia", True, _I),
    _w(r"\bRussian\s+(?:forces|troops)(?=\s+(?:said|say|says|claimed|claim|claims|reported|announced))", "belligerent_official", "Russia", True, _I),
    _w(r"\bUkrainian\s+(?:forces|troops)(?=\s+(?:said|say|says|claimed|claim|claims|reported|announced))", "belligerent_official", "Ukraine", True, _I),
    _w(r"\b(?:Kremlin|Dmitry\s+Peskov|Peskov|Vladimir\s+Putin|Putin|Sergei\s+Shoigu|Shoigu|Igor\s+Konashenkov|Konashenkov|Sergei\s+Surovikin|Surovikin|Ramzan\s+Kadyrov|Kadyrov|Denis\s+Pushilin|Pushilin|Leonid\s+Pasechnik|Pasechnik|Vladimir\s+Saldo|Saldo|Balitsky|Stremousov|Gerasimov)\b", "belligerent_official", "Russia"),
    _w(r"\bpro-Russian\s+(?:separatists|rebels|officials|authorities)\b|\bRussian-installed\s+[\w\s]{0,30}?(?:officials?|authorities|governor|head|leader)\b|\bseparatists\b", "belligerent_official", "Russia", True, _I),
    _w(r"\b(?:the\s+)?(?:(?:regional|oblast|province['’]s|[A-Z]\w+(?:['’]s)?(?:\s+(?:region|Oblast|oblast))?)\s+)?(?:[Gg]overnor|[Mm]ayor)\b(?:\s+of\s+(?:the\s+)?[A-Z]\w+(?:\s+(?:region|oblast|Oblast))?)?(?:\s+(?:[A-Z]\w+\s+)?[A-Z]\w+(?=\s+(?:said|says|told|wrote|confirmed|reported)))?|\bits\s+mayor\b|\b(?:the\s+)?(?:eastern\s+)?Ukrainian\s+city['’]s\s+mayor\b", "belligerent_official", "Ukraine"),
    _w(r"\bhead\s+of\s+the\s+[\w\s]{0,60}?(?:[Aa]dministration|[Cc]ouncil)\b|\b(?:local|village|city|regional|hromada|settlement)\s+council\b|\b[A-Z]\w+\s+village\s+council\b|\bmilitary\s+administration\b|\b(?:the\s+)?(?:higher|high)\s+command\b|\bUkrainian\s+(?:officials|authorities)\b", "belligerent_official", "Ukraine"),
    _w(r"Генеральн\w+\s+штаб\w*|Генштаб\w*|Міноборони(?:\s+України)?|Міністерств\w+\s+оборони\s+України|Министерств\w+\s+обороны\s+Украины|[А-ЯІЇЄҐ]\w+\s+(?:селищн\w+\s+рад\w*|територіальн\w+\s+громад\w*|громад\w*)|селищн\w+\s+рад\w*|сільрад\w*|(?:[Гг]олова|[Оо]чільник\w*)(?:\s+[\w-]+){0,5}?\s+(?:адміністрації|ОВА)(?:\s+[А-ЯІЇЄҐ]\w+\s+[А-ЯІЇЄҐ]\w+)?|(?:Олег\s+)?Синєгубов\w*|Гайда\w*|Зеленськ\w+|Сирськ\w+|ЗСУ|ВСУ|Маляр\w*|Збройн\w+\s+сил\w*\s+України|(?:Україна|Украина)(?=(?:\s+\S+){0,3}?\s+(?:признала|визнала|заявила|сообщила|повідомила))", "belligerent_official", "Ukraine"),
    _w(r"Минобороны(?:\s+РФ|\s+России)?|Министерств\w+\s+обороны\s+(?:РФ|России|Российской\s+Федерации)|МО\s+РФ|Міноборони\s+(?:РФ|Росії)|Кремл\w+|Шойгу|Конашенков\w*|Песков\w*|Путин\w*|Путін\w*|Кадыров\w*|Кадиров\w*|ведомств\w+|[Оо]к{1,2}упант\w*(?=\s+(?:заяви|повідоми|сообщи|утвержда|стверджу)\w*)", "belligerent_official", "Russia"),
    _w(r"\b(?:the\s+)?defen[cs]e\s+ministry(?:\s+spokesman)?\b|\b(?:a\s+)?senior\s+defen[cs]e\s+ministry\s+official\b|\bthe\s+ministry\b", "belligerent_official", None, True, _I),
    # A country speaks only as the subject of a speech verb: "Ukraine said".
    _w(r"\b(?:Ukraine|Kyiv|Kiev)(?=" + _SAYS + r")", "belligerent_official", "Ukraine", True),
    _w(r"\b(?:Moscow|Russia|(?:the\s+)?Russian\s+Federation)(?=" + _SAYS + r")", "belligerent_official", "Russia", True),
    _w(r"«?Страна\.ua»?|\bСМИ\b|\bUkrainska\s+Pravda\b|Українська\s+правда|\bReuters\b|\bAFP\b|\bBBC\b|\bCNN\b|\bKyiv\s+Independent\b|\bCensor\.NET\b|\bNewsweek\b|\bAP\b|\bUkrainian\s+(?:TV|television)\b", "independent_media", None),
)
_FOREIGN_CLAIMANTS: tuple[_Who, ...] = tuple(
    _w(p, kind, side, specific, _I) for p, kind, side, specific in langs.CLAIMANTS
)
_SPEECH = re.compile(
    r"\b(?:said|says|say|saying|reported|reports|report|reporting|claimed|claims|claim|claiming|stated|states|"
    r"announced|announces|announcing|declared|declares|declaring|told|tells|wrote|writes|posted|posts|"
    r"confirmed|confirms|confirming|noted|"
    r"notes|added|adds|covered|covers|cited|estimated|estimates|assessed|assesses|suggested|suggests|"
    r"showed|shows|published|signalled|signaled|acknowledged|admitted|insisted|explained|informs|reads|"
    r"rejected|denied|dismissed|mentioned|confirm|deny|denies|"
    r"повідоми\w*|повідомля\w*|заяви\w*|пише|написа\w*|зазначи\w*|зазнача\w*|підтверди\w*|сказа\w*|"
    r"сообщи\w*|сообща\w*|пишет|уточня\w*|подтверди\w*|говорится|йдеться|передає|передает|інформує|"
    r"информирует|признал\w*|визнал\w*|доложил\w*|доповів|доповіла|доповіли|начали\s+показывать)\b",
    re.IGNORECASE,
)
# German, French, Spanish and Italian speech verbs, read in sentences of those languages.
_SPEECH_ALL = re.compile(_SPEECH.pattern[:-3] + "|" + langs.SPEECH + r")\b", re.IGNORECASE)
_ATTRIBUTION_CUE = re.compile(
    r"\b(?:according\s+to|per|as\s+reported\s+by|reported\s+by|cited\s+by|citing|quoted\s+by)\s|"
    r"\b(?:згідно\s+(?:з|із|зі)|согласно|за\s+(?:даними|словами|інформацією)|по\s+(?:данным|информации|словам)|со\s+ссылкой\s+на|"
    r"як\s+повідомили\s+(?:в|у)|повідомили\s+(?:в|у)|сообщили\s+в|передає|передает)\s|^(?:Source|Джерело|Источник):\s",
    re.IGNORECASE,
)
_FOREIGN_ATTRIBUTION_CUE = re.compile(r"\b(?:" + langs.ATTRIBUTION_CUES + r")\s", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[\s,“\"])(?:It|He|She|They|it|he|she|they|the\s+statement|The\s+statement|the\s+unit|The\s+unit|"
    r"the\s+command|The\s+command|the\s+military|The\s+military|the\s+account|the\s+Twitter\s+account|"
    r"the\s+Institute|The\s+Institute|the\s+ministry|The\s+ministry|[Tt]he\s+channel|[Tt]he\s+agency|"
    r"[Tt]he\s+council|[Tt]he\s+governor|[Tt]he\s+mayor|[Tt]he\s+General\s+Staff|" + langs.PRONOUNS
    + r")\s*$|^\s*(?:говорится|йдеться)"
)
BACK_REFERENCE = re.compile(
    r"^(?:This|That|It)\s+was\s+(?:reported|stated|announced|said|confirmed|written)\s+(?:by|in|on)\b|"
    r"\breported\s+(?:about\s+)?(?:it|this)\b|^(?:Source|Джерело|Источник):|^Про\s+це\b|^Об\s+этом\b|"
    r"^Новину\b|^Інформацію\b|^Информацию\b|" + langs.BACK_REFERENCE,
    re.IGNORECASE,
)
_COLON_ATTRIBUTION = re.compile(r"^\s*(?P<who>[^\W\d][^:.!?\n]{1,40}?)\s*:\s+(?=\S)")
_DASH_ATTRIBUTION = re.compile(r",\s*[-–—]\s*([A-ZА-ЯІЇЄҐ][\w’'-]+)\.?\s*(?:VIDEO|PHOTO|ФОТО|ВІДЕО)?\s*$")
OPEN_QUOTE = re.compile(r"^\s*[“\"«„]")
_CUE_PRONOUN = re.compile(r"\s*" + langs.PRONOUNS_AFTER_CUE + r"\b", re.IGNORECASE)


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    name: str
    kind: ClaimantKind
    side: Side | None
    specific: bool


def _clean_name(text: str) -> str:
    name = re.sub(r"\s+", " ", text).strip(" ,")
    for opening, closing in (("\"", "\""), ("«", "»"), ("“", "”")):
        # Strip a quote mark left unpaired by the match, keep a quoted name whole.
        pairs = name.count(opening) + name.count(closing) if opening != closing else name.count(opening)
        if pairs % 2 == 1:
            name = name.strip(opening + closing)
    name = re.sub(r"^(?:the|a|an|its)\s+", "", name, flags=re.IGNORECASE)
    return re.sub(r"['’]s$", "", name)


def entities(text: str) -> list[Entity]:
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for who in (_FOREIGN_CLAIMANTS + _CLAIMANTS) if langs.languages_of(text) else _CLAIMANTS:
        for m in who.pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            name = who.label or _clean_name(m.group())
            found.append(Entity(m.start(), m.end(), name, who.kind, who.side, who.specific))
    found.sort(key=lambda e: e.start)
    # "Luhansk Governor" + "Serhiy Gaidai", "Russian Defense Minister" + "Sergei
    # Shoigu": one speaker, named by title and name.
    merged: list[Entity] = []
    for e in found:
        if merged and e.start - merged[-1].end <= 1 and re.fullmatch(r"\s?", text[merged[-1].end : e.start]):
            prev = merged[-1]
            lead = prev if prev.side or prev.kind != "belligerent_official" else e
            name = _clean_name(text[prev.start : e.end])
            if prev.specific != e.specific:  # "state news agency RIA FAN": the name says it
                name = prev.name if prev.specific else e.name
            merged[-1] = Entity(prev.start, e.end, name, lead.kind, prev.side or e.side, prev.specific or e.specific)
        else:
            merged.append(e)
    return merged


def claimant_side(claimant: str | None) -> Side | None:
    """Return the belligerent a claimant speaks for, when it is one.

    Args:
        claimant: a claim's claimant as extracted ("Ukrainian Armed Forces",
            "RIA FAN", "the governor of Luhansk region", "@War_Mapper").

    Returns:
        "Ukraine" or "Russia" for a party to the war (its officials, military
        and state media), None for everyone else or an unknown claimant.
    """
    if not claimant:
        return None
    for who in _FOREIGN_CLAIMANTS + _CLAIMANTS:
        m = who.pattern.search(claimant)
        if m and who.kind in ("belligerent_official", "belligerent_state_media"):
            return who.side
    return None


@dataclass(frozen=True)
class Attribution:
    entity: Entity
    anchor: int  # position of the speech verb or cue
    cue_end: int
    mode: Literal["both", "pre", "post"]


@dataclass
class ArticleState:
    """What earlier sentences of the article tell later ones."""

    article: Article
    last_claimant: Entity | None = None
    last_by_kind: dict[str, Entity] = field(default_factory=dict)
    place_names: list[tuple[str, str]] = field(default_factory=list)  # (name as written, key)

    def remember_claimant(self, entity: Entity) -> None:
        if entity.specific:
            self.last_by_kind[entity.kind] = entity
            # An outlet relays what others said: "he said" after it means them.
            if entity.kind != "independent_media":
                self.last_claimant = entity

    def resolve_generic(self, entity: Entity) -> Entity:
        if entity.specific:
            return entity
        return self.last_by_kind.get(entity.kind) or entity


def attributions(text: str, state: ArticleState) -> list[Attribution]:
    ents = entities(text)
    found: list[Attribution] = []
    cues = [*_ATTRIBUTION_CUE.finditer(text), *(_FOREIGN_ATTRIBUTION_CUE.finditer(text) if langs.languages_of(text) else ())]
    for cue in cues:
        after = [e for e in ents if cue.end() - 1 <= e.start <= cue.end() + 12]
        if after:
            found.append(Attribution(state.resolve_generic(after[0]), cue.start(), cue.end(), "both"))
        elif state.last_claimant and _CUE_PRONOUN.match(text, cue.end()):
            # "Según él", "selon lui": the speaker of the sentences before.
            found.append(Attribution(state.last_claimant, cue.start(), cue.end(), "both"))
    prev_end = 0
    for verb in (_SPEECH_ALL if langs.languages_of(text) else _SPEECH).finditer(text):
        span_ents = [e for e in ents if prev_end <= e.start and e.end <= verb.start()]
        chosen: Entity | None = None
        specific = [e for e in span_ents if e.specific]
        if specific:
            chosen = specific[-1]
        elif span_ents:
            chosen = state.resolve_generic(span_ents[-1])
        elif verb.group().lower() in ("говорится", "йдеться") or _PRONOUN_SUBJECT.search(
            text[max(prev_end, verb.start() - 40) : verb.start()]
        ):
            chosen = state.last_claimant
        between = text[prev_end : verb.start()]
        # "…,” said X" / "…, сообщило Минобороны РФ": the speaker right after the verb.
        later = [
            e
            for e in ents
            if verb.end() <= e.start <= verb.end() + 40
            and re.fullmatch(r"\s*(?:(?!(?:to|for|of|that|with|що|что)\b)\S+\s+){0,2}", text[verb.end() : e.start])
        ]
        inverted = bool(re.search(r"[,”\"»]\s*$", between)) and not between.strip().startswith("@")
        if later and (inverted or chosen is None):
            found.append(Attribution(state.resolve_generic(later[0]), verb.start(), verb.end(), "post"))
        elif chosen is not None:
            found.append(Attribution(chosen, verb.start(), verb.end(), "pre"))
        prev_end = verb.end()
    # "Генштаб: Нова Каховка поки що не звільнена", "Минобороны: …": a headline's speaker before a colon.
    colon = _COLON_ATTRIBUTION.match(text)
    if colon:
        mark = text.index(":", colon.end("who"))  # the cue is the colon itself
        speaker = [e for e in ents if e.end <= colon.end("who")]
        if speaker:
            found.append(Attribution(state.resolve_generic(speaker[-1]), mark, mark + 1, "pre"))
        elif claimant_side(colon.group("who")):
            name = colon.group("who")
            found.append(Attribution(
                Entity(colon.start("who"), colon.end("who"), name, "belligerent_official", claimant_side(name), True),
                mark, mark + 1, "pre",
            ))
    dash = _DASH_ATTRIBUTION.search(text)
    if dash:
        name = dash.group(1)
        side = claimant_side(name)
        kind: ClaimantKind = "belligerent_official" if side else "independent_media"
        found.append(Attribution(Entity(dash.start(1), dash.end(1), name, kind, side, True), dash.start(), dash.end(), "post"))
    return found


# ---------------------------------------------------------------------------
# Alignment: the party behind a claim, outlets and bloggers included

# Outlets that speak for a belligerent in their own voice: state media of either
# side, abroad too (RT, Sputnik, the "Pravda" network), and every outlet under
# Russian or Belarusian country codes: since March 2022 Russian law punishes
# reporting on the war that departs from the defence ministry's, so such an
# outlet cannot confirm a Russian claim independently. Ukrainian outlets report
# their own side's losses (DeepState, Ukrainska Pravda) and count as
# independent, but for the state's own agencies.
_ALIGNED_OUTLETS: dict[str, Side] = {
    "rt.com": "Russia", "sputniknews.com": "Russia", "sarabic.ae": "Russia", "news-pravda.com": "Russia",
    "tsargrad.tv": "Russia", "voennoedelo.com": "Russia", "ukrinform.ua": "Ukraine", "ukrinform.net": "Ukraine", "ukrinform.de": "Ukraine",
    "armyinform.com.ua": "Ukraine", "mil.gov.ua": "Ukraine", "mod.gov.ua": "Ukraine",
}
_COUNTRY_CODES: dict[str, Side] = {"ru": "Russia", "by": "Russia", "su": "Russia", "рф": "Russia"}
_COUNTRY_SPEAKERS: tuple[tuple[re.Pattern[str], Side], ...] = (
    (re.compile(r"\b(?:Ukrain\w*|Kyiv|Kiev)\b|Україн\w*|Украин\w*|Київ\w*|Киев\w*", re.IGNORECASE), "Ukraine"),
    (re.compile(r"\b(?:Russia\w*|Moscow|Kremlin)\b|Росі\w*|Росси\w*|Москв\w*|Кремл\w*", re.IGNORECASE), "Russia"),
)
_BLOGGER_SIDE: tuple[tuple[re.Pattern[str], Side], ...] = (
    (re.compile(r"\b(?:Russian|pro-Russian|pro-Kremlin)\b|российск|російськ|пророс|провоенн|Z-", re.IGNORECASE), "Russia"),
    (re.compile(r"\bUkrainian\b|украинск|українськ", re.IGNORECASE), "Ukraine"),
) + tuple((re.compile(p, re.IGNORECASE), side) for p, side in langs.BLOGGER_SIDES)


def outlet_side(outlet: str | None) -> Side | None:
    """Return the belligerent an outlet's domain belongs to (".ru", ".ua", known state outlets), if any."""
    if not outlet or " " in outlet.strip():
        return None
    domain = outlet.strip().lower().rstrip(".")
    for known, side in _ALIGNED_OUTLETS.items():
        if domain == known or domain.endswith("." + known):
            return side
    return _COUNTRY_CODES.get(domain.rsplit(".", 1)[-1]) if "." in domain else None


def alignment(claimant: str | None, kind: ClaimantKind) -> Side | None:
    """Return the party a claim speaks for: a belligerent's officials and media, its bloggers, its outlets.

    Args:
        claimant: as extracted ("Russian defence ministry", "Rybar", "tass.ru").
        kind: the claimant's kind.

    Returns:
        "Ukraine" or "Russia", or None for an independent party (a foreign
        outlet, a think tank, an open-source analyst of no stated side).
    """
    if not claimant:
        return None
    side = claimant_side(claimant)
    if side is not None:
        return side
    if kind in ("belligerent_official", "belligerent_state_media"):
        # "Ukraine", "Moscow", "the Kremlin" as the speaker; "the ministry": unknown side.
        for pattern, named in _COUNTRY_SPEAKERS:
            if pattern.search(claimant):
                return named
        return None
    if kind in ("osint", "belligerent_blogger"):
        for pattern, named in _BLOGGER_SIDE:
            if pattern.search(claimant):
                return named  # type: ignore[return-value]
        return None
    return outlet_side(claimant)
