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
# # Comparing outlets, and how far to trust the labels
#
# Two questions most framing studies have to answer:
#
# 1. **Do outlets cover the same events differently?** `framing.compare` reduces every
#    article to length-fair measures (cues per 100 tokens, share of sentences with a cue),
#    estimates each outlet's mean with a 95% interval that resamples whole articles, and
#    compares outlets *within* the events they all covered, so a war story is never
#    compared with a budget story. It also lists the cues and words that distinguish each
#    outlet (log-odds ratios with an informative Dirichlet prior, Monroe, Colaresi & Quinn
#    2008).
# 2. **Do annotators agree, and does a tool agree with them as well as they agree with each
#    other?** `framing.agreement` computes Krippendorff's alpha, Cohen's and Fleiss' kappa,
#    percent and per-category agreement with bootstrap intervals over items;
#    `tool_agreement` puts a tool beside the annotators in the same terms.
#
# The public data: **BASIL** (Fan et al. 2019), 100 events each reported by Fox News, the
# Huffington Post and the New York Times; and **BABE** (Spinde et al. 2021), 3,674 news
# sentences each labelled biased or not by five of eight expert annotators. Without the
# shared data folder the notebook runs on small fixtures of our own and says so: those
# numbers show that the code runs, nothing more.

# %% tags=["parameters"]
data_dir = None  # folder holding basil/ and babe/; None = the shared public data folder
n_boot = 1000  # bootstrap replicates for every interval
seed = 0  # bootstrap seed
train_model = (
    False  # True: also compare a classifier's out-of-fold predictions with the annotators (~1 CPU-minute)
)
out_dir = "../out/04-compare-and-agreement"

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, display

import framing
from framing.agreement import agreement, tool_agreement
from framing.comparison.inputs import signals_from_corpus
from framing.datasets import default_data_dir
from framing.figures import compare as compare_figures

pd.set_option("display.width", 200)
pd.set_option("display.max_rows", 60)
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)

FIXTURES = Path("../tests/fixtures")
data_dir = Path(data_dir) if data_dir else default_data_dir()
public = data_dir is not None and (data_dir / "basil").is_dir() and (data_dir / "babe").is_dir()
if public:
    print(f"data: {data_dir}")
else:
    print(
        "NOTE: FIXTURE OUTPUT. The public datasets were not found, so this run uses our own invented "
        f"fixtures ({FIXTURES}/compare_corpus.csv: 9 articles, 3 outlets, 3 stories; "
        f"{FIXTURES}/agreement_labels.csv: 12 items, 3 annotators). The numbers below mean nothing; "
        "set data_dir to the folder holding basil/ and babe/ for real ones."
    )

# %% [markdown]
# ## 1. Three outlets on the same events (BASIL)
#
# One row per article: the outlet (`fox`, `hpo`, `nyt`) and the event (`story`, BASIL's
# triplet id). `framing.analyze` scores every sentence; `framing.compare` does the rest.

# %%
if public:
    from framing.datasets.basil import read_basil_articles

    corpus = read_basil_articles(data_dir)
else:
    corpus = pd.read_csv(FIXTURES / "compare_corpus.csv")
signals = signals_from_corpus(corpus)
comparison = framing.compare(signals, "outlet", event_col="story", n_boot=n_boot, random_state=seed)
print(
    f"{len(comparison.articles)} articles, {corpus['story'].nunique()} events, "
    f"{len(comparison.measures)} measures"
)
comparison.measures.head(8)

# %% [markdown]
# Each outlet's mean per article with its 95% interval (articles resampled within the
# outlet). The headline measures are each family's cues per 100 tokens and the share of
# sentences attributed to anonymous officials.

# %%
headline = compare_figures.headline_measures(comparison)
paths = compare_figures.plot_estimates(comparison, out, stem="04-estimates")
display(Image(filename=str(paths[0])))
comparison.estimates[comparison.estimates["measure"].isin(headline)].round(3)

# %% [markdown]
# Differences within events: for every two outlets, the mean over the events both covered
# of (outlet A − outlet B) on that event, with the interval resampling events. Orange marks
# an interval that excludes zero. With dozens of measures and three pairs, about 5% of the
# intervals exclude zero by chance alone, so each contrast also carries a p-value (normal
# approximation with the bootstrap standard error) and a Benjamini-Hochberg q-value over
# all of them.

# %%
paths = compare_figures.plot_differences(comparison, out, stem="04-differences")
display(Image(filename=str(paths[0])))
contrasts = comparison.event_contrasts
print(
    f"{int(contrasts['excludes_zero'].sum())} of {len(contrasts)} within-event differences exclude 0 "
    f"(about {0.05 * len(contrasts):.0f} would by chance alone at the 95% level); "
    f"{int((contrasts['q_value'] < 0.05).sum())} keep a false discovery rate below 5% (q < 0.05)"
)
pooled = comparison.differences.set_index(["measure", "group", "group_b"])
within = contrasts.set_index(["measure", "group", "group_b"])
widening = (pooled["ci_high"] - pooled["ci_low"]) / (within["ci_high"] - within["ci_low"])
print(
    f"pooled intervals are {widening.median():.2f} times as wide as within-event ones (median over contrasts)"
)
contrasts[contrasts["excludes_zero"]].round(3)

# %% [markdown]
# **What we found on BASIL** (`n_boot = 1000`, `seed = 0`, the lexicons of this commit;
# the cells above print the numbers of this run). When they cover the same event, the
# three outlets do not differ in how much they hedge, alarm or use partisan vocabulary:
# the within-event differences of those rates all include zero (the largest: Fox −
# HuffPost partisan +0.27 cues per 100 tokens [−0.05, 0.60]). Of all 144 within-event
# contrasts, 24 exclude zero where chance alone would give about 7, and 6 keep a false
# discovery rate below 5%. Five set HuffPost apart from the Times: fewer sentences
# attributed to named people (share −0.055 [−0.083, −0.026]) and more left unattributed
# (+0.061 [0.029, 0.094]), fewer party cues (−0.25 per 100 tokens [−0.36, −0.12]), fewer
# sentences with any partisan cue (−0.056 [−0.088, −0.023]) and more evidential hedges
# (+0.080 [0.035, 0.128]). The sixth: Fox uses more security vocabulary than the Times
# (+0.072 per 100 tokens [0.030, 0.117]). Pooled differences, which ignore the events,
# have intervals 1.35 times as wide (median): comparing within events is what makes small
# differences visible.

# %% [markdown]
# The cues and words each outlet uses more than the other two, by log-odds z-score
# (dotted line: z = 1.96). Words pick up house style as much as framing: the New York
# Times writes "Mr." and "Ms.", HuffPost names itself.

# %%
paths = compare_figures.plot_distinguishing(comparison, out, stem="04-cues", features="cues")
display(Image(filename=str(paths[0])))
paths = compare_figures.plot_distinguishing(comparison, out, stem="04-words", features="words")
display(Image(filename=str(paths[0])))
comparison.cues.groupby("group").head(5).round(3)

# %% [markdown]
# ## 2. How far the annotators agree (BABE)
#
# BABE's annotator-level file has one row per rating. Each sentence is labelled biased
# (`1`) or not (`0`), and on a three-level opinion scale (ordinal).

# %%
if public:
    from framing.datasets.babe import OPINION_ORDER, read_babe_ratings

    ratings = read_babe_ratings(data_dir)
    bias = agreement(ratings, label_col="bias", n_boot=n_boot, random_state=seed)
    opinion = agreement(
        ratings, label_col="opinion", level="ordinal", order=OPINION_ORDER, n_boot=n_boot, random_state=seed
    )
    print(f"{bias.n_ratings} ratings of {bias.n_items} sentences by {bias.n_annotators} annotators")
    display(bias.summary.round(3), opinion.summary.round(3))
else:
    ratings = pd.read_csv(FIXTURES / "agreement_labels.csv").rename(columns={"label": "bias"})
    bias = agreement(ratings, label_col="bias", n_boot=n_boot, random_state=seed)
    display(bias.summary.round(3))

# %% [markdown]
# Cohen's kappa for every two annotators on the sentences both labelled, and agreement per
# category (of the rating pairs involving a category, the share where both chose it).

# %%
display(bias.pairs.round(3), bias.categories.round(3))

# %% [markdown]
# **What we found on BABE.** Agreement on "biased or not" is moderate: Krippendorff's
# alpha 0.40 [0.38, 0.41], mean pairwise kappa 0.40, 70% of rating pairs agree. It is far
# from uniform across annotators: one pair agrees at kappa 0.87, while annotator 1 agrees
# with three colleagues at chance level (kappa between −0.05 and −0.03). The opinion scale,
# read as ordinal, reaches alpha 0.61 [0.59, 0.62]. Any classifier trained on BABE's
# majority labels is trained on labels that coders themselves reproduce only moderately.

# %% [markdown]
# ## 3. A tool beside the annotators
#
# The same statistics with a tool added as one more coder. First a thresholded signal:
# a sentence is "biased" when its partisan score is above zero. With `train_model = True`,
# also a classifier (our default pipeline, logistic regression) trained on the majority
# labels and predicting each sentence out of fold (5 folds grouped by article).

# %%
positive, negative = ("1", "0") if public else ("blame", "none")
items = ratings["item"].astype(str).unique().tolist()
scores = (
    framing.analyze(items).groupby("article_id", sort=False)["partisan_score"].max()
)  # analyze keeps order
threshold_tool = pd.Series(["1" if s > 0 else "0" for s in scores], index=items).map(
    {"1": positive, "0": negative}
)
versus_signal = tool_agreement(ratings, threshold_tool, label_col="bias", n_boot=n_boot, random_state=seed)
versus_signal.round(3)

# %%
if train_model and public:
    import numpy as np
    from sklearn.model_selection import GroupKFold, cross_val_predict

    from framing.models import build_pipeline

    votes = ratings.assign(biased=ratings["bias"] == "1").groupby("item")
    majority = votes["biased"].mean()
    decided = majority[majority != 0.5]
    links = votes["news_link"].first().reindex(decided.index).fillna(pd.Series(decided.index, decided.index))
    labels = np.where(decided > 0.5, "1", "0")
    predicted = cross_val_predict(
        build_pipeline("logreg", random_state=seed),
        decided.index.tolist(),
        labels,
        groups=links,
        cv=GroupKFold(5),
    )
    versus_model = tool_agreement(
        ratings, pd.Series(predicted, index=decided.index), label_col="bias", n_boot=n_boot, random_state=seed
    )
    display(versus_model.round(3))

# %% [markdown]
# **What we found.** The partisan signal does not stand in for BABE's bias labels: its
# kappa with each annotator is 0.157 [0.132, 0.180] against 0.403 among the annotators
# (with the majority label 0.189), and adding it as a coder lowers alpha from 0.40 to
# 0.32. BABE's "bias" is mostly loaded wording, which our partisan lexicon (parties,
# politicians, blame) does not
# target. The trained classifier (`train_model = True`) comes close to a human coder:
# kappa with each annotator 0.376 [0.357, 0.394] against 0.403 [0.388, 0.418] between
# annotators, a difference of −0.026 [−0.045, −0.009], and adding it as a sixth coder
# leaves alpha at 0.39. So a paper could say that the classifier agrees with BABE's coders
# almost, but not quite, as well as they agree with each other.

# %% [markdown]
# ## Files
#
# Every figure was written to `out_dir` with the CSV of the numbers it plots. From the
# command line the same analyses are:
#
# ```bash
# framing compare corpus.csv --by outlet --event-col story --out compare/
# framing agreement ratings.csv --item-col item --annotator-col annotator --label-col bias
# ```

# %%
sorted(p.name for p in out.iterdir())
