# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Training a frame or stance classifier, and reading what it learned
#
# This notebook trains a sentence classifier on a labelled table with `framing.models`, the
# same code `framing train` runs, and shows the evidence a media researcher needs before
# trusting it: how the model was chosen, how well it does on sentences it never saw (with
# uncertainty), which classes it confuses, what it relies on, and where it goes wrong.
#
# By default it runs on `tests/fixtures/labelled_small.csv`, 52 *invented* sentences about
# Joe Biden and Donald Trump labelled with a news frame (`economic`, `political`,
# `security_and_defense`) and a stance, grouped into nine invented articles. The fixture is
# there so the notebook runs anywhere in a minute; its scores say nothing about real news.
# Point `data_path` at your own CSV, TSV, JSONL or Parquet file with a text column, a label
# column and (ideally) an article column, and everything below follows; the prose describes
# what to look for, not the particular numbers.
#
# The last section repeats the exercise on a public corpus, the newswire part of the Szeged
# Uncertainty Corpus (hedged vs certain sentences), to measure what the package's signal
# features add to word and character n-grams. It needs the public data folder
# (the `data_dir` parameter, else `$FRAMING_DATA_DIR`, else `../shared/data/external`); without it the
# section says so and is skipped.

# %% tags=["parameters"]
data_path = "../tests/fixtures/labelled_small.csv"  # your labelled table
label = "frame"  # the column to predict
group_col = "group"  # sentences of one article stay in one fold; None if there is no such column
folds = 3  # cross-validation folds (5 or 10 on real data)
seed = 0  # every split, model and bootstrap is seeded: same data, same numbers
out_dir = "../out/02-training-classifiers"
public_task = "szeged-news"  # a task of framing.datasets.TASKS, for the last section
data_dir = None  # folder with szeged_uncertainty/, ...; None = $FRAMING_DATA_DIR or ../shared/data/external
max_public_rows = 3000  # at most this many training sentences of the public task (whole documents)

# %%
import time
from collections import Counter
from pathlib import Path

import pandas as pd
from IPython.display import Image, display

from framing.datasets import TASKS, default_data_dir, load_task
from framing.errors import InputError
from framing.figures import classifier
from framing.models import diagnostics, load_labelled, train

pd.set_option("display.max_colwidth", 110)
pd.set_option("display.width", 160)
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
started = time.perf_counter()

# %% [markdown]
# ## 1. Load and validate the labelled sentences
#
# `load_labelled` reads the table and refuses, with one line saying what to fix, anything
# that would make the scores lie: a missing column, an empty text or label, a class with
# fewer sentences than folds, too few articles for the folds, or the same sentence twice
# where the copies could land on both sides of a split. All of this is checked before any
# model is fitted. The class counts are the first thing to read: a class with a handful of
# sentences will have wide intervals whatever the model.

# %%
data = load_labelled(data_path, label_col=label, group_col=group_col, n_splits=folds)
n_groups = "no" if data.groups is None else len(set(data.groups.tolist()))
print(f"{len(data)} sentences, {n_groups} groups ({group_col}), {len(data.labels)} classes")
pd.Series(Counter(data.y.tolist()), name="sentences").rename_axis(label).sort_index().to_frame()

# %% [markdown]
# A mistake is caught with a message that names the file, the problem and the fix. Here we
# ask for a label column that is not in the file (a plural instead of a singular, say):

# %%
try:
    load_labelled(data_path, label_col=f"{label}s", group_col=group_col, n_splits=folds)
except InputError as error:
    print(f"InputError: {error}")

# %% [markdown]
# ## 2. Choosing a model by cross-validation
#
# `train` scores every candidate model (logistic regression, a linear SVM and complement
# naive Bayes, each on our signal features plus word and character n-grams) on the same
# seeded folds, keeping all sentences of an article in one fold so that a model cannot
# score well by recognising the article rather than the frame. The candidate with the best
# mean macro-F1 (the unweighted mean of the per-class F1, so a small class counts as much
# as a large one) is refitted on all sentences.
#
# Read the table against the **majority baseline**, which always predicts the training
# folds' most frequent class: a model that does not clearly beat it has learned nothing
# useful. The standard deviation over folds shows how much the score depends on which
# articles happen to be held out; candidates whose means differ by less than that are not
# distinguishable on these data.

# %%
result = train(data, folds=folds, random_state=seed, n_boot=1000)
print(f"chosen: {result.chosen.name}")
diagnostics.cv_table(result).round(3)

# %% [markdown]
# The chosen model's **out-of-fold** scores: every sentence is predicted by the model fitted
# on the folds that did not contain it, so these are scores on unseen articles. The 95%
# intervals come from a bootstrap that resamples whole articles (groups), since sentences of
# one article are not independent. They are slightly optimistic, because the model was
# picked as the best of several on these same folds; for a number to publish, score the
# saved model on a held-out file with `framing evaluate`.

# %%
for note in result.report["notes"]:
    print("note:", note)
scores = diagnostics.scores_table(result.report["out_of_fold"])
scores.round(3)

# %% [markdown]
# ## 3. Which classes are confused
#
# Rows are the true classes, columns the predictions; each cell gives the share of the true
# class (so the diagonal is recall) and the count. Off-diagonal cells show which frames
# the model mixes up, which is often more useful than the overall score: confusing two
# frames that annotators also find hard to tell apart is a different problem from missing
# a frame altogether.

# %%
paths = classifier.plot_confusion(
    data.y,
    result.oof_pred,
    data.labels,
    out,
    stem="02-confusion-matrix",
    title=f"{label}: {result.chosen.name}, out-of-fold ({folds} folds)",
)
display(Image(filename=str(paths[0])))

# %% [markdown]
# ## 4. What the model relies on
#
# Every model here scores a sentence as a weighted sum of its features, one set of weights
# per class, so the features with the largest weight towards a class are what pushes a
# sentence into it. Each feature comes from one of three blocks: our **signals** (counts
# of hedging, alarm and partisan cues and the kind of source quoted, from the packaged
# lexicons), **word n-grams** (words and word pairs) and **character n-grams** (2 to 5
# letters, which catch word forms such as "militar" in military and militarise).
#
# Signals that rank high mean the model uses the interpretable cues the package explains
# sentence by sentence. Topic words are expected for frames, but a word that names a place,
# a person or a function word ("and") says the model may be learning the sample rather
# than the frame. Signal values are scaled to at most 1 while an n-gram's TF-IDF value is
# usually much smaller, so compare weights within a block with more confidence than
# across blocks.

# %%
top = diagnostics.top_features(result.pipeline, data.labels, k=10)
paths = classifier.plot_top_features(
    top,
    out,
    stem="02-top-features",
    title=f"{label}: what pushes a sentence towards each class ({result.chosen.name})",
)
display(Image(filename=str(paths[0])))
top.groupby("label")["block"].value_counts().unstack(fill_value=0)

# %% [markdown]
# ## 5. Where it goes wrong
#
# The misclassified sentences, out of fold, the most confident mistakes first, with the
# probability the model gave its (wrong) prediction and the true class, and the cues
# `framing.analyze` found in the sentence. Three things to look for. A confident mistake
# whose cues belong to the predicted class (alarm words in a sentence labelled
# `economic`, say) is usually a sentence that mixes frames; check the label against the
# codebook, it may be an annotation choice worth documenting. A mistake with no cues at
# all shows where the model has nothing but topic words to go on. And mistakes that cluster
# in one article (the `group` column) point to an article unlike the others in the sample.

# %%
errors = diagnostics.error_table(data, result.oof_pred, result.oof_proba)
print(f"{len(errors)} of {len(data)} sentences misclassified out of fold")
errors.round(2)

# %% [markdown]
# Which cues are more common among the mistakes than among the sentences the model gets
# right? Shares are of sentences (a cue counted once per sentence); with few mistakes, a
# difference of one or two sentences is large in share and small in evidence.

# %%
diagnostics.cue_shares(data.texts, result.oof_pred != data.y).head(10).round(2)

# %% [markdown]
# ## 6. On a public corpus: what our signals add to n-grams
#
# The Szeged Uncertainty Corpus labels FactBank newswire sentences as **uncertain** (the
# sentence carries a hedge: *may*, *likely*, *believe*, *if*, ...) or **certain**. We take
# up to `max_public_rows` sentences of its training split (whole documents, chosen with
# the seed), save them as a labelled CSV in `out_dir` so the run can be repeated with
# `framing train`, and score logistic regression with three feature sets on the same
# document-grouped folds: **signals only**, **n-grams only** and **both**.
#
# The differences come with a *paired* bootstrap interval (both models scored on the same
# resampled documents). An interval that excludes zero says the signals change the score on
# this corpus beyond document-to-document noise; the size of the difference says whether it
# matters. Hedging is the construct our hedging lexicon was built for, and this corpus
# labels a sentence uncertain when an annotator marked a cue word in it, exactly what a
# lexicon looks for: this is where the signals should help most. On frames or stance,
# expect a smaller gain, and run the same comparison on your own data before relying on it.

# %%
data_dir = data_dir or default_data_dir()
public = None
if public_task not in TASKS:
    print(f"Skipped: unknown public_task {public_task!r}; the tasks are {', '.join(TASKS)}")
elif data_dir is None:
    print(
        f"Skipped: the public data for {public_task!r} are not available (no data_dir parameter, no "
        "FRAMING_DATA_DIR, no ../shared/data/external next to the repository); set one of them to run "
        "this section."
    )
else:
    try:
        frame = load_task(public_task, data_dir)
    except InputError as error:
        frame = None
        print(f"Skipped: {error}")
    if frame is not None:
        train_split = frame[frame["split"] == "train"]
        sample = diagnostics.take_groups(train_split, max_public_rows, random_state=seed)
        public_path = out / f"{public_task}-train-sample.csv"
        sample[["id", "text", "label", "group"]].to_csv(public_path, index=False)
        public = load_labelled(public_path, label_col="label", group_col="group", n_splits=folds)
        counts = Counter(public.y.tolist())
        print(
            f"{public_task}: {len(public)} sentences from {len(set(public.groups.tolist()))} documents "
            f"(of {len(train_split)} training sentences); {dict(sorted(counts.items()))}"
        )

# %%
if public is not None:
    t0 = time.perf_counter()
    comparison, public_predictions = diagnostics.compare_feature_sets(public, folds=folds, random_state=seed)
    print(f"three feature sets x {folds} folds in {time.perf_counter() - t0:.0f} s")
    paths = classifier.plot_feature_sets(
        comparison,
        out,
        stem="02-public-feature-sets",
        title=f"{public_task}: logistic regression, out-of-fold",
    )
    display(Image(filename=str(paths[0])))
    display(comparison.round(3))

# %%
if public is not None:
    positive = TASKS[public_task].positive_label
    rows = []
    for a, b in (("both", "n-grams only"), ("both", "signals only"), ("signals only", "n-grams only")):
        for metric in ("macro_f1", f"f1:{positive}"):
            difference = diagnostics.paired_difference(
                public.y,
                public_predictions[a],
                public_predictions[b],
                public.labels,
                groups=public.groups,
                metric=metric,
                random_state=seed,
            )
            rows.append({"comparison": f"{a} − {b}", "metric": metric, **difference})
    display(pd.DataFrame(rows).round(3))

# %% [markdown]
# ## Files
#
# The figures above and their CSVs were written to `out_dir`, with the public sample when
# that section ran. The committed versions of the confusion matrix and the top features of
# the fixture (`classifier-confusion-matrix`, `classifier-top-features` in `docs/figures`)
# are regenerated by `framing figures`. To train and save a model from the command line:
# `framing train DATA --label COLUMN --group-col ARTICLE --out model.skops`.

# %%
print(f"notebook ran in {time.perf_counter() - started:.0f} s")
sorted(p.name for p in out.iterdir())
