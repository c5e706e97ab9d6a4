"""Small input gaps: each gives one actionable line, never a traceback or a misleading word."""

from __future__ import annotations

import json

import pytest

from framing.cli import main
from framing.errors import InputError
from framing.io.readers import read_documents

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def message(fn, *args, **kw) -> str:
    with pytest.raises(InputError) as info:
        fn(*args, **kw)
    text = str(info.value)
    assert "\n" not in text, text
    return text


def test_a_5000_digit_json_id_is_one_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(
        '{"id": 1, "text": "One."}\n{"id": ' + "7" * 5000 + ', "text": "War."}\n', encoding="utf-8"
    )
    text = message(read_documents, path)
    assert "line 2 of" in text and "quotes" in text


def test_json_error_does_not_say_at_at(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "x\ty"}\n', encoding="utf-8")
    text = message(read_documents, path)
    assert "at at" not in text and "Invalid control character at column" in text


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv"])
def test_a_nul_byte_after_the_first_8_kib_is_refused(tmp_path, suffix):
    body = "a" * 9000 + "\x00" + "b"
    content = {
        ".txt": body,
        ".jsonl": json.dumps({"text": "a" * 9000}) + "\n" + '{"text": "\x00"}\n',
        ".csv": "text\n" + body + "\n",
    }[suffix]
    path = tmp_path / f"c{suffix}"
    path.write_bytes(content.encode("utf-8"))
    text = message(read_documents, path)
    assert "NUL byte at byte offset" in text


def test_a_symlink_loop_is_not_called_broken(tmp_path):
    loop = tmp_path / "a.txt"
    loop.symlink_to(loop)
    text = message(read_documents, loop)
    assert "loop" in text and "broken" not in text


def test_validate_refuses_a_binary_markdown_target_before_any_work(tmp_path, capsys):
    target = tmp_path / "report.md"
    target.write_bytes(PNG)
    code = main(["validate", "--data-dir", str(tmp_path), "--markdown", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and "binary" in err
    assert target.read_bytes() == PNG


@pytest.mark.parametrize(
    ("task", "relpath"),
    [
        ("babe-bias", "babe/final_labels_SG2.csv"),
        ("szeged-news", "szeged_uncertainty/factbank.xml"),
        ("gwsd-stance", "gwsd/GWSD.tsv"),
        ("gvfc-frame", "gvfc/GVFC_headlines_and_annotations.xlsx"),
    ],
)
def test_a_binary_dataset_file_is_one_line(tmp_path, task, relpath):
    from framing.datasets import load_task

    path = tmp_path / relpath
    path.parent.mkdir(parents=True)
    path.write_bytes(PNG)
    text = message(load_task, task, tmp_path)  # one line naming the dataset, whichever parser noticed
    assert relpath.split("/")[0] in text
