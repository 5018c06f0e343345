"""The words of the claim rules, as data: trigger verbs and their effects, blockers, list fillers, per language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from index import claim_languages as langs
from index.models import Side


def _words(text: str) -> frozenset[str]:
    """Return the words of a table written as one string (easier to read and extend)."""
    return frozenset(text.split())

Effect = Literal["gain", "loss", "presence", "none", "dispute", "fall"]
Direction = Literal["right", "left", "both"]


@dataclass(frozen=True)
class _Trigger:
    pattern: re.Pattern[str]
    action: str
    effect: Effect
    direction: Direction = "right"
    # The side a verb implies when the sentence names none: Ukrainian media
    # say звільнили only of Ukrainian forces and окупували only of Russian.
    default_side: Side | None = None
    partial: bool = False
    # The side is the wording's own, whoever says it ("не звільнена": still the occupier's).
    fixed_side: bool = False


def _t(
    pattern: str,
    action: str,
    effect: Effect,
    direction: Direction = "right",
    default_side: Side | None = None,
    partial: bool = False,
    flags: int = re.IGNORECASE,
    fixed_side: bool = False,
) -> _Trigger:
    return _Trigger(re.compile(pattern, flags), action, effect, direction, default_side, partial, fixed_side)


_AUX = r"(?:is|are|was|were|has been|have been|had been|been|being|is being|are being)"
# Adverbs between an auxiliary and its participle or "under": "was finally captured", "is completely under"
# (not those the rules read before a deed: "previously" dates it, "allegedly" disputes it, "practically"
# makes it partial; nor one in scare quotes, "was “completely” under", the writer's doubt of the word).
_ADV = (
    r"(?:\s+(?:now|still|already|again|"
    r"(?!(?:previously|formerly|originally|initially|allegedly|purportedly|supposedly|practically|nearly|virtually|partially|partly)\b)\w+ly))*"
)

# Earlier entries win when two triggers start at the same place and are as long.
_TRIGGERS: tuple[_Trigger, ...] = (
    # Denials and non-confirmations: the place is disputed, not lost or won.
    _t(r"\b(?:has|have|had|did|does|do)(?:\s+not|n['’]t)(?:\s+yet)?(?:\s+officially)?\s+confirm(?:ed)?\s+(?:the\s+)?(?:(?:full|complete)\s+)?(?:loss\s+of|capture\s+of|fall\s+of|occupation\s+of|liberation\s+of|takeover\s+of|losing)", "did not confirm", "dispute"),
    _t(r"\bcannot\s+say(?:\s+today)?\s+that", "disputed", "dispute"),
    _t(r"\b(?:refrained|refrains)\s+from\s+mentioning\b|\bmade\s+no\s+mention\s+of\b|\b(?:did|does|has|have)\s+not\s+mention(?:ed)?\b", "did not confirm", "dispute"),
    _t(r"\b(?:made|gave|has\s+made|have\s+made)\s+no\s+acknowledg(?:e)?ment\s+that|\b(?:did|has|have)\s+not\s+acknowledged?\s+(?:that|the\s+(?:loss|capture|fall)\s+of)", "did not confirm", "dispute"),
    _t(r"\b(?:denied|denies|deny|disputed|disputes|refuted|refutes|rejected|rejects)\s+(?:that|reports?\s+that|claims?\s+that)\b", "disputed", "dispute"),
    _t(r"\bне\s+(?:підтверджу\w*|підтверди\w*|визна\w*|подтвержда\w*|подтверди\w*|призна\w*)(?:\s+\S+){0,3}?\s+(?:інформаці\w*|информаци\w*|втрат\w*|потер\w*|захопленн\w*|взяти\w*|захват\w*|этого|цього|це|это)\b|\bспростува\w*|\bопроверг\w*", "did not confirm", "dispute"),
    _t(r"\b(?:rejected|denied|dismissed|refuted|refutes|debunked)(?:\s+\S+){0,3}?\s+(?:statements?|claims?|reports?|information)\s+(?:about|of|that|to)", "disputed", "dispute"),
    # "denied Russian occupation of X", "rejected the claimed capture of X": the deed denied, named as a noun.
    _t(r"\b(?:denied|denies|deny|rejected|rejects|dismissed|dismisses|refuted|refutes)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:occupation|capture|seizure|fall|loss|takeover)\s+of\b", "disputed", "dispute"),
    # "Russia says it took X; Kyiv denies it": a denial of the deed the sentence has just named.
    _t(r"\b(?:denies|denied|deny|rejects|rejected|refutes|refuted|disputes|disputed)\s+(?:it|this|that|the\s+(?:claims?|reports?|information)|these\s+(?:claims|reports)|(?:the\s+)?(?:Moscow|Russia|Kremlin|Kyiv|Ukraine|Russian|Ukrainian)(?:['’]s)?\s+(?:claims?|reports?|statements?))\b(?!\s+(?:about|of|that|to)\b)", "denied it", "dispute"),
    # Flags
    _t(r"\b(?:rais(?:ed|ing|es|e)|hoist(?:ed|ing|s)?|plant(?:ed|ing|s)?|hung|hang(?:ing)?|return(?:ed|ing|s)?)\s+(?:the\s+|their\s+|an?\s+)?(?:(?:Ukrainian|Russian|national|state)\s+)*flags?\s+(?:(?P<part>at\s+various\s+(?:spots|places|points)\s+in|in\s+parts\s+of)|all\s+over|in|over|above|at|on|to)\b", "raised flags", "gain"),
    _t(r"\b(?:підня(?:ли|в|ла)|піднято|встанови(?:ли|в))\s+(?:(?:український|державний|національний)\s+)?прапор(?:\s+України)?\s+(?:над|у|в|на)\b", "raised flags", "gain", default_side="Ukraine"),
    # "The Ukrainian flag was hoisted above X", "the Ukrainian flag flies again over X": the flag is the subject.
    _t(r"\b(?P<side>Ukrainian|Russian)\s+(?:national\s+|state\s+)?flags?\s+(?:(?:was|were|has\s+been|had\s+been|is|are)\s+)?(?:(?:raised|hoisted|planted|hung|flies|flying|fly|waves|waving|is\s+flying|again|once\s+more|now)\s+){1,3}(?:in|over|above|at|on)\b", "raised flags", "gain"),
    # "the State Flag of Ukraine has been raised on X", "Флаг Украины установлен на острове X".
    _t(r"\b(?:state\s+|national\s+)?flags?\s+of\s+(?P<side>Ukraine|Russia)\s+(?:was|were|has\s+been|had\s+been|is|are)\s+(?:\w+ly\s+)?(?:raised|hoisted|planted|hung|returned)\s+(?:in|over|above|at|on|to)\b", "raised flags", "gain"),
    _t(r"\b(?:флаг|прапор)\w*\s+(?P<side>Украины|України|России|Росії|РФ)\s+(?:был\s+|було\s+)?(?:установлен\w*|поднят\w*|водружен\w*|піднят\w*|встановлен\w*|повернут\w*)\s+(?:на|над|в|у)\b", "raised flags", "gain"),
    # "На острове X поднят флаг Украины", "бойцы РФ подняли российский флаг в …": the place on either side.
    _t(r"\b(?:подня(?:ли|л|т|та|то)|установи(?:ли|л)|установлен\w*|водрузи(?:ли|л))\s+(?:(?P<side>российский|украинский)\s+|(?:государственный|национальный)\s+)?флаг\w*(?:\s+(?:(?P<side2>Украины|России|РФ)))?(?:\s+(?:над|в|на))?\b", "raised flags", "gain", "both"),
    # Falls
    _t(r"\b(?:fell|falls|fall|falling)\s+(?:in)?to\s+(?:the\s+)?(?P<side>Russians?|Ukrainians?|Russian\s+(?:forces|troops|army)|Ukrainian\s+(?:forces|troops|army)|Russia|Ukraine|Moscow|Kyiv)\b", "fell", "fall", "left"),
    _t(r"\b(?:fell|falls|fall|falling)\s+into\s+(?P<side>Russian|Ukrainian)\s+hands\b", "fell", "fall", "left"),
    # Who holds it now (the place is the subject)
    _t(r"\b(?:is|are|was|were|remains?|remained|to\s+be)" + _ADV + r"\s+under\s+(?:the\s+)?(?:(?:full|complete|total)\s+)?(?:\(?(?:Russian|Ukrainian|(?P<side>Russia|Ukraine|Kyiv|Moscow)['’]s)\)?\s+)?(?:control|occupation)(?:\s+of)?\b", "under control", "presence", "left"),
    _t(r"\b(?:is|are|was|were|remains?|remained)" + _ADV + r"\s+in\s+(?:Russian|Ukrainian)\s+hands\b", "under control", "presence", "left"),
    _t(r"\b(?:is|are|was|were)" + _ADV + r"\s+(?:controlled|held)\s+by\b", "under control", "presence", "left"),
    # "Нова Каховка поки що не звільнена", "X has not yet been liberated": still the occupier's.
    _t(r"\b(?:ще|поки\s+що|досі|еще|пока|до\s+сих\s+пор)\s+не\s+(?:звільнен\w*|деокупован\w*|освобожден\w*)|\b(?:has|have|is|are|was|were)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:liberated|freed|de-?occupied)\b", "not yet liberated", "presence", "left", default_side="Russia", fixed_side=True),
    # "X came under the control of the Armed Forces of Ukraine", "X перейшов під контроль ЗСУ": a gain by the side after.
    _t(r"\b(?:came|comes|come|coming|passed|fell)\s+under\s+(?:the\s+)?(?:(?:full|complete|total)\s+)?(?:(?P<side>Russian|Ukrainian)\s+(?:(?:armed\s+)?forces['’]?\s+|army['’]?s?\s+)?)?(?:control|occupation)(?:\s+of)?\b", "came under control", "gain", "left"),
    # "returned to Ukrainian control", "вернулся под юрисдикцию Украины", "повернувся під контроль України".
    _t(r"\breturn(?:ed|s)?\s+(?:to|under)\s+(?:the\s+)?(?P<side>Ukrainian|Russian)\s+(?:control|flag|jurisdiction)\b|\b(?:возвращ\w*|верну(?:лся|лась|лось|лись)|поверну(?:вся|лася|лося|лися|то|тий|та)|повернен\w*)\s+(?:под|під)\s+(?:юрисдикц\w*|контроль)\s+(?P<side2>Украины|України|России|Росії|РФ)\b", "came under control", "gain", "left"),
    _t(r"\b(?:перейш(?:ов|ла|ло|ли)|перешл(?:а|о|и)|перешел|перешёл)\s+(?:(?:повністю|полностью)\s+)?(?:під|под)\s+(?:(?:повний|полный)\s+)?контроль\b", "came under control", "gain", "left"),
    _t(r"\b(?:під|под)\s+(?:(?:повним|полным|тимчасовим|нашим|нашим\s+полным)\s+)?контролем\b", "under control", "presence", "both"),
    _t(r"\b(?:перебуває|перебувають|знаходиться|залишається|находится|остается)\s+під\s+(?:(?:російською|тимчасовою)\s+)*окупацією\b", "occupied", "presence", "left", default_side="Russia"),
    _t(r"\bпотрапил\w*\s+(?:в|під)\s+окупаці\w*", "occupied", "presence", "left", default_side="Russia"),
    # Passives (the place is the subject)
    _t(r"\b" + _AUX + _ADV + r"\s+(?:re)?(?:captured|taken|liberated|seized|occupied|conquered|freed|deoccupied)(?:\s+back)?\b", "captured", "gain", "left"),
    _t(r"\b(?:liberated|captured|seized|occupied|retaken|recaptured|freed)\s+by\b", "captured", "gain", "left"),
    # Control
    _t(r"\b(?:took|take|takes|taking|taken|retook|retake|retaking|retaken)\s+(?:back\s+)?(?:(?:full|complete|total)\s+)?control\s+(?:of|over)\b", "took control", "gain"),
    _t(r"\b(?:re-?established|established|establish|establishing|gained|gain|gaining|assumed|won|restored|seized|seize|seizing)\s+(?:(?:full|complete|total)\s+)?control\s+(?:of|over)\b", "gained control", "gain"),
    _t(r"\b(?:regained|regain|regaining)\s+(?:(?:full|complete|total)\s+)?control\s+(?:of|over)\b", "regained control", "gain"),
    # The deed named as a noun, its doer between: "the establishment of control by Russian troops over X",
    # "встановлення контролю російських військ над X".
    _t(r"\bestablishment\s+of\s+(?:(?:full|complete)\s+)?control\s+(?:by\s+(?:\S+\s+){1,3}?)?over\b|\b(?:встановленн\w*|установлени\w*)\s+(?:(?:повного|полного)\s+)?контрол\w*\s+(?:\S+\s+){0,3}?над\b", "gained control", "gain"),
    _t(r"\b(?:full|complete|total)\s+control\s+(?:of|over)\b", "full control", "gain"),
    # "Moscow claimed Ostrivne": a capture, in the claimant's word.
    # (Not "claims X captured": the participle names the deed.)
    _t(r"\b(?:claimed|claims)\s+(?=[A-ZА-ЯІЇЄҐ][\w’'-]+(?:\s|[,.;]))(?![\w’'-]+\s+(?:captured|liberated|taken|seized|occupied|freed|fell|has|have|had|was|were|is|are)\b)", "claimed", "gain", flags=0),
    # "Russia formally claims control of X" (not "… to claim control", an aim).
    _t(r"\b(?:claims|claimed|announced|announces|declared|declares)\s+(?:its\s+|their\s+)?(?:full\s+|complete\s+)?control\s+(?:of|over)\b", "claimed control", "gain"),
    _t(r"\bin\s+(?:(?:full|complete|total)\s+)?control\s+of\b", "in control", "presence"),
    _t(r"\b(?:maintain(?:s|ed|ing)?|retain(?:s|ed|ing)?|keep(?:s|ing)?|kept)\s+(?:(?:full|complete|total)\s+)?control\s+(?:of|over)\b", "holds", "presence"),
    _t(r"\b(?:expanded|widened|extended)\s+(?:their\s+|its\s+|the\s+)?(?:zone|area)\s+of\s+control\s+in\b|\b(?:расширили|расширил|розширили|розширив)\s+(?:зону|зоні)\s+(?:контроля|контролю)\s+(?:в|у)\b", "gained a foothold", "presence", partial=True),
    # "Russian troops are operating inside X", "have penetrated X": inside part of it.
    _t(r"\b(?:operating|operate|operates)\s+(?:inside|within)\b|\bpenetrated(?:\s+into)?\b", "gained a foothold", "presence", partial=True),
    _t(r"\b(?:controls|controlled|controlling)\b(?!\s+by)|\b(?:still|now|firmly|fully|also)\s+control\b(?!\s+(?:of|over))", "controls", "presence"),
    _t(r"(?<![-\w])(?:still\s+|firmly\s+)?(?:holds?|holding|held)\b(?!\s+(?:back|out|on|off|talks|by|up)\b)", "holds", "presence"),
    _t(r"\b(?:утриму(?:ють|є|ють|вали|вав)|контролю(?:ють|є|вали))\b|\b(?:удержива(?:ют|ет|ли)|контролиру(?:ют|ет))\b", "holds", "presence"),
    _t(r"\bбо(?:ї|и|ях|ёв)\s+(?:за|біля|в|у|под|около)\b", "fighting", "none"),
    _t(r"\b(?:gained|gains|gain|gaining|established|establish|establishes|secured|secure|has|have|had)\s+(?:a\s+)?foothold\s+in\b|\b(?:established|secured|took\s+up)\s+(?:a\s+)?positions?\s+in\b", "gained a foothold", "presence", partial=True),
    # Entrenching in a settlement is a foothold in it, not the settlement.
    _t(r"\b(?:consolidated|entrenched|entrench|dug\s+in)\s+(?:themselves\s+)?in\b", "entrenched", "presence", partial=True),
    _t(r"\b(?:forces|troops|units|soldiers)\s+(?:were|are|remain(?:ed|s)?)(?:\s+still)?\s+(?:in|inside)\b", "still in", "presence"),
    # "fighters holed up in the Azovstal plant", "укрылись остатки боевиков": still there, in hiding.
    _t(r"\bhol(?:ed|ing)\s+up\s+(?:in|at|inside)\b", "still in", "presence"),
    _t(r"\b(?:укрыл(?:ись|ся)|засел(?:и|а)?|окопал(?:ись|ся)|сховал(?:ися|ся)|засіл(?:и|а)?|окопал(?:ися|ся))\b", "still in", "presence", "both"),
    _t(r"\b(?:ще\s+|досі\s+|еще\s+|до\s+сих\s+пор\s+)?(?:(?:тимчасово|временно|все\s+ще|всё\s+ещё)\s+)?(?:перебува(?:ють|ли|є)|залишаю\w*|находя\w*|остаю\w*)\s+(?:в|у)\b", "still in", "presence", "both"),
    # "Ostrivne, a town in the Ukrainian-controlled part of ...": the appositive's place.
    _t(r",\s+an?\s+(?:\w+\s+)?(?:town|village|city|settlement)\s+in\s+(?:the\s+)?(?P<side>Russian|Ukrainian|Kyiv|Moscow)[-\s](?:controlled|held|occupied)\b", "held (as described)", "presence", "left"),
    # "the Russian stronghold of Tokmak": who holds it, as the writer says (not "… stronghold in Luhansk
    # Oblast", where the stronghold is).
    _t(r"\b(?P<side>Russian|Ukrainian)(?:-held)?\s+(?:strongholds?|bastions?|garrisons?)\s+of\b", "held (as described)", "presence"),
    # "X, …, which analysts say serves as a Russian stronghold": the place is the subject.
    _t(r"\b(?:serves?|served|acts?|acted|is|was|remains?|remained)\s+(?:as\s+)?an?\s+(?:(?:key|major|main|important|fortified)\s+)?(?P<side>Russian|Ukrainian)\s+(?:stronghold|bastion|garrison|fortress)\b", "held (as described)", "presence", "left"),
    # "Russian-occupied Nova Kakhovka", "Ukrainian-held Snihurivka": who holds it, as the writer says.
    _t(r"\b(?P<side>Russian|Ukrainian|Russia|Ukraine|Kyiv|Moscow)[-\s](?:controlled|held|occupied)\b", "held (as described)", "presence"),
    _t(r"\b(?:continue[sd]?|continuing)\s+to\s+hold\b(?:\s+(?:\w+\s+)?positions\s+in)?", "holds", "presence"),
    # Gains
    _t(r"\b(?:fully|completely|entirely)\s+occupied\b", "fully occupied", "gain"),
    _t(r"\b(?:fully|completely|entirely)\s+(?:captured|took|taken|seized|conquered)\b", "fully captured", "gain"),
    _t(r"\b(?:fully|completely|entirely)\s+liberated\b", "fully liberated", "gain"),
    _t(r"\b(?:retook|retaken|retaking|retake|retakes|recaptured|recapturing|recapture|reclaimed|took\s+back|taken\s+back|taking\s+back|take\s+back)\b", "retook", "gain"),
    _t(r"\b(?:captur(?:ed|es|ing|e))\b", "captured", "gain", "both"),
    _t(r"\b(?:took|taking|take|takes|taken)\b", "took", "gain"),
    _t(r"[“\"‘']?\bliberat(?:ed|es|ing|e)\b[”\"’']?|\bliberation\s+of\b", "liberated", "gain", "both"),
    # "practically liberated", "майже звільнена": most of it, not all.
    _t(r"\b(?:practically|almost|nearly|largely|практично|практически|майже|почти)\s+(?:fully\s+|полностью\s+|повністю\s+)?(?:liberated|captured|taken|освобожден\w*|звільнен\w*|захоплен\w*|захвачен\w*)", "mostly taken", "gain", "both", partial=True),
    _t(r"\bseiz(?:ed|es|ing|e)\b", "seized", "gain"),
    _t(r"\b(?:freed|frees|freeing)\b", "liberated", "gain"),
    _t(r"\bconquer(?:ed|s|ing)?\b|\bconquest\s+of\b", "conquered", "gain"),
    # "occupied Beryslav": who holds it, as the writer says; in this war's news the occupier is Russia.
    _t(r"(?:\b(?:the|of|in|and|from|to|near|at|into|toward|towards|for|on|with)\s+|,\s+|^)(?:(?:still|temporarily)\s+)?occupied\s+(?=[A-ZА-ЯІЇЄҐ])", "held (as described)", "presence", default_side="Russia", flags=0),
    _t(r"\boccup(?:ied|ies|ying|y)\b", "occupied", "gain"),
    _t(r"\b(?:were|was|been|being|got)\s+(?:\w+ly\s+)?(?:driven|pushed|forced|knocked|kicked|expelled|ousted)\s+out\s+(?:of|from)\b", "were driven out", "loss"),
    # "announced the capture of X", "highlighted the capture of the village of X": a deed reported as a noun.
    _t(r"\b(?:announc\w+|report\w+|claim\w+|complet\w+|confirm\w+|highlight\w+|celebrat\w+|hail\w+)\s+(?:\w+\s+){0,3}?(?:the\s+)?(?:full\s+|complete\s+)?(?:capture|takeover|seizure|liberation|de-?occupation)\s+of\b", "captured", "gain"),
    _t(r"\b(?:pushed|drove|driven|expelled|ousted|knocked|kicked)\s+(?:\S+\s+){0,3}?out\s+(?:of|from)\b", "pushed out", "gain"),
    _t(r"\b(?:pushed|drove|knocked|kicked|forced)\s+out\s+(?:the\s+)?(?:\S+\s+){1,3}?(?:of|from)\b", "pushed out", "gain"),
    _t(r"\b(?:витісни(?:ли|в|ла)|вибили|вибив)\s+(?:\S+\s+){0,3}?(?:з|із)\b|\b(?:вытесни(?:ли|л|ла)|выбили|выбил)\s+(?:\S+\s+){0,3}?из\b", "pushed out", "gain"),
    _t(r"\b(?:довел(?:ося|ось)|змушені\s+були|мусили|пришлось|вынуждены\s+были)\s+(?:відступити|вийти|залишити|піти|отступить|выйти|оставить|уйти)\s+(?:з|із|від|из|от)?\b", "withdrew", "loss", default_side="Ukraine"),
    _t(r"\b(?:почти|майже|практически|практично)\s+(?:полностью|повністю)\s+(?:потеряли|втратили)\s+контроль\s+над\b", "lost most of", "loss", partial=True),
    _t(r"\b(?:звільн(?:или|ив|ила|ило|ено|ена|ену|ений|ене|ені|ення|енню|енням|яють|яли))\b", "liberated", "gain", "both", default_side="Ukraine"),
    _t(r"\b(?:визвол(?:или|ив|ила|ено|ена|ення))\b|\bдеокуп\w*", "liberated", "gain", "both", default_side="Ukraine"),
    _t(r"\bвідвоюва\w*|\bповерну(?:ли|в|ла|ло)\s+під\s+контроль", "retook", "gain", default_side="Ukraine"),
    # "ЗСУ змогли вибити окупантів з X", "змусили загарбників залишити X": the doer gains the place.
    _t(r"\b(?:удалось|удалось|вдалося|вдалось|змогли|смогли)\s+(?:\S+\s+){0,3}?(?:вибити|витіснити|выбить|вытеснить)\s+(?:\S+\s+){0,3}?(?:з|із|из)\b", "pushed out", "gain"),
    _t(r"\b(?:змуси(?:ли|в|ла)|примуси(?:ли|в|ла)|заставили|вынудили|вынудил)\s+(?:\S+\s+){0,3}?(?:залишити|покинути|оставить|покинуть|відступити\s+з|вийти\s+з|отступить\s+из|уйти\s+из)\b", "pushed out", "gain"),
    _t(r"\b(?:взя(?:ли|в|ти|ття)|взят(?:ие|ии|ия)?|взяли)\s+під\s+(?:свій\s+)?контроль|\b(?:взя(?:ли|л|ла|ть)|взят(?:ие|ии|ия|о|а)?)\s+под\s+(?:свой\s+)?контроль", "took control", "gain", "both"),
    _t(r"\bзахоп(?:или|ив|ила|лено|лена|лену|лений|лення)\b", "captured", "gain", "both", default_side="Russia"),
    _t(r"\bокупува(?:ли|в|ла)\b|\bокупован(?:а|у|ий|е|і|о)\b", "occupied", "gain", "both", default_side="Russia"),
    _t(r"\bзайня(?:ли|в|ла)\b", "took", "gain"),
    _t(r"\b(?:удалось|удалось|вдалося|вдалось|змогли|смогли)\s+(?:\S+\s+){0,3}?(?:освободить|взять|захватить|занять|звільнити|захопити|відбити|зайняти)\b", "took", "gain"),
    _t(r"\bосвобо(?:дили|дил|дила|ждены|жден|ждена|ждено|ждение|ждения|ждении)\b", "liberated", "gain", "both"),
    _t(r"\b(?:взят(?:ие|ии|ия)|взяли|взял)\b", "took", "gain"),
    _t(r"\bзахват(?:или|ил|ила|ен|ена|ено|е|а|у)?\b|\bзахвачен\w*", "captured", "gain", "both"),
    _t(r"\bзаня(?:ли|л|ла|в)\b|\bовладе(?:ли|л)\b", "took", "gain"),
    _t(r"\bустанови(?:ли|л)\s+(?:полный\s+)?контроль\s+над\b", "full control", "gain"),
    _t(r"\bконтрол(?:ь|ю)\s+над\b", "controls", "presence"),
    _t(r"\bзакріпи\w*\s+(?:в|у)\b|\bзакрепи\w*\s+(?:в|у)\b", "entrenched", "presence", partial=True),
    # Losses
    _t(r"\bwithdr(?:ew|awn|aw|aws|awing)(?:\s+(?!from\b)\S+){0,3}?\s+from\b", "withdrew", "loss"),
    _t(r"\bwithdrawal(?:\s+of(?:\s+(?!from\b)\S+){1,4}?)?\s+from\b", "withdrew", "loss"),
    _t(r"\bretreat(?:ed|s|ing)?\s+from\b", "retreated", "loss"),
    _t(r"\b(?:pulled|pull|pulls|pulling)(?:\s+\S+){0,2}?\s+(?:out\s+of|back\s+from|out\s+from)\b|\b(?:pulled|pull|pulls|pulling)\s+(?:back|out)\s+(?:\S+\s+){1,2}?from\b|\bpull-?out\s+from\b", "withdrew", "loss"),
    _t(r"\bfled(?:\s+from)?\b|\bevacuated\s+from\b", "withdrew", "loss"),
    _t(r"\bmoved\s+away\s+from\b|\bdeparted(?:\s+\S+){0,2}?\s+from\b", "withdrew", "loss"),
    _t(r"\b(?:gave|give|giving|gives)\s+up\b", "gave up", "loss"),
    _t(r"\b(?:left|leaving)\b", "left", "loss"),
    _t(r"\b(?:lost|losing|lose|loses)\b|\bloss\s+of\b", "lost", "loss"),
    _t(r"\babandon(?:ed|s|ing)?\b", "withdrew", "loss"),
    _t(r"\bвідійш(?:ли|ов|ла)\s+(?:від|з|із)\b|\bвийшли\s+(?:з|із)\b|\bвиведен\w*(?:\s+\S+){0,2}?\s+(?:з|із)\b", "withdrew", "loss", default_side="Ukraine"),
    _t(r"\bвідступ(?:или|ив|ає|ають)\s+(?:з|із|від)\b|\bотступа(?:ет|ют)\s+(?:из|от)\b", "retreated", "loss"),
    # "partial withdrawal from X", "частичный отход … из X": from part of it.
    _t(r"\bpartial\s+(?:withdrawal|retreat|pullout)(?:\s+of(?:\s+(?!from\b)\S+){1,4}?)?\s+from\b|\b(?:частичн\w+|частков\w+)\s+(?:вывод\w*|отход\w*|отступлени\w*|відхід|відходу|відступ\w*|виведенн\w*)(?:\s+(?!(?:с|из|от|з|із|від)\b)\S+){0,3}?\s+(?:с|из|от|з|із|від)\b", "withdrew", "loss", partial=True),
    # The withdrawal named as a noun: "вывод российских военных с острова X", "відхід окупантів з X".
    _t(r"\b(?:вывод|вывода|выводе|отступлени[еяю]|отход|отхода|отходе|виведення|відступ|відступу|відхід|відходу)(?:\s+(?!(?:с|из|от|з|із|від)\b)\S+){0,3}?\s+(?:с|из|от|з|із|від)\b", "withdrew", "loss"),
    _t(r"\b(?:сбежали|бежали|втекли|утекли)\s+(?:из|с|з|із)\b", "withdrew", "loss"),
    _t(r"\bзалиши(?:ли|в|ла)\b|\bпокину(?:ли|в|ла)\b", "left", "loss"),
    _t(r"\bотош(?:ли|ел)\s+(?:от|из)\b|\bвышли\s+из\b|\bвывел\w*(?:\s+\S+){0,2}?\s+из\b", "withdrew", "loss"),
    _t(r"\bотступи(?:ли|л)\s+(?:из|от)\b", "retreated", "loss"),
    _t(r"\bостави(?:ли|л|ла)\b|\bпокину(?:ли|л|ла)\b|\bпокида(?:ют|ет|ють|є)\b|\bзалиша(?:ють|є)\b|\bоставля(?:ют|ет)\b", "left", "loss"),
    _t(r"\b(?:ушли|ушел|ушёл|пішли|пішов)\s+(?:с|из|з|із)\b", "withdrew", "loss"),
    _t(r"\b(?:втрат(?:у|а|и)|потер(?:ю|я|и)|утрат(?:у|а|ы))(?:\s+(?:контролю|контроля)\s+над)?\b", "lost", "loss"),
    _t(r"\b(?:потеря(?:ли|л|ла)|утрати(?:ли|л|ла)|втрати(?:ли|в|ла))\b", "lost", "loss"),
    # Not control
    _t(r"\b(?:re-?entered|entered|enter|enters|entering)\b|\bmoved\s+into\b", "entered", "none"),
    _t(r"\b(?:advanced|advancing|advances|advance|made(?:\s+\S+)?\s+advances|making(?:\s+\S+)?\s+advances)(?:\s+\w+ly)?\s+(?:toward|towards|to|on|into|in)\b", "advanced near", "none"),
    # "advanced north of the city in the direction of the village of X": toward it, a few words on.
    _t(r"\b(?:advanced|advancing|advances|advance)(?:\s+(?!toward|towards|in\b)\S+){1,5}?\s+(?:in\s+the\s+direction\s+of|toward|towards)\b", "advanced near", "none"),
    # "advanced near the village of X, pushing Russian troops further away": a move in the area, which
    # says nothing of who holds X itself.
    _t(r"\b(?:advanced|advancing|advances|advance|made(?:\s+\S+)?\s+advances|making(?:\s+\S+)?\s+advances)(?:\s+\w+ly)?\s+(?:near|around|at)\b", "advanced in the area", "none"),
    _t(r"\breached(?:\s+the\s+(?:centre|center|outskirts|edge)\s+of)?\b", "reached", "none"),
    _t(r"\b(?:shelled|shelling|bombarded|bombarding|bombed)\b", "shelled", "none"),
    _t(r"\b(?:attacked|attacking|stormed|storming|assaulted)\b", "attacked", "none"),
    # "fighting for full control over X", "бої за повний контроль над X": not a hold, a fight.
    _t(r"\b(?:fighting|fight|battles?|бо(?:ї|и|ях)|боротьб\w*|борьб\w*)\s+(?:for|за)\s+(?:(?:full|complete|повний|полный)\s+)?(?:control|контроль)\s+(?:of|over|над)\b", "fighting", "none"),
    _t(r"\b(?:fighting|battles?|clashes|combat)\s+(?:for|in|near|around|over)\b|\b(?:competing|vying)\s+for\b", "fighting", "none"),
    # "the town of X, which is being fought for by both armies": the place is the subject.
    _t(r"\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:still\s+)?(?:being\s+)?(?:fought|contested)\s+(?:for|over)\b", "fighting", "none", "left"),
    # "the besieged Azovstal plant", "the siege of X", "блокада Х": one side inside, the other around it.
    _t(r"\b(?:besieged|encircled|blockaded)\s+(?=(?:the\s+)?[A-ZА-ЯІЇЄҐ])|\b(?:siege|encirclement|blockade)\s+of\b|\b(?:блокад\w*|облог\w*|осад\w*|оточенн\w*|окружени\w*)\s+(?=[A-ZА-ЯІЇЄҐ«\"])", "besieged", "none", flags=0),
    _t(r"\brepel(?:led|s|ling)?(?:\s+(?!near\b|at\b|in\b|around\b)\S+){0,3}?\s+(?:near|at|in|around)\b", "repelled", "none"),
    _t(r"\bвідби(?:ли|в|ла|вають|ває)(?:\s+(?!поблизу\b|біля\b|під\b|в\b|у\b)\S+){0,4}?\s+(?:поблизу|біля|під|в|у)\b|\bотби(?:ли|л|ла|вают|вает)(?:\s+(?!возле\b|у\b|под\b|в\b)\S+){0,4}?\s+(?:возле|у|под|в)\b", "repelled", "none"),
    # "Russian forces who broke through near X", "the breakthrough by Russian groups near X": an attack, not a hold.
    _t(r"\b(?:broke|break|breaking|broken)\s+through\s+(?:near|toward|towards|to|at)\b|\bbreak-?through(?:\s+(?!near\b)\S+){0,6}?\s+near\b|\bbreach(?:ed|es)?\s+near\b", "advanced near", "none"),
    _t(r"\b(?:destroy(?:ed|ing|s)?|blew\s+up|blown\s+up|destruction\s+of)(?:\s+\S+){0,2}?\s+bridges?\s+(?:in|near|around|over|across|at)\b", "destroyed bridges near", "none"),
    _t(r"\b(?:зайшли|увійшли|заходили)\s+(?:в|у|до)\b|\b(?:вошли|зашли)\s+в\b", "entered", "none"),
    _t(r"\bобстріля(?:ли|в|ла)\b|\bобстріл\w*|\bобстреля(?:ли|л)\b|\bобстрел\w*", "shelled", "none"),
    _t(r"\bпросуну\w*\s+(?:до|біля|в|у)\b|\bпродвину\w*\s+(?:к|у|в)\b", "advanced near", "none"),
)

# "…, dismissing Russian claims to have ousted them", "Ukraine disputes Russia claim on bridgehead seizure":
# a denial of a side's claims that names no place (it disputes that side's claims in the article).
SIDE_CLAIMS_DENIED = re.compile(
    r"\b(?:dismiss|reject|den(?:y|ies|ied|ying)|disput|refut|rebut|contradict)\w*\s+(?:the\s+)?"
    r"(?P<side>Russian|Russia|Moscow|Kremlin|Ukrainian|Ukraine|Kyiv)(?:['’]s)?\s+"
    r"(?:(?:military|army|defen[cs]e\s+ministry|MoD)(?:['’]s)?\s+)?(?:claims?|assertions?|reports?|statements?)\b"
    r"|\b(?:спростува\w*|заперечу\w*|опроверг\w*|опровер\w*)\s+(?:\S+\s+){0,2}?(?:заяв\w*|твердженн\w*|утверждени\w*)\s+"
    r"(?P<cyr>росі\w*|россий\w*|окупант\w*|оккупант\w*|Москв\w*|україн\w*|украин\w*|Києв\w*|Киев\w*|ЗСУ|ВСУ)",
    re.IGNORECASE,
)

# A surrender: those "holed up" in a place in the same sentence are there no longer.
SURRENDER = re.compile(
    r"\bsurrender(?:ed|ing|s)?\b|\blaid\s+down\s+(?:their\s+)?(?:arms|weapons)\b|\bсдал(?:ись|ся|ась)\b|\bсдаются\b"
    r"|\bздал(?:ися|ся|ася)\b|\bздаються\b|\bсложили\s+оружие\b|\bсклали\s+зброю\b",
    re.IGNORECASE,
)

# The deeds by which their doer gives a place up.
LOSS_ACTIONS = frozenset(t.action for t in _TRIGGERS if t.effect == "loss")

# Words that, before a trigger in its clause, make it no claim of a deed:
# intentions, attempts, forecasts, negations.
_DISPUTED_DEED = _t(r"$^", "alleged (disputed)", "dispute")
ATTEMPT_ACTION = "tried to take"
# Deeds of the side attacking a place: it does not hold the place (see index/holder.py).
ATTACK_ACTIONS = frozenset({"advanced near", "attacked", "shelled", "destroyed bridges near", ATTEMPT_ACTION})
_ATTEMPT = _t(r"$^", ATTEMPT_ACTION, "none")
_ATTEMPTS = _words(
    """
    trying tried try tries attempt attempts attempted attempting seeking sought storming struggling
    намагаються намагалися намагається пытаются пытались пытается штурмують штурмуют
    спробу спроби спроба попытку попытки попытка
    """
)

# A withdrawal said to have begun, or to go on gradually, has not given the place up yet.
BEGUN_ACTION = "began withdrawal"
_BEGUN = _t(r"$^", BEGUN_ACTION, "none")
_INCEPTIVES = _words(
    """
    started starting start starts began begun begin begins beginning gradually slowly
    поступово почали почав почала починають постепенно начали начал начала начинают
    """
)

_BLOCKERS = _words(
    """
    not n't never no trying tried try tries attempt attempts attempted attempting failed fail fails
    failing unable plan plans planned planning aim aims aimed aiming want wants wanted intend intends
    intended seek seeks sought hope hopes hoped vowed vows vow pledged pledging pledge threatened
    threatens threaten effort efforts bid pressing would could might may will shall unlikely cannot
    can't resolve operations push pushing set poised goal goals possible possibly if whether
    не ні намага намагалися намагалася спроб спробу спроби планують плануют хочуть хотят пытались
    пытаются попытки попытка попытку неспроможні можуть могут буде будут
    намагаються намагається намагався пытается
    """
)
# Verbs of preventing: the deed they govern did not happen, and no one is said to have tried it.
_PREVENTS = _words("prevent prevented preventing prevents завадити зашкодити перешкодити помешать помешали воспрепятствовать")
_BLOCKERS |= _PREVENTS
_ORDERS = _words("ordered orders order ordering наказав приказал приказ")
# After "to", only these make the verb a reported deed: "claimed to have
# retaken", "forced to withdraw", "decided to withdraw".
_TO_ALLOWED = _words(
    """
    claimed claims claim said reported reportedly appear appears appeared seem seems seemed managed
    forced decided decision had has have able begun began started continue continues continued
    permission manoeuvre maneuver made order allowed
    """
)
_DETERMINERS = _words("the a an its their his her our this these those")
_CLAUSE_BREAKS = _words(", ; : — – ( ) that which who while but whereas because although however")

# Words that end the noun phrase before a place.
_BREAK_WORDS = _words(
    """
    near around in at to from by on with after before during since until toward towards into over under
    outside beyond across through and or but while as that which who whom where when because if than
    is are was were be been being has have had will would could should may might can do does did not
    for so said says say told claimed reported according per via due amid despite following
    north south east west northeast northwest southeast southwest north-east north-west south-east
    south-west
    в у на з із зі до від біля під над за через після та і й а але що який яка яке які де коли як бо
    из к около после и но что который которая которое которые где когда как при от для
    бойцами силами войсками военнослужащими подразделениями штурмовиками військами підрозділами бійцями
    військовими воїнами группировки группировка угруповання угрупування бригады бригади
    """
)
_DIRECTIONS = _words(
    "north south east west northeast northwest southeast southwest north-east north-west south-east south-west"
)
# Words that may stand between two places of one list: "…, а також із селища X", "and the nearby village of Y".
_LIST_FILLERS = _words(
    """
    of from nearby neighbouring neighboring villages-satellites з із від зі из от со село селище селища села місто
    міста город города поселок посёлка
    """
)
# "Claims … that Russian forces have taken X are likely inaccurate", "Інформація про … захоплення X не
# відповідає дійсності": a report of a deed whose own predicate calls it untrue.
UNTRUE_PREDICATE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:not\s+true|untrue|false|inaccurate|incorrect|fake|baseless|groundless)\b"
    r"|\bне\s+відповіда\w*\s+дійсності|\bне\s+соответству\w*\s+действительности|\b(?:є|является)\s+фейк\w*",
    re.IGNORECASE,
)
REPORT_NOUN = re.compile(
    r"\b(?:claims?|reports?|information|statements?|allegations?|інформаці\w*|заяв\w*|повідомленн\w*|"
    r"информаци\w*|сообщени\w*|утверждени\w*)\b",
    re.IGNORECASE,
)
# A deed called "alleged", "false" or "so-called" in its own clause is disputed, not claimed.
_DISPUTING = _words("alleged allegedly false fake so-called purported нібито начебто мнимий якобы мнимого мнимое фейк")
# Civilians leaving a place is no military loss of it: "the occupation administration left X".
_CIVILIANS = _words(
    """
    administration administrations officials residents civilians people population families collaborators
    адміністрація адміністрації адміністрацію мешканці жителі населення цивільні колаборанти
    администрация администрации жители население мирные коллаборанты
    """
)
# Those who fight: beside civilians in a clause, the nearer to the verb is its subject.
_TROOPS = _words(
    """
    forces troops army units soldiers military servicemen marines brigade battalion garrison
    військові війська військ підрозділи бійці зсу войска войск военные подразделения бойцы всу
    """
)
_COUNTING = _words("first second third another a an one two three four five several some many more other few")
_SETTLEMENT_NOUNS = _words("village town city settlement hamlet villages towns cities settlements")
_PLURAL_SETTLEMENT_NOUNS = _words("villages towns cities settlements")
# Words that open a list of the places a deed governs: "seven settlements were liberated, including A, B
# and C", "all of Kyiv Oblast, namely the towns of A and B".
_ENUMERATION_MARKERS: tuple[tuple[str, ...], ...] = (
    ("including",), ("namely",), ("such", "as"), ("among", "them"), ("in", "particular"),
    ("зокрема",), ("у", "тому", "числі"), ("в", "тому", "числі"), ("серед", "них"), ("а", "саме"),
    ("включая",), ("в", "том", "числе"), ("среди", "них"), ("а", "именно"),
)
# Nouns of several places, the head a list may enumerate ("settlements", "населених пунктів").
_PLACES_NOUNS = _words(
    """
    villages towns cities settlements localities hamlets communities
    населені населених пункти пунктів села сіл селища міста міст
    населенные населенных пункты пунктов сёла сел поселки поселков города городов
    """
)
_REGION_HEADS = _words("region oblast province область області регіон регион")
_CONNECTORS = _words(", and & та і й и а також also as well")
_PARTIAL_MARKERS: tuple[tuple[str, ...], ...] = (
    ("a", "large", "part", "of"), ("large", "parts", "of"), ("a", "part", "of"), ("part", "of"),
    ("parts", "of"), ("most", "of"), ("much", "of"), ("half", "of"), ("nearly", "all", "of"),
    ("almost", "all", "of"), ("the", "majority", "of"), ("sections", "of"),
    ("більшу", "частину"), ("більша", "частина"), ("частину",), ("частина",), ("половину",),
    ("большую", "часть"), ("большая", "часть"), ("часть",),
    # "in the western part of X", "в самой западной части X", "частини селища X", "two-thirds of X".
    ("части",), ("частині",), ("частини",), ("two-thirds", "of"), ("two", "thirds", "of"), ("две", "трети"),
    ("дві", "третини"), ("позиций", "в"), ("позиций", "у"), ("позицій", "в"), ("позицій", "у"),
    # "captured positions in X", "захватили позиции в X": a foothold, not the place.
    ("positions", "in"), ("positions", "inside"), ("позиции", "в"), ("позиции", "у"), ("позиції", "в"),
    ("позиції", "у"), ("позиціях", "в"), ("позиціях", "у"),
)
# Words before a place that leave the whole of it meant: "left the rest of X", "решту частин X".
_REST_MARKERS: tuple[tuple[str, ...], ...] = (
    ("the", "rest", "of"), ("rest", "of"), ("the", "remainder", "of"), ("what", "remained", "of"),
    ("решту", "частин"), ("решту",), ("остальную", "часть"), ("оставшуюся", "часть"),
)
_AREA_MARKERS: tuple[tuple[str, ...], ...] = (
    ("the", "outskirts", "of"), ("outskirts", "of"), ("the", "area", "around"), ("the", "areas", "around"),
    ("the", "area", "surrounding"), ("the", "areas", "surrounding"), ("areas", "around"),
    ("areas", "surrounding"), ("the", "area", "near"), ("the", "areas", "near"), ("околиці",), ("околиць",),
    ("окраины",), ("окраин",),
)
_OCCUPIERS = _words("окупантів загарбників ворога окупантов оккупантов захватчиков")
_OCCUPIER_ADJ = _words("російських рашистських русских российских")
_LEFT_SKIP = _words(
    """
    now still already fully completely entirely reportedly also is are was were has have had been being
    remains remained largely effectively officially firmly наразі вже зараз тепер уже сейчас тимчасово
    ще повністю полностью також также
    офіційно официально
    був була було були є буде был была было были будет находится находятся знаходиться знаходяться
    перебуває перебувають остается остаются залишається залишаються
    """
)
# A relative clause opening after a comma: ", which …", ", часть которой …", ", яка …". Its
# doers and dates are its own, not those of the deed before it.
RELATIVE_OPENING = (
    r",\s+(?:(?:part|much|most|some|часть|частина|большая\s+часть|більша\s+частина)\s+(?:of\s+)?)?"
    r"(?:котор\w+|як(?:а|ий|е|і|ої|ого|ій|их|ому)\b|which\b|whose\b)"
)
# "X, which is being fought for": a relative pronoun after a comma stands for the place before it.
_RELATIVES = _words("which що який яка яке які который которая которое которые")
# Words after a name that make it the name of an area, not the place: "the Kupiansk district", "Berdiansk
# direction", "the Toretsk agglomeration", "на Курахівському напрямку".
_AREA_TYPES = _words(
    """
    hromada hromadas district raion громада громади громаді громаду району район районі
    direction axis sector agglomeration community напрямку напрямі напрямок направлении направление
    """
)
_ANAPHORA_NOUNS = _words("city town village settlement")

# German, French, Spanish and Italian words for the same rules (index/claim_languages.py).
_ATTEMPTS |= langs.ATTEMPTS
_BLOCKERS |= langs.BLOCKERS
_CLAUSE_BREAKS |= langs.CLAUSE_BREAKS
_BREAK_WORDS |= langs.BREAK_WORDS
_LIST_FILLERS |= langs.OF_WORDS | langs.SETTLEMENT_NOUNS | langs.PLURAL_SETTLEMENT_NOUNS
_CONNECTORS |= langs.CONNECTORS
_LEFT_SKIP |= langs.LEFT_SKIP
_ANAPHORA_NOUNS |= langs.SETTLEMENT_NOUNS
_SETTLEMENT_NOUNS |= langs.SETTLEMENT_NOUNS | langs.PLURAL_SETTLEMENT_NOUNS
_PLURAL_SETTLEMENT_NOUNS |= langs.PLURAL_SETTLEMENT_NOUNS
_OF_WORDS = frozenset({"of"}) | langs.OF_WORDS
_DEFINITE = frozenset({"the", "this"}) | langs.DEFINITE  # "this settlement" refers back as "the settlement" does
def _scripts(pattern: str) -> frozenset[str]:
    """The alphabets a trigger's words are written in (a sentence in another can't match it)."""
    words = re.sub(r"\\[A-Za-z]|\(\?[:!=<P]+(?:<\w+>)?|\[[^\]]*\]", " ", pattern)
    found = set()
    if re.search(r"[A-Za-z]{2}", words):
        found.add("latin")
    if re.search(r"[А-Яа-яІіЇїЄєҐґЁё]", words):
        found.add("cyrillic")
    return frozenset(found or {"latin", "cyrillic"})


_TRIGGER_SCRIPTS = tuple(_scripts(t.pattern.pattern) for t in _TRIGGERS)
# German, French, Spanish and Italian triggers run on sentences in their language only.
_FOREIGN_TRIGGERS = tuple((_t(*row), lang) for lang, rows in langs.TRIGGERS.items() for row in rows)
_TRIGGERS += tuple(t for t, _ in _FOREIGN_TRIGGERS)
_FOREIGN = frozenset(t for t, _ in _FOREIGN_TRIGGERS)
_TRIGGER_SCRIPTS += tuple(frozenset({lang}) for _, lang in _FOREIGN_TRIGGERS)
