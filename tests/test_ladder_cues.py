"""The bilingual cue lexicon and CueTextJudge: phrasings, negation, intensity, sarcasm."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pytest

from cxladder.errors import InvalidInput
from cxladder.ladder.cues import (
    CueMatch,
    CueTextJudge,
    Lexicon,
    _offered,
    _present,
    compile_phrase,
    default_lexicon,
    frozen_maker,
    normalise,
    text_verdict,
)
from cxladder.ladder.judge import TextJudge, TextReading
from cxladder.model import Assessment, Reason, ServiceLevel

C, B, E, D, S, U = (
    ServiceLevel.CRIMINAL,
    ServiceLevel.BASIC,
    ServiceLevel.EXPECTED,
    ServiceLevel.DESIRED,
    ServiceLevel.SURPRISING,
    ServiceLevel.UNBELIEVABLE,
)


@pytest.fixture(scope="module")
def judge() -> CueTextJudge:
    return CueTextJudge()


def level_of(judge: CueTextJudge, text: str) -> ServiceLevel | None:
    return judge.read(text).level


# -- the lexicon ----------------------------------------------------------------------------


def test_the_lexicon_has_hundreds_of_cues_for_every_level_in_both_languages() -> None:
    lexicon = default_lexicon()
    assert len(lexicon) >= 500
    counts = Counter((cue.level, cue.language) for cue in lexicon.cues)
    for level in ServiceLevel:
        for language in ("en", "nl"):
            assert counts[(level, language)] >= 25, (level, language)


def test_the_judge_is_a_text_judge_with_a_versioned_name(judge: CueTextJudge) -> None:
    assert isinstance(judge, TextJudge)
    assert judge.name.startswith("cues-1.")
    assert judge.name == CueTextJudge().name


def test_phrase_language() -> None:
    compiled = compile_phrase("took|take our|my? coat* .. quickly =1.5")
    assert compiled.weight == 1.5
    assert compiled.pattern.search("they took my coats really quickly")
    assert compiled.pattern.search("take coat quickly")
    assert not compiled.pattern.search("took the raincoat quickly")
    assert compiled.pattern.search("nobody greeted_us") is None


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("en: .. coat", "gap"),
        ("en: coat? please", "optional"),
        ("en: abc*", "four letters"),
        ("xx: coat", "expected 'en: phrase'"),
    ],
)
def test_a_bad_lexicon_line_is_refused_with_its_line_number(line: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=rf"custom.txt:3: .*{problem}"):
        Lexicon.parse(f"# comment\n[desired]\n{line}\n", source="custom.txt")


def test_a_cue_outside_a_section_or_in_an_unknown_one_is_refused() -> None:
    with pytest.raises(InvalidInput, match="under a \\[level\\] heading"):
        Lexicon.parse("en: coat\n")
    with pytest.raises(InvalidInput, match="unknown section \\[great\\]"):
        Lexicon.parse("[great]\nen: coat\n")


def test_a_custom_lexicon_plugs_in() -> None:
    lexicon = Lexicon.parse("[surprising]\nen: origami swan\nnl: zwaan van servet*\n")
    judge = CueTextJudge(lexicon=lexicon)
    assert judge.read("they folded an origami swan").level == S
    assert judge.read("een zwaan van servetten!").level == S
    assert judge.read("they took our coats").level is None


# -- many phrasings per level -----------------------------------------------------------------

PHRASINGS = [
    # criminal
    ("They lost our booking and there was no table for us", C),
    ("We waited over an hour for our food", C),
    ("The manager was incredibly rude to my wife", C),
    ("Worst service ever, never going back", C),
    ("I was on hold for 45 minutes and then they hung up on me", C),
    ("Found a hair in my soup", C),
    ("Onze reservering was zoek", C),
    ("Na een half uur wachten nog steeds geen menukaart", C),
    ("Wat een onbeschofte ober, hier kom ik nooit meer", C),
    ("Het pakket is nooit aangekomen", C),
    ("Schandalig hoe we behandeld zijn", C),
    ("We zijn afgesnauwd door de chauffeur", C),
    # basic
    ("Meh. It was okay I guess", B),
    ("Nobody greeted us when we walked in", B),
    ("The fries were soggy and lukewarm", B),
    ("Service was slow and the staff seemed indifferent", B),
    ("I had to ask twice for the bill", B),
    ("Mwoah, het was wel oké", B),
    ("Niemand die ons begroette", B),
    ("Het eten was vettig en lauw", B),
    ("De bediening was ongeïnteresseerd", B),
    ("We werden van het kastje naar de muur gestuurd", B),
    ("Ik geef ze een vijf", B),
    ("Lange rijen bij de ingang", B),
    # expected
    ("The food was tasty and the staff were friendly", E),
    ("Exactly what we expected, no complaints", E),
    ("Quick service and delivered on time", E),
    ("Lekker gegeten, vriendelijke bediening", E),
    ("Precies wat je verwacht, prima", E),
    ("Netjes op tijd bezorgd", E),
    ("Niets op aan te merken", E),
    # desired
    ("The waiter took our coats right away", D),
    ("Free coffee while we waited, nice touch", D),
    ("They kept me updated and it arrived earlier than expected", D),
    ("Ze namen onze jassen aan", D),
    ("Er stond meteen gratis brood op tafel", D),
    ("Ze hielden ons goed op de hoogte en het kwam eerder dan verwacht", D),
    ("Zeker voor herhaling vatbaar", D),
    # surprising
    ("They remembered my name and my usual order", S),
    ("There was a card with our names on the table", S),
    ("They replaced the broken kettle without a receipt, no questions asked", S),
    ("The chef explained every dish", S),
    ("Ze wisten mijn naam nog van vorige keer", S),
    ("Een nieuw horloge gekregen zonder bonnetje", S),
    ("Er was uitleg bij elk gerecht", S),
    ("We komen keer op keer terug", S),
    # unbelievable
    ("They asked us if we were celebrating anything special", U),
    ("Champagne waiting for our 25th anniversary", U),
    ("Legendary service, I will tell everyone about it", U),
    ("This place should go viral", U),
    ("Ze vroegen of er iets te vieren was", U),
    ("Prosecco omdat we 25 jaar getrouwd waren", U),
    ("Onvergetelijk, ik heb het aan iedereen verteld", U),
    ("Het menu was helemaal afgestemd op onze wensen", U),
]


@pytest.mark.parametrize(("text", "level"), PHRASINGS)
def test_phrasings_in_both_languages_land_on_their_level(
    judge: CueTextJudge, text: str, level: ServiceLevel
) -> None:
    reading = judge.read(text)
    assert reading.level == level, [r.message for r in reading.reasons]
    assert 0.3 <= reading.probability <= 0.95


def test_a_comment_without_cues_says_nothing(judge: CueTextJudge) -> None:
    reading = judge.read("We ordered the risotto on a Tuesday.")
    assert reading.level is None
    assert reading.reasons == ()
    assert reading.probability == 0.0


# -- negation, intensity, sarcasm --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("not bad at all", E),
        ("niet slecht", E),
        ("nobody greeted us", B),
        ("they greeted us", E),
        ("we werden niet begroet", B),
        ("ze begroetten ons niet", B),
        ("geen excuses", B),
        ("they apologised", E),
        ("the waiter wasn't friendly", B),
        ("de ober was niet vriendelijk", B),
        ("the staff were never rude", E),
        ("not only did they take our coats, they had a card with our names", S),
        ("het was niet alleen lekker maar ook snel", E),
        ("they didn't take our coats", E),
    ],
)
def test_negation(judge: CueTextJudge, text: str, level: ServiceLevel) -> None:
    assert level_of(judge, text) == level


def test_negation_is_flagged_in_the_reason(judge: CueTextJudge) -> None:
    reading = judge.read("The soup was not tasty")
    assert reading.level == B
    assert [r.message for r in reading.reasons] == [
        "Comment: 'The soup was not tasty' — indifferent, 'meh' service (negated)"
    ]


def test_negation_stops_at_the_end_of_a_clause(judge: CueTextJudge) -> None:
    assert level_of(judge, "Not cheap, but the staff were friendly") == E


def test_intensifiers_add_weight_and_downtoners_soften(judge: CueTextJudge) -> None:
    plain = judge.read("the waiter was rude").reasons[0].weight
    strong = judge.read("the waiter was really rude").reasons[0].weight
    soft = judge.read("the waiter was a bit rude")
    assert strong > plain > soft.reasons[0].weight
    assert soft.level == B  # a little rude is not yet a failure of the minimum


def test_an_intensifying_cue_word_before_another_word_is_not_a_cue(judge: CueTextJudge) -> None:
    assert level_of(judge, "ongelooflijk slecht") == B
    assert level_of(judge, "het was ongelooflijk!") == U


def test_sarcasm_turns_praise_into_indifference(judge: CueTextJudge) -> None:
    sincere = judge.read("Great service")
    sarcastic = judge.read("Great service, yeah right")
    assert sincere.level == D
    assert sarcastic.level == B
    assert "sarcasm" in sarcastic.reasons[0].message
    assert level_of(judge, "Ja hoor, lekker dan. Weer prima geholpen") == B


# -- the verdict and its reasons ----------------------------------------------------------------


def test_a_failure_dominates_praise(judge: CueTextJudge) -> None:
    assert level_of(judge, "Lovely food and a free dessert, but the waiter was rude") == C


def test_indifference_outweighing_praise_is_basic(judge: CueTextJudge) -> None:
    assert level_of(judge, "Greasy food, nobody greeted us, but friendly staff") == B


def test_praise_with_a_small_complaint_steps_down_one_level(judge: CueTextJudge) -> None:
    assert level_of(judge, "The kitchen was slow, but there was a card with our names") == D


def test_the_highest_praise_wins_when_all_is_positive(judge: CueTextJudge) -> None:
    text = "They took our coats, remembered our names and asked about the occasion"
    assert level_of(judge, text) == U


def test_reasons_quote_the_clause_and_cite_the_phrase(judge: CueTextJudge) -> None:
    reading = judge.read("Geweldige avond. Ze hadden een bordje met onze naam neergezet!")
    (reason,) = [r for r in reading.reasons if r.level == S]
    assert reason.source == "text"
    assert reason.message == (
        "Comment: 'Ze hadden een bordje met onze naam neergezet' — personal surprise"
    )
    assert reason.evidence == "bordje met onze naam"


def test_long_clauses_are_trimmed_to_whole_words(judge: CueTextJudge) -> None:
    text = (
        "After a very long drive through the rain and a search for parking we finally got in "
        "and they had a table with our name on it and a candle lit and music we love playing"
    )
    reason = judge.read(text).reasons[0]
    quote = reason.message.split("'")[1]
    assert quote.startswith("…") and quote.endswith("…")
    assert len(quote) < 130
    assert "table with our name" in quote


def test_the_original_spelling_is_quoted(judge: CueTextJudge) -> None:
    reading = judge.read("Mwoah, wel OKÉ")
    assert any("OKÉ" in r.message for r in reading.reasons)


def test_reasons_speak_dutch_when_asked() -> None:
    reading = CueTextJudge(language="nl").read("They took our coats")
    assert reading.reasons[0].message == "Opmerking: 'They took our coats' — net iets extra"


def test_the_language_is_guessed_when_not_given(judge: CueTextJudge) -> None:
    assert judge.read("Het eten was lekker").language == "nl"
    assert judge.read("The food was tasty").language == "en"
    assert judge.read("Het eten was lekker", "de").language == "de"


def test_reading_is_deterministic(judge: CueTextJudge) -> None:
    text = "Nobody greeted us, maar het eten was lekker en ze namen onze jassen aan"
    assert judge.read(text) == CueTextJudge().read(text)


# -- the fast paths find what a plain scan finds ----------------------------------------------


def _every_cue_scanned(lexicon: Lexicon, text: str) -> set[tuple[int, int, int]]:
    """What the index must find: every level cue's regex tried on the whole comment."""
    found = set()
    for cue in lexicon.cues:
        if cue.level is None:
            continue
        for match in cue.compiled.pattern.finditer(text):
            start = match.start()
            if start == 0 or not re.match(r"\w", text[start - 1]):
                found.add((match.start(), match.end(), cue.id))
    return found


def _sample_comments() -> list[str]:
    lexicon = default_lexicon()
    phrases = [cue.phrase.replace("_", " ").replace("*", "s") for cue in lexicon.cues]
    words = [w for p in phrases for w in p.split() if "|" not in w and w not in ("..", "...")]
    comments = [text for text, _ in PHRASINGS]
    for index in range(300):
        # Cue words in an order no phrase has: the index must neither miss nor invent a cue.
        picked = [words[(index * 7919 + k * 104729) % len(words)] for k in range(4 + index % 9)]
        comments.append(", ".join(picked[:3]) + " " + " ".join(picked[3:]))
    return comments


def test_the_index_finds_exactly_what_trying_every_cue_finds() -> None:
    lexicon = default_lexicon()
    for comment in _sample_comments():
        text = normalise(comment)
        found = {(s, e, cue.id) for s, e, cue in lexicon._index.search(text, _offered(text)[1])}
        assert found == _every_cue_scanned(lexicon, text), comment


def test_the_offered_keys_are_every_word_and_its_stem() -> None:
    for text in ("we wachtten 25 minuten op_de ober", "ik", "", "café’s crème brûlée à la carte"):
        words, present = _offered(text)
        assert present == _present(set(words))


def test_the_quick_constructors_make_equal_objects() -> None:
    reason = Reason("text", S, 1.5, "Comment: 'x' — personal surprise", "x")
    assert frozen_maker(Reason)(*[getattr(reason, f) for f in reason.__slots__]) == reason
    reading = TextReading("nl", (reason,), S, 0.7)
    assert frozen_maker(TextReading)("nl", (reason,), S, 0.7, None) == reading
    judged = Assessment("e1", S, 0.5, (reason,), "ladder-1")
    assert frozen_maker(Assessment)("e1", S, 0.5, (reason,), "ladder-1") == judged
    with pytest.raises(AttributeError):
        frozen_maker(Reason)("text", S, 1.0, "m", "e").weight = 2.0  # type: ignore[misc]


def test_a_validating_class_keeps_its_own_constructor() -> None:
    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int
        b: int
        c: int
        d: int
        e: int

        def __post_init__(self) -> None:
            raise ValueError("checked")

    assert frozen_maker(Checked) is Checked


def test_one_cue_and_many_cues_weigh_by_the_same_rules() -> None:
    lexicon = default_lexicon()
    for cue in lexicon.cues[::37]:
        if cue.level is None:
            continue
        single = CueMatch(cue, 0, 1, cue.level, cue.weight)
        # A second, weightless match changes nothing in the rules but avoids the short cut.
        twin = CueMatch(cue, 2, 3, cue.level, 0.0)
        assert text_verdict([single]) == text_verdict([single, twin])
