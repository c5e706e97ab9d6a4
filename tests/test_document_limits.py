"""One size limit per document for every input kind, and chunks bounded by text, so memory is bounded."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.corpus import chunked
from framing.errors import InputError
from framing.io.readers import MAX_DOCUMENT_BYTES, Document, read_documents


def refused(paths, **kw) -> str:
    with pytest.raises(InputError) as info:
        read_documents(paths, **kw)
    message = str(info.value)
    assert "\n" not in message and "limit for one document" in message, message
    return message


def test_one_limit_for_txt_and_every_table_kind(tmp_path):
    text = "é" * 600  # 1200 bytes in UTF-8: over a 1000-byte limit, although only 600 characters
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    frame = pd.DataFrame({"id": ["ok", "x"], "text": ["short", text]})
    frame.to_csv(tmp_path / "c.csv", index=False)
    frame.to_parquet(tmp_path / "c.parquet")
    assert "'" in refused(tmp_path / "a.txt", max_text_bytes=1000)
    assert "line 1 of" in refused(tmp_path / "c.jsonl", max_text_bytes=1000)
    assert "row 2 of" in refused(tmp_path / "c.csv", max_text_bytes=1000)
    assert "row 2 of" in refused(tmp_path / "c.parquet", max_text_bytes=1000)
    assert len(read_documents(tmp_path / "c.parquet", max_text_bytes=1200)) == 2


def test_default_limit_applies_to_table_rows(tmp_path):
    big = "a" * (MAX_DOCUMENT_BYTES + 1)
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": big}) + "\n", encoding="utf-8")
    assert "5.0 MB limit" in refused(path)


def test_a_huge_json_line_is_refused_before_parsing(tmp_path, monkeypatch):
    from framing.io.readers import tables

    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps({"text": "short"}) + "\n" + json.dumps({"text": "b" * 7000}) + "\n", encoding="utf-8"
    )
    table = tables._plan_table(path, "text", "id", False, "utf-8")  # parses the first line only
    documents = tables._parse_json_line

    def parse(path_, line, line_no):
        assert len(line) < 6000, "a line far over the limit was handed to the JSON parser"
        return documents(path_, line, line_no)

    monkeypatch.setattr(tables, "_parse_json_line", parse)
    with pytest.raises(InputError, match="line 2 of .* limit for one document"):
        list(
            tables._iter_jsonl(
                table,
                "text",
                "id",
                False,
                "utf-8",
                tables.UniqueIds(),
                1000,
            )
        )


def test_chunks_close_early_when_their_text_is_long():
    docs = [Document(str(i), "x" * 400) for i in range(10)]
    sizes = [len(c) for c in chunked(docs, 200, max_chars=1000)]
    assert sizes == [3, 3, 3, 1]
    assert [len(c) for c in chunked(docs, 4)] == [4, 4, 2]
