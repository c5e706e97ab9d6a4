"""The short terminal summary of an analysis, built incrementally so it works on streamed corpora.

It keeps only the top sentences per signal and a few counters, so its memory
does not grow with the corpus. Sentences are ranked by the length-fair rate
(cues per 100 tokens, `framing.signals.length`), not the count, so a long
sentence does not top a list for its length alone; only body sentences are
ranked, and the rate's ten-token floor keeps short fragments from exploding.
The corpus line gives each family's rate over all body sentences (total score
/ total tokens, the ratio of sums).
"""

from __future__ import annotations

import heapq
import json
import textwrap
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from framing.signals.length import rate
from framing.stance import NO_ACTOR, blame_instances, stance_table

#: (heading, rate column ranked on, count column shown beside it, family)
SCORES = (
    ("most hedged", "hedging_rate", "hedging_score", "hedging"),
    ("most alarming", "alarm_rate", "alarm_score", "alarm"),
    ("most partisan", "partisan_rate", "partisan_score", "partisan"),
)
_KEY_COLUMNS = ["article_id", "sentence", "start", "text", "cues", "n_tokens"]


@dataclass
class Summary:
    """Running summary: article and sentence counts, source mix, the top sentences per score."""

    top: int = 3
    articles: set = field(default_factory=set)
    sentences: int = 0
    kinds: Counter = field(default_factory=Counter)
    sources: Counter = field(default_factory=Counter)
    blame: Counter = field(default_factory=Counter)  # (blamer, target, kind) over every instance
    locale: str = "all"
    unnamed: list = field(default_factory=list)  # articles that name no actor of the locale
    body_tokens: int = 0
    totals: Counter = field(default_factory=Counter)  # count column -> summed score over body sentences
    _best: dict = field(default_factory=lambda: {column: [] for _, column, _, _ in SCORES})
    _order: int = 0
    # The first table's columns: a run of some families (``framing analyze --families``) lacks the others'.
    _columns: frozenset | None = None

    @property
    def _scores(self) -> tuple:
        return SCORES if self._columns is None else tuple(s for s in SCORES if s[1] in self._columns)

    @property
    def _sources(self) -> bool:
        return self._columns is None or "source_kind" in self._columns

    @property
    def _actors(self) -> bool:
        return self._columns is None or {"blame", "actors"} <= self._columns

    def count(self, table: pd.DataFrame) -> Summary:
        """Count the articles and sentences only: all a run without a printed summary needs."""
        self.articles.update(table["article_id"].unique().tolist())
        self.sentences += len(table)
        return self

    def update(self, table: pd.DataFrame) -> Summary:
        if self._columns is None:
            self._columns = frozenset(table.columns)
        self.count(table)
        kinds = table["kind"].to_numpy()
        self.kinds.update(kinds.tolist())
        # Only the columns used below: masking the whole table would copy every feature column.
        columns = [
            *_KEY_COLUMNS,
            *(["source_kind"] if self._sources else []),
            *(["blame"] if self._actors else []),
            *(
                name
                for _, rate_column, count_column, _ in self._scores
                for name in (rate_column, count_column)
            ),
        ]
        body = table.loc[kinds == "body", columns]
        if self._sources:
            self.sources.update(body["source_kind"].tolist())
        if self._actors:
            instances = blame_instances(body)
            self.blame.update(
                zip(instances["blamer"].replace("", "?"), instances["target"], instances["kind"], strict=True)
            )
            actors = stance_table(table)
            self.unnamed.extend(actors.loc[actors["stance"] == NO_ACTOR, "article_id"].tolist())
        self.body_tokens += int(body["n_tokens"].sum())
        for _, column, count, family in self._scores:
            self.totals[count] += float(body[count].sum())
            heap = self._best[column]
            ranked = body[body[column] > 0]  # only sentences scoring above zero can enter the list
            for score, n, tokens, article, sentence, text, cues in zip(
                ranked[column],
                ranked[count],
                ranked["n_tokens"],
                ranked["article_id"],
                ranked["sentence"],
                ranked["text"],
                ranked["cues"],
                strict=True,
            ):
                if len(heap) == self.top and score < heap[0][0]:
                    continue
                # Ties keep the earlier sentence: the running order number breaks them.
                terms = f"{_terms(cues, family)} (score {n:g} in {tokens} tokens)"
                item = (float(score), -self._order, str(article), int(sentence), text, terms)
                self._order += 1
                if len(heap) < self.top:
                    heapq.heappush(heap, item)
                elif item > heap[0]:
                    heapq.heapreplace(heap, item)
        return self

    def render(self, width: int = 100) -> str:
        counts = (
            f"{len(self.articles)} article(s), {self.sentences} segments "
            f"({self.kinds.get('body', 0)} body, {self.kinds.get('heading', 0)} headings, "
            f"{self.kinds.get('boilerplate', 0)} boilerplate)"
        )
        rates = ", ".join(
            f"{family} {rate(self.totals[count], self.body_tokens):.1f}"
            for _, _, count, family in self._scores
        )
        lines = [counts, f"per 100 tokens of body text: {rates}"] if self._scores else [counts]
        one_article = len(self.articles) == 1
        for title, column, _, _ in self._scores:
            lines.append(f"\n{title} ({column}, per 100 tokens):")
            best = sorted(self._best[column], reverse=True)
            if not best:
                lines.append("  (none above zero)")
            for score, _, article, sentence, text, terms in best:
                where = f"#{sentence}" if one_article else f"{article}#{sentence}"
                snippet = textwrap.shorten(text, width=max(40, width - len(where) - 10), placeholder=" ...")
                lines.append(f"  {score:5.1f}  [{where}] {snippet}")
                lines.append(f"         cues: {terms}")
        if self._sources:
            total = sum(self.sources.values()) or 1
            mix = ", ".join(
                f"{kind} {count} ({100 * count / total:.0f}%)" for kind, count in self.sources.most_common()
            )
            lines.append(f"\nsource mix (body sentences): {mix or 'none'}")
        if self._actors:
            lines.extend(self._blame_lines(one_article))
        return "\n".join(lines)

    def _blame_lines(self, one_article: bool) -> list[str]:
        lines = []
        for kind, title in (("blame", "blame"), ("rebuttal", "rebuttal"), ("defence", "defence")):
            pairs = [((a, b), n) for (a, b, k), n in self.blame.items() if k == kind]
            if pairs:
                pairs.sort(key=lambda item: (-item[1], item[0]))
                shown = ", ".join(f"{a} -> {b} ({n})" for (a, b), n in pairs[:5])
                lines.append(f"{title} (who -> whom): {shown}")
        if not self.blame:
            lines.append("blame (who -> whom): no resolved blame, rebuttal or defence")
        if self.unnamed:
            where = (
                "this article"
                if one_article
                else f"{len(self.unnamed)} article(s): "
                + ", ".join(map(str, self.unnamed[:5]))
                + (" ..." if len(self.unnamed) > 5 else "")
            )
            lines.append(f"actors: no actor of locale '{self.locale}' named in {where}")
        return lines


def _terms(cues_json: str, family: str) -> str:
    """The cues of one family in a sentence, as "term (category)" in text order."""
    cues = [c for c in json.loads(cues_json) if c["family"] == family]
    seen = dict.fromkeys(f"{c['text']} ({c['category']}{', negated' if c['negated'] else ''})" for c in cues)
    return "; ".join(seen)


def summarize(table: pd.DataFrame, top: int = 3, locale: str = "all") -> str:
    """Summary text of a table returned by :func:`framing.analyze` (``locale`` names the actor lists used)."""
    return Summary(top=top, locale=locale).update(table).render()
