"""Figures of how ONE article presents threat and political blame, from the table ``framing.analyze`` returns.

Each ``plot_*`` function takes the per-sentence table of a single article and
writes two files into ``out_dir``: ``<stem>.png`` and ``<stem>.csv``, the
numbers the figure plots, one row per sentence (or per sentence and cue or
actor) keyed by ``article_id`` and ``sentence``, so every bar and point can be
traced back to the sentence it came from. They return the two paths, PNG first.

- :func:`plot_timeline`: hedging, alarm and partisan rate (per 100 tokens) along the article;
- :func:`plot_sources`: how hedged and how alarming (per 100 tokens) the sentences of each source kind are;
- :func:`plot_cues`: the most frequent cue terms of each signal family;
- :func:`plot_blame`: who blames whom, as a network beside the sentences that say so;
- :func:`plot_actors`: which named actors appear in the alarming sentences.

Sentence and actor values are length-fair rates, cues per 100 tokens
(`framing.signals.length`: a sentence shorter than ten tokens counts as ten;
several sentences are pooled as total score / total tokens), so a long
sentence or an often-named actor does not lead for its length alone. The CSVs
keep the counts beside the rates.

:func:`article_figures` draws all five. Drawing goes through
:mod:`framing.figures.style`, so the same table gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.patches import Circle
from matplotlib.ticker import MaxNLocator

from framing.errors import InputError
from framing.figures.style import (
    COLORS,
    WIDTH,
    category_colors,
    figure_context,
    figure_paths,
    figure_title,
    hide_unused,
    new_figure,
    save_figure,
    snippet,
    wrapped,
    write_data,
)
from framing.signals.length import MIN_TOKENS, count_tokens, rate, rate_column
from framing.stance import blame_instances

#: (family, rate column plotted, count column kept in the CSV, axis label)
SIGNALS = (
    ("hedging", "hedging_rate", "hedging_score", "hedging per 100 tokens\n(hedges − boosters)"),
    ("alarm", "alarm_rate", "alarm_score", "alarm per 100 tokens\n(weighted alarm cues)"),
    ("partisan", "partisan_rate", "partisan_score", "partisan per 100 tokens\n(weighted partisan cues)"),
)
SOURCE_KINDS = ("anonymous_official", "named_person", "organisation", "none")
SOURCE_LABELS = {
    "anonymous_official": "anonymous official",
    "named_person": "named person",
    "organisation": "organisation",
    "none": "no attributed source",
}
FAMILY_ORDER = ("hedging", "alarm", "partisan", "source")
FAMILY_TITLES = {
    "hedging": "hedging",
    "alarm": "alarm",
    "partisan": "partisan framing",
    "source": "source attribution",
}
ANONYMOUS_TERM = "[anonymous source]"
BLAME_CATEGORIES = ("blame", "rebuttal")
UNRESOLVED = "(no pair resolved)"

# Capitals used as metonyms for their state ("Pyongyang supplies munitions"): counted as the
# country in plot_actors. Washington is left out on purpose: news uses it as a place as often.
CAPITAL_METONYMS: Mapping[str, str] = {
    "Moscow": "Russia",
    "Kremlin": "Russia",
    "Pyongyang": "North Korea",
    "Beijing": "China",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "Tehran": "Iran",
    "Seoul": "South Korea",
    "Tokyo": "Japan",
    "Jerusalem": "Israel",
}


# ---------------------------------------------------------------- shared helpers


def _one_article(table: pd.DataFrame) -> pd.DataFrame:
    """The article's rows in sentence order; refuses tables holding several articles."""
    missing = [c for c in ("article_id", "sentence", "kind", "text", "cues") if c not in table.columns]
    if missing:
        raise InputError(
            f"table lacks column(s) {', '.join(missing)}: pass the table framing.analyze returns"
        )
    ids = table["article_id"].astype(str).unique().tolist()
    if len(ids) != 1:
        raise InputError(
            f"these figures show one article; the table holds {len(ids)} "
            f"({', '.join(ids[:3])}{', …' if len(ids) > 3 else ''}): filter it first"
        )
    table = table.sort_values("sentence", kind="mergesort").reset_index(drop=True)
    table = _with_rates(table)
    # A table read back from CSV has NaN where analyze wrote empty strings.
    text_columns = [c for c in ("source_kind", "source_text", "blamer", "blame_target", "cues") if c in table]
    return table.assign(**{c: table[c].fillna("").astype(str) for c in text_columns})


def _with_rates(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``n_tokens`` and the ``*_rate`` columns to a table saved before framing.analyze wrote them."""
    if "n_tokens" not in table.columns:
        table = table.assign(n_tokens=count_tokens(table["text"].fillna("").astype(str).tolist()))
    missing = {r: c for _, r, c, _ in SIGNALS if r not in table.columns and c in table.columns}
    return table.assign(**{r: rate(table[c], table["n_tokens"]) for r, c in missing.items()})


def _floor_note(n_tokens: int) -> str:
    return f", counted as {MIN_TOKENS}" if n_tokens < MIN_TOKENS else ""


def _body(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["kind"] == "body"].reset_index(drop=True)


def cue_table(table: pd.DataFrame) -> pd.DataFrame:
    """The ``cues`` JSON of every sentence as one long table: one row per cue, keyed by sentence."""
    rows = []
    for article_id, sentence, kind, cues in zip(
        table["article_id"], table["sentence"], table["kind"], table["cues"], strict=True
    ):
        for cue in json.loads(cues) if cues else []:
            rows.append({"article_id": str(article_id), "sentence": int(sentence), "kind": kind, **cue})
    columns = [
        "article_id",
        "sentence",
        "kind",
        "family",
        "category",
        "term",
        "text",
        "start",
        "end",
        "negated",
    ]
    return pd.DataFrame(rows, columns=columns)


def _empty_note(ax, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=COLORS["neutral"])


# ---------------------------------------------------------------- 1. timeline


def plot_timeline(table: pd.DataFrame, out_dir, *, stem: str = "article-timeline") -> list[Path]:
    """Hedging, alarm and partisan rate (per 100 tokens) of every sentence, in reading order.

    Three aligned panels share the x axis (sentence number; boilerplate such as
    "Comments" is left out). Headings are drawn as dashed vertical lines with
    their text in a strip on top, so the reader sees which section each peak
    belongs to. In each panel the body sentence with the highest rate (the
    earliest on a tie) is annotated with its number, rate, score and opening
    words. The CSV has one row per plotted sentence with its token count, three
    rates and three scores, ``top_of`` naming the signals for which it is the
    annotated sentence, and a snippet.
    """
    table = _one_article(table)
    shown = table[table["kind"] != "boilerplate"].reset_index(drop=True)
    png, csv = figure_paths(out_dir, stem)
    article_id = str(table["article_id"].iloc[0])
    body = shown[shown["kind"] == "body"]
    headings = shown[shown["kind"] == "heading"]

    top: dict[str, int] = {}
    for family, column, _, _ in SIGNALS:
        if len(body) and body[column].max() > 0:
            top[family] = int(body.loc[body[column].idxmax(), "sentence"])

    values = [c for _, r, s, _ in SIGNALS for c in (r, s)]
    data = shown[["article_id", "sentence", "paragraph", "kind", "n_tokens", *values]].copy()
    data["top_of"] = [";".join(f for f, s in top.items() if s == n) for n in data["sentence"]]
    data["snippet"] = [snippet(t) for t in shown["text"]]
    write_data(data, csv, sort_by=("article_id", "sentence"))

    with figure_context():
        fig = new_figure(WIDTH, 8.2)
        grid = fig.add_gridspec(4, 1, height_ratios=(0.55, 3, 3, 3), hspace=0.12)
        strip = fig.add_subplot(grid[0])
        axes = [fig.add_subplot(grid[i + 1], sharex=strip) for i in range(3)]
        x = shown["sentence"].to_numpy()
        lo, hi = (x.min() - 1, x.max() + 1) if len(x) else (-1, 1)
        strip.set_xlim(lo, hi)
        strip.set_ylim(0, 1)
        strip.set_axis_off()
        strip.text(lo, 0.9, "section headings:", ha="left", va="top", fontsize=8, color=COLORS["heading"])
        for n, text in zip(headings["sentence"], headings["text"], strict=True):
            strip.text(
                n + 0.3,
                0.1,
                snippet(text, 40),
                ha="left",
                va="bottom",
                fontsize=8.5,
                fontstyle="italic",
                color=COLORS["heading"],
            )
            strip.plot([n, n], [0, 0.6], color=COLORS["heading"], lw=0.8, ls="--")

        for ax, (family, column, count, label) in zip(axes, SIGNALS, strict=True):
            values = shown[column].to_numpy(dtype=float)
            colors = [COLORS[family] if k == "body" else COLORS["heading"] for k in shown["kind"]]
            ax.bar(x, values, width=0.8, color=colors)
            ax.axhline(0, color="black", lw=0.6)
            for n in headings["sentence"]:
                ax.axvline(n, color=COLORS["heading"], lw=0.8, ls="--")
            ax.set_ylabel(label)
            vmax = float(values.max()) if len(values) else 0.0
            vmin = float(values.min()) if len(values) else 0.0
            ax.set_ylim(min(0.0, vmin) * 1.1 - 0.5, max(vmax, 5.0) * 2.05)
            ax.grid(axis="y", color="#DDDDDD", lw=0.5)
            ax.set_axisbelow(True)
            if family in top:
                n = top[family]
                row = shown[shown["sentence"] == n].iloc[0]
                left = (n - lo) / (hi - lo) < 0.5
                ax.annotate(
                    f"most {family}: #{n} ({row[column]:.1f} per 100 tokens; score {row[count]:g} in "
                    f"{row['n_tokens']} tokens{_floor_note(row['n_tokens'])})\n{wrapped(row['text'], 62, 2)}",
                    xy=(n, row[column]),
                    xycoords="data",
                    xytext=((n - lo) / (hi - lo) + (0.03 if left else -0.03), 0.96),
                    textcoords="axes fraction",
                    ha="left" if left else "right",
                    va="top",
                    fontsize=7.5,
                    multialignment="left",
                    bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": COLORS[family], "lw": 0.8},
                    arrowprops={"arrowstyle": "-|>", "color": COLORS[family], "lw": 0.8},
                )
            if ax is not axes[-1]:
                ax.tick_params(labelbottom=False)
        axes[-1].set_xlabel("sentence number in the article (reading order; grey bars are headings)")
        step = 5 if hi - lo > 20 else 1
        axes[-1].set_xticks(np.arange(max(0, int(lo) + 1), int(hi), step))
        figure_title(
            fig, f"Hedging, alarm and partisan framing per 100 tokens, sentence by sentence\n{article_id}"
        )
        fig.subplots_adjust(left=0.1, right=0.98, top=0.915, bottom=0.07)
        save_figure(fig, png)
    return [png, csv]


# ---------------------------------------------------------------- 2. sources vs hedging


def _dot_offsets(values: np.ndarray, spread: float = 0.07, width: float = 0.7) -> np.ndarray:
    """Deterministic horizontal offsets so equal values sit side by side (a dot plot, no randomness)."""
    offsets = np.zeros(len(values))
    for value in np.unique(values):
        where = np.nonzero(values == value)[0]
        k = len(where)
        step = min(spread, width / max(k - 1, 1))
        offsets[where] = (np.arange(k) - (k - 1) / 2) * step
    return offsets


def plot_sources(table: pd.DataFrame, out_dir, *, stem: str = "article-sources") -> list[Path]:
    """How hedged and how alarming the claims of each kind of source are.

    Body sentences are grouped by ``source_kind`` (anonymous official, named
    person, organisation, no attributed source); the number of sentences is in
    each group's label, with the sources' names when a non-anonymous group has
    at most three. Three panels show, per 100 tokens, for every sentence as a
    dot and for the group as a black bar (its total score over its total
    tokens, so long sentences weigh more): the hedging score; the hedging
    score without the point the anonymous-sourcing rule adds ("officials said"
    counts as a hedge), i.e. hedging carried by the wording alone; and the
    alarm score. The CSV has one row per body sentence with its source, token
    count, the three scores, their rates and a snippet.
    """
    table = _one_article(table)
    body = _body(table)
    png, csv = figure_paths(out_dir, stem)
    article_id = str(table["article_id"].iloc[0])
    kinds = [k for k in SOURCE_KINDS if (body["source_kind"] == k).any()]
    kinds += sorted(set(body["source_kind"]) - set(SOURCE_KINDS))

    data = body[
        ["article_id", "sentence", "source_kind", "source_text", "n_tokens", "hedging_score", "alarm_score"]
    ].copy()
    data["hedging_from_wording"] = body["hedging_score"] - body["hedging_anonymous_source"]
    panels = (
        ("hedging_score", "hedging per 100 tokens", COLORS["hedging"]),
        (
            "hedging_from_wording",
            "hedging per 100 tokens without\nthe anonymous-sourcing point",
            COLORS["hedging"],
        ),
        ("alarm_score", "alarm per 100 tokens", COLORS["alarm"]),
    )
    for column, _, _ in panels:
        data[rate_column(column)] = rate(data[column], data["n_tokens"])
    data = data[
        [
            "article_id",
            "sentence",
            "source_kind",
            "source_text",
            "n_tokens",
            "hedging_score",
            "hedging_from_wording",
            "alarm_score",
            *(rate_column(column) for column, _, _ in panels),
        ]
    ]
    data["snippet"] = [snippet(t) for t in body["text"]]
    write_data(data, csv, sort_by=("article_id", "sentence"))

    palette = category_colors(SOURCE_KINDS)
    with figure_context():
        fig = new_figure(WIDTH, 1.9 + 0.95 * max(len(kinds), 1))
        axes = fig.subplots(1, 3, sharey=True)
        if not kinds:
            _empty_note(axes[0], "no body sentences")
        rows = len(kinds) - 1 - np.arange(len(kinds))  # first kind on top
        for ax, (column, label, _) in zip(axes, panels, strict=True):
            for g, kind in zip(rows, kinds, strict=True):
                group = data[data["source_kind"] == kind]
                values = group[rate_column(column)].to_numpy(dtype=float)
                ys = g + _dot_offsets(values, spread=0.09, width=0.6)
                ax.scatter(
                    values,
                    ys,
                    s=22,
                    color=palette.get(kind, COLORS["neutral"]),
                    alpha=0.9,
                    edgecolors="white",
                    linewidths=0.5,
                    zorder=3,
                )
                pooled = float(rate(group[column].sum(), group["n_tokens"].sum()))
                ax.plot([pooled, pooled], [g - 0.38, g + 0.38], color="black", lw=1.4, zorder=2)
                ax.text(pooled, g + 0.4, f"{pooled:.1f}", ha="center", va="bottom", fontsize=7)
            ticks = []
            for kind in kinds:
                group = data[data["source_kind"] == kind]
                who = list(dict.fromkeys(w for w in group["source_text"] if w))
                named = (
                    f"\n{wrapped(', '.join(who), 24, 2)}"
                    if kind != "anonymous_official" and 0 < len(who) <= 3
                    else ""
                )
                ticks.append(f"{SOURCE_LABELS.get(kind, kind)}\n(n={len(group)}){named}")
            ax.set_yticks(rows, ticks)
            ax.set_ylim(-0.6, len(kinds) - 0.3)
            ax.set_xlabel(label)
            ax.axvline(0, color="#999999", lw=0.6)
            ax.grid(axis="x", color="#DDDDDD", lw=0.5)
            ax.set_axisbelow(True)
        figure_title(fig, f"How hedged and how alarming each kind of source's claims are — {article_id}")
        fig.text(
            0.01,
            1 - 0.5 / fig.get_figheight(),
            "one dot per body sentence, grouped by who the sentence attributes its claim to "
            "(n = sentences); black bar: the group's total score per 100 of its tokens",
            fontsize=8,
            color=COLORS["neutral"],
            ha="left",
        )
        fig.subplots_adjust(
            left=0.16,
            right=0.98,
            top=1 - 0.75 / fig.get_figheight(),
            bottom=0.75 / fig.get_figheight(),
            wspace=0.12,
        )
        save_figure(fig, png)
    return [png, csv]


# ---------------------------------------------------------------- 3. cue inventory


def plot_cues(table: pd.DataFrame, out_dir, *, stem: str = "article-cues", top: int = 10) -> list[Path]:
    """The ``top`` most frequent cue terms of each signal family, as horizontal bars coloured by category.

    Counts are occurrences in body sentences and headings (boilerplate left
    out) of the cues that feed a score column (cues the rules only read, such
    as partisan argument verbs, are left out); a negated cue ("no threat") is
    counted, and the number negated is given after the term. Anonymous
    attributions ("six senior U.S. officials") are pooled into one bar
    (:data:`ANONYMOUS_TERM`), the phrase itself kept in ``lexicon_term``. Ties
    are broken alphabetically. Each panel title gives the family's total cues,
    distinct terms and cues per 100 tokens of the drawn text (ratio of sums,
    comparable across articles of different length). The CSV has one row per cue occurrence (sentence,
    family, category, term, matched text, article-level span, negated) with the
    term's count and rank in its family and whether it is drawn.
    """
    table = _one_article(table)
    png, csv = figure_paths(out_dir, stem)
    article_id = str(table["article_id"].iloc[0])
    shown = table[table["kind"] != "boilerplate"]
    cues = cue_table(shown)
    n_tokens = int(shown["n_tokens"].sum())
    scored = [f"{f}_{c}" in table.columns for f, c in zip(cues["family"], cues["category"], strict=True)]
    cues = cues[np.array(scored, dtype=bool)].rename(columns={"term": "lexicon_term"})
    cues.insert(
        5, "term", np.where(cues["category"] == "anonymous_source", ANONYMOUS_TERM, cues["lexicon_term"])
    )
    counts = cues.groupby(["family", "term"]).size().rename("term_count").reset_index()
    counts = counts.sort_values(
        ["family", "term_count", "term"], ascending=[True, False, True], kind="mergesort"
    )
    counts["term_rank"] = counts.groupby("family").cumcount() + 1
    cues = cues.merge(counts, on=["family", "term"], how="left")
    cues["plotted"] = cues["term_rank"] <= top
    data = cues[
        [
            "article_id",
            "sentence",
            "family",
            "category",
            "term",
            "lexicon_term",
            "text",
            "start",
            "end",
            "negated",
            "term_count",
            "term_rank",
            "plotted",
        ]
    ]
    write_data(data, csv, sort_by=("article_id", "sentence", "start", "family", "term"))

    families = [f for f in FAMILY_ORDER if (cues["family"] == f).any()]
    families += sorted(set(cues["family"]) - set(FAMILY_ORDER))
    with figure_context():
        fig = new_figure(WIDTH, 8.4)
        n_rows = max(1, (len(families) + 1) // 2)
        axes = fig.subplots(n_rows, 2, squeeze=False).ravel()
        if not families:
            _empty_note(axes[0], "no cues fired in this article")
        for ax, family in zip(axes, families, strict=False):
            rows = cues[cues["family"] == family]
            terms = counts[(counts["family"] == family) & (counts["term_rank"] <= top)]
            category = rows.groupby("term")["category"].agg(lambda s: Counter(s).most_common(1)[0][0])
            negated = rows.groupby("term")["negated"].sum()
            # Colours over every category the family scores, so alarm colours match plot_actors.
            palette = category_colors(
                [*_family_categories(table, family), *rows["category"].unique().tolist()]
            )
            drawn = sorted({category[t] for t in terms["term"]})
            y = np.arange(len(terms))[::-1]
            colors = [palette[category[t]] for t in terms["term"]]
            ax.barh(y, terms["term_count"], color=colors, height=0.7)
            labels = [
                snippet(t, 24) + (f" ({int(negated[t])} negated)" if negated[t] else "")
                for t in terms["term"]
            ]
            ax.set_yticks(y, labels)
            for yv, count in zip(y, terms["term_count"], strict=True):
                ax.text(count + 0.1, yv, str(int(count)), va="center", fontsize=7.5)
            ax.set_xlim(0, float(terms["term_count"].max()) * 1.18 + 0.5)
            ax.set_xlabel(f"occurrences in the article ({n_tokens} tokens)")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_title(
                f"{FAMILY_TITLES.get(family, family)}: {len(rows)} cues, {rows['term'].nunique()} terms\n"
                f"{float(rate(len(rows), n_tokens)):.1f} cues per 100 tokens",
                fontsize=9.5,
            )
            handles = [_patch(palette[c]) for c in drawn]
            ax.legend(
                handles,
                [c.replace("_", " ") for c in drawn],
                title="category",
                loc="lower right",
                fontsize=7,
                title_fontsize=7.5,
            )
        hide_unused(axes, len(families))
        figure_title(
            fig, f"Which words triggered each signal (top {top} cue terms per family) — {article_id}"
        )
        fig.subplots_adjust(left=0.19, right=0.98, top=0.90, bottom=0.07, wspace=0.75, hspace=0.45)
        save_figure(fig, png)
    return [png, csv]


def _family_categories(table: pd.DataFrame, family: str) -> list[str]:
    prefix = f"{family}_"
    skip = {"total", "score", "rate", "blame_resolved"}
    return [c[len(prefix) :] for c in table.columns if c.startswith(prefix) and c[len(prefix) :] not in skip]


def _hline(y: float):
    from matplotlib.lines import Line2D

    return Line2D([0.01, 0.99], [y, y], color="#BBBBBB", lw=0.8)


def _patch(color: str):
    from matplotlib.patches import Patch

    return Patch(facecolor=color)


# ---------------------------------------------------------------- 4. blame


def blame_table(table: pd.DataFrame) -> pd.DataFrame:
    """One row per blame, rebuttal or defence instance of the article's body, plus cue sentences left unresolved.

    Instances come from :func:`framing.stance.blame_instances`; ``pair`` is
    "blamer → target" (an unknown blamer shows as "?"). A body sentence with a
    partisan blame or rebuttal cue but no instance is kept with ``kind`` empty and
    ``pair`` "(no pair resolved)", so the reader sees what the rules could not attach.
    """
    table = _one_article(table)
    body = _body(table)
    found = blame_instances(body.assign(blame=body["blame"].fillna("[]").astype(str)))
    cues = cue_table(body)
    cues = cues[(cues["family"] == "partisan") & cues["category"].isin(BLAME_CATEGORIES)]
    loose = sorted(set(cues["sentence"]) - set(found["sentence"]))
    texts = dict(zip(body["sentence"].astype(int), body["text"], strict=True))
    loose_terms = cues.groupby("sentence")["term"].agg(lambda s: ";".join(dict.fromkeys(s)))
    data = pd.DataFrame(
        {
            "article_id": [
                *found["article_id"].astype(str),
                *[str(table["article_id"].iloc[0])] * len(loose),
            ],
            "sentence": np.array([*found["sentence"], *loose], dtype=np.int64),
            "kind": [*found["kind"], *[""] * len(loose)],
            "blamer": [*found["blamer"], *[""] * len(loose)],
            "blame_target": [*found["target"], *[""] * len(loose)],
            "cue": [*found["cue"], *[loose_terms[n] for n in loose]],
        }
    )
    data["pair"] = [
        f"{b or '?'} → {t}" if k else UNRESOLVED
        for b, t, k in zip(data["blamer"], data["blame_target"], data["kind"], strict=True)
    ]
    data["pair_count"] = data.groupby(["pair", "kind"])["sentence"].transform("size").astype(np.int64)
    data["snippet"] = [snippet(texts[n], 160) for n in data["sentence"]]
    return data.sort_values(["sentence", "kind", "pair"], kind="mergesort").reset_index(drop=True)


KIND_COLORS = {"blame": COLORS["partisan"], "rebuttal": COLORS["source"], "defence": COLORS["source"]}


def plot_blame(table: pd.DataFrame, out_dir, *, stem: str = "article-blame") -> list[Path]:
    """Who blames whom: a network of actors (arrows blamer → target) beside the sentences that say so.

    Purple arrows are blame or criticism, green ones rebuttal or defence (an arrow
    onto its own source is self-defence: "Mr Clarke dismissed the latest Tory
    attack"); arrow width grows with the number of sentences. Nodes sit on a circle
    in name order, so the same table gives the same picture. Sentences with a
    blame or rebuttal cue but no resolved instance are listed last in grey. The
    CSV has one row per instance (and per unresolved cue sentence).
    """
    table = _one_article(table)
    png, csv = figure_paths(out_dir, stem)
    article_id = str(table["article_id"].iloc[0])
    data = blame_table(table)
    write_data(data, csv, sort_by=("article_id", "sentence", "kind", "pair"))

    resolved = data[data["kind"] != ""]
    edges = (
        resolved.assign(blamer=resolved["blamer"].replace("", "?"))
        .groupby(["blamer", "blame_target", "kind"], sort=True)
        .size()
        .reset_index(name="n")
    )
    actors = sorted(set(edges["blamer"]) | set(edges["blame_target"]))
    lines = len(data)
    row_h, head = 0.5, 1.1
    list_h = row_h * max(lines, 1)
    with figure_context():
        height = max(4.6, head + list_h + 0.2)
        fig = new_figure(WIDTH, height)
        net = fig.add_axes((0.01, 0.3 / height, 0.44, (height - head - 0.3) / height))
        net.set_axis_off()
        net.set_xlim(-2.1, 2.1)
        net.set_ylim(-1.35, 1.35)
        if not actors:
            _empty_note(net, "no blame, rebuttal or defence\nresolved in this article")
        angle = {a: np.pi / 2 - 2 * np.pi * k / len(actors) for k, a in enumerate(actors)}
        where = {a: (np.cos(t), np.sin(t)) for a, t in angle.items()}
        for row in edges.itertuples(index=False):
            color = KIND_COLORS[row.kind]
            (x0, y0), (x1, y1) = where[row.blamer], where[row.blame_target]
            if row.blamer == row.blame_target:
                net.add_patch(_self_loop(x0, y0, color, row.n))
                continue
            net.annotate(
                "",
                xy=(x1, y1),
                xytext=(x0, y0),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": color,
                    "lw": 0.8 + 0.8 * row.n,
                    "shrinkA": 14,
                    "shrinkB": 14,
                    "connectionstyle": "arc3,rad=0.12",
                },
            )
            if row.n > 1:
                net.text((x0 + x1) / 2, (y0 + y1) / 2, str(row.n), fontsize=7.5, color=color, ha="center")
        for actor, (x, y) in where.items():
            net.plot([x], [y], "o", color="#333333", markersize=5)
            net.text(
                x * 1.12,
                y * 1.12,
                wrapped(actor, 20, 3),
                fontsize=8,
                ha="left" if x > 0.15 else "right" if x < -0.15 else "center",
                va="bottom" if y > 0.15 else "top" if y < -0.15 else "center",
            )
        listing = fig.add_axes((0.47, (height - head - list_h) / height, 0.52, list_h / height))
        listing.set_axis_off()
        listing.set_xlim(0, 1)
        listing.set_ylim(list_h, 0)
        if data.empty:
            listing.text(
                0.0, 0.1, "no blame or rebuttal cue in this article", color=COLORS["neutral"], va="top"
            )
        for k, row in enumerate(data.itertuples(index=False)):
            y = 0.05 + k * row_h
            color = KIND_COLORS.get(row.kind, COLORS["neutral"])
            label = f"{row.kind}: {row.pair}" if row.kind else f"no pair resolved (cue: {row.cue})"
            listing.text(0.0, y, f"#{row.sentence}", fontsize=8, va="top", color="#333333")
            listing.text(0.09, y, snippet(label, 70), fontsize=8, va="top", color=color, fontweight="bold")
            listing.text(0.09, y + 0.2, snippet(row.snippet, 88), fontsize=7.5, va="top")
        n_pairs = len(edges)
        figure_title(fig, f"Who blames whom — {article_id}", y=1 - 0.12 / height, va="top")
        fig.text(
            0.01,
            1 - 0.45 / height,
            f"{n_pairs} blamer → target pair{'s' if n_pairs != 1 else ''} from {len(resolved)} instance"
            f"{'s' if len(resolved) != 1 else ''}; purple: blame or criticism, green: rebuttal or defence "
            "(a loop: self-defence); rules in framing/signals/blame.py",
            fontsize=8,
            color=COLORS["neutral"],
            ha="left",
            va="top",
        )
        save_figure(fig, png)
    return [png, csv]


def _self_loop(x: float, y: float, color: str, n: int) -> Circle:
    """A small ring beside the node: the actor defends itself."""
    return Circle((x + 0.09 * np.sign(x or 1), y + 0.09), 0.09, fill=False, color=color, lw=0.8 + 0.8 * n)


# ---------------------------------------------------------------- 5. actors framed as the threat

# Capitalised function words that start a sentence or a run but are not names.
# fmt: off
_STOP = frozenset(
    (
        "The", "A", "An", "In", "On", "At", "As", "By", "For", "From", "With", "Without", "Whether",
        "Despite", "Unlike", "However", "Still", "Now", "But", "And", "Or", "If", "When", "While", "After",
        "Before", "Since", "Although", "Though", "This", "That", "These", "Those", "It", "Its", "We",
        "They", "He", "She", "I", "You", "Our", "Their", "His", "Her", "Then", "So", "Yet", "Also",
        "Meanwhile", "Even", "Only", "Some", "Many", "Most", "All", "Both", "Each", "Every", "There",
        "Here", "What", "Who", "Why", "How", "Where", "Which", "Such", "Another", "Other", "No", "Not",
        "Under", "Over", "Into", "Amid", "Among", "Against", "During", "Through", "Until", "Instead",
        "Asked", "Officials", "Mr", "Mrs", "Ms"
    )
)
# fmt: on
# Months and weekdays are capitalised but name no actor.
# fmt: off
_CALENDAR = frozenset(
    (
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
    )
)
# fmt: on
# Titles split a run and are dropped: "Russian President Vladimir Putin" -> "Russian", "Vladimir Putin".
# fmt: off
_TITLES = frozenset(
    (
        "President", "Vice", "Prime", "Minister", "Secretary", "Senator", "Sen.", "Rep.", "Representative",
        "Gov.", "Governor", "Mayor", "Chancellor", "General", "Gen.", "Admiral", "Adm.", "Leader",
        "Chairman", "Chairwoman", "Speaker", "Mr.", "Mrs.", "Ms.", "Dr.", "Former", "Ambassador",
        "Commander", "Director", "Spokesman", "Spokeswoman", "Judge", "Justice", "Col.", "Lt.", "Sgt.",
        "Sir"
    )
)
# fmt: on
# Words whose final period is part of the word, not the end of a sentence.
# fmt: off
_ABBREVIATIONS = frozenset(
    (
        "Sen.", "Rep.", "Gov.", "Gen.", "Adm.", "Dr.", "Mr.", "Mrs.", "Ms.", "Lt.", "Col.", "Sgt.", "St.",
        "Jr.", "Sr.", "No.", "Inc.", "Co.", "Corp.", "Ltd.", "Mt.", "Ft."
    )
)
# fmt: on
_CONNECTORS = frozenset({"of", "for", "and", "de", "al", "bin"})
_LEAD = "\"'“‘([«"
_TRAIL = "\"'”’)],;:!?»"
_DEMONYM_SUFFIXES = ("n", "an", "ian", "i", "ese", "ns", "ans", "ians", "is")


def _tokens(text: str):
    """Whitespace tokens with their span, stripped of quotes/punctuation; ``brk`` marks a run break after."""
    for match in re.finditer(r"\S+", text):
        raw, start = match.group(), match.start()
        lead = len(raw) - len(raw.lstrip(_LEAD))
        word = raw[lead:]
        core = word.rstrip(_TRAIL)
        brk = len(core) != len(word)
        if core.endswith(".") and not (re.fullmatch(r"(?:[A-Z]\.)+", core) or core in _ABBREVIATIONS):
            core, brk = core[:-1], True
        possessive = re.search(r"['’]s$", core)
        if possessive:
            core = core[: possessive.start()]
        yield core, start + lead, start + lead + len(core), brk or bool(possessive)


def _candidates(text: str):
    """Runs of capitalised words in one sentence: ``(name, start, end, sentence_initial)``."""
    runs, current, first = [], [], True
    for core, start, end, brk in _tokens(text):
        capital = bool(core) and core[0].isupper() and core not in _CALENDAR
        if capital and core not in _TITLES:
            if not current and core in _STOP:
                first = False
                continue
            current.append((core, start, end, first))
        elif current and core in _CONNECTORS and not brk:
            current.append((core, start, end, first))
        else:
            runs.append(current)
            current = []
        first = False
        if brk:
            runs.append(current)
            current = []
    runs.append(current)
    for run in runs:
        while run and run[-1][0] in _CONNECTORS:
            run = run[:-1]
        words = [w for w, *_ in run]
        # "and" joins names only inside an organisation's name ("Center for Strategic and International Studies").
        if "and" in words and not ({"of", "for"} & set(words[: words.index("and")])):
            cut = words.index("and")
            yield from _emit(run[:cut])
            yield from _emit(run[cut + 1 :])
        else:
            yield from _emit(run)


def _emit(run):
    if run and run[0][0] not in _CONNECTORS:
        yield " ".join(w for w, *_ in run), run[0][1], run[-1][2], run[0][3]


def _demonym_base(name: str, names: set[str]) -> str | None:
    """'Russian' -> 'Russia', 'North Korean' -> 'North Korea', 'Ukrainian' -> 'Ukraine' if the base is a name too."""
    for base in names:
        if base == name or len(base) < 4:
            continue
        stems = {base, base[:-1]} if base[-1] in "aeiou" else {base}
        if any(name == stem + suffix for stem in stems for suffix in _DEMONYM_SUFFIXES):
            return base
    return None


def find_actors(
    table: pd.DataFrame, *, aliases: Mapping[str, str] | None = None, min_sentences: int = 2
) -> pd.DataFrame:
    """Named actors in an article's body sentences, one row per (actor, sentence).

    An actor is a run of capitalised words in a body sentence ("North Korea",
    "Vladimir Putin", "U.S.", "Center for Strategic and International Studies"),
    after these rules, chosen to be transparent rather than clever:

    - titles split and leave a run ("Russian President Vladimir Putin" gives
      "Russian" and "Vladimir Putin"); leading function words ("The", "With"),
      months and weekdays are dropped; possessives are stripped;
    - a word seen only as the first word of sentences ("Officials are …",
      "Satellite images …") is ordinary capitalisation, not a name, and is dropped;
    - a one-word name that is the first or last word of exactly one longer name
      joins it ("Putin" and "Vladimir Putin"; "Kim" and "Kim Jong Un"), and a
      demonym joins its country ("Russian" → "Russia", "North Korean" → "North
      Korea"); ``aliases`` maps further names (default :data:`CAPITAL_METONYMS`:
      "Pyongyang" → "North Korea", "Moscow" → "Russia");
    - a mention inside the sentence's attributed source span ("U.S. officials
      said") does not count: the speaker of a claim is not its subject;
    - actors named in fewer than ``min_sentences`` body sentences are left out.

    Each actor is labelled with its longest form. Columns: ``article_id``,
    ``sentence``, ``actor``, ``mentions`` (surface forms, ``;``-joined),
    ``alarm_score``, ``alarm_terms`` (the alarm cues of the sentence) and
    ``snippet``. This is co-occurrence, not agency: an actor named in an
    alarming sentence may be the threat, its target, or a bystander.
    """
    table = _one_article(table)
    body = _body(table)
    aliases = CAPITAL_METONYMS if aliases is None else aliases
    found = []  # (sentence, name, initial)
    no_span = pd.Series(-1, index=body.index)
    spans = zip(
        body.get("source_start", no_span).fillna(-1), body.get("source_end", no_span).fillna(-1), strict=True
    )
    for sentence, text, (s0, s1) in zip(body["sentence"], body["text"], spans, strict=True):
        for name, start, end, initial in _candidates(text):
            if s0 >= 0 and start < s1 and end > s0:
                continue
            found.append((int(sentence), name, initial))
    names = {name for _, name, _ in found}
    canonical: dict[str, str] = {}
    multi = [n for n in names if " " in n]
    for name in sorted(names):
        target = aliases.get(name)
        if target is None and " " not in name:
            hosts = [m for m in multi if m.split()[0] == name or m.split()[-1] == name]
            target = hosts[0] if len(hosts) == 1 else None
        if target is None:
            target = _demonym_base(name, names - {name})
        canonical[name] = target or name
    for name in sorted(canonical):  # follow chains: "Russian" -> "Russia" when "Russia" -> itself
        seen = {name}
        while canonical[name] in canonical and canonical[canonical[name]] not in seen:
            seen.add(canonical[name])
            canonical[name] = canonical[canonical[name]]

    mentions: dict[tuple[str, int], list[str]] = defaultdict(list)
    initial_only: dict[str, bool] = defaultdict(lambda: True)
    for sentence, name, initial in found:
        actor = canonical[name]
        mentions[(actor, sentence)].append(name)
        initial_only[actor] &= initial and " " not in name
    by_actor: dict[str, set[int]] = defaultdict(set)
    for actor, sentence in mentions:
        by_actor[actor].add(sentence)
    keep = {a for a, s in by_actor.items() if len(s) >= min_sentences and not initial_only[a]}
    forms: dict[str, Counter] = defaultdict(Counter)
    for (actor, _), names_ in mentions.items():
        forms[actor].update(names_)
    label = {a: max(forms[a], key=lambda f: (len(f.split()), forms[a][f], f)) for a in keep}
    for a in keep:  # a country keeps its own name over its demonym ("Russia", not "Russian")
        if a in forms[a]:
            label[a] = max(
                (f for f in forms[a] if _demonym_base(f, {a}) is None),
                key=lambda f: (len(f.split()), forms[a][f], f),
            )

    alarm = body.set_index("sentence")
    cues = cue_table(body)
    cues = cues[(cues["family"] == "alarm") & ~cues["negated"].astype(bool)]
    terms = cues.groupby("sentence")["term"].agg(lambda s: ";".join(dict.fromkeys(s)))
    categories = alarm_categories(table)
    rows = [
        {
            "article_id": str(table["article_id"].iloc[0]),
            "sentence": sentence,
            "actor": label[actor],
            "mentions": ";".join(dict.fromkeys(names_)),
            "alarm_score": float(alarm.loc[sentence, "alarm_score"]),
            **{f"alarm_{c}": float(alarm.loc[sentence, f"alarm_{c}"]) for c in categories},
            "alarm_terms": terms.get(sentence, ""),
            "snippet": snippet(alarm.loc[sentence, "text"]),
        }
        for (actor, sentence), names_ in sorted(mentions.items())
        if actor in keep
    ]
    columns = [
        "article_id",
        "sentence",
        "actor",
        "mentions",
        "alarm_score",
        *(f"alarm_{c}" for c in categories),
        "alarm_terms",
        "snippet",
    ]
    return pd.DataFrame(rows, columns=columns)


def alarm_categories(table: pd.DataFrame) -> list[str]:
    """The alarm categories with a count column in ``table`` (``alarm_threat`` → ``threat``), sorted."""
    return sorted(
        c[len("alarm_") :]
        for c in table.columns
        if c.startswith("alarm_") and c not in ("alarm_total", "alarm_score", "alarm_rate")
    )


def alarm_contributions(rows: pd.DataFrame, categories: list[str]) -> pd.DataFrame:
    """Each category's share of ``alarm_score`` per row: its count times its weight in the alarm score.

    Weights are those of :class:`framing.signals.AlarmSignals` (intensifiers
    count half); whatever the categories do not explain is returned as ``other``
    so the parts always add up to ``alarm_score``.
    """
    from framing.signals.alarm import INTENSIFIER_WEIGHT

    parts = pd.DataFrame(
        {c: rows[f"alarm_{c}"] * (INTENSIFIER_WEIGHT if c == "intensifier" else 1.0) for c in categories},
        index=rows.index,
    )
    parts["other"] = (rows["alarm_score"] - parts.sum(axis=1)).round(9)
    return parts


def plot_actors(
    table: pd.DataFrame,
    out_dir,
    *,
    stem: str = "article-actors",
    top: int = 12,
    aliases: Mapping[str, str] | None = None,
    min_sentences: int = 2,
) -> list[Path]:
    """Which actors are framed as the threat: alarm per 100 tokens of the sentences naming each actor.

    Actors come from :func:`find_actors` (capitalised names in body sentences,
    named in at least ``min_sentences`` of them, speakers of attributed claims
    excluded). For each of the ``top`` actors with the highest alarm rate, the
    bar is the summed ``alarm_score`` of the body sentences that name it (each
    sentence once) per 100 of their summed tokens (ratio of sums), split by
    alarm category, and the label gives how many of those sentences have any
    alarm. A rate, not a sum: an actor named in many sentences does not lead
    for that alone. A long bar says the article surrounds the actor with
    threat language; it does not say whether the actor is the threat or the
    threatened. The CSV has one row per (actor, sentence) with the sentence's
    alarm score, token count and alarm cues.
    """
    table = _one_article(table)
    png, csv = figure_paths(out_dir, stem)
    article_id = str(table["article_id"].iloc[0])
    data = find_actors(table, aliases=aliases, min_sentences=min_sentences)
    tokens = table.set_index("sentence")["n_tokens"]
    data.insert(data.columns.get_loc("alarm_score") + 1, "n_tokens", data["sentence"].map(tokens).astype(int))
    write_data(data, csv, sort_by=("article_id", "actor", "sentence"))

    categories = alarm_categories(table)
    parts = (
        alarm_contributions(data, categories) if len(data) else pd.DataFrame(columns=[*categories, "other"])
    )
    parts["actor"] = data["actor"]
    summary = (
        data.groupby("actor")
        .agg(
            score=("alarm_score", "sum"),
            tokens=("n_tokens", "sum"),
            sentences=("sentence", "size"),
            alarming=("alarm_score", lambda s: int((s > 0).sum())),
        )
        .join(parts.groupby("actor").sum())
        .reset_index()
    )
    # ratio of sums: each category's part and the total per 100 of the actor's sentence tokens
    for column in ("score", *parts.columns.drop("actor")):
        summary[column] = rate(summary[column], summary["tokens"])
    summary = summary.rename(columns={"score": "alarm"})
    summary = summary.sort_values(
        ["alarm", "sentences", "actor"], ascending=[False, False, True], kind="mergesort"
    ).head(top)
    stack = [c for c in (*categories, "other") if c in summary and (summary[c].abs() > 1e-9).any()]
    palette = category_colors(categories)
    palette["other"] = COLORS["neutral"]

    with figure_context():
        fig = new_figure(WIDTH, 2.2 + 0.5 * max(len(summary), 1))
        ax = fig.add_subplot()
        if not len(summary):
            _empty_note(ax, f"no actor is named in at least {min_sentences} body sentences")
        else:
            y = np.arange(len(summary))[::-1]
            left = np.zeros(len(summary))
            for category in stack:
                values = summary[category].to_numpy(dtype=float)
                ax.barh(
                    y,
                    values,
                    left=left,
                    color=palette[category],
                    height=0.65,
                    label=category + (" (×0.5)" if category == "intensifier" else ""),
                )
                left += values
            ax.set_yticks(
                y,
                [
                    f"{wrapped(a, 26, 2)}\n{k} of {n} sentences alarming"
                    for a, k, n in zip(
                        summary["actor"], summary["alarming"], summary["sentences"], strict=True
                    )
                ],
            )
            width = float(summary["alarm"].max()) or 1.0
            for yv, total in zip(y, summary["alarm"], strict=True):
                ax.text(total + width * 0.01, yv, f"{total:.1f}", va="center", fontsize=8)
            ax.set_xlim(0, width * 1.08)
            ax.set_xlabel(
                "alarm per 100 tokens of the body sentences that name the actor (total alarm score / total "
                "tokens), split by alarm category"
            )
            ax.grid(axis="x", color="#DDDDDD", lw=0.5)
            ax.set_axisbelow(True)
            ax.legend(title="alarm category", loc="lower right", fontsize=7.5, title_fontsize=8)
        figure_title(
            fig,
            f"Which actors the alarm language surrounds — {article_id}",
            y=1 - 0.12 / fig.get_figheight(),
            va="top",
        )
        fig.text(
            0.01,
            1 - 0.45 / fig.get_figheight(),
            f"actors: capitalised names in ≥{min_sentences} body sentences, speakers of attributed claims "
            "excluded; co-occurrence, not agency (the actor may be the threat, its target or a bystander)",
            fontsize=7.5,
            color=COLORS["neutral"],
            ha="left",
            va="top",
        )
        fig.subplots_adjust(
            left=0.22, right=0.98, top=1 - 0.85 / fig.get_figheight(), bottom=0.6 / fig.get_figheight()
        )
        save_figure(fig, png)
    return [png, csv]


# ---------------------------------------------------------------- all five

PLOTS = {
    "timeline": plot_timeline,
    "sources": plot_sources,
    "cues": plot_cues,
    "blame": plot_blame,
    "actors": plot_actors,
}


def article_figures(table: pd.DataFrame, out_dir, *, prefix: str = "article") -> list[Path]:
    """All five article figures, as ``<prefix>-timeline.png``/``.csv`` and so on; returns every path."""
    paths: list[Path] = []
    for name, plot in PLOTS.items():
        paths += plot(table, out_dir, stem=f"{prefix}-{name}")
    return paths
