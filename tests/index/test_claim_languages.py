"""Claims read from German, French, Spanish and Italian sentences (index/claim_languages.py).

Every sentence here is invented, about invented places (Ostrivne, Lisove Pole).
"""

from __future__ import annotations

from datetime import date

import pytest

from index.claim_languages import languages_of
from index.claims import extract_claims
from index.dates import find_dates
from index.holder import holder_from_claims
from index.models import Article, Claim
from index.passages import split_passages


def claims_of(text: str, published: date | None = date(2025, 6, 15), source: str = "example.org") -> list[Claim]:
    article = Article(id="inv-1", text=text, source=source, published=published)
    return extract_claims(article, split_passages(article))


def control(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(c.place, c.side, c.control) for c in claims_of(text) if c.control is not None]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Die russischen Truppen haben das Dorf eingenommen.", "de"),
        ("Les forces russes contrôlent le village.", "fr"),
        ("Las tropas rusas tomaron el pueblo.", "es"),
        ("Le truppe russe hanno conquistato il villaggio.", "it"),
    ],
)
def test_the_language_of_a_sentence_is_told_by_its_function_words(text: str, lang: str) -> None:
    assert languages_of(text) == {lang}


def test_an_english_sentence_is_in_none_of_them() -> None:
    assert languages_of("Russian forces said on Monday that they had captured the village of Ostrivne.") == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die ukrainischen Streitkräfte befreiten das Dorf Ostrivne.", [("Ostrivne", "Ukraine", "Ukraine")]),
        ("Les troupes russes continuent de contrôler la localité de Ostrivne dans le secteur.", [("Ostrivne", "Russia", "Russia")]),
        ("Las tropas ucranianas han restablecido el control sobre el pueblo de Ostrivne.", [("Ostrivne", "Ukraine", "Ukraine")]),
        ("Le truppe russe hanno conquistato il villaggio di Ostrivne.", [("Ostrivne", "Russia", "Russia")]),
        ("Les troupes ukrainiennes se sont retirées de Ostrivne.", [("Ostrivne", "Ukraine", "Russia")]),
        ("Las tropas rusas abandonaron Ostrivne.", [("Ostrivne", "Russia", "Ukraine")]),
    ],
)
def test_deeds_with_their_doer_and_the_place_after_a_settlement_noun(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert control(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place is the subject
        ("Ostrivne wurde von russischen Truppen eingenommen.", [("Ostrivne", "Russia", "Russia")]),
        ("Ostrivne est sous le contrôle des forces armées ukrainiennes.", [("Ostrivne", "Ukraine", "Ukraine")]),
        ("La aldea de Ostrivne está bajo el control de las tropas rusas.", [("Ostrivne", "Russia", "Russia")]),
        ("Il villaggio di Ostrivne è stato liberato dalle forze ucraine.", [("Ostrivne", "Ukraine", "Ukraine")]),
        # the verb last in a German clause, after a phrase naming whom the place was taken from
        (
            "Es heißt, dass die ukrainischen Streitkräfte das Dorf Ostrivne von russischen Gruppen befreit haben.",
            [("Ostrivne", "Ukraine", "Ukraine")],
        ),
        # a phrase set off by commas between the place and its verb
        (
            "Un officier ukrainien a confirmé que le village de Ostrivne, dans la région de Lisove Pole, avait été perdu.",
            [("Ostrivne", "Ukraine", "Russia")],
        ),
    ],
)
def test_passives_and_subject_places(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert control(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die russischen Truppen haben Ostrivne nicht eingenommen.",
        "Die russischen Truppen versuchen, Ostrivne zu erobern.",
        "Les forces russes n'ont pas pris Ostrivne.",
        "Les forces russes tentent de prendre Ostrivne.",
        "Si ce rythme continue, Ostrivne sera prise dans quelques jours.",
        "Las tropas rusas no han podido recuperar el control de Ostrivne.",
        "Las tropas rusas están intentando recuperar Ostrivne.",
        "Le forze ucraine hanno tentato di attaccare il villaggio di Ostrivne.",
        "Le truppe russe potrebbero conquistare Ostrivne.",
    ],
)
def test_negations_attempts_and_forecasts_are_no_deeds(text: str) -> None:
    assert control(text) == []


def test_a_participle_after_an_article_is_an_adjective_not_a_deed() -> None:
    assert control("Zwischen den befreiten Gebieten Ostrivne und Lisove Pole gibt es keine Siedlungen.") == []


def test_a_region_word_before_a_name_says_where_not_which_settlement() -> None:
    assert control("Die russischen Truppen verlassen die Region Ostrivne.") == []


def test_the_enemy_is_the_other_side_of_the_speaker() -> None:
    text = (
        "El corresponsal de guerra Ivan Ostapenko informó sobre la situación en la aldea de Ostrivne. "
        "Según él, el asentamiento quedó bajo control del enemigo."
    )
    [claim] = [c for c in claims_of(text) if c.control]
    assert (claim.place, claim.side, claim.control) == ("Ostrivne", "Ukraine", "Ukraine")
    assert (claim.claimant_kind, claim.claimant_side) == ("belligerent_blogger", "Russia")


def test_a_deed_said_to_be_earlier_is_background() -> None:
    [claim] = claims_of("Auparavant, les troupes russes avaient pris Ostrivne.")
    assert (claim.stance, claim.control) == ("background", None)


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("Die russischen Truppen haben angeblich das Dorf Ostrivne eingenommen.", "angeblich"),
        ("Die russischen Truppen sollen das Dorf Ostrivne eingenommen haben.", "sollen"),
        ("L'armée russe aurait pris le village de Ostrivne.", "aurait"),
        ("Las tropas rusas habrían tomado la aldea de Ostrivne.", "habrían"),
    ],
)
def test_hedges_and_the_reporters_conditional_are_kept(text: str, hedge: str) -> None:
    [claim] = claims_of(text)
    assert (claim.side, claim.control) == ("Russia", "Russia")
    assert hedge in claim.hedges


def test_a_german_clause_ending_verb_in_a_list_of_deeds() -> None:
    assert control("Die russischen Streitkräfte befreiten Ostrivne und Lisove Pole.") == [
        ("Ostrivne", "Russia", "Russia"),
        ("Lisove Pole", "Russia", "Russia"),
    ]


def test_contradictory_claims_in_two_languages_leave_the_place_contested() -> None:
    claims = claims_of("Las tropas ucranianas han restablecido el control sobre el pueblo de Ostrivne.")
    claims += claims_of("Les troupes russes continuent de contrôler la localité de Ostrivne.")
    assert holder_from_claims(claims) == "contested"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("El 23 de marzo de 2025, las tropas", date(2025, 3, 23)),
        ("le 23 mars 2025, les forces", date(2025, 3, 23)),
        ("La mattina del 15 aprile 2025, le forze", date(2025, 4, 15)),
        ("am 22. Juli 2025 wurde", date(2025, 7, 22)),
    ],
)
def test_days_written_in_other_languages_are_read(text: str, day: date) -> None:
    [mention] = find_dates(text)
    assert (mention.period.start, mention.period.precision) == (day, "day")
