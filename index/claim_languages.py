"""The words claims are read by in German, French, Spanish and Italian news.

`index/claims/` reads English, Ukrainian and Russian sentences with its own
tables; this module holds the same kinds of tables for four more languages, as
data, one table per rule, each keyed by language where the rule is per
language. index/claims/vocabulary.py, sides.py and claimants.py join them to their own tables; nothing
here reads a sentence but `languages_of` and `common_nouns`, which tell which
tables a sentence needs.

A sentence's language is told by its function words (`MARKERS`), not by the
article's `lang`: a German page quotes English tweets, an English page quotes
a French headline, and many pages come with no `lang` at all.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from index.models import ClaimantKind, Side

LANGUAGES = ("de", "fr", "es", "it")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _union(table: dict[str, frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*table.values())


# ---------------------------------------------------------------------------
# Which language a sentence is in

# Function words that English sentences do not use (or rarely: "die", "per" are left out).
MARKERS: dict[str, frozenset[str]] = {
    "de": _words(
        "der das und nicht ist sind wurde wurden dem des sich auf für zu im einer eine einen haben hat "
        "auch aus bei nach bereits zuvor mit über unter durch gegen seit werden wird worden dass vom zum zur "
        "ihre ihren sie es ein dabei jedoch weiterhin noch nun jetzt"
    ),
    "fr": _words(
        "le la les des du et est sont une dans sur pour avec qui que pas au aux ont été selon leur leurs "
        "ces cette aussi mais où ont avait avaient également toujours"
    ),
    "es": _words(
        "el la los las del y en que una por con para se fue han sobre está están según sus también pero "
        "ha había habían como lo al fueron"
    ),
    "it": _words(
        "il lo gli della delle dei degli nel nella nei che è sono una di per con hanno ha stato stata "
        "secondo anche ma dal dalla alla al sul sulla questo questa"
    ),
}
_ENGLISH = _words("the of and is was were are to has have had by with from that this which")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=512)
def languages_of(text: str) -> frozenset[str]:
    """Return the languages of this module a sentence is written in (none for English).

    Two distinct function words of a language (more than of English), or in a
    sentence with no English function word, the most of any language
    ("Gluschtschenkowo wurde bereits zuvor befreit").
    """
    words = {w.lower() for w in _WORD.findall(text)}
    english = len(words & _ENGLISH)
    hits = {lang: len(words & markers) for lang, markers in MARKERS.items()}
    most = max(hits.values())
    return frozenset(
        lang for lang, n in hits.items() if n >= 2 and n > english or n >= 1 and n == most and english == 0
    )


# ---------------------------------------------------------------------------
# Triggers: (pattern, action, effect, direction, default side, partial), as index/claims/vocabulary.py's `_t`.
# Participles and adjectives are matched whole: "befreiten", "libérée", "liberada", "liberata".

Effect = Literal["gain", "loss", "presence", "none", "dispute", "fall"]
Direction = Literal["right", "left", "both"]
_Row = tuple[str, str, Effect, Direction, Side | None, bool]

_DE_AUX = r"(?:wurde|wurden|ist|sind|war|waren|bleibt|bleiben|blieb|blieben)"
_DE_DONE = r"(?:befreit|eingenommen|erobert|besetzt|zurückerobert|eingekesselt)"
_FR_DONE = r"(?:libéré|pris|capturé|conquis|occupé|repris)(?:e|s|es)?"
_ES_DONE = r"(?:liberad|tomad|capturad|conquistad|ocupad|recuperad)[oa]s?"
_IT_DONE = r"(?:liberat|conquistat|occupat|catturat|pres|ripres)[oaie]"
_FR_LOST = r"(?:perdu|abandonné|évacué)(?:e|s|es)?"
_ES_LOST = r"(?:perdid|abandonad|evacuad)[oa]s?"
_IT_LOST = r"(?:pers|abbandonat|evacuat)[oaie]"

TRIGGERS: dict[str, tuple[_Row, ...]] = {
    "de": (
        # Denials and non-confirmations
        (r"\b(?:bestritt|bestritten|bestreitet|dementierte|dementiert|wies\s+(?:\S+\s+){0,3}?zurück)\b", "disputed", "dispute", "right", None, False),
        (r"\bnicht\s+bestätigt\b|\bbestätigte\s+(?:\S+\s+){0,3}?nicht\b", "did not confirm", "dispute", "right", None, False),
        # Who holds it (the place is the subject, or the verb comes last)
        (r"\bunter\s+(?:der\s+)?(?:vollständigen\s+|vollen\s+)?(?:(?P<side>russischer|ukrainischer)\s+)?Kontrolle\b", "under control", "presence", "left", None, False),
        (r"\b(?:in\s+)?(?P<side>russischer|ukrainischer)\s+Hand\b", "under control", "presence", "left", None, False),
        (r"\b" + _DE_AUX + r"\s+(?:\S+\s+){0,5}?(?:kontrolliert|gehalten|besetzt)\b", "under control", "presence", "left", None, False),
        # Passives and the verb at the end of its clause: "X wurde befreit", "dass sie X befreit haben"
        (r"\b" + _DE_AUX + r"\s+(?:\S+\s+){0,5}?" + _DE_DONE + r"(?:\s+worden)?\b", "captured", "gain", "left", None, False),
        (r"\b" + _DE_DONE + r"\s+(?:haben|hat|hatten|hatte)\b|\b" + _DE_DONE + r"(?=\s*(?:[.,;:!?]|$))", "captured", "gain", "left", None, False),
        (r"\b(?:verlassen|aufgegeben|geräumt)\s+(?:haben|hat|hatten|hatte|wurde|wurden)\b", "withdrew", "loss", "left", None, False),
        # Gains
        (r"\b(?:befreiten|befreite|befreien|befreit)\b(?!\s+(?:haben|hat|hatten|hatte|worden))", "liberated", "gain", "right", None, False),
        (r"\bBefreiung\s+(?:des|der|von)\b", "liberated", "gain", "right", None, False),
        (r"\b(?:Einnahme|Eroberung)\s+(?:des|der|von)\b", "captured", "gain", "right", None, False),
        (r"\b(?:eroberten|eroberte|erobern|erobert|nahmen|nahm)\b(?!\s+(?:haben|hat|hatten|hatte|worden))", "captured", "gain", "right", None, False),
        (r"\b(?:besetzten|besetzte)\b(?=\s+(?:das|die|den|der)\s)", "occupied", "gain", "right", None, False),
        (r"\b(?:eroberten|eroberte|holten|holte)\s+(?:\S+\s+){0,4}?zurück\b|\bRückeroberung\s+(?:des|der|von)\b", "retook", "gain", "right", None, False),
        (r"\bKontrolle\s+über\b", "controls", "presence", "right", None, False),
        (r"\b(?:kontrollieren|kontrolliert|kontrollierten|halten|hielten)\b(?!\s+(?:haben|hat|worden))", "controls", "presence", "right", None, False),
        # Losses
        (r"\b(?:verließen|verließ|verlassen|räumten|räumte)\b", "left", "loss", "right", None, False),
        (r"\b(?:zogen|zog|ziehen|zieht)\s+sich\s+(?:\S+\s+){0,3}?aus\b|\bRückzug\s+(?:\S+\s+){0,3}?aus\b", "withdrew", "loss", "right", None, False),
        (r"\b(?:verloren|verlor)\b", "lost", "loss", "right", None, False),
        # Not control
        (r"\b(?:drangen|drang|rückten|rückte|marschierten)\s+(?:\S+\s+){0,3}?in\b|\bEinmarsch\s+in\b", "entered", "none", "right", None, False),
        (r"\b(?:Kämpfe|Gefechte|Kampf|kämpfen|kämpften)\s+(?:um|bei|in\s+der\s+Nähe\s+(?:des|der|von)|nahe)\b", "fighting", "none", "right", None, False),
        (r"\b(?:griffen|griff|greifen|stürmten|stürmen)\b", "attacked", "none", "right", None, False),
        # "Vormarsch in Richtung X", "rückten auf X vor": an advance toward the place, not a hold of it.
        (r"\b(?:Vormarsch|Vorstoß|Vorrücken)\s+(?:\S+\s+){0,4}?(?:in\s+Richtung|Richtung|auf|nach)\b|\b(?:rückten|rückt|rücken)\s+(?:\S+\s+){0,2}?(?:in\s+Richtung|auf)\b", "advanced near", "none", "right", None, False),
    ),
    "fr": (
        (r"\b(?:a|ont)\s+(?:démenti|nié|réfuté)\b|\bdément(?:ent)?\b", "disputed", "dispute", "right", None, False),
        (r"\bn['’](?:a|ont)\s+pas\s+(?:encore\s+)?confirmé\s+(?:la\s+)?(?:perte|prise|chute)\s+(?:de|du|d['’])", "did not confirm", "dispute", "right", None, False),
        (r"\b(?:est|sont|était|étaient|reste|restent|demeure|demeurent)\s+(?:\S+\s+){0,2}?sous\s+(?:le\s+)?(?:plein\s+)?contrôle\b(?:\s+(?P<side>russe|ukrainien))?", "under control", "presence", "left", None, False),
        (r"\b(?:est|sont)\s+(?:passée?s?|tombée?s?)\s+sous\s+(?:le\s+)?contrôle\b", "under control", "presence", "left", None, False),
        (r"\b(?:a|ont|avait|avaient)\s+été\s+(?:\S+\s+){0,2}?" + _FR_DONE + r"\b|\b(?:est|sont)\s+(?:\S+\s+){0,2}?" + _FR_DONE + r"\b", "captured", "gain", "left", None, False),
        (r"\b(?:a|ont|avait|avaient)\s+été\s+(?:\S+\s+){0,2}?" + _FR_LOST + r"\b", "lost", "loss", "left", None, False),
        (r"\bà\s+moitié\s+captur\w+", "partly captured", "gain", "left", None, True),
        (r"\b(?:a|ont|avait|avaient)\s+(?:\S+\s+){0,2}?(?:pris|repris|rétabli|établi)\s+(?:le\s+)?contrôle\s+(?:de|du|d['’]|sur)", "took control", "gain", "right", None, False),
        (r"\b(?:libér(?:é|ée|és|ées|er|èrent|ent)|libération\s+(?:de|du|d['’]))", "liberated", "gain", "right", None, False),
        (r"\b(?:captur(?:é|ée|és|ées|er|èrent|ent)|prise\s+(?:de|du|d['’])|pris(?:e|es)?|prendre|prennent|conquis\w*|emparé\w*\s+(?:de|du|d['’]))(?=\s)", "captured", "gain", "right", None, False),
        (r"\b(?:repris(?:e|es)?|reprendre|reprise\s+(?:de|du|d['’]))(?=\s)", "retook", "gain", "right", None, False),
        (r"\boccup(?:é|ée|és|ées|er|èrent|ent)\b", "occupied", "gain", "right", None, False),
        (r"\bcontrôl(?:ent|e|ait|aient|er)\b|\bcontrôle\s+(?:de|du|d['’]|sur)\b", "controls", "presence", "right", None, False),
        (r"\b(?:retir(?:é|ée|és|ées|er|èrent|ent)|retraite)\s+(?:\S+\s+){0,2}?(?:de|du|d['’])(?=\s|\w)", "withdrew", "loss", "right", None, False),
        (r"\b(?:quitt(?:é|ée|és|ées|er|èrent|ent)|abandonn(?:é|ée|és|ées|er|èrent|ent)|perdu(?:e|es|s)?|perte\s+(?:de|du|d['’]))(?=\s)", "lost", "loss", "right", None, False),
        (r"\b(?:entré\w*|pénétr\w+)\s+(?:dans|à|en)\b|\bentrée\s+(?:\S+\s+){0,6}?dans\b", "entered", "none", "right", None, False),
        (r"\bcombats?\s+(?:pour|autour\s+de|près\s+de|à|dans)\b", "fighting", "none", "right", None, False),
        (r"\b(?:avancé|avancent|avance|avancée|progressé|progressent|progression)\s+(?:\S+\s+){0,2}?(?:vers|en\s+direction\s+de|près\s+de)\b", "advanced near", "none", "right", None, False),
    ),
    "es": (
        (r"\b(?:neg(?:ó|aron|ado)|desmint(?:ió|ieron|ido))\b", "disputed", "dispute", "right", None, False),
        (r"\bno\s+(?:ha|han|había|habían)\s+confirmado\s+(?:la\s+)?(?:pérdida|toma|caída|captura)\s+(?:de|del)", "did not confirm", "dispute", "right", None, False),
        (r"\b(?:está|están|estaba|estaban|sigue|siguen|permanece|permanecen|queda|quedó|quedaron|quedaba|pasó|pasaron)\s+(?:\S+\s+){0,2}?bajo\s+(?:el\s+)?(?:pleno\s+|total\s+)?control\b", "under control", "presence", "left", None, False),
        (r"\b(?:fue|fueron|ha\s+sido|han\s+sido|había\s+sido|habían\s+sido)\s+(?:\S+\s+){0,2}?" + _ES_DONE + r"\b", "captured", "gain", "left", None, False),
        (r"\b(?:fue|fueron|ha\s+sido|han\s+sido|había\s+sido|habían\s+sido)\s+(?:\S+\s+){0,2}?" + _ES_LOST + r"\b", "lost", "loss", "left", None, False),
        (r"\b(?:restablecido|restablecieron|restableció|establecido|establecieron|estableció|tomado|tomaron|tomó|recuperado|recuperaron|recuperó)\s+(?:el\s+)?(?:pleno\s+|total\s+)?control\s+(?:sobre|de|del)\b", "took control", "gain", "right", None, False),
        (r"\b(?:mantienen|mantiene|mantenían|conservan)\s+(?:el\s+)?control\s+(?:sobre|de|del)\b|\bcontrola(?:n|ba|ban)?\b", "controls", "presence", "right", None, False),
        (r"\b(?:liber(?:aron|ó|ado|ada|ados|adas|ar)|liberación\s+(?:de|del))\b", "liberated", "gain", "right", None, False),
        (r"\b(?:tom(?:aron|ó|ado|ada|ar)|captur(?:aron|ó|ado|ada|ar)|conquist(?:aron|ó|ado|ada|ar)|toma\s+(?:de|del)|captura\s+(?:de|del))\b", "captured", "gain", "right", None, False),
        (r"\b(?:recuper(?:aron|ó|ado|ada|ar)|reconquist(?:aron|ó|ado|ada|ar))\b", "retook", "gain", "right", None, False),
        (r"\bocup(?:aron|ó|ado|ada|aran|ara|ar)\b", "occupied", "gain", "right", None, False),
        # "expulsar al enemigo del pueblo": the place follows the expelled side, who is no doer.
        (r"\bexpuls(?:aron|ó|ar|ado|aban)\b(?=\s+(?:\S+\s+){0,3}?del?\s)", "pushed out", "gain", "right", None, False),
        (r"\b(?:retir(?:aron|ó|ado|arse|aban)|retirada)\s+(?:\S+\s+){0,2}?(?:de|del)\b", "withdrew", "loss", "right", None, False),
        (r"\b(?:abandon(?:aron|ó|ado|ar)|perdi(?:eron|ó|do)|pérdida\s+(?:de|del)|salieron\s+(?:de|del))\b", "lost", "loss", "right", None, False),
        (r"\b(?:cambió|cambiaron)\s+de\s+manos\b", "fighting", "none", "left", None, False),
        (r"\b(?:entr(?:aron|ó|ar)|ingres(?:aron|ó|ar))\s+(?:a|en|al)\b", "entered", "none", "right", None, False),
        (r"\b(?:combates|enfrentamientos|batallas?)\s+(?:por|en|cerca\s+de|alrededor\s+de)\b", "fighting", "none", "right", None, False),
        (r"\b(?:atac(?:aron|ó|ar)|asalt(?:aron|ó|ar|ando))\b", "attacked", "none", "right", None, False),
        (r"\b(?:avanzaron|avanzan|avanza|avanzado|avance|avances)\s+(?:\S+\s+){0,2}?(?:hacia|en\s+dirección\s+(?:a|de)|cerca\s+de)\b", "advanced near", "none", "right", None, False),
    ),
    "it": (
        (r"\b(?:ha|hanno)\s+(?:smentito|negato)\b|\bsmentisc\w+", "disputed", "dispute", "right", None, False),
        (r"\bnon\s+(?:ha|hanno)\s+(?:ancora\s+)?confermato\s+(?:la\s+)?(?:perdita|presa|caduta|conquista)\s+(?:di|del|della)", "did not confirm", "dispute", "right", None, False),
        (r"\b(?:è|sono|era|erano|rimane|rimangono|resta|restano)\s+(?:\S+\s+){0,2}?sotto\s+(?:il\s+)?(?:pieno\s+)?controllo\b", "under control", "presence", "left", None, False),
        (r"\b(?:è|sono|era|erano)\s+(?:stat[oaie]\s+)?(?:\S+\s+){0,2}?" + _IT_DONE + r"\b", "captured", "gain", "left", None, False),
        (r"\b(?:è|sono|era|erano)\s+(?:stat[oaie]\s+)?(?:\S+\s+){0,2}?" + _IT_LOST + r"\b", "lost", "loss", "left", None, False),
        (r"\b(?:è|sono)\s+(?:caduta|caduto|cadute|caduti)\b", "fell", "fall", "left", None, False),
        (r"\b(?:preso|ripreso|stabilito|ristabilito|assunto)\s+il\s+(?:pieno\s+)?controllo\s+(?:di|del|della|dello|su)\b", "took control", "gain", "right", None, False),
        (r"\b(?:mantengono|mantiene)\s+il\s+controllo\s+(?:di|del|della|su)\b|\bcontrolla(?:no|va|vano)?\b", "controls", "presence", "right", None, False),
        (r"\b(?:liberat[oaie]|liberarono|liberò|liberare|liberazione\s+(?:di|del|della|dello))\b", "liberated", "gain", "right", None, False),
        (r"\b(?:conquist(?:ato|ata|ati|ate|arono|ò|are)|catturat[oaie]|catturarono|presa\s+(?:di|del|della))\b", "captured", "gain", "right", None, False),
        (r"\b(?:ripres[oaie]|riconquist(?:ato|ata|arono|ò|are))\b", "retook", "gain", "right", None, False),
        (r"\boccup(?:arono|ato|ata|ati|ate|ò)\b", "occupied", "gain", "right", None, False),
        (r"\b(?:ritirat[oaie]|ritirarono|ritiro|ritirata)\s+(?:\S+\s+){0,2}?(?:da|dal|dalla|dallo)\b", "withdrew", "loss", "right", None, False),
        (r"\b(?:abbandonat[oaie]|abbandonarono|lasciat[oaie]|perdit[ao]\s+(?:di|del|della))\b", "lost", "loss", "right", None, False),
        (r"\b(?:entrat[oaie]|entrarono|penetrat[oaie])\s+(?:a|in|nel|nella)\b", "entered", "none", "right", None, False),
        (r"\b(?:combatt\w+|combattimenti|scontri)\s+(?:per|a|nei\s+pressi\s+di|vicino\s+a|intorno\s+a)\b", "fighting", "none", "right", None, False),
        (r"\b(?:attacc(?:are|arono|ato|ò)|assalt\w+)\b", "attacked", "none", "right", None, False),
        (r"\b(?:avanzat[aoie]|avanzano|avanzarono|avanza|avanzamento)\s+(?:\S+\s+){0,2}?(?:verso|in\s+direzione\s+di|vicino\s+a|nei\s+pressi\s+di)\b", "advanced near", "none", "right", None, False),
    ),
}

# ---------------------------------------------------------------------------
# Sides

_SIDE_NOUNS = (
    r"Streitkräfte\w*|Truppen|Armee|Einheiten|Soldaten|Kräfte\w*|Verteidiger\w*|Militär\w*|Formationen|Brigaden?|"
    r"Infanterie\w*|Sturmgruppen|Verteidigungsministerium\w*|Generalstab\w*|"
    r"forces|force|troupes|armée|unités|soldats|militaires|défenseurs|formations|brigades?|infanterie|"
    r"fuerzas|tropas|ejército|unidades|soldados|militares|formaciones|brigadas?|"
    r"forze|truppe|esercito|unità|soldati|militari|reparti|formazioni|brigate?"
)
_ARMED = r"(?:\s+(?:armées|armadas|armate|armata))?"
SIDE_PATTERNS: tuple[tuple[str, Side], ...] = (
    # German adjective first: "die ukrainischen Streitkräfte"; the others after: "forces armées russes".
    (r"\bukrainisch\w*\s+(?:" + _SIDE_NOUNS + r")|\b(?:" + _SIDE_NOUNS + r")" + _ARMED + r"\s+(?:ukrainien\w*|ucranian\w*|ucrain[aoie]\b)", "Ukraine"),
    (r"\brussisch\w*\s+(?:" + _SIDE_NOUNS + r")|\b(?:" + _SIDE_NOUNS + r")" + _ARMED + r"\s+(?:russes?|rus[oa]s?|russ[aoie])\b", "Russia"),
    (r"\b(?:Streitkräfte|Forces\s+armées|Fuerzas\s+Armadas|Forze\s+[Aa]rmate)\s+(?:der|de\s+l['’]|de|dell['’])\s*(?:Ukraine|Ucrania|Ucraina)\b|\bFAU\b|\bVSU\b|\bKiewer\s+Regime\w*|\brégime\s+de\s+Kiev\b|\brégimen\s+de\s+Kiev\b|\bregime\s+di\s+Kiev\b|\b(?:die|les|los|gli|le)\s+(?:Ukrainer|Ukrainiens|ucranianos|ucraini)\b", "Ukraine"),
    (r"\b(?:Streitkräfte|Forces\s+armées|Fuerzas\s+Armadas|Forze\s+[Aa]rmate)\s+(?:der\s+Russischen\s+Föderation|de\s+la\s+Fédération\s+de\s+Russie|de\s+(?:la\s+Federación\s+de\s+)?Rusia|della\s+(?:Federazione\s+)?Russa?)\b|\b(?:die\s+)?Russen\b|\bles\s+Russes\b|\blos\s+rusos\b|\bi\s+russi\b", "Russia"),
)
# Country names that name a side when not after a preposition (the English ones are index/claims/sides.py's).
BARE_SIDES: dict[str, Side] = {
    "Ukraine": "Ukraine", "Ucrania": "Ukraine", "Ucraina": "Ukraine", "Kiew": "Ukraine",
    "Russland": "Russia", "Russie": "Russia", "Rusia": "Russia", "Moskau": "Russia", "Moscou": "Russia", "Mosca": "Russia",
}
OWN_SIDE = (
    r"\b(?:unser\w*)\s+(?:Truppen|Kräfte\w*|Soldaten|Einheiten|Streitkräfte\w*|Verteidiger\w*)|"
    r"\bnos\s+(?:troupes|forces|soldats|unités|cosaques)|\bnuestras\s+(?:tropas|fuerzas|unidades)|"
    r"\b(?:le\s+)?nostre\s+(?:truppe|forze|unità)"
)
ENEMY = r"\b(?:der\s+|den\s+|dem\s+|des\s+)?Feind\w*|\b(?:l['’])?ennemi\w*|\b(?:el\s+|al\s+|del\s+)?enemigo\w*|\b(?:il\s+)?nemic[oi]\b"
# "befreit von russischen Gruppen": the side after these lost the place.
FROM_WORDS = ("von", "vom")
PREPOSITIONS = _words(
    "von vom in im aus nach gegen mit für über durch der des dans de du des en vers contre avec pour sur "
    "à au aux del desde hacia contra con para sobre al di dal dalla della verso contro su nel nella"
)

# ---------------------------------------------------------------------------
# Blockers, attempts, background, hedges

BLOCKERS = _words(
    """
    nicht kein keine keinen keiner nie niemals versuchen versucht versuchte versuchten versuch versuche
    plänen plan pläne planen plant geplant wollen wollte wollten würde würden könnte könnten sollte ziel ob
    ne n' pas jamais aucune tenter tente tentent tenté tentaient tentative tentatives essayer essaient
    essayé vise visent veut veulent voudrait pourrait pourraient sera seront serait seraient si objectif
    nunca intentar intentan intentando intentaron intentó intento intentos tratando tratan buscan
    quiere quieren podría podrían será serán sería objetivo pretende pretenden
    non mai tentato tentano tentando tentarono tentativo tentativi cercano cercando vuole vogliono
    potrebbe potrebbero sarà saranno sarebbe obiettivo qualora impedire
    """
)
ATTEMPTS = _words(
    """
    versuchen versucht versuchte versuchten versuch versuche tenter tente tentent tenté tentaient
    tentative tentatives essaient essayer intentan intentando intentaron intentó intento intentos tratando
    tentato tentano tentando tentarono tentativo tentativi cercano cercando
    """
)
# "…, dass", "…, que": a clause of its own begins.
CLAUSE_BREAKS = _words(
    "dass aber während weil obwohl jedoch sondern que qui mais tandis parce bien donc quien pero mientras "
    "porque aunque cuando che ma mentre perché sebbene tuttavia quando"
)
# Before a trigger in its clause or opening the sentence: an earlier deed, not news of the article's day
# ("Auparavant, les troupes russes avaient pris X", "X wurde bereits zuvor befreit").
EARLIER = _words("zuvor früher einst ehemals vorher auparavant précédemment autrefois anteriormente previamente precedentemente precedenza")
BACKGROUND = (
    r"\b(?:zuvor|bereits\s+zuvor|früher|einst|ehemals|vorher|auparavant|précédemment|autrefois|naguère|"
    r"anteriormente|previamente|antes|precedentemente|in\s+precedenza|già\s+in\s+passato)\b"
)
HEDGES = (
    r"\b(?:angeblich|mutmaßlich|vermutlich|offenbar|Berichten\s+zufolge|unbestätigt\w*|nicht\s+bestätigt\w*|"
    r"behaupt\w+|prétendument|apparemment|il\s+semblerait|selon\s+(?:des|certaines|plusieurs)\s+(?:sources|informations)|"
    r"non\s+confirmé\w*|pas\s+(?:encore\s+)?(?:été\s+)?confirmé\w*|affirm\w+|revendiqu\w+|presuntamente|supuestamente|"
    r"aparentemente|al\s+parecer|según\s+(?:fuentes|informes|informaciones)|sin\s+confirmar|no\s+confirmad\w*|afirm\w+|"
    r"soll(?:en)?|aurai(?:t|ent)|habría(?:n)?|avrebbe(?:ro)?|"  # the reporter's conditional: "soll … eingenommen haben"
    r"presumibilmente|apparentemente|secondo\s+(?:fonti|indiscrezioni|informazioni)|non\s+confermat\w*|sembr\w+|afferm\w+)"
)
# Words that name a claim rather than doubt it: they hedge only a deed after them.
CLAIM_WORDS = r"behaupt|affirm|revendiqu|afirm|afferm"

# ---------------------------------------------------------------------------
# The noun phrase before a place

# "das Dorf X", "le village de X", "la aldea de X", "il villaggio di X".
SETTLEMENT_BEFORE_NAME = r"(?:[Dd]orf(?:es)?|[Ss]tadt|[Ss]iedlung|[Oo]rtschaft|village|ville|localité|aldea|pueblo|ciudad|localidad|asentamiento|villaggio|città|insediamento)\s+(?:de\s+|di\s+|d['’])?"
SETTLEMENT_NOUNS = _words(
    """
    dorf dorfes dorfs stadt siedlung ortschaft kleinstadt gemeinde industriestadt garnisonsstadt kreisstadt
    village ville localité bourg agglomération hameau
    aldea pueblo ciudad localidad asentamiento poblado
    villaggio città cittadina insediamento paese località borgo
    """
)
PLURAL_SETTLEMENT_NOUNS = _words(
    "dörfer dörfern städte siedlungen ortschaften villages villes localités aldeas pueblos ciudades "
    "localidades asentamientos villaggi insediamenti paesi località"
)
# Region words before a name: "die Region Sumy", "la région de Donetsk" say where, not which settlement.
REGION_WORDS = _words("region gebiet gebiete gebieten bezirk kreis région región regione provincia distrito distretto richtung dirección direzione")
# The edge or surroundings of a place ("aux abords de X", "las afueras de X", "am Stadtrand von X"): not the place itself.
AREA_WORDS = _words(
    "abords banlieue périphérie alentours environs afueras alrededores periferia dintorni stadtrand umgebung rand vororte"
)
# "une partie de X", "la mitad de X", "metà di X", "einen Teil des Dorfes X": part of the place, contested.
PARTIAL_HEADS = _words("partie moitié parte mitad metà teil teile hälfte")
PARTIAL_LINKS = _words("de du des del di della dello von des der")
# Infinitives ("liberare la città", "prendre X") are aims, not deeds, unless the clause says the aim was reached.
INFINITIVE = r"^\w*(?:er|ir|re|ar|are|ere|ire)\b"
MANAGED = _words(
    "réussi réussit réussissent parvenu parvenus parviennent continuent continue lograron logró consiguieron "
    "consiguió siguen riuscite riusciti riuscito riuscita continuano"
)
# Words meaning "of" between a settlement noun and its name, and the definite articles.
OF_WORDS = _words("de d' du des del di della dello d")
DEFINITE = _words("der die das den dem des le la les l' el los las del il lo gli i della dello")
DETERMINERS = _words(
    "der die das den dem des ein eine einen einem einer eines le la les l' un une el los las lo il gli una uno "
    "ihre ihren seine seinen leur leurs sus suoi sue"
)
# Participles used as adjectives ("den befreiten Gebieten", "les villages libérés"): no deed after a determiner.
PARTICIPLE = r"(?:t|te|ten|tes|é|ée|és|ées|is|ise|ado|ada|ados|adas|ato|ata|ati|ate)\W*$"
# Words that end the noun phrase before a place (English words of the same spelling left out: "a", "an", "war").
BREAK_WORDS = _words(
    """
    in im bei beim nahe nach von vom aus zu zum zur am auf über unter durch gegen um seit bis und oder aber
    dass ist sind wurde wurden hat haben südlich nördlich östlich westlich
    à au aux dans en près vers sur sous par pour avec depuis après avant pendant et ou mais que qui est sont
    était ont
    en cerca hacia sobre bajo por para con desde tras durante y o pero es fue ha han
    nel nella nei presso vicino verso su sotto con da dal dalla dopo prima durante e o ma che è sono ha hanno
    """
)
CONNECTORS = _words("und sowie et y e ed")
# Words before the verb of a subject-place, as index/claims/'s _LEFT_SKIP.
LEFT_SKIP = _words(
    """
    ist sind war waren bleibt bleiben steht stehen nun jetzt noch weiterhin bereits vollständig jedoch
    est sont était reste restent demeure toujours encore déjà désormais
    está están estaba estaban sigue siguen permanece queda quedó quedaron ya todavía aún
    è sono era erano rimane rimangono resta restano ancora già ormai
    """
)
# Words that open a phrase set off by commas between a subject-place and its verb:
# "le village de X, dans la région de Y, avait été perdu", "X, un pequeño pueblo cerca de …, quedó".
APPOSITION_OPENERS = _words(
    "im dans près situé située un une ein eine einem en cerca situada situado ubicado ubicada una nel nella vicino situato situata"
)
# A name after these is a speaker, not a place: "Según Romanov, X …", "laut Kowalew".
SPEAKER_CUES = _words("según selon secondo laut")
# A phrase before a verb at the end of a German clause, between the place and the verb: "X von russischen Gruppen befreit haben".
LEFT_PHRASE_HEADS = _words("von vom durch aus mit bei")

# Capitalized words that are no place names: function words opening a sentence, sides, forces, institutions.
NOT_NAMES = (
    _union(MARKERS)
    | _words(
        """
        die den ein le la les el los las lo il gli un una une selon según secondo laut nach dabei zudem auch
        durch bis seit im am vom zum zur
        russland russie rusia ucrania ucraina kiew kiewer moskau moscou mosca russen russes
        streitkräfte truppen armee feind feindes kontrolle befreiung einmarsch richtung nähe front region
        gebiet gebiete gebieten oblast kreis bezirk teil hälfte verteidigungsministerium generalstab
        fuerzas armadas forces armées forze armate ministerio ministère ministero defensa défense difesa
        région región regione provincia distrito distretto
        """
    )
    | SETTLEMENT_NOUNS
    | PLURAL_SETTLEMENT_NOUNS
)
# German nouns are capitalized: a word with a noun's ending, or after an article (and its adjectives), is no name.
_DE_NOUN = re.compile(
    r"(?:ung|ungen|heit|keit|schaft|schaften|tion|tionen|tät|nis|ismus|kräfte|truppen|gruppe|gruppen|ministerium|"
    r"stab|abschnitt|richtung|gebiet|gebieten|bereich|stadt|dorf|berichte|berichten|einheiten|soldaten)$"
)
_DE_ARTICLES = _words("der die das den dem des ein eine einen einem einer eines im am vom zum zur beim ins")


def common_nouns(words: list[str], langs: frozenset[str]) -> set[int]:
    """Return the positions of capitalized words that are common nouns or function words, not names.

    Args:
        words: a sentence's tokens as written.
        langs: its languages (`languages_of`).
    """
    if not langs:
        return set()
    out = {k for k, w in enumerate(words) if w[:1].isupper() and w.lower() in NOT_NAMES}
    out |= {k for k in range(1, len(words)) if words[k - 1].lower() in SPEAKER_CUES}
    if "de" in langs:
        for k, w in enumerate(words):
            if not w[:1].isupper():
                continue
            low = w.lower()
            if _DE_NOUN.search(low):
                out.add(k)
                continue
            j = k - 1
            while j >= 0 and words[j][:1].islower() and words[j].lower() not in _DE_ARTICLES and j >= k - 3:
                j -= 1
            if j >= 0 and words[j].lower() in _DE_ARTICLES:
                out.add(k)
    return out


# Elided articles written onto the next word: "l'armée", "d'Oleksandropol", "dell'Ucraina".
ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c|dell|dall|nell|sull|all|coll|degl|dagl|un|quell|quest)['’](?=[^\W\d_])", re.IGNORECASE)
ELIDING = frozenset({"fr", "it"})

# ---------------------------------------------------------------------------
# Claimants: speech verbs, "according to", "this was reported by", and the parties that speak

SPEECH = (
    r"sagte|sagten|erklärte|erklärten|meldet|meldete|meldeten|berichtet|berichtete|berichteten|teilte|"
    r"bestätigte|bestätigten|schrieb|betonte|hieß\s+es|"
    r"a\s+déclaré|déclaré|déclare|a\s+confirmé|confirme|a\s+signalé|signale|a\s+annoncé|annonce|"
    r"a\s+indiqué|indique|rapporte|a\s+rapporté|affirme|a\s+affirmé|dit|a\s+écrit|écrit|"
    r"informó|informa|señaló|señala|declaró|afirmó|afirma|escribió|confirmó|anunció|comunicó|indicó|"
    r"ha\s+dichiarato|dichiara|ha\s+affermato|afferma|ha\s+riferito|riferisce|ha\s+confermato|conferma|"
    r"ha\s+annunciato|annuncia|ha\s+scritto|scrive|ha\s+detto"
)
ATTRIBUTION_CUES = (
    r"nach\s+Angaben|laut|zufolge|Berichten\s+(?:von|aus)|selon|d['’]après|según|de\s+acuerdo\s+con|"
    r"secondo|stando\s+a|a\s+detta\s+di"
)
PRONOUNS = r"(?:er|sie|il|elle|ils|él|ella|ellos|lui|lei|loro|a-t-il|a-t-elle|ont-ils|a-t-on)"
# "selon lui", "según él", "secondo lui": the speaker named before.
PRONOUNS_AFTER_CUE = r"(?:lui|elle|eux|él|ella|ellos|su\s+informe|lei|loro|ihm|ihr|ihnen)"
BACK_REFERENCE = (
    r"^(?:Así\s+lo\s+(?:informó|anunció|señaló|comunicó)|Dies\s+(?:meldete|berichtete|teilte)|"
    r"C['’]est\s+ce\s+qu['’](?:a|ont)\s+(?:annoncé|rapporté|déclaré)|Lo\s+(?:ha\s+)?(?:riferito|annunciato|comunicato))\b"
)
# "War correspondents" (voenkory) and military bloggers are what pro-Kremlin pages call
# Russian military bloggers: their side, as index/claimants.py's _BLOGGER_SIDE.
BLOGGER_SIDES: tuple[tuple[str, Side], ...] = (
    ((r"\bKriegsberichterstatter|\bcorresponsal(?:es)?\s+(?:de\s+guerra|militar)|\bcorrespondant\s+(?:de\s+guerre|militaire)|"
     r"\bcorrispondente\s+(?:di\s+guerra|militare)|\b(?:russisch\w*|rus[oa]s?|russes?|russi)\b"), "Russia"),
    (r"\b(?:ukrainisch\w*|ukrainien\w*|ucranian[oa]s?|ucrain[oi])\b", "Ukraine"),
)
# (pattern, kind, side, specific), as index/claimants.py's `_w`.
CLAIMANTS: tuple[tuple[str, ClaimantKind, Side | None, bool], ...] = (
    ((r"\b(?:Kriegsberichterstatter|Militärblogger|corresponsal(?:es)?\s+(?:de\s+guerra|militar(?:es)?)|correspondant\s+(?:de\s+guerre|militaire)|"
     r"corrispondente\s+(?:di\s+guerra|militare)|bloguero?s?\s+militares?\s+rusos?|blogueurs?\s+militaires?\s+russes?|"
     r"blogger\s+militari\s+russi)(?:\s+[A-Z]\w+){0,2}"), "belligerent_blogger", "Russia", True),
    ((r"\b(?:das\s+)?russisch\w*\s+Verteidigungsministerium\w*|\bVerteidigungsministerium\w*\s+der\s+Russischen\s+Föderation|"
     r"\bministère\s+(?:russe\s+de\s+la\s+Défense|de\s+la\s+Défense\s+russe)|\bMinisterio\s+de\s+Defensa\s+(?:ruso|de\s+Rusia)|"
     r"\bministero\s+della\s+[Dd]ifesa\s+russo"), "belligerent_official", "Russia", True),
    ((r"\b(?:ukrainisch\w*\s+(?:Generalstab\w*|Verteidigungsministerium\w*|Armee|Militär\w*|Streitkräfte)|Generalstabssprecher(?:\s+[A-Z]\w+){0,2}|"
     r"l['’]armée\s+ukrainienne|l['’]état-major\s+(?:général\s+)?(?:des\s+forces\s+armées\s+)?ukrainien\w*|officier\s+(?:militaire\s+)?ukrainien|"
     r"officier\s+des\s+forces\s+armées\s+ukrainiennes|el\s+ejército\s+ucraniano|el\s+Estado\s+Mayor\s+ucraniano|"
     r"comando\s+militare\s+ucraino|l['’]esercito\s+ucraino)"), "belligerent_official", "Ukraine", True),
)
