"""The bilingual polarity and aspect lexicons: every entry reachable, graded and consistent."""

from __future__ import annotations

import pytest

from cxladder.text.features import LEXICON_COLUMNS, Featurizer, tokenize
from cxladder.text.lexicon import (
    ASPECTS,
    CONTRASTS,
    CUE_GROUPS,
    CUES,
    INTENSIFIERS,
    NEGATIVE,
    NEGATORS,
    POSITIVE,
)
from cxladder.text.lexicon.polarity import (
    NEGATIVE_EN,
    NEGATIVE_NL,
    POSITIVE_EN,
    POSITIVE_NL,
    _graded,
    _merged,
)

_EVERY_WORD = [
    *POSITIVE,
    *NEGATIVE,
    *NEGATORS,
    *CONTRASTS,
    *INTENSIFIERS,
    *(word for words in CUES.values() for word in words),
]


def test_every_entry_is_one_token_as_the_featurizer_splits_text() -> None:
    # A hyphenated or multi-word entry can never match, so it would silently do nothing.
    unreachable = sorted({word for word in _EVERY_WORD if tokenize(word) != [word]})
    assert unreachable == []


def test_no_word_is_both_positive_and_negative() -> None:
    assert sorted(POSITIVE.keys() & NEGATIVE.keys()) == []


def test_weights_stay_on_the_scale_with_the_right_sign() -> None:
    assert all(0 < weight <= 3 for weight in POSITIVE.values())
    assert all(-3 <= weight < 0 for weight in NEGATIVE.values())
    assert all(0.5 <= factor <= 2.0 for factor in INTENSIFIERS.values())


def test_both_languages_have_well_over_a_thousand_polarity_words() -> None:
    assert len(POSITIVE_EN) + len(NEGATIVE_EN) >= 1200
    assert len(POSITIVE_NL) + len(NEGATIVE_NL) >= 1200
    assert min(len(POSITIVE_EN), len(NEGATIVE_EN), len(POSITIVE_NL), len(NEGATIVE_NL)) >= 500


@pytest.mark.parametrize(
    ("stronger", "weaker"),
    [
        ("lekkerste", "lekker"),
        ("overheerlijk", "lekker"),
        ("excellent", "good"),
        ("superlekker", "lekker"),
        ("heerlijk", "prima"),
    ],
)
def test_positive_grades_follow_strength(stronger: str, weaker: str) -> None:
    assert POSITIVE[stronger] > POSITIVE[weaker]


@pytest.mark.parametrize(
    ("stronger", "weaker"),
    [
        ("worst", "bad"),
        ("disgusting", "bland"),
        ("walgelijk", "vies"),
        ("slechtste", "slecht"),
        ("peperduur", "duur"),
        ("doodsaai", "saai"),
    ],
)
def test_negative_grades_follow_strength(stronger: str, weaker: str) -> None:
    assert NEGATIVE[stronger] < NEGATIVE[weaker]


@pytest.mark.parametrize(
    "word",
    ["aanrader", "topper", "zalig", "subliem", "schitterend", "yum", "smaakvol", "gastvrij"],
)
def test_review_praise_in_both_languages_is_positive(word: str) -> None:
    assert POSITIVE[word] >= 1.5


@pytest.mark.parametrize(
    "word",
    ["meh", "mwah", "mwoah", "flauw", "smerig", "waardeloos", "onvriendelijk", "taai", "ambetant"],
)
def test_review_complaints_in_both_languages_are_negative(word: str) -> None:
    assert NEGATIVE[word] <= -1


def test_words_whose_polarity_depends_on_the_aspect_weigh_little() -> None:
    # A cold beer is fine and a small cosy room is not a complaint: the model learns the rest.
    for word in ("cold", "koud", "small", "klein", "warm", "druk"):
        weight = POSITIVE.get(word, 0.0) + NEGATIVE.get(word, 0.0)
        assert abs(weight) <= 0.5, word
    for neutral in ("raw", "sweet", "hot", "rauw", "zoet", "heet"):
        assert abs(POSITIVE.get(neutral, 0.0) + NEGATIVE.get(neutral, 0.0)) <= 0.5, neutral


def test_negators_contrasts_and_intensifiers_cover_both_languages() -> None:
    assert {"not", "never", "without", "didn't", "niet", "geen", "nooit", "zonder"} <= NEGATORS
    assert {"but", "however", "maar", "echter", "hoewel"} <= CONTRASTS
    assert INTENSIFIERS["very"] > 1 and INTENSIFIERS["heel"] > 1 and INTENSIFIERS["erg"] > 1
    assert INTENSIFIERS["bit"] < 1 and INTENSIFIERS["beetje"] < 1 and INTENSIFIERS["iets"] < 1


def test_cue_groups_keep_their_order_and_every_group_has_words_in_both_languages() -> None:
    assert CUE_GROUPS[: len(ASPECTS)] == ASPECTS
    assert CUE_GROUPS[len(ASPECTS) :] == ("drinks", "menu", "location")
    samples = {
        "staff": ("waiter", "ober"),
        "waiting": ("waited", "wachttijd"),
        "quality": ("steak", "gerecht"),
        "price": ("overpriced", "prijzig"),
        "ambience": ("decor", "sfeer"),
        "reservation": ("booking", "reservering"),
        "payment": ("receipt", "pinnen"),
        "drinks": ("cocktail", "witbier"),
        "menu": ("vegetarian", "menukaart"),
        "location": ("neighborhood", "ligging"),
    }
    for group, (english, dutch) in samples.items():
        assert {english, dutch} <= CUES[group], group
    assert sum(len(words) for words in CUES.values()) >= 1000


def test_a_word_listed_under_two_weights_is_refused() -> None:
    with pytest.raises(ValueError, match="'lekker' is listed twice"):
        _graded({1.5: "lekker", 2: "heerlijk lekker"})


def test_a_shared_word_must_weigh_the_same_in_both_languages() -> None:
    assert _merged({"top": 1.5}, {"top": 1.5}) == {"top": 1.5}
    with pytest.raises(ValueError, match="'top' weighs differently"):
        _merged({"top": 1.5}, {"top": 2.0})


def _lexicon_row(text: str) -> dict[str, float]:
    featurizer = Featurizer(n_features=2**10)
    row = featurizer.transform([text]).matrix.toarray()[0, featurizer.n_features :]
    return dict(zip(LEXICON_COLUMNS, row.tolist(), strict=True))


def test_the_featurizer_reads_negation_and_intensity_from_the_lexicon() -> None:
    plain = _lexicon_row("het eten was lekker")
    boosted = _lexicon_row("het eten was heel lekker")
    softened = _lexicon_row("het eten was een beetje lekker")
    negated = _lexicon_row("het eten was niet lekker")
    assert boosted["positive"] > plain["positive"] > softened["positive"] > 0
    assert negated["positive"] == 0 and negated["positive_negated"] > 0


def test_the_featurizer_counts_cues_near_their_polarity() -> None:
    row = _lexicon_row("The waiter was rude, but later on the tiramisu was simply heavenly")
    assert row["cue:staff"] > 0 and row["cue:quality"] > 0
    assert row["near:staff"] < 0 < row["near:quality"]
    assert row["contrasts"] > 0 and row["positive_after_contrast"] > 0
