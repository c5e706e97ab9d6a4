"""Reading user input and writing outputs safely (framing.io)."""

from __future__ import annotations

import codecs
import hashlib
import json
import os

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from framing.errors import InputError
from framing.io.readers import Document, is_table_path, iter_documents, read_documents
from framing.io.writers import FORMATS, TableWriter, infer_format, write_table


def error_of(fn, *args, **kw) -> str:
    """Run ``fn``, expect an InputError, return its message (checked to be one line)."""
    with pytest.raises(InputError) as info:
        result = fn(*args, **kw)
        if hasattr(result, "__next__"):
            list(result)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, message
    return message


def write(path, data: bytes | str):
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- text files


def test_txt_file_id_is_stem_and_text_is_untouched(tmp_path):
    text = "Line one.\r\nLine two — “quoted”.\n"
    p = write(tmp_path / "article-1.txt", text)
    assert read_documents(p) == [Document("article-1", text)]
    assert read_documents(str(p)) == [Document("article-1", text)]


def test_md_file_is_read(tmp_path):
    p = write(tmp_path / "note.md", "# Heading\n\nBody.")
    assert read_documents([p]) == [Document("note", "# Heading\n\nBody.")]


def test_empty_file_is_refused(tmp_path):
    p = write(tmp_path / "empty.txt", b"")
    msg = error_of(read_documents, p)
    assert "empty.txt" in msg and "empty (0 bytes)" in msg


def test_whitespace_only_file_is_refused(tmp_path):
    p = write(tmp_path / "blank.txt", " \n\t\r\n  ")
    msg = error_of(read_documents, p)
    assert "blank.txt" in msg and "only whitespace" in msg


def test_skip_empty_skips_empty_txt_files(tmp_path):
    write(tmp_path / "a.txt", "")
    write(tmp_path / "b.txt", "  \n")
    write(tmp_path / "c.txt", "real text")
    assert read_documents(tmp_path, skip_empty=True) == [Document("c", "real text")]


def test_binary_file_is_refused(tmp_path):
    p = write(tmp_path / "data.txt", b"abc\x00\x01\x02\xff" * 100)
    msg = error_of(read_documents, p)
    assert "data.txt" in msg and "binary" in msg


def test_known_binary_format_is_named(tmp_path):
    p = write(tmp_path / "paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    msg = error_of(read_documents, p)
    assert "binary" in msg and "PDF" in msg and "pdftotext" in msg


def test_latin1_file_read_as_utf8_names_offset_then_reads_with_latin1(tmp_path):
    text = "Caf\u00e9 au lait, na\u00efve r\u00e9sum\u00e9."
    raw = text.encode("latin-1")
    p = write(tmp_path / "french.txt", raw)
    msg = error_of(read_documents, p)
    assert "french.txt" in msg
    assert f"byte offset {raw.index(0xE9)}" in msg  # the first é
    assert "0xE9" in msg and "line 1" in msg
    assert "--encoding" in msg and "latin-1" in msg
    assert read_documents(p, encoding="latin-1") == [Document("french", text)]


def test_bad_byte_offset_on_later_line(tmp_path):
    raw = b"fine\nstill fine\nbad \x92quote\n"  # cp1252 right single quote
    p = write(tmp_path / "win.txt", raw)
    msg = error_of(read_documents, p)
    assert f"byte offset {raw.index(0x92)}" in msg and "line 3" in msg and "cp1252" in msg
    assert read_documents(p, encoding="cp1252")[0].text == "fine\nstill fine\nbad \u2019quote\n"


def test_utf8_bom_is_stripped(tmp_path):
    p = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + "Hello, w\u00f6rld".encode())
    assert read_documents(p) == [Document("bom", "Hello, w\u00f6rld")]


def test_utf16_with_bom_is_decoded(tmp_path):
    text = "Hello \u00fcber \u4e16\u754c\nsecond line"
    for codec in ("utf-16", "utf-16-be"):
        raw = text.encode(codec) if codec == "utf-16" else codecs.BOM_UTF16_BE + text.encode(codec)
        p = write(tmp_path / f"{codec}.txt", raw)
        assert read_documents(p) == [Document(codec, text)]


def test_utf16_without_bom_gets_a_hint(tmp_path):
    p = write(tmp_path / "wide.txt", "plain ascii text".encode("utf-16-le"))
    msg = error_of(read_documents, p)
    assert "utf-16-le" in msg
    assert read_documents(p, encoding="utf-16-le")[0].text == "plain ascii text"


def test_unknown_encoding(tmp_path):
    p = write(tmp_path / "a.txt", "x")
    assert "unknown text encoding 'klingon'" in error_of(read_documents, p, encoding="klingon")


def test_oversized_txt_is_refused(tmp_path):
    p = write(tmp_path / "book.txt", "word " * 100)  # 500 bytes
    msg = error_of(read_documents, p, max_text_bytes=100)
    assert "book.txt" in msg and "limit" in msg and "split" in msg
    assert read_documents(p, max_text_bytes=500)[0].text == "word " * 100


def test_missing_path(tmp_path):
    msg = error_of(read_documents, tmp_path / "nope.txt")
    assert "nope.txt" in msg and "does not exist" in msg


def test_missing_path_suggests_close_name(tmp_path):
    write(tmp_path / "articles.csv", "text\nx\n")
    msg = error_of(read_documents, tmp_path / "article.csv")
    assert "did you mean" in msg and "articles.csv" in msg


def test_unknown_extension(tmp_path):
    p = write(tmp_path / "data.xlsx", b"whatever")
    msg = error_of(read_documents, p)
    assert "'.xlsx'" in msg
    for ext in (".txt", ".jsonl", ".csv", ".tsv", ".parquet"):
        assert ext in msg


def test_no_paths():
    assert "no input paths" in error_of(read_documents, [])


# --------------------------------------------------------------------------- directories


def test_directory_reads_txt_sorted_by_name_non_recursive(tmp_path):
    for name, text in [
        ("b.txt", "B"),
        ("a.txt", "A"),
        ("c.TXT", "C"),
        ("notes.md", "M"),
        (".hidden.txt", "H"),
    ]:
        write(tmp_path / name, text)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "0.txt", "nested")
    docs = read_documents(tmp_path)
    assert [(d.id, d.text) for d in docs] == [("a", "A"), ("b", "B"), ("c", "C")]


def test_empty_directory(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    msg = error_of(read_documents, d)
    assert "corpus" in msg and "no .txt files" in msg


def test_directory_with_only_tables_says_to_pass_them(tmp_path):
    write(tmp_path / "a.csv", "text\nx\n")
    msg = error_of(read_documents, tmp_path)
    assert "1 .csv" in msg and "pass them by name" in msg


def test_duplicate_stems_get_relative_path_ids(tmp_path):
    for sub in ("left", "right"):
        (tmp_path / sub).mkdir()
        write(tmp_path / sub / "story.txt", sub)
    write(tmp_path / "left" / "other.txt", "other")
    docs = read_documents([tmp_path / "left", tmp_path / "right"])
    assert [(d.id, d.text) for d in docs] == [
        ("other", "other"),
        ("left/story.txt", "left"),
        ("right/story.txt", "right"),
    ]
    assert len({d.id for d in docs}) == len(docs)


def test_same_file_twice_is_refused(tmp_path):
    p = write(tmp_path / "a.txt", "x")
    assert "more than once" in error_of(read_documents, [tmp_path, p])


def test_bad_file_anywhere_fails_before_any_document(tmp_path):
    write(tmp_path / "a.txt", "fine")
    write(tmp_path / "z.txt", b"")
    with pytest.raises(InputError):
        iter_documents(tmp_path)  # raised at call time, not after reading a.txt


# --------------------------------------------------------------------------- tables


def test_is_table_path():
    assert all(is_table_path(f"x{s}") for s in (".jsonl", ".ndjson", ".csv", ".TSV", ".parquet"))
    assert not any(is_table_path(f"x{s}") for s in (".txt", ".md", ".json", ""))


def test_csv_streams_in_chunks_in_order(tmp_path, monkeypatch):
    n = 25_000
    df = pd.DataFrame(
        {"id": [f"doc{i:05d}" for i in range(n)], "text": [f"text number {i}" for i in range(n)]}
    )
    p = tmp_path / "big.csv"
    df.to_csv(p, index=False)

    seen_chunksizes = []
    real = pd.read_csv

    def spy(*args, **kw):
        seen_chunksizes.append(kw.get("chunksize"))
        return real(*args, **kw)

    monkeypatch.setattr(pd, "read_csv", spy)  # readers imports pandas lazily
    docs = list(iter_documents(p, chunk_rows=1000))
    assert len(docs) == n
    assert [d.id for d in docs] == df["id"].tolist()
    assert [d.text for d in docs] == df["text"].tolist()
    assert 1000 in seen_chunksizes


def test_csv_keeps_id_strings_and_na_like_text(tmp_path):
    p = write(tmp_path / "t.csv", 'id,text,other\n007,NA,1\n8,"multi\nline, ""quoted""",2\n')
    assert read_documents(p) == [Document("007", "NA"), Document("8", 'multi\nline, "quoted"')]


def test_tsv(tmp_path):
    p = write(tmp_path / "t.tsv", "id\ttext\na\thello, world\n")
    assert read_documents(p) == [Document("a", "hello, world")]


def test_csv_without_text_column(tmp_path):
    p = write(tmp_path / "t.csv", "id,body,Text\n1,x,y\n")
    msg = error_of(read_documents, p)
    assert "t.csv" in msg and "'text'" in msg
    assert "'id', 'body', 'Text'" in msg and "--text-col" in msg and "did you mean 'Text'" in msg
    assert read_documents(p, text_col="body") == [Document("1", "x")]


def test_semicolon_csv_gets_delimiter_hint(tmp_path):
    p = write(tmp_path / "t.csv", "id;text\n1;x\n")
    assert "semicolons" in error_of(read_documents, p)


def test_missing_id_column_numbers_rows_unless_required(tmp_path):
    p = write(tmp_path / "noid.csv", "text\nfirst\nsecond\n")
    assert [d.id for d in read_documents(p)] == ["noid:1", "noid:2"]
    msg = error_of(read_documents, p, id_col="doc_id", id_col_required=True)
    assert "'doc_id'" in msg and "--id-col" in msg and "'text'" in msg


def test_empty_text_row_is_an_error_naming_the_row(tmp_path):
    p = write(tmp_path / "t.csv", "id,text\na,one\nb,\nc,   \nd,four\n")
    it = iter_documents(p)
    assert next(it) == Document("a", "one")
    with pytest.raises(InputError) as info:
        next(it)
    assert "row 2" in str(info.value) and "t.csv" in str(info.value) and "--skip-empty" in str(info.value)
    assert [d.id for d in read_documents(p, skip_empty=True)] == ["a", "d"]


def test_empty_id_is_an_error(tmp_path):
    p = write(tmp_path / "t.csv", "id,text\n,one\n")
    msg = error_of(read_documents, p)
    assert "row 1" in msg and "no id" in msg


def test_header_only_csv_is_refused(tmp_path):
    p = write(tmp_path / "t.csv", "id,text\n")
    assert "has no rows" in error_of(read_documents, p)


def test_empty_and_blank_tables(tmp_path):
    for name, data in (
        ("e.csv", b""),
        ("w.csv", b"\n \n"),
        ("e.jsonl", b""),
        ("w.jsonl", b"\n\n"),
        ("e.parquet", b""),
    ):
        msg = error_of(read_documents, write(tmp_path / name, data))
        assert name in msg and ("empty" in msg or "only whitespace" in msg)


def test_csv_with_bad_bytes_names_offset(tmp_path):
    raw = b"id,text\na,fine\nb,caf" + b"\xe9\n"
    p = write(tmp_path / "t.csv", raw)
    msg = error_of(read_documents, p)
    assert f"byte offset {raw.index(0xE9)}" in msg and "line 3" in msg and "latin-1" in msg
    assert read_documents(p, encoding="latin-1")[1].text == "caf\u00e9"


def test_csv_bom_and_utf16(tmp_path):
    a = write(tmp_path / "bom.csv", codecs.BOM_UTF8 + "text,id\nh\u00e9llo,1\n".encode())
    b = write(tmp_path / "u16.csv", "text,id\nh\u00e9llo,2\n".encode("utf-16"))
    assert read_documents([a, b]) == [Document("1", "h\u00e9llo"), Document("2", "h\u00e9llo")]


def test_csv_parse_error_is_one_line(tmp_path):
    p = write(tmp_path / "t.csv", 'id,text\na,"unterminated\n')
    msg = error_of(read_documents, p)
    assert "cannot parse" in msg and "t.csv" in msg and "quot" in msg
    # the same problem far into a big file, found while streaming
    body = "".join(f"r{i},text {i}\n" for i in range(20_000))
    q = write(tmp_path / "late.csv", "id,text\n" + body + 'x,"unterminated\n')
    it = iter_documents(q, chunk_rows=1000)
    assert next(it).id == "r0"
    with pytest.raises(InputError) as info:
        list(it)
    assert "cannot parse" in str(info.value) and "row 20000" in str(info.value)


def test_jsonl(tmp_path):
    lines = [{"id": 1, "text": "one"}, {"id": "b", "text": 'two \u00e9\n"q"', "extra": [1]}]
    p = write(tmp_path / "c.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    assert read_documents(p) == [Document("1", "one"), Document("b", 'two \u00e9\n"q"')]
    q = write(tmp_path / "c.ndjson", '{"text": "a"}\n\n{"text": "b"}\n')
    assert [d.id for d in read_documents(q)] == ["c:1", "c:2"]


def test_malformed_jsonl_names_line(tmp_path):
    p = write(tmp_path / "c.jsonl", '{"text": "ok"}\n\n{"text": "broken"\n{"text": "later"}\n')
    it = iter_documents(p)
    assert next(it).text == "ok"
    with pytest.raises(InputError) as info:
        next(it)
    msg = str(info.value)
    assert "line 3" in msg and "c.jsonl" in msg and "not valid JSON" in msg and "\n" not in msg


def test_malformed_first_jsonl_line_fails_at_call(tmp_path):
    p = write(tmp_path / "c.jsonl", "not json\n")
    with pytest.raises(InputError, match="line 1"):
        iter_documents(p)


def test_jsonl_non_object_and_missing_text(tmp_path):
    p = write(tmp_path / "a.jsonl", '["text", "x"]\n')
    assert "not an object" in error_of(read_documents, p)
    q = write(tmp_path / "b.jsonl", '{"body": "x", "id": 1}\n')
    msg = error_of(read_documents, q)
    assert "'body', 'id'" in msg and "--text-col" in msg
    r = write(tmp_path / "c.jsonl", '{"text": "x"}\n{"text": null}\n')
    assert "line 2" in error_of(read_documents, r)
    s = write(tmp_path / "d.jsonl", '{"text": 5}\n')
    assert "int" in error_of(read_documents, s)


def test_jsonl_ids_must_be_all_or_none(tmp_path):
    p = write(tmp_path / "a.jsonl", '{"id": "x", "text": "a"}\n{"text": "b"}\n')
    assert "line 2" in error_of(read_documents, p)
    q = write(tmp_path / "b.jsonl", '{"text": "a"}\n{"id": "y", "text": "b"}\n')
    assert "line 2" in error_of(read_documents, q)


def test_parquet_streams_in_batches(tmp_path, monkeypatch):
    n = 2_500
    df = pd.DataFrame({"text": [f"t{i}" for i in range(n)], "id": list(range(n))})
    p = tmp_path / "c.parquet"
    df.to_parquet(p)
    sizes = []
    real = pq.ParquetFile.iter_batches

    def spy(self, *args, **kw):
        for batch in real(self, *args, **kw):
            sizes.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    docs = read_documents(p, chunk_rows=1000)
    assert [d.id for d in docs] == [str(i) for i in range(n)]
    assert [d.text for d in docs] == df["text"].tolist()
    assert sizes == [1000, 1000, 500]


def test_parquet_errors(tmp_path):
    p = tmp_path / "c.parquet"
    pd.DataFrame({"body": ["x"], "n": [1]}).to_parquet(p)
    msg = error_of(read_documents, p)
    assert "'body', 'n'" in msg and "--text-col" in msg
    assert "not text" in error_of(read_documents, p, text_col="n")
    fake = write(tmp_path / "fake.parquet", "text\nx\n")
    assert "not a Parquet file" in error_of(read_documents, fake)
    nulls = tmp_path / "nulls.parquet"
    pd.DataFrame({"text": ["x", None]}).to_parquet(nulls)
    assert "row 2" in error_of(read_documents, nulls)


def test_inputs_are_never_modified(tmp_path):
    files = [
        write(tmp_path / "a.txt", codecs.BOM_UTF8 + b"text"),
        write(tmp_path / "b.csv", "text\r\nx\r\n"),
        write(tmp_path / "c.jsonl", '{"text": "y"}'),
    ]
    before = [(digest(f), f.stat().st_mtime_ns) for f in files]
    assert len(read_documents(files)) == 3
    assert [(digest(f), f.stat().st_mtime_ns) for f in files] == before


def test_mixed_inputs_keep_order(tmp_path):
    a = write(tmp_path / "one.txt", "first")
    b = write(tmp_path / "two.jsonl", '{"id": "j", "text": "second"}\n')
    c = write(tmp_path / "three.csv", "text\nthird\n")
    assert [d.text for d in read_documents([c, a, b])] == ["third", "first", "second"]


# --------------------------------------------------------------------------- writers


def sample_frame(n: int = 50) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    floats = rng.random(n) * 10.0 ** rng.integers(-300, 300, n)
    floats[:4] = [0.1 + 0.2, 1 / 3, -0.0, 1e-320]
    texts = [f'row {i}: "quoted", comma\nnewline \u00e9\u4e16 \U0001f600' for i in range(n)]
    texts[1] = ""
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "score": floats,
            "count": np.arange(n, dtype="int64") * 1_000_000_007,
            "text": texts,
            "cues": [[f"c{i}", i, {"z": 1.5, "a": "\u00fc"}] for i in range(n)],
        }
    )


def read_back(path, fmt) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(path, keep_default_na=False, dtype={"doc_id": str, "text": str, "cues": str})
    if fmt == "jsonl":
        # the standard json module: pandas' read_json rejects subnormal floats such as 1e-320
        with open(path, encoding="utf-8") as f:
            return pd.DataFrame([json.loads(line) for line in f])
    return pd.read_parquet(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(tmp_path, fmt):
    df = sample_frame()
    out = write_table(df, tmp_path / f"out.{fmt}")
    assert out == tmp_path / f"out.{fmt}"
    back = read_back(out, fmt)
    assert list(back.columns) == list(df.columns)
    assert back["doc_id"].tolist() == df["doc_id"].tolist()
    assert back["text"].tolist() == df["text"].tolist()
    assert back["count"].tolist() == df["count"].tolist()
    # exact float equality (including the sign of -0.0 and a subnormal)
    assert np.array_equal(back["score"].to_numpy(dtype=float), df["score"].to_numpy(), equal_nan=False)
    assert np.signbit(back["score"].iloc[2])
    assert [json.loads(s) for s in back["cues"]] == df["cues"].tolist()
    assert back["cues"].iloc[0] == '["c0", 0, {"a": "\u00fc", "z": 1.5}]'  # sorted keys, not ascii-escaped


def test_all_formats_carry_identical_values(tmp_path):
    df = sample_frame(10)
    backs = [read_back(write_table(df, tmp_path / f"o.{f}"), f) for f in FORMATS]
    for col in df.columns:
        values = [b[col].tolist() for b in backs]
        assert values[0] == values[1] == values[2], col


@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic_and_chunked_equals_whole(tmp_path, fmt):
    df = sample_frame(30)
    a = write_table(df, tmp_path / f"a.{fmt}")
    b = write_table(df, tmp_path / f"b.{fmt}")
    assert a.read_bytes() == b.read_bytes()
    with TableWriter(tmp_path / f"c.{fmt}") as w:
        for start in range(0, 30, 7):
            w.write(df.iloc[start : start + 7])
    if fmt == "parquet":
        pd.testing.assert_frame_equal(read_back(a, fmt), read_back(tmp_path / f"c.{fmt}", fmt))
    else:
        assert (tmp_path / f"c.{fmt}").read_bytes() == a.read_bytes()


def test_csv_layout(tmp_path):
    out = write_table(pd.DataFrame({"a": [1, 2], "b": ["x", None]}), tmp_path / "o.csv")
    assert out.read_bytes() == b"a,b\n1,x\n2,\n"


def test_jsonl_layout_and_nan(tmp_path):
    df = pd.DataFrame({"a": [1.5, float("nan")], "t": ["\u00e9", None], "l": [[], {"b": [1], "a": None}]})
    out = write_table(df, tmp_path / "o.jsonl")
    assert out.read_text("utf-8") == (
        '{"a": 1.5, "t": "\u00e9", "l": "[]"}\n{"a": null, "t": null, "l": "{\\"a\\": null, \\"b\\": [1]}"}\n'
    )


def test_writer_does_not_change_callers_frame(tmp_path):
    df = pd.DataFrame({"l": [[1, 2]]})
    write_table(df, tmp_path / "o.csv")
    assert df["l"].iloc[0] == [1, 2]


def test_infer_format():
    assert infer_format("x.CSV") == "csv"
    assert infer_format("x.ndjson") == "jsonl"
    assert infer_format("x.parquet") == "parquet"
    assert infer_format("x.txt", "Parquet") == "parquet"
    msg = error_of(infer_format, "scores.txt")
    assert "scores.txt" in msg and "--format" in msg and ".csv" in msg
    assert "--format" in error_of(infer_format, "x.csv", "xlsx")
    assert ".jsonl" in error_of(infer_format, "x.json")


def leftovers(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


class Boom(Exception):
    pass


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("exc", [Boom, KeyboardInterrupt])
def test_failed_write_leaves_no_file(tmp_path, fmt, exc):
    df = sample_frame(10)
    with pytest.raises(exc), TableWriter(tmp_path / f"out.{fmt}") as w:
        w.write(df)
        assert len(leftovers(tmp_path)) == 1  # the temporary file, in the same directory
        raise exc()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_failed_write_keeps_existing_destination(tmp_path, fmt):
    dest = tmp_path / f"out.{fmt}"
    write_table(pd.DataFrame({"old": [1]}), dest)
    before = dest.read_bytes()

    def chunks():
        yield sample_frame(5)
        raise Boom("midway")

    with pytest.raises(Boom), TableWriter(dest) as w:
        for chunk in chunks():
            w.write(chunk)
    assert dest.read_bytes() == before
    assert leftovers(tmp_path) == [dest.name]


def test_bad_chunk_aborts_writer(tmp_path):
    w = TableWriter(tmp_path / "o.csv")
    w.write(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="differ"):
        w.write(pd.DataFrame({"b": [1]}))
    assert leftovers(tmp_path) == []
    with pytest.raises(ValueError):
        w.close()  # an aborted writer never publishes a partial file
    assert leftovers(tmp_path) == []


def test_unserialisable_value_aborts(tmp_path):
    with pytest.raises(TypeError):
        write_table(pd.DataFrame({"x": [[object()]]}), tmp_path / "o.jsonl")
    assert leftovers(tmp_path) == []


def test_success_replaces_existing_file(tmp_path):
    dest = tmp_path / "o.csv"
    dest.write_text("old\n")
    write_table(pd.DataFrame({"new": [1]}), dest)
    assert dest.read_text() == "new\n1\n"
    assert leftovers(tmp_path) == ["o.csv"]


def test_protected_input_is_refused(tmp_path, monkeypatch):
    src = write(tmp_path / "corpus.csv", "text\nkeep me\n")
    before = digest(src)
    msg = error_of(write_table, pd.DataFrame({"a": [1]}), src, protected=[src])
    assert "corpus.csv" in msg and "input" in msg and "different output path" in msg
    # other spellings of the same file
    monkeypatch.chdir(tmp_path)
    error_of(write_table, pd.DataFrame({"a": [1]}), "./sub/../corpus.csv", protected=["corpus.csv"])
    link = tmp_path / "link.csv"
    link.symlink_to(src)
    error_of(TableWriter, link, protected=[src])
    assert digest(src) == before
    assert sorted(leftovers(tmp_path)) == ["corpus.csv", "link.csv"]


def test_files_inside_a_protected_directory_are_refused(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = write(corpus / "a.txt", "article")
    msg = error_of(write_table, pd.DataFrame({"a": [1]}), doc, "csv", protected=[corpus])
    assert "a.txt" in msg and "corpus" in msg
    assert doc.read_text() == "article"
    assert write_table(pd.DataFrame({"a": [1]}), corpus / "scores.csv", protected=[corpus]).exists()


def test_missing_parent_directory(tmp_path):
    msg = error_of(write_table, pd.DataFrame({"a": [1]}), tmp_path / "no" / "such" / "o.csv")
    assert "does not exist" in msg and "such" in msg
    assert not (tmp_path / "no").exists()


def test_destination_is_a_directory(tmp_path):
    (tmp_path / "out.csv").mkdir()
    assert "is a directory" in error_of(TableWriter, tmp_path / "out.csv")


def test_written_file_has_normal_permissions(tmp_path):
    out = write_table(pd.DataFrame({"a": [1]}), tmp_path / "o.csv")
    umask = os.umask(0)
    os.umask(umask)
    assert (out.stat().st_mode & 0o777) == (0o666 & ~umask)


def test_dropped_writer_cleans_up(tmp_path):
    w = TableWriter(tmp_path / "o.jsonl")
    w.write(pd.DataFrame({"a": [1]}))
    del w
    import gc

    gc.collect()
    assert leftovers(tmp_path) == []


def test_parquet_null_first_chunk_then_strings(tmp_path):
    with TableWriter(tmp_path / "o.parquet") as w:
        w.write(pd.DataFrame({"a": [None, None]}))
        w.write(pd.DataFrame({"a": ["x", None]}))
    assert pd.read_parquet(tmp_path / "o.parquet")["a"].tolist()[2] == "x"


@pytest.mark.parametrize("fmt", FORMATS)
def test_writer_without_rows_still_publishes_a_valid_file(tmp_path, fmt):
    with TableWriter(tmp_path / f"o.{fmt}") as w:
        w.write(pd.DataFrame({"a": pd.Series([], dtype="int64")}))
    if fmt == "parquet":
        assert list(pd.read_parquet(tmp_path / "o.parquet").columns) == ["a"]
    else:
        assert (tmp_path / f"o.{fmt}").read_bytes() == (b"a\n" if fmt == "csv" else b"")
    assert leftovers(tmp_path) == [f"o.{fmt}"]


def test_parquet_dictionary_encodes_repeating_columns_only(tmp_path):
    df = pd.DataFrame(
        {"text": [f"sentence {i}" for i in range(40)], "kind": ["body", "heading"] * 20, "n": [0.0] * 40}
    )
    out = write_table(df, tmp_path / "o.parquet")
    row_group = pq.ParquetFile(out).metadata.row_group(0)
    encodings = {row_group.column(i).path_in_schema: row_group.column(i).encodings for i in range(3)}
    assert "RLE_DICTIONARY" not in encodings["text"]
    assert "RLE_DICTIONARY" in encodings["kind"] and "RLE_DICTIONARY" in encodings["n"]
    pd.testing.assert_frame_equal(pd.read_parquet(out), df, check_dtype=False)


def _prepare_by_items(df: pd.DataFrame) -> pd.DataFrame:
    """The form ``_prepare`` replaced (a Series made of every column), kept as the reference."""
    from framing.io.writers import _FLAT, _NESTED, _nested_json

    out = None
    for i, (_, column) in enumerate(df.items()):
        if column.dtype != object or pd.api.types.infer_dtype(column, skipna=True) in _FLAT:
            continue
        if column.map(lambda v: isinstance(v, _NESTED)).any():
            if out is None:
                out = df.copy(deep=False)
            out.isetitem(i, column.map(_nested_json).astype(object))
    return df if out is None else out


def test_prepare_reading_dtypes_first_equals_the_per_series_form() -> None:
    """Nested cells in object columns of every kind, beside columns that cannot hold them; duplicate names."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from framing.io.writers import _prepare

    cell = st.one_of(
        st.none(),
        st.text(max_size=5),
        st.integers(-3, 3),
        st.floats(allow_nan=True, allow_infinity=False),
        st.lists(st.integers(0, 3), max_size=3),
        st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=2),
    )

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=4), st.booleans())
    def check(columns: list[list], duplicate: bool) -> None:
        df = pd.DataFrame({f"o{i}": pd.Series(values, dtype=object) for i, values in enumerate(columns)})
        df.insert(0, "n", np.arange(3.0))
        df["s"] = pd.Series(["a", None, "c"], dtype="str")
        df["c"] = pd.Categorical(["x", "y", "x"])
        if duplicate:
            df.columns = ["n", *["dup"] * len(columns), "s", "c"]
        before = df.copy()
        got, expected = _prepare(df), _prepare_by_items(df)
        pd.testing.assert_frame_equal(got, expected)
        assert (got is df) == (expected is df)
        pd.testing.assert_frame_equal(df, before)  # the input is not changed

    check()
