"""Partisan framing: party and politician cues, election framing, blame and rebuttal.

A frame selects a causal interpretation and a moral evaluation (Entman 1993);
blame attribution names who is responsible (Hameleers, Bos & de Vreese 2017);
the strategy-game frame casts policy as electoral contest (Cappella & Jamieson
1997). Naming a government that merely acts ("the Biden administration has been
expecting a nuclear test") is weak evidence of partisan framing; assigning blame
or rebutting a rival is strong evidence, and the weights below say so.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from framing.actors import CATEGORIES as ACTOR_CATEGORIES
from framing.actors import WORLD, actor_lexicon, canonical_names
from framing.signals.attribution import SourceWords, attribute
from framing.signals.base import CueFamily, Extraction, Hits, Scanner, hit_cues, json_string
from framing.signals.blame import (
    COMPLEMENTS,
    FRAMES,
    GATES,
    BlameInstance,
    Mention,
    SentenceContext,
    Slot,
    resolve_sentence,
    speaker_slot,
)
from framing.signals.matcher import Batch
from framing.signals.mentions import link_mentions, name_in_full

# Categories the rules read but that are not features on their own.
RULE_ONLY = ("argument_verb",)

# Our priors, not fitted values. Naming an actor is not framing ("re-elect President
# Joe Biden"): mentions weigh a tenth of an election-strategy cue. Resolved blame (an
# actor blamed by name) and rebuttal are the strongest evidence. docs/validity.md
# reports how the score fares against human media-bias labels.
WEIGHTS = {
    "government": 0.1,
    "politician": 0.1,
    "party": 0.1,
    "ideology": 1.0,
    "election": 1.0,
    "rebuttal": 1.5,
    "blame": 1.0,
}
# Added per blame instance whose target is a listed political actor ("a result of Biden's leadership").
RESOLVED_BLAME_WEIGHT = 2.0
# Categories of the actor lists that are mentions (and blame targets) in a sentence.
MENTIONED = (*ACTOR_CATEGORIES, *WORLD)
PERSONS = ("politician", "foreign_leader")
_NAMES: dict[str, dict[str, str]] = {}  # per actor-lexicon checksum: term -> canonical actor


class PartisanSignals(CueFamily):
    """Counts of partisan cues per category, resolved blame, and a weighted partisan score.

    ``extract`` also returns, per sentence, who blames whom: ``blamer`` and
    ``blame_target`` of the first resolved instance, ``blame`` (a JSON list of
    every blame, rebuttal and defence instance with its cue span, see
    :mod:`framing.signals.blame`) and ``actors`` (a JSON list of the listed actors
    named in the sentence, as canonical names with spans).

    Parameters
    ----------
    lexicon : str or path, default="partisan"
        Ideology, election, blame and rebuttal cues.
    weights : dict or None, default=None
        Category weights of the score; None uses ``framing.signals.partisan.WEIGHTS``.
    locale : str, default="all"
        Actor lists: "us", "uk", "us,uk" or "all" (see :mod:`framing.actors`).
    actors : path or None, default=None
        A user's own actor list in the same TSV format, added to the locale's lists.
    blame_lexicon : str or path, default="blame"
        Blame, rebuttal and defence cues with the frame that places blamer and target.
    attribution_lexicon : str or path, default="attribution"
        Reporting verbs, to take the speaker as blamer ("..., say the Tories").
    """

    family = "partisan"

    def __init__(
        self,
        lexicon="partisan",
        weights=None,
        locale="all",
        actors=None,
        blame_lexicon="blame",
        attribution_lexicon="attribution",
    ):
        self.lexicon = lexicon
        self.weights = weights
        self.locale = locale
        self.actors = actors
        self.blame_lexicon = blame_lexicon
        self.attribution_lexicon = attribution_lexicon

    def _lexicon_params(self):
        return {
            "partisan": self.lexicon,
            "actors": actor_lexicon(self.locale, self.actors),
            "blame": self.blame_lexicon,
            "attribution": self.attribution_lexicon,
        }

    def fit(self, X, y=None):
        super().fit(X, y)
        self.categories_ = self._categories({role: self.rows(role) for role in ("partisan", "actors")})
        weights = WEIGHTS if self.weights is None else self.weights
        unknown = sorted(set(weights) - set(self.categories_))
        if unknown and self.weights is not None:
            raise ValueError(
                f"weights name categories the lexicon lacks: {unknown}; it has {self.categories_}"
            )
        self.weights_ = np.array([float(weights.get(c, 0.0)) for c in self.categories_])
        return self

    @staticmethod
    def _categories(rows) -> tuple[str, ...]:
        cues = {r["category"] for r in rows["partisan"]} - set(RULE_ONLY)
        return tuple(sorted(cues | ({r["category"] for r in rows["actors"]} - set(WORLD))))

    def _feature_names(self, rows):
        return (
            *(f"partisan_{c}" for c in self._categories(rows)),
            "partisan_blame_resolved",
            "partisan_score",
        )

    def _matches_of(self, batch: Batch, scanner: Scanner, roles: tuple[str, ...]):
        return scanner.matches(batch, tuple(sorted({self.lexicon_sha256_[r] for r in roles})))

    def _role_hits(
        self, batch: Batch, scanner: Scanner, roles: tuple[str, ...], role: str, categories
    ) -> Hits:
        """Leftmost-longest matches among ``roles`` only, so another family's longer term never hides a cue."""
        return scanner.hits(
            batch, self._matches_of(batch, scanner, roles), self.lexicon_sha256_[role], categories
        )

    def _extract(self, batch: Batch, scanner: Scanner) -> Extraction:
        k = len(self.categories_)
        n = len(batch.texts)
        counted = ("partisan", "actors")
        cue_hits = self._role_hits(batch, scanner, counted, "partisan", self.categories_)
        actor_hits = self._role_hits(batch, scanner, counted, "actors", self.categories_)
        features = np.zeros((n, k + 2))
        for hits in (cue_hits, actor_hits):
            np.add.at(features, (hits.sentence, hits.code), 1.0)

        listed_mentions = self._mentions(
            batch, scanner, self._role_hits(batch, scanner, counted, "actors", MENTIONED)
        )
        mentions = link_mentions(batch.texts, listed_mentions, batch.documents)
        instances = self._blame(batch, scanner, mentions)
        blamers = np.full(n, "", dtype=object)
        targets = np.full(n, "", dtype=object)
        listed = set(canonical_names(self.rows("actors"), ACTOR_CATEGORIES).values())
        for i, found in instances.items():
            resolved = [b for b in found if b.kind == "blame"]
            # Partisan framing is blame between political actors: "accused Russia" is blame, not partisan.
            features[i, k] = sum(b.target in listed for b in resolved)
            first = resolved[0] if resolved else found[0]
            blamers[i], targets[i] = first.blamer, first.target
        features[:, k + 1] = features[:, :k] @ self.weights_ + RESOLVED_BLAME_WEIGHT * features[:, k]

        rule_hits = self._role_hits(batch, scanner, counted, "partisan", RULE_ONLY)
        every = [(h, h.code) for h in (cue_hits, actor_hits)] + [(rule_hits, rule_hits.code + k)]
        merged = Hits(
            *(
                np.concatenate(column)
                for column in zip(*((h.start, h.end, h.entry, code, h.sentence) for h, code in every))
            )
        )
        cues = hit_cues(
            batch,
            self.family,
            merged.where(np.argsort(merged.start, kind="stable")),
            (*self.categories_, *RULE_ONLY),
            scanner,
        )
        # JSON only where there is something to say: most sentences name no actor and blame no one.
        blame_json = np.full(n, "[]", dtype=object)
        for i, found in instances.items():
            blame_json[i] = json.dumps([b.record() for b in found], ensure_ascii=False)
        actors_json = np.full(n, "[]", dtype=object)
        for i, named in mentions.items():
            # The text of json.dumps(..., ensure_ascii=False), written directly: a third of sentences name an actor.
            actors_json[i] = (
                "["
                + ", ".join(
                    f"[{json_string(m.actor)}, {m.start}, {m.end}, {json_string(m.category)}]" for m in named
                )
                + "]"
            )
        annotations = pd.DataFrame(
            {"blamer": blamers, "blame_target": targets, "blame": blame_json, "actors": actors_json}
        )
        return Extraction(features, self.feature_names_out_, cues, annotations)

    def _mentions(self, batch: Batch, scanner: Scanner, actor_hits: Hits) -> dict[int, list[Mention]]:
        """Per sentence, the listed actors named in it, canonical and sentence-relative."""
        sha = self.lexicon_sha256_["actors"]
        if sha not in _NAMES:
            _NAMES[sha] = canonical_names(self.rows("actors"))
        names = _NAMES[sha]
        base = batch.offsets
        found: dict[int, list[Mention]] = {}
        persons = [MENTIONED.index(c) for c in PERSONS]
        for i, start, end, entry, code in zip(
            actor_hits.sentence.tolist(),
            actor_hits.start.tolist(),
            actor_hits.end.tolist(),
            actor_hits.entry.tolist(),
            actor_hits.code.tolist(),
            strict=True,
        ):
            offset = int(base[i])
            found.setdefault(i, []).append(
                Mention(
                    names[scanner.terms[entry]],
                    start - offset,
                    end - offset,
                    code in persons,
                    MENTIONED[code],
                )
            )
        return found

    def _gated(self, triggers: Hits, gates: Hits, n: int, mentions) -> Hits:
        """Drop, in numpy, the cues whose rule needs something the sentence lacks.

        "held" needs "responsible"/"accountable"/"to account" in the sentence; "attack"
        and "a result of" need a listed actor (or, for "attack", a political noun such
        as "government"). The rules check the same, so only speed changes: most
        "held" and "attacks" in news are detention and violence.
        """
        listed = np.zeros(n, dtype=bool)
        listed[list(mentions)] = True
        complement = np.zeros(n, dtype=bool)
        complement[gates.sentence[gates.code == GATES.index("hold_complement")]] = True
        political = listed.copy()
        political[gates.sentence[gates.code == GATES.index("political_noun")]] = True
        demand = np.zeros(n, dtype=bool)
        demand[gates.sentence[gates.code == GATES.index("demand_complement")]] = True
        needs = {
            "hold_verb": complement,
            "demand_verb": demand,
            "evaluative": listed,
            "attack_verb": political,
            "attack_noun": political,
            "cause_phrase": listed,
        }
        keep = np.ones(len(triggers), dtype=bool)
        for frame, present in needs.items():
            of_frame = triggers.code == FRAMES.index(frame)
            keep[of_frame] = present[triggers.sentence[of_frame]]
        return triggers.where(keep)

    def _blame(self, batch: Batch, scanner: Scanner, mentions) -> dict[int, list[BlameInstance]]:
        """Blame, rebuttal and defence instances of the sentences that hold a blame cue.

        Only those sentences, their predecessors (the antecedent of "he said") and the
        successors of those that open a quotation (its speaker may be named there) are
        parsed in Python.
        """
        n = len(batch.texts)
        triggers = self._role_hits(batch, scanner, ("blame",), "blame", FRAMES)
        gates = self._role_hits(batch, scanner, ("blame",), "blame", GATES)
        triggers = self._gated(triggers, gates, n, mentions)
        candidates = np.unique(triggers.sentence)
        if not len(candidates):
            return {}
        # A mask, not np.union1d per shift: each union sorts again (1.5 ms a batch, 0.06 ms as a mask).
        near_mask = np.zeros(n, dtype=bool)
        near_mask[candidates] = True
        for ahead in range(1, QUOTE_SPAN + 1):  # the speaker named where a quotation closes
            near_mask[candidates[candidates < n - ahead] + ahead] = True
        for back in range(1, ANTECEDENT_WINDOW * (CHAIN_DEPTH + 1) + 1):  # the antecedent of "he said"
            near_mask[candidates[candidates >= back] - back] = True
        near = np.flatnonzero(near_mask)
        words = SourceWords.from_rows(self.rows("attribution"), self.rows("actors"))
        # The same lexicons as SourceAttribution, so analyze's shared scan serves both from one cache entry.
        attribution_matches = self._matches_of(batch, scanner, ("attribution", "actors"))
        sources = attribute(
            batch, attribution_matches, scanner, words, self.lexicon_sha256_["attribution"], only=near
        )
        base = batch.offsets
        per_sentence: dict[int, list[tuple[int, int, str, str]]] = {}
        for i, start, end, entry, code in zip(
            triggers.sentence.tolist(),
            triggers.start.tolist(),
            triggers.end.tolist(),
            triggers.entry.tolist(),
            triggers.code.tolist(),
            strict=True,
        ):
            offset = int(base[i])
            per_sentence.setdefault(i, []).append(
                (start - offset, end - offset, scanner.terms[entry], FRAMES[code])
            )

        # Where the words a rule needs stand ("responsible" after "held X"), from the lexicon's gate entries.
        # Only complement words in sentences with a cue (a political noun such as "government" is far commoner).
        wanted = np.isin(gates.code, [GATES.index(c) for c in COMPLEMENTS]) & np.isin(
            gates.sentence, candidates
        )
        near_cues = gates.where(wanted)
        complements: dict[int, list[tuple[int, int, str]]] = {}
        for i, start, end, code in zip(
            near_cues.sentence.tolist(),
            near_cues.start.tolist(),
            near_cues.end.tolist(),
            near_cues.code.tolist(),
            strict=True,
        ):
            offset = int(base[i])
            complements.setdefault(i, []).append((start - offset, end - offset, GATES[code]))

        documents = batch.documents

        def same(i: int, j: int) -> bool:
            """Both sentences exist and belong to one article (any two texts, when articles are unknown)."""
            return 0 <= j < n and (documents is None or documents[i] == documents[j])

        def speaker(i: int):
            source = sources[i]
            own_cues = per_sentence.get(i, [])
            if source is not None and any(source.start <= s < source.end for s, _, _, _ in own_cues):
                return None  # the reporting verb is the blame cue itself ("X accused Y"): no separate speaker
            return speaker_slot(source, mentions.get(i, []), batch.texts[i], words)

        def salient(j: int, depth: int) -> str:
            """The person sentence ``j`` is about: its named speaker, the person its "he said" means, else
            the person it names. "X accused Y": X, though the accusation itself has no separate speaker."""
            source = speaker_slot(sources[j], mentions.get(j, []), batch.texts[j], words)
            if source is not None and source.name.lower() in ("he", "she"):
                return antecedent(j, depth - 1) if depth > 0 else ""
            return _antecedent(source, mentions.get(j, []), batch.texts[j])

        def antecedent(i: int, depth: int) -> str:
            """Whom "he"/"she" in sentence ``i`` means: the salient person of the nearest sentence before
            that has one, up to ``ANTECEDENT_WINDOW`` back; "he said" sentences pass their own person on."""
            for back in range(i - 1, i - 1 - ANTECEDENT_WINDOW, -1):
                if not same(i, back):
                    break
                person = salient(back, depth)
                if person:
                    return person
            return ""

        def named(j: int) -> str:
            """Sentence ``j``'s speaker by name, "he said" resolved."""
            source = speaker(j)
            if source is not None and source.name.lower() in ("he", "she"):
                return antecedent(j, CHAIN_DEPTH)
            return source.name if source is not None else ""

        def quotation_speaker(i: int) -> Slot | None:
            """Who speaks a sentence of a quotation that spans sentences: the speaker of the sentence that
            opened it ('He said: "... / ... / ..."'), else of the one that closes it ('"... / ...," he said').
            The span is in another sentence, so the slot has none."""
            text = batch.texts[i]
            opened = i if text.lstrip()[:1] in _OPENING_QUOTES and _quote_marks(text) % 2 else None
            inside = _quote_marks(text) == 0 or (_quote_marks(text) == 1 and not _leaves_open(text))
            if opened is None and inside:  # no quotation mark, or only the one that closes a quotation
                for j in range(i - 1, i - 1 - QUOTE_SPAN, -1):
                    if not same(i, j):
                        break
                    marks = _quote_marks(batch.texts[j])
                    if marks == 0:
                        continue
                    if marks % 2 == 0 or not _leaves_open(batch.texts[j]):
                        break  # a quotation closed (or a new paragraph reopened one) between j and i
                    name = named(j)  # 'He said: "...': j's speaker speaks i too
                    if name:
                        return Slot(name, -1, -1, "earlier sentence")
                    opened = j
                    break
            if opened is None:
                return None
            for c in range(i + 1, i + 1 + QUOTE_SPAN):
                if not same(i, c):
                    break
                closing = batch.texts[c]
                marks = _quote_marks(closing)
                if marks == 0:
                    continue
                if marks % 2 and closing.lstrip()[:1] not in _OPENING_QUOTES:
                    # c closes it: its speaker speaks the whole quotation
                    name = named(c)
                    return Slot(name, -1, -1, "next sentence") if name else None
                break  # another quotation starts first
            return None

        result: dict[int, list[BlameInstance]] = {}
        for i, cues in per_sentence.items():
            text = batch.texts[i]
            own = speaker(i) or quotation_speaker(i)
            blamed = [b.target for b in result.get(i - 1, []) if b.kind == "blame"] if same(i, i - 1) else []
            person = antecedent(i, CHAIN_DEPTH)
            if own is not None and own.via == "speaker" and own.name.lower() in ("he", "she"):
                own = Slot(person, -1, -1, "pronoun, previous sentence") if person else None
            context = SentenceContext(
                text,
                mentions.get(i, []),
                own,
                previous_target=blamed[-1] if blamed else "",
                previous_person=person,
                complements=complements.get(i, []),
            )
            found = resolve_sentence(context, cues, words)
            if found:
                result[i] = found
        return name_in_full(result, batch.texts, documents, mentions)


_OPENING_QUOTES = ('"', "\u201c")
# How many sentences back "he said" may look for its person: news names a speaker, then quotes on.
ANTECEDENT_WINDOW = 3
# How many sentences a quotation may span while its speaker is found where it opens or closes.
QUOTE_SPAN = 3
# How many "he said" sentences a chain may pass through: "Edward Leigh warned ... / He said ... / He added ...".
CHAIN_DEPTH = 1


# What may open a sentence before its subject: a connective and up to four capitalised words ("Tory leader").
_SUBJECT_START = re.compile(
    r"\s*(?:(?:But|And|Meanwhile|However|Now|Then|So),?\s+)?(?:[A-Z][\w'\u2019-]*\s+){0,4}"
)


def _antecedent(previous_speaker: Slot | None, previous_mentions: list[Mention], text: str) -> str:
    """Whom "he" or "she" most likely means: the sentence's named speaker, else its subject, else its last person."""
    named = (
        previous_speaker is not None
        and not previous_speaker.group
        and previous_speaker.name.lower() not in ("he", "she")
        and " " in previous_speaker.name.strip()  # "Mr Leigh", "Edward Leigh": a name, not a bare word
    )
    if named:
        return previous_speaker.name
    people = [m for m in previous_mentions if m.person]
    subject = [m for m in people if _SUBJECT_START.fullmatch(text[: m.start])] if people else []
    # The sentence's subject ("Dr Fox accused Mr Blair ...") is who the next "he" means; else its last person.
    return subject[0].actor if subject else people[-1].actor if people else ""


def _leaves_open(text: str) -> bool:
    """Whether the sentence's last quotation mark opens a quotation ('He said: "This report ...')."""
    last = max(text.rfind('"'), text.rfind("\u201c"), text.rfind("\u201d"))
    if last < 0 or text[last] == "\u201d":
        return False
    return text[last] == "\u201c" or last == 0 or text[last - 1] in " :(\u2014-"


def _quote_marks(text: str) -> int:
    """Straight and curly double quotation marks in a sentence; an odd count opens or closes a quotation."""
    return text.count('"') + text.count("\u201c") + text.count("\u201d")
