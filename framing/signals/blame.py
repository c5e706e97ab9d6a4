"""Who blames, rebuts or defends whom in one sentence: pattern rules over a cue and its neighbours.

Blame attribution names an agent responsible for a bad outcome (Hameleers, Bos &
de Vreese 2017); a rebuttal answers it (Chong & Druckman 2007). Each cue in
``blame.tsv`` belongs to a *frame* that says where its two slots are:

================  ==========================================  ===========================
frame             example                                     blamer / target
================  ==========================================  ===========================
accuse_verb       "Dr Fox accused Mr Blair of telling lies"   subject / object ("blamed the rise on X": the
                                                              actor after "on"; "pinned the blame on X" too)
  passive         "Mr Blair was accused (by Dr Fox)"          "by" phrase or speaker / subject, or the
                                                              owner of a deed ("Labour's plans were attacked")
attack_verb       "attacked Labour's pledges"                 as accuse_verb; target must be a listed actor
hold_verb         "held ministers responsible"                subject / object
fault_noun        "Labour's failure to ...", "Blair's lies"   speaker / possessor or "of" phrase
cause_phrase      "a result of Biden's leadership"            speaker / first actor after, at most two words on
lie_verb          "Tony Blair lied ..., say the Tories"       speaker / subject
fail_verb         "said Mr Brown had failed the test"         speaker / subject (a named actor only)
blame_predicate   "the government is to blame"                speaker / subject, or the owner of a subject deed
attack_noun       "Butler launches attack on Blair"           possessor or nearest actor before / actor after
demand_verb       "urged Mr Livingstone to apologise"         subject / object (needs "to apologise/resign")
evaluative        "the Tories' plans were a shambles"         speaker / possessor or listed actor before
rebuttal_verb     "officials strongly dispute that claim"     subject / the accused it defends: for "that
                                                              claim" the previous sentence's target, else
                                                              the rebutter itself ("denied the charges"),
                                                              or the actor the denied clause names
                                                              ("denied Mr Brown made that quote")
defence_verb      "Mr Blair praised his chancellor"           subject / object (stance: defended)
apology           "Mr Blunkett has apologised to MPs"         subject / the same (a self-blame); "I apologise":
                                                              the quotation's speaker
vindication       "said his comments were not racist"         speaker / owner of the subject ("his": the
                                                              speaker), or the actor after "nothing wrong
                                                              with" / "wrong to suggest"
================  ==========================================  ===========================

The speaker comes from :mod:`framing.signals.attribution` ("..., say the Tories");
a quotation whose speaker is named only in a following sentence ("We have no
doubt ..." / "..., a U.S. intelligence official said") takes that speaker. A slot
resolves to a mention first, then to a capitalised name phrase ("Russia"), then to
a group phrase headed by a source noun ("U.S. intelligence officials"). Mentions are
the listed actors plus the persons and organisations :mod:`framing.signals.mentions`
links within the article, so "Mr Leigh", "Leigh" and "the chancellor" arrive under the
full name the article gave. "He"/"she" is the person named earlier in the sentence,
else the person of the three sentences before (a "he said" sentence passes its own
person on); "him"/"her" the person named last before the cue. That is the whole of the
coreference: no model, no gender agreement. Only sentences with a cue reach this module.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from framing.actors import CATEGORIES as POLITICAL
from framing.signals.attribution import AUXILIARIES, Attribution, SourceWords, phrase_before, tokens

FRAME_KIND = {
    "accuse_verb": "blame",
    "attack_verb": "blame",
    "hold_verb": "blame",
    "fault_noun": "blame",
    "cause_phrase": "blame",
    "lie_verb": "blame",
    "fail_verb": "blame",
    "blame_predicate": "blame",
    "attack_noun": "blame",
    "demand_verb": "blame",
    "evaluative": "blame",
    "rebuttal_verb": "rebuttal",
    "defence_verb": "defence",
    "vindication": "defence",
    "apology": "blame",
}
FRAMES = tuple(FRAME_KIND)
# Categories of blame.tsv that are not cues: words a rule needs in the sentence, tested in numpy first.
GATES = ("hold_complement", "political_noun", "demand_complement")
# The gates a rule also reads by position: "held X responsible", "urged X to apologise".
COMPLEMENTS = ("hold_complement", "demand_complement")

_BE = frozenset(["was", "were", "is", "are", "been", "being", "be", "stands", "stood", "has", "had", "have"])
# "-ly" adverbs, minus the nouns and names that end the same way ("the chancellor's closest ally").
_ADVERB = re.compile(
    r"^(?!(?:ally|rally|family|assembly|supply|reply|july|italy|folly|bully|tally|kelly|lily)$)\w+ly$"
)
# An object phrase ends at a preposition, conjunction or clause word ("accused Russia OF interfering").
_OBJECT_END = frozenset(
    [
        "of",
        "for",
        "over",
        "that",
        "with",
        "as",
        "in",
        "on",
        "to",
        "about",
        "after",
        "when",
        "because",
        "by",
        "who",
        "which",
        "while",
        "and",
        "but",
        "at",
        "from",
        "into",
        "since",
        "if",
        "than",
        "during",
        "amid",
    ]
)
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "his",
        "its",
        "their",
        "we",
        "us",
        "our",
        "i",
        "me",
        "my",
        "you",
        "your",
        "this",
        "that",
        "these",
        "those",
        "himself",
        "herself",
        "themselves",
        "itself",
        "who",
        "which",
        "what",
    ]
)
# Capitalised words that are not names at the start of a clause or in headlines.
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "but",
        "and",
        "however",
        "meanwhile",
        "in",
        "on",
        "at",
        "as",
        "if",
        "when",
        "while",
        "after",
        "before",
        "this",
        "that",
        "these",
        "those",
        "there",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "his",
        "her",
        "their",
        "its",
        "our",
        "mr",
        "mrs",
        "ms",
        "dr",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "still",
        "now",
        "then",
        "yet",
        "so",
        "also",
        "some",
        "many",
        "both",
        "all",
        "one",
        "former",
        "new",
        "last",
        "next",
        "speaking",
        "asked",
        "critics",
        "despite",
        "although",
        "though",
        "since",
        "other",
        "others",
        "among",
        "meanwhile",
        "earlier",
        "later",
        "today",
        "yesterday",
        "i",
        "you",
        "we",
        "shadow",
    ]
)
# Closed-class words, auxiliaries and sentence adverbs: capitalised only by position ("During his second day ...",
# "Similarly there is ...", "Nobody can blame him"), never a person or organisation. Names that are also
# common words ("Rather", "More", "May", "Will", "Per") are left out, since a run must not break at them.
FUNCTION_WORDS = frozenset(
    """
    during for from with without within under over by to about against between through throughout until till
    unless because whether amid amidst across behind beyond toward towards upon via than into onto around
    along alongside near beside besides inside outside like unlike following including regarding nobody
    everybody somebody anybody everyone someone anyone none nothing everything something anything each every
    another most few several such neither either any much what where why how who whom whose which whatever
    whoever wherever not no yes here only even just instead indeed perhaps maybe thus hence therefore
    otherwise nevertheless nonetheless furthermore moreover again once twice already almost nearly quite
    very too similarly widely unfortunately fortunately clearly obviously apparently reportedly allegedly
    ironically interestingly importantly additionally consequently accordingly finally initially eventually
    currently previously recently subsequently ultimately originally separately specifically notably
    crucially significantly increasingly frankly honestly privately publicly personally politically
    traditionally historically generally usually typically certainly surely likely possibly probably
    presumably arguably hopefully sadly happily luckily curiously remarkably understandably predictably
    unsurprisingly inevitably essentially basically largely mostly partly mainly simply actually really
    especially particularly equally likewise conversely alternatively admittedly undoubtedly evidently
    seemingly supposedly ostensibly officially formally critically controversially strangely oddly tellingly
    can could should would does did do is are was were has have had shall must might
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# What a run of capitalised words never takes, as one set: the name test runs once per word.
_NOT_A_NAME = _NOT_NAMES | FUNCTION_WORDS
# A pronoun with a contracted verb ("I'd", "We've", "They're") is a pronoun, not a name.
_CONTRACTED_VERB = re.compile(r"'(?:d|m|ve|ll|re)$")
_RELATIVE = frozenset(["who", "which", "that"])  # "..., who accused": the actor named just before
_TITLES = frozenset(["mr", "mrs", "ms", "dr", "miss"])
_TRAILING = AUXILIARIES | frozenset(
    [
        "instead",
        "also",
        "too",
        "again",
        "now",
        "then",
        "still",
        "already",
        "later",
        "earlier",
        "today",
        "yesterday",
    ]
)
# Heads of actor phrases beyond the source nouns of attribution.tsv.
_GROUP_NOUNS = frozenset(
    [
        "mp",
        "mps",
        "critic",
        "critics",
        "campaigner",
        "campaigners",
        "spokesman",
        "spokeswoman",
        "chairman",
        "co-chairman",
        "chief",
        "ally",
        "allies",
        "opponent",
        "opponents",
        "rival",
        "rivals",
        "union",
        "unions",
        "party",
        "parties",
        "backbencher",
        "backbenchers",
        "rebels",
        "peers",
        "councillor",
        "councillors",
        "journalist",
        "leaders",
    ]
)
# A negator at most two words before the cue: "I don't blame", "did not criticise", "never accused";
# a denial negates too ("denied accusing Germany" accuses no one).
_NEGATION_BEFORE = re.compile(
    r"(?:\bnot|\bnever|n't|\bden(?:y|ies|ied|ying)|\b(?:refus|declin|fail)(?:e|es|ed|ing)\s+to)\s+(?:\w+\s+)?$"
)
_DETERMINERS = frozenset(
    ["the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "any", "every", "no"]
)
# "disputed THAT CLAIM": the rebutted claim was made in an earlier sentence.
_ANAPHORIC_CLAIM = re.compile(
    r"^(?:that|this|the|these|those|such)\s+(?:claims?|accusations?|allegations?|charges?|suggestions?|criticisms?|"
    r"assertions?|argument|view|idea|characteri[sz]ation)\b|^(?:this|that|it)$",
    re.IGNORECASE,
)
# What a denial denies: an accusation ("denied the charges") or a clause ("denied he had lied").
# Not "report": "denied an earlier report that he planned to ..." corrects a fact, it answers no accusation (the
# three such denials in the gold set are none of them labelled defence).
_CLAIM_NOUN = re.compile(
    r"\b(?:claims?|accusations?|allegations?|charges?|suggestions?|criticisms?|attacks?|jibes?|"
    r"assertions?|wrongdoing|any wrongdoing|it|that)\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"\s+(?:that|having|he|she|it|they|his|her|their|there)\b", re.IGNORECASE)
# "held X responsible": the hold complement stands within this many characters after "held".
_HOLD_REACH = 80
# "urged Mr Livingstone to (publicly) apologise": a demand counts as criticism only when it names an answer
# for a wrong, a demand complement right after "to" or after "to" and an adverb.
_TO_DEMAND = re.compile(r"\s+to\s+((?:\w+ly\s+)?)")
# "denied Mr Brown made that quote", "wrong to suggest the chancellor would ...": a clause after the cue,
# its subject (group 1) the words before a finite verb.
_CLAUSE_AFTER = re.compile(
    r"\s+(?:that\s+)?((?:[\w'\u2019.-]+\s+){1,5}?)(?:was|were|is|are|had|has|have|would|will|could|made|did|knew)\b"
)
_DENIED_GERUND = re.compile(r"\s+(?:\w+ing)\b")  # "denied accusing Germany", "denied being racist"
# What links an actor to the judgement after it: a copula ("the Lib Dems are no hopers", "it's going to be
# fear and smear") or "as" ("branded the way Mr Blunkett's office operated as 'scandalous'").
_EVALUATES = re.compile(
    r"\b(?:is|are|was|were|be|been|being|as)\b|\b(?:it|that|what|this|there)['\u2019]s\b", re.IGNORECASE
)
# "his comments were not racist": the owner of what is cleared, named by a possessive just before.
_OWNER_PRONOUN = frozenset(["his", "her", "their", "its", "my", "our"])
# What an institution defends when it defends itself: "the Home Office defended the measures".
_POLICY_NOUNS = frozenset(
    [
        "measures",
        "move",
        "decision",
        "plans",
        "plan",
        "policy",
        "policies",
        "changes",
        "scheme",
        "proposals",
        "record",
        "approach",
        "handling",
        "action",
        "actions",
        "campaign",
        "tactics",
        "bill",
        "law",
        "legislation",
        "system",
    ]
)
# What an actor says, whose criticism is criticism of the speaker: "Mr Livingstone's remarks were condemned".
_UTTERANCES = frozenset(
    ["remarks", "comments", "comment", "statement", "response", "speech", "words", "claims"]
)
# Words after which a subject starts: "Mr Milburn replied that | they were not anti-Semitic".
_CLAUSE_OPENERS = frozenset(["that", "said", "says", "replied", "insisted", "argued", "added", "claimed"])
_POLITICAL_HEADS = frozenset(
    [
        "government",
        "ministers",
        "minister",
        "chancellor",
        "party",
        "opposition",
        "administration",
        "cabinet",
        "mps",
        "leader",
        "leadership",
        "secretary",
        "premier",
        "president",
        "prime",
    ]
)
# Group phrases that name an actor all the same: "accused the government of", "accused ministers of".
_GOVERNMENT_HEADS = frozenset(["government", "ministers", "administration", "cabinet", "executive", "police"])
_SPOKESPEOPLE = frozenset(["spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokeswomen"])
# Adverbs without "-ly" inside a verb chain: "ministers had so far failed", "has again been criticised".
_AUX_ADVERBS = frozenset(["so", "far", "again", "still", "already", "also", "just", "now", "since"])
_AGENT_BY = re.compile(r"^\s*(?:\w+ly\s+)?by\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A listed actor found in the sentence: canonical name and sentence-relative span."""

    actor: str
    start: int
    end: int
    person: bool = False  # a politician or leader, so "he"/"him" may refer to it
    category: str = ""


@dataclass(frozen=True)
class Slot:
    """A resolved blamer or target; ``via`` says which rule found it."""

    name: str
    start: int
    end: int
    via: str
    group: bool = False  # a phrase headed by a common noun ("U.S. intelligence officials"), not a name


@dataclass(frozen=True)
class BlameInstance:
    kind: str  # blame | rebuttal | defence
    frame: str
    cue: str
    cue_start: int
    cue_end: int
    blamer: str
    blamer_start: int
    blamer_end: int
    blamer_via: str
    target: str
    target_start: int
    target_end: int
    target_via: str

    @property
    def polarity(self) -> str:
        """``blame`` for blame, ``defend`` for defences and rebuttals (a rebuttal defends the accused)."""
        return "blame" if self.kind == "blame" else "defend"

    def record(self) -> dict:
        return asdict(self)


@dataclass
class SentenceContext:
    """What the rules may read about one sentence and its neighbour before it."""

    text: str
    mentions: list[Mention]
    speaker: Slot | None
    previous_target: str = (
        ""  # target of the previous sentence's last blame, defended by "disputed that claim"
    )
    previous_person: str = (
        ""  # the person "he" or "she" most likely means: the previous sentence's speaker or politician
    )
    complements: list[tuple[int, int, str]] = field(
        default_factory=list
    )  # (start, end, category) of the blame lexicon's complement words in the sentence


def speaker_slot(
    attribution: Attribution | None, mentions: list[Mention], text: str, words: SourceWords
) -> Slot | None:
    """The source of a reported sentence as a slot, canonical when its head is a listed actor."""
    if attribution is None or attribution.kind == "none":
        return _apposed_speaker(text, mentions)
    start = text.find(attribution.source, attribution.start)
    if start < 0:
        return None
    phrase = tokens(attribution.source, start)
    if len(phrase) == 1 and phrase[0][0].lower() in ("he", "she"):
        return Slot(phrase[0][0].lower(), phrase[0][1], phrase[0][2], "speaker")  # the caller resolves it
    return _resolve(phrase, mentions, words, head="last", via="speaker")


_REPORTED = r"(?:said|says|told|added|warned|insisted|argued|claimed|admitted|believes|thinks)"
# "Andrew Hogg, spokesman for the Medical Foundation for the Care of Victims of Torture, said ...".
_APPOSED_VERB = re.compile(rf"^,\s[^,\"\u201c\u201d]{{1,120}},\s+(?:also\s+|has\s+|had\s+)?{_REPORTED}\b")


# A person, an apposition in commas, then the verb: the person is the subject, not the apposition's last noun.
_APPOSED_SUBJECT = re.compile(r"^,\s[^,\"\u201c\u201d]{1,120},\s+(?:\w+ly\s+|has\s+|had\s+|also\s+)?$")


def _apposed_speaker(text: str, mentions: list[Mention]) -> Slot | None:
    """A named speaker whose apposition hid it from attribution: "X, spokesman for Y and Z, said"."""
    for m in mentions:
        if m.person and _APPOSED_VERB.match(text[m.end :]):
            return Slot(m.actor, m.start, m.end, "speaker")
    return None


def resolve_sentence(
    context: SentenceContext, cues: list[tuple[int, int, str, str]], words: SourceWords
) -> list[BlameInstance]:
    """Every blame, rebuttal or defence instance of the sentence whose target (or rebutter) resolves.

    ``cues`` are (start, end, term, frame) with sentence-relative offsets, in text order.
    One instance per kind and target: the first cue, unless a later one also names the blamer
    ("Dr Fox accused Mr Blair of lying" is one accusation, not one by Fox and one by nobody).
    """
    found: dict[tuple[str, str], BlameInstance] = {}
    for start, end, term, frame in cues:
        result = _RULES[frame](context, start, end, term, frame, words)
        for instance in [result] if isinstance(result, BlameInstance) else result or []:
            key = (instance.kind, instance.target)
            if key not in found or (instance.blamer and not found[key].blamer):
                found[key] = instance
    return sorted(found.values(), key=lambda b: b.cue_start)


# ---------------------------------------------------------------- slots


def _resolve(
    phrase, mentions: list[Mention], words: SourceWords, *, head: str, via: str, whole_name: bool = False
) -> Slot | None:
    """A phrase as an actor, tried in order: a group phrase, a listed actor, a capitalised name.

    ``head="last"`` reads a subject, whose head ends it ("Tory leader Michael Howard"
    is Michael Howard, "Biden administration officials" stays a group); ``head="first"``
    reads an object, whose first actor is the one acted on ("Labour's six new pledges"
    is Labour).
    """
    phrase = _drop_trailing_adverbs(phrase)
    if not phrase:
        return None
    start = phrase[0][1]
    phrase = _drop_determiner(phrase)
    if not phrase or (len(phrase) == 1 and phrase[0][0].lower() in _PRONOUNS):
        return None  # pronouns are resolved by _person, where the rule allows it
    end = phrase[-1][2]
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    if head == "last" and inside and _norm_word(phrase[-1][0]) in _SPOKESPEOPLE:
        return Slot(
            inside[-1].actor, inside[-1].start, inside[-1].end, via
        )  # "a Labour spokesman" speaks for Labour
    if head == "last" and _group_head(phrase, words) and not (inside and inside[-1].end >= end - 2):
        return _phrase_slot(phrase, via)
    if head == "last" and inside and _possessed(phrase, inside[-1]):
        return _phrase_slot(phrase, via)  # "Chancellor Gordon Brown's closest ally" is not Gordon Brown
    if inside:
        m = _first_head(inside, phrase) if head == "first" else inside[-1]
        return Slot(m.actor, m.start, m.end, via)
    name = _name_run(phrase, first=head == "first")
    if name and ((head == "last" and not whole_name) or _names_the_phrase(phrase, name)):
        return Slot(_name_text(name), name[0][1], name[-1][2], via)
    if head == "first" and _group_head(phrase, words):
        return _phrase_slot(phrase, via)
    return None


def _first_head(inside: list[Mention], phrase) -> Mention:
    """The first actor of an object, skipping a modifier: "Tory leader Michael Howard" is Michael Howard."""
    first = inside[0]
    for later in inside[1:]:
        between = [w for w, s, _ in phrase if first.end <= s < later.start]
        if len(between) <= 2 and not any(
            w.replace("\u2019", "'").endswith("'s") for w, s, _ in phrase if first.start <= s < later.start
        ):
            first = later
        else:
            break
    return first


def _phrase_slot(phrase, via: str) -> Slot:
    return Slot(" ".join(w for w, _, _ in phrase), phrase[0][1], phrase[-1][2], via, group=True)


def _name_text(name) -> str:
    return (
        " ".join(w for w, _, _ in name)
        .rstrip(".")
        .replace("\u2019", "'")
        .removesuffix("'s")
        .removesuffix("'")
    )


def _group_head(phrase, words: SourceWords) -> bool:
    """Headed by a source or political noun: "U.S. intelligence officials", "the government"."""
    last = _norm_word(phrase[-1][0])
    singular = last.removesuffix("s")
    nouns = _group_nouns(words.anonymous, words.organisation, words.titles)
    return last in nouns or singular in nouns


@lru_cache(maxsize=8)
def _group_nouns(anonymous: frozenset, organisation: frozenset, titles: frozenset) -> frozenset[str]:
    """The nouns that head a group phrase, joined once per word lists rather than once per phrase."""
    return anonymous | organisation | titles | _POLITICAL_HEADS | _GROUP_NOUNS


def _possessed(phrase, mention: Mention) -> bool:
    """The mention is a possessor followed by the phrase's real head ("X's closest ally")."""
    return any(s > mention.end for _, s, _ in phrase) and any(
        w.replace("\u2019", "'").endswith("'s") and e >= mention.end
        for w, _, e in phrase
        if e <= mention.end + 2
    )


def _names_the_phrase(phrase, name) -> bool:
    """An object is a name only when nothing but the name (possibly possessive) is in it: not "Budget spree"."""
    if name[-1] is phrase[-1]:
        return True
    return name[-1][0].replace("\u2019", "'").endswith(("'s", "s'"))


def _drop_trailing_adverbs(phrase):
    while phrase and (_ADVERB.match(phrase[-1][0].lower()) or phrase[-1][0].lower() in _TRAILING):
        phrase = phrase[:-1]
    return phrase


def _norm_word(word: str) -> str:
    return word.lower().replace("\u2019", "'").removesuffix("'s").rstrip(".'")


def _drop_determiner(phrase):
    while phrase and phrase[0][0].lower() in ("the", "a", "an", "both", "either"):
        phrase = phrase[1:]
    return phrase


def _name_run(phrase, *, first: bool):
    """The first (or last) run of capitalised words, "of" allowed inside ("Ministry of Defence")."""
    runs, run = [], []
    for token in phrase:
        word = token[0]
        bare = _CONTRACTED_VERB.sub("", word.lower().rstrip(".").replace("\u2019", "'").removesuffix("'s"))
        if (
            word[:1].isupper()
            and bare not in _NOT_A_NAME
            or (run and bare in _TITLES)
            or word[:1].isupper()
            and bare in _TITLES
            and not run
            or run
            and word == "of"
        ):
            run.append(token)
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    runs = [r[: len(r) - 1] if r[-1][0] == "of" else r for r in runs]
    runs = [r for r in runs if not all(t[0].lower().rstrip(".") in _TITLES for t in r)]
    if not runs:
        return None
    return runs[0] if first else runs[-1]


def _object(text: str, after: int, limit: int = 7):
    """Tokens of the noun phrase after a verb, up to a preposition, clause word or punctuation."""
    stop = len(text)
    for mark in (",", ";", ":", "\u2014", "(", ")", "\u201c", "\u201d", '"', "."):
        found = text.find(mark, after)
        if found != -1 and not (mark == "." and _abbreviation(text, found)):
            stop = min(stop, found)
    phrase = []
    for token in tokens(text[after:stop], after):
        if token[0].lower() in _OBJECT_END and (phrase or token[0].lower() != "that"):
            break  # a missing object ("accused of ...") stays missing; "that claim" is an object
        phrase.append(token)
        if len(phrase) == limit:
            break
    return phrase


def _abbreviation(text: str, dot: int) -> bool:
    """A full stop inside "U.S." or after "Mr" does not end the phrase."""
    before = text[max(0, dot - 3) : dot]
    return bool(re.search(r"(?:\b[A-Z]|\bMrs?|\bMs|\bDr|\bSt)$", before))


def _person(context: SentenceContext, phrase, before: int, avoid: str = "") -> Slot | None:
    """ "he"/"she" as the subject: the first person named earlier in the sentence, else the person of the
    sentences before (``previous_person``); "him"/"her" as the object: the person named last before the
    cue (other than the blamer), else the previous sentences' person.

    A crude stand-in for coreference, which news makes cheap: the person a pronoun
    means was usually named just before ("Ms Sturgeon wrote to Mr McConnell, accusing him").
    """
    if len(phrase) != 1:
        return None
    word = phrase[0][0].lower()
    if word in ("him", "her"):
        named = [m for m in context.mentions if m.person and m.end <= before and m.actor != avoid]
        if named:
            return Slot(named[-1].actor, named[-1].start, named[-1].end, "pronoun")
    if word in ("he", "she"):
        # "Culture Secretary Tessa Jowell said ... and she accused": the sentence's own person comes first.
        named = [m for m in context.mentions if m.person and m.end <= phrase[0][1] and m.actor != avoid]
        if named:
            return Slot(named[0].actor, named[0].start, named[0].end, "pronoun")
    if word in ("he", "she", "him", "her") and context.previous_person and context.previous_person != avoid:
        return Slot(context.previous_person, -1, -1, "pronoun, previous sentence")
    return None


def _subject(context: SentenceContext, start: int, words: SourceWords) -> Slot | None:
    """The subject right before a verb; after "and"/"but" the clause's first actor; else the nearest actor."""
    phrase = phrase_before(context.text, start)
    if len(phrase) == 1 and phrase[0][0].lower() == "they":
        return _opening_group(context, phrase[0][1], words)  # "Opposition parties ... but they accuse"
    if len(phrase) == 1 and phrase[0][0].lower() in _PRONOUNS - _RELATIVE:
        return _person(context, phrase, start)  # "he criticised": the person named just before
    for m in context.mentions:  # "Trevor Phillips, chair of the Commission for Racial Equality, praised"
        if m.person and _APPOSED_SUBJECT.match(context.text[m.end : start]):
            return Slot(m.actor, m.start, m.end, "subject")
    slot = _resolve(phrase, context.mentions, words, head="last", via="subject")
    if slot is not None:
        return slot
    if _previous_words(context.text, start, 1) in (["and"], ["but"]):
        return _first_actor(context, start, words)
    return _nearest_before(context, start, words)


def _opening_group(context: SentenceContext, before: int, words: SourceWords) -> Slot | None:
    """What "they" means within its sentence: the plural actor or group phrase that opens it.

    "Opposition parties also want ... but they accuse ministers" is opposition parties;
    "The Tories ... but they" the Conservative Party. Nothing when the sentence opens otherwise.
    """
    opening = _drop_determiner(tokens(context.text[: min(before, 80)], 0)[:5])
    for n in range(len(opening), 0, -1):
        phrase = opening[:n]
        if phrase[-1][2] > before:
            continue
        inside = [m for m in context.mentions if m.start >= phrase[0][1] and m.end <= phrase[-1][2]]
        if inside and inside[0].start == phrase[0][1] and not inside[0].person:
            return Slot(inside[0].actor, inside[0].start, inside[0].end, "they")
        if n > 1 and _norm_word(phrase[-1][0]).endswith("s") and _group_head(phrase, words):
            return _phrase_slot(phrase, "they")
    return None


def _previous_words(text: str, start: int, n: int) -> list[str]:
    """The ``n`` words before ``start``, lower case, adverbs skipped."""
    before = [w.lower() for w, _, _ in tokens(text[max(0, start - 60) : start], 0)]
    while before and _ADVERB.match(before[-1]) and before[-1] not in ("only", "early"):
        before.pop()
    return before[-n:]


def _negated(text: str, start: int) -> bool:
    """ "I don't blame ...", "did not criticise": a negator within three words before the cue."""
    window = text[max(0, start - 40) : start].lower().replace("\u2019", "'")
    return bool(_NEGATION_BEFORE.search(window))


def _nearest_before(context: SentenceContext, start: int, words: SourceWords) -> Slot | None:
    before = [m for m in context.mentions if m.end <= start]
    name = _name_run(tokens(context.text[:start], 0), first=False)
    if name and _AFTER_PREPOSITION.search(context.text[: name[0][1]]):
        name = None  # "opened the forum in Brighton with an attack on ...": a place, not the attacker
    candidates = []
    if before:
        candidates.append(Slot(before[-1].actor, before[-1].start, before[-1].end, "nearest"))
    if name:
        candidates.append(
            Slot(" ".join(w for w, _, _ in name).removesuffix("'s"), name[0][1], name[-1][2], "nearest")
        )
    return max(candidates, key=lambda s: s.end) if candidates else None


_AFTER_PREPOSITION = re.compile(r"\b(?:in|at|from|to|into|near|outside)\s+(?:the\s+)?$", re.IGNORECASE)


def _first_actor(context: SentenceContext, start: int, words: SourceWords) -> Slot | None:
    """The main-clause subject of a participle ("Sturgeon wrote ..., accusing him"): the first actor.

    A possessive party before a person is a modifier: in "The Scottish National Party's
    Holyrood leader Nicola Sturgeon wrote ..." the subject is Nicola Sturgeon.
    """
    before = [m for m in context.mentions if m.end <= start]
    while len(before) > 1 and modifies(context.text, before[0], before[1]):
        before = before[1:]
    name = _name_run(tokens(context.text[:start], 0), first=True)
    if name and any(m.start < name[-1][2] and name[0][1] < m.end for m in context.mentions):
        name = None  # the capitalised run is (part of) a listed actor: the mentions decide
    if before and not (name and name[-1][2] <= before[0].start):
        return Slot(before[0].actor, before[0].start, before[0].end, "clause subject")
    if name:
        return Slot(_name_text(name), name[0][1], name[-1][2], "clause subject")
    return None


# What may stand between a modifier and the actor it qualifies: "'s", title words, or a space
# ("The Scottish National Party's Holyrood leader Nicola Sturgeon", "Tory leader Michael Howard").
_TITLE_WORD = (
    r"(?:leader|chairman|co-chairman|treasurer|spokesman|spokeswoman|minister|secretary|mp|mep|president|"
    r"candidate|deputy|chief|whip|peer|shadow|former|senator|governor|congressman|congresswoman|rep\.)"
)
_MODIFIER_GAP = re.compile(rf"(?:'s)?(?: {_TITLE_WORD}){{0,2}} ", re.IGNORECASE)


def modifies(text: str, first: Mention, following: Mention) -> bool:
    """Whether ``first`` only qualifies the actor right after it, as a party does in a title."""
    return bool(_MODIFIER_GAP.fullmatch(text[first.end : following.start].replace("\u2019", "'")))


def _possessor_before(context: SentenceContext, start: int, words: SourceWords) -> Slot | None:
    """ "Labour's failure", "Blair's Tory 'lies'": a possessive within four words before the cue."""
    window = tokens(context.text[max(0, start - 60) : start], max(0, start - 60))[-4:]
    for i in range(len(window) - 1, -1, -1):
        word = window[i][0].replace("\u2019", "'")
        if word.endswith(("'s", "s'")):
            end = window[i][2]
            for m in context.mentions:
                if m.start < end <= m.end + 2:
                    return Slot(m.actor, m.start, m.end, "possessor")
            name = _name_run(window[: i + 1], first=False)
            if name and name[-1] is window[i]:
                return Slot(
                    " ".join(w for w, _, _ in name).removesuffix("'s").removesuffix("'"),
                    name[0][1],
                    name[-1][2],
                    "possessor",
                )
            return None
    return None


def _listed_after(context: SentenceContext, end: int, span: int = 60) -> Slot | None:
    for m in context.mentions:
        if end <= m.start <= end + span:
            return Slot(m.actor, m.start, m.end, "first actor after")
    return None


def _is_passive(text: str, start: int) -> bool:
    """A form of "be" (adverbs skipped) right before the participle: "was (strongly) criticised"."""
    before = [w.lower() for w, _, _ in tokens(text[max(0, start - 40) : start], 0)]
    while before and _ADVERB.match(before[-1]):
        before.pop()
    return bool(before) and before[-1] in _BE - {"has", "had", "have"}


def _agent(context: SentenceContext, end: int, words: SourceWords) -> Slot | None:
    """The "by" phrase of a passive: "was criticised by the Scottish National Party"."""
    match = _AGENT_BY.match(context.text[end:])
    if not match:
        return None
    phrase = _object(context.text, end + match.end())
    return _resolve(phrase, context.mentions, words, head="last", via="by")


def _instance(kind, frame, term, start, end, blamer: Slot | None, target: Slot | None) -> BlameInstance:
    b = blamer or Slot("", -1, -1, "")
    t = target or Slot("", -1, -1, "")
    return BlameInstance(
        kind, frame, term, start, end, b.name, b.start, b.end, b.via, t.name, t.start, t.end, t.via
    )


def _distinct(blamer: Slot | None, target: Slot | None) -> bool:
    """A target that is a named actor (codebook: "MPs" or "critics" are not), other than the blamer."""
    if target is None or (blamer is not None and blamer.name == target.name):
        return False
    return not target.group or _norm_word(target.name.split()[-1]) in _GOVERNMENT_HEADS


# ---------------------------------------------------------------- rules per frame


def _not_a_verb(text: str, start: int) -> bool:
    """A noun ("the ongoing dispute", "a defence") or a negated verb ("did not criticise")."""
    previous = _previous_words(text, start, 1)
    return bool(previous) and previous[0] in _DETERMINERS or _negated(text, start)


# "the Benghazi attacks", "the Paris attacks": a determiner and a capitalised word make "attacks" a noun, unless
# that word names an actor ("the Tories attack Labour's plans").
_NAMED_EVENT = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Tt]hose)\s+([A-Z][\w'\u2019-]*)\s+$")


def _named_event(context: SentenceContext, start: int) -> bool:
    match = _NAMED_EVENT.search(context.text, max(0, start - 40), start)
    return match is not None and not any(m.start <= match.start(1) < m.end for m in context.mentions)


def _verb_rule(context, start, end, term, frame, words):
    """accuse/attack/hold/defend X: active (subject -> object) or passive (agent -> subject)."""
    kind = FRAME_KIND[frame]
    text = context.text
    if term.lower() == "blame" and _previous_words(text, start, 1) == ["the"]:
        return _blame_placed(context, start, end, term, frame, words)
    if _not_a_verb(text, start) or (frame == "attack_verb" and _named_event(context, start)):
        return None
    if frame == "hold_verb" and not _held_to_account(context, end):
        return None
    passive = _is_passive(text, start) or (term.endswith("ed") and bool(_AGENT_BY.match(text[end:])))
    if frame == "demand_verb" and not _demands_amends(context, end if passive else _object_end(text, end)):
        return None
    if passive:
        subject = phrase_before(text, _aux_start(text, start))
        target = _resolve(subject, context.mentions, words, head="last", via="subject", whole_name=True)
        if target is None or target.group:
            target = _thing_owner(context, subject, words) or target
        blamer = _agent(context, end, words) or context.speaker
    else:
        phrase = _object(text, end)
        target = _resolve(phrase, context.mentions, words, head="first", via="object")
        if term.endswith("ing"):
            blamer = _first_actor(context, start, words) or context.speaker
        else:
            blamer = _subject(context, start, words) or context.speaker
        if target is None:
            target = _person(context, phrase, start, avoid=blamer.name if blamer else "")
        if (target is None or target.group) and term.lower().startswith("blam"):
            after = phrase[-1][2] if phrase else end  # "blamed the rise on X": the actor after "on"
            target = _blamed_on(context, after, words) or target
    if (
        frame == "defence_verb"
        and term.startswith(("defend", "stood", "stand"))
        and not passive
        and target is None
        and _own_policy(context, blamer, phrase)
    ):
        # "the Home Office defended the measures": a self-defence, blamer = target
        return [_instance(kind, frame, term, start, end, blamer, blamer)]
    targets = [target] if passive else [target, *_conjuncts(context, phrase, words)]
    if frame == "attack_verb":
        targets = [t for t in targets if _political(t, context)]
    return [_instance(kind, frame, term, start, end, blamer, t) for t in targets if _distinct(blamer, t)]


# "blamed the rise in rents ON the government", "laid the blame AT THE DOOR OF ministers": within the clause.
_BLAME_ON = re.compile(
    r"[^,;:.!?\"\u201c\u201d]{0,60}?\s(?:\w+ly\s+)?(?:on|upon|at\s+the\s+door\s+of)\s+", re.IGNORECASE
)
# The verb that places "the blame": "pinned / put / laid / placed / pointed the blame on X".
_PLACES_BLAME = re.compile(
    r"\b(?:pin|pins|pinned|pinning|put|puts|putting|lay|lays|laid|laying|place|places|placed|placing|"
    r"point|points|pointed|pointing|shift|shifts|shifted|shifting)\s+(?:\w+ly\s+)?the\s+$",
    re.IGNORECASE,
)
# "No-one is putting the blame on ...": nobody places it.
_NOBODY = re.compile(r"\b(?:no-one|no one|nobody|none)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE)


def _blamed_on(context: SentenceContext, after: int, words: SourceWords) -> Slot | None:
    """The actor after "on" where blame is placed: "blamed the rise in crime on the government"."""
    match = _BLAME_ON.match(context.text, after)
    if not match:
        return None
    phrase = _object(context.text, match.end())
    return _resolve(phrase, context.mentions, words, head="first", via="on phrase")


def _blame_placed(context, start, end, term, frame, words):
    """ "the Tories pinned the blame on Mr Brown": the subject of the placing verb blames the actor after "on"."""
    window = max(0, start - 40)
    verb = _PLACES_BLAME.search(context.text[window:start])
    if verb is None:
        return None
    verb_start = window + verb.start()
    if _negated(context.text, verb_start) or _NOBODY.search(
        context.text[max(0, verb_start - 40) : verb_start]
    ):
        return None  # "No-one is putting the blame on Robin"
    target = _blamed_on(context, end, words)
    blamer = _subject(context, verb_start, words) or context.speaker
    if not _distinct(blamer, target):
        return None
    return _instance(FRAME_KIND[frame], frame, term, start, end, blamer, target)


def _held_to_account(context: SentenceContext, end: int) -> bool:
    """A hold complement ("responsible", "accountable") within reach after "held"."""
    return any(
        c == "hold_complement" and end <= s and e <= end + _HOLD_REACH for s, e, c in context.complements
    )


def _demands_amends(context: SentenceContext, after: int) -> bool:
    """ "to apologise", "to publicly apologise": a demand complement right after "to" at ``after``."""
    to = _TO_DEMAND.match(context.text, after)
    return bool(to) and any(
        c == "demand_complement" and s in (to.start(1), to.end(1)) for s, _, c in context.complements
    )


def _thing_owner(context: SentenceContext, phrase, words: SourceWords) -> Slot | None:
    """The listed owner of a criticised or defended thing: "The EU's move was welcomed by Beijing" (codebook §8.4).

    Only things an actor does or says (``_POLICY_NOUNS``, ``_UTTERANCES``): "Gordon Brown's
    closest ally was criticised" criticises the ally, not Gordon Brown.
    """
    if not phrase or _norm_word(phrase[-1][0]) not in _POLICY_NOUNS | _UTTERANCES:
        return None
    owner = _possessor_before(context, phrase[-1][1], words)
    if owner is None or not any(m.actor == owner.name for m in context.mentions):
        return None
    return Slot(owner.name, owner.start, owner.end, "owner")


def _own_policy(context: SentenceContext, blamer: Slot | None, phrase) -> bool:
    """An institution defending "the measures" / "its decision" defends itself (codebook §8.2).

    Institutions only: a minister defending "the move" defends the department, which the
    sentence may not name ("Home Office minister Hazel Blears defended the move").
    """
    if blamer is None or not phrase or _norm_word(phrase[-1][0]) not in _POLICY_NOUNS:
        return False
    if phrase[0][0].lower() not in ("the", "its", "their", "this", "these"):
        return False
    return any(m.actor == blamer.name and not m.person for m in context.mentions)


def _object_end(text: str, end: int) -> int:
    """Where the object after a verb ends ("urged London mayor Ken Livingstone| to apologise")."""
    phrase = _object(text, end)
    return phrase[-1][2] if phrase else end


def _conjuncts(context: SentenceContext, phrase, words: SourceWords) -> list[Slot]:
    """Further named objects joined by "and": "criticised both the chancellor and the Tories" (codebook BS6)."""
    found = []
    while phrase:
        match = re.match(r"\s+and\s+", context.text[phrase[-1][2] :])
        if not match:
            break
        phrase = _object(context.text, phrase[-1][2] + match.end())
        if not phrase or (phrase[0][0].islower() and phrase[0][0] not in _DETERMINERS):
            break  # "praised his chancellor and defended ...": a second verb, not a second object
        slot = _resolve(phrase, context.mentions, words, head="first", via="object")
        if slot is None or slot.group:
            break
        found.append(slot)
    return found


def _aux_start(text: str, start: int) -> int:
    """Start of the auxiliary chain before a passive participle ("has been | criticised")."""
    position = start
    for word, s, _ in reversed(tokens(text[max(0, start - 40) : start], max(0, start - 40))):
        if word.lower() in _BE or word.lower() in _AUX_ADVERBS or _ADVERB.match(word.lower()):
            position = s
        else:
            break
    return position


def _rebuttal_rule(context, start, end, term, frame, words):
    """A denial defends the accused: for "that claim" the previous sentence's target, else the rebutter itself.

    "Biden administration officials strongly dispute that claim" defends Joe Biden,
    blamed in the sentence before; "Mr Clarke dismissed the latest Tory attack" is
    Charles Clarke defending himself. Rejecting a proposal ("rejected a
    Conservative compromise offer") opposes a policy and is no instance.
    """
    text = context.text
    if _not_a_verb(text, start):
        return None
    if _is_passive(text, start) or (term.endswith("ed") and bool(_AGENT_BY.match(text[end:]))):
        claim = phrase_before(text, _aux_start(text, start))
        rebutter = _agent(context, end, words) or context.speaker
    else:
        claim = _object(text, end)
        if term.endswith("ing"):
            rebutter = _first_actor(context, start, words) or context.speaker
        else:
            rebutter = _subject(context, start, words) or context.speaker
    if rebutter is None or rebutter.via == "nearest":
        return None  # "..., who had been at the Bicester Hunt in Oxfordshire, denied": not Oxfordshire
    said = " ".join(w for w, _, _ in claim)
    denial = term.startswith(("den", "disput"))
    if _ANAPHORIC_CLAIM.match(said) and context.previous_target:
        target = Slot(context.previous_target, -1, -1, "previous sentence")
    elif denial and (clause := _CLAUSE_AFTER.match(text, end)):
        # "denied Mr Brown made that quote" defends Gordon Brown; "denied the campaign was racist" its owner
        named = [m for m in context.mentions if clause.start(1) <= m.start < clause.end(1)]
        named = [m for m in named if m.actor != rebutter.name]
        if named:
            target = Slot(named[0].actor, named[0].start, named[0].end, "denied clause")
        elif clause.group(1).split()[0].lower() in _PRONOUNS | _DETERMINERS | {"there"}:
            target = Slot(rebutter.name, rebutter.start, rebutter.end, "self")  # "he was", "the campaign was"
        else:
            return None  # "denied fathers' activists had forced the changes": others' deeds, not a defence
    elif denial and _DENIED_GERUND.match(text, end):
        target = Slot(rebutter.name, rebutter.start, rebutter.end, "self")  # "denied accusing Germany"
    elif _CLAIM_NOUN.search(said) or (term.startswith(("den", "disput")) and _CLAUSE_START.match(text[end:])):
        target = Slot(rebutter.name, rebutter.start, rebutter.end, "self")
    else:
        return None
    return _instance("rebuttal", frame, term, start, end, rebutter, target)


def _political(target: Slot | None, context: SentenceContext) -> bool:
    """A verbal attack needs a political target: a party, politician or government, not a country.

    "Russia attacked Ukraine" is war, "Fox attacks Blair's Tory 'lies'" is criticism.
    """
    if target is None:
        return False
    if any(m.actor == target.name and m.category in POLITICAL for m in context.mentions):
        return True
    return bool(set(target.name.lower().split()) & _POLITICAL_HEADS)


def _fault_rule(context, start, end, term, frame, words):
    target = _possessor_before(context, start, words)
    if target is None:
        match = re.match(r"\s+(?:of|by)\s+", context.text[end:])
        if match:
            phrase = _object(context.text, end + match.end())
            target = _resolve(phrase, context.mentions, words, head="first", via="of phrase")
            if target is not None and not any(m.actor == target.name for m in context.mentions):
                target = None  # "the failure of the first competition": only listed actors
    blamer = context.speaker
    if not _distinct(blamer, target):
        return None
    return _instance("blame", frame, term, start, end, blamer, target)


def _cause_rule(context, start, end, term, frame, words):
    """ "a result of Biden's leadership", "because of the Tories": the actor that is (or owns) the cause.

    At most two words may stand between the phrase and the actor, none of them a preposition, pronoun
    or clause word: in "because of his opposition to the war on Iraq" and "because of what has
    happened in Iraq" the actor is inside the cause, not its author.
    """
    target = _listed_after(context, end)
    if target is None:
        return None
    between = context.text[end : target.start].lower().split()
    if len(between) > 2 or any(w in _OBJECT_END or w in _PRONOUNS or w in _OWNER_PRONOUN for w in between):
        return None
    blamer = context.speaker or _subject(context, start, words)
    if not _distinct(blamer, target):
        return None
    return _instance("blame", frame, term, start, end, blamer, target)


def _subject_target_rule(context, start, end, term, frame, words):
    """lie_verb, fail_verb and blame_predicate: the accused is the subject, the speaker blames."""
    text = context.text
    if _previous_words(text, start, 1) in (["of"], ["about"], ["for"]) or _negated(text, start):
        return None  # a gerund complement ("accused him of lying") belongs to the verb before it
    subject = phrase_before(text, _aux_start(text, start))
    target = _resolve(subject, context.mentions, words, head="last", via="subject", whole_name=True)
    if target is None or target.group:  # "Labour's policies are to blame": the owner of the deed
        target = _thing_owner(context, subject, words) or target
    blamer = context.speaker
    if not _distinct(blamer, target):
        return None
    return _instance("blame", frame, term, start, end, blamer, target)


def _attack_noun_rule(context, start, end, term, frame, words):
    phrase = _object(context.text, end)
    target = _resolve(phrase, context.mentions, words, head="first", via="object")
    if not _political(target, context):
        return None
    blamer = (
        _possessor_before(context, start, words) or _nearest_before(context, start, words) or context.speaker
    )
    if not _distinct(blamer, target):
        return None
    return _instance("blame", frame, term, start, end, blamer, target)


def _evaluative_rule(context, start, end, term, frame, words):
    """ "the Tories' sums are a shambles", "Labour's 'fear and smear'": the speaker condemns a listed actor.

    The target is a possessor just before the cue or the last listed actor of the cue's
    clause (after the speaker); only listed actors, so "Ray Cooney's farce" (a play) is not blame.
    """
    if _negated(context.text, start):
        return None
    blamer = context.speaker
    target = _possessor_before(context, start, words) or _clause_actor_before(context, start, blamer)
    if target is None or not any(m.actor == target.name for m in context.mentions):
        return None
    if not _distinct(blamer, target):
        return None
    return _instance("blame", frame, term, start, end, blamer, target)


def _clause_actor_before(context: SentenceContext, start: int, blamer: Slot | None) -> Slot | None:
    """The last listed actor between the start of the cue's clause (or the speaker) and the cue."""
    text = context.text
    clause = max(text.rfind(mark, 0, start) for mark in (",", ";", ":", "(", "\u2014", " - "))
    if blamer is not None and blamer.end > 0 and blamer.end <= start:
        clause = max(clause, blamer.end)
    inside = [m for m in context.mentions if m.start > clause and m.end <= start]
    while len(inside) > 1 and modifies(text, inside[-2], inside[-1]):
        inside.pop(-2)
    if not inside or not _EVALUATES.search(text, inside[-1].end, start):
        return None  # "A Tory government would sort out the shambles": the actor is not what is judged
    m = inside[-1]
    return Slot(m.actor, m.start, m.end, "clause actor")


def _apology_rule(context, start, end, term, frame, words):
    """ "Mr Blunkett has apologised to MPs", "I apologise to Sen. Grassley": an admission of one's own fault,
    a self-blame (codebook §8.2: blamer = target). First person is the quotation's speaker."""
    text = context.text
    if _negated(text, start) or _previous_words(text, start, 1) == ["to"]:
        return None  # "refused to apologise", "would not apologise"
    if term.lower().startswith(("i ", "we ")):
        who = context.speaker
    elif term.endswith("ing"):
        who = _first_actor(context, start, words)
    else:
        verb = _aux_start(text, start)
        who = _subject(context, verb, words)
        if who is not None and (who.via != "subject" or text[who.end : verb].strip()):
            return None  # "saying the prince has apologised", "he's apologised": no guess at who
    if who is None or who.group or not who.name:
        return None
    return _instance(FRAME_KIND[frame], frame, term, start, end, who, who)


def _vindication_rule(context, start, end, term, frame, words):
    """ "said his comments were not racist", "there was nothing wrong with Mr Blair's leadership".

    The speaker clears an actor: the one after "nothing wrong with" / "wrong to suggest" when the
    clause names one, else the owner of what is cleared: "his"/"her" is the speaker (a
    self-defence, blamer = target), a listed possessor ("Labour's campaign") is that actor.
    """
    text = context.text
    speaker = context.speaker
    target = None
    if term.startswith("the "):
        # "Mr Blair said the claims were 'reheated'": the speaker dismisses what is said of him
        target = speaker if speaker is not None and 0 <= speaker.end <= start else None
    elif term.endswith("suggest"):
        clause = _CLAUSE_AFTER.match(text, end)
        if clause is None:
            return None
        subject = tokens(clause.group(1), clause.start(1))
        cleared = _resolve(subject, context.mentions, words, head="first", via="object")
        if cleared is None:
            target = speaker  # "it was wrong to suggest the plan was ...": the speaker's own side
        elif any(m.actor == cleared.name for m in context.mentions):
            target = cleared  # "wrong to suggest Mr Brown would ...": not "the chancellor" unresolved
    elif term.endswith("with"):
        cleared = _resolve(_object(text, end), context.mentions, words, head="first", via="object")
        if cleared is not None and any(m.actor == cleared.name for m in context.mentions):
            target = cleared
    else:
        target = _owner_before(context, start, speaker, words)
    if target is None or target.group:
        return None
    if speaker is None and target.via == "pronoun, previous sentence":
        speaker = target  # "he said his comments were not racist": a self-defence
    return _instance("defence", frame, term, start, end, speaker, target)


def _owner_before(context: SentenceContext, start: int, speaker: Slot | None, words: SourceWords):
    """Whose words or deeds a "were not racist" clears: a possessive within nine words before, else the subject.

    Nine words reach over an elided subject: "his comments may have been offensive but were not racist".
    """
    window = tokens(context.text[max(0, start - 80) : start], max(0, start - 80))[-9:]
    for word, s, e in reversed(window):
        if word.lower() in _OWNER_PRONOUN:
            if speaker is not None:
                return speaker
            person = context.previous_person
            return Slot(person, -1, -1, "pronoun, previous sentence") if person else None
        if word.replace("\u2019", "'").endswith(("'s", "s'")):
            return _possessor_before(context, e + 1, words)
    subject = phrase_before(context.text, _aux_start(context.text, start))
    clause_words = [i for i, (w, _, _) in enumerate(subject) if w.lower() in _CLAUSE_OPENERS]
    if clause_words:
        subject = subject[clause_words[-1] + 1 :]  # "Mr Milburn replied that | they"
    return _resolve(subject, context.mentions, words, head="last", via="subject", whole_name=True)


_RULES = {
    "accuse_verb": _verb_rule,
    "attack_verb": _verb_rule,
    "hold_verb": _verb_rule,
    "rebuttal_verb": _rebuttal_rule,
    "defence_verb": _verb_rule,
    "fault_noun": _fault_rule,
    "cause_phrase": _cause_rule,
    "lie_verb": _subject_target_rule,
    "fail_verb": _subject_target_rule,
    "blame_predicate": _subject_target_rule,
    "attack_noun": _attack_noun_rule,
    "demand_verb": _verb_rule,
    "evaluative": _evaluative_rule,
    "vindication": _vindication_rule,
    "apology": _apology_rule,
}
