"""Agreement between two annotators of the blame set, on label tables made here."""

import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from framing.datasets.blame_gold import BlameGold
from framing.validity.annotators import annotator_agreement


def _gold(blame: list[int], instances: list[tuple], stances: list[tuple]) -> BlameGold:
    ids = [f"a{i // 2}.txt#{i}" for i in range(len(blame))]
    sentences = pd.DataFrame(
        {"id": ids, "article": [i.split("#")[0] for i in ids], "blame": blame, "split": "test"}
    )
    inst = pd.DataFrame(instances, columns=["sentence_id", "blamer", "target", "polarity"])
    return BlameGold(sentences, inst, pd.DataFrame(stances, columns=["sentence_id", "actor", "stance"]))


def test_two_annotators_in_the_extractors_terms():
    blame_first = [1, 0, 1, 0, 1, 0, 0, 1]
    blame_second = [1, 0, 0, 0, 1, 1, 0, 1]
    first = _gold(
        blame_first,
        [
            ("a0.txt#0", "Tories", "Tony Blair", "blame"),
            ("a1.txt#2", "", "Labour", "blame"),
            ("a2.txt#4", "Labour", "Michael Howard", "blame"),
            ("a3.txt#7", "Tony Blair", "Tony Blair", "defend"),
        ],
        [("a0.txt#0", "Tony Blair", "criticised"), ("a1.txt#3", "Labour", "neutral")],
    )
    second = _gold(
        blame_second,
        [
            ("a0.txt#0", "the Tories", "Tony Blair", "blame"),
            ("a2.txt#4", "Labour", "Michael Howard", "blame"),
            ("a2.txt#5", "Labour", "Charles Kennedy", "blame"),
            ("a3.txt#7", "Tony Blair", "Tony Blair", "defend"),
        ],
        [("a0.txt#0", "Tony Blair", "criticised"), ("a1.txt#3", "Labour", "criticised")],
    )
    result = annotator_agreement(first, second, n_boot=200, random_state=0)

    summary = result.blame.summary.set_index("statistic")["value"]
    assert summary["percent_agreement"] == pytest.approx(6 / 8)
    assert summary["mean_cohen_kappa"] == pytest.approx(cohen_kappa_score(blame_first, blame_second))
    stance = result.stance.summary.set_index("statistic")["value"]
    assert stance["percent_agreement"] == pytest.approx(1 / 2)
    instance = result.instances.set_index("level").loc["instance"]
    assert (instance["n_pred"], instance["n_gold"], instance["n_correct"]) == (4, 4, 3)
    assert instance["precision"] == pytest.approx(3 / 4) and instance["recall"] == pytest.approx(3 / 4)


def test_the_second_set_must_lie_inside_the_first():
    first = _gold([1, 0], [], [])
    second = _gold([1, 0, 0, 1], [], [])
    with pytest.raises(ValueError, match="not in the first set"):
        annotator_agreement(first, second, n_boot=10)
