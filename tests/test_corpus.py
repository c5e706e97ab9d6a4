"""Streaming analysis of a corpus: chunked, optionally multi-process, identical output either way."""

import hashlib
import json

import pandas as pd
import pytest

from framing import analyze
from framing.corpus import analyze_corpus, resolve_jobs

ARTICLES = [
    "Officials said the talks could collapse. The threat of war is rising.",
    "Trump blamed Biden for the crisis.\nBiden administration officials strongly dispute that claim.",
    "The weather was mild. Nobody replied.",
    "Republicans accused Democrats of failed policies ahead of the election.",
    "Experts believe the missile test may happen soon, according to a senior official.",
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(40):
            handle.write(json.dumps({"id": f"doc{i:02d}", "text": ARTICLES[i % len(ARTICLES)]}) + "\n")
    return path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_parallel_output_is_byte_identical_to_one_process(tmp_path, corpus):
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    summary_one = analyze_corpus(corpus, one, n_jobs=1, chunk_size=3, progress=False)
    summary_two = analyze_corpus(corpus, two, n_jobs=2, chunk_size=3, progress=False)
    assert digest(one) == digest(two)
    assert summary_one.render() == summary_two.render()
    assert summary_one.sentences == len(pd.read_parquet(one))


def test_chunked_output_equals_one_batch(tmp_path, corpus):
    out = tmp_path / "out.csv"
    analyze_corpus(corpus, out, chunk_size=7, progress=False)
    streamed = pd.read_csv(out, keep_default_na=False)
    whole = analyze({f"doc{i:02d}": ARTICLES[i % len(ARTICLES)] for i in range(40)})
    assert streamed["article_id"].tolist() == whole["article_id"].tolist()
    assert streamed["cues"].tolist() == whole["cues"].tolist()
    pd.testing.assert_series_equal(streamed["partisan_score"], whole["partisan_score"], check_dtype=False)


def test_n_jobs_follows_scikit_learn_convention():
    assert resolve_jobs(1) == 1
    assert resolve_jobs(-1) >= 1
    with pytest.raises(ValueError, match="must not be 0"):
        resolve_jobs(0)


def test_families_are_fitted_once_per_locale_and_actor_list(tmp_path, monkeypatch):
    """analyze_chunks checks the locale, actors and family names up front and its chunks reuse those families;
    an actor list edited since is read (and checked) again."""
    from framing import corpus as corpus_module
    from framing.errors import InputError
    from framing.io.readers import Document

    fitted = []
    real = corpus_module.signal_families
    monkeypatch.setattr(corpus_module, "_families", {})
    monkeypatch.setattr(corpus_module, "signal_families", lambda *a: fitted.append(a) or real(*a))
    documents = [Document(f"d{i}", text) for i, text in enumerate(ARTICLES)]

    def run(**options):
        return pd.concat(
            [a.sentences for a in corpus_module.analyze_chunks(documents, chunk_size=2, **options)]
        )

    uk = run(locale="uk")
    pd.testing.assert_frame_equal(run(locale="uk"), uk)
    assert fitted == [("uk", None, None)]
    hedging = run(locale="uk", families=["hedging"])
    run(locale="uk", families=("hedging",))
    assert fitted == [("uk", None, None), ("uk", None, ["hedging"])]
    assert "partisan_score" not in hedging and (hedging["hedging_score"] == uk["hedging_score"]).all()
    fitted.clear()
    own = tmp_path / "mine.tsv"
    own.write_text(
        "term\tcategory\tactor\tparty\tsource\nbiden\tpolitician\tSomeone Else\t\ttest\n", encoding="utf-8"
    )
    mine = run(locale="uk", actors=own)
    run(locale="uk", actors=own)
    assert fitted == [("uk", own, None)]
    assert "Someone Else" in mine["blame_target"].tolist()
    own.write_text("term\tcategory\tsource\nx\tpolitician\ts\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks column"):
        run(locale="uk", actors=own)
