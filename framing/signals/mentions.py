"""Who each sentence names, linked within its article: listed actors, detected names, surnames and titles.

The actor lists know the parties and the best-known politicians; news names many
more people ("Committee chairman Barry Sheerman", "Prof Lovenduski") and refers
back to them by surname ("Mr Sheerman", "Brown") or by office ("the chancellor").
Codebook §8.4 names persons by their common full name, so this module links, one
article at a time:

* **detected persons**: a capitalised run of two or three words counts as a person
  only with evidence from its context: an honorific ("Mr", "Dr", "Lord",
  "Baroness", "Sir"), a title right before it ("shadow culture secretary John
  Whittingdale", "Chancellor Gordon Brown"), a reporting verb next to it ("said
  Edward Leigh", "Edward Leigh said") or an apposition ("Andrew Hogg, spokesman
  for ...", "David Redvers, 34,"). A bare capitalised pair is not enough: "Downing
  Street", "Westminster Hall" and "Human Rights" are not people;
* **surnames**: "Mr Leigh", "Dr Fox", "Prof Lovenduski" and a bare "Brown" are the
  full name the article gave with that surname ("Edward Leigh", "Liam Fox"); the
  article's own full name wins over a listed surname ("Mr Clarke" is Kenneth Clarke
  in an article about Kenneth Clarke, whatever the list says). "Sir Menzies" is the
  knight with that first name. Peers keep their title when the article gives no other
  name ("Lord Goldsmith"), as the codebook writes them;
* **titles**: an office named next to a person ("Chancellor Gordon Brown", "Gordon
  Brown, the chancellor,", "the home secretary, Charles Clarke") makes a later "the
  chancellor" that person, in that article only. There is no table of office
  holders: who was chancellor depends on the country and the year, so an office the
  article never ties to a name stays unresolved.

* **organisations**: a capitalised run ending in an organisation noun ("Child Support
  Agency", "League Against Cruel Sports"), unless it is a person's affiliation ("project
  manager at the Hansard Society"), which the gold set does not count as a mention.
* **blamers and targets in full** (`name_in_full`): a blamer or target the blame rules
  read from capitalised words rather than from a mention keeps no leading title or
  possessive ("President George W Bush", "Arsenal's Patrick Vieira") and takes the one
  full name its article gives the bare word ("Mourinho", "Mr Strzok"): among linked
  persons first, then among the article's capitalised pairs.

Mentions found here get the categories ``person``, ``organisation`` and, for "the
chancellor", ``person_by_office``: actors with a stance, never partisan features (their
party is unknown), and a reference by office is a slot for the blame rules but not a
stance row of its own (codebook §8.5). Pure regular expressions over the sentences of
one article, nothing downloaded; about a quarter of `framing.analyze`'s CPU time
(README, "Speed": 0.37 s of 1.36 s on 2,225 BBC articles).

Checked by reading what fires on held-out BBC politics, business, tech and
entertainment articles (in no labelled split): most detections are people; the
misses are organisations and bands typed as persons ("Krispy Kreme said", "Snow
Patrol"), which are still actors; "New Yorker Dick Morris" keeps "Yorker".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from framing.signals.blame import FUNCTION_WORDS, BlameInstance, Mention

PERSON = "person"
ORGANISATION = "organisation"
# A person referred to by office ("the chancellor"): a slot for the rules, but not a naming (codebook §8.5 writes
# stance rows for actors named in the sentence, and for targets however they are referred to).
BY_OFFICE = "person_by_office"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _trie(words) -> str:
    """A pattern matching exactly the given words, with shared beginnings factored out:
    ``ab|ac|b`` is ``(?:a(?:b|c)|b)``; a word that is also the beginning of a longer one
    makes the rest optional (``a|ab`` is ``a(?:b)?``)."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


# Honorifics and the gender they imply ("" when none); peers are known by their title.
HONORIFICS = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dr": "",
    "prof": "",
    "professor": "",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "baroness": "f",
    "baron": "m",
}
PEERS = frozenset(["lord", "lady", "baroness", "baron"])
KNIGHTS = frozenset(["sir", "dame"])  # "Sir Menzies": a knight is called by the first name
# Words that end an office or role right before a name ("Home Secretary Charles Clarke", "spokesman Bob").
TITLE_HEADS = _words(
    """
    chancellor secretary minister premier president leader chairman chairwoman chair spokesman spokeswoman
    spokesperson mp mep msp am mayor governor commissioner director editor correspondent chief executive judge
    qc lawyer adviser advisor aide treasurer whip speaker general attorney solicitor deputy candidate member
    campaigner economist analyst professor head officer official founder organiser manager secretary-general
    ex-minister ex-chancellor ex-leader reporter journalist writer author columnist presenter broadcaster nanny
    father mother wife husband son daughter brother sister colleague ally counsel peer councillor senator
    congressman congresswoman representative rep. sen. gov. lt.
    """
)
# Offices a later "the <office>" can refer back to (a "lawyer" or "candidate" is not an office).
OFFICES = _words(
    """
    chancellor secretary minister premier president leader chairman chairwoman mayor governor commissioner
    speaker attorney general whip treasurer
    """
)
# Capitalised words that begin sentences, headlines or places but are not first names or surnames.
_NOT_NAME = _words(
    """
    the a an and but or of in on at to for from by with as if when while after before this that these those
    there it he she they we i you his her their its our my your mr mrs ms dr monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september october november december
    still now then yet so also some many both all one former new last next speaking asked critics despite
    although though since other others among meanwhile earlier later today yesterday shadow labour tory tories
    conservative conservatives liberal democrat democrats lib dem dems green snp ukip british english scottish
    welsh irish european american us uk u.s. eu un nhs bbc itv mps mp commons lords house parliament government
    council party street road square hall london westminster britain england scotland wales ireland northern
    north south east west city court office department ministry committee agency union association institute
    foundation trust service society news radio television tv programme today's online sunday's however what why
    how who where which mrs. mr. dr. says said told added christmas easter budget act bill report inquiry lord
    lady sir dame prime minister secretary chancellor first deputy foreign home justice health education defence
    trade culture environment transport work pensions treasury interior state general attorney president leader
    chairman spokesman
    """
)
_TITLE_OR_NOT_NAME = TITLE_HEADS | _NOT_NAME
_CAP = r"(?:Mc|Mac|O'|D')?[A-Z][a-z\u00e0-\u00ff]+(?:-[A-Za-z][a-z\u00e0-\u00ff]+)?"
_HONORIFIC = r"(?:Mrs|Mr|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron)"
_HONORIFIC_WORD = re.compile(rf"{_HONORIFIC}\.?")
# One capitalised run, optionally after an honorific; a possessive "'s" is left outside.
# The look-ahead for a capital first lets the engine skip every other position (three times faster).
# A middle initial may stand before a later word of the run ("Roy S. Moore", "George W. Bush"); it is no part of
# the name the person is linked under (codebook §8.4: the common full name).
_NEXT_CAP = rf"\s+(?:[A-Z]\.\s+)?{_CAP}"
_INITIAL = re.compile(r"[A-Z]\.")
_RUN = re.compile(
    rf"(?=[A-Z])(?<![\w'\u2019-])(?:(?P<hon>{_HONORIFIC})\.?\s+(?P<name>{_CAP}(?:{_NEXT_CAP}){{0,5}})"
    rf"|(?P<run>{_CAP}(?:{_NEXT_CAP}){{1,5}}))\b"
)
# What every _RUN match starts with: a capital no word character comes before, a word, white space, a capital.
# Its pattern opens with the capital itself, so ``re`` skips to the next capital in C instead of trying a
# look-ahead at every position; _runs tries _RUN only where it matches.
_RUN_START = re.compile(r"[A-Z](?<![\w'\u2019-].)[\w'.-]*\s+[A-Z]")
_REPORTING_VERBS = _words(
    "said says told added insisted argued warned claimed explained admitted wrote asked replied"
)
_REPORTING = rf"(?:{'|'.join(sorted(_REPORTING_VERBS))})"  # no verb is a prefix of another: order is free
_SAID_BEFORE = re.compile(rf"\b{_REPORTING}\s+$")
_SAID_AFTER = re.compile(rf"^(?:\s*,\s*\d+,)?\s+(?:has\s+|had\s+|also\s+|later\s+)?{_REPORTING}\b")
# "Andrew Hogg, spokesman for ...", "David Redvers, 34,", "Philippe Sands QC", "Mr Baker, the Lib Dem ...".
_APPOSITION = re.compile(
    r"^(?:,\s+(?:\d+,|the\s+|a\s+|an\s+|who\b|from\s+[A-Z]|of\s+(?:the\s+)?[A-Z]|[a-z]+\s+(?:for|of|at)\b)|\s+QC\b|\s+MP\b)"
)
# Last words of organisations, never of a person's name.
ORG_HEADS = _words(
    """
    executive officers research council association society institute agency authority commission committee
    trust foundation group union federation board service services network campaign coalition alliance league
    partners bank fund times post guardian telegraph mail express herald news chambers college university school
    hospital centre center club
    """
)


class _EndsWith:
    """``pattern.search(text)`` for a pattern that ends in ``(?:word|...)\\s+$``, run only where it can match.

    The search tries the pattern at every position of the text; a match needs the text,
    without its trailing white space (``str.rstrip`` strips what ``\\s`` matches), to end
    with one of ``words``: one C call, false for most texts.
    """

    def __init__(self, pattern: re.Pattern, words):
        self.pattern = pattern
        self.words = tuple(sorted(words))

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if text.rstrip().endswith(self.words) else None


_INSIDE_ORGANISATION = _EndsWith(
    re.compile(r"[A-Z][\w'\u2019]*\s+(?:of|and|for|&)\s+(?:the\s+)?$"), ["of", "and", "for", "&", "the"]
)
_PREPOSITIONS = frozenset(["in", "at", "from", "to", "into", "across", "near"])
_PLACE_BEFORE = _EndsWith(re.compile(r"\b(?:in|at|from|to|into|across|near)\s+$"), _PREPOSITIONS)


# Party words before a name are a title of sorts: "Lib Dem Norman Baker", "Tory MP Tim Collins".
PARTY_WORDS = _words(
    """
    labour tory tories conservative liberal democrat lib dem snp plaid green ukip republican democratic
    """
)
_TITLE_OR_PARTY = TITLE_HEADS | PARTY_WORDS


@dataclass
class _Person:
    """One person an article names: the full name once known, and what may refer back to it."""

    name: str
    surname: str
    first: str = ""
    gender: str = ""
    full: bool = False  # first name and surname both given


@dataclass
class ArticleNames:
    """The people of one article, for linking surnames, knights' first names and offices to full names."""

    by_surname: dict[str, str] = field(default_factory=dict)
    by_first: dict[str, str] = field(default_factory=dict)
    offices: list[tuple[int, int, str, str]] = field(default_factory=list)  # sentence, start, office, name
    surnames: set[str] = field(default_factory=set)  # as written: "McConnell", "Kilroy-Silk"

    def add(self, person: _Person) -> None:
        """Register a full name; a surname two people share ("Gianni" and "Umberto Agnelli") links to neither."""
        if person.full:
            self.surnames.add(person.surname)
            for table, key in (
                (self.by_surname, person.surname.lower()),
                (self.by_first, person.first.lower()),
            ):
                if table.get(key, person.name) != person.name:
                    table[key] = ""
                else:
                    table[key] = person.name

    def full_name(self, name: str) -> str:
        """ "Mr Livingstone" as the full name the article gave that surname, else unchanged."""
        if " " in name and name.split()[0].lower() in HONORIFICS:
            return self.by_surname.get(name.split()[-1].lower()) or name
        return name

    def office_holder(self, office: str, sentence: int) -> str:
        """The person last named with this office before ``sentence``, else the first named after it."""
        held = [(i, self.full_name(name)) for i, _, o, name in self.offices if o == office]
        before = [name for i, name in held if i <= sentence]
        if before:
            return before[-1]
        return held[0][1] if held else ""


def link_mentions(
    texts: Sequence[str], listed: dict[int, list[Mention]], documents: Sequence[int] | None = None
) -> dict[int, list[Mention]]:
    """Per sentence, the listed actors plus the persons this article names, all under full names.

    ``listed`` holds the actor-list mentions per sentence index (canonical already);
    ``documents`` gives each sentence's article (None: every text is its own article,
    so nothing links across unrelated texts). Returns a new mapping, mentions in text order.
    """
    result: dict[int, list[Mention]] = {}
    for indices in _articles(len(texts), documents):
        result.update(_link_article(texts, listed, indices))
    return result


def _articles(n: int, documents: Sequence[int] | None) -> list[list[int]]:
    if documents is None:
        return [[i] for i in range(n)]
    groups: dict[int, list[int]] = {}
    # Python ints, converted in one call: grouping by numpy scalars takes about four times as long.
    for i, d in enumerate(np.asarray(documents, dtype=np.int64).tolist()):
        groups.setdefault(d, []).append(i)
    return list(groups.values())


def _link_article(texts, listed, indices) -> dict[int, list[Mention]]:
    """The mentions of one article's sentences, for the sentences that have any (most have none)."""
    names = ArticleNames()
    found: dict[int, list[tuple[Mention, _Person | None]]] = {}
    candidates = {i: people for i in indices if (people := list(_detect(texts[i], listed.get(i, []))))}
    honoured = {
        p.surname.lower() for found in candidates.values() for p, *_ in found if not p.full and p.surname
    }
    # A full name the article introduces with evidence ("Prime Minister Justin Trudeau") is that person
    # again where it stands bare ("... held Justin Trudeau responsible").
    introduced = {p.name for found in candidates.values() for p, *_, weak in found if p.full and not weak}
    for order, i in enumerate(indices):
        text = texts[i]
        own = listed.get(i, [])
        detected = []
        for person, start, end, office, weak in candidates.get(i, ()):
            if weak and person.surname.lower() not in honoured and person.name not in introduced:
                continue
            names.add(person)
            detected.append((Mention(person.name, start, end, True, PERSON), person))
            if office:
                names.offices.append((order, start, office, person.name))
        for m in own:
            if (
                m.person and " " in m.actor and not _surname_only(m)
            ):  # "Mr Clarke" says nothing of which Clarke
                first, *_, surname = m.actor.split()
                names.add(_Person(m.actor, surname, first, full=True))
                office = _office_of(text, m.start, m.end)
                if office:
                    names.offices.append((order, m.start, office, m.actor))
        if _ORGANISATION_HEAD.search(text):  # what every organisation holds; most sentences have none
            detected += [(m, None) for m in _organisations(text, own + [m for m, _ in detected])]
        if own or detected:
            found[i] = [(m, None) for m in own] + detected
    heads = {office.split()[-1] for _, _, office, _ in names.offices}
    # Longest surname first, so "Kilroy-Silk" claims its span before "Kilroy", and the result never depends on set
    # order (string hashing differs between processes). Sorted once per article, not per sentence.
    surnames = sorted(names.surnames, key=lambda s: (-len(s), s))
    result = {}
    for order, i in enumerate(indices):
        text = texts[i]
        mentions = [_relink(m, person, names) for m, person in found[i]] if i in found else []
        present = [s for s in surnames if s in text]  # a substring test first: cheap
        if present and mentions:  # most occurrences are inside a full name already found: test outside them
            outside = _outside(text, mentions)
            present = [s for s in present if s in outside]
        if present:
            mentions += _bare_surnames(text, present, mentions, names)
        if heads:
            lowered = text.lower()
            if any(head in lowered for head in heads):  # a substring test first: cheap
                mentions += _offices(text, mentions, names, order)
        if len(mentions) > 1:
            mentions.sort(key=lambda m: (m.start, -m.end))
        if mentions:
            result[i] = mentions
    return result


def _outside(text: str, mentions: list[Mention]) -> str:
    """The text outside the mentions' spans, the pieces joined by NUL: a word found in it lies outside them all."""
    pieces, last = [], 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start > last:
            pieces.append(text[last : m.start])
        last = max(last, m.end)
    pieces.append(text[last:])
    return "\x00".join(pieces)


def _relink(mention: Mention, person: _Person | None, names: ArticleNames) -> Mention:
    """A surname-only form under the full name this article gives it ("Mr Leigh" -> "Edward Leigh")."""
    if person is not None and not person.full:
        key = person.first.lower() if person.first else person.surname.lower()
        table = names.by_first if person.first else names.by_surname
        full = table.get(key)
        if full:
            return Mention(full, mention.start, mention.end, True, PERSON)
        return mention
    if person is None and mention.person and " " not in mention.actor.strip():
        return mention
    if person is None and mention.person:
        # A listed surname alias ("mr clarke") against this article's own full name with that surname.
        surface = mention.actor.split()[-1].lower()
        full = names.by_surname.get(surface)
        if full and full != mention.actor and _surname_only(mention):
            return Mention(full, mention.start, mention.end, True, mention.category)
    return mention


def _surname_only(mention: Mention) -> bool:
    return mention.end - mention.start <= len(mention.actor.split()[-1]) + 4  # "Mr Clarke", "Clarke"


def _detect(text: str, listed: list[Mention]):
    """Persons in one sentence that no listed actor covers: (person, start, end, office before it, weak).

    A weak person is a capitalised pair with no evidence around it ("Shani Rhys James is
    worried"): it counts only when the article also calls someone by that surname with an
    honorific ("Ms James").
    """
    for match in _runs(text):
        honorific, name, run = match.group("hon", "name", "run")
        hon = honorific.lower() if honorific else ""
        if hon:
            run = name
        words = run.split()
        lowered = run.lower().split()  # words[k].lower(), in one call: the run is ASCII and Latin-1 letters
        start, end = match.span()  # the honorific or the run opens the match; the name or the run ends it
        # Leading office words of a capitalised run are a title, not a name: "Home Secretary Charles Clarke".
        lead = 0
        for k, w in enumerate(lowered[:-1]):
            if w in _TITLE_OR_NOT_NAME:
                lead = k + 1
        title = lowered[:lead]
        if not hon and lead:
            inner = _HONORIFIC_WORD.fullmatch(words[lead - 1])
            if inner:  # "But Mr Bush": the honorific closes the leading words
                honorific = inner.group().rstrip(".")
                hon = honorific.lower()
            words, lowered = words[lead:], lowered[lead:]
            start = end - len(" ".join(words))
        if "." in run:  # a middle initial ("Roy S. Moore"): not a word of the name
            words = [w for w in words if not _INITIAL.fullmatch(w)]
        if (
            not words
            or (not hon and len(words) < 2)
            or (listed and any(m.start < end and start < m.end for m in listed))
        ):
            continue
        if len(words) > 3 or lowered[-1] in ORG_HEADS or not _NOT_NAME.isdisjoint(lowered):
            continue
        before, after = text[max(0, start - 60) : start], text[end:]
        if (
            _INSIDE_ORGANISATION.search(before)
            or (not hon and _PLACE_BEFORE.search(text[max(0, match.start() - 20) : match.start()]))
            or not _PREPOSITIONS.isdisjoint(title)  # "In Hong Kong": what follows the preposition is a place
        ):
            continue  # "National Association of | Probation Officers", "Health and | Safety Executive"
        office = _office_of(text, start, end) if not lead else _office_in(run, words)
        weak = not hon and not (
            office
            or not _TITLE_OR_PARTY.isdisjoint(title)
            or _TITLE_AT_END.search(before)
            or _SAID_AT_END.search(before)
            or _SAID_AFTER.match(after)
            or _APPOSITION.match(after)
        )
        name = " ".join(words)
        if hon in PEERS and len(words) == 1:
            # Not full: a full name the article gives elsewhere ("Betty Boothroyd") claims "Baroness Boothroyd".
            person = _Person(f"{honorific} {name}", words[0], gender=HONORIFICS[hon])
        elif hon in KNIGHTS and len(words) == 1:
            person = _Person(f"{honorific} {name}", "", first=words[0], gender=HONORIFICS[hon])
        elif len(words) == 1:
            person = _Person(f"{honorific} {name}", words[0], gender=HONORIFICS.get(hon, ""))
        else:
            person = _Person(name, words[-1], words[0], gender=HONORIFICS.get(hon, ""), full=True)
        yield person, start, end, office, weak


def _runs(text: str):
    """``_RUN.finditer(text)``, with _RUN tried only where _RUN_START matches.

    _RUN_START matches wherever _RUN does (a necessary condition), so skipping the
    positions it rejects, and resuming after each match as ``finditer`` does, finds
    the same matches. Most sentences hold no capitalised pair and cost one search.
    """
    start = _RUN_START.search(text)
    while start:
        match = _RUN.match(text, start.start())
        start = _RUN_START.search(text, match.end() if match else start.start() + 1)
        if match:
            yield match


# A role right before a name: "spokesman Bob Wellington", "chief Ken Hughes", "MEP Caroline Lucas".
_TITLE_BEFORE = re.compile(rf"\b{_trie(TITLE_HEADS)},?\s+$", re.IGNORECASE)
# Words that qualify an office: "shadow home secretary", "work and pensions secretary".
_OFFICE_MODIFIERS = _words(
    """
    shadow deputy acting first prime home foreign chief junior party health education defence culture trade
    transport environment treasury scottish welsh europe industry attorney
    """
) | {
    "work and pensions",
    "northern ireland",
    "constitutional affairs",
    "local government",
    "international development",
}
_OFFICE_CORE = rf"(?:\b{_trie(_OFFICE_MODIFIERS)}\s+){{0,3}}{_trie(OFFICES)}"
_FORMER = re.compile(r"\b(?:former|ex-|then)\s*$", re.IGNORECASE)
_OFFICE_PHRASE = re.compile(rf"{_OFFICE_CORE},?\s+$", re.IGNORECASE)  # "Chancellor Gordon Brown"
_OFFICE_APPOSED = re.compile(
    rf"^,\s+the\s+({_OFFICE_CORE})\s*(?:[,.;]|$)", re.IGNORECASE
)  # "Brown, the chancellor,"


def _office_of(text: str, start: int, end: int) -> str:
    """The office named beside a person: right before ("Chancellor | Gordon Brown") or as an apposition after."""
    # The apposition opens with a comma; most names have none after them, so the match is rarely tried.
    after = _OFFICE_APPOSED.match(text[end : end + 60]) if text.startswith(",", end) else None
    return _office_before(text, start) or (" ".join(after.group(1).lower().split()) if after else "")


class _WordAtEnd:
    """``pattern.search(text)`` for a pattern that ends in ``(?:word|...),?\\s+$``, run only where it can match.

    The search tries the whole alternation at every position of the text. A necessary
    condition is one anchored match: the text, read backwards, is white space, a comma if
    ``comma``, then one of the words backwards (with the pattern's flags: ``re.IGNORECASE``
    compares one character at a time, so reversing changes nothing). The words are written
    as a trie, which ``re`` tries letter by letter instead of word by word (three times faster).
    """

    def __init__(self, pattern: re.Pattern, words, *, comma: bool = False):
        self.pattern = pattern
        backwards = _trie([w[::-1] for w in words])
        self.ending = re.compile(rf"\s+{',?' if comma else ''}{backwards}", pattern.flags)

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self.ending.match(text[::-1]) else None


_TITLE_AT_END = _WordAtEnd(_TITLE_BEFORE, TITLE_HEADS, comma=True)
_OFFICE_AT_END = _WordAtEnd(_OFFICE_PHRASE, OFFICES, comma=True)
_SAID_AT_END = _EndsWith(_SAID_BEFORE, _REPORTING_VERBS)


def _office_before(text: str, start: int) -> str:
    """The office named right before a person ("Chancellor | Gordon Brown"), lower case, "" when none."""
    match = _OFFICE_AT_END.search(text[max(0, start - 60) : start])
    if not match or _FORMER.search(text[max(0, start - 80) : max(0, start - 60) + match.start()]):
        return ""
    return " ".join(match.group().lower().rstrip(", ").split())


def _office_in(run: str, words: list[str]) -> str:
    title = run[: len(run) - len(" ".join(words))]
    return _office_before(title, len(title))


def _bare_surnames(
    text: str, surnames: list[str], mentions: list[Mention], names: ArticleNames
) -> list[Mention]:
    """A capitalised surname on its own ("Brown and Blair face new rift claims") that the article named in full.

    ``surnames`` are the article's surnames found in ``text``, in the order they claim spans.
    """
    found = []
    taken = list(mentions)  # spans a surname may not overlap: most occurrences are inside a full name
    for match in (m for surname in surnames for m in _surname_matches(surname, text)):
        start, end = match.span()
        if any(m.start < end and start < m.end for m in taken):
            continue
        word = match.group()
        full = names.by_surname.get(word.lower())
        if not full or not word[:1].isupper() or word.lower() in _NOT_NAME:
            continue
        following = text[end:].lstrip(" '\u2019s")
        if following[:1].isupper() or _CAP_BEFORE.search(text[:start]):
            continue  # part of another name ("Brown University", "Gordon Brown" already found)
        found.append(Mention(full, start, end, True, PERSON))
        taken.append(found[-1])
    return found


_WORD_BEFORE = r"[\w'\u2019-]"  # a surname starts where none of these comes before it
_IS_WORD_BEFORE = re.compile(_WORD_BEFORE)
_WORDLIKE = re.compile(rf"{_WORD_BEFORE}+")


def _surname_matches(surname: str, text: str):
    """The surname as a whole word in ``text``, as ``(?<![\\w'’-])surname\\b`` finds it.

    A pattern that opens with the surname itself lets ``re`` jump between occurrences
    of it instead of trying the look-behind at every position; the look-behind is then
    checked on each occurrence. The two agree when every character of the surname is
    one the look-behind rejects (an occurrence it skips cannot hide another starting
    inside it); any other surname keeps the look-behind pattern.
    """
    pattern, opens_with_surname = _surname_pattern(surname)
    if not opens_with_surname:
        return pattern.finditer(text)
    return (
        m for m in pattern.finditer(text) if not (m.start() and _IS_WORD_BEFORE.match(text, m.start() - 1))
    )


@lru_cache(maxsize=8192)
def _surname_pattern(surname: str) -> tuple[re.Pattern, bool]:
    """The surname's whole-word pattern, compiled once (corpora name more surnames than ``re``'s cache holds),
    and whether it opens with the surname (only word characters in it) rather than with the look-behind."""
    if _WORDLIKE.fullmatch(surname):
        return re.compile(rf"{re.escape(surname)}\b"), True
    return re.compile(rf"(?<!{_WORD_BEFORE}){re.escape(surname)}\b"), False


# "the chancellor", "the shadow home secretary": "the", up to three modifiers, an office; not "the Chancellor Gordon
# Brown" (a name follows) nor "the leader of the Opposition" (a different office).
_THE_OFFICE = re.compile(
    rf"(?=[Tt][Hh][Ee]\s)\bthe\s+((?:[A-Za-z-]+\s+){{0,3}}?(?:{'|'.join(sorted(OFFICES, key=len, reverse=True))}))\b"
    rf"(?!\s+(?-i:{_CAP})|\s+of\b)",
    re.IGNORECASE,
)
_CAP_BEFORE = re.compile(rf"(?:{_CAP}|{_HONORIFIC}\.?)\s+$")


def _offices(text: str, mentions: list[Mention], names: ArticleNames, sentence: int) -> list[Mention]:
    """ "the chancellor" as the person the article named with that office, when it did."""
    found = []
    held = {o for _, _, o, _ in names.offices}
    for match in _THE_OFFICE.finditer(text):
        words = match.group(1).lower().split()
        # The longest office the article tied to a name: "the shadow home secretary" before "the home secretary".
        office = next((" ".join(words[k:]) for k in range(len(words)) if " ".join(words[k:]) in held), "")
        start, end = match.span()
        if not office or any(m.start < end and start < m.end for m in mentions):
            continue
        holder = names.office_holder(office, sentence)
        if holder:
            found.append(Mention(holder, start, end, True, BY_OFFICE))
    return found


# Heads that make a capitalised run an organisation: "Child Support Agency", "League Against Cruel Sports",
# "British National Party", "Darlington Council". Only capitalised heads, so "the party" or "a council" is not one.
ORGANISATION_HEADS = (
    "Agency|Council|Assembly|Committee|League|Campaign|Party|Authority|Commission|Association|Society|Trust|"
    "Foundation|Institute|Union|Federation|Confederation|Network|Coalition|Alliance|Service|Lobby|Democrats|"
    "Ombudsman|Inspectorate|Tribunal|Corporation|Forum|Movement|Group"
)
_ORGANISATION = re.compile(
    rf"(?=[A-Z])(?<![\w'\u2019-])((?:[A-Z][\w'\u2019&-]*\s+(?:(?:of|for|against|on)\s+)?){{1,6}}"
    rf"(?:{ORGANISATION_HEADS}))\b(?!\s+(?:of\s+)?[A-Z])"  # not "National Institute | of Medical Research", "Child Trust | Fund"
)
_ORGANISATION_HEAD = re.compile(rf"(?:{ORGANISATION_HEADS})\b")  # what every _ORGANISATION match contains
# An organisation after "of the", "at the", "from the" is a person's affiliation ("project manager at the Hansard
# Society"), which the gold set does not count as a mention of the organisation.
_AFFILIATION = _EndsWith(
    re.compile(r"\b(?:of|at|for|from|with)\s+(?:the\s+)?$"), ["of", "at", "for", "from", "with", "the"]
)


def _organisations(text: str, taken: list[Mention]) -> list[Mention]:
    """Named organisations the lists lack, by a capitalised head noun; leading sentence words stripped."""
    found = []
    for match in _ORGANISATION.finditer(text):
        words = match.group(1).split()
        while words and (
            words[0].lower() in _NOT_ORGANISATION_WORDS or words[0].lower() in _CONNECTORS
        ):  # "Chief Executive of | Hereford Hospitals NHS Trust"
            words = words[1:]
        if len(words) < 2:
            continue  # "New Party" after stripping "New" is one word: too generic to name anyone
        start = match.end(1) - len(" ".join(words))
        end = match.end(1)
        if _AFFILIATION.search(text[max(0, start - 12) : start]) or _INSIDE_ORGANISATION.search(
            text[max(0, start - 40) : start]
        ):  # "Securities and | Exchange Commission"
            continue
        if text[start:end] != " ".join(words) or any(m.start < end and start < m.end for m in taken):
            continue  # irregular spacing, or a listed actor or person already covers it
        found.append(Mention(" ".join(words).replace("\u2019", "'"), start, end, False, ORGANISATION))
    return found


_CONNECTORS = frozenset(["of", "for", "against", "on", "neither", "either", "whether", "every", "each"])
# Words that begin sentences but also begin organisation names: "British National Party", "London Assembly".
ORGANISATION_MODIFIERS = _words(
    """
    british english scottish welsh irish european london national new labour green liberal democrat
    northern north south east west health house commons lords city
    """
)
# Leading words stripped from an organisation's run, computed once (not a set union per word).
_NOT_ORGANISATION_WORDS = (_NOT_NAME | TITLE_HEADS) - ORGANISATION_MODIFIERS


def name_in_full(
    instances: dict[int, list[BlameInstance]],
    texts: Sequence[str],
    documents: Sequence[int] | None,
    mentions: dict[int, list[Mention]],
) -> dict[int, list[BlameInstance]]:
    """Blamers and targets the blame rules read from bare capitalised words, under the full name the article gives.

    "Mourinho" is Jose Mourinho and "Mr Strzok" Peter Strzok where the article names them so elsewhere; a title
    or possessive before a full name goes ("President George W Bush", "Arsenal's Patrick Vieira"). A word stays as
    it is when its article gives no full name with it, or several. Persons the mention linking found come first,
    then any capitalised pair of the article (a headline in title case is not read for pairs).
    """
    if not instances:
        return instances
    articles = None if documents is None else np.asarray(documents)
    names: dict[int, _FullNames] = {}
    result = {}
    for i, found in instances.items():
        k = i if articles is None else int(articles[i])
        if k not in names:  # only the articles that blame: most hold no instance
            indices = [i] if articles is None else np.flatnonzero(articles == k).tolist()
            names[k] = _FullNames(indices, texts, mentions)
        in_full = names[k].in_full
        renamed = []
        for b in found:
            blamer, target = in_full(b.blamer), in_full(b.target)
            same = blamer == b.blamer and target == b.target
            renamed.append(b if same else replace(b, blamer=blamer, target=target))
        result[i] = renamed
    return result


class _FullNames:
    """One article's full names: by surname among the persons the mention linking found, then among the article's
    capitalised pairs, then by first name among those persons. Read when a bare name first asks (most blamers and
    targets are listed actors), and only the sentences that hold the word."""

    def __init__(self, indices: list[int], texts: Sequence[str], mentions: dict[int, list[Mention]]):
        self.indices, self.texts, self.mentions = indices, texts, mentions
        self.known = {m.actor for i in indices for m in mentions.get(i, ())}
        self._people: set[str] | None = None

    def in_full(self, name: str) -> str:
        words = name.split()
        while len(words) > 1 and _qualifier(words[0]):
            words = words[1:]
        if not words or (name in self.known and len(words) == len(name.split())):
            return name  # empty, or an actor the lists or the mention linking named, with no title to drop
        if len(words) > 1:
            # A title or possessive dropped; not when that leaves a common noun ("Lloyd's of London").
            return " ".join(words) if words[0][0].isupper() else name
        word = words[0]
        people = self.people()
        # A source that offers several full names leaves the choice to the next. No first names from pairs:
        # "Yahoo Messenger" would rename the company "Yahoo".
        for found in (
            {p for p in people if p.split()[-1] == word},
            self.pairs_ending(word),
            {p for p in people if p.split()[0] == word},
        ):
            if len(found) == 1:
                return next(iter(found))
        return name

    def people(self) -> set[str]:
        if self._people is None:
            # Full names only: a linked "Mr Strzok" is a person, but not the name a bare "Strzok" should take.
            self._people = {
                _full_name(m.actor)
                for i in self.indices
                for m in self.mentions.get(i, ())
                if m.person and " " in m.actor
            } - {""}
        return self._people

    def pairs_ending(self, word: str) -> set[str]:
        found = set()
        for i in self.indices:
            text = self.texts[i]
            if word not in text:  # a substring test first: most sentences do not hold the word
                continue
            pairs = [m.group(1) for m in _FULL_NAME_PAIR.finditer(text) if _opens_run(text, m.start())]
            if pairs and not _title_case(text):
                found.update(
                    name for pair in pairs if (name := _full_name(pair)) and name.split()[-1] == word
                )
        return found


def _full_name(pair: str) -> str:
    """ "George W Bush" as written, "Roy S. Moore" without its initial (as the mention linking names him); "" when
    the first word is an honorific, a title, a word that opens sentences ("In Brazil", "Mr Strzok", "During Bush's
    ...") or a participle ("Praising Celtic and Rangers ...")."""
    words = [w for w in pair.split() if not _INITIAL.fullmatch(w)]
    first = words[0].lower()
    if (
        first in _TITLE_OR_NOT_NAME
        or first in HONORIFICS
        or first in FUNCTION_WORDS
        or (first.endswith("ing") and len(first) > 5)
        or words[-1].lower() in _NOT_NAME
    ):
        return ""
    return " ".join(words)


def _opens_run(text: str, start: int) -> bool:
    """Nothing capitalised but a title or a possessive stands right before: "Special Agent Strzok" holds no full
    name, "President George W Bush" and "Arsenal's Patrick Vieira" do."""
    before = _PREVIOUS_WORD.search(text, 0, start)
    if before is None:
        return True
    word = before.group(1)
    return not word[0].isupper() or _qualifier(word)


def _qualifier(word: str) -> bool:
    """A title or a possessive, which may stand before a full name and is no part of it ("President", "Arsenal's")."""
    return word.lower().rstrip(".") in _LEADING_TITLES or word.endswith(("'s", "\u2019s"))


def _title_case(text: str) -> bool:
    """A headline in title case ("Trump Accuses Former Clinton Aide"): more than 60 % of its words capitalised."""
    words = len(_ANY_WORD.findall(text))
    return words >= 4 and len(_CAPITALISED_WORD.findall(text)) > 0.6 * words


# Two capitalised words with an optional middle initial that end a capitalised run (a possessive may follow), at
# every word start (overlapping: "Fly-half Charlie Hodgson" holds "Charlie Hodgson"; "St. Louis Tea Party" holds no
# "Louis Tea", "Colorado Gov. John Hickenlooper" no "Colorado Gov").
_FULL_NAME_PAIR = re.compile(
    rf"(?<![\w'\u2019.-])(?=({_CAP}(?: [A-Z]\.?)? {_CAP})(?:['\u2019]s)?(?![\w'\u2019-]| [A-Z]|\. [A-Z]))"
)
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_ANY_WORD = re.compile(r"[A-Za-z]+")
_CAPITALISED_WORD = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]*")
# What may stand before a full name in a blamer or target and is no part of it.
_LEADING_TITLES = TITLE_HEADS | (frozenset(HONORIFICS) - PEERS - KNIGHTS)
