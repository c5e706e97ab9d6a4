"""BASIL (Fan et al., EMNLP 2019; release 2): lexical and informational media-bias spans.

Files (``basil/``):
* ``articles/<year>/<triplet-uuid>_<n>.json``: ``body-paragraphs`` = list of paragraphs, each a
  list of sentences (plus ``title``, ``source``, ``triplet-uuid`` ...);
* ``annotations/<year>/<triplet-uuid>_<n>_ann.json``: ``phrase-level-annotations``, each with
  ``id`` = ``p<k>`` (k = index into the flattened sentence list) or ``title``, ``bias`` in
  {``lex``, ``inf``}, ``polarity``, ``target`` ...

Items are body sentences (titles and their 3 spans are not used).  A sentence is labelled
by the bias types of the spans it contains.  Group = ``triplet-uuid``: the three articles
(NYT / Fox / HuffPost) on one event always stay in one fold, as in the paper's CV.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from framing.errors import InputError
from framing.models.rationales import parse_rationale

from ._common import Task, finalise, named_loader, our_split_note, require

FOLDER = "basil"
ARTICLES = f"{FOLDER}/articles"
ANNOTATIONS = f"{FOLDER}/annotations"


def _json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read JSON ({exc.__class__.__name__}: {exc})") from exc


def body_sentences(article: dict) -> list[str]:
    """A BASIL article's body sentences in order (the ``k`` of span ids ``p<k>``)."""
    return [s for para in article.get("body-paragraphs", []) for s in para]


def article_text(path: Path) -> str:
    """A BASIL article file as ``framing.analyze`` reads it: its body sentences, one per line."""
    return "\n".join(body_sentences(_json(path)))


def read_basil(data_dir: Path) -> pd.DataFrame:
    """One row per body sentence: ``article`` (file stem), ``triplet``, ``source`` (lower-case),
    ``index`` (k of ``p<k>``), ``text``, ``lex``/``inf`` (number of spans of each type) and ``lex_spans``
    (the texts of its lexical-bias spans)."""
    art_dir = require(data_dir, ARTICLES)
    ann_dir = require(data_dir, ANNOTATIONS)
    files = sorted(art_dir.glob("*/*.json"))
    if not files:
        raise InputError(
            f"{art_dir}: no <year>/<uuid>_<n>.json files; is data_dir the folder containing basil/?"
        )
    rows = []
    for f in files:
        art = _json(f)
        ann_path = ann_dir / f.parent.name / f"{f.stem}_ann.json"
        if not ann_path.exists():
            raise InputError(
                f"missing dataset file {ann_path.relative_to(Path(data_dir))!r}: every basil/articles file "
                "needs its annotations/<year>/<name>_ann.json"
            )
        spans = _json(ann_path).get("phrase-level-annotations", [])
        sentences = body_sentences(art)
        counts = [{"lex": 0, "inf": 0} for _ in sentences]
        lexical = [[] for _ in sentences]
        for span in spans:
            sid, bias = str(span.get("id", "")), span.get("bias")
            if sid == "title":
                continue
            if not (sid.startswith("p") and sid[1:].isdigit()) or bias not in ("lex", "inf"):
                raise InputError(f"{ann_path}: unexpected span id/bias {sid!r}/{bias!r}")
            k = int(sid[1:])
            if k >= len(sentences):
                raise InputError(
                    f"{ann_path}: span {sid} points past the {len(sentences)} sentences of {f.name}"
                )
            counts[k][bias] += 1
            if bias == "lex":
                lexical[k].append(str(span.get("txt", "")))
        triplet = str(art.get("triplet-uuid") or f.stem.rsplit("_", 1)[0])
        source = str(art.get("source", "")).lower()
        for k, (text, c) in enumerate(zip(sentences, counts)):
            rows.append((f.stem, triplet, source, k, text, c["lex"], c["inf"], tuple(lexical[k])))
    columns = ["article", "triplet", "source", "index", "text", "lex", "inf", "lex_spans"]
    return pd.DataFrame(rows, columns=columns)


def basil_lexical_rationales(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """The words of each body sentence's lexical-bias spans (the loaded wording the annotators marked), by id."""
    raw = read_basil(data_dir)
    return dict(zip(_sentence_ids(raw), map(parse_rationale, raw["lex_spans"]), strict=True))


def _sentence_ids(raw: pd.DataFrame) -> list[str]:
    """Task row ids of body sentences (the loaders' and the rationales' keys)."""
    return [f"basil:{a}:p{k}" for a, k in zip(raw["article"], raw["index"], strict=True)]


def _loader(task: str, rule):
    def load(data_dir: Path) -> pd.DataFrame:
        raw = read_basil(data_dir)
        ids = _sentence_ids(raw)
        labels = [rule(lex, inf) for lex, inf in zip(raw["lex"], raw["inf"])]
        return finalise(task, ids, list(raw["text"]), labels, [f"basil:{t}" for t in raw["triplet"]])

    return named_loader(task, load)


_SPLIT = our_split_note(
    "event triplet (triplet-uuid: the NYT/Fox/HuffPost articles on one event)",
    "BASIL ships no split (the paper cross-validated over triplets); all BASIL tasks share it.",
)

TASKS = (
    Task(
        name="basil-bias",
        dataset=FOLDER,
        description="BASIL body sentences: contains >= 1 annotated bias span (lexical or informational) vs none.",
        construct="bias",
        kind="binary",
        positive_label="biased",
        labels=("biased", "none"),
        split_note=_SPLIT,
        published=(),  # SOURCE.md: Fan et al. 2019 BERT baseline, exact F1 not verified.
        loader=_loader("basil-bias", lambda lex, inf: "biased" if lex or inf else "none"),
        files=(ARTICLES, ANNOTATIONS),
    ),
    Task(
        name="basil-lexical-bias",
        dataset=FOLDER,
        description="BASIL body sentences: contains >= 1 LEXICAL bias span (loaded wording with a polarity "
        "toward a political target) vs not (informational-only or none).",
        construct="partisan",
        kind="binary",
        positive_label="lexical",
        labels=("lexical", "other"),
        split_note=_SPLIT,
        published=(),
        loader=_loader("basil-lexical-bias", lambda lex, inf: "lexical" if lex else "other"),
        files=(ARTICLES, ANNOTATIONS),
        rationales=basil_lexical_rationales,
    ),
    Task(
        name="basil-informational-bias",
        dataset=FOLDER,
        description="BASIL body sentences: contains >= 1 INFORMATIONAL bias span (content selection that "
        "casts a target in a positive/negative light) vs not.",
        construct="bias",
        kind="binary",
        positive_label="informational",
        labels=("informational", "other"),
        split_note=_SPLIT,
        published=(),
        loader=_loader("basil-informational-bias", lambda lex, inf: "informational" if inf else "other"),
        files=(ARTICLES, ANNOTATIONS),
    ),
)


def read_basil_articles(data_dir: Path) -> pd.DataFrame:
    """One row per article: ``id`` (file stem), ``outlet`` (fox / hpo / nyt), ``story`` (triplet), ``text``.

    Each sentence of BASIL becomes one line, so ``framing.analyze`` keeps the
    dataset's own sentence boundaries. For comparing outlets on the same events.
    """
    sentences = read_basil(Path(data_dir))
    articles = sentences.groupby("article", sort=True).agg(
        outlet=("source", "first"), story=("triplet", "first"), text=("text", "\n".join)
    )
    return articles.reset_index().rename(columns={"article": "id"})
