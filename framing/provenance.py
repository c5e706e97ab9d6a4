"""Library versions recorded next to every result (models, benchmarks, figure hashes).

One place that knows how to read each version, so a model file, a benchmark
report and the figure manifest name their environment the same way.
"""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version


def _freetype() -> str:
    from matplotlib import ft2font

    return ft2font.__freetype_version__


_SPECIAL = {"python": platform.python_version, "freetype": _freetype}


def library_versions(*names: str) -> dict[str, str]:
    """``{name: version}`` for each name: "python", "freetype", or an installed distribution."""
    found = {}
    for name in names:
        if name in _SPECIAL:
            found[name] = _SPECIAL[name]()
            continue
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found
