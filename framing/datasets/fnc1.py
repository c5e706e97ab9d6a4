"""FNC-1 (Fake News Challenge stage 1): stance of an article body toward a headline.

Files (``fnc1/``):
* ``train_stances.MIRROR_vijay-14_numeric-labels.csv`` (mirror; the official
  ``train_stances.csv`` is missing): header ``Headline,Body_ID,Stance``, CRLF, integer stances
  0 = agree, 1 = disagree, 2 = discuss, 3 = unrelated (mapping fixed by the official class
  proportions, see SOURCE.md);
* ``train_bodies.csv``, ``competition_test_bodies.csv``: ``Body ID, articleBody``;
* ``competition_test_stances.csv``: ``Headline, Body ID, Stance`` (official labelled test).

Item = one (headline, body) pair: ``text`` = the body, ``target`` = the headline,
``group`` = the body (pairs sharing a body text must stay in one fold).  Duplicate pairs (same
headline and body text after whitespace normalisation; some bodies occur under two Body IDs)
are dropped, test rows winning: train 49,972 -> 49,521 (incl. 14 pairs that also occur in
test), test 25,413 -> 25,147.  FNC-1 scorer numbers computed here are therefore close to,
not identical with, the official protocol.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.errors import InputError

from ._common import Published, Task, finalise, normalise, require

FOLDER = "fnc1"
TRAIN_MIRROR = f"{FOLDER}/train_stances.MIRROR_vijay-14_numeric-labels.csv"
TRAIN_BODIES = f"{FOLDER}/train_bodies.csv"
TEST_STANCES = f"{FOLDER}/competition_test_stances.csv"
TEST_BODIES = f"{FOLDER}/competition_test_bodies.csv"

STANCES = ("agree", "disagree", "discuss", "unrelated")
MIRROR_CODES = {"0": "agree", "1": "disagree", "2": "discuss", "3": "unrelated"}


def _read(data_dir: Path, relpath: str) -> pd.DataFrame:
    path = require(data_dir, relpath)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df.columns = [c.strip().replace("_", " ") for c in df.columns]  # "Body_ID" (mirror) -> "Body ID"
    return df


def _bodies(data_dir: Path, relpath: str) -> dict[str, str]:
    df = _read(data_dir, relpath)
    if not {"Body ID", "articleBody"} <= set(df.columns):
        raise InputError(f"{relpath}: expected columns 'Body ID, articleBody'")
    return dict(zip(df["Body ID"].str.strip(), df["articleBody"]))


def read_fnc1(data_dir: Path) -> pd.DataFrame:
    """Both splits as ``split, row, Headline, Body ID, Stance`` (stance names), plus ``body`` text."""
    parts = []
    for split, stances_rel, bodies_rel in (
        ("train", TRAIN_MIRROR, TRAIN_BODIES),
        ("test", TEST_STANCES, TEST_BODIES),
    ):
        df = _read(data_dir, stances_rel)
        if not {"Headline", "Body ID", "Stance"} <= set(df.columns):
            raise InputError(f"{stances_rel}: expected columns 'Headline, Body ID, Stance'")
        stance = df["Stance"].str.strip().replace(MIRROR_CODES)
        bad = sorted(set(stance) - set(STANCES))
        if bad:
            raise InputError(f"{stances_rel}: unknown Stance value(s) {bad[:5]}")
        bodies = _bodies(data_dir, bodies_rel)
        body_id = df["Body ID"].str.strip()
        missing = sorted(set(body_id) - set(bodies))
        if missing:
            raise InputError(f"{stances_rel}: Body ID(s) {missing[:5]} not found in {bodies_rel}")
        parts.append(
            pd.DataFrame(
                {
                    "split": split,
                    "row": range(len(df)),
                    "Headline": df["Headline"].to_numpy(dtype=object),
                    "Body ID": body_id.to_numpy(dtype=object),
                    "Stance": stance.to_numpy(dtype=object),
                    # object dtype: every pair of one body references the same str
                    "body": pd.Series([bodies[b] for b in body_id], dtype=object),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def load_fnc1_stance(data_dir: Path) -> pd.DataFrame:
    raw = read_fnc1(data_dir)
    ids = [f"fnc1:{s}:{r}" for s, r in zip(raw["split"], raw["row"])]
    # group = first body id with the same (normalised) body text: a few bodies occur under two ids
    first_id: dict[str, str] = {}
    by_raw: dict[str, str] = {}
    groups = []
    for s, b, body in zip(raw["split"], raw["Body ID"], raw["body"]):
        g = by_raw.get(body)
        if g is None:
            g = by_raw[body] = first_id.setdefault(normalise(body), f"fnc1:{s}-body:{b}")
        groups.append(g)
    return finalise(
        "fnc1-stance",
        ids,
        list(raw["body"]),
        list(raw["Stance"]),
        groups,
        splits=list(raw["split"]),
        targets=list(raw["Headline"]),
    )


_NV = "not verified (SOURCE.md)"

TASKS = (
    Task(
        name="fnc1-stance",
        dataset=FOLDER,
        description=(
            "FNC-1: stance of a news article body (text) toward a headline (target): agree / disagree / "
            "discuss / unrelated. Document-pair task, only marginally sentence-level; ~73% unrelated in train."
        ),
        construct="stance",
        kind="multiclass",
        positive_label=None,
        labels=STANCES,
        split_note=(
            "OFFICIAL: train = train_stances (49,972 pairs; here the marked vijay-14 MIRROR with numeric labels), "
            "test = competition_test_stances (25,413 pairs, official labelled test); duplicate (headline, body) "
            "pairs dropped (train keeps 49,521, test 25,147). No dev split; group = body id."
        ),
        published=(
            Published(
                "FNC-1 weighted score (relative)",
                0.8202,
                "official competition test",
                "SOLAT in the SWEN (Cisco Talos), FNC-1 leaderboard 1st",
                _NV,
            ),
            Published(
                "FNC-1 weighted score (relative)",
                0.8197,
                "official competition test",
                "Athene (UKP, Hanselowski et al.), FNC-1 leaderboard 2nd",
                _NV,
            ),
            Published(
                "FNC-1 weighted score (relative)",
                0.8172,
                "official competition test",
                "UCL Machine Reading, Riedel et al. 2017 'a simple but tough-to-beat baseline', 3rd",
                _NV,
            ),
            Published(
                "macro-F1",
                0.60,
                "official competition test",
                "Hanselowski et al. 2018, COLING (re-evaluation of the top systems)",
                "approx. 0.58-0.60 for the top systems; upper end recorded; " + _NV,
            ),
        ),
        loader=load_fnc1_stance,
        files=(TRAIN_MIRROR, TRAIN_BODIES, TEST_STANCES, TEST_BODIES),
    ),
)
