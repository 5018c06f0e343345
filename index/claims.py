"""Claims from sentences: who says which side did what to which place, and when.

Rules over the sentence, no model. A trigger (took, withdrew from, звільнили,
под контролем, ...) is found first; the places are read from the noun phrase
after it (or before it, for passives and "is under the control of"), with
enumerations giving one claim per place; the side is the nearest side named
before the trigger (or after "by"); the claimant is the party the sentence
attributes it to ("according to X", "X said", "This was reported by X" in the
next sentence, "It added" after an earlier sentence), else the outlet itself.

`holder_from_claims` turns the claims about one place into who holds it, and
`timeline` orders them newest first.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from index import claim_languages as langs
from index import places
from index.caveats import verification_statements
from index.claimants import (
    BACK_REFERENCE,
    OPEN_QUOTE,
    ArticleState,
    Attribution,
    Entity,
    alignment,
    attributions,
    entities,
)
from index.dates import Precision, find_dates
from index.gazetteer import gazetteer
from index.holder import holder_from_claims, timeline
from index.models import Article, Claim, ClaimantKind, Holder, Passage, Side, Span
from index.passages import sentences

# Stored claims are re-read from their articles when this changes (Engine.refresh_claims):
# bump it with any change to the rules that changes what they extract.
CLAIM_RULES = "2026-12-02.47+claimed-x"


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
_ADV = r"(?:\s+(?:now|still|already|fully|completely|effectively|firmly|reportedly|largely|entirely|officially))*"

# Earlier entries win when two triggers start at the same place and are as long.
_TRIGGERS: tuple[_Trigger, ...] = (
    # Denials and non-confirmations: the place is disputed, not lost or won.
    _t(r"\b(?:has|have|had|did|does|do)(?:\s+not|n['’]t)(?:\s+yet)?(?:\s+officially)?\s+confirm(?:ed)?\s+(?:the\s+)?(?:loss\s+of|capture\s+of|fall\s+of|losing)", "did not confirm", "dispute"),
    _t(r"\bcannot\s+say(?:\s+today)?\s+that", "disputed", "dispute"),
    _t(r"\b(?:refrained|refrains)\s+from\s+mentioning\b|\bmade\s+no\s+mention\s+of\b|\b(?:did|does|has|have)\s+not\s+mention(?:ed)?\b", "did not confirm", "dispute"),
    _t(r"\b(?:made|gave|has\s+made|have\s+made)\s+no\s+acknowledg(?:e)?ment\s+that|\b(?:did|has|have)\s+not\s+acknowledged?\s+(?:that|the\s+(?:loss|capture|fall)\s+of)", "did not confirm", "dispute"),
    _t(r"\b(?:denied|denies|deny|disputed|disputes)\s+(?:that|reports?\s+that|claims?\s+that)\b", "disputed", "dispute"),
    _t(r"\bне\s+(?:підтверджу\w*|підтверди\w*|визна\w*|подтвержда\w*|подтверди\w*|призна\w*)(?:\s+\S+){0,3}?\s+(?:інформаці\w*|информаци\w*|втрат\w*|потер\w*|захопленн\w*|взяти\w*|захват\w*|этого|цього|це|это)\b|\bспростува\w*|\bопроверг\w*", "did not confirm", "dispute"),
    _t(r"\b(?:rejected|denied|dismissed|refuted|refutes|debunked)(?:\s+\S+){0,3}?\s+(?:statements?|claims?|reports?|information)\s+(?:about|of|that|to)", "disputed", "dispute"),
    # "Russia says it took X; Kyiv denies it": a denial of the deed the sentence has just named.
    _t(r"\b(?:denies|denied|deny|rejects|rejected|refutes|refuted|disputes|disputed)\s+(?:it|this|that|the\s+(?:claims?|reports?|information)|these\s+(?:claims|reports))\b(?!\s+(?:about|of|that|to)\b)", "denied it", "dispute"),
    # Flags
    _t(r"\b(?:rais(?:ed|ing|es|e)|hoist(?:ed|ing|s)?|plant(?:ed|ing|s)?|hung|hang(?:ing)?)\s+(?:the\s+|their\s+|an?\s+)?(?:(?:Ukrainian|Russian|national|state)\s+)*flags?\s+(?:(?P<part>at\s+various\s+(?:spots|places|points)\s+in|in\s+parts\s+of)|all\s+over|in|over|above|at|on)\b", "raised flags", "gain"),
    _t(r"\b(?:підня(?:ли|в|ла)|піднято|встанови(?:ли|в))\s+(?:(?:український|державний|національний)\s+)?прапор(?:\s+України)?\s+(?:над|у|в|на)\b", "raised flags", "gain", default_side="Ukraine"),
    # "The Ukrainian flag was hoisted above X", "the Ukrainian flag flies again over X": the flag is the subject.
    _t(r"\b(?P<side>Ukrainian|Russian)\s+(?:national\s+|state\s+)?flags?\s+(?:(?:was|were|has\s+been|had\s+been|is|are)\s+)?(?:(?:raised|hoisted|planted|hung|flies|flying|fly|waves|waving|is\s+flying|again|once\s+more|now)\s+){1,3}(?:in|over|above|at|on)\b", "raised flags", "gain"),
    # Falls
    _t(r"\b(?:fell|falls|fall|falling)\s+(?:in)?to\s+(?:the\s+)?(?P<side>Russians?|Ukrainians?|Russian\s+(?:forces|troops|army)|Ukrainian\s+(?:forces|troops|army)|Russia|Ukraine|Moscow|Kyiv)\b", "fell", "fall", "left"),
    _t(r"\b(?:fell|falls|fall|falling)\s+into\s+(?P<side>Russian|Ukrainian)\s+hands\b", "fell", "fall", "left"),
    # Who holds it now (the place is the subject)
    _t(r"\b(?:is|are|was|were|remains?|remained)" + _ADV + r"\s+under\s+(?:the\s+)?(?:(?:full|complete|total)\s+)?(?:\(?(?:Russian|Ukrainian|(?P<side>Russia|Ukraine|Kyiv|Moscow)['’]s)\)?\s+)?(?:control|occupation)(?:\s+of)?\b", "under control", "presence", "left"),
    _t(r"\b(?:is|are|was|were|remains?|remained)" + _ADV + r"\s+in\s+(?:Russian|Ukrainian)\s+hands\b", "under control", "presence", "left"),
    _t(r"\b(?:is|are|was|were)" + _ADV + r"\s+(?:controlled|held)\s+by\b", "under control", "presence", "left"),
    # "Нова Каховка поки що не звільнена", "X has not yet been liberated": still the occupier's.
    _t(r"\b(?:ще|поки\s+що|досі|еще|пока|до\s+сих\s+пор)\s+не\s+(?:звільнен\w*|деокупован\w*|освобожден\w*)|\b(?:has|have|is|are|was|were)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:liberated|freed|de-?occupied)\b", "not yet liberated", "presence", "left", default_side="Russia", fixed_side=True),
    # "X came under the control of the Armed Forces of Ukraine", "X перейшов під контроль ЗСУ": a gain by the side after.
    _t(r"\b(?:came|comes|come|coming|passed|fell)\s+under\s+(?:the\s+)?(?:(?:full|complete|total)\s+)?(?:control|occupation)(?:\s+of)?\b", "came under control", "gain", "left"),
    _t(r"\b(?:перейш(?:ов|ла|ло|ли)|перешл(?:а|о|и)|перешел|перешёл)\s+(?:(?:повністю|полностью)\s+)?(?:під|под)\s+(?:(?:повний|полный)\s+)?контроль\b", "came under control", "gain", "left"),
    _t(r"\b(?:під|под)\s+(?:(?:повним|полным|тимчасовим)\s+)?контролем\b", "under control", "presence", "both"),
    _t(r"\b(?:перебуває|перебувають|знаходиться|залишається|находится|остается)\s+під\s+(?:(?:російською|тимчасовою)\s+)*окупацією\b", "occupied", "presence", "left", default_side="Russia"),
    _t(r"\bпотрапил\w*\s+(?:в|під)\s+окупаці\w*", "occupied", "presence", "left", default_side="Russia"),
    # Passives (the place is the subject)
    _t(r"\b" + _AUX + _ADV + r"\s+(?:re)?(?:captured|taken|liberated|seized|occupied|conquered|freed|deoccupied)(?:\s+back)?\b", "captured", "gain", "left"),
    _t(r"\b(?:liberated|captured|seized|occupied|retaken|recaptured|freed)\s+by\b", "captured", "gain", "left"),
    # Control
    _t(r"\b(?:took|take|takes|taking|taken|retook|retake|retaking|retaken)\s+(?:back\s+)?(?:(?:full|complete|total)\s+)?control\s+(?:of|over)\b", "took control", "gain"),
    _t(r"\b(?:re-?established|established|establish|establishing|gained|gain|gaining|assumed|won|restored|seized|seize|seizing)\s+(?:(?:full|complete|total)\s+)?control\s+(?:of|over)\b", "gained control", "gain"),
    _t(r"\b(?:regained|regain|regaining)\s+(?:(?:full|complete|total)\s+)?control\s+(?:of|over)\b", "regained control", "gain"),
    _t(r"\b(?:full|complete|total)\s+control\s+(?:of|over)\b", "full control", "gain"),
    # "Moscow claimed Ostrivne": a capture, in the claimant's word.
    # (Not "claims X captured": the participle names the deed.)
    _t(r"\b(?:claimed|claims)\s+(?=[A-ZА-ЯІЇЄҐ][\w’'-]+(?:\s|[,.;]))(?![\w’'-]+\s+(?:captured|liberated|taken|seized|occupied|freed|fell|has|have|had|was|were|is|are)\b)", "claimed", "gain", flags=0),
    # "Russia formally claims control of X" (not "… to claim control", an aim).
    _t(r"\b(?:claims|claimed|announced|announces|declared|declares)\s+(?:its\s+|their\s+)?(?:full\s+|complete\s+)?control\s+(?:of|over)\b", "claimed control", "gain"),
    _t(r"\bin\s+(?:(?:full|complete|total)\s+)?control\s+of\b", "in control", "presence"),
    _t(r"\b(?:controls|controlled|controlling)\b(?!\s+by)|\b(?:still|now|firmly|fully|also)\s+control\b(?!\s+(?:of|over))", "controls", "presence"),
    _t(r"(?<![-\w])(?:still\s+|firmly\s+)?(?:holds?|holding|held)\b(?!\s+(?:back|out|on|off|talks|by|up)\b)", "holds", "presence"),
    _t(r"\b(?:утриму(?:ють|є|ють|вали|вав)|контролю(?:ють|є|вали))\b|\b(?:удержива(?:ют|ет|ли)|контролиру(?:ют|ет))\b", "holds", "presence"),
    _t(r"\bбо(?:ї|и|ях|ёв)\s+(?:за|біля|в|у|под|около)\b", "fighting", "none"),
    _t(r"\b(?:gained|gains|gain|gaining|established|establish|establishes|secured|secure|has|have|had)\s+(?:a\s+)?foothold\s+in\b|\b(?:established|secured|took\s+up)\s+(?:a\s+)?positions?\s+in\b", "gained a foothold", "presence", partial=True),
    # Entrenching in a settlement is a foothold in it, not the settlement.
    _t(r"\b(?:consolidated|entrenched|entrench|dug\s+in)\s+(?:themselves\s+)?in\b", "entrenched", "presence", partial=True),
    _t(r"\b(?:forces|troops|units|soldiers)\s+(?:were|are|remain(?:ed|s)?)(?:\s+still)?\s+(?:in|inside)\b", "still in", "presence"),
    _t(r"\b(?:ще\s+|досі\s+|еще\s+|до\s+сих\s+пор\s+)?(?:(?:тимчасово|временно|все\s+ще|всё\s+ещё)\s+)?(?:перебува(?:ють|ли|є)|залишаю\w*|находя\w*|остаю\w*)\s+(?:в|у)\b", "still in", "presence", "both"),
    # "Ostrivne, a town in the Ukrainian-controlled part of ...": the appositive's place.
    _t(r",\s+an?\s+(?:\w+\s+)?(?:town|village|city|settlement)\s+in\s+(?:the\s+)?(?P<side>Russian|Ukrainian|Kyiv|Moscow)[-\s](?:controlled|held|occupied)\b", "held (as described)", "presence", "left"),
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
    _t(r"\bconquer(?:ed|s|ing)?\b|\bconquest\s+of\b", "conquered", "gain"),
    # "occupied Beryslav": who holds it, as the writer says; in this war's news the occupier is Russia.
    _t(r"(?:\b(?:the|of|in|and|from|to|near|at|into|toward|towards|for|on|with)\s+|,\s+|^)(?:(?:still|temporarily)\s+)?occupied\s+(?=[A-ZА-ЯІЇЄҐ])", "held (as described)", "presence", default_side="Russia", flags=0),
    _t(r"\boccup(?:ied|ies|ying|y)\b", "occupied", "gain"),
    _t(r"\b(?:were|was|been|being|got)\s+(?:\w+ly\s+)?(?:driven|pushed|forced|knocked|kicked|expelled|ousted)\s+out\s+(?:of|from)\b", "were driven out", "loss"),
    # "announced the capture of X", "highlighted the capture of the village of X": a deed reported as a noun.
    _t(r"\b(?:announc\w+|report\w+|claim\w+|complet\w+|confirm\w+|highlight\w+|celebrat\w+|hail\w+)\s+(?:\w+\s+){0,3}?(?:the\s+)?(?:full\s+|complete\s+)?(?:capture|takeover|seizure|liberation)\s+of\b", "captured", "gain"),
    _t(r"\b(?:pushed|drove|driven|expelled|ousted|knocked|kicked)\s+(?:\S+\s+){0,3}?out\s+(?:of|from)\b", "pushed out", "gain"),
    _t(r"\b(?:pushed|drove|knocked|kicked|forced)\s+out\s+(?:the\s+)?(?:\S+\s+){1,3}?(?:of|from)\b", "pushed out", "gain"),
    _t(r"\b(?:витісни(?:ли|в|ла)|вибили|вибив)\s+(?:\S+\s+){0,3}?(?:з|із)\b|\b(?:вытесни(?:ли|л|ла)|выбили|выбил)\s+(?:\S+\s+){0,3}?из\b", "pushed out", "gain"),
    _t(r"\b(?:довел(?:ося|ось)|змушені\s+були|мусили|пришлось|вынуждены\s+были)\s+(?:відступити|вийти|залишити|піти|отступить|выйти|оставить|уйти)\s+(?:з|із|від|из|от)?\b", "withdrew", "loss", default_side="Ukraine"),
    _t(r"\b(?:почти|майже|практически|практично)\s+(?:полностью|повністю)\s+(?:потеряли|втратили)\s+контроль\s+над\b", "lost most of", "loss", partial=True),
    _t(r"\b(?:звільн(?:или|ив|ила|ило|ено|ена|ену|ений|ене|ені|ення|яють|яли))\b", "liberated", "gain", "both", default_side="Ukraine"),
    _t(r"\b(?:визвол(?:или|ив|ила|ено|ена|ення))\b|\bдеокуп\w*", "liberated", "gain", "both", default_side="Ukraine"),
    _t(r"\bвідвоюва\w*|\bповерну(?:ли|в)\s+під\s+контроль", "retook", "gain", default_side="Ukraine"),
    _t(r"\b(?:взя(?:ли|в|ти|ття)|взят(?:ие|ии|ия)?|взяли)\s+під\s+(?:свій\s+)?контроль|\b(?:взя(?:ли|л|ла|ть)|взят(?:ие|ии|ия|о|а)?)\s+под\s+(?:свой\s+)?контроль", "took control", "gain"),
    _t(r"\bзахоп(?:или|ив|ила|лено|лена|лену|лений|лення)\b", "captured", "gain", "both", default_side="Russia"),
    _t(r"\bокупува(?:ли|в|ла)\b|\bокупован(?:а|у|ий|е|і|о)\b", "occupied", "gain", "both", default_side="Russia"),
    _t(r"\bзайня(?:ли|в|ла)\b", "took", "gain"),
    _t(r"\b(?:удалось|удалось|вдалося|вдалось|змогли|смогли)\s+(?:\S+\s+){0,3}?(?:освободить|взять|захватить|занять|звільнити|захопити|відбити|зайняти)\b", "took", "gain"),
    _t(r"\bосвобо(?:дили|дил|дила|ждены|жден|ждена|ждено|ждение|ждения|ждении)\b", "liberated", "gain", "both"),
    _t(r"\b(?:взят(?:ие|ии|ия)|взяли|взял)\b", "took", "gain"),
    _t(r"\bзахват(?:или|ил|ила|ен|ена|ено)\b|\bзахвачен\w*", "captured", "gain", "both"),
    _t(r"\bзаня(?:ли|л|ла)\b|\bовладе(?:ли|л)\b", "took", "gain"),
    _t(r"\bустанови(?:ли|л)\s+(?:полный\s+)?контроль\s+над\b", "full control", "gain"),
    _t(r"\bконтрол(?:ь|ю)\s+над\b", "controls", "presence"),
    _t(r"\bзакріпи\w*\s+(?:в|у)\b|\bзакрепи\w*\s+(?:в|у)\b", "entrenched", "presence"),
    # Losses
    _t(r"\bwithdr(?:ew|awn|aw|aws|awing)(?:\s+(?!from\b)\S+){0,3}?\s+from\b", "withdrew", "loss"),
    _t(r"\bwithdrawal(?:\s+of(?:\s+(?!from\b)\S+){1,4}?)?\s+from\b", "withdrew", "loss"),
    _t(r"\bretreat(?:ed|s|ing)?\s+from\b", "retreated", "loss"),
    _t(r"\b(?:pulled|pull|pulls|pulling)(?:\s+\S+){0,2}?\s+(?:out\s+of|back\s+from|out\s+from)\b", "withdrew", "loss"),
    _t(r"\bmoved\s+away\s+from\b|\bdeparted(?:\s+\S+){0,2}?\s+from\b", "withdrew", "loss"),
    _t(r"\b(?:gave|give|giving|gives)\s+up\b", "gave up", "loss"),
    _t(r"\b(?:left|leaving)\b", "left", "loss"),
    _t(r"\b(?:lost|losing|lose|loses)\b|\bloss\s+of\b", "lost", "loss"),
    _t(r"\babandon(?:ed|s|ing)?\b", "withdrew", "loss"),
    _t(r"\bвідійш(?:ли|ов|ла)\s+(?:від|з|із)\b|\bвийшли\s+(?:з|із)\b|\bвиведен\w*(?:\s+\S+){0,2}?\s+(?:з|із)\b", "withdrew", "loss", default_side="Ukraine"),
    _t(r"\bвідступи(?:ли|в)\s+(?:з|із|від)\b", "retreated", "loss"),
    _t(r"\bзалиши(?:ли|в|ла)\b|\bпокину(?:ли|в|ла)\b", "left", "loss"),
    _t(r"\bотош(?:ли|ел)\s+(?:от|из)\b|\bвышли\s+из\b|\bвывел\w*(?:\s+\S+){0,2}?\s+из\b", "withdrew", "loss"),
    _t(r"\bотступи(?:ли|л)\s+(?:из|от)\b", "retreated", "loss"),
    _t(r"\bостави(?:ли|л|ла)\b|\bпокину(?:ли|л|ла)\b", "left", "loss"),
    _t(r"\b(?:втрат(?:у|а|и)|потер(?:ю|я|и)|утрат(?:у|а|ы))(?:\s+(?:контролю|контроля)\s+над)?\b", "lost", "loss"),
    _t(r"\b(?:потеря(?:ли|л|ла)|утрати(?:ли|л|ла)|втрати(?:ли|в|ла))\b", "lost", "loss"),
    # Not control
    _t(r"\b(?:re-?entered|entered|enter|enters|entering)\b|\bmoved\s+into\b", "entered", "none"),
    _t(r"\b(?:advanced|advancing|advances|advance|made(?:\s+\S+)?\s+advances|making(?:\s+\S+)?\s+advances)(?:\s+\w+ly)?\s+(?:near|toward|towards|to|on|into|in|around|at)\b", "advanced near", "none"),
    _t(r"\breached(?:\s+the\s+(?:centre|center|outskirts|edge)\s+of)?\b", "reached", "none"),
    _t(r"\b(?:shelled|shelling|bombarded|bombarding|bombed)\b", "shelled", "none"),
    _t(r"\b(?:attacked|attacking|stormed|storming|assaulted)\b", "attacked", "none"),
    _t(r"\b(?:fighting|battles?|clashes|combat)\s+(?:for|in|near|around|over)\b", "fighting", "none"),
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

# Words that, before a trigger in its clause, make it no claim of a deed:
# intentions, attempts, forecasts, negations.
_DISPUTED_DEED = _t(r"$^", "alleged (disputed)", "dispute")
_ATTEMPT = _t(r"$^", "tried to take", "none")
_ATTEMPTS = _words(
    """
    trying tried try tries attempt attempts attempted attempting seeking sought storming struggling
    намагаються намагалися намагається пытаются пытались пытается штурмують штурмуют
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
    пытаются попытки попытка неспроможні можуть могут буде будут
    """
)
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
_COUNTING = _words("first second third another a an one two three four five several some many more other few")
_SETTLEMENT_NOUNS = _words("village town city settlement hamlet villages towns cities settlements")
_PLURAL_SETTLEMENT_NOUNS = _words("villages towns cities settlements")
_REGION_HEADS = _words("region oblast province область області регіон регион")
_CONNECTORS = _words(", and & та і й и а також also as well")
_PARTIAL_MARKERS = (
    ("a", "large", "part", "of"), ("large", "parts", "of"), ("a", "part", "of"), ("part", "of"),
    ("parts", "of"), ("most", "of"), ("much", "of"), ("half", "of"), ("nearly", "all", "of"),
    ("almost", "all", "of"), ("the", "majority", "of"), ("sections", "of"),
    ("більшу", "частину"), ("більша", "частина"), ("частину",), ("частина",), ("половину",),
    ("большую", "часть"), ("большая", "часть"), ("часть",),
    # "captured positions in X", "захватили позиции в X": a foothold, not the place.
    ("positions", "in"), ("positions", "inside"), ("позиции", "в"), ("позиции", "у"), ("позиції", "в"),
    ("позиції", "у"), ("позиціях", "в"), ("позиціях", "у"),
)
_AREA_MARKERS = (
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
    """
)
_AREA_TYPES = _words("hromada hromadas district raion громада громади громаді громаду району район районі")
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
_DEFINITE = frozenset({"the"}) | langs.DEFINITE

_TOKEN = re.compile(r"[^\W_](?:[\w’'ʼ‘`´\-]*[^\W_])?|[^\w\s]")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    common: bool = False  # a capitalized common noun or function word of another language: no name

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


def _tokenize(text: str, languages: frozenset[str] = frozenset()) -> list[_Tok]:
    tokens = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not languages:
        return tokens
    if languages & langs.ELIDING:  # "l'armée", "dell'Ucraina": the article is a word of its own
        split: list[_Tok] = []
        for t in tokens:
            m = langs.ELISION.match(t.text)
            if m:
                split.append(_Tok(t.text[: m.end()], t.start, t.start + m.end()))
                t = _Tok(t.text[m.end() :], t.start + m.end(), t.end)
            split.append(t)
        tokens = split
    common = langs.common_nouns([t.text for t in tokens], languages)
    return [replace(t, common=True) if k in common else t for k, t in enumerate(tokens)]


# ---------------------------------------------------------------------------
# Sides


_UA_NOUNS = (
    r"invaders|occupiers|occupying\s+forces|infantry|(?:assault\s+|infantry\s+)?groups|stormtroopers|armed\s+forces|defen[cs]e\s+forces|forces|troops|army|military|soldiers|units|servicemen|defenders|"
    r"fighters|paratroopers|marines|brigades?|battalions?|officials|authorities|command|commanders?|"
    r"president|chief|commander-in-chief|government|general\s+staff|ministry|minister|side|tank\s+crews|artillery|"
    r"navy|air\s+force|counteroffensive|counter-offensive|operators|group\s+of\s+troops"
)
_SIDE_PATTERNS: tuple[tuple[re.Pattern[str], Side], ...] = (
    (re.compile(r"\b(?:Ukrain(?:e|ian)|Kyiv|Kiev)(?:['’]s)?(?:[\s-]+[\w-]+){0,3}?[\s-]+(?:" + _UA_NOUNS + r")\b", re.IGNORECASE), "Ukraine"),
    (re.compile(r"\b(?:Russia|Russian|Moscow|Kremlin)(?:['’]s)?(?:[\s-]+[\w-]+){0,3}?[\s-]+(?:" + _UA_NOUNS + r")\b", re.IGNORECASE), "Russia"),
    (re.compile(r"\b(?:Armed|Defen[cs]e)\s+Forces\s+of\s+Ukraine\b|\b(?:the\s+)?Ukrainians\b|\bAFU\b|\bZSU\b"), "Ukraine"),
    (re.compile(r"\b(?:the\s+)?Russians\b|\bpro-Russian\s+(?:separatists|rebels|forces|fighters)\b|\bseparatists\b|\bLPR\b|\bDPR\b|\b(?:Luhansk|Donetsk)\s+People['’]s\s+Republic\b|\bpeople['’]s\s+militia\b|\bWagner\b|\bRussian-backed\b|\bMoscow-backed\b|\bruscists\b", re.IGNORECASE), "Russia"),
    (re.compile(r"\bЗСУ\b|\bЗбройн\w+\s+сил\w*(?:\s+України)?|\bСил\w*\s+оборони\b|\bукраїнськ\w+\s+(?:військ\w*|бійц\w*|захисник\w*|сил\w*|армі\w*|підрозділ\w*)|\bВСУ\b|\bВС\s+Украины\b|\bВооруженн\w+\s+сил\w*\s+Украины\b|\bукраинск\w+\s+(?:войск\w*|военн\w*|сил\w*|арми\w*|подразделени\w*)|\bнаші\s+(?:захисники|військові|воїни|сили|бійці)\b|\bУкраїна\b|\bУкраина\b", re.IGNORECASE), "Ukraine"),
    (re.compile(r"\bросіян\w*|\bросійськ\w+\s+(?:військ\w*|армі\w*|окупант\w*|сил\w*|загарбник\w*)|\bокупант\w*|\bрашист\w*|\bзагарбник\w*|\bворог\w*|\bрф\b|\bармі\w*\s+рф\b|\bроссийск\w+\s+(?:войск\w*|военн\w*|сил\w*|арми\w*)|\bВС\s+РФ\b|\bВооруженн\w+\s+сил\w*\s+(?:России|РФ)\b|\bармия\s+России\b|\bРосія\b|\bРоссия\b", re.IGNORECASE), "Russia"),
)
_FOREIGN_SIDE_PATTERNS = tuple((re.compile(p, re.IGNORECASE), side) for p, side in langs.SIDE_PATTERNS)
_BARE_SIDE = re.compile(r"\b(Ukraine|Russia|Russian\s+Federation|Moscow|Kyiv|Kiev)(?:['’]s)?\b")
_PREPOSITIONS = _words(
    "in of to from across against with for into throughout on at by about over invaded invade near inside towards toward between and within"
)
_OWN_SIDE = re.compile(r"\b(?:our|his|its)\s+(?:troops|military|soldiers|units|defenders|forces|army|men)\b|\bours\b|\bнаші\b|\bнаших\b", re.IGNORECASE)
_ENEMY = re.compile(r"\b(?:the\s+)?enemy\b|\bпротивник\w*", re.IGNORECASE)
# The same in German, French, Spanish and Italian sentences.
_FOREIGN_BARE_SIDE = re.compile(r"\b(" + "|".join(langs.BARE_SIDES) + r")\b")
_FOREIGN_OWN_SIDE = re.compile(langs.OWN_SIDE, re.IGNORECASE)
_FOREIGN_ENEMY = re.compile(langs.ENEMY, re.IGNORECASE)
_PREPOSITIONS |= langs.PREPOSITIONS


@dataclass(frozen=True)
class _SideMention:
    start: int
    end: int
    side: Side | None  # None: "our troops" or "the enemy", resolved by the claimant
    own: bool = False
    enemy: bool = False


def _side_mentions(text: str) -> list[_SideMention]:
    found: list[_SideMention] = []
    foreign = bool(langs.languages_of(text))
    for pattern, named in _SIDE_PATTERNS + (_FOREIGN_SIDE_PATTERNS if foreign else ()):
        found.extend(_SideMention(m.start(), m.end(), named) for m in pattern.finditer(text))
    bare = [*_BARE_SIDE.finditer(text), *(_FOREIGN_BARE_SIDE.finditer(text) if foreign else ())]
    for m in bare:
        before = text[: m.start()].split()
        if before and before[-1].lower().strip(",") in _PREPOSITIONS:
            continue
        if before and re.fullmatch(r"(?:north|south|east|west)(?:ern|-?\w+ern)?", before[-1].lower()):
            continue  # "Eastern Ukraine" is where, not who
        side: Side = "Ukraine" if m.group(1) in ("Ukraine", "Kyiv", "Kiev") or langs.BARE_SIDES.get(m.group(1)) == "Ukraine" else "Russia"
        found.append(_SideMention(m.start(), m.end(), side))
    found.extend(_SideMention(m.start(), m.end(), None, own=True) for m in _OWN_SIDE.finditer(text))
    found.extend(_SideMention(m.start(), m.end(), None, enemy=True) for m in _ENEMY.finditer(text))
    if foreign:
        found.extend(_SideMention(m.start(), m.end(), None, own=True) for m in _FOREIGN_OWN_SIDE.finditer(text))
        found.extend(_SideMention(m.start(), m.end(), None, enemy=True) for m in _FOREIGN_ENEMY.finditer(text))
    return sorted(found, key=lambda s: (s.start, -s.end))


def _other(side: Side | None) -> Side | None:
    if side is None:
        return None
    return "Russia" if side == "Ukraine" else "Ukraine"


# ---------------------------------------------------------------------------
# Places after or before a trigger


@dataclass(frozen=True)
class _Item:
    name: str  # as written
    start: int
    end: int
    partial: bool = False
    area: bool = False
    anaphora: bool = False  # "the city": resolved later to the place meant


def _is_name(tok: _Tok) -> bool:
    return tok.is_word and not tok.common and places.is_name_word(tok.text)


def _match_seq(tokens: list[_Tok], i: int, seq: tuple[str, ...]) -> bool:
    return i + len(seq) <= len(tokens) and all(tokens[i + k].low == seq[k] for k in range(len(seq)))


def _read_name(tokens: list[_Tok], i: int) -> tuple[int, int] | None:
    """Return [i, j) of a run of name words starting at i, split before a region name."""
    j = i
    while j < len(tokens) and _is_name(tokens[j]):
        if j > i and tokens[j].start - tokens[j - 1].end > 1:
            break
        if tokens[j].low in _BREAK_WORDS:
            break  # a headline's "Hold Kostyantynivka Amid Relentless Strikes": "Amid" ends the name
        j += 1
        if tokens[j - 1].text.endswith(("’s", "'s")):
            break
    return (i, j) if j > i else None


_WATER = _words("river sea lake reservoir bay estuary canal річки річка река реки")
_AREA_HEADS = _words("bank banks coast shore border outskirts берег берегу")
_SIDE_ADJECTIVE = re.compile(r"^(?:ukrainian|russian|pro-russian|ukrainian-\w+|russian-\w+|українськ\w*|російськ\w*|украинск\w*|российск\w*)$", re.IGNORECASE)


def _parse_right(tokens: list[_Tok], i: int, skip_spans: Sequence[tuple[int, int]] = ()) -> list[_Item]:
    """Read the place or places named from token i on.

    `skip_spans` are stretches to step over (side names such as "Збройними
    силами України" between a participle and its place).
    """
    items: list[_Item] = []
    joined_by_conjunction: list[bool] = []
    first = True
    while i < len(tokens):
        partial = area = definite = generic_head = False
        skipped = 0
        # Fillers before a name: determiners, adjectives, "the village of".
        while True:
            if i >= len(tokens) or skipped >= 8:
                return _finish(items, joined_by_conjunction) if not first else []
            tok = tokens[i]
            inside = next((e for s_, e in skip_spans if s_ <= tok.start < e), None)
            if inside is not None and first:
                while i < len(tokens) and tokens[i].start < inside:
                    i += 1
                continue
            seq = next((m for m in _PARTIAL_MARKERS if _match_seq(tokens, i, m)), None)
            if seq:
                partial = True
                i += len(seq)
                continue
            seq = next((m for m in _AREA_MARKERS if _match_seq(tokens, i, m)), None)
            if seq:
                area = True
                i += len(seq)
                continue
            if tok.low in langs.REGION_WORDS and (tok.common or tok.low != "region") or tok.low in langs.AREA_WORDS:
                area = True  # "die Region Sumy", "la région de Donetsk", "aux abords de X": where, not which settlement
                i += 1
                continue
            if tok.low in langs.PARTIAL_HEADS and i + 1 < len(tokens) and tokens[i + 1].low in langs.PARTIAL_LINKS:
                partial = True  # "une partie de X", "einen Teil des Dorfes X"
                i += 2
                continue
            if tok.low in ("від", "от") and i + 1 < len(tokens) and (
                tokens[i + 1].low in _OCCUPIERS
                or (tokens[i + 1].low in _OCCUPIER_ADJ and i + 2 < len(tokens) and tokens[i + 2].low in _OCCUPIERS)
            ):
                i += 2 if tokens[i + 1].low in _OCCUPIERS else 3
                continue
            if tok.text in ("“", "\"", "‘", "«") or (tok.text == ":" and not first):
                i += 1
                continue
            if _is_name(tok):
                break
            if tok.common and tok.low in langs.SETTLEMENT_NOUNS:
                generic_head = True  # "das Dorf X": a capitalized head noun
                i += 1
                skipped += 1
                continue
            if not first and tok.low in _LIST_FILLERS:
                i += 1  # "…, а також із селища X": the list goes on
                skipped += 1
                continue
            if tok.is_word and _SIDE_ADJECTIVE.match(tok.text):
                i += 1  # "the eastern Ukrainian city of"
                skipped += 1
                continue
            if (
                not tok.is_word
                or tok.low in _BREAK_WORDS
                or tok.text[:1].isupper()
                or tok.text[:1].isdigit()
                or (generic_head and tok.low not in _OF_WORDS)  # "the city means": the phrase has ended
            ):
                return _finish(items, joined_by_conjunction) if not first else _anaphora(tokens, i, definite, generic_head, partial, area)
            definite = definite or tok.low in _DEFINITE
            if tok.low in _AREA_HEADS:
                area = True
            if tok.low in _ANAPHORA_NOUNS:
                generic_head = True
            i += 1
            skipped += 1
        span = _read_name(tokens, i)
        if span is None:
            return _finish(items, joined_by_conjunction)
        a, b = span
        # "Luhansk Oblast's Bilohorivka": the possessive says where; the place is the name after it.
        if (
            b < len(tokens) and places.is_region_word(tokens[b].text.removesuffix("’s").removesuffix("'s"))
            and tokens[b].text.endswith(("’s", "'s"))
        ):
            b += 1  # "Luhansk Oblast’s"
        if tokens[b - 1].text.endswith(("’s", "'s")) and b < len(tokens) and _is_name(tokens[b]):
            span = _read_name(tokens, b)
            if span is None:
                return _finish(items, joined_by_conjunction)
            a, b = span
        # "Пидлісне Волноваського району": the adjective names the district, not the place.
        while b - a >= 2 and _is_adjective_modifier(tokens, a, b):
            b -= 1
        # "Popasnaya Lugansk region": the last word names the region, not the place.
        trailing_region = b < len(tokens) and places.is_region_word(tokens[b].text)
        if trailing_region and b - a >= 2:
            b -= 1
        region_item = trailing_region and b == span[1]
        item_end = b + 1 if region_item else b
        after = tokens[item_end].low if item_end < len(tokens) else ""
        if region_item and items:
            return _finish(items, joined_by_conjunction)  # "Borova, Kharkiv Oblast": where, not what
        # "first Kherson village", "two Kharkiv villages": the name says where the village is.
        counted = a > 0 and tokens[a - 1].low in _COUNTING and after in _SETTLEMENT_NOUNS
        if (
            after not in _AREA_TYPES and after not in _WATER and not _is_adjective_modifier(tokens, a, b)
            and not counted and after not in _PLURAL_SETTLEMENT_NOUNS
        ):
            items.append(_Item(" ".join(t.text for t in tokens[a:item_end]), tokens[a].start, tokens[item_end - 1].end, partial, area))
        i = item_end
        # Generic words after the name: "the Velyka Komyshuvakha village".
        while (
            i < len(tokens)
            and tokens[i].is_word
            and tokens[i].text[:1].islower()
            and (places.is_generic_word(tokens[i].text) or tokens[i].low in _AREA_TYPES or tokens[i].low in _WATER)
        ):
            i += 1
        first = False
        following, conjunction = _skip_after_item(tokens, i)
        if following < 0:
            return _finish(items, joined_by_conjunction)
        joined_by_conjunction.append(conjunction)
        i = following
    return _finish(items, joined_by_conjunction)


def _finish(items: list[_Item], joined: list[bool]) -> list[_Item]:
    # A list ends with "and X": places after the last conjunction that are only
    # set off by commas are appositions ("Avdiivka, Tarnavsky said").
    # Names the register knows as settlements go on the list all the same ("були
    # звільнені Демидів, Димер, Литвинівка…", a list cut short or without "and").
    if not items:
        return items
    last = max((k for k, conj in enumerate(joined) if conj), default=-1)
    keep = last + 2
    while keep < len(items) and _settlement_name(items[keep].name):
        keep += 1
    return items[:keep]


def _settlement_name(name: str) -> bool:
    """Tell whether a name is, whole and without a typo, a settlement's name in the register."""
    found = gazetteer().find_in_text(name)
    return len(found) == 1 and found[0].surface == name and found[0].score >= 90


def _is_adjective_modifier(tokens: list[_Tok], a: int, b: int) -> bool:
    # "Харківської області", "Ізюмського району": an adjective naming a region.
    last = tokens[b - 1].low
    nxt = tokens[b].low if b < len(tokens) else ""
    return bool(re.search(r"(?:ськ|цьк|зьк)(?:ої|ого|ому|ій|ий|а|у|ої)$|(?:ск|цк)(?:ой|ого|ому|ая|ую)$", last)) and bool(
        nxt and nxt[:1].isalpha() and nxt[:1].islower() and nxt not in _BREAK_WORDS and nxt not in _CONNECTORS
    )


def _skip_after_item(tokens: list[_Tok], i: int) -> tuple[int, bool]:
    """After a place: skip a direction or parenthesis and a connector.

    Returns the index of the next item (-1 to stop) and whether a conjunction joined it.
    """
    progressed = True
    while progressed and i < len(tokens):
        progressed = False
        if tokens[i].low in _DIRECTIONS and i + 1 < len(tokens) and tokens[i + 1].low == "of":
            i += 2
            if i < len(tokens) and tokens[i].low == "the":
                i += 1
            while i < len(tokens) and tokens[i].is_word and (tokens[i].text[:1].isupper() or tokens[i].low in _ANAPHORA_NOUNS):
                i += 1
            progressed = True
        if i < len(tokens) and tokens[i].text == "(":
            depth = 0
            while i < len(tokens):
                depth += tokens[i].text == "("
                depth -= tokens[i].text == ")"
                i += 1
                if depth == 0:
                    break
            progressed = True
        if i < len(tokens) and tokens[i].low == "in" and i + 1 < len(tokens) and tokens[i + 1].low in ("its", "their") and i + 2 < len(tokens) and tokens[i + 2].low == "entirety":
            i += 3
            progressed = True
    if i >= len(tokens):
        return -1, False
    # ", розташованого на лівому березі Дніпра, а також із селища X": a clause about the
    # place set off by commas, then the list goes on.
    if tokens[i].text == "," and i + 1 < len(tokens) and tokens[i + 1].text[:1].islower() and tokens[i + 1].low not in _CONNECTORS:
        k = i + 1
        while k < len(tokens) and k - i <= 16 and tokens[k].text not in (",", ";", ".", ":"):
            k += 1
        if k + 1 < len(tokens) and tokens[k].text == "," and tokens[k + 1].low in _CONNECTORS:
            i = k
    connected = conjunction = False
    while i < len(tokens) and (tokens[i].low in _CONNECTORS or tokens[i].text in (",", "&")):
        connected = True
        conjunction = conjunction or tokens[i].text != ","
        i += 1
    if not connected or i >= len(tokens):
        return -1, False
    # Continue only when a place (or a marker before one) follows.
    j = i
    for _ in range(6):
        if j >= len(tokens):
            return -1, False
        if _is_name(tokens[j]):
            return i, conjunction
        if any(_match_seq(tokens, j, m) for m in _PARTIAL_MARKERS) or tokens[j].low in _DETERMINERS or tokens[j].low in _ANAPHORA_NOUNS or tokens[j].low in _LIST_FILLERS or places.is_generic_word(tokens[j].text):
            j += 1
            continue
        if tokens[j].text == ":":
            j += 1
            continue
        return -1, False
    return -1, False


def _anaphora(tokens: list[_Tok], i: int, definite: bool, generic_head: bool, partial: bool, area: bool) -> list[_Item]:
    if definite and generic_head:
        prev = tokens[i - 1] if i > 0 else None
        if prev is not None:
            return [_Item("", prev.start, prev.end, partial, area, anaphora=True)]
    return []


def _skip_left_phrase(tokens: list[_Tok], j: int) -> int:
    """Step back over a phrase between a subject-place and its verb, in another language than English.

    "dass sie das Dorf X von russischen Gruppen befreit haben": the place is before "von";
    "le village de X, dans la région de Y, avait été perdu": before the phrase set off by commas.
    """
    if j > 0 and tokens[j].text == ",":
        k = j - 1
        while k >= 0 and j - k <= 16 and tokens[k].text not in (",", ".", ";", ":"):
            k -= 1
        if k >= 0 and tokens[k].text == "," and k + 1 < j and tokens[k + 1].low in langs.APPOSITION_OPENERS:
            return k - 1
        return j
    if j < 0 or not tokens[j].common:
        return j
    k = j
    while k >= 0 and k >= j - 4 and tokens[k].low not in langs.LEFT_PHRASE_HEADS:
        if not tokens[k].is_word or (tokens[k].text[:1].isupper() and not tokens[k].common):
            return j
        k -= 1
    return k - 1 if k >= 0 and tokens[k].low in langs.LEFT_PHRASE_HEADS else j


def _parse_left(tokens: list[_Tok], i: int) -> list[_Item]:
    """Read the place or places that are the subject ending before token i."""
    items: list[_Item] = []
    j = _skip_left_phrase(tokens, i - 1)
    while j >= 0 and (tokens[j].low in _LEFT_SKIP or tokens[j].text in ("”", "\"", ")", "(")):
        j -= 1
    # "Irpin, Bucha, Hostomel and the entire Kyiv region were liberated": the region ends the
    # list; the settlements before it are the places.
    if j >= 0 and tokens[j].low in _REGION_HEADS:
        k = j - 1
        while k >= 0 and (_is_name(tokens[k]) or tokens[k].low in ("the", "entire", "whole", "all", "вся", "весь", "вся")):
            k -= 1
        if k >= 0 and (tokens[k].low in ("and", "та", "і", "й", "и") or tokens[k].text == ","):
            j = k - 1
        elif k >= 0 and tokens[k].low in ("in", "у", "в"):
            j = k - 1  # "The city of Svyatogorsk in the Donetsk region came under …": where it is, not what
    while j >= 0:
        end_j = j
        while j >= 0 and tokens[j].is_word and (tokens[j].text[:1].islower() or tokens[j].common) and (
            places.is_generic_word(tokens[j].text) or tokens[j].low in _AREA_TYPES or tokens[j].low in langs.SETTLEMENT_NOUNS
        ):
            j -= 1
        area_type = j < end_j and any(t.low in _AREA_TYPES for t in tokens[j + 1 : end_j + 1])
        b = j + 1
        while j >= 0 and _is_name(tokens[j]) and (j == b - 1 or tokens[j + 1].start - tokens[j].end <= 1):
            j -= 1
        a = j + 1
        if a == b:
            # "The city is now under full Russian occupation"
            if b <= end_j and tokens[end_j].low in _ANAPHORA_NOUNS and j >= 0 and tokens[j].low in _DEFINITE and not items:
                return [_Item("", tokens[end_j].start, tokens[end_j].end, anaphora=True)]
            return items
        partial = False
        k = j
        if k >= 0 and tokens[k].low == "the":
            k -= 1
        for seq in _PARTIAL_MARKERS:
            if k - len(seq) + 1 >= 0 and all(tokens[k - len(seq) + 1 + n].low == seq[n] for n in range(len(seq))):
                partial = True
                k -= len(seq)
                break
        # A sentence may open with a capitalized verb ("Відвідали звільнену ..."):
        # a Cyrillic past-tense plural is no place.
        opening_verb = a == 0 and re.search(r"[а-яіїєґ](?:ли|ло)$", tokens[a].low)
        possessive = tokens[b - 1].text.endswith(("’s", "'s"))
        if not area_type and not opening_verb and not _is_adjective_modifier(tokens, a, b):
            name = " ".join(t.text for t in tokens[a:b])
            if possessive:  # "Ocheretyne's capture": that place, and no list before it
                return [_Item(name[:-2], tokens[a].start, tokens[b - 1].end - 2, partial)] if not items else items
            items.insert(0, _Item(name, tokens[a].start, tokens[b - 1].end, partial))
        j = k
        if j >= 0 and tokens[j].low in ("a",):
            j -= 1
        if j >= 0 and (tokens[j].low in ("and", "та", "і", "й", "и") or tokens[j].text == ","):
            j -= 1
            if j >= 0 and tokens[j].text == ",":
                j -= 1
            continue
        break
    return items


# ---------------------------------------------------------------------------
# Dates

_CLAUSE_END = re.compile(r"[;:]|,\s+(?:and|but|while|whereas|although|after|before|when)\b|\s+(?:but|while|whereas)\s|\s[-–—]\s")
# Before a trigger in its clause, these make the deed an earlier state of things,
# not news of the article's day: "had been held", "was occupied back in", "once".
_BACKGROUND = re.compile(
    r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+ly\s+)?\S*\s*$|\b(?:previously|formerly|once|originally|initially|earlier)\b"
    r"|\b(?:раніше|колись|спочатку|ранее|когда-то|изначально)\b|" + langs.BACKGROUND,
    re.IGNORECASE,
)
_SINCE_AFTER = re.compile(r"^\W*(?:\w+\s+){0,6}?(?:since|from|з|із|с|від|от)\s*$", re.IGNORECASE)


def _clause(text: str, anchor: int) -> tuple[int, int]:
    """Return the bounds of the clause around `anchor` (a trigger's position)."""
    start = 0
    for m in _CLAUSE_END.finditer(text):
        if m.end() <= anchor:
            start = m.end()
        elif m.start() > anchor:
            return start, m.start()
    return start, len(text)


def _claim_date(
    text: str, anchor: int, base: date | None, published: date | None
) -> tuple[date | None, bool, Precision | None, bool]:
    """Return the claim's date, whether the sentence states it, its precision, and whether it is background.

    The date is the one named in the trigger's own clause, nearest to it; a
    period ("in November 2022", "early 2015") is dated to its last day not after
    the article's (the deed happened within it, by then) and keeps its
    precision. A deed said to hold "since" a date is news of the article's day.
    """
    lo, hi = _clause(text, anchor)
    # A day without a year gets the year of the publication date only: an undated
    # page's newest date is a lower bound, too loose to complete "on Jan 27".
    mentions = [m for m in find_dates(text, published) if lo <= m.start < hi]
    mentions = [m for m in mentions if not _SINCE_AFTER.search(text[anchor : m.start])] if mentions else []
    background = bool(_BACKGROUND.search(text[lo:anchor]))
    if not mentions:
        return base, False, None, background
    best = min(mentions, key=lambda m: min(abs(m.start - anchor), abs(m.end - anchor)))
    period = best.period
    when = period.end if base is None or period.end <= base else max(period.start, base)
    return when, True, period.precision, background


# ---------------------------------------------------------------------------
# Hedges

_HEDGES = re.compile(
    r"\b(?:claimed|claims|claiming|claim|reportedly|appears?\s+to|appeared\s+to|apparently|likely|probably|"
    r"unverified|unconfirmed|allegedly|alleged|purportedly|said\s+to\s+have|"
    r"could\s+not\s+(?:be\s+)?(?:independently\s+|immediately\s+)?verif(?:y|ied)|"
    r"(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:officially\s+)?confirmed|not\s+(?:yet\s+)?confirmed)\b|"
    r"(?:заявля|стверджу|утвержда)\w*|за\s+(?:попередніми\s+|неофіційними\s+)?даними|нібито|начебто|ймовірно|імовірно|не\s+підтверджен\w*|"
    r"якобы|по\s+(?:неподтвержденным\s+|предварительным\s+)?данным|предположительно|вероятно|"
    r"по\s+не\s*подтвержденной\s+(?:официально\s+)?информации|" + langs.HEDGES,
    re.IGNORECASE,
)


# Words that name a claim rather than doubt it: they hedge a deed only when they come before it
# ("the Ukrainians claim to have retaken X"), not after ("… withdrew from X; Russia claims victory").
_CLAIM_WORDS = re.compile(r"^(?:claim|заявля|стверджу|утвержда|" + langs.CLAIM_WORDS + ")", re.IGNORECASE)


def _hedges(text: str, anchor: int) -> tuple[str, ...]:
    seen: list[str] = []
    for m in _HEDGES.finditer(text):
        if m.start() > anchor and _CLAIM_WORDS.match(m.group()):
            continue
        h = re.sub(r"\s+", " ", m.group()).strip()
        if h.lower() not in (s.lower() for s in seen):
            seen.append(h)
    return tuple(seen)


# ---------------------------------------------------------------------------
# Sentences → claims


@dataclass(frozen=True)
class _Candidate:
    trigger: _Trigger
    start: int
    end: int
    items: tuple[_Item, ...]
    side_hint: Side | None
    ordered: bool
    partial: bool
    from_left: bool
    earlier: bool = False  # "Auparavant, …", "… bereits zuvor befreit": a deed of an earlier time


def _is_title_case(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    if len(words) < 4:
        return False
    function_caps = sum(1 for w in words[1:] if w in ("From", "Of", "The", "In", "To", "And", "For", "On", "At", "With", "By", "As"))
    caps = sum(1 for w in words if w[:1].isupper())
    return function_caps >= 1 and caps >= 0.6 * len(words)


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


def _find_triggers(text: str, languages: frozenset[str] = frozenset()) -> list[tuple[_Trigger, re.Match[str]]]:
    found: list[tuple[_Trigger, re.Match[str], int]] = []
    present = {"latin"} if re.search(r"[A-Za-z]", text) else set()
    if re.search(r"[А-Яа-яІіЇїЄєҐґЁё]", text):
        present.add("cyrillic")
    present |= languages
    for order, trig in enumerate(_TRIGGERS):
        if present & _TRIGGER_SCRIPTS[order]:
            found.extend((trig, m, order) for m in trig.pattern.finditer(text))
    found.sort(key=lambda f: (f[1].start(), -(f[1].end() - f[1].start()), f[2]))
    kept: list[tuple[_Trigger, re.Match[str]]] = []
    last_end = -1
    for trig, m, _ in found:
        if m.start() >= last_end:
            kept.append((trig, m))
            last_end = m.end()
    return kept


def _clause_before(tokens: list[_Tok], index: int) -> list[_Tok]:
    out: list[_Tok] = []
    j = index - 1
    while j >= 0 and len(out) < 12:
        if tokens[j].low in _CLAUSE_BREAKS or tokens[j].text in _CLAUSE_BREAKS:
            break
        out.insert(0, tokens[j])
        j -= 1
    return out


def _blocked(tokens: list[_Tok], index: int, trig: _Trigger, matched: str) -> Literal["ok", "blocked", "ordered"]:
    clause = _clause_before(tokens, index)
    words = [t.low for t in clause]
    if trig.effect != "dispute":
        if any(w in _BLOCKERS or w.endswith("n't") for w in words):
            return "blocked"
        if any(w in _ORDERS for w in words):
            return "ordered" if trig.effect == "loss" else "blocked"
    # "to withdraw" after "set", "for Russia to establish control": not a deed.
    prev = [t.low for t in tokens[max(0, index - 3) : index]]
    if prev and prev[-1] == "zu" and trig.direction != "left":
        return "blocked"  # "um die Ortschaft zu besetzen"
    if trig in _FOREIGN and re.search(langs.INFINITIVE, matched) and not any(w in langs.MANAGED for w in words):
        return "blocked"  # "lo scopo è liberare la città", but "a réussi à prendre X"
    if prev and (prev[-1] == "to" or (len(prev) >= 2 and prev[-2] == "to" and prev[-1] in ("have", "be"))):
        to_at = len(prev) - 1 if prev[-1] == "to" else len(prev) - 2
        before_to = prev[to_at - 1] if to_at >= 1 else ""
        if before_to in _ORDERS:
            return "ordered" if trig.effect == "loss" else "blocked"
        if before_to not in _TO_ALLOWED:
            return "blocked"
    # "measures are taken to stabilize the front and take back control of X": an
    # infinitive joined to another one is no deed either.
    if prev and prev[-1] in ("and", "or"):
        back = [t.low for t in tokens[max(0, index - 12) : index - 1]]
        if "to" in back:
            at = len(back) - 1 - back[::-1].index("to")
            if at == 0 or back[at - 1] not in _TO_ALLOWED:
                return "blocked"
    # "the occupied city", "their occupied positions": an adjective, not a deed.
    if index > 0 and tokens[index - 1].low in _DETERMINERS and re.search(r"(?:ed|left|lost|taken)\W*$", matched):
        return "blocked"
    if index > 0 and tokens[index - 1].low in langs.DETERMINERS and re.search(langs.PARTICIPLE, matched):
        return "blocked"  # "den befreiten Gebieten", "les villages libérés"
    return "ok"


def _token_index(tokens: list[_Tok], pos: int) -> int:
    for k, t in enumerate(tokens):
        if t.start >= pos:
            return k
    return len(tokens)


def _denied_places(
    tokens: list[_Tok], later: Sequence[tuple[_Trigger, re.Match[str]]], after: int, sides: Sequence[tuple[int, int]]
) -> list[_Item]:
    for trig, m in later:
        if m.start() - after > 80 or trig.effect not in ("gain", "loss", "presence", "fall"):
            break
        if trig.direction == "left":
            return _parse_left(tokens, _token_index(tokens, m.start()))
        return _parse_right(tokens, _token_index(tokens, m.end()), sides)
    return []


def _candidates(text: str) -> list[_Candidate]:
    languages = langs.languages_of(text)
    tokens = _tokenize(text, languages)
    sides = [(m.start, m.end) for m in _side_mentions(text) if m.side]
    out: list[_Candidate] = []
    suppress_until = -1
    triggers = _find_triggers(text, languages)
    for n, (trig, m) in enumerate(triggers):
        if m.start() < suppress_until:
            continue
        start_index = _token_index(tokens, m.start())
        end_index = _token_index(tokens, m.end())
        verdict = _blocked(tokens, start_index, trig, m.group())
        clause = [t.low.strip("\"“”«»") for t in _clause_before(tokens, start_index)][-6:]
        if verdict == "blocked" and trig.effect == "gain" and any(w in _ATTEMPTS for w in clause):
            # "Russia has been trying to seize X": not taken, and so still the other side's.
            trig, verdict = _ATTEMPT, "ok"
        if verdict == "blocked":
            continue
        if trig.effect == "loss" and any(w in _CIVILIANS for w in clause):
            continue
        if trig.effect in ("gain", "loss", "fall") and any(w in _DISPUTING for w in clause):
            trig = _DISPUTED_DEED
        before = " ".join(t.low for t in tokens[max(0, start_index - 3) : start_index])
        # "some Russian forces were still in Kherson": part of the place.
        partial = trig.partial or bool(m.groupdict().get("part")) or bool(re.search(r"\bsome\b", before))
        from_left = False
        if trig.direction == "left":
            items = _parse_left(tokens, start_index)
            from_left = True
        elif trig.direction == "both":
            items = _parse_right(tokens, end_index, sides)
            if not items:
                items = _parse_left(tokens, start_index)
                from_left = True
        else:
            items = _parse_right(tokens, end_index, sides)
        if languages and any(it.anaphora for it in items) and any(
            _is_name(t) and k > 0 and (tokens[k - 1].low in _BREAK_WORDS or tokens[k - 1].low in _OF_WORDS)
            for k, t in enumerate(tokens)
        ):
            # "…dans la région d'Oleksandropol, …, tout le village avait été perdu": with other places
            # in the sentence, "the village" may be any of them.
            items = [it for it in items if not it.anaphora]
        if not items and trig.effect == "dispute":
            # "denied that Russian forces had seized X": the place is the object of the denied deed.
            items = _denied_places(tokens, triggers[n + 1 :], m.end(), sides)
        if not items and trig.action == "denied it" and out:
            items = list(out[-1].items)  # "…took X; Kyiv denies it": the deed just named
        side_hint: Side | None = None
        group_side = m.groupdict().get("side")
        if group_side:
            side_hint = "Ukraine" if re.match(r"Ukrain|Kyiv", group_side, re.IGNORECASE) else "Russia"
        elif (trig.direction == "left" or trig.action == "raised flags") and re.search(r"Russian|Ukrainian", m.group()):
            side_hint = "Russia" if "Russian" in m.group() else "Ukraine"
        earlier = bool(languages) and any(
            t.low in langs.EARLIER for t in [*tokens[:1], *_clause_before(tokens, start_index), *tokens[start_index:end_index]]
        )
        if items:
            out.append(_Candidate(trig, m.start(), m.end(), tuple(items), side_hint, verdict == "ordered", partial, from_left, earlier))
        if trig.effect == "dispute":
            rest = re.search(r"\b(?:but|however|while|whereas)\b|;", text[m.end() :])
            suppress_until = m.end() + rest.start() if rest else len(text)
    return out


_FROM_SIDE = re.compile(r"(?:\bвід|\bот|\bfrom|\bз-під|\bиз-под|" + "|".join(r"\b" + w for w in langs.FROM_WORDS) + r")\s+(?:\w+\s+)?$", re.IGNORECASE)


# Deeds whose object sits inside the trigger: "repelled Russian attacks near X", "drove Russian forces out of X".
_OBJECT_INSIDE = frozenset({"repelled", "pushed out"})
_JOINED_PREDICATE = re.compile(r",\s+(?:and\s+)?$")
_PARTICIPLE_OPENING = re.compile(r"(?:^|[.;:]\s+)\W*(?:after|since|having|upon|before|while)\s+$", re.IGNORECASE)
_ADJECTIVE_SIDE = re.compile(
    r"\b(?P<side>Russian|Ukrainian|російськ\w*|українськ\w*|российск\w*|украинск\w*)\s+$", re.IGNORECASE
)


# "the capture of X would bring Moscow closer": a deed named as a noun, then what it would do.
_DEED_NOUN = re.compile(r"\b(?:capture|fall|loss|liberation|takeover|seizure)\b", re.IGNORECASE)
_WOULD_AFTER = re.compile(r"\W{0,3}(?:would|could|might|may|will)\b", re.IGNORECASE)


def _hypothetical(text: str, cand: _Candidate) -> bool:
    """Tell whether a deed is named only to say what it would bring ("the capture of X could open …")."""
    last = max(item.end for item in cand.items)
    return bool(_DEED_NOUN.search(text, cand.start, cand.end) and _WOULD_AFTER.match(text, last))


def _side_for(text: str, cand: _Candidate, claimant_side_: Side | None) -> Side | None:
    if cand.side_hint:
        return cand.side_hint
    if cand.trigger.fixed_side:
        return cand.trigger.default_side
    # "stalled Russian advances", "російські атаки": the adjective on the deed names its doer.
    adjective = _ADJECTIVE_SIDE.search(text[: cand.start])
    if adjective:
        return "Russia" if re.match(r"russ|рос", adjective.group("side"), re.IGNORECASE) else "Ukraine"
    # "liberated from the occupiers" names the side that lost the place.
    # A doer named inside the trigger is its agent ("wurde von russischen Truppen eingenommen").
    mentions = [
        m for m in _side_mentions(text)
        if not _FROM_SIDE.search(text[: m.start]) or cand.start <= m.start < cand.end
    ]

    def resolve(s: _SideMention) -> Side | None:
        if s.own:
            return claimant_side_
        if s.enemy:
            return _other(claimant_side_) if claimant_side_ else None
        return s.side

    def first(found: Iterable[_SideMention]) -> Side | None:
        for s in found:
            side = resolve(s)
            if side:
                return side
        return None

    last_item = max(item.end for item in cand.items)
    # "Russian troops halt a Ukrainian counteroffensive, regain control of X": a
    # predicate joined by a comma has the sentence's subject as its doer.
    if _JOINED_PREDICATE.search(text[: cand.start]):
        subject = first(s for s in mentions if s.start <= 3)
        if subject:
            return subject
    # "After retaking Kherson, Ukrainian forces sought …": the participle's doer is the main clause's subject.
    if _PARTICIPLE_OPENING.search(text[: cand.start]):
        comma = text.find(",", cand.end)
        subject = first(s for s in mentions if comma >= 0 and comma < s.start <= comma + 3) if comma >= 0 else None
        if subject:
            return subject
    # The doer after "by", right after the place or the passive verb:
    # "captured by Russian forces", "three bridges near Kharkiv by Russian troops".
    agent = first(
        s for s in mentions
        if re.search(r"\bby\s+(?:the\s+)?$", text[: s.start])
        and (0 <= s.start - last_item <= 8 or 0 <= s.start - cand.end <= 8)
    )
    if agent:
        return agent
    if cand.from_left and cand.trigger.direction == "left":  # "X is under the control of the Ukrainian Armed Forces"
        after = first(s for s in mentions if cand.end <= s.start <= cand.end + 40)
        if after:
            return after
    inside = first(s for s in mentions if s.start < cand.end and s.end > cand.start)
    if inside:
        # "відбили штурм росіян поблизу X", "drove Russian forces out of X": the side named is the object.
        return _other(inside) if cand.trigger.action in _OBJECT_INSIDE else inside
    before = first(reversed([s for s in mentions if s.end <= cand.start]))
    if before:
        return before
    # The doer after the deed: "Херсон звільнили українські військові" (free word order), not an
    # English "Marinka captured, Ukraine denies it" (the next clause's subject).
    english_left = cand.from_left and text[cand.start : cand.end].isascii()
    if (cand.trigger.direction == "both" and not english_left) or cand.trigger.action in ("under control", "controls"):
        after = first(s for s in mentions if cand.end <= s.start <= cand.end + 60)
        if after:
            return after
    if claimant_side_ and cand.trigger.effect in ("gain", "presence", "loss"):
        return claimant_side_
    return cand.trigger.default_side


def _control(cand: _Candidate, item: _Item, side: Side | None) -> Holder | None:
    effect = cand.trigger.effect
    if cand.ordered or item.area:
        return None
    if effect == "dispute":
        return "contested"
    partial = item.partial or cand.partial
    if effect == "none":
        return "contested" if partial and cand.trigger.action == "entered" else None
    if partial:
        return "contested"  # "part of X", "practically liberated": whoever's, not all of it
    if side is None:
        return None
    if effect == "loss":
        return _other(side)
    return side


# What an action asserts about the place, when its control does not say more.
_ACTION_STANCES = {
    "did not confirm": "not_confirmed", "disputed": "denied", "alleged (disputed)": "denied", "denied it": "denied",
    "entered": "entered", "reached": "entered", "fighting": "fighting", "attacked": "fighting",
    "repelled": "fighting", "advanced near": "none", "shelled": "none", "destroyed bridges near": "none",
    "ordered withdrawal": "none", "tried to take": "none", "besieged": "fighting",
}
_EFFECT_STANCES = {"gain": "captured", "fall": "captured", "presence": "holds", "loss": "withdrew"}


def _stance(cand: _Candidate, item: _Item, action: str, control: Holder | None, side: Side | None,
            speaker: Side | None) -> str:
    """Return what the claim asserts: captured, holds, withdrew, conceded, partial, denied, background, ..."""
    if action.endswith("(earlier)"):
        return "background"
    if action.endswith("(area)") or cand.ordered:
        return "none"
    if action in _ACTION_STANCES:
        return _ACTION_STANCES[action]
    if control == "contested":
        return "partial"
    if control is None:
        return "none"
    stance = _EFFECT_STANCES.get(cand.trigger.effect, "none")
    if stance == "withdrew" and side is not None and speaker == side:
        return "conceded"  # a side saying it left the place itself
    return stance


def _action(cand: _Candidate, item: _Item) -> str:
    if cand.ordered:
        return "ordered withdrawal"
    action = cand.trigger.action
    if item.area and cand.trigger.effect != "none":
        return f"{action} (area)"
    return action


def not_before(text: str) -> date | None:
    """Return the newest full day an undated page names: the page is no older than that.

    Only a day with its year counts ("May 20, 2022", "16.07.2023"): a month or a
    year on such a page is as often history ("since February 2022") as news.
    """
    days = [m.period.start for m in find_dates(text) if m.period.precision == "day"]
    return max(days) if days else None


def claim_id(article_id: str, start: int, key: str, action: str) -> str:
    """Return the content-derived id of a claim (same sentence, place and action, same id)."""
    digest = hashlib.sha256(f"{article_id}\0{start}\0{key}\0{action}".encode()).hexdigest()
    return "c-" + digest[:16]


def _resolve_anaphora(state: ArticleState, before: str) -> tuple[str, str] | None:
    if not state.place_names:
        return None
    best: tuple[int, int, str, str] | None = None
    for order, (name, key) in enumerate(state.place_names):
        count = len(places.mentions(before, name))
        score = (count, order, name, key)
        if best is None or score[:2] > best[:2]:
            best = score
    return (best[2], best[3]) if best else None


def extract_claims(article: Article, passages: Sequence[Passage]) -> list[Claim]:
    """Extract who claims which side did what to which place, one claim per place.

    Only body passages are read. Each sentence gives a claim for every place
    its trigger verbs govern ("took the settlements of A, B and C" gives
    three). The claimant is the party the sentence (or the next one, "This
    was reported by ...", or an earlier one, "It added ...") attributes the
    deed to; without one, the outlet's own reporting (`article.source`).

    Args:
        article: the article the passages belong to.
        passages: its passages, as made by `split_passages(article)`.

    Returns:
        Claims in reading order; `start`/`end` are the sentence's offsets in
        `article.text`, `claim_date` the date the sentence states (else the
        article's date, with `date_stated` False).
    """
    state = ArticleState(article)
    base = article.published or not_before(article.text)
    # An article that says its claims are unconfirmed says it of every claim in it.
    unconfirmed: tuple[str, ...] = ("unconfirmed (the source says so)",) if verification_statements(article) else ()
    spans: list[tuple[Passage, Span]] = [
        (p, s) for p in passages if p.kind == "body" for s in sentences(p.text, p.start)
    ]
    claims: list[Claim] = []
    unsided: list[tuple[int, _Candidate, _Item]] = []  # deeds whose doer the sentence does not name
    for n, (passage, span) in enumerate(spans):
        text = span.text
        following = [sp.text for _, sp in spans[n + 1 : n + 6]]
        said_by = attributions(text, state)
        cands = [] if _is_title_case(text) else [c for c in _candidates(text) if not _hypothetical(text, c)]
        fallback = _fallback_claimant(text, following, said_by, state)
        for cand in cands:
            chosen = _choose(text, said_by, cand, cands)
            entity = chosen.entity if chosen else fallback
            if cand.trigger.action in _WRITERS_WORDS and not _quoted(text, cand.start):
                entity = None  # "X, a town in the Ukrainian-controlled part of …": the writer's description
            claimant: str | None = article.source
            kind: ClaimantKind = "independent_media"
            c_side: Side | None = None
            if entity is not None:
                claimant, kind, c_side = entity.name, entity.kind, entity.side
            side = _side_for(text, cand, c_side)
            when, stated, stated_precision, background = _claim_date(text, cand.start, base, article.published)
            precision: str | None = stated_precision
            if when is not None and not stated and article.published is None:
                precision = "not_before"
            background = background and cand.trigger.effect == "presence" or cand.earlier
            for item in cand.items:
                if item.anaphora:
                    resolved = _resolve_anaphora(state, article.text[: span.start])
                    if resolved is None:
                        continue
                    name, key = resolved
                else:
                    name, key = item.name, places.place_key(item.name)
                if not key:
                    continue
                action = _action(cand, item)
                control = _control(cand, item, side)
                hedges = _hedges(text, cand.start) + unconfirmed
                if entity is None and (_quoted(text, cand.start) or OPEN_QUOTE.match(text)):
                    # Words in quotation marks whose speaker is not found: someone's, not the outlet's finding.
                    hedges += ("quoted",)
                if control == "contested" and cand.trigger.effect == "dispute" and side and _VERDICT.search(text):
                    # "Russia's false claim about the capture of X": a verdict that the claimed side did not
                    # take it; its "claim" and "alleged" are the refuted claim's, not doubts of the verdict.
                    control, hedges = _other(side), unconfirmed
                elif control in ("Ukraine", "Russia") and _DESPITE_CLAIMS.search(text, cand.end):
                    # "Ukraine controls X despite Russian claims of its capture": the sentence itself records the dispute.
                    hedges += ("despite claims",)
                if cand.trigger.effect == "presence" and _SURROUNDED.search(text):
                    # "the militants remaining in the Azovstal plant are blockaded": inside, but surrounded.
                    control, action = None, "besieged"
                if background and not stated:
                    # "had been held by Russia": an earlier state of things, of no stated time.
                    control, action = None, f"{action} (earlier)"
                speaker = alignment(claimant, kind)
                if side is None and cand.trigger.effect in _SIDED_EFFECTS:
                    unsided.append((len(claims), cand, item))
                claims.append(
                    Claim(
                        id=claim_id(article.id, span.start, key, action),
                        article_id=article.id,
                        passage_id=passage.id,
                        start=span.start,
                        end=span.end,
                        place=name,
                        place_key=key,
                        place_id=places.settlement_id(name, text, article.text),
                        side=side,
                        action=action,
                        control=control,
                        claimant=claimant,
                        claimant_kind=kind,
                        hedges=hedges,
                        claim_date=when,
                        date_stated=stated,
                        date_precision=precision,
                        stance=_stance(cand, item, action, control, side, speaker),
                        claimant_side=speaker,
                    )
                )
                if not item.anaphora and (name, key) not in state.place_names:
                    state.place_names.append((name, key))
        for a in said_by:
            state.remember_claimant(a.entity)
        for m in _NAMED_SETTLEMENT.finditer(text):
            name = m.group(1)
            key = places.place_key(name)
            if key and places.is_name_word(name) and (name, key) not in state.place_names:
                state.place_names.append((name, key))
    _side_from_article(claims, unsided)
    return _dedupe(_relayed(_expand_short_forms(claims), article.source))


# "the village of X", "das Dorf X", "la aldea de X": a place later sentences may call "the village".
_NAMED_SETTLEMENT = re.compile(r"\b(?:(?:city|town|village)\s+of\s+|" + langs.SETTLEMENT_BEFORE_NAME + r")([A-Z][\w’'-]+)")

# Deeds that say who holds the place once their doer is known.
_SIDED_EFFECTS = frozenset({"gain", "fall", "presence", "loss"})
# Stances of deeds (not descriptions) that lend their side to the article's other mentions of the place.
_DEEDS = frozenset({"captured", "withdrew", "conceded"})


def _gainer(claim: Claim, effect: str) -> Side | None:
    """Return the side a deed leaves holding the place (the doer, or the other side for a loss)."""
    return _other(claim.side) if effect == "loss" else claim.side


# "… despite Russian claims", "всупереч заявам": the other side says otherwise.
_DESPITE_CLAIMS = re.compile(
    r"\b(?:despite|in\s+spite\s+of|contrary\s+to)\s+(?:\S+\s+){0,4}?(?:claims?|reports?|statements?)\b|"
    r"\b(?:всупереч|попри|вопреки|несмотря\s+на)\s+(?:\S+\s+){0,3}?(?:заяв\w*|твердження\w*|утверждени\w*)",
    re.IGNORECASE,
)
# Words that call a claim untrue rather than unconfirmed.
_VERDICT = re.compile(r"\b(?:false|fake|untrue|debunked|фейк\w*|неправдив\w*|брехлив\w*|ложн\w*)", re.IGNORECASE)
# Those inside a place said to be surrounded hold it only as long as the siege lasts.
_SURROUNDED = re.compile(
    r"\b(?:encircled|surrounded|blockaded|besieged|under\s+siege)\b|"
    r"\b(?:блокирован\w*|заблокирован\w*|заблокован\w*|окружен\w*|оточен\w*|взят\w*\s+в\s+кольц\w*)",
    re.IGNORECASE,
)
# Descriptions a writer gives in passing, in the writer's own voice even inside a quoted report.
_WRITERS_WORDS = frozenset({"held (as described)"})


def _quoted(text: str, pos: int) -> bool:
    """Tell whether `pos` falls inside quotation marks of the sentence."""
    before = text[:pos]
    opened = before.count("“") + before.count("«") - before.count("”") - before.count("»")
    return opened > 0 or before.count('"') % 2 == 1


def _side_from_article(claims: list[Claim], unsided: list[tuple[int, _Candidate, _Item]]) -> None:
    """Give deeds without a named doer the side the rest of the article names for them.

    "Snihurivka was liberated by the 131st battalion" says no side; the
    sentence of the same article that says "Ukrainian forces liberated
    Snihurivka" does. A deed takes the side the article's other deeds give the
    same place (captures, withdrawals; not descriptions); an article that
    shows both sides taking it, or none, leaves the deed without a side.
    """
    if not unsided:
        return
    pending = {i for i, _, _ in unsided}
    by_place: dict[str, set[Side]] = {}
    for i, c in enumerate(claims):
        if i in pending or c.side is None or c.control not in ("Ukraine", "Russia") or c.stance not in _DEEDS:
            continue
        by_place.setdefault(c.place_key, set()).add(c.control)  # type: ignore[arg-type]
    for i, cand, item in unsided:
        c = claims[i]
        holders = by_place.get(c.place_key, set())
        if len(holders) != 1:
            continue
        holder = next(iter(holders))
        side = _other(holder) if cand.trigger.effect == "loss" else holder
        control = _control(cand, item, side)
        if control is None:
            continue
        claims[i] = replace(
            c, side=side, control=control,
            stance=_stance(cand, item, c.action, control, side, c.claimant_side),
        )


def _choose(text: str, said_by: list[Attribution], cand: _Candidate, cands: list[_Candidate]) -> Attribution | None:
    covering: list[tuple[int, Attribution]] = []
    for a in said_by:
        if a.mode == "both":
            covering.append((min(abs(a.anchor - cand.start), abs(a.anchor - cand.end)), a))
        elif cand.start <= a.anchor < cand.end:
            covering.append((0, a))  # "Zelensky did not confirm losing X": the verb is the claim
        elif a.mode == "pre" and a.cue_end <= cand.start:
            covering.append((cand.start - a.cue_end, a))
        elif a.anchor >= cand.end:
            # A speaker after the claim covers it when set off by a comma or a
            # closing quote ("…, the governor said") and no claim follows its verb.
            gap = text[cand.end : a.anchor + 2]
            if ";" in gap or not re.search(r"[,”\"’»—–-]", gap):
                continue
            if a.mode == "post" or not any(c.start >= a.cue_end for c in cands):
                covering.append((a.anchor - cand.end, a))
    if not covering:
        return None
    return min(covering, key=lambda c: c[0])[1]


def _fallback_claimant(
    text: str, following: Sequence[str], said_by: list[Attribution], state: ArticleState
) -> Entity | None:
    if said_by:
        return None
    # "Ukrainian troops withdrew from X. This was reported by the General Staff."
    if following and BACK_REFERENCE.search(following[0]):
        ents = [e for e in entities(following[0]) if e.specific]
        if ents:
            return ents[0]
    # A quotation that goes on over several sentences is attributed at its end.
    if OPEN_QUOTE.match(text) and not re.search(r"[”»]|\"\s*[,.]?\s*[-–—]?\s*\w", text[1:]):
        for nxt in following[:5]:
            ahead = attributions(nxt, state)
            if re.search(r"[”»\"]", nxt):
                return ahead[0].entity if ahead else None
    return None


def _relayed(claims: list[Claim], outlet: str | None) -> list[Claim]:
    """Give a claim in the outlet's own voice the party the article attributes the same claim to.

    A headline "Russian forces take control of X" over a body that says "the
    Russian defence ministry said its forces took X" relays the ministry's claim;
    it is no independent confirmation of it.
    """
    attributed: dict[tuple[str, str | None, str | None], Claim] = {}
    for c in claims:
        if c.claimant != outlet and c.control is not None:
            attributed.setdefault((c.place_key, c.control, c.stance), c)
    out: list[Claim] = []
    for c in claims:
        source = attributed.get((c.place_key, c.control, c.stance)) if c.claimant == outlet else None
        if source is not None:
            c = replace(c, claimant=source.claimant, claimant_kind=source.claimant_kind, claimant_side=source.claimant_side)
        out.append(c)
    return out


def _expand_short_forms(claims: list[Claim]) -> list[Claim]:
    """Give "Cherkas’ki" the key of "Cherkasky Tyshky" named in the same article."""
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    out: list[Claim] = []
    for c in claims:
        if " " in c.place_key:
            out.append(c)
            continue
        longer = {
            o.place_key
            for o in by_article[c.article_id]
            if " " in o.place_key and o.place_key.split()[0] == c.place_key
        }
        if len(longer) == 1:
            key = longer.pop()
            out.append(_replace_key(c, key))
        else:
            out.append(c)
    return out


def _replace_key(c: Claim, key: str) -> Claim:
    return replace(c, id=claim_id(c.article_id, c.start, key, c.action), place_key=key)


def _dedupe(claims: Iterable[Claim]) -> list[Claim]:
    seen: set[str] = set()
    out: list[Claim] = []
    for c in claims:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out


# ---------------------------------------------------------------------------
# Who holds it: index/holder.py (re-exported here for the readers of claims)

__all__ = ["CLAIM_RULES", "claim_id", "extract_claims", "holder_from_claims", "timeline"]
