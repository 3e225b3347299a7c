"""The bilingual cue lexicon and CueTextJudge, the built-in reader of customer comments.

The lexicon (lexicon/cues.txt) lists phrases per level in Dutch and English in a small phrase
language that CX people can edit without knowing regular expressions:

    en: took|take our|my? coat*          one slot per word; `a|b` alternatives
    nl: jas|jassen .. aangepakt          `..` lets up to three words in between
    nl: gratis|gratis_en_voor_niets?     `_` joins words, a trailing `?` makes a slot optional
    en: waited ages =1.5                 `*` ends a stem, `=w` sets the weight (default 1)

Each phrase compiles once into a regular expression and is indexed under the first four
letters of one of its words, so reading a comment costs a tokenisation plus a few regex
searches, not a scan with every phrase. Around each match the reader looks for negation
("niet", "nobody", "wasn't"), intensifiers ("heel", "really"), downtoners ("een beetje")
and sarcasm markers ("yeah right", "ja hoor"), all within the same clause.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cache
from itertools import repeat
from operator import add, itemgetter
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar

from cxladder.errors import InvalidInput
from cxladder.ladder.judge import TextReading
from cxladder.model import Reason, ServiceLevel

__all__ = [
    "LEXICON_PATH",
    "Cue",
    "CueMatch",
    "CueTextJudge",
    "Lexicon",
    "CompiledPhrase",
    "compile_phrase",
    "default_lexicon",
    "frozen_maker",
    "normalise",
    "text_verdict",
]

LEXICON_PATH: Final = Path(__file__).with_name("lexicon") / "cues.txt"

L = ServiceLevel
# Enum members looked up once: `L.EXPECTED` costs a class attribute lookup every time.
CRIMINAL: Final = ServiceLevel.CRIMINAL
BASIC: Final = ServiceLevel.BASIC
EXPECTED: Final = ServiceLevel.EXPECTED
DESIRED: Final = ServiceLevel.DESIRED
SURPRISING: Final = ServiceLevel.SURPRISING
UNBELIEVABLE: Final = ServiceLevel.UNBELIEVABLE
_SECTIONS: Final = {level.name.lower(): level for level in ServiceLevel}
_SARCASM: Final = "sarcasm"
_KEY_LENGTH: Final = 4
_GAP_WORDS: Final = {"..": 3, "...": 6}

# Words that never make a good index key: they are in nearly every comment.
_STOPWORDS: Final = frozenset(
    "a an the and or of to in on at for with my our we i it is was were be so "
    "after from about have had has been this that there they them their just some your you "
    "when what will would are not but all also by as if me us he she his her its than then "
    "de het een en of te in op aan voor met mijn ons onze we wij ik is was waren zijn zo er "
    "dat die deze dit hij zij ze je jij u hun had hebben heeft werd worden wordt naar bij uit "
    "als dan nog wel ook maar om over door tot van mij me men al".split()
)
_NL_WORDS: Final = frozenset(
    "de het een en niet ik wij was waren zijn heel erg maar ook ons onze".split()
)
_EN_WORDS: Final = frozenset("the a an and not i we was were very but also our us my it".split())

NEGATORS: Final = frozenset(
    "not no never nobody none nothing nowhere without hardly cannot "
    "niet geen nooit niemand niets niks nergens zonder nauwelijks amper".split()
)
_NOT_NEGATING_AFTER: Final = frozenset("only just alleen enkel maar".split())
INTENSIFIERS: Final = frozenset(
    "very really so extremely super incredibly absolutely truly totally utterly "
    "heel erg zeer echt ontzettend enorm super hartstikke mega bijzonder ongelooflijk "
    "verschrikkelijk vreselijk uiterst".split()
)
DOWNTONERS: Final = frozenset(
    "slightly somewhat bit little fairly rather quite pretty "
    "beetje wat iets enigszins vrij redelijk tamelijk best".split()
)

_WORD: Final = re.compile(r"\w+")
_STEM_OF: Final = itemgetter(slice(None, _KEY_LENGTH))
_WORD_CHAR: Final = re.compile(r"\w").match
_TOKEN: Final = re.compile(r"[\w']+")
_CLAUSE_MARKS: Final = '.;:!?(),"\n'
_CLAUSE_WORDS: Final = frozenset("but maar however echter although hoewel".split())
_NIET_AFTER: Final = re.compile(r"(?: +(?!en\b|maar\b|of\b)\w+){0,2} +niet\b")
_NEXT_WORD: Final = re.compile(r" +\w")
_QUOTE_BREAK: Final = re.compile(r"[.,;!?\n]")
_QUOTE_CONTEXT: Final = 40
_ACCENTS: Final = str.maketrans(
    "àáâäãèéêëìíîïòóôöõùúûüçñ’‘`´“”",
    "aaaaaeeeeiiiiooooouuuucn''''\"\"",
)

_NEGATED_LEVEL: Final = {
    L.CRIMINAL: L.EXPECTED,
    L.BASIC: L.EXPECTED,
    L.EXPECTED: L.BASIC,
    L.DESIRED: L.EXPECTED,
    L.SURPRISING: L.EXPECTED,
    L.UNBELIEVABLE: L.EXPECTED,
}

_THEMES: Final = {
    L.CRIMINAL: ("minimum expectation failed", "minimale verwachting niet gehaald"),
    L.BASIC: ("indifferent, 'meh' service", "onverschillige service, 'mwoah'"),
    L.EXPECTED: ("as expected", "zoals verwacht"),
    L.DESIRED: ("a small extra", "net iets extra"),
    L.SURPRISING: ("personal surprise", "persoonlijke verrassing"),
    L.UNBELIEVABLE: ("legendary service", "legendarische service"),
}
_FLAGS: Final = {
    "negated": (" (negated)", " (ontkend)"),
    "sarcastic": (" (read as sarcasm)", " (sarcastisch gelezen)"),
    "softened": (" (softened)", " (afgezwakt)"),
}


_Frozen = TypeVar("_Frozen")


def frozen_maker(cls: type[_Frozen]) -> Callable[..., _Frozen]:
    """A quicker positional constructor for a frozen, slotted dataclass without validation.

    A frozen dataclass's __init__ sets each field through `object.__setattr__`; setting the
    slots directly took a Reason from 1.1 to 0.6 µs here, and the ladder makes a few objects
    per experience. Made for the ladder's five-field classes (Reason, TextReading,
    Assessment): every field given, in order. A class that validates (`__post_init__`), is
    not slotted or has another shape gets its own constructor back, so no check is skipped.
    """
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        return cls
    own = fields(cls)  # type: ignore[arg-type]
    if len(own) != 5 or not all(field.init for field in own):
        return cls
    setters = tuple(cls.__dict__[field.name].__set__ for field in own)
    first, second, third, fourth, fifth = setters
    new = object.__new__

    def make(a: Any, b: Any, c: Any, d: Any, e: Any, /) -> _Frozen:
        made: _Frozen = new(cls)
        first(made, a)
        second(made, b)
        third(made, c)
        fourth(made, d)
        fifth(made, e)
        return made

    return make


def normalise(text: str) -> str:
    """Lower case with accents and curly quotes folded; same length as the input when possible."""
    lowered = text.lower()
    return lowered if lowered.isascii() else lowered.translate(_ACCENTS)


@dataclass(frozen=True, slots=True)
class Cue:
    """One phrase of the lexicon, compiled."""

    id: int
    level: ServiceLevel | None  # None for a sarcasm marker
    language: str
    phrase: str
    compiled: CompiledPhrase
    negative: bool  # the phrase itself holds a negator ("nobody greeted us")
    has_gap: bool

    @property
    def weight(self) -> float:
        return self.compiled.weight


class CueMatch(NamedTuple):
    """A cue found in a comment, with the level it points to after negation and sarcasm.

    A named tuple rather than a dataclass: a comment makes several, and tuples are cheap.
    """

    cue: Cue
    start: int
    end: int
    level: ServiceLevel
    weight: float
    negated: bool = False
    sarcastic: bool = False
    softened: bool = False


# -- compiling the phrase language -----------------------------------------------------------


def _alternative_regex(alternative: str) -> str:
    words = alternative.split("_")
    parts = []
    for word in words:
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(re.escape(word))
    return r"\W+".join(parts)


def _slot_regex(slot: str) -> str:
    alternatives = sorted(slot.split("|"), key=len, reverse=True)
    return "(?:" + "|".join(_alternative_regex(a) for a in alternatives) + ")"


def _alternative_key(alternative: str) -> str | None:
    """The index key of one alternative: its rarest whole word, or a stem's first letters.

    Whole words are looked up as they are, a stem by its first four letters and a `*`; a
    comment offers both for each of its words (see `_present`).
    """
    candidates: list[tuple[bool, int, str]] = []
    for word in alternative.split("_"):
        pieces = _WORD.findall(word)
        if word.endswith("*") and pieces:
            stem = pieces.pop()
            if len(stem) >= _KEY_LENGTH:
                candidates.append((True, _KEY_LENGTH, stem[:_KEY_LENGTH] + "*"))
        candidates.extend((piece not in _STOPWORDS, len(piece), piece) for piece in pieces)
    if not candidates:
        return None
    return max(candidates)[2]


def _present(words: set[str]) -> set[str]:
    """The keys a comment offers: each word as it is and as a stem of four letters."""
    return words.union([word[:_KEY_LENGTH] + "*" for word in words])


def _offered(text: str) -> tuple[set[str], set[str]]:
    """A normalised comment's words, and the keys it offers: `_present` of its words.

    The stems are cut and given their `*` by `map` in C, so no Python code runs per word.
    """
    words = set(_WORD.findall(text))
    return words, words.union(map(add, map(_STEM_OF, words), repeat("*")))


def _slot_keys(slot: str) -> frozenset[str] | None:
    keys = [_alternative_key(alternative) for alternative in slot.split("|")]
    if any(key is None for key in keys):
        return None
    return frozenset(key for key in keys if key is not None)


def _anchor_rank(keys: frozenset[str]) -> tuple[bool, float]:
    common = any(key in _STOPWORDS for key in keys)
    return not common, min(len(key.rstrip("*")) for key in keys) - 0.1 * len(keys)


@dataclass(frozen=True, slots=True)
class CompiledPhrase:
    """A phrase as the reader uses it: its regex, the words it needs, where it is indexed."""

    pattern: re.Pattern[str]
    required: tuple[frozenset[str], ...]  # per required slot, the keys of its alternatives
    anchor: frozenset[str]  # the keys of the slot the phrase is indexed under
    others: tuple[frozenset[str], ...]  # the required slots besides the anchor
    weight: float


def compile_phrase(phrase: str) -> CompiledPhrase:
    """Compile one phrase of the phrase language; raises ValueError if it is malformed."""
    tokens = phrase.split()
    weight = 1.0
    if tokens and tokens[-1].startswith("="):
        weight = float(tokens.pop()[1:])
    _check_shape(tokens)
    required = [
        keys
        for token in tokens
        if token not in _GAP_WORDS and not token.endswith("?")
        if (keys := _slot_keys(token)) is not None
    ]
    if not required:
        raise ValueError("needs one required word or a stem of at least four letters")
    anchor = max(required, key=_anchor_rank)
    others = tuple(keys for keys in required if keys is not anchor)
    return CompiledPhrase(_phrase_regex(tokens), tuple(required), anchor, others, weight)


def _check_shape(tokens: Sequence[str]) -> None:
    if not tokens:
        raise ValueError("empty phrase")
    if tokens[0] in _GAP_WORDS or tokens[-1] in _GAP_WORDS:
        raise ValueError("a phrase cannot start or end with a gap")
    if tokens[0].endswith("?") or tokens[-1].endswith("?"):
        raise ValueError("a phrase cannot start or end with an optional word")


def _phrase_regex(tokens: Sequence[str]) -> re.Pattern[str]:
    regex = _slot_regex(tokens[0])
    for token in tokens[1:]:
        if token in _GAP_WORDS:
            regex += rf"(?:\W+\w+){{0,{_GAP_WORDS[token]}}}"
        elif token.endswith("?"):
            regex += r"(?:\W+" + _slot_regex(token[:-1]) + ")?"
        else:
            regex += r"\W+" + _slot_regex(token)
    # No leading \b: without it the regex engine skips ahead to a possible first letter in C,
    # which is several times faster; the word boundary before a match is checked by the index.
    return re.compile(regex + r"\b")


# -- the lexicon -----------------------------------------------------------------------------


class Lexicon:
    """All cues, indexed by word prefix; built once from the lexicon file."""

    def __init__(self, cues: Iterable[Cue], *, digest: str = "") -> None:
        self.cues = tuple(cues)
        self.digest = digest
        self._index = _CueIndex(c for c in self.cues if c.level is not None)
        self._sarcasm = _CueIndex(c for c in self.cues if c.level is None)

    @classmethod
    def parse(cls, text: str, *, source: str = "<lexicon>") -> Lexicon:
        cues: list[Cue] = []
        section: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                section = _section(line[1:-1].strip(), source, number)
                continue
            cues.append(_parse_cue(line, section, len(cues), source, number))
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        return cls(cues, digest=digest)

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> Lexicon:
        return cls.parse(path.read_text(encoding="utf-8"), source=str(path))

    def __len__(self) -> int:
        return len(self.cues)

    def find(self, text: str) -> list[CueMatch]:
        """Every cue in a normalised comment, with negation, intensity and sarcasm applied."""
        return self._find(text, _offered(text)[1])

    def _find(self, text: str, present: set[str]) -> list[CueMatch]:
        hits = self._index.search(text, present)
        if not hits:
            return []
        spans = _resolve_overlaps(
            [
                hit
                for hit in hits
                # 'ongelooflijk lekker' uses the cue word as an intensifier of the next word.
                if not (text[hit[0] : hit[1]] in INTENSIFIERS and _NEXT_WORD.match(text, hit[1]))
            ]
        )
        positive = any(cue.level is not None and cue.level >= EXPECTED for _, _, cue in spans)
        sarcastic = positive and bool(self._sarcasm.search(text, present))
        return [_interpret(text, start, end, cue, sarcastic) for start, end, cue in spans]


def _section(name: str, source: str, number: int) -> str:
    if name != _SARCASM and name not in _SECTIONS:
        known = ", ".join([*_SECTIONS, _SARCASM])
        raise InvalidInput(f"{source}:{number}: unknown section [{name}]; use one of {known}")
    return name


def _parse_cue(line: str, section: str | None, cue_id: int, source: str, number: int) -> Cue:
    language, sep, phrase = line.partition(":")
    language = language.strip()
    if section is None or not sep or language not in ("en", "nl"):
        raise InvalidInput(
            f"{source}:{number}: expected 'en: phrase' or 'nl: phrase' under a [level] heading, "
            f"got {line!r}"
        )
    phrase = normalise(phrase.strip())
    try:
        compiled = compile_phrase(phrase)
    except (ValueError, re.error) as error:
        raise InvalidInput(f"{source}:{number}: phrase {phrase!r}: {error}") from None
    words = set(_TOKEN.findall(phrase.replace("_", " ")))
    return Cue(
        id=cue_id,
        level=_SECTIONS.get(section),
        language=language,
        phrase=phrase,
        compiled=compiled,
        negative=bool(words & NEGATORS) or any(w.endswith("n't") for w in words),
        has_gap=any(token in _GAP_WORDS for token in phrase.split()),
    )


class _CueIndex:
    """Finds cues without trying every one.

    Each cue is filed under the keys of one of its words (the rarest); a comment's words and
    their four-letter prefixes pick the cues to try, and a cue is only searched for when every
    other word it needs is in the comment too. Picking the cues is set algebra done in C: one
    intersection finds the keys, one union the cues filed under them (a cue filed under two
    keys counts once), one subset test the words every cue needs.
    """

    def __init__(self, cues: Iterable[Cue]) -> None:
        by_key: dict[str, list[_Entry]] = {}
        for cue in cues:
            entry = _entry(cue)
            for key in cue.compiled.anchor:
                by_key.setdefault(key, []).append(entry)
        self._by_key = {key: tuple(entries) for key, entries in by_key.items()}
        self._keys = frozenset(by_key)

    def search(self, text: str, present: set[str]) -> list[tuple[int, int, Cue]]:
        hits: list[tuple[int, int, Cue]] = []
        tried: set[int] = set()
        for key in self._keys.intersection(present):
            for needs_each, needs_one_of, shared, finditer, cue in self._by_key[key]:
                if shared:  # filed under several keys: try it once
                    if cue.id in tried:
                        continue
                    tried.add(cue.id)
                if not needs_each <= present or (
                    needs_one_of and not all(not need.isdisjoint(present) for need in needs_one_of)
                ):
                    continue
                for match in finditer(text):
                    start = match.start()
                    if start == 0 or not _WORD_CHAR(text[start - 1]):
                        hits.append((start, match.end(), cue))
        return hits


# One cue as the index holds it, attributes looked up once: the keys of the other slots that
# have one alternative (all needed), the other slots with several (one of each needed), whether
# it is filed under several keys, its finditer and the cue.
_Entry = tuple[
    frozenset[str],
    tuple[frozenset[str], ...],
    bool,
    Callable[[str], Iterator[re.Match[str]]],
    Cue,
]


def _entry(cue: Cue) -> _Entry:
    others = cue.compiled.others
    needs_each = frozenset(key for need in others if len(need) == 1 for key in need)
    needs_one_of = tuple(need for need in others if len(need) > 1)
    shared = len(cue.compiled.anchor) > 1
    return needs_each, needs_one_of, shared, cue.compiled.pattern.finditer, cue


def _resolve_overlaps(found: list[tuple[int, int, Cue]]) -> list[tuple[int, int, Cue]]:
    """Where phrases overlap keep the longest: 'nobody greeted us' beats 'greeted us'."""
    if len(found) < 2:
        return found
    found.sort(key=lambda hit: (hit[0] - hit[1], hit[0], hit[2].id))
    kept: list[tuple[int, int, Cue]] = []
    for start, end, cue in found:
        if all(end <= k_start or k_end <= start for k_start, k_end, _ in kept):
            kept.append((start, end, cue))
    kept.sort(key=lambda hit: hit[0])
    return kept


# -- reading one match in its clause ---------------------------------------------------------


def _clause_before(text: str, start: int) -> list[str]:
    """Up to three words before a match, stopping at a comma, a full stop or a 'but'."""
    tokens: list[str] = []
    for word in reversed(text[max(0, start - 40) : start].rsplit(None, 3)[-3:]):
        if word in _CLAUSE_WORDS or word[-1] in _CLAUSE_MARKS:
            break
        tokens.append(word.strip(_CLAUSE_MARKS))
        if word[0] in _CLAUSE_MARKS:
            break
    tokens.reverse()
    return tokens


def _is_negation(tokens: Sequence[str]) -> bool:
    if NEGATORS.isdisjoint(tokens) and "n't" not in " ".join(tokens):
        return False  # the common case, settled in C
    for position, token in enumerate(tokens):
        if token in NEGATORS or token.endswith("n't"):
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            if following not in _NOT_NEGATING_AFTER:
                return True
    return False


def _negated(text: str, start: int, end: int, cue: Cue, before: list[str]) -> bool:
    if cue.negative:
        # "nobody greeted us" already says the bad news; "not" before it would be a double
        # negation, which customers rarely mean literally, so it is read as written.
        return False
    if _is_negation(before):
        return True
    if cue.has_gap and _is_negation(_TOKEN.findall(text[start:end])):
        return True
    # Dutch puts "niet" after the verb: "ze begroetten ons niet", "geweldig was het niet".
    # Most comments hold no "niet" at all, which `find` settles faster than the regex.
    return text.find("niet", end) != -1 and _NIET_AFTER.match(text, end) is not None


def _interpret(text: str, start: int, end: int, cue: Cue, sarcastic: bool) -> CueMatch:
    # CueMatch is built by tuple.__new__ with every field given: the named tuple's own
    # __new__ is a Python function, a frame per match on the hot path.
    assert cue.level is not None
    before = _clause_before(text, start)
    level, weight = cue.level, cue.compiled.weight
    if _negated(text, start, end, cue, before):
        negated = (cue, start, end, _NEGATED_LEVEL[level], weight * 0.8, True, False, False)
        return _new_match(CueMatch, negated)
    if sarcastic and level >= EXPECTED:
        return _new_match(CueMatch, (cue, start, end, BASIC, weight * 0.8, False, True, False))
    last = before[-2:]
    if not DOWNTONERS.isdisjoint(last):
        softer = BASIC if level == CRIMINAL else level
        return _new_match(CueMatch, (cue, start, end, softer, weight * 0.6, False, False, True))
    if not INTENSIFIERS.isdisjoint(last):
        weight *= 1.5
    return _new_match(CueMatch, (cue, start, end, level, weight, False, False, False))


_new_match: Final = tuple.__new__


# -- from matches to a verdict -----------------------------------------------------------------


def text_verdict(matches: Sequence[CueMatch]) -> tuple[ServiceLevel | None, float]:
    """The level the cues point to and how sure, by the rules in docs/ladder-rules.md.

    Criminal evidence dominates; otherwise the highest positive level wins unless indifference
    weighs more, in which case Basic; a mix steps the positive peak down by one (not below
    Expected).
    """
    if not matches:
        return None, 0.0
    if len(matches) == 1 and matches[0].weight > 0:
        # The rules below, worked out for one cue: its level, with full support.
        return matches[0].level, round(0.3 + 0.65 * (1.0 - math.exp(-matches[0].weight)), 3)
    weights = [0.0] * 7
    for match in matches:
        weights[match.level] += match.weight
    total = sum(weights)
    level = _verdict_level(weights)
    support = weights[level] / total
    strength = 1.0 - math.exp(-total)
    return level, round(0.3 + 0.65 * support * strength, 3)


def _verdict_level(weights: Sequence[float]) -> ServiceLevel:
    if weights[CRIMINAL] > 0:
        return CRIMINAL
    basic = weights[BASIC]
    positive = sum(weights[EXPECTED:])
    if positive == 0 or basic > positive:
        return BASIC
    peak = max(level for level in _POSITIVE_LEVELS if weights[level] > 0)
    if basic == 0:
        return peak
    return _POSITIVE_LEVELS[max(0, peak - EXPECTED - 1)]


_POSITIVE_LEVELS: Final = (EXPECTED, DESIRED, SURPRISING, UNBELIEVABLE)


def _guess_language(words: set[str], matches: Sequence[CueMatch]) -> str:
    dutch = sum(1 for m in matches if m.cue.language == "nl")
    english = len(matches) - dutch
    if dutch == english:
        dutch, english = len(words & _NL_WORDS), len(words & _EN_WORDS)
    if dutch == english:
        return ""
    return "nl" if dutch > english else "en"


def _quote(source: str, breaks: Sequence[int], start: int, end: int) -> str:
    """The clause around a match, from the comment as written, trimmed to whole words.

    `breaks` are the positions of the punctuation that ends a clause, found once a comment.
    """
    before = bisect_left(breaks, start)
    left = breaks[before - 1] + 1 if before else 0
    after = bisect_left(breaks, end)
    right = breaks[after] if after < len(breaks) else len(source)
    prefix = suffix = ""
    if start - left > _QUOTE_CONTEXT:
        cut = source.find(" ", start - _QUOTE_CONTEXT, start)
        left, prefix = (cut + 1 if cut != -1 else start), "…"
    if right - end > _QUOTE_CONTEXT:
        cut = source.rfind(" ", end, end + _QUOTE_CONTEXT)
        right, suffix = (cut if cut != -1 else end), "…"
    return prefix + source[left:right].strip(" '\"") + suffix


# The end of a reason's message by level and flag, after the quote (see CueTextJudge._frames).
_Tails = tuple[tuple[str, ...], ...]


class CueTextJudge:
    """Reads a comment with the cue lexicon: deterministic and offline.

    `language` picks the language of the reasons ('en' or 'nl'); comments in either language
    are read whatever it is set to.
    """

    VERSION = "cues-1"

    def __init__(self, *, lexicon: Lexicon | None = None, language: str = "en") -> None:
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.language = "nl" if language == "nl" else "en"
        self._named: tuple[Lexicon, str, str] | None = None
        self._framed: tuple[str, tuple[str, _Tails]] | None = None

    @property
    def name(self) -> str:
        # Asked for once per assessment, so kept for as long as the lexicon stays the same.
        lexicon = self.lexicon
        if self._named is None or self._named[0] is not lexicon or self._named[1] != lexicon.digest:
            name = f"{self.VERSION}.{lexicon.digest}" if lexicon.digest else self.VERSION
            self._named = (lexicon, lexicon.digest, name)
        return self._named[2]

    def read(self, text: str, language: str = "") -> TextReading:
        if not text:
            return _silent(language)
        normalised = normalise(text)
        words, present = _offered(normalised)
        matches = self.lexicon._find(normalised, present)
        if not matches:
            return _silent(language or _guess_language(words, matches))
        level, probability = text_verdict(matches)
        # Quote from the comment as written when folding kept every position in place.
        source = text if len(text) == len(normalised) else normalised
        breaks = [found.start() for found in _QUOTE_BREAK.finditer(normalised)]
        head, tails = self._frames()
        reasons = tuple([_reason(source, breaks, match, head, tails) for match in matches])
        language = language or _guess_language(words, matches)
        return _new_reading(language, reasons, level, probability, None)

    def _frames(self) -> tuple[str, _Tails]:
        """What a reason's message says before and after its quote, by level and flag.

        `tails[level][flag]`: flag 0 plain, 1 negated, 2 sarcastic, 3 softened. Kept while the
        language of the reasons stays the same.
        """
        if self._framed is None or self._framed[0] != self.language:
            nl = self.language == "nl"
            flags = ("", *(_FLAGS[flag][nl] for flag in ("negated", "sarcastic", "softened")))
            tails = (
                (),
                *(tuple(f"' — {_THEMES[level][nl]}{flag}" for flag in flags) for level in L),
            )
            head = "Opmerking: '" if nl else "Comment: '"
            self._framed = (self.language, (head, tails))
        return self._framed[1]


def _reason(
    source: str, breaks: Sequence[int], match: CueMatch, head: str, tails: _Tails
) -> Reason:
    start, end = match.start, match.end
    flag = match.negated + 2 * match.sarcastic + 3 * match.softened
    message = head + _quote(source, breaks, start, end) + tails[match.level][flag]
    return _new_reason("text", match.level, round(match.weight, 3), message, source[start:end])


_new_reason: Final = frozen_maker(Reason)
_new_reading: Final = frozen_maker(TextReading)

# Readings that found nothing, one per language: a TextReading is immutable, so it is shared.
_SILENT: Final = {language: TextReading(language) for language in ("", "en", "nl")}


def _silent(language: str) -> TextReading:
    reading = _SILENT.get(language)
    return reading if reading is not None else TextReading(language)


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped with cxladder, compiled on first use and shared after that."""
    return Lexicon.load()
