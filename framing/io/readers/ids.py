"""Article ids are a key: the second document with an id already seen in the corpus stops the run.

Output rows are keyed by (``article_id``, ``sentence``); two documents sharing an id would
make that key ambiguous and silently merge two articles in every per-article figure. Ids are
compared after the readers normalise them (``1``, ``1.0`` and ``"1"`` are all ``"1"``), across
every input kind: a ``.txt`` stem, a table id column and the ``<stem>:<row>`` numbers.

Memory: the ids seen so far are kept as a set of strings, about 90 bytes per short id, so ten
million documents cost about 1 GB; that is exact (no false alarms, unlike hashing to fewer
bits) and fine for corpora up to tens of millions of documents.
"""

from __future__ import annotations

from framing.errors import InputError
from framing.io.readers.common import _show


class UniqueIds:
    """The ids seen so far; ``add`` raises on the first repeat, naming where it is."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def add(self, doc_id: str, where: str) -> None:
        """``where`` names the document for the message: "line 7 of 'c.jsonl'", "file 'a.txt'"."""
        if doc_id in self._seen:
            raise InputError(
                f"{where} repeats article id {_show(doc_id)}, already used by an earlier document; ids must be "
                'unique across all inputs (1, 1.0 and "1" are the same id, a .txt file\'s id is its name '
                "without .txt): fix the ids, or pass another column with --id-col"
            )
        self._seen.add(doc_id)

    def __len__(self) -> int:
        return len(self._seen)
