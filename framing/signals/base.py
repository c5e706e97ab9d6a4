"""What every signal family shares: text validation, lexicon compilation, the scikit-learn contract.

A family is a transformer from raw sentences to numeric features. ``extract``
returns the same features together with the cue spans that produced them, so
a researcher can audit every number; ``transform`` is ``extract(...).features``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from json.encoder import encode_basestring

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from framing.lexicons import load_lexicon, parse_lexicon
from framing.signals.length import batch_tokens, rate, rate_column
from framing.signals.matcher import Batch, Matches, compiled, leftmost_longest

CUE_COLUMNS = ("sentence", "family", "category", "term", "start", "end", "negated")


def check_texts(estimator: BaseEstimator, X, *, reset: bool) -> list[str]:
    """Accept an iterable of strings, refuse a bare string the way CountVectorizer does."""
    if isinstance(X, str):
        raise ValueError("Iterable over raw text documents expected, string object received.")  # noqa: TRY004 - as CountVectorizer
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise ValueError(f"expected one text column, got a DataFrame with {X.shape[1]} columns")
        X = X.iloc[:, 0]
    array = validate_data(estimator, X, reset=reset, ensure_2d=False, dtype=object, ensure_all_finite=False)
    if array.ndim != 1:
        raise ValueError(f"expected a 1-D sequence of texts, got an array of shape {array.shape}")
    texts = array.tolist()
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"text {i} is {type(text).__name__}, not str; fill or drop missing texts first")  # noqa: TRY004
    return texts


@dataclass(frozen=True)
class CueRows:
    """A family's cues as columns (``CUE_COLUMNS``; offsets relative to the sentence).

    Columns, not a DataFrame: ``analyze`` joins every family's cues in numpy, and
    :attr:`Extraction.cues` builds the DataFrame only when someone asks for it.
    """

    sentence: np.ndarray
    family: np.ndarray  # object arrays of str: family, category, term
    category: np.ndarray
    term: np.ndarray
    start: np.ndarray
    end: np.ndarray
    negated: np.ndarray
    by_start: bool = False  # listed by sentence and start (stable) rather than in the order built

    def __getitem__(self, column: str) -> np.ndarray:
        return getattr(self, column)

    def __len__(self) -> int:
        return len(self.sentence)

    def take(self, order: np.ndarray) -> CueRows:
        return CueRows(*(self[c][order] for c in CUE_COLUMNS))

    def ordered(self) -> CueRows:
        """The rows in the order :meth:`frame` lists them."""
        return self.take(np.lexsort((self.start, self.sentence))) if self.by_start else self

    @classmethod
    def concat(cls, parts: Sequence[CueRows]) -> CueRows:
        return cls(*(np.concatenate([part[c] for part in parts]) for c in CUE_COLUMNS))

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(
            {
                "sentence": self.sentence,
                "family": pd.Series(self.family, dtype=object),
                "category": pd.Series(self.category, dtype=object),
                "term": pd.Series(self.term, dtype=object),
                "start": self.start,
                "end": self.end,
                "negated": self.negated,
            },
            columns=list(CUE_COLUMNS),
        )
        return frame.sort_values(["sentence", "start"], kind="stable") if self.by_start else frame


@dataclass
class Extraction:
    """Features of a batch plus the evidence for them."""

    features: np.ndarray
    feature_names: tuple[str, ...]
    cue_rows: CueRows
    annotations: pd.DataFrame = field(default_factory=pd.DataFrame)  # per-sentence extras
    batch: Batch | None = field(default=None, repr=False)  # the scanned sentences, for `n_tokens`
    _cues: pd.DataFrame | None = field(default=None, init=False, repr=False)

    @property
    def cues(self) -> pd.DataFrame:
        """One row per cue (``CUE_COLUMNS``), offsets relative to the sentence; built on first use."""
        if self._cues is None:
            self._cues = self.cue_rows.frame()
        return self._cues

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.features, columns=list(self.feature_names))

    @property
    def n_tokens(self) -> np.ndarray:
        """Tokens per sentence, counted on first use (``transform`` never pays for them), once per batch."""
        if self.batch is None:
            raise ValueError(
                "this extraction has no sentences to count; make it with CueFamily.extract or extract_batch"
            )
        return batch_tokens(self.batch)

    def rates(self) -> pd.DataFrame:
        """Every ``*_score`` as a length-fair rate (``*_rate``, cues per 100 tokens; `framing.signals.length`).

        Rates are reported beside the features, not among them: ``transform``
        (what a classifier sees) keeps the counts.
        """
        names, values = self.rate_values()
        return pd.DataFrame(values, columns=names) if names else pd.DataFrame(index=range(len(self.features)))

    def rate_values(self) -> tuple[list[str], np.ndarray]:
        """:meth:`rates` as column names and a matrix, for callers that join many families' columns."""
        scores = [i for i, name in enumerate(self.feature_names) if name.endswith("_score")]
        if not scores:
            return [], np.zeros((len(self.features), 0))
        values = rate(self.features[:, scores], self.n_tokens[:, None])
        return [rate_column(self.feature_names[i]) for i in scores], values


class Scanner:
    """The terms of several lexicons in one automaton; each term keeps every (lexicon, category) label.

    Lexicons are keyed by their SHA-256, so two families that use the same
    lexicon (hedging and source attribution both read ``attribution``) share it.
    """

    def __init__(self, lexicons: dict[str, Sequence[dict[str, str]]]):
        labels: dict[str, list[tuple[str, str]]] = {}
        for key, rows in lexicons.items():
            for row in rows:
                labels.setdefault(row["term"], []).append((key, row["category"]))
        self.terms = tuple(sorted(labels))
        self.term_array = np.array(self.terms, dtype=object)
        self.labels = tuple(tuple(labels[t]) for t in self.terms)
        self._entry = {term: i for i, term in enumerate(self.terms)}
        self._codes: dict = {}
        self._member: dict = {}

    def entry_of(self, term: str) -> int:
        """Index of a term, or -1 when no lexicon has it."""
        return self._entry.get(term, -1)

    def category(self, entry: int, lexicon: str) -> str | None:
        for key, category in self.labels[entry]:
            if key == lexicon:
                return category
        return None

    def matches(self, batch: Batch, lexicons: tuple[str, ...]) -> Matches:
        """Leftmost-longest matches among the terms of ``lexicons``; the scan itself is shared."""
        key = (self, lexicons)
        if key not in batch.cache:
            if self not in batch.cache:
                batch.cache[self] = compiled(self.terms).find_all(batch)
            every = batch.cache[self]
            member = self._members(lexicons)
            batch.cache[key] = leftmost_longest(every.where(member[every.entry]) if len(every) else every)
        return batch.cache[key]

    def _members(self, lexicons: tuple[str, ...]) -> np.ndarray:
        """For each term, whether one of ``lexicons`` has it; computed once per scanner, not per batch."""
        if lexicons not in self._member:
            self._member[lexicons] = np.array(
                [any(k in lexicons for k, _ in labels) for labels in self.labels], dtype=bool
            )
        return self._member[lexicons]

    def codes(self, lexicon: str, categories: Sequence[str]) -> np.ndarray:
        """For each term, the index of its category in ``categories`` within ``lexicon``, or -1."""
        key = (lexicon, tuple(categories))
        if key not in self._codes:
            position = {c: i for i, c in enumerate(categories)}
            self._codes[key] = np.array(
                [position.get(self.category(e, lexicon), -1) for e in range(len(self.terms))], dtype=np.int64
            )
        return self._codes[key]

    def hits(self, batch: Batch, matches: Matches, lexicon: str, categories: Sequence[str]) -> Hits:
        """The matches that carry a label of ``lexicon``, with category codes and sentence numbers."""
        code = self.codes(lexicon, categories)[matches.entry] if len(matches) else np.zeros(0, np.int64)
        keep = code >= 0
        start = matches.start[keep]
        return Hits(
            start=start,
            end=matches.end[keep],
            entry=matches.entry[keep],
            code=code[keep],
            sentence=np.searchsorted(batch.offsets, start, side="right") - 1,
        )


# Per-process caches keyed by lexicon checksum; never part of an estimator's saved state.
_ROWS: dict[str, tuple[dict[str, str], ...]] = {}
_SCANNERS: dict[tuple[str, ...], Scanner] = {}


def scanner_for(lexicons: dict[str, Sequence[dict[str, str]]]) -> Scanner:
    """One scanner per set of lexicons per process: the automaton is built once."""
    key = tuple(sorted(lexicons))
    if key not in _SCANNERS:
        _SCANNERS[key] = Scanner(lexicons)
    return _SCANNERS[key]


def shared_scanner(families: Sequence[CueFamily]) -> Scanner:
    """A scanner holding every lexicon of ``families``, so one pass over a batch serves them all."""
    lexicons: dict[str, Sequence[dict[str, str]]] = {}
    for family in families:
        lexicons.update(family.lexicons_by_key())
    return scanner_for(lexicons)


@dataclass
class Hits:
    """Matches of one lexicon: joined-string offsets, term entry, category code, sentence number."""

    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray
    code: np.ndarray
    sentence: np.ndarray

    def where(self, mask: np.ndarray) -> Hits:
        return Hits(self.start[mask], self.end[mask], self.entry[mask], self.code[mask], self.sentence[mask])

    def slice(self, first: int, last: int) -> Hits:
        part = slice(first, last)
        return Hits(self.start[part], self.end[part], self.entry[part], self.code[part], self.sentence[part])

    def __len__(self) -> int:
        return len(self.start)


class CueFamily(TransformerMixin, BaseEstimator):
    """Base class: subclasses name their lexicons and turn matches into features."""

    family: str = ""

    def _lexicon_params(self) -> dict[str, str]:
        """Role -> lexicon name or path, read from the estimator's parameters."""
        raise NotImplementedError

    def fit(self, X, y=None):
        """Validate input and load the lexicons; rules need no training data.

        Each lexicon is kept as its TSV text (one string) and checksum, so a
        saved model carries exactly the lists it was fitted with and stays small.
        """
        check_texts(self, X, reset=True)
        self.lexicon_tsv_ = {}
        self.lexicon_sha256_ = {}
        for role, name in self._lexicon_params().items():
            lexicon = load_lexicon(name)
            _ROWS.setdefault(lexicon.sha256, lexicon.rows)
            self.lexicon_tsv_[role] = lexicon.text
            self.lexicon_sha256_[role] = lexicon.sha256
        self.feature_names_out_ = self._feature_names({role: self.rows(role) for role in self.lexicon_tsv_})
        return self

    def rows(self, role: str) -> tuple[dict[str, str], ...]:
        """The parsed rows of one of this family's lexicons, parsed once per process."""
        sha = self.lexicon_sha256_[role]
        if sha not in _ROWS:  # e.g. after loading a saved model in a new process
            _ROWS[sha] = parse_lexicon(self.lexicon_tsv_[role].encode("utf-8"), role).rows
        return _ROWS[sha]

    def transform(self, X) -> np.ndarray:
        return self.extract(X).features

    def extract(self, X) -> Extraction:
        check_is_fitted(self, "lexicon_tsv_")
        texts = check_texts(self, X, reset=False)
        return self.extract_batch(Batch.of(texts))

    def extract_batch(self, batch: Batch, scanner: Scanner | None = None) -> Extraction:
        """Score an already joined batch; pass a ``shared_scanner`` to let families share one scan."""
        check_is_fitted(self, "lexicon_tsv_")
        extraction = self._extract(batch, scanner or scanner_for(self.lexicons_by_key()))
        extraction.batch = batch
        return extraction

    def lexicons_by_key(self) -> dict[str, Sequence[dict[str, str]]]:
        """This family's lexicons keyed by checksum, the form ``Scanner`` takes."""
        check_is_fitted(self, "lexicon_tsv_")
        return {self.lexicon_sha256_[role]: self.rows(role) for role in self.lexicon_tsv_}

    def _matches(self, batch: Batch, scanner: Scanner) -> Matches:
        return scanner.matches(batch, tuple(sorted(set(self.lexicon_sha256_.values()))))

    def _hits(self, batch: Batch, scanner: Scanner, role: str, categories: Sequence[str]) -> Hits:
        return scanner.hits(batch, self._matches(batch, scanner), self.lexicon_sha256_[role], categories)

    def _negated(self, batch: Batch, scanner: Scanner, starts: np.ndarray) -> np.ndarray:
        """Which cues starting at ``starts`` are negated, by the ``negation`` lexicon and ``negation_window``."""
        negators = self._hits(batch, scanner, "negation", ("negator",))
        predicate = negator_scopes(self.rows("negation"), scanner, negators.entry)
        return negated_mask(batch, starts, negators.end, self.negation_window, predicate)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        return np.asarray(self.feature_names_out_, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _feature_names(self, rows) -> tuple[str, ...]:
        raise NotImplementedError

    def _extract(self, batch: Batch, scanner: Scanner) -> Extraction:
        raise NotImplementedError


@cache
def json_string(value: str) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False)`` writes it, escaped once per process.

    For labels, lexicon terms and actor names, which repeat: JSON columns are written as text
    directly, one ``json.dumps`` per cell costs several times more.
    """
    return encode_basestring(value)


def cue_rows(
    batch: Batch,
    family: str,
    starts: Sequence[int],
    ends: Sequence[int],
    categories: Sequence[str],
    terms: Sequence[str],
    negated: Sequence[bool],
    *,
    by_start: bool = False,
) -> CueRows:
    """Cue rows with offsets converted from the joined string to each sentence."""
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    sentence = np.searchsorted(batch.offsets, starts, side="right") - 1 if len(starts) else starts
    base = batch.offsets[sentence] if len(starts) else starts
    return CueRows(
        sentence.astype(np.int64),
        _objects([family] * len(starts)),
        _objects(categories),
        _objects(terms),
        starts - base,
        ends - base,
        np.asarray(negated, dtype=bool),
        by_start,
    )


def _objects(values: Sequence[str]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def hit_cues(
    batch: Batch,
    family: str,
    hits: Hits,
    categories: Sequence[str],
    scanner: Scanner,
    negated: np.ndarray | None = None,
) -> CueRows:
    """``cue_rows`` of lexicon hits: category names from their codes, terms from their entries."""
    return cue_rows(
        batch,
        family,
        hits.start,
        hits.end,
        _objects(categories)[hits.code],
        scanner.term_array[hits.entry],
        np.zeros(len(hits), dtype=bool) if negated is None else negated,
    )


# A predicate negator ("not", "cannot", "never") passes over auxiliaries, the infinitive marker and
# degree or focus adverbs ("not be", "not have been", "not very"; any "-ly" word) on its way to the
# predicate it negates.
_SCOPE_TRANSPARENT = frozenset(
    "be been being have has had do does did to so too very only just even yet ever always quite much".split()  # noqa: SIM905 - a word list reads better as text
)
# A determiner after the negator opens the negated noun phrase: "is not a serious threat".
_DETERMINERS = frozenset("a an any the such many".split())  # noqa: SIM905 - a word list reads better as text
# Verbs whose object is what the negation denies ("does not pose a threat", "did not see any danger");
# after any other verb the object stays asserted ("cannot prevent all terror attacks").
_OBJECT_NEGATING_VERBS = frozenset(
    "pose poses posed posing represent represents represented constitute constitutes constituted "  # noqa: SIM905 - a word list reads better as text
    "present presents presented face faces faced see sees saw seen expect expects expected anticipate "
    "anticipates anticipated foresee foresees cause causes caused involve involves involved mean means meant".split()
)


def negator_scopes(rows: Sequence[dict[str, str]], scanner: Scanner, entries: np.ndarray) -> np.ndarray:
    """True where a negator match (by term entry) scopes over a predicate rather than a noun phrase.

    ``negation.tsv``'s ``scope`` column says which: "not" and the "n't" forms negate the
    predicate that follows; "no", "without", "nobody" negate their phrase. A lexicon
    without the column is read as all phrase negators (the pre-0.2.0 behaviour).
    """
    predicate = np.zeros(len(scanner.terms), dtype=bool)
    for row in rows:
        entry = scanner.entry_of(row["term"])
        if entry >= 0 and row.get("scope") == "predicate":
            predicate[entry] = True
    return predicate[entries]


def negated_mask(
    batch: Batch, starts: np.ndarray, neg_ends: np.ndarray, window: int, predicate: np.ndarray | None = None
) -> np.ndarray:
    """True where a cue lies in the scope of the nearest negator before it.

    Scope is at most ``window`` words in the same clause (clause punctuation
    stops it), after VADER's three-token window rather than a parse. A
    predicate negator (``predicate[k]`` true for negator ``k``) reaches only
    the predicate it negates: cues up to its head word, or inside a noun
    phrase a determiner opens, or inside the object of an object-negating verb
    ("does not pose a threat"). So "cannot prevent all terror attacks" keeps
    *attacks*, while "not dangerous", "is not a threat" and "no threat" are negated.
    """
    mask = np.zeros(len(starts), dtype=bool)
    if not len(neg_ends) or not len(starts):
        return mask
    previous = np.searchsorted(neg_ends, starts, side="right") - 1
    near = np.nonzero(previous >= 0)[0]
    near = near[starts[near] - neg_ends[previous[near]] <= 60]
    text = batch.folded
    for i in near.tolist():
        k = previous[i]
        gap = text[neg_ends[k] : starts[i]]
        if any(ch in gap for ch in ".;:!?,\x00"):
            continue
        words = gap.split()
        if len(words) > window:
            continue
        mask[i] = predicate is None or not predicate[k] or _reaches(words)
    return mask


def _reaches(words: list[str]) -> bool:
    """Whether a predicate negator followed by ``words`` still scopes over the word after them."""
    for word in words:
        if word in _DETERMINERS:
            return True
        if word in _SCOPE_TRANSPARENT or word.endswith("ly"):
            continue
        return word in _OBJECT_NEGATING_VERBS
    return True
