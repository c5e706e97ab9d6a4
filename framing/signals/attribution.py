"""Who is the source of a sentence: an anonymous official, a named person, an organisation, or nobody.

Reporting verbs anchor attribution (Bergler 1992; Krestel, Bergler & Witte
2008; PARC 3.0, Pareti 2016). From each reporting verb we read the source
noun phrase: after the verb when the verb follows a quotation ("...,” said
Victor Cha"), before it otherwise ("a U.S. intelligence official said"), and
after "according to". The phrase's head word decides its kind. Only sentences
holding a reporting cue reach this Python code; the rest cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.actors import actor_lexicon
from framing.signals.base import CueFamily, Extraction, Scanner, cue_rows
from framing.signals.matcher import Batch, Matches

KINDS = ("anonymous_official", "named_person", "organisation", "none")

_TOKEN = re.compile(r"[\w.'\u2019&-]+")
_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*\.?$")
# Words that may stand between a source and its verb ("Trump has argued", "officials also noted").
#: Auxiliaries that may stand between an actor phrase and its verb or trail it ("officials have said").
AUXILIARIES = frozenset(["has", "have", "had", "is", "are", "was", "were", "will", "would"])
_BETWEEN = AUXILIARIES | frozenset(
    [
        "also",
        "previously",
        "again",
        "repeatedly",
        "publicly",
        "privately",
        "recently",
        "later",
        "earlier",
        "first",
        "long",
        "often",
        "still",
        "now",
        "then",
        "already",
        "reportedly",
    ]
)
# Words that open a clause before the subject ("but U.S. officials said", "Still, ...").
_LEADING = frozenset(
    [
        "and",
        "but",
        "so",
        "still",
        "yet",
        "while",
        "as",
        "because",
        "since",
        "if",
        "when",
        "though",
        "although",
        "however",
    ]
)
# A source phrase ends before a relative clause or a prepositional tail ("officials who spoke to NBC News").
_TAIL = frozenset(
    [
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "when",
        "where",
        "while",
        "because",
        "in",
        "on",
        "at",
        "with",
        "for",
        "from",
        "to",
        "as",
    ]
)
_PRONOUN_PERSON = frozenset({"he", "she"})
_CLAUSE_PUNCT = ',;:\u201c\u201d"()\u2014'
_CLAUSE_PUNCT_CHAR = re.compile(f"[{re.escape(_CLAUSE_PUNCT)}]")
_LAST_CLAUSE_PUNCT = re.compile(f"[{re.escape(_CLAUSE_PUNCT)}][^{re.escape(_CLAUSE_PUNCT)}]*$")
_QUOTE_END = ("\u201d", '"', ",", "\u2019")
# A full stop ends the phrase unless an abbreviation continues in lower case ("U.S. officials").
_SENTENCE_END = re.compile(r"[.!?](?=\s+[^a-z\s]|\s*$)")


@dataclass(frozen=True)
class Attribution:
    kind: str
    start: int  # span of source and verb, relative to the sentence
    end: int
    source: str
    verb: str


@dataclass(frozen=True)
class SourceWords:
    """Word lists the classifier of source phrases needs, taken from the attribution and actor lexicons."""

    anonymous: frozenset[str]
    anonymous_phrases: (
        re.Pattern | None
    )  # multi-word entries ("people familiar with"), searched as substrings
    organisation: frozenset[str]
    titles: frozenset[str]
    places: frozenset[str]
    people: frozenset[str]

    @classmethod
    def from_rows(cls, attribution_rows, actor_rows=()) -> SourceWords:
        def terms(category):
            return frozenset(r["term"] for r in attribution_rows if r["category"] == category)

        anonymous = terms("anonymous_noun")
        return cls(
            anonymous=anonymous,
            anonymous_phrases=_any_of(sorted(a for a in anonymous if " " in a)),
            organisation=terms("organisation_noun"),
            titles=terms("source_title"),
            places=terms("place"),
            people=frozenset(r["term"] for r in actor_rows if r["category"] == "politician"),
        )


def _any_of(phrases: list[str]) -> re.Pattern | None:
    """One pattern for many substrings: one search instead of a loop over the list."""
    return re.compile("|".join(map(re.escape, phrases))) if phrases else None


def tokens(text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(text)]


def _norm(word: str) -> str:
    return word.lower().replace("\u2019", "'").rstrip(".'")


def classify(phrase: list[tuple[str, int, int]], words: SourceWords) -> str:
    """Kind of a source phrase, decided by its head (last) word first, then by names in it."""
    if not phrase:
        return "none"
    lowered = " ".join([w for w, _, _ in phrase]).lower().replace("\u2019", "'")
    head = _norm(phrase[-1][0])
    phrases = words.anonymous_phrases
    if head in words.anonymous or (phrases is not None and phrases.search(lowered)):
        return "anonymous_official"
    if head in words.organisation:
        return "organisation"
    if lowered in words.places or lowered.removeprefix("the ") in words.places:
        return "organisation"
    if head in _PRONOUN_PERSON and len(phrase) == 1:
        return "named_person"
    if lowered in words.people or head in words.people:
        return "named_person"
    if _NAME.match(phrase[-1][0]):  # checked first: it is cheap and usually fails
        capitals = [w for w, _, _ in phrase if _NAME.match(w) and _norm(w) not in words.titles]
        if len(capitals) >= 2:
            return "named_person"
    if any(w[:1].isupper() for w, _, _ in phrase[1:]) or (phrase[0][0][:1].isupper() and len(phrase) > 1):
        return "organisation"
    return "none"


def phrase_before(sentence: str, verb_start: int) -> list[tuple[str, int, int]]:
    # A source phrase is at most seven words: looking back 80 characters is enough.
    window_start = max(0, verb_start - 80)
    window = sentence[window_start:verb_start]
    last = _LAST_CLAUSE_PUNCT.search(window)
    cut = last.start() if last else -1
    found = tokens(window[cut + 1 :], window_start + cut + 1)
    while found and found[-1][0].lower() in _BETWEEN:
        found.pop()
    for i in range(len(found) - 1, -1, -1):  # the subject starts after a clause opener
        if found[i][0].lower() in _LEADING:
            found = found[i + 1 :]
            break
    return found if len(found) <= 7 else []


def _phrase_after(sentence: str, after: int) -> list[tuple[str, int, int]]:
    clause = _CLAUSE_PUNCT_CHAR.search(sentence, after)
    stop = clause.start() if clause else len(sentence)
    end = _SENTENCE_END.search(sentence, after)
    if end:
        stop = min(stop, end.start())
    found = tokens(sentence[after:stop], after)
    for i, (word, _, _) in enumerate(found):
        if i and word.lower() in _TAIL:
            return found[:i]
    return found[:8]


def attribute_sentence(
    sentence: str, verbs: list[tuple[int, int, str]], words: SourceWords
) -> Attribution | None:
    """The first reporting cue in the sentence whose source phrase can be classified."""
    for start, end, term in verbs:
        if term == "according to":
            phrase = _phrase_after(sentence, end)
            span = (start, phrase[-1][2]) if phrase else None
        elif sentence[:start].rstrip().endswith(_QUOTE_END) and (phrase := _phrase_after(sentence, end)):
            span = (start, phrase[-1][2])
        else:
            phrase = phrase_before(sentence, start)
            span = (phrase[0][1], end) if phrase else None
        if span is None:
            continue
        kind = classify(phrase, words)
        if kind != "none":
            source = sentence[phrase[0][1] : phrase[-1][2]]
            return Attribution(kind, span[0], span[1], source, sentence[start:end])
    return None


def attribute(
    batch: Batch,
    matches: Matches,
    scanner: Scanner,
    words: SourceWords,
    lexicon: str,
    *,
    anonymous_only=False,
    only: np.ndarray | None = None,
) -> list[Attribution | None]:
    """One attribution (or None) per sentence of the batch.

    With ``anonymous_only`` only sentences that also contain an anonymous-source
    noun are parsed, which is all the hedging family needs; ``only`` (sentence
    numbers) limits parsing to those sentences, which is all blame resolution needs.

    Each sentence is parsed once per batch for the same matches, lexicon and word lists:
    the source family and blame resolution read the same parse (``batch.cache``).
    """
    parsed: dict[int, Attribution | None] = batch.cache.setdefault(
        ("attribution", matches, lexicon, words), {}
    )
    n = len(batch.texts)
    result: list[Attribution | None] = [None] * n
    hits = scanner.hits(batch, matches, lexicon, ("reporting_verb", "anonymous_noun"))
    verb = hits.code == 0
    # Sets of sentence numbers as masks over the batch: numpy's set functions sort (~0.15 ms a call).
    wanted = _mask(n, hits.sentence[verb])
    if anonymous_only:
        wanted &= _mask(n, hits.sentence[~verb])
    if only is not None:
        wanted &= _mask(n, only)
    for i in np.flatnonzero(wanted).tolist():
        if i in parsed:
            result[i] = parsed[i]
            wanted[i] = False
    verbs = hits.where(verb & wanted[hits.sentence])
    base = batch.offsets[verbs.sentence]
    per_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for i, start, end, entry in zip(
        verbs.sentence.tolist(),
        (verbs.start - base).tolist(),
        (verbs.end - base).tolist(),
        verbs.entry.tolist(),
        strict=True,
    ):
        per_sentence.setdefault(i, []).append((start, end, scanner.terms[entry]))
    for i, cues in per_sentence.items():
        result[i] = parsed[i] = attribute_sentence(batch.texts[i], cues, words)
    return result


def _mask(n: int, sentences: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[sentences] = True
    return mask


class SourceAttribution(CueFamily):
    """Per sentence: the kind of source a claim is attributed to, with the source span.

    Parameters
    ----------
    lexicon : str or path, default="attribution"
        Reporting verbs, anonymous-source nouns, organisation nouns, titles, places.
    locale : str, default="all"
        Actor lists to use (see :mod:`framing.actors`): their ``politician`` entries let a bare
        surname ("Trump said", "Mr Blair said") count as a named person.
    actors : path or None, default=None
        A user's own actor list in the same TSV format, added to the locale's lists.
    """

    family = "source"

    def __init__(self, lexicon="attribution", locale="all", actors=None):
        self.lexicon = lexicon
        self.locale = locale
        self.actors = actors

    def _lexicon_params(self):
        return {"attribution": self.lexicon, "actors": actor_lexicon(self.locale, self.actors)}

    def _feature_names(self, rows):
        return tuple(f"source_{kind}" for kind in KINDS)

    def _extract(self, batch: Batch, scanner: Scanner) -> Extraction:
        words = SourceWords.from_rows(self.rows("attribution"), self.rows("actors"))
        found = attribute(
            batch, self._matches(batch, scanner), scanner, words, self.lexicon_sha256_["attribution"]
        )
        return attribution_extraction(batch, found, self.family, self.feature_names_out_)


def attribution_extraction(batch: Batch, found, family: str, names) -> Extraction:
    """Features, cue rows and annotation columns, built over the sentences with an attribution only."""
    n = len(found)
    rows = np.array([i for i, a in enumerate(found) if a], dtype=np.int64)
    hits = [found[i] for i in rows.tolist()]
    kinds = np.full(n, "none", dtype=object)
    kinds[rows] = [a.kind for a in hits]
    features = np.zeros((n, len(KINDS)))
    for j, kind in enumerate(KINDS):
        features[:, j] = kinds == kind
    sources = np.full(n, "", dtype=object)
    sources[rows] = [a.source for a in hits]
    starts = np.full(n, -1, dtype=np.int64)
    starts[rows] = [a.start for a in hits]
    ends = np.full(n, -1, dtype=np.int64)
    ends[rows] = [a.end for a in hits]
    base = batch.offsets[rows]
    cues = cue_rows(
        batch,
        family,
        base + starts[rows],
        base + ends[rows],
        kinds[rows].tolist(),
        [a.verb.lower() for a in hits],
        [False] * len(hits),
    )
    annotations = pd.DataFrame(
        {"source_kind": kinds, "source_text": sources, "source_start": starts, "source_end": ends}
    )
    return Extraction(features, tuple(names), cues, annotations)
