"""Hedge/booster cue word lists in ``hedge_lexicons/`` (features for comparison, not labelled data).

Only the clean one-cue-per-line lists are read:
* ``islam2020_hedging_lrec/hedge_words.txt`` and ``booster_words.txt`` (Islam, Xiao & Mercer,
  LREC 2020; ``#`` lines are section headers);
* ``columbia_llaca_en_cues/r_hedge_cues.txt`` (relational hedges) and ``combined_cues``
  (union list; slot templates such as ``on the ____ side`` are skipped).
The propositional list ``p_hedge_cues.txt`` has unmarked group headers ("frequency") and is not read
(its cues are in ``combined_cues``).
"""

from __future__ import annotations

import os
from pathlib import Path

from ._common import require

FOLDER = "hedge_lexicons"
CUE_FILES = {
    "islam2020_hedge": f"{FOLDER}/islam2020_hedging_lrec/hedge_words.txt",
    "islam2020_booster": f"{FOLDER}/islam2020_hedging_lrec/booster_words.txt",
    "columbia_relational": f"{FOLDER}/columbia_llaca_en_cues/r_hedge_cues.txt",
    "columbia_combined": f"{FOLDER}/columbia_llaca_en_cues/combined_cues",
}


def _cues(path: Path) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            cue = " ".join(line.split()).lower().strip("()")
            if not cue or cue.startswith("#") or cue.endswith(":") or "_" in cue or cue in seen:
                continue
            seen.add(cue)
            out.append(cue)
    return out


def load_hedge_cue_lists(data_dir: str | os.PathLike) -> dict[str, list[str]]:
    """``{list name: [lower-cased cue, ...]}`` in file order, de-duplicated.

    Names: ``islam2020_hedge``, ``islam2020_booster``, ``columbia_relational``, ``columbia_combined``.
    Raises `framing.errors.InputError` when a file is missing.
    """
    return {name: _cues(require(Path(data_dir), rel)) for name, rel in CUE_FILES.items()}
