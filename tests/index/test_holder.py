"""Who holds a place as of a day, from the claims about it (index/holder.py).

Claims are built as the extractor would store them, about an invented village.
"""

from __future__ import annotations

from datetime import date
from itertools import count

from index.holder import holder_from_claims, is_confirmation, outliers, undated_later, window
from index.models import RELAYED_BY_ENEMY, Claim, ClaimantKind, Holder, Side

_ids = count()


def claim(
    day: date | None,
    control: Holder | None,
    claimant: str,
    kind: ClaimantKind = "belligerent_official",
    speaks_for: Side | None = None,
    action: str = "captured",
    side: Side | None = None,
    stance: str = "captured",
    article: str | None = None,
) -> Claim:
    n = next(_ids)
    return Claim(
        id=f"c{n}", article_id=article or f"a{n}", passage_id=f"p{n}", start=0, end=10, place="Ostrivne",
        place_key="strvn", side=side, action=action, control=control, claimant=claimant, claimant_kind=kind,
        claim_date=day, date_stated=day is not None, stance=stance, claimant_side=speaks_for,
    )


RU_MOD = {"claimant": "Russian defence ministry", "speaks_for": "Russia"}
UA_GS = {"claimant": "Ukrainian General Staff", "speaks_for": "Ukraine"}
REUTERS = {"claimant": "reuters.com", "kind": "independent_media", "speaks_for": None}


def test_a_capture_confirmed_by_the_other_sides_concession_is_held() -> None:
    claims = [
        claim(date(2024, 5, 5), "Russia", **RU_MOD),
        claim(date(2024, 5, 7), "Russia", action="withdrew", stance="conceded", **UA_GS),
    ]
    assert holder_from_claims(claims) == "Russia"


def test_a_capture_the_other_side_denies_is_contested_never_the_claim() -> None:
    claims = [
        claim(date(2024, 5, 20), "Russia", **RU_MOD),
        claim(date(2024, 5, 20), "contested", action="disputed", stance="denied", **UA_GS),
    ]
    assert holder_from_claims(claims) == "contested"


def test_an_independent_report_after_a_denial_settles_it() -> None:
    claims = [
        claim(date(2022, 7, 3), "contested", action="did not confirm", stance="not_confirmed", **UA_GS),
        claim(date(2022, 7, 4), "Russia", action="withdrew", stance="withdrew", **REUTERS),
    ]
    assert holder_from_claims(claims) == "Russia"


def test_a_disputed_place_claimed_only_by_one_side_is_contested() -> None:
    claims = [
        claim(date(2024, 1, 10), "Ukraine", action="holds", stance="holds", **REUTERS),
        claim(date(2025, 7, 20), "Russia", **RU_MOD),
    ]
    assert holder_from_claims(claims) == "contested"


def test_a_place_no_one_disputes_is_held_on_its_sides_word() -> None:
    assert holder_from_claims([claim(date(2022, 3, 26), "Ukraine", **UA_GS)]) == "Ukraine"


def test_the_time_asked_about_leaves_later_claims_out() -> None:
    claims = [
        claim(date(2022, 11, 9), "contested", action="disputed", stance="denied", **UA_GS),
        claim(date(2022, 11, 9), "Ukraine", **UA_GS),
        claim(date(2022, 11, 11), "Ukraine", action="withdrew", stance="conceded", **RU_MOD),
    ]
    assert holder_from_claims(claims, as_of=date(2022, 11, 9)) == "contested"
    assert holder_from_claims(claims, as_of=date(2022, 11, 30)) == "Ukraine"
    assert holder_from_claims(claims, as_of=date(2022, 11, 1)) == "unknown"


def test_attacks_near_a_place_imply_the_attacked_side_holds_it() -> None:
    claims = [claim(date(2025, 10, 1), None, action="advanced near", side="Russia", stance="none", **REUTERS)]
    assert holder_from_claims(claims) == "Ukraine"


def test_a_claim_a_year_away_from_all_others_is_an_outlier_that_never_decides() -> None:
    claims = [
        claim(date(2024, 2, 17), "Russia", action="withdrew", stance="conceded", **UA_GS),
        claim(date(2024, 2, 18), "Russia", **REUTERS),
        claim(date(2024, 2, 20), "Russia", **REUTERS),
        claim(date(2026, 1, 1), "Ukraine", action="liberated", **REUTERS),  # a misread date, far from the rest
    ]
    assert outliers(claims) == {claims[3].id}
    assert holder_from_claims(claims) == "Russia"


def test_background_of_an_older_time_is_not_the_window_of_the_news() -> None:
    news = claim(date(2024, 6, 21), None, action="advanced near", side="Russia", stance="none", article="b1", **REUTERS)
    history = claim(date(2022, 3, 31), "Russia", action="captured", article="b1", **REUTERS)
    assert window([news, history]) == [news]
    assert holder_from_claims([news, history]) == "Ukraine"


def test_no_claim_about_control_is_unknown() -> None:
    assert holder_from_claims([claim(date(2024, 1, 1), None, action="entered", stance="entered", **REUTERS)]) == "unknown"


def test_fighting_for_a_place_with_no_word_on_who_holds_it_is_contested() -> None:
    claims = [claim(date(2022, 11, 9), None, "novayagazeta.eu", kind="independent_media", action="fighting", stance="fighting")]
    assert holder_from_claims(claims, as_of=date(2022, 11, 9)) == "contested"
    # The day after, the liberation reported by an independent outlet settles it.
    later = claims + [claim(date(2022, 11, 10), "Ukraine", **REUTERS, side="Ukraine")]
    assert holder_from_claims(later) == "Ukraine"


def test_an_outlet_relaying_a_sides_claim_confirms_nothing() -> None:
    from dataclasses import replace

    relayed = replace(claim(date(2022, 11, 11), "Ukraine", **REUTERS, side="Ukraine"), hedges=("claim",))
    denial = claim(date(2022, 11, 10), "contested", action="disputed", stance="denied", **RU_MOD)
    assert holder_from_claims([relayed, denial]) == "contested"
    assert holder_from_claims([replace(relayed, hedges=()), denial]) == "Ukraine"


def test_an_undated_loss_after_the_only_known_gain_decides_and_else_unsettles() -> None:
    taken = [claim(date(2023, 8, 16), "Ukraine", **REUTERS, side="Ukraine")]
    undated_loss = claim(None, "Russia", **UA_GS, side="Ukraine", action="withdrew", stance="conceded")
    assert holder_from_claims(taken) == "Ukraine"
    # Ukraine is known to hold it only since the liberation: one cannot withdraw from
    # what one does not hold, so the undated withdrawal came after it.
    assert holder_from_claims(taken + [undated_loss]) == "Russia"
    assert undated_later(taken + [undated_loss]) == [undated_loss]
    # With an earlier time Ukraine held it (Russia took it in 2022), the withdrawal may be
    # that one: asked about today, not settled.
    earlier = claim(date(2022, 3, 1), "Russia", **RU_MOD, side="Russia")
    assert holder_from_claims(taken + [earlier, undated_loss]) == "contested"
    # Asked about the time of the liberation, the dated claims decide.
    assert holder_from_claims(taken + [undated_loss], as_of=date(2023, 8, 31)) == "Ukraine"


def test_an_advance_before_the_same_sides_capture_is_the_way_there_not_a_dispute() -> None:
    advance = claim(date(2023, 8, 15), None, action="advanced near", side="Ukraine", stance="none", **UA_GS)
    liberated = claim(date(2023, 8, 16), "Ukraine", action="liberated", side="Ukraine", **UA_GS)
    assert holder_from_claims([advance, liberated]) == "Ukraine"


def test_attacks_after_the_other_sides_last_word_leave_it_contested() -> None:
    # "Previously, Russian troops had taken X" (July), then only "trying to gain a foothold in X" (January).
    taken_earlier = claim(date(2025, 7, 25), None, action="captured (earlier)", side="Russia", stance="background", **RU_MOD)
    attempt = claim(date(2026, 1, 14), None, action="tried to take", side="Russia", stance="none", **REUTERS)
    assert holder_from_claims([attempt]) == "Ukraine"
    assert holder_from_claims([taken_earlier, attempt]) == "contested"
    # A word on control more than a year older is history.
    old = claim(date(2024, 7, 25), None, action="captured (earlier)", side="Russia", stance="background", **RU_MOD)
    assert holder_from_claims([old, attempt]) == "Ukraine"


def test_a_siege_with_no_word_on_who_holds_it_is_contested() -> None:
    claims = [claim(date(2022, 5, 4), None, "mariupol-news.ru", kind="independent_media", action="besieged", stance="fighting")]
    assert holder_from_claims(claims) == "contested"


def test_a_place_each_side_is_confirmed_to_hold_within_the_days_asked_about_changed_hands() -> None:
    claims = [
        claim(date(2025, 3, 23), "Russia", "avia-pro.fr", kind="independent_media"),
        claim(date(2025, 3, 26), "Ukraine", "war correspondent", speaks_for="Russia", action="took control"),
    ]
    assert holder_from_claims(claims, as_of=date(2025, 3, 26), since=date(2025, 3, 23)) == "contested"
    # Asked about the last day only, the newest confirmation decides.
    assert holder_from_claims(claims, as_of=date(2025, 3, 26)) == "Ukraine"


def test_a_sides_war_bloggers_confirm_nothing_and_alone_settle_nothing() -> None:
    bloggers = {"claimant": "российские военкоры", "kind": "belligerent_blogger", "speaks_for": "Russia"}
    # Russian bloggers reporting a Ukrainian liberation: no concession of Russia's, a rumour.
    rumour = claim(date(2023, 7, 16), "Ukraine", action="liberated", side="Ukraine", **bloggers)
    assert holder_from_claims([rumour]) == "contested"
    # The side's own official word, later, settles it as its word does.
    official = claim(date(2023, 7, 27), "Ukraine", action="liberated", side="Ukraine", **UA_GS)
    assert holder_from_claims([rumour, official]) == "Ukraine"
    # An independent mapping account is no side's blogger: its word stands.
    mapper = claim(date(2023, 7, 16), "Ukraine", "@Mapper", kind="osint", action="took", side="Ukraine")
    assert holder_from_claims([mapper]) == "Ukraine"


def test_holding_out_in_part_of_a_place_before_its_capture_is_the_way_there_but_not_the_same_day() -> None:
    holding_out = claim(date(2022, 4, 21), "contested", action="holds part of", side="Ukraine", stance="partial", **RU_MOD)
    whole = claim(date(2022, 4, 21), "Russia", action="under control", side="Russia", stance="holds", **RU_MOD)
    # The same report says all of it is Russia's and that Ukrainian fighters hold out in a plant: contested.
    assert holder_from_claims([holding_out, whole]) == "contested"
    # A month later Russia claims the capture of the whole: the siege before it disputes nothing.
    captured = claim(date(2022, 5, 20), "Russia", action="captured", side="Russia", **RU_MOD)
    assert holder_from_claims([holding_out, whole, captured]) == "Russia"


def test_a_concession_told_only_by_the_other_sides_media_confirms_nothing() -> None:
    from dataclasses import replace

    conceded = claim(date(2024, 9, 8), "Russia", action="lost", side="Ukraine", stance="conceded", **UA_GS)
    told = replace(conceded, hedges=(RELAYED_BY_ENEMY,))
    captured = claim(date(2024, 9, 10), "Russia", **RU_MOD, side="Russia")
    assert holder_from_claims([conceded, captured]) == "Russia"
    # Russia's own word, and Kyiv's admission only as Russian media tell it: not settled by anyone else.
    assert is_confirmation(conceded) and not is_confirmation(told)
