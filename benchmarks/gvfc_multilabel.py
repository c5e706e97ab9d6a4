"""GVFC headline frames, multi-label (primary + secondary frame) beside single-label (primary only), on one split.

The split is the package's seeded "OUR split" of the ``gvfc-frame`` task
(80/20 by headline, seed 13; :func:`framing.datasets._common.group_split`).
Both models are chosen among logistic regression and naive Bayes by 5-fold CV on the training part only (thresholds for
the multi-label model are tuned on its out-of-fold probabilities), then scored
once on the test part. Writes the split tables, models and reports to ``--out``
and prints a summary.

    python benchmarks/gvfc_multilabel.py --out /tmp/gvfc-ml
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from framing.datasets.gvfc import load_gvfc_multilabel
from framing.models import evaluate_model, predict_table, train_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="../shared/data/external")
    parser.add_argument("--out", required=True)
    parser.add_argument("--n-jobs", type=int, default=1)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table = load_gvfc_multilabel(Path(args.data_dir))
    for split in ("train", "test"):
        table[table["split"] == split].to_csv(out / f"gvfc_{split}.csv", index=False)
    summary = {
        "split": "gvfc-frame OUR split (80/20 by headline, seed 13)",
        "rows": table["split"].value_counts().to_dict(),
    }
    summary["rows_with_two_frames"] = (
        table.groupby("split")["frames"]
        .apply(lambda f: int(f.str.contains("|", regex=False).sum()))
        .to_dict()
    )
    common = {
        "models": ["logreg", "nb"],
        "folds": 5,
        "n_jobs": args.n_jobs,
        "random_state": 0,
        "n_boot": 2000,
    }
    train_model(out / "gvfc_train.csv", label="frames", label_sep="|", out=out / "multilabel.skops", **common)
    train_model(out / "gvfc_train.csv", label="primary", out=out / "single.skops", **common)
    for name in ("multilabel", "single"):
        report = evaluate_model(
            out / f"{name}.skops", out / "gvfc_test.csv", n_boot=2000, report_path=out / f"{name}.test.json"
        )
        summary[name] = {
            k: v
            for k, v in report["scores"].items()
            if k in ("micro_f1", "macro_f1", "exact_match", "accuracy")
        }
    summary["frame_sets"] = frame_sets(out)
    print(json.dumps(summary, indent=2, sort_keys=True))


def frame_sets(out: Path, n_boot: int = 2000) -> dict:
    """Comparable to single-label accuracy: how often the predicted set holds the primary frame, and the secondary one.

    Percentile bootstrap over headlines (seed 0) for the 95% intervals.
    """
    test = pd.read_csv(out / "gvfc_test.csv", keep_default_na=False)
    predicted = predict_table(out / "multilabel.skops", out / "gvfc_test.csv")["predicted_frames"].str.split(
        "|"
    )
    single = predict_table(out / "single.skops", out / "gvfc_test.csv")["predicted_primary"]
    truth = test["frames"].str.split("|")
    secondary = [next((f for f in t if f != p), None) for t, p in zip(truth, test["primary"], strict=True)]
    hits = {
        "multilabel_set_has_primary": [p in s for p, s in zip(test["primary"], predicted, strict=True)],
        "single_label_accuracy": (single == test["primary"]).tolist(),
        "multilabel_set_has_secondary": [f in s for f, s in zip(secondary, predicted, strict=True) if f],
        "multilabel_set_size": [len([x for x in s if x]) for s in predicted],
    }
    rng = np.random.default_rng(0)
    result = {}
    for name, values in hits.items():
        values = np.asarray(values, dtype=float)
        boot = values[rng.integers(0, len(values), (n_boot, len(values)))].mean(axis=1)
        low, high = np.percentile(boot, [2.5, 97.5])
        result[name] = {
            "value": float(values.mean()),
            "ci_low": float(low),
            "ci_high": float(high),
            "n": len(values),
        }
    return result


if __name__ == "__main__":
    main()
