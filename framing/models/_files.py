"""Atomic file output shared by models, reports and figures: a complete file at the destination, or none."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from framing.io.writers import _check_destination, _default_mode


@contextmanager
def atomic_output(path, *, protected=()) -> Iterator:
    """A binary handle on a temporary file beside ``path``, renamed over it only if the block succeeds.

    An interrupted run never leaves a half-written model or report that a
    later step could mistake for a good one; ``protected`` inputs are never
    overwritten.
    """
    path = Path(path)
    _check_destination(path, protected)
    mode = _default_mode(path)  # mkstemp's 0600 would hide a shared model from collaborators
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
