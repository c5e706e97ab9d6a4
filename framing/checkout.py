"""Where the repository checkout is, for files that live beside the package rather than in it.

The seed article (``seeds/``), the labelled sets (``data/labelled/``) and the committed
figures (``docs/figures/``) are repository files: a non-editable install puts the package
in site-packages without them. So they are looked for in the source tree the package was
imported from (editable install), then in the current folder and its parents (a
notebook runs in ``notebooks/``, a user in the checkout or below it).
"""

from __future__ import annotations

from pathlib import Path

from framing.errors import InputError

SEED_NAME = "nbc-russia-north-korea-alliance.txt"


def repo_root() -> Path:
    """The checkout holding ``seeds/``: this source tree, else the current folder or one above it."""
    cwd = Path.cwd().resolve()
    for candidate in (Path(__file__).resolve().parents[1], cwd, *cwd.parents):
        if (candidate / "seeds" / SEED_NAME).is_file():
            return candidate
    raise InputError(
        f"seeds/{SEED_NAME} not found: run from the repository checkout (or a folder inside it), or give the "
        "article to draw and where to draw it (framing figures --seed-path ARTICLE.txt --out DIR; Python: "
        "seed_path=..., out_dir=...)"
    )
