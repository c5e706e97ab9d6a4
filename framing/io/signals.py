"""Read back a table ``framing analyze`` wrote, with numbers as numbers.

CSV cells are read as strings (so labels such as "01" survive elsewhere); a
signals table needs its counts and scores numeric again. Text columns stay text.
"""

from __future__ import annotations

import pandas as pd

from framing.models.data import read_table

TEXT_COLUMNS = ("article_id", "kind", "text", "cues", "source_kind", "source_text", "blamer", "blame_target")


def numeric_signals(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every non-text column that holds only numbers made numeric, text columns as ``str``."""
    table = table.copy()
    for column in table.columns:
        if column in TEXT_COLUMNS or pd.api.types.is_numeric_dtype(table[column]):
            continue
        numeric = pd.to_numeric(table[column], errors="coerce")
        if numeric.notna().sum() == table[column].notna().sum():
            table[column] = numeric
    for column in TEXT_COLUMNS:
        if column in table.columns:
            table[column] = table[column].fillna("").astype(str)
    return table


def read_signals(path) -> pd.DataFrame:
    """A signals table (CSV, TSV, JSONL or Parquet) written by ``framing analyze``, numbers numeric."""
    return numeric_signals(read_table(path))
