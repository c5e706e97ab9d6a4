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
# # How one article presents threat and political blame
#
# This notebook reads one news article with `framing` and draws five figures of how it
# presents **threat** (alarm language), **uncertainty** (hedging, and who is quoted) and
# **political blame**. Every number comes from `framing.analyze`, which scores each sentence
# with transparent word lists; every figure is drawn by `framing.figures.article` and
# written next to a CSV of the numbers it plots, keyed by sentence, so any bar or dot can be
# traced back to the sentence behind it.
#
# Under each figure, a note computed from the numbers the figure plots describes it for
# whatever article you analyse. The longer commentary marked **On the seed**, written by
# reading NBC News' report on the Russia–North Korea alliance
# (`seeds/nbc-russia-north-korea-alliance.txt`) with its figures, is shown only when the
# article is the seed, so a notebook run on another article (change the parameters: a
# plain-text file, one paragraph per line) never pairs that commentary with its figures.
# From the command line, `framing plot ARTICLE --out DIR` draws the same five figures.
#
# The scores count cues, they do not understand the text: read them as a map of where the
# wording changes, and check the sentences the figures point to.

# %% tags=["parameters"]
article_path = "../seeds/nbc-russia-north-korea-alliance.txt"
article_id = "nbc-russia-north-korea-alliance"
out_dir = "../out/01-article-threat-and-blame"

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

import framing
from framing.figures import article, default_seed
from framing.figures.notes import figure_note
from framing.signals.length import rate

pd.set_option("display.max_colwidth", 120)
text = Path(article_path).read_text(encoding="utf-8")
table = framing.analyze({article_id: text})
is_seed = text == default_seed().read_text(encoding="utf-8")
print(framing.summarize(table))


def show_notes(figure, csv_path, on_seed):
    """The note computed from the figure's data; the seed's commentary only under the seed's own figures."""
    display(Markdown(f"**From the data.** {figure_note(figure, csv_path)}"))
    if is_seed:
        display(Markdown(on_seed))


# %% [markdown]
# `table` has one row per sentence (segment): its position, its kind (`body`, `heading` or
# `boilerplate` such as "Comments"), its length in tokens, the hedging, alarm and partisan
# scores with their per-category counts and as rates per 100 tokens (`*_rate`, the form to
# compare sentences of different length with), the attributed source, any resolved blame,
# and the cues that fired.

# %%
table[
    ["sentence", "kind", "n_tokens", "alarm_score", "alarm_rate", "partisan_rate", "source_kind", "text"]
].head(8)

# %% [markdown]
# ## 1. The article sentence by sentence
#
# Three aligned panels give the hedging, alarm and partisan rate (cues per 100 tokens, so a
# long sentence does not stand out for its length) of every sentence in reading order;
# dashed lines mark the section headings, and the top sentence of each signal is quoted.

# %%
paths = article.plot_timeline(table, out_dir, stem="01-timeline")
display(Image(filename=str(paths[0])))

# %%
show_notes(
    "timeline",
    paths[1],
    on_seed="""
**On the seed.** Alarm is densest in the middle of the article, under *A Growing Alliance*:
the missile-defence sentence (#26, 20.6 per 100 tokens), the nuclear submarine and ballistic
missile paragraph (#11, 17.6) and the sentence on military technology transfers (#18,
16.7). The lede (#0, "increasingly worried … escalate tensions") has the most alarm cues
(5.5) but is 48 tokens long, so its rate (11.5) is lower. Much of this is military
vocabulary. Hedging runs through the whole piece rather than clustering, highest where
officials assess the munitions and a nuclear test (#20, #27) and in the expectation of a
test "for some time" (#30). Partisan framing is almost absent from the security story: it
appears in the opening election framing (#2, #5) and in the closing *An 'October
Surprise'?* section, peaking at #40, the administration's seven-word rebuttal (20.0, its
length floored at ten tokens), and #39, where Trump blames Biden (18.2). The political
reading is appended to the threat story, not woven through it.
""",
)

# %% [markdown]
# ## 2. Who is quoted, and how hedged their claims are
#
# Each dot is a body sentence's rate per 100 tokens, grouped by whom it attributes its claim
# to; the black bar is the group's total score per 100 of its tokens. The middle panel removes the one point the hedging score adds for an
# anonymous attribution ("officials said" makes a claim less certain by itself), leaving the
# hedging carried by the wording.

# %%
paths = article.plot_sources(table, out_dir, stem="01-sources")
display(Image(filename=str(paths[0])))
sources = pd.read_csv(paths[1], keep_default_na=False).groupby("source_kind")
totals = sources[["n_tokens", "hedging_score", "hedging_from_wording", "alarm_score"]].sum()
per_100 = {c: rate(totals[c], totals["n_tokens"]).round(1) for c in totals.columns.drop("n_tokens")}
totals.assign(sentences=sources.size(), **{f"{c} per 100 tokens": v for c, v in per_100.items()})

# %%
show_notes(
    "sources",
    paths[1],
    on_seed="""
**On the seed.** The article leans on anonymous officials: 14 of its 41 body sentences are
attributed to them, against two to named people (the analyst Victor Cha and Trump) and one
to an organisation (Beyond Parallel, "the group"). Their sentences are the most hedged,
but mostly through the sourcing itself: without the anonymous-sourcing point their
wording hedges only a little more than unattributed narration (3.2 against 2.9 per 100
tokens; the table above).
The named expert's attributed sentence (#8, Victor Cha) carries no hedging and no alarm.
The most alarming sentences are *unattributed*: narration without a source is more
alarming per token (7.7 per 100 tokens) than what anonymous officials are reported to say
(5.0), so the threat is largely stated in the reporter's voice, with the officials
supplying qualified assessments around it.
""",
)

# %% [markdown]
# ## 3. Which words triggered each signal
#
# The ten most frequent cue terms of each family, coloured by the lexicon category they
# belong to. The CSV lists every cue occurrence with its sentence and character span.

# %%
paths = article.plot_cues(table, out_dir, stem="01-cues")
display(Image(filename=str(paths[0])))

# %%
show_notes(
    "cues",
    paths[1],
    on_seed="""
**On the seed.** The alarm score is dominated by military vocabulary ("missile" far ahead,
then "nuclear", "military", "submarine", "nuclear test"): the article is alarming mostly
through its subject matter, with few evaluative threat words ("provocative" three times)
and little fear or urgency language. Hedging comes from anonymous sourcing (one cue per
anonymously attributed sentence) and modal verbs ("could", "would"). Partisan cues are
mostly neutral mentions of the government ("Biden administration") and of the election;
there is a single blame cue ("a result of") and a single rebuttal ("strongly dispute").
""",
)

# %% [markdown]
# ## 4. Who blames whom
#
# Sentences where a blame or rebuttal cue fired, grouped by the blamer → target pair the
# resolver found (blamer before the cue, target after it).

# %%
paths = article.plot_blame(table, out_dir, stem="01-blame")
display(Image(filename=str(paths[0])))

# %%
show_notes(
    "blame",
    paths[1],
    on_seed="""
**On the seed.** One pair is resolved: **Donald Trump → Joe Biden** (#39, the two wars
"are a result of Biden's leadership"). The next sentence, "Biden administration officials
strongly dispute that claim" (#40), is a rebuttal whose target is a claim, not an actor,
so no pair is resolved. The partisan blame the resolver finds is domestic and sits in one
paragraph. Human annotators of the seed (`data/labelled/seed_sentences.csv`) also mark #5
("U.S. intelligence officials previously accused Russia …") and #42 (Moscow shields
Pyongyang from sanctions) as blame aimed at Russia; the lexicon resolver misses both,
since "accused" is read as a verb of attribution and #42 has no blame cue. Read this
figure as a lower bound.
""",
)

# %% [markdown]
# ## 5. Which actors the alarm language surrounds
#
# For each actor named in at least two body sentences, the alarm per 100 tokens of the
# sentences naming it (their total alarm score over their total tokens, so an actor named
# often does not lead for that alone), split by alarm category. Actors are capitalised names found in the
# text (capitals used as metonyms, such as Pyongyang and Moscow, count as their country;
# demonyms such as "Russian" count as the country too). The source of an attributed claim
# ("U.S. officials said") is not counted as a mention. This is co-occurrence, not agency: an
# actor in an alarming sentence may be the threat, its target or a bystander.

# %%
paths = article.plot_actors(table, out_dir, stem="01-actors")
display(Image(filename=str(paths[0])))
actors = pd.read_csv(paths[1], keep_default_na=False)
by_actor = actors.groupby("actor").agg(sentences=("sentence", "count"), alarm=("alarm_score", "sum"))
by_actor["tokens"] = actors.groupby("actor")["n_tokens"].sum()
by_actor["alarm_per_100_tokens"] = rate(by_actor["alarm"], by_actor["tokens"]).round(1)
by_actor.sort_values("alarm_per_100_tokens", ascending=False)

# %%
show_notes(
    "actors",
    paths[1],
    on_seed="""
**On the seed.** Ukraine has the densest alarm (10.1 per 100 tokens, all six of its
sentences), then North Korea and Russia (8.0 each; nearly every sentence naming them has
some alarm), and Putin appears only in alarming sentences; read with the
sentences, the article casts the two states and Putin as the source of danger. The U.S. is surrounded by alarm too, but as
the party that assesses and prepares ("U.S. officials are also preparing …", "contingency
plans"), and Ukraine's alarm is the military vocabulary of the war fought there. Joe
Biden, mostly as "the Biden administration", is named as the worried party (the lede is
the largest part of his bar) and in the sentences that tie "turmoil", "tensions" and
"wars" to his presidency and the election (#2, #38, #39). The figure cannot tell threat
from target: that distinction is the reader's, sentence by sentence, with the CSV.
""",
)

# %% [markdown]
# ## Files
#
# Every figure above was written to `out_dir` as a PNG with the CSV of its numbers. The
# same five figures for the seed, as shown in the README, are regenerated with
# `framing figures` (see `framing.figures`).

# %%
sorted(p.name for p in Path(out_dir).iterdir())
