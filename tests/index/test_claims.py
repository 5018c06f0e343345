"""Claims from sentences, the holder of a place and its timeline.

The seed checks use the bundled Newsweek article; every other article here is
invented, about invented places.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from index.articles import parse_text
from index.claimants import claimant_side
from index.claims import extract_claims
from index.holder import holder_from_claims, implied, timeline
from index.models import RELAYED_BY_ENEMY, Article, Claim
from index.passages import split_passages
from index.places import place_key

SEED = Path(__file__).resolve().parents[2] / "index" / "sample" / "newsweek-2022-05-10-kharkiv.txt"


def claims_of(article: Article) -> list[Claim]:
    return extract_claims(article, split_passages(article))


def invented(text: str, published: date | None = date(2023, 6, 15), source: str = "Example Times") -> Article:
    return Article(id="inv-1", text=text, source=source, published=published)


def about(claims: list[Claim], name: str) -> list[Claim]:
    return [c for c in claims if c.place_key == place_key(name)]


@pytest.fixture(scope="module")
def seed_claims() -> list[Claim]:
    return claims_of(parse_text(SEED.read_text(encoding="utf-8"), str(SEED)))


def test_seed_rubizhne_taken_by_ukraine_per_war_mapper(seed_claims: list[Claim]) -> None:
    [claim] = about(seed_claims, "Rubizhne")
    assert (claim.side, claim.action, claim.control) == ("Ukraine", "took", "Ukraine")
    assert (claim.claimant, claim.claimant_kind) == ("@War_Mapper", "osint")
    assert claim.place == "Rubizhne"


def test_seed_velyka_komyshuvakha_taken_by_russia_per_war_mapper_and_ria_fan(seed_claims: list[Claim]) -> None:
    claims = about(seed_claims, "Velyka Komyshuvakha")
    by = {c.claimant: c for c in claims}
    assert set(by) == {"@War_Mapper", "RIA FAN"}
    assert by["@War_Mapper"].claimant_kind == "osint"
    assert by["RIA FAN"].claimant_kind == "belligerent_state_media"
    assert all(c.side == "Russia" and c.control == "Russia" for c in claims)


@pytest.mark.parametrize("name", ["Derylove", "Drobysheve"])
def test_seed_entered_villages_are_not_control(seed_claims: list[Claim], name: str) -> None:
    [claim] = about(seed_claims, name)
    assert (claim.side, claim.action, claim.control) == ("Russia", "entered", None)
    assert claim.claimant == "@War_Mapper"


def test_seed_short_form_cherkaski_gets_the_key_of_cherkasky_tyshky(seed_claims: list[Claim]) -> None:
    [short] = [c for c in seed_claims if c.place == "Cherkas’ki"]
    assert short.place_key == place_key("Cherkasky Tyshky") == place_key("Cherkaski Tyshky")
    assert (short.control, short.claimant) == ("Ukraine", "@War_Mapper")


def test_seed_part_of_cherkasky_tyshky_regained_per_armed_forces_is_contested(seed_claims: list[Claim]) -> None:
    [part] = [c for c in seed_claims if c.place == "Cherkasky Tyshky"]
    assert (part.side, part.control) == ("Ukraine", "contested")
    assert (part.claimant, part.claimant_kind) == ("Ukrainian Armed Forces", "belligerent_official")
    assert (part.claim_date, part.date_stated) == (date(2022, 5, 6), True)
    assert "claimed" in part.hedges


@pytest.mark.parametrize("name", ["Oleksandrivka", "Fedorivka", "Ukrainka", "Shestakovo", "Peremoha"])
def test_seed_villages_retaken_per_armed_forces(seed_claims: list[Claim], name: str) -> None:
    [claim] = about(seed_claims, name)
    assert (claim.side, claim.control) == ("Ukraine", "Ukraine")
    assert (claim.claimant, claim.claimant_kind) == ("Ukrainian Armed Forces", "belligerent_official")
    assert claim.claim_date == date(2022, 5, 6)


def test_seed_holder_of_cherkaski_tyshky_is_contested(seed_claims: list[Claim]) -> None:
    assert holder_from_claims(about(seed_claims, "Cherkaski Tyshky")) == "contested"


def test_seed_holder_of_rubizhne_is_ukraine(seed_claims: list[Claim]) -> None:
    assert holder_from_claims(about(seed_claims, "Rubizhne")) == "Ukraine"


def test_seed_claims_point_at_their_sentence_and_passage(seed_claims: list[Claim]) -> None:
    article = parse_text(SEED.read_text(encoding="utf-8"), str(SEED))
    passages = {p.id: p for p in split_passages(article)}
    for claim in seed_claims:
        sentence = article.text[claim.start : claim.end]
        assert claim.place in sentence
        passage = passages[claim.passage_id]
        assert passage.kind == "body" and passage.start <= claim.start < claim.end <= passage.end
    assert len({c.id for c in seed_claims}) == len(seed_claims)


def test_seed_on_tuesday_is_the_article_date(seed_claims: list[Claim]) -> None:
    [claim] = about(seed_claims, "Rubizhne")
    assert (claim.claim_date, claim.date_stated) == (date(2022, 5, 10), True)


def test_official_liberation_with_weekday_date() -> None:
    article = invented("Ukrainian forces liberated the village of Zorianka, the General Staff said on Tuesday.")
    [claim] = claims_of(article)
    assert (claim.place, claim.side, claim.action, claim.control) == ("Zorianka", "Ukraine", "liberated", "Ukraine")
    assert (claim.claimant, claim.claimant_kind) == ("General Staff", "belligerent_official")
    assert (claim.claim_date, claim.date_stated) == (date(2023, 6, 13), True)  # the Tuesday before Thursday 15 June


def test_withdrawal_gives_the_place_to_the_other_side_one_claim_per_place() -> None:
    article = invented(
        "Russian troops withdrew from Hlybokyi Yar and Nova Sosnivka, according to the Institute for the Study of War."
    )
    claims = claims_of(article)
    assert [c.place for c in claims] == ["Hlybokyi Yar", "Nova Sosnivka"]
    assert {(c.side, c.action, c.control, c.claimant_kind) for c in claims} == {
        ("Russia", "withdrew", "Ukraine", "think_tank")
    }


def test_outlets_own_reporting_without_attribution() -> None:
    [claim] = claims_of(invented("Russian forces captured Ostrivne after weeks of fighting."))
    assert (claim.claimant, claim.claimant_kind) == ("Example Times", "independent_media")
    assert (claim.claim_date, claim.date_stated) == (date(2023, 6, 15), False)


def test_undated_article_without_stated_date_has_no_date() -> None:
    [claim] = claims_of(invented("Russian forces captured Ostrivne.", published=None))
    assert claim.claim_date is None and not claim.date_stated


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces tried to capture Ostrivne for months.",
        "Russia has been trying to capture Ostrivne since spring.",
        "Ukraine vowed to retake Ostrivne.",
        "The army is unlikely to take Ostrivne soon.",
        "Russian troops did not enter Ostrivne.",
        "The occupied town of Ostrivne was shelled.",
    ],
)
def test_attempts_plans_and_negations_are_not_deeds(text: str) -> None:
    claims = claims_of(invented(text))
    assert [c for c in claims if c.action not in ("shelled", "tried to take")] == []
    assert all(c.control is None for c in claims)


def test_an_attempt_to_take_a_place_implies_the_other_side_holds_it() -> None:
    claims = claims_of(invented("Russian forces tried to capture Ostrivne for months."))
    assert [(c.action, c.side, c.stance) for c in claims] == [("tried to take", "Russia", "none")]
    assert holder_from_claims(claims) == "Ukraine"


def test_ordered_withdrawal_says_nothing_yet_about_control() -> None:
    [claim] = claims_of(invented("Russia has ordered its troops to withdraw from Ostrivne."))
    assert (claim.action, claim.control) == ("ordered withdrawal", None)


def test_partial_control_is_contested() -> None:
    [claim] = claims_of(invented("Russian troops had taken control of most of Ostrivne, Kadyrov said."))
    assert (claim.side, claim.control, claim.claimant_kind) == ("Russia", "contested", "belligerent_official")


def test_passive_with_agent() -> None:
    [claim] = claims_of(invented("Ostrivne was captured by Russian forces in May 2023."))
    assert (claim.place, claim.side, claim.control) == ("Ostrivne", "Russia", "Russia")
    # "in May 2023": by the end of May, said to the month (never "1 May").
    assert (claim.claim_date, claim.date_precision) == (date(2023, 5, 31), "month")


def test_flags_raised_mean_control() -> None:
    [claim] = claims_of(invented("Videos show Ukrainian troops raising Ukrainian flags in Zorianka."))
    assert (claim.action, claim.side, claim.control) == ("raised flags", "Ukraine", "Ukraine")


def test_state_media_and_osint_claimants() -> None:
    claims = claims_of(
        invented(
            "RIA Novosti reported that Russian forces captured Ostrivne.\n"
            "@FrontMapper said Ukrainian troops entered Zorianka."
        )
    )
    by_place = {c.place: c for c in claims}
    assert (by_place["Ostrivne"].claimant, by_place["Ostrivne"].claimant_kind) == ("RIA Novosti", "belligerent_state_media")
    assert (by_place["Zorianka"].claimant, by_place["Zorianka"].claimant_kind) == ("@FrontMapper", "osint")
    assert by_place["Zorianka"].control is None


def test_it_added_keeps_the_claimant_of_the_sentence_before() -> None:
    claims = claims_of(
        invented("The ISW said Russian forces advanced near Zorianka.\nIt added that Ukrainian troops retook Ostrivne.")
    )
    [retook] = about(claims, "Ostrivne")
    assert (retook.claimant, retook.claimant_kind, retook.control) == ("ISW", "think_tank", "Ukraine")


def test_next_sentence_can_name_the_source() -> None:
    claims = claims_of(
        invented("Ukrainian troops withdrew from Ostrivne.\nThis was reported on Monday by the General Staff of Ukraine.")
    )
    [claim] = claims
    assert claim.claimant_kind == "belligerent_official"
    assert claim.claimant is not None and "General Staff" in claim.claimant
    assert claim.control == "Russia"


def test_a_quote_is_attributed_where_it_ends() -> None:
    claims = claims_of(
        invented('"Our units withdrew from Ostrivne. The decision was hard," the governor of Zorianka region said.')
    )
    [claim] = about(claims, "Ostrivne")
    assert claim.claimant_kind == "belligerent_official"
    assert (claim.side, claim.control) == ("Ukraine", "Russia")  # "our" is the governor's side


def test_hedges_are_kept() -> None:
    [claim] = claims_of(
        invented("Ukrainian troops reportedly retook Ostrivne, a claim that could not be independently verified.")
    )
    assert "reportedly" in claim.hedges
    assert "could not be independently verified" in claim.hedges


def test_the_city_refers_to_the_place_the_article_is_about() -> None:
    claims = claims_of(
        invented(
            "Russian forces entered Ostrivne on Monday.\n"
            "Fighting for Ostrivne went on.\n"
            "Ukraine's army said it had withdrawn from the city."
        )
    )
    [withdrew] = [c for c in claims if c.action == "withdrew"]
    assert (withdrew.place, withdrew.control, withdrew.claimant_kind) == ("Ostrivne", "Russia", "belligerent_official")


def test_ukrainian_sentence() -> None:
    article = invented("3 жовтня ЗСУ звільнили Зорянку та Острівне, повідомили в Генштабі.", date(2023, 10, 5))
    claims = claims_of(article)
    assert [c.place_key for c in claims] == [place_key("Zorianka"), place_key("Ostrivne")]
    assert all(c.side == "Ukraine" and c.control == "Ukraine" for c in claims)
    assert all(c.claim_date == date(2023, 10, 3) and c.date_stated for c in claims)
    assert all(c.claimant_kind == "belligerent_official" for c in claims)


def test_russian_sentence() -> None:
    article = invented("7 февраля 2025 года Минобороны России сообщило о взятии под контроль Острівного.", None)
    [claim] = claims_of(article)
    assert claim.place_key == place_key("Ostrivne")
    assert (claim.side, claim.control, claim.claimant_kind) == ("Russia", "Russia", "belligerent_official")
    assert (claim.claim_date, claim.date_stated) == (date(2025, 2, 7), True)


def test_claim_ids_are_stable_and_distinct() -> None:
    article = invented("Russian troops withdrew from Hlybokyi Yar and Nova Sosnivka.")
    first, second = claims_of(article), claims_of(article)
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == 2


def test_claimant_side_of_belligerents_only() -> None:
    assert claimant_side("Ukrainian Armed Forces") == "Ukraine"
    assert claimant_side("RIA FAN") == "Russia"
    assert claimant_side("Ramzan Kadyrov") == "Russia"
    assert claimant_side("@War_Mapper") is None
    assert claimant_side("ISW") is None
    assert claimant_side(None) is None


def _claim(**kw: object) -> Claim:
    base = Claim(
        id="c", article_id="a1", passage_id="p", start=0, end=1, place="Zorianka", place_key=place_key("Zorianka"),
        side="Ukraine", action="took", control="Ukraine", claimant="@Mapper", claimant_kind="osint",
        claim_date=date(2023, 6, 1), date_stated=False,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_holder_newest_claim_decides() -> None:
    old = _claim(id="1", article_id="a1", control="Russia", side="Russia", claim_date=date(2023, 5, 1))
    new = _claim(id="2", article_id="a2", control="Ukraine", claim_date=date(2023, 6, 1))
    assert holder_from_claims([old, new]) == "Ukraine"
    assert holder_from_claims([old, new], as_of=date(2023, 5, 15)) == "Russia"


def test_holder_sides_disagreeing_at_the_newest_date_is_contested() -> None:
    one = _claim(id="1", article_id="a1", control="Ukraine")
    other = _claim(id="2", article_id="a2", control="Russia", side="Russia")
    assert holder_from_claims([one, other]) == "contested"


def test_holder_concession_by_the_losing_side_decides() -> None:
    admitted = _claim(id="1", side="Ukraine", action="retreated", control="Russia",
                      claimant="the governor of Zorianka region", claimant_kind="belligerent_official")
    partial = _claim(id="2", side="Russia", control="contested", claimant="Ramzan Kadyrov",
                     claimant_kind="belligerent_official")
    assert holder_from_claims([admitted, partial]) == "Russia"


def test_holder_party_claiming_only_part_after_a_full_claim_is_contested() -> None:
    full = _claim(id="1", claim_date=date(2023, 6, 1))  # an OSINT account says taken
    part = _claim(id="2", control="contested", claimant="Ukrainian Armed Forces",
                  claimant_kind="belligerent_official", claim_date=date(2023, 6, 5))
    assert holder_from_claims([full, part]) == "contested"


def test_holder_an_unhedged_independent_report_after_a_partial_claim_decides() -> None:
    part = _claim(id="2", control="contested", claimant="Ukrainian Armed Forces",
                  claimant_kind="belligerent_official", claim_date=date(2023, 6, 1))
    full = _claim(id="1", claim_date=date(2023, 6, 5))
    assert holder_from_claims([full, part]) == "Ukraine"
    assert holder_from_claims([replace(full, hedges=("reportedly",)), part]) == "contested"


def test_holder_unknown_without_control_claims() -> None:
    assert holder_from_claims([]) == "unknown"
    assert holder_from_claims([_claim(action="entered", control=None)]) == "unknown"


def test_timeline_is_newest_first_then_undated_in_order() -> None:
    a = _claim(id="a", claim_date=date(2023, 5, 1))
    b = _claim(id="b", claim_date=date(2023, 6, 1))
    c = _claim(id="c", claim_date=None)
    d = _claim(id="d", claim_date=date(2023, 6, 1))
    assert [x.id for x in timeline([a, b, c, d])] == ["b", "d", "a", "c"]


# --- who did the deed, when the sentence does not say (invented places) -----------------


def test_a_deed_without_a_named_doer_takes_the_side_the_article_gives_the_same_place() -> None:
    claims = claims_of(invented(
        "Ukrainian forces liberated Ostrivne on Thursday, the General Staff said.\n\n"
        "\"Today Ostrivne was liberated by the 131st battalion,\" a commander declared."
    ))
    assert {c.control for c in about(claims, "Ostrivne")} == {"Ukraine"}


def test_a_deed_without_a_doer_stays_sideless_when_the_article_names_none_for_the_place() -> None:
    claims = claims_of(invented(
        "Russian forces captured Zorivka on Monday.\n\n"
        "\"Today Ostrivne was liberated by the 131st battalion,\" a commander declared."
    ))
    assert [c.control for c in about(claims, "Ostrivne")] == [None]


def test_occupied_before_a_name_describes_who_holds_it_not_a_new_capture() -> None:
    [claim] = about(claims_of(invented(
        "The road connects the recently liberated town of Zorivka and occupied Ostrivne."
    )), "Ostrivne")
    assert (claim.control, claim.stance) == ("Russia", "holds")


def test_a_predicate_joined_by_a_comma_has_the_sentences_subject_as_doer() -> None:
    [claim] = about(claims_of(invented(
        "Russian troops halt a Ukrainian counteroffensive on the northern front, regain control of Ostrivne."
    )), "Ostrivne")
    assert claim.control == "Russia"


def test_a_participle_opening_takes_the_main_clauses_subject_and_is_an_earlier_deed() -> None:
    [claim] = about(claims_of(invented(
        "After retaking Ostrivne, Ukrainian forces sought a foothold on the other bank."
    )), "Ostrivne")
    # Ukraine's deed, of an earlier time the sentence does not give: history, not the news of the day.
    assert (claim.side, claim.stance, claim.control) == ("Ukraine", "background", None)
    [dated] = about(claims_of(invented(
        "After capturing the nearby hub of Ostrivne in February, Russia pressed its advantage."
    )), "Ostrivne")
    assert (dated.control, dated.claim_date, dated.date_precision) == ("Russia", date(2023, 2, 28), "month")


def test_an_infinitive_joined_to_another_is_an_aim_not_a_deed() -> None:
    claims = about(claims_of(invented(
        "\"Measures are being taken to stabilize the front and take back control over Ostrivne,\" he said."
    )), "Ostrivne")
    assert all(c.control is None for c in claims)


def test_an_undated_page_is_dated_no_earlier_than_the_newest_day_it_names() -> None:
    [claim] = about(claims_of(invented(
        "A bus leaves Ostrivne, May 20, 2022.\n\nRussian forces captured Ostrivne, the ministry said.",
        published=None,
    )), "Ostrivne")
    assert (claim.claim_date, claim.date_precision, claim.date_stated) == (date(2022, 5, 20), "not_before", False)


def test_an_undated_page_naming_only_a_month_stays_undated() -> None:
    [claim] = about(claims_of(invented(
        "The war began in February 2022.\n\nRussian forces captured Ostrivne, the ministry said.",
        published=None,
    )), "Ostrivne")
    assert claim.claim_date is None


def test_a_capture_named_only_for_what_it_would_bring_is_no_claim() -> None:
    claims = about(claims_of(invented("If true, the capture of Ostrivne would bring Moscow closer to Zorivka.")), "Ostrivne")
    assert claims == []


def test_repelling_an_attack_near_a_place_says_the_defender_holds_it_in_ukrainian_too() -> None:
    [claim] = about(claims_of(invented("Сили оборони відбили механізований штурм росіян поблизу Острівного.")), "Острівне")
    assert (claim.action, claim.side) == ("repelled", "Ukraine")


def test_a_breakthrough_near_a_place_is_an_attack_by_the_side_named() -> None:
    [claim] = about(claims_of(invented(
        "Kyiv's forces say the breakthrough of small Russian infantry groups near Ostrivne is being contained."
    )), "Ostrivne")
    assert (claim.action, claim.side, claim.control) == ("advanced near", "Russia", None)


def test_a_claim_word_hedges_the_deed_it_comes_before_not_one_it_follows() -> None:
    relayed = about(claims_of(invented("The Ukrainians claim to have retaken Ostrivne.")), "Ostrivne")
    reported = about(claims_of(invented(
        "Ukraine's forces have withdrawn from Ostrivne, prompting Russia to claim full control of the region."
    )), "Ostrivne")
    assert relayed[0].hedges and not reported[0].hedges


def test_positions_inside_a_place_are_a_foothold_not_the_place() -> None:
    [claim] = about(claims_of(invented("Аналитики считают, что украинские войска захватили позиции в Острівне.")), "Острівне")
    assert (claim.control, claim.stance) == ("contested", "partial")


def test_a_writers_description_of_who_holds_a_place_is_the_outlets_voice() -> None:
    [claim] = about(claims_of(invented(
        "Three people were injured in a strike on Ostrivne, a town in the Ukrainian-controlled part of the region, "
        "the local military governor said on Monday.",
        source="rt.com",
    )), "Ostrivne")
    # Said by a Russian state outlet, not by the governor it quotes: a concession.
    assert (claim.claimant, claim.claimant_side, claim.control) == ("rt.com", "Russia", "Ukraine")


def test_those_inside_a_blockaded_place_do_not_hold_it_uncontested() -> None:
    [claim] = about(claims_of(invented(
        "Остатки боевиков, находящиеся в Острівному, надежно блокированы по всему периметру, заявил министр."
    )), "Острівне")
    assert (claim.action, claim.control, claim.stance) == ("besieged", None, "fighting")


def test_a_possessive_region_before_a_name_says_where_the_place_is() -> None:
    claims = claims_of(invented("Ukrainian troops liberated Zorivka Oblast’s Ostrivne last September."))
    assert [c.place for c in claims] == ["Ostrivne"]


def test_an_outlet_calling_a_capture_claim_false_says_the_defender_holds_it() -> None:
    [claim] = about(claims_of(invented(
        "Russia’s previous false claim about the alleged capture of Ostrivne was announced in February 2023."
    )), "Ostrivne")
    assert (claim.control, claim.stance, claim.hedges) == ("Ukraine", "denied", ())


def test_holding_a_place_despite_the_other_sides_claims_records_a_dispute() -> None:
    [claim] = about(claims_of(invented(
        "Ukrainian forces still control Ostrivne despite Russian Defense Ministry claims of its capture."
    )), "Ostrivne")
    assert claim.control == "Ukraine" and "despite claims" in claim.hedges


def test_a_title_case_headline_name_ends_at_a_function_word() -> None:
    claims = claims_of(invented("Ukrainian Troops Hold Ostrivne Amid Relentless Russian Strikes\n\nThe town is quiet."))
    assert {c.place for c in claims} == {"Ostrivne"}


def test_a_list_of_settlements_without_and_goes_on_while_the_register_knows_the_names() -> None:
    claims = claims_of(invented("Вранці були звільнені Демидів, Димер, Литвинівка."))
    assert [c.place for c in claims] == ["Демидів", "Димер", "Литвинівка"]
    # A name after a comma that is no settlement is an apposition, not the list.
    claims = claims_of(invented("Russia captured Avdiivka, Syrskyi said."))
    assert [c.place for c in claims] == ["Avdiivka"]


@pytest.mark.parametrize(
    ("text", "place", "action", "control"),
    [
        ("The town of Ostrivne in the Zorivka region came under the control of the Armed Forces of Ukraine.",
         "Ostrivne", "came under control", "Ukraine"),
        ("Ранее власти заявляли, что Острівне полностью перешел под контроль украинской армии.",
         "Острівне", "came under control", "Ukraine"),
        ("Marines planted a Ukrainian flag in Ostrivne.", "Ostrivne", "raised flags", "Ukraine"),
        ("The Ukrainian flag was hoisted above the village of Ostrivne.", "Ostrivne", "raised flags", "Ukraine"),
        ("Ukrainian troops knocked the Russians out of the village of Ostrivne.", "Ostrivne", "pushed out", "Ukraine"),
        ("Ukrainian forces drove Russian troops out of Ostrivne.", "Ostrivne", "pushed out", "Ukraine"),
        ("Pretty much the whole of Ostrivne is now under Russia's control.", "Ostrivne", "under control", "Russia"),
        ("Генштаб: Острівне поки що не звільнене.", "Острівне", "not yet liberated", "Russia"),
        ("Окупанти досі тимчасово перебувають у Острівному.", "Острівному", "still in", "Russia"),
    ],
)
def test_common_wordings_of_control(text: str, place: str, action: str, control: str) -> None:
    claims = claims_of(invented(text))
    assert [(c.place, c.action, c.control) for c in claims] == [(place, action, control)]


@pytest.mark.parametrize(
    ("text", "place", "control", "stance"),
    [
        ("Russian forces establish foothold in Ostrivne amid heavy fighting.", "Ostrivne", "contested", "partial"),
        ("The Russians have established positions in the village of Ostrivne.", "Ostrivne", "contested", "partial"),
        ("\"Ostrivne liberated,\" the deputy minister said on Telegram.", "Ostrivne", None, "none"),
        ("Пушилин: Острівне практически освобождено.", "Острівне", "contested", "partial"),
        ("Russia formally claims control of Ostrivne, twelve kilometers from the city.", "Ostrivne", "Russia", "captured"),
        ("Российским войскам за три дня удалось освободить город Острівне.", "Острівне", "Russia", "captured"),
        ("The general staff refrained from mentioning Ostrivne in its nightly briefing.", "Ostrivne", "contested", "not_confirmed"),
        ("Украина окончательно потеряла Острівне.", "Острівне", "Russia", "withdrew"),
        # The next clause's subject is not the doer of an English participle before it.
        ("The Russian defence minister claims Ostrivne captured; the town is quiet.", "Ostrivne", "Russia", "captured"),
        ("Situated northwest of Zorivka, Ostrivne's capture by Russian forces is a strategic gain.", "Ostrivne", "Russia", "captured"),
    ],
)
def test_more_wordings_of_control(text: str, place: str, control: str | None, stance: str) -> None:
    claims = about(claims_of(invented(text)), place)
    assert [(c.control, c.stance) for c in claims] == [(control, stance)]


def test_words_in_quotation_marks_of_no_known_speaker_are_not_the_outlets_finding() -> None:
    [claim] = about(claims_of(invented(
        "“Today Ostrivne was liberated by Ukrainian forces.\n\nGlory to Ukraine!” the crowd shouted.",
        source="example.com",
    )), "Ostrivne")
    assert claim.claimant == "example.com" and "quoted" in claim.hedges


def test_a_headlines_speaker_before_a_colon_is_the_claimant() -> None:
    [claim] = about(claims_of(invented("Генштаб: Острівне поки що не звільнене\n\nТекст.")), "Острівне")
    # Ukraine's General Staff saying it is not yet liberated: still Russia's, on Ukraine's word (a concession).
    assert (claim.claimant, claim.claimant_side, claim.control) == ("Генштаб", "Ukraine", "Russia")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Issue 9's first harm: a denial read as its opposite.
        ("The General Staff of Ukraine denied Russia's claim to have captured Ostrivne.",
         [("contested", "denied", "Ukraine")]),
        ("Russia says it took Ostrivne; Kyiv denies it.",
         [("Russia", "captured", "Russia"), ("contested", "denied", "Ukraine")]),
        ("Moscow claimed Ostrivne, but Kyiv said its troops still hold part of the town.",
         [("Russia", "captured", "Russia"), ("contested", "partial", "Ukraine")]),
    ],
)
def test_a_denial_is_never_read_as_the_claim_it_denies(text: str, expected: list[tuple[str, str, str]]) -> None:
    claims = about(claims_of(invented(text)), "Ostrivne")
    assert [(c.control, c.stance, c.claimant_side) for c in claims] == expected


@pytest.mark.parametrize(
    ("text", "claimant", "side"),
    [
        ("“Ostrivne was liberated from the invader,” Maliar mentioned on Facebook.", "Maliar", "Ukraine"),
        ("According to Kyiv’s deputy defence minister, Ukrainian soldiers have retaken Ostrivne.",
         "Kyiv’s deputy defence minister", "Ukraine"),
        ("The Russian Federation announced its forces had established full control over Ostrivne.",
         "Russian Federation", "Russia"),
    ],
)
def test_officials_speak_for_their_side(text: str, claimant: str, side: str) -> None:
    [claim] = about(claims_of(invented(text)), "Ostrivne")
    assert (claim.claimant, claim.claimant_side) == (claimant, side)


def test_a_denials_the_village_is_the_place_of_the_claim_just_reported() -> None:
    text = (
        "Russia reports the capture of Ostrivne.\n\nOstrivne lies on the river. Ostrivne was shelled all week.\n\n"
        "On Jan 27, Russia's military reported the capture of the village of Zelenodolie, near the city of Krasnoyar.\n\n"
        "The regional governor, however, denied that Russian forces had seized the village; the fighting goes on, he said."
    )
    claims = claims_of(invented(text))
    [denial] = [c for c in claims if c.stance == "denied"]
    assert denial.place == "Zelenodolie"  # not the article's main place, nor the city named beside it


def test_a_place_being_fought_for_is_fighting_and_the_enemy_of_an_occupants_article_is_russia() -> None:
    text = (
        "Russian occupants are expanding their bridgehead near Ostrivne. The enemy is trying to capture Ostrivne.\n\n"
        "The main effort is aimed at the town of Dvorichna, which is being fought for by both armies."
    )
    claims = claims_of(invented(text))
    [attempt] = about(claims, "Ostrivne")
    assert (attempt.action, attempt.side, attempt.control) == ("tried to take", "Russia", None)
    [fight] = about(claims, "Dvorichna")
    assert fight.action == "fighting"
    # Without "occupants", "the enemy" of an outlet of no side is no one's.
    [plain] = about(claims_of(invented("The enemy is trying to capture Ostrivne.")), "Ostrivne")
    assert plain.side is None


def test_attempts_on_a_foothold_are_the_attackers_and_never_a_hold() -> None:
    text = (
        '"Russia has been trying to seize the village of Ostrivne for about a month.\n\n'
        '"They are trying to gain a foothold in Zelenodolie, and then to push on to Ostrivne," he said.\n\n'
        "Ukrainian forces thwarted Russian attempts to establish a foothold in Krasnoyar."
    )
    claims = claims_of(invented(text))
    for name in ("Ostrivne", "Zelenodolie", "Krasnoyar"):
        found = [c for c in about(claims, name) if c.action == "tried to take"]
        assert found and all(c.side == "Russia" and c.control is None for c in found), name


@pytest.mark.parametrize(
    "text, place, stance, control",
    [
        # A relative clause over an appositive: the place it is about, as the writer describes it.
        (
            (
                "Staromlynivka, a few kilometres further east, which observers say serves as a "
                "Russian stronghold, would then be within reach."
            ),
            "Staromlynivka", "holds", "Russia",
        ),
        ("Ukrainian troops advanced toward the Russian stronghold of Tokmak.", "Tokmak", "holds", "Russia"),
        # "the last Ukrainian stronghold in Luhansk Oblast" says where the stronghold is, not who holds the oblast.
        ("Ukrainian forces withdrew from Lysychansk, the last Ukrainian stronghold in Luhansk Oblast.", "Luhansk Oblast", None, None),
        # A relative clause of a past state is history, not the news of the page.
        ("У Зоринівці на Харківщині, яка була тимчасово захоплена, окупанти зруйнували більшість будинків.", "Зоринівці", "background", None),
    ],
)
def test_places_described_in_passing(text: str, place: str, stance: str | None, control: str | None) -> None:
    found = [c for c in about(claims_of(invented(text)), place) if c.stance != "none"]  # "advanced toward": another claim
    if stance is None:
        assert found == []
        return
    assert [(c.stance, c.control) for c in found] == [(stance, control)]


def test_russian_war_correspondents_are_war_bloggers_named_in_the_nominative() -> None:
    text = (
        "Украинские войска освободили село Зеленодолье.\n\nОб освобождении села Зеленодолье сообщили несколько "
        "российских военкоров. Официального подтверждения от ВСУ пока нет."
    )
    claims = about(claims_of(invented(text, published=None)), "Зеленодолье")
    assert len(claims) == 2  # the outlet's opening sentence relays the bloggers' report
    for claim in claims:
        assert (claim.claimant, claim.claimant_kind, claim.claimant_side) == ("российские военкоры", "belligerent_blogger", "Russia")
        assert claim.control == "Ukraine"
        assert any("unconfirmed" in h for h in claim.hedges)  # "no official word from the Ukrainian army yet"


def test_a_relative_clause_keeps_its_own_doer_and_date() -> None:
    text = "Российские военкоры написали о полном освобождении Зеленодолья, часть которого находилась под контролем ВСУ с 2014 года."
    [claim] = about(claims_of(invented(text, published=date(2023, 12, 27))), "Зеленодолья")
    # Not "liberated by the ВСУ in 2014": the relative clause is about who held part of it before.
    assert (claim.side, claim.claim_date) != ("Ukraine", date(2014, 12, 31))
    assert claim.claim_date == date(2023, 12, 27)


def test_an_advance_with_no_subject_is_the_articles_attackers_and_a_pronoun_is_no_one_named() -> None:
    italian = (
        "Le truppe russe stanno combattendo per l'insediamento di Ostrivka.\n\n"
        "L'avanzata verso Zelenodolsk proviene anche da altre direzioni."
    )
    [advance] = about(claims_of(invented(italian, source="italy.news-pravda.com")), "Zelenodolsk")
    assert (advance.action, advance.side) == ("advanced near", "Russia")
    english = (
        "Ukrainian troops attacked Ostrivka and advanced toward Krasnoyar.\n\n"
        "It then spent months trying without success to seize the city of Zelenodolsk."
    )
    [attempt] = about(claims_of(invented(english)), "Zelenodolsk")
    assert attempt.side is None  # "It" is not the article's attacker by default


def test_the_enemy_in_a_quotation_is_the_speakers_not_the_outlets() -> None:
    text = '«(Противнику) удалось прорваться и закрепиться в Очеретино», — сказал украинский военный.'
    claims = about(claims_of(invented(text, source="dnr-news.ru")), "Очеретино")
    assert all(c.control != "Ukraine" for c in claims)
    # An attempt to entrench is no hold.
    tried = "По его словам, противник предпринял попытку закрепиться в Очеретино."
    assert all(c.control is None for c in about(claims_of(invented(tried, source="example.ru")), "Очеретино"))


# --------------------------------------------------------------------------- who the doer is


@pytest.mark.parametrize(
    ("text", "place", "control"),
    [
        # A deed named as a noun has no doer after it: the side there is another verb's object.
        ("Звільнення Острівного відрізало російських загарбників від траси.", "Острівного", "Ukraine"),
        # The agent in the instrumental right after a deed noun is its doer, not the speaker's side.
        ("Українські військові заявили про захоплення ворогом Острівного.", "Острівного", "Russia"),
        # A verb of liberation in scare quotes is the other side's word for the capture.
        ("\"Звільнене\" Острівне.", "Острівне", "Russia"),
        # A verb joined by "and" with no subject of its own has its clause's subject, not the object before it.
        (
            (
                "Officials said that while Ukrainian forces pushed Russian troops from the river bank and liberated "
                "Ostrivne, fighting went on."
            ),
            "Ostrivne", "Ukraine",
        ),
        ("Ukraine said Russian forces shelled Zorivka and captured Ostrivne.", "Ostrivne", "Russia"),
    ],
)
def test_the_doer_of_a_deed(text: str, place: str, control: str) -> None:
    claims = [c for c in about(claims_of(invented(text)), place) if c.control is not None]
    assert [c.control for c in claims] == [control]


# --------------------------------------------------------------------------- which places a deed governs


@pytest.mark.parametrize(
    ("text", "places", "control"),
    [
        # A capital's name before a region word names the region, not a side.
        ("The Ukrainian military has regained control of the entire Kyiv region.", ["Kyiv region"], "Ukraine"),
        # Any adverb in -ly between the auxiliary and "under" or the participle.
        ("Ostrivne is essentially under Russian control.", ["Ostrivne"], "Russia"),
        # A perfect infinitive reports a deed done, whatever governs it.
        ("The Ukrainians had declared on Monday to have recaptured Ostrivne.", ["Ostrivne"], "Ukraine"),
        # A country's possessive before the place says where it is.
        ("Russian forces withdraw from Ukraine’s Ostrivne.", ["Ostrivne"], "Ukraine"),
        # Compass words before the head noun.
        ("Ukraine said its forces had recaptured the north east town of Ostrivne.", ["Ostrivne"], "Ukraine"),
        # A list after "including" or "namely" names the places of a noun of several places.
        (
            "Ukrainian officials said seven other settlements have been liberated, including Ostrivne, Lisne and Zorivka.",
            ["Ostrivne", "Lisne", "Zorivka"], "Ukraine",
        ),
        (
            "Moscow says it has gained control over more villages in the area, including Ostrivne and Lisne.",
            ["Ostrivne", "Lisne"], "Russia",
        ),
        (
            "Ukraine has recaptured all of Zorivka Oblast, namely the towns of Ostrivne and Lisne.",
            ["Zorivka Oblast", "Ostrivne", "Lisne"], "Ukraine",
        ),
        # A phrase set off by commas between the subject and its verb describes the subject.
        (
            "Ostrivne and Lisne, commuter towns outside Zorivka, had been retaken by the Ukrainian military this week.",
            ["Ostrivne", "Lisne"], "Ukraine",
        ),
        ("“Ostrivne, Zorivka Oblast, has been liberated by Ukrainian troops.", ["Ostrivne"], "Ukraine"),
        # In Ukrainian and Russian a dash stands for "is"; auxiliaries and verbs of being stand before the predicate.
        ("«Острівне, Лісне та Зорівка – звільнені від загарбника», – написала Маляр.", ["Острівне", "Лісне", "Зорівка"], "Ukraine"),
        ("Шойгу доложил, что город Острівне был освобожден российскими войсками.", ["Острівне"], "Russia"),
        ("На сегодня весь Острівне находится под контролем российской армии.", ["Острівне"], "Russia"),
    ],
)
def test_the_places_a_deed_governs(text: str, places: list[str], control: str | None) -> None:
    claims = [c for c in claims_of(invented(text)) if c.stance != "none"]
    assert [c.place for c in claims] == places
    assert {c.control for c in claims} == {control}


@pytest.mark.parametrize(
    "text",
    [
        # The object of a preposition before a verb is no subject.
        "The road from Zorivka to Ostrivne is under Ukrainian control.",
        # "practically" makes it partial: not a hold of the whole place.
        "Ostrivne is practically under Russian control.",
        # A list enumerates places only after a place or a noun of several places.
        "The army captured equipment, including tanks near Ostrivne.",
    ],
)
def test_no_claim_of_control_on_the_place(text: str) -> None:
    claims = about(claims_of(invented(text)), "Ostrivne")
    assert [c for c in claims if c.control in ("Ukraine", "Russia")] == []


def test_a_speakers_denial_of_a_sides_claims_naming_no_place_disputes_that_sides_claims_in_the_article() -> None:
    text = (
        "Putin said the village of Ostrivne was completely under Russian control.\n\n"
        "Ukrainian troops remain at their positions, the Southern Command said on Wednesday, dismissing Russian "
        "claims to have ousted them."
    )
    claims = about(claims_of(invented(text)), "Ostrivne")
    assert [(c.stance, c.control) for c in claims] == [("holds", "Russia"), ("denied", "contested")]
    # A headline's "disputes" is no one's word on record.
    headline = "Ukraine disputes Russia claim on bridgehead seizure\n\nPutin said Ostrivne was completely under Russian control."
    assert [c.stance for c in about(claims_of(invented(headline)), "Ostrivne")] == ["holds"]


@pytest.mark.parametrize(
    ("text", "place", "control", "stance"),
    [
        ("Ukrainian forces maintain control of Ostrivne despite three days of assaults.", "Ostrivne", "Ukraine", "holds"),
        ("Ukraine freed Ostrivne on Monday.", "Ostrivne", "Ukraine", "captured"),
        ("Ukraine's deputy defence minister reported on the de-occupation of Ostrivne.", "Ostrivne", "Ukraine", "captured"),
        ("Ukraine says the Russian army fled Ostrivne, leaving behind weapons.", "Ostrivne", "Ukraine", "withdrew"),
        ("Russian forces evacuated from Ostrivne in two boats, the southern command wrote.", "Ostrivne", "Ukraine", "withdrew"),
        ("The ministry said Russia pulled back its forces from Ostrivne on Thursday.", "Ostrivne", "Ukraine", "withdrew"),
        ("Russia’s Defense Ministry portrayed the pullout from Ostrivne as a goodwill gesture.", "Ostrivne", "Ukraine", "withdrew"),
        ("Ukrainian marines have returned the Ukrainian flag to Ostrivne.", "Ostrivne", "Ukraine", "captured"),
        ("Officials said the State Flag of Ukraine has been raised on Ostrivne.", "Ostrivne", "Ukraine", "captured"),
        ("На острове Зорине поднят флаг Украины.", "Зорине", "Ukraine", "captured"),
        ("\"Флаг Украины установлен на острове Зорине.", "Зорине", "Ukraine", "captured"),
        ("Острів Зорине офіційно повернувся під юрисдикцію України.", "Острів Зорине", "Ukraine", "captured"),
        ("The institute does not confirm the full occupation of Ostrivne.", "Ostrivne", "contested", "not_confirmed"),
        ("A spokesman for the brigade also denied Russian occupation of Ostrivne.", "Ostrivne", "contested", "denied"),
        ("The villages of Ostrivne and Lisne came under Russian control.", "Lisne", "Russia", "captured"),
        ("The eastern part of Ostrivne has come under Russian Armed Forces control.", "Ostrivne", "contested", "partial"),
        ("Russian troops are now operating inside Ostrivne.", "Ostrivne", "contested", "partial"),
        ("ЗСУ змогли вибити окупантів з міста Зорине.", "Зорине", "Ukraine", "captured"),
        ("Наші захисники змусили загарбників залишити острів Зорине.", "Зорине", "Ukraine", "captured"),
        ("В Минобороны РФ подтвердили вывод российских подразделений с острова Зорине.", "Зорине", "Ukraine", "conceded"),
        ("Рогов сообщил, что украинские войска сбежали из села Зорино.", "Зорино", "Russia", "withdrew"),
        ("Россия заявила о захвате руин Зорино.", "Зорино", "Russia", "captured"),
        ("Шойгу сказал, что российские войска, заняв Зорино, отодвинули артиллерию.", "Зорино", "Russia", "captured"),
        ("Зорино взяли под контроль российские военные.", "Зорино", "Russia", "captured"),
        # A part of the place.
        ("Представитель ВСУ признал частичный отход украинских войск из поселка Зорино.", "Зорино", "contested", "partial"),
        ("Противнику удалось прорваться и закрепиться в Зорино.", "Зорино", "contested", "partial"),
        ("Российские бойцы установили флаг РФ в западной части Зорино.", "Зорино", "contested", "partial"),
        # "the rest of X": the whole of it now.
        ("Ukrainian units also left Lisne and the rest of Ostrivne.", "Ostrivne", "Russia", "withdrew"),
        # A withdrawal begun, or going on gradually, has not given the place up yet.
        ("The Russian army seems to have started to withdraw from Ostrivne.", "Ostrivne", None, "withdrew"),
        ("Росія поступово відступає з Зориного.", "Зориного", None, "withdrew"),
    ],
)
def test_wordings_of_gains_losses_and_holds(text: str, place: str, control: str | None, stance: str) -> None:
    claims = about(claims_of(invented(text)), place)
    assert [(c.control, c.stance) for c in claims] == [(control, stance)]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A name before "direction", "agglomeration", "напрямку" names an area of operations.
        ("Ukraine freed Ostrivne, Zorivka direction, on Monday.", "Zorivka"),
        # A river's name is no settlement's.
        ("Противник предпринял попытку закрепиться в южной части реки Зорянка.", "Зорянка"),
        # What is prevented did not happen, and the preventer did not try it.
        ("Russian shelling is preventing Ukrainian forces from taking complete control of Ostrivne.", "Ostrivne"),
        ("Окупанти намагаються зашкодити ЗС України закріпитися в Зориному.", "Зориному"),
    ],
)
def test_no_claim_on_an_area_a_river_or_a_prevented_deed(text: str, place: str) -> None:
    assert about(claims_of(invented(text)), place) == []


@pytest.mark.parametrize(
    ("text", "place", "control"),
    [
        # A region named by its adjective is the place when nothing comes before it.
        ("У Міністерстві оборони заявили, що вся Зорівська область звільнена від окупантів.", "Зорівська область", "Ukraine"),
        ("ЗСУ звільнили від окупантів усю Зорівську область, - Міноборони", "Зорівську область", "Ukraine"),
        # The side a place is taken from lost it ("оккупантов" in Russian spelling too).
        ("В Министерстве обороны заявили, что вся Зоринская область освобождена от российских оккупантов.", "Зоринская область", "Ukraine"),
        ("Ukrainian forces retake Ostrivne from Russia, a U.S. official said.", "Ostrivne", "Ukraine"),
    ],
)
def test_regions_named_by_their_adjective_and_the_side_a_place_is_taken_from(text: str, place: str, control: str) -> None:
    assert [c.control for c in about(claims_of(invented(text)), place)] == [control]


def test_a_side_named_later_in_the_sentence_is_not_the_one_a_place_was_taken_from() -> None:
    text = "The capture of Ostrivne, first reported on Monday, has drawn attention from Russian military analysts."
    assert [c.control for c in about(claims_of(invented(text)), "Ostrivne")] != ["Ukraine"]


@pytest.mark.parametrize(
    "text",
    [
        "It is the biggest gain for Russian forces since they seized the city of Ostrivne last spring.",
        "It was Russia's biggest victory since capturing the port of Ostrivne.",
        "Moscow said the capture of Lisne less than a week after taking neighbouring Ostrivne was decisive.",
    ],
)
def test_a_deed_after_since_or_a_gerund_after_after_is_an_earlier_one(text: str) -> None:
    [claim] = about(claims_of(invented(text)), "Ostrivne")
    assert (claim.stance, claim.control) == ("background", None)


def test_a_when_clause_after_a_date_takes_that_date() -> None:
    text = "No other village was retaken after July 27, when Kyiv announced the recapture of Ostrivne."
    [claim] = about(claims_of(invented(text)), "Ostrivne")
    assert (claim.claim_date, claim.date_stated) == (date(2022, 7, 27), True)  # the last July 27 before the page
def test_a_denial_naming_no_place_denies_the_claims_of_the_sentence_before() -> None:
    text = (
        "Russia's defence ministry said its forces were in control of the towns of Ostrivne and Zelenodolie. "
        "The regional governor later refuted that, saying that no territory was lost."
    )
    claims = claims_of(invented(text))
    for name in ("Ostrivne", "Zelenodolie"):
        assert {c.stance for c in about(claims, name)} == {"holds", "denied"}, name
    # "cannot confirm or deny that the Russian forces are fleeing" denies something else than the place before.
    other = (
        "The Ukrainians claim to have retaken Ostrivne. The commander said: “I cannot confirm or deny that the "
        "Russian forces are fleeing.”"
    )
    assert {c.stance for c in about(claims_of(invented(other)), "Ostrivne")} == {"captured"}


def test_a_verb_joined_by_and_has_its_clauses_subject_not_the_previous_verbs_object() -> None:
    text = (
        "He noted that while Ukrainian units have driven Russian troops from the river bank and liberated the "
        "Ostrivne settlement, where the invaders had tried to dig in, the overall picture stays difficult."
    )
    [claim] = [c for c in about(claims_of(invented(text)), "Ostrivne") if c.control]
    assert (claim.side, claim.control) == ("Ukraine", "Ukraine")


def test_a_map_showing_a_place_to_be_under_occupation_says_who_holds_it() -> None:
    text = "The Ukrainian military blog DeepState showed Ostrivne to be under Russian occupation."
    [claim] = about(claims_of(invented(text)), "Ostrivne")
    assert (claim.control, claim.claimant) == ("Russia", "DeepState")


def test_the_other_sides_forces_holed_up_in_a_plant_of_the_city_hold_part_of_it_until_they_surrender() -> None:
    text = (
        "Теперь весь Мариуполь находится под контролем российских войск, сказал министр.\n\n"
        "Вместе с тем на территории завода «Сталькомбинат» укрылись остатки украинских боевиков."
    )
    claims = about(claims_of(invented(text)), "Мариуполь")
    assert {(c.stance, c.control) for c in claims} == {("holds", "Russia"), ("partial", "contested")}
    surrendered = (
        "Russia said its forces took full control of Mariupol. The last Ukrainian fighters holed up in the "
        "Stalkombinat plant had surrendered."
    )
    claims = claims_of(invented(surrendered))
    assert not [c for c in claims if c.stance == "partial"]
    assert not about(claims, "Stalkombinat")


def test_a_sides_concession_told_only_by_the_other_sides_media_is_marked_so() -> None:
    text = "В ВСУ признали потерю контроля над Зеленодольем еще 8 сентября."
    [claim] = about(claims_of(invented(text, source="example.ru")), "Зеленодольем")
    assert (claim.stance, claim.control, claim.claimant_side) == ("conceded", "Russia", "Ukraine")
    assert RELAYED_BY_ENEMY in claim.hedges
    # The same words in an outlet of no side are Kyiv's concession as reported.
    [plain] = about(claims_of(invented(text, source="example.org")), "Зеленодольем")
    assert RELAYED_BY_ENEMY not in plain.hedges


def test_a_foreign_governments_assessment_that_a_claim_is_inaccurate_disputes_it() -> None:
    text = (
        "“Claims from Russian military commanders that Russian forces have taken complete control of the town of "
        "Ostrivne are probably inaccurate,” the British Ministry of Defence assessed on Monday."
    )
    [claim] = about(claims_of(invented(text)), "Ostrivne")
    assert (claim.stance, claim.control) == ("denied", "contested")
    assert (claim.claimant, claim.claimant_kind, claim.claimant_side) == ("British Ministry of Defence", "foreign_government", None)


def test_the_wars_own_date_is_not_the_deeds() -> None:
    text = (
        "The defence ministry declared that its troops had liberated Ostrivne, a town of 10,000 people prior to the "
        "onset of Russia's full-scale invasion of Ukraine in February 2022."
    )
    [claim] = about(claims_of(invented(text, published=date(2024, 9, 19))), "Ostrivne")
    assert (claim.claim_date, claim.date_stated) == (date(2024, 9, 19), False)


@pytest.mark.parametrize(
    ("text", "place", "action", "control"),
    [
        ("ЗСУ ведуть бої за повний контроль над Зеленодольєм.", "Зеленодольєм", "fighting", None),
        ("Russia is also competing for the town of Ostrivne, 4 km west of the river.", "Ostrivne", "fighting", None),
        # "advanced near X, pushing Russian troops away": a move in the area, not an attack on a place the other side holds.
        ("Ukrainian forces have advanced near the border village of Ostrivne, pushing Russian troops further away.",
         "Ostrivne", "advanced in the area", None),
    ],
)
def test_fights_for_a_place_and_moves_near_it_say_no_side_holds_it(text: str, place: str, action: str, control: None) -> None:
    [claim] = about(claims_of(invented(text)), place)
    assert (claim.action, claim.control) == (action, control)
    assert implied(claim) in (None, "contested")


def test_an_advance_in_the_direction_of_a_place_a_few_words_on_is_an_advance_toward_it() -> None:
    text = "Ukrainian troops advanced north of Krasnoyar in the direction of the village of Ostrivne, the ISW reported."
    [claim] = about(claims_of(invented(text)), "Ostrivne")
    assert (claim.action, claim.side, claim.claimant) == ("advanced near", "Ukraine", "ISW")
    assert implied(claim) == "Russia"




@pytest.mark.parametrize(
    ("text", "places", "control"),
    [
        # A list goes on after "…, as well as the city of D," and after a locative "in the X region".
        (
            (
                "According to the Defense Ministry, the villages of Zorino, Lisne, and Ostrivne, as well as the city of "
                "Krasnyi Yar, came under Russian control."
            ),
            ["Zorino", "Lisne", "Ostrivne", "Krasnyi Yar"], "Russia",
        ),
        (
            (
                "Russia's defence ministry said its forces were in control of the towns of Zorino and Lisne in the "
                "Zorivka region and the village of Ostrivne."
            ),
            ["Zorino", "Lisne", "Ostrivne"], "Russia",
        ),
        # "the town and the villages of A, B and C": the list goes on after the anaphora.
        (
            (
                "Russian forces shelled the town of Zorino.\n\nThe Russian military said its troops \"liberated\" the town and the villages of "
                "Ostrivne, Lisne and Krasnyi Yar."
            ),
            ["Zorino", "Ostrivne", "Lisne", "Krasnyi Yar"], "Russia",
        ),
        # Quotation marks inside the phrase.
        ("The Russian military stated that it had “liberated the settlements” of Ostrivne and Lisne.", ["Ostrivne", "Lisne"], "Russia"),
        # As many names as counted.
        (
            (
                "The General Staff reports that Russian troops have withdrawn from two villages in the west of "
                "Zorivka Oblast, Ostrivne and Lisne:"
            ),
            ["Ostrivne", "Lisne"], "Ukraine",
        ),
        # Troops nearer the verb than officials: it is they who withdraw.
        ("Ukraine’s military officials say troops are withdrawing from the frontline town of Ostrivne.", ["Ostrivne"], "Russia"),
    ],
)
def test_lists_and_subjects(text: str, places: list[str], control: str) -> None:
    claims = [c for c in claims_of(invented(text)) if c.control is not None]
    assert [c.place for c in claims if c.place_key != place_key("Zorino") or "Zorino" in places] == places
    assert {c.control for c in claims} == {control}


def test_counted_places_need_as_many_names() -> None:
    claims = claims_of(invented("Russian troops withdrew from two villages near Zorivka, Ukrainian officials said."))
    assert about(claims, "Zorivka") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A report whose own predicate calls it untrue.
        (
            (
                "“Claims from Russian commanders that Russian forces have taken complete control of the town of "
                "Ostrivne are probably inaccurate,” the British Ministry of Defence assessed on Monday."
            ),
            "Ostrivne",
        ),
        (
            (
                "Повідомлення про нібито встановлення контролю окупантів над селом Зорине, які "
                "розганяють російські канали, не відповідає дійсності, сказав голова громади."
            ),
            "Зорине",
        ),
        # "denied Moscow's claim": the deed just named.
        (
            "Moscow says its forces had gained full control of Ostrivne but Kyiv's military denied Moscow's claim.",
            "Ostrivne",
        ),
    ],
)
def test_a_report_called_untrue_or_a_sides_claim_denied_is_disputed(text: str, place: str) -> None:
    claims = about(claims_of(invented(text)), place)
    assert claims and claims[-1].stance == "denied" and claims[-1].control == "contested"


@pytest.mark.parametrize(
    ("text", "place", "control", "stance"),
    [
        # A village's adjectival name is no region's adjective unless a region's noun follows.
        ("Информацию об освобождении Зоринского также подтвердила замминистра обороны.", "Зоринского", None, "none"),
        ("Украинские военнослужащие покидают Зорино после 82 дней обороны.", "Зорино", "Russia", "withdrew"),
        ("Вооруженные силы Украины ушли с позиций в тыловой части Зорино.", "Зорино", "contested", "partial"),
        ("Аналитики пишут, что российские войска расширили зону контроля в центре Зорино.", "Зорино", "contested", "partial"),
        # "на X-ському напрямку" between the verb and its object says where the front runs.
        ("Як повідомляв проєкт, російська армія окупувала на Зорівському напрямку місто Острівне.", "Острівне", "Russia", "captured"),
        # The doer in the instrumental ends the phrase: no place in the unit's name.
        ("Зорино и Лисное были освобождены бойцами «Южной» группировки войск.", "Южной", None, None),
    ],
)
def test_more_ukrainian_and_russian_wordings(text: str, place: str, control: str | None, stance: str | None) -> None:
    claims = about(claims_of(invented(text)), place)
    if stance is None:
        assert claims == []
        return
    assert [(c.control, c.stance) for c in claims] == [(control, stance)]


@pytest.mark.parametrize(
    ("text", "place", "found"),
    [
        # A quantifier opening a sentence is no part of the name.
        ("Уся Зорівщина звільнена від російських окупантів.", "Зорівщина", True),
        ("Уся Зорівщина звільнена від російських окупантів.", "Уся Зорівщина", False),
        # A name whose last word says it is water or a front is no settlement.
        ("The Russian army holds the Zorivka River and the Black Sea coast.", "Zorivka River", False),
        ("Russian forces are advancing on the Zorivka Front.", "Zorivka Front", False),
        # A headline's capitalized adjective before "Village of": the place is after "of".
        ("Russian Forces Capture Strategic Village of Ostrivne in Zorivka Region", "Ostrivne", True),
        ("Russian Forces Capture Strategic Village of Ostrivne in Zorivka Region", "Strategic", False),
        # A region's adjective in the genitive ends the name.
        ("Освобожден город Зорино Донецкой Народной Республики.", "Зорино", True),
    ],
)
def test_what_is_and_is_not_a_places_name(text: str, place: str, found: bool) -> None:
    claims = [c for c in claims_of(invented(text)) if c.place == place]
    assert bool(claims) == found


@pytest.mark.parametrize(
    ("text", "control", "stance"),
    [
        # "this settlement", "this village" refer back as "the settlement" does.
        (
            (
                "Russian forces attacked Ostrivne.\n\nThe spokesman said the enemy has broken through and secured a "
                "position in this settlement."
            ),
            "contested", "partial",
        ),
        ("Russian forces attacked Ostrivne.\n\nThe Russian defence ministry did not confirm losing this village.", "contested", "not_confirmed"),
    ],
)
def test_this_settlement_refers_back(text: str, control: str, stance: str) -> None:
    claims = about(claims_of(invented(text)), "Ostrivne")
    assert [(c.control, c.stance) for c in claims][1:] == [(control, stance)]  # after the attack


def test_a_deed_as_the_means_of_a_modal_main_clause_is_hypothetical() -> None:
    text = "By capturing the village of Ostrivne, the Russians could open a route to Zorivka."
    assert [c for c in about(claims_of(invented(text)), "Ostrivne") if c.control is not None] == []


def test_a_date_in_an_aside_in_brackets_is_not_the_deeds() -> None:
    text = "Вооруженные силы России освободили город Зеленодольск (с 2016 года киевские власти используют другое наименование), сообщило Минобороны."
    [claim] = about(claims_of(invented(text, published=date(2025, 2, 7))), "Зеленодольск")
    assert (claim.claim_date, claim.date_stated) == (date(2025, 2, 7), False)
