"""Sentences out to an annotation tool with their cues highlighted, and the coders' labels back in.

Three formats, each the tool's own documented import format:

* CSV: ``id, text, cues, label`` (``label`` left empty for the coder).
* Label Studio JSON: a list of tasks ``{"data": {...}, "predictions": [{"result": [...]}]}``
  where each cue is a ``labels`` region ``{"from_name": "cue", "to_name": "text",
  "type": "labels", "value": {"start", "end", "text", "labels": [family]}}``
  (Label Studio docs, "Import pre-annotated data into Label Studio",
  https://labelstud.io/guide/predictions and the Basic Label Studio JSON format,
  https://labelstud.io/guide/tasks). Offsets are counted in UTF-16 code units,
  as Label Studio's browser front end counts them. A labelling config
  (``<Text>``, cue ``<Labels>``, frame ``<Choices>``) is written beside the JSON.
  The export read back is Label Studio's JSON export: tasks with
  ``annotations[].result[]`` items of ``type == "choices"``
  (https://labelstud.io/guide/export).
* doccano JSONL for an "intent detection and slot filling" project, which holds
  spans and document labels together: ``{"text", "entities": [[start, end, label]],
  "cats": [...]}`` plus our ``framing_id`` (doccano's example
  ``backend/data_import/tests/data/intent/example.jsonl``; span tuples as in its
  tutorial, https://doccano.github.io/doccano/tutorial/). Its export is read
  back from ``cats`` (or ``label`` as written by a text-classification project).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pandas as pd

from framing.errors import InputError
from framing.io.readers import _show
from framing.io.writers import atomic_output
from framing.signals import FAMILIES

FORMATS = ("csv", "label-studio", "doccano")
SUFFIXES = {".csv": "csv", ".json": "label-studio", ".jsonl": "doccano"}
MODEL_VERSION = "framing-cues"


def infer_format(path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError(f"unknown annotation format {fmt!r}; choose from {', '.join(FORMATS)}")
        return fmt
    kind = SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        raise InputError(
            f"cannot tell the annotation format of {_show(str(path))} from its extension; use .csv, .json "
            "(Label Studio) or .jsonl (doccano), or pass --format"
        )
    return kind


def sentence_cues(row: pd.Series) -> list[dict]:
    """The row's cues (``cues`` JSON of ``framing analyze``) with offsets made relative to the sentence."""
    raw = row.get("cues")
    if raw is None or (isinstance(raw, float) and pd.isna(raw)) or raw == "":
        return []
    cues = json.loads(raw) if isinstance(raw, str) else list(raw)
    base = int(row["start"]) if "start" in row and pd.notna(row["start"]) else 0
    text = row["text"]
    out = []
    for cue in cues:
        start, end = int(cue["start"]) - base, int(cue["end"]) - base
        if not (0 <= start < end <= len(text)) or text[start:end] != cue["text"]:
            raise InputError(
                f"cue {_show(cue['text'])} of sentence {_show(row['id'])} does not sit at {start}..{end} of its text; "
                "pass the per-sentence table of framing analyze unchanged (with its start column)"
            )
        out.append(
            {
                "family": cue["family"],
                "category": cue.get("category"),
                "start": start,
                "end": end,
                "text": cue["text"],
            }
        )
    return out


def _utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def _label_studio_task(row: pd.Series) -> dict:
    text = row["text"]
    result = [
        {
            "id": f"cue{i}",
            "from_name": "cue",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": _utf16(text, cue["start"]),
                "end": _utf16(text, cue["end"]),
                "text": cue["text"],
                "labels": [cue["family"]],
            },
        }
        for i, cue in enumerate(sentence_cues(row))
    ]
    return {
        "data": {"text": text, "framing_id": row["id"]},
        "predictions": [{"model_version": MODEL_VERSION, "result": result}],
    }


def label_studio_config(labels: Sequence[str], multi_label: bool) -> str:
    """A Label Studio labelling config: the text, cue families as span labels, the frame labels as choices."""
    cue_tags = "\n".join(f"    <Label value={quoteattr(family.family)}/>" for family in FAMILIES)
    choice_tags = "\n".join(f"    <Choice value={quoteattr(str(label))}/>" for label in labels)
    choice = "multiple" if multi_label else "single"
    return (
        "<View>\n"
        '  <Labels name="cue" toName="text">\n'
        f"{cue_tags}\n"
        "  </Labels>\n"
        '  <Text name="text" value="$text"/>\n'
        f'  <Choices name="label" toName="text" choice="{choice}" required="true">\n'
        f"{choice_tags}\n"
        "  </Choices>\n"
        "</View>\n"
    )


def export_tasks(
    sample: pd.DataFrame,
    path,
    *,
    fmt: str | None = None,
    labels: Sequence[str] = (),
    multi_label: bool = False,
    protected=(),
) -> list[Path]:
    """Write ``sample`` (``id``, ``text``, optional ``cues``/``start``) for annotation; returns the files written.

    Label Studio also gets ``<stem>.label_config.xml`` (needs ``labels``).
    """
    path = Path(path)
    fmt = infer_format(path, fmt)
    cues = [sentence_cues(row) for _, row in sample.iterrows()]
    written = [path]
    if fmt == "csv":
        table = pd.DataFrame(
            {
                "id": sample["id"],
                "text": sample["text"],
                "cues": ["; ".join(f"{c['family']}: {c['text']}" for c in row) for row in cues],
                "label": "",
            }
        )
        with atomic_output(path, protected=protected) as handle:
            handle.write(table.to_csv(index=False).encode("utf-8"))
        return written
    if fmt == "label-studio":
        if not labels:
            raise InputError("a Label Studio export needs the label set for its config: pass --labels a,b,c")
        tasks = [_label_studio_task(row) for _, row in sample.iterrows()]
        config = path.with_name(f"{path.stem}.label_config.xml")
        with atomic_output(path, protected=protected) as handle:
            handle.write((json.dumps(tasks, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        with atomic_output(config, protected=[*protected, path]) as handle:
            handle.write(label_studio_config(labels, multi_label).encode("utf-8"))
        return [path, config]
    lines = [
        json.dumps(
            {
                "text": row["text"],
                "framing_id": row["id"],
                "entities": [[c["start"], c["end"], c["family"]] for c in row_cues],
                "cats": [],
            },
            ensure_ascii=False,
        )
        for (_, row), row_cues in zip(sample.iterrows(), cues, strict=True)
    ]
    with atomic_output(path, protected=protected) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    return written


def _label_studio_records(path: Path) -> list[tuple[str, object, str | None, list[list[str]]]]:
    """``(where, id, text, [choices of each annotation])`` per task of a Label Studio JSON export."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"cannot read {_show(path)} as Label Studio JSON: {err}") from None
    if not isinstance(tasks, list):
        raise InputError(f"{_show(path)} is not a Label Studio JSON export (expected a list of tasks)")
    out = []
    for i, task in enumerate(tasks, start=1):
        data = task.get("data", {}) if isinstance(task, dict) else {}
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        choices = [
            [
                c
                for item in a.get("result", [])
                if item.get("type") == "choices"
                for c in item["value"]["choices"]
            ]
            for a in annotations
        ]
        out.append((f"task {i}", data.get("framing_id"), data.get("text"), [c for c in choices if c]))
    return out


def _doccano_records(path: Path) -> list[tuple[str, object, str | None, list[list[str]]]]:
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                f"{_show(path)} line {i} is not JSON ({err.msg}); is this a doccano JSONL export?"
            ) from None
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        cats = record.get("cats", record.get("label", []))
        cats = [
            c for c in cats if isinstance(c, str)
        ]  # span tuples of a sequence-labelling export are not labels
        out.append(
            (
                f"line {i}",
                record.get("framing_id", meta.get("framing_id")),
                record.get("text"),
                [cats] if cats else [],
            )
        )
    return out


def _csv_records(
    path: Path, label_col: str, sep: str | None
) -> list[tuple[str, object, str | None, list[list[str]]]]:
    from framing.models.data import read_table

    table = read_table(path)
    for column in ("id", "text", label_col):
        if column not in table.columns:
            raise InputError(
                f"{_show(path)} has no column {_show(column)}; expected id, text and {label_col}"
            )
    out = []
    for i, (id_, text, label) in enumerate(zip(table["id"], table["text"], table[label_col]), start=1):
        cell = "" if pd.isna(label) else str(label).strip()
        parts = [p.strip() for p in cell.split(sep)] if sep else [cell]
        out.append((f"data row {i}", None if pd.isna(id_) else id_, text, [parts] if cell else []))
    return out


def import_labels(
    path,
    *,
    fmt: str | None = None,
    labels: Sequence[str] | None = None,
    label_sep: str | None = None,
    label_col: str = "label",
) -> pd.DataFrame:
    """Coders' labels as the table ``framing train`` takes: ``id``, ``text``, ``label`` (several joined by ``label_sep``).

    Refuses, naming the task or row: a labelled item without its ``framing_id``
    (or ``id``) or text, a label outside ``labels``, several labels without
    ``label_sep``, and one item labelled differently twice (two coders who
    disagree: measure that with ``framing agreement``, then adjudicate).
    Unlabelled items are skipped; their number is in ``.attrs["unlabelled"]``.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"annotation file {_show(path)} does not exist")
    fmt = infer_format(path, fmt)
    if fmt == "label-studio":
        records = _label_studio_records(path)
    elif fmt == "doccano":
        records = _doccano_records(path)
    else:
        records = _csv_records(path, label_col, label_sep)
    allowed = None if labels is None else {str(label) for label in labels}
    rows: dict[str, tuple[str, str, str]] = {}
    unlabelled = 0
    for where, id_, text, coded in records:
        if not coded:
            unlabelled += 1
            continue
        if id_ is None or str(id_).strip() == "":
            raise InputError(
                f"{_show(path)} {where} is labelled but has no framing_id; export the tasks with framing sample"
            )
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{_show(path)} {where} (id {_show(id_)}) has no text")
        values = set()
        for choices in coded:
            unknown = sorted(set(choices) - allowed) if allowed is not None else []
            if unknown:
                raise InputError(
                    f"{_show(path)} {where} (id {_show(id_)}): label(s) {unknown} not in the allowed set {sorted(allowed)}"
                )
            if len(choices) > 1 and not label_sep:
                raise InputError(
                    f"{_show(path)} {where} (id {_show(id_)}) has several labels {choices}; pass --label-sep to keep "
                    "them as a multi-label row"
                )
            values.add((label_sep or "|").join(sorted(set(choices))))
        key = str(id_)
        if key in rows:
            values.add(rows[key][2])
        if len(values) > 1:
            earlier = f" and {rows[key][0]}" if key in rows else ""
            raise InputError(
                f"{_show(path)} {where}{earlier} (id {_show(id_)}) carry conflicting labels {sorted(values)}; "
                "adjudicate them (framing agreement measures how often coders disagree)"
            )
        rows[key] = (where, text, values.pop())
    table = pd.DataFrame(
        [(k, text, label) for k, (_, text, label) in rows.items()], columns=["id", "text", "label"]
    )
    table.attrs["unlabelled"] = unlabelled
    return table
