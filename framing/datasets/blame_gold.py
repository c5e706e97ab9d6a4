"""The hand-labelled blame and actor-stance set: which sentences were sampled, and loading them back.

The labels live in ``data/labelled/blame_*.csv`` (see ``data/labelled/README.md``) and
are keyed by *offsets*, never by text: BBC News articles may not be republished, so a
row names its dataset, article path and the character span of the sentence in that
article file, plus a short SHA-256 prefix of the sentence text that detects a changed
copy of the data. :func:`load_blame_gold` rebuilds the sentences from the original
files and checks every prefix.

:func:`sample_sentences` is the seeded design that chose the sentences, so anyone can
regenerate the list: BBC politics body sentences in two strata, those matching a broad
list of blame / criticism / defence words (:data:`CANDIDATE_CUES`, deliberately wider
than any extractor's list) and a uniform sample of the rest, split by article into
``dev`` (30 % of the articles) and ``test``; every body sentence of the seed
article is added to ``dev`` (the extractor's tests pin seed sentences, so it is seen).
Each test split, once scored and read, was followed by a fresh one drawn the same way from
articles no split had used: :func:`sample_fresh_test` (``test2``, ``test3``, BBC politics)
and :func:`sample_us_test` (``test_us``, ``test_us2``, ``test_us3``, BASIL's U.S. news).

>>> gold = load_blame_gold()                                     # doctest: +SKIP
>>> gold.sentences.columns.tolist()                              # doctest: +SKIP
['id', 'split', 'stratum', 'dataset', 'article', 'start', 'end', 'sha', 'blame', 'note', 'text']
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.checkout import repo_root
from framing.datasets.basil import article_text as basil_text
from framing.errors import InputError
from framing.text.segment import segment

SEED_ARTICLE = "seeds/nbc-russia-north-korea-alliance.txt"
BBC_POLITICS = "bbc_news/politics"
BASIL_ARTICLES = "basil/articles"

#: Words that make a sentence a blame/criticism/defence candidate (stratum ``cue``).
#: Wide on purpose: recall measured only where an extractor's own cues occur would be
#: flattering, so the ``other`` stratum samples the sentences this list misses.
CANDIDATE_CUES = re.compile(
    r"\b(?:accus\w*|blam\w*|responsib\w*|fault\w*|fail\w*|mistake\w*|error\w*|wrong\w*"
    r"|critic\w*|condemn\w*|attack\w*|assault\w*|lie|lies|lied|liar\w*|lying|mislead\w*|misled"
    r"|den(?:y|ies|ied|ial)\w*|disput\w*|reject\w*|rebut\w*|refut\w*|dismiss\w*|defen[cds]\w*"
    r"|prais\w*|hail\w*|welcom\w*|applaud\w*|commend\w*|back(?:ed|ing)|support\w*|endors\w*"
    r"|slam\w*|hit(?:s|ting)? out|savag\w*|lambast\w*|berat\w*|rebuk\w*|castigat\w*|brand\w*"
    r"|scorn\w*|ridicul\w*|mock\w*|insult\w*|smear\w*|betray\w*|hypocri\w*|incompeten\w*|shambl\w*"
    r"|fiasco|disgrace\w*|scandal\w*|shame\w*|sham|chaos|chaotic|waste\w*|broken promise\w*"
    r"|u-turn\w*|row|rows|backlash|anger\w*|angry|furious|outrage\w*|apologi[sz]\w*|admit\w*"
    r"|claim\w*|charg\w*|complain\w*|warn\w*|because of|result of|caused? by|due to|thanks to)\b",
    re.IGNORECASE,
)

#: Default design: sizes of the two BBC strata, the sampling seed, the dev share of articles.
N_CUE, N_OTHER, SAMPLE_SEED, DEV_FRACTION = 210, 100, 8, 0.3
#: Body sentences of the 417 BBC politics articles in each stratum (the sampling frame;
#: ``sample_sentences(...).attrs["pool_sizes"]``, checked by the external test).
POOL_SIZES = {"cue": 1883, "other": 7277}
#: The fresh test split (``test2``, see `sample_fresh_test`): sizes, seed, and its sampling frame
#: (body sentences of the 202 BBC politics articles that gave no sentence to dev or test).
TEST2_N_CUE, TEST2_N_OTHER, TEST2_SEED = 160, 80, 20261203
TEST2_POOL_SIZES = {"cue": 681, "other": 3174}
#: A third test split (``test3``), drawn the same way from the 79 BBC politics articles that gave no sentence
#: to dev, test or test2, after test2 had been scored and read, and before the blame cues it tests were written.
TEST3_N_CUE, TEST3_N_OTHER, TEST3_SEED = 80, 40, 202612033
TEST3_POOL_SIZES = {"cue": 169, "other": 1126}
#: A U.S. test split (``test_us``): sentences of the 300 BASIL articles (NYT, Fox News, HuffPost, 2010-2019), drawn
#: the same way when BBC politics had no unused article left, to see whether the rules carry to U.S. news.
TEST_US_N_CUE, TEST_US_N_OTHER, TEST_US_SEED = 80, 40, 202612034
TEST_US_POOL_SIZES = {"cue": 1836, "other": 6423}
#: A second U.S. split (``test_us2``) from the 198 BASIL articles test_us left, drawn after test_us had been
#: scored and read, before the rules its errors led to were written.
TEST_US2_N_CUE, TEST_US2_N_OTHER, TEST_US2_SEED = 80, 40, 202612035
TEST_US2_POOL_SIZES = {"cue": 1062, "other": 3902}
#: A third U.S. split (``test_us3``) from the 106 BASIL articles test_us and test_us2 left, drawn after both
#: had been read and before the learned blame complement (``benchmarks/blame_learned.py``) was trained on
#: every earlier split.
TEST_US3_N_CUE, TEST_US3_N_OTHER, TEST_US3_SEED = 80, 40, 202612036
TEST_US3_POOL_SIZES = {"cue": 486, "other": 1926}
#: The splits each drawn from its own sampling frame, and that frame's stratum sizes.
FRESH_FRAMES = {
    "test2": TEST2_POOL_SIZES,
    "test3": TEST3_POOL_SIZES,
    "test_us": TEST_US_POOL_SIZES,
    "test_us2": TEST_US2_POOL_SIZES,
    "test_us3": TEST_US3_POOL_SIZES,
}
#: The segmentation the committed sample was drawn with (``framing.text.splitters.FROZEN_SPLITTERS``),
#: so the draw stays reproducible when the default splitter changes.
SAMPLING_SPLITTER = "syntok-2026-11"

SENTENCE_COLUMNS = ("id", "split", "stratum", "dataset", "article", "start", "end", "sha", "blame", "note")
INSTANCE_COLUMNS = (
    "sentence_id",
    "instance",
    "blamer",
    "target",
    "polarity",
    "cue_start",
    "cue_end",
    "context",
)
STANCE_COLUMNS = ("sentence_id", "actor", "stance")
POLARITIES = ("blame", "defend")
STANCES = ("criticised", "defended", "neutral")


def sentence_sha(text: str) -> str:
    """First 12 hex digits of the SHA-256 of the UTF-8 sentence text (a drift check, not a secret)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_article(path: Path) -> str:
    """The article as the offsets count it: UTF-8, no newline translation."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def article_text(dataset: str, path: Path) -> str:
    """The text a labelled row's offsets index: BASIL's JSON rebuilt as lines, any other file as it is."""
    return basil_text(path) if dataset == "basil" else read_article(path)


def _body_sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in segment(text, splitter=SAMPLING_SPLITTER) if s.kind == "body"]


def _row(dataset: str, article: str, text: str, start: int, end: int, stratum: str, split: str) -> dict:
    return {
        "id": f"{article}#{start}",
        "split": split,
        "stratum": stratum,
        "dataset": dataset,
        "article": article,
        "start": start,
        "end": end,
        "sha": sentence_sha(text[start:end]),
    }


def sample_sentences(
    data_dir: str | os.PathLike,
    seed_path: str | os.PathLike | None = SEED_ARTICLE,
    *,
    n_cue: int = N_CUE,
    n_other: int = N_OTHER,
    random_state: int = SAMPLE_SEED,
    dev_fraction: float = DEV_FRACTION,
) -> pd.DataFrame:
    """Draw the labelled set's sentences (keys only, no text), deterministic for given arguments.

    Within each stratum sentences are drawn uniformly without replacement from all body
    sentences of ``<data_dir>/bbc_news/politics/*.txt``; the articles that contributed a
    sentence are then permuted with the same generator and the first
    ``round(dev_fraction * n)`` go to ``dev``. ``seed_path=None`` leaves the seed out; a relative
    path is read from the repository checkout (`framing.checkout.repo_root`).
    """
    pools, texts = _pools(data_dir)
    rng = np.random.default_rng(random_state)
    drawn = _draw(pools, n_cue, n_other, rng)
    articles = sorted({article for _, article, _, _ in drawn})
    dev = {articles[i] for i in rng.permutation(len(articles))[: round(dev_fraction * len(articles))]}
    rows = [
        _row("bbc_news", article, texts[article], start, end, stratum, "dev" if article in dev else "test")
        for stratum, article, start, end in drawn
    ]
    if seed_path is not None:
        seed_text = read_article(repo_root() / seed_path)
        rows += [
            _row("seed", SEED_ARTICLE, seed_text, start, end, "seed", "dev")
            for start, end in _body_sentences(seed_text)
        ]
    return _drawn_frame(rows, pools)


def sample_fresh_test(
    data_dir: str | os.PathLike,
    labelled_articles,
    *,
    n_cue: int = TEST2_N_CUE,
    n_other: int = TEST2_N_OTHER,
    random_state: int = TEST2_SEED,
    split: str = "test2",
) -> pd.DataFrame:
    """A fresh test split (``test2``, then ``test3``) from the BBC politics articles no earlier split used.

    Why: a test split scored once and then looked at while improving the extractor is no
    longer held out. This draws a fresh one with the same two-stratum design, from articles
    that share nothing with ``labelled_articles``, so it can be labelled blind and scored once.
    """
    pools, texts = _pools(data_dir, exclude=set(labelled_articles))
    drawn = _draw(pools, n_cue, n_other, np.random.default_rng(random_state))
    rows = [
        _row("bbc_news", article, texts[article], start, end, stratum, split)
        for stratum, article, start, end in drawn
    ]
    return _drawn_frame(rows, pools)


def sample_us_test(
    data_dir: str | os.PathLike,
    *,
    n_cue: int = TEST_US_N_CUE,
    n_other: int = TEST_US_N_OTHER,
    random_state: int = TEST_US_SEED,
    split: str = "test_us",
    exclude: set[str] = frozenset(),
) -> pd.DataFrame:
    """A U.S. test split (``test_us``, then ``test_us2`` and ``test_us3`` from the articles left) from the
    BASIL articles, with the strata and draw of the BBC splits.

    Why: every BBC politics article has given sentences to a split, and the rules had only been
    measured on UK news. BASIL's sentences are one per line (`basil_text`), so the segmenter keeps
    its boundaries; rows are keyed by the offsets of that text and labelled blind.
    """
    pools, texts = _pools(data_dir, exclude, dataset="basil")
    drawn = _draw(pools, n_cue, n_other, np.random.default_rng(random_state))
    rows = [
        _row("basil", article, texts[article], start, end, stratum, split)
        for stratum, article, start, end in drawn
    ]
    return _drawn_frame(rows, pools)


# Where each sampled dataset keeps its articles, and how an article is read as the offsets count it.
_LAYOUTS = {
    "bbc_news": (BBC_POLITICS, "*.txt", read_article),
    "basil": (BASIL_ARTICLES, "*/*.json", basil_text),
}


def _pools(
    data_dir: str | os.PathLike, exclude: set[str] = frozenset(), dataset: str = "bbc_news"
) -> tuple[dict, dict[str, str]]:
    """Every body sentence of the dataset's articles not in ``exclude``, by stratum, and the texts."""
    folder_name, pattern, read = _LAYOUTS[dataset]
    folder = Path(data_dir) / folder_name
    files = sorted(folder.glob(pattern))
    if not files:
        raise InputError(f"no articles under {str(folder)!r}; data_dir must contain {folder_name}/")
    pools: dict[str, list[tuple[str, str, int, int]]] = {"cue": [], "other": []}
    texts: dict[str, str] = {}
    for path in files:
        article = path.relative_to(Path(data_dir)).as_posix()
        if article in exclude:
            continue
        texts[article] = text = read(path)
        for start, end in _body_sentences(text):
            stratum = "cue" if CANDIDATE_CUES.search(text[start:end]) else "other"
            pools[stratum].append((stratum, article, start, end))
    return pools, texts


def _drawn_frame(rows: list[dict], pools: dict) -> pd.DataFrame:
    """The drawn rows in article order, with the sampling frame's stratum sizes in ``attrs["pool_sizes"]``."""
    out = pd.DataFrame(rows).sort_values(["article", "start"], kind="stable", ignore_index=True)
    out.attrs["pool_sizes"] = {k: len(v) for k, v in pools.items()}
    return out


def _draw(pools: dict, n_cue: int, n_other: int, rng: np.random.Generator) -> list[tuple[str, str, int, int]]:
    drawn = []
    for stratum, n in (("cue", n_cue), ("other", n_other)):
        pool = pools[stratum]
        if n > len(pool):
            raise InputError(f"asked for {n} {stratum!r} sentences but only {len(pool)} exist")
        drawn += [pool[i] for i in sorted(rng.choice(len(pool), size=n, replace=False))]
    return drawn


@dataclass(frozen=True)
class BlameGold:
    """The three label tables; ``sentences`` carries the rebuilt ``text``."""

    sentences: pd.DataFrame
    instances: pd.DataFrame
    stances: pd.DataFrame


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.exists():
        raise InputError(f"label file {str(path)!r} not found")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    lacking = [c for c in columns if c not in df.columns]
    if lacking:
        raise InputError(f"{path}: expected column(s) {lacking} not found")
    return df


def _source(row: pd.Series, data_dir: Path | None, repo: Path) -> Path:
    if row["dataset"] == "seed":
        return repo / row["article"]
    if data_dir is None:
        raise InputError(
            f"sentence {row['id']} needs {row['dataset']}/ but no data directory was given and "
            "../shared/data/external does not exist"
        )
    return data_dir / row["article"]


def default_labels_dir() -> Path:
    """``data/labelled`` of the repository checkout (see `framing.checkout`)."""
    return repo_root() / "data" / "labelled"


def load_blame_gold(
    data_dir: str | os.PathLike | None = None,
    labels_dir: str | os.PathLike | None = None,
    repo: str | os.PathLike | None = None,
) -> BlameGold:
    """Rebuild the labelled sentences from the original files and check every SHA prefix.

    ``data_dir`` is the folder holding ``bbc_news/`` (default: `default_data_dir()`);
    ``repo`` holds ``seeds/``. Raises `InputError` naming the first missing file or the
    first sentence whose text no longer matches its prefix.
    """
    from framing.datasets import default_data_dir

    repo = Path(repo) if repo is not None else repo_root()
    labels_dir = Path(labels_dir) if labels_dir is not None else default_labels_dir()
    root = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
    sentences = _read_csv(labels_dir / "blame_sentences.csv", SENTENCE_COLUMNS)
    instances = _read_csv(labels_dir / "blame_instances.csv", INSTANCE_COLUMNS)
    stances = _read_csv(labels_dir / "actor_stance.csv", STANCE_COLUMNS)
    for frame, cols in (
        (sentences, ("start", "end", "blame")),
        (instances, ("instance", "cue_start", "cue_end")),
    ):
        for col in cols:
            frame[col] = frame[col].astype(int)
    cache: dict[Path, str] = {}
    texts = []
    for _, row in sentences.iterrows():
        path = _source(row, root, repo)
        if path not in cache:
            if not path.exists():
                raise InputError(f"article {str(path)!r} for sentence {row['id']} not found")
            cache[path] = article_text(row["dataset"], path)
        text = cache[path][row["start"] : row["end"]]
        if sentence_sha(text) != row["sha"]:
            raise InputError(
                f"sentence {row['id']}: text at {path}[{row['start']}:{row['end']}] changed (sha mismatch)"
            )
        texts.append(text)
    sentences["text"] = texts
    _check_labels(sentences, instances, stances)
    return BlameGold(sentences, instances, stances)


def _check_labels(sentences: pd.DataFrame, instances: pd.DataFrame, stances: pd.DataFrame) -> None:
    """Fail loudly on labels that cannot be right: unknown ids, values or cue spans outside the sentence."""
    known = set(sentences["id"])
    for name, frame in (("blame_instances", instances), ("actor_stance", stances)):
        unknown = sorted(set(frame["sentence_id"]) - known)
        if unknown:
            raise InputError(f"{name}.csv: sentence ids not in blame_sentences.csv: {unknown[:3]}")
    if not set(instances["polarity"]) <= set(POLARITIES):
        raise InputError(f"blame_instances.csv: polarity must be one of {POLARITIES}")
    if not set(stances["stance"]) <= set(STANCES):
        raise InputError(f"actor_stance.csv: stance must be one of {STANCES}")
    span = sentences.set_index("id")[["start", "end"]]
    bounds = span.loc[instances["sentence_id"]].to_numpy()
    outside = (instances["cue_start"].to_numpy() < bounds[:, 0]) | (
        instances["cue_end"].to_numpy() > bounds[:, 1]
    )
    if outside.any():
        raise InputError(
            f"blame_instances.csv: cue span outside its sentence in row {int(np.argmax(outside))}"
        )


def population_weights(sentences: pd.DataFrame) -> pd.Series:
    """Inverse sampling fraction per sentence (pool size / sentences drawn from that stratum; seed rows 1).

    Put it in ``sentences["weight"]`` for `score_blame` to estimate precision and recall
    over all BBC politics sentences instead of over the keyword-heavy sample. ``test2`` and
    ``test3`` were each drawn from their own frame (`FRESH_FRAMES`), so their rows are weighted
    within that frame.
    """
    design = sentences["split"].where(sentences["split"].isin(list(FRESH_FRAMES)), "first")
    drawn = pd.Series(list(zip(design, sentences["stratum"]))).value_counts()
    pools = {"first": {**POOL_SIZES, "seed": None}} | {
        k: {**v, "seed": None} for k, v in FRESH_FRAMES.items()
    }

    def weight(key: tuple[str, str]) -> float:
        pool = pools[key[0]][key[1]]
        return pool / drawn[key] if pool else 1.0

    return pd.Series(
        [weight(k) for k in zip(design, sentences["stratum"])], index=sentences.index, name="weight"
    )
