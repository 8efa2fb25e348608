"""Input and output edge cases a QA pass found: streams read once, Rasa's other annotation
forms, column options, non-JSON metadata, outputs that are not regular files."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from conftest import run_cli

from textaug import DataError, Record, Span, read_records, write_records
from textaug.cli import main
from textaug.cli.options import parse_aug
from textaug.errors import UsageError
from textaug.evaluate import LenientFile
from textaug.io import RecordReader
from textaug.io.rasa import parse_annotated

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "intents.jsonl"


def rasa_file(tmp_path: Path, *examples: str) -> Path:
    """A Rasa NLU file with one intent holding ``examples`` (one per line)."""
    path = tmp_path / "nlu.yml"
    lines = ['version: "3.1"', "nlu:", "- intent: travel", "  examples: |"]
    path.write_text("\n".join([*lines, *(f"    - {e}" for e in examples)]) + "\n", "utf-8")
    return path


# --- 1. inputs that can be read only once ----------------------------------------------


def test_pipes_fifos_and_stdin_read_once_but_files_do_not(tmp_path: Path) -> None:
    from textaug.io.lines import reads_once

    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    assert reads_once("-") and reads_once(str(fifo))
    assert not reads_once(str(CORPUS))
    assert not reads_once(str(tmp_path / "missing.jsonl"))  # the reader reports it
    assert not reads_once(str(tmp_path))  # so does it a directory


def test_augment_reads_a_pipe_named_by_path_once_like_stdin() -> None:
    data = CORPUS.read_text("utf-8")
    done = run_cli(
        "augment", "/dev/stdin", "--in-format", "jsonl", "-n", "1", "--aug", "slot_swap", stdin=data
    )
    assert done.returncode == 0, done.stderr
    assert "(not a regular file), slot_swap steps are dropped" in done.stderr
    assert "96 records in" in done.stderr
    assert done.stdout.count("\n") == 96  # the originals; slot_swap has no values to swap


def test_expand_refuses_a_pipe_named_by_path() -> None:
    done = run_cli("expand", "/dev/stdin", "--per-intent", "12", stdin=CORPUS.read_text("utf-8"))
    assert done.returncode == 1 and done.stdout == ""
    assert "expand reads its input twice" in done.stderr
    assert "/dev/stdin (not a regular file)" in done.stderr


def test_evaluate_refuses_a_pipe_named_by_path() -> None:
    done = run_cli("evaluate", "/dev/stdin", "--shots", "2", stdin=CORPUS.read_text("utf-8"))
    assert done.returncode == 2
    assert "give a file, not /dev/stdin (not a regular file)" in done.stderr


# --- 2. Rasa's entity:value shorthand and list annotations ---------------------------


def test_rasa_entity_value_shorthand_is_an_entity_with_a_synonym() -> None:
    text, spans = parse_annotated("from [NYC](city:New York) to [LA](city)")
    assert text == "from NYC to LA"
    assert spans == (Span(5, 8, "city", canonical="New York"), Span(12, 14, "city"))


def test_rasa_shorthand_writes_back_in_the_json_form_and_reads_back_the_same(
    tmp_path: Path,
) -> None:
    path = rasa_file(tmp_path, "from [NYC](city:New York) now")
    records = list(read_records(str(path)))
    out = tmp_path / "out.yml"
    write_records(str(out), records)
    assert '- from [NYC]{"entity": "city", "value": "New York"} now\n' in out.read_text("utf-8")
    assert list(read_records(str(out))) == records


def test_an_entity_name_with_a_colon_is_written_in_the_json_form(tmp_path: Path) -> None:
    record = Record("fly to Rome", "travel", (Span(7, 11, "geo:city"),))
    out = tmp_path / "out.yml"
    write_records(str(out), [record])
    assert '[Rome]{"entity": "geo:city"}' in out.read_text("utf-8")
    assert list(read_records(str(out))) == [record]


def test_rasa_list_annotation_with_one_entity_is_that_entity() -> None:
    text, spans = parse_annotated('to [Berlin][{"entity": "city", "role": "to"}] now')
    assert (text, spans) == ("to Berlin now", (Span(3, 9, "city", role="to"),))


def test_rasa_several_entities_on_one_value_are_an_invalid_example(tmp_path: Path) -> None:
    path = rasa_file(
        tmp_path,
        'to [Berlin][{"entity": "city"}, {"entity": "location"}] next week',
        "to [Paris](city) now",
    )
    with pytest.raises(DataError, match=r"nlu\.yml:5: .*several entities on one value"):
        list(read_records(str(path)))
    errors: list[DataError] = []
    kept = list(read_records(str(path), on_error=errors.append))
    assert [r.text for r in kept] == ["to Paris now"] and [e.line for e in errors] == [5]


# --- 3. CSV extra columns named like JSON keys -----------------------------------------


@pytest.mark.parametrize(
    ("header", "row", "options"),
    [
        (
            "text,label,intent,entities",
            "hello there friend,greet,old,",
            ["--label-column", "label"],
        ),
        (
            "utterance,intent,text,entities",
            "hello there friend,greet,raw,",
            ["--text-column", "utterance"],
        ),
    ],
)
def test_csv_to_csv_keeps_an_extra_column_named_like_a_json_key(
    tmp_path: Path, header: str, row: str, options: list[str]
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(f"{header}\n{row}\n", "utf-8")
    assert main(["augment", str(source), "-o", str(out), "-n", "0", "-q", *options]) == 0
    assert out.read_text("utf-8") == f"{header},textaug\n{row},\n"


# --- 4. Rasa metadata JSON cannot hold -------------------------------------------------


@pytest.mark.parametrize(
    ("metadata", "shown"),
    [
        ("added: 2023-05-01", "2023-05-01 (a date)"),
        ("tags: !!set {a, b}", "a value of type set"),
        ("score: .inf", "inf (not a finite number)"),
        ("1: one", "the non-string key 1"),
    ],
)
def test_rasa_metadata_json_cannot_hold_is_an_error_naming_the_line(
    tmp_path: Path, metadata: str, shown: str
) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples:\n  - text: hello there\n'
        f"    metadata:\n      {metadata}\n  - text: hi\n",
        "utf-8",
    )
    message = re.escape(f"nlu.yml:5: an example's 'metadata' holds {shown}, which")
    with pytest.raises(DataError, match=message):
        list(read_records(str(path)))
    assert [r.text for r in read_records(str(path), on_error=lambda e: None)] == ["hi"]


def test_rasa_metadata_with_a_date_is_a_clean_cli_error(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples:\n  - text: hello there\n'
        "    metadata:\n      added: 2023-05-01\n",
        "utf-8",
    )
    done = run_cli("augment", str(path), "-o", str(tmp_path / "out.yml"), "-n", "0")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "nlu.yml:5: an example's 'metadata' holds 2023-05-01" in done.stderr


# --- 5. text and label columns ---------------------------------------------------------


@pytest.mark.parametrize("name", ["in.jsonl", "in.csv", "in.yml"])
def test_a_label_column_that_is_the_text_column_is_a_usage_error(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / name
    write_records(str(source), [Record("hello there", "greet")])
    out = tmp_path / "out.jsonl"
    assert main(["augment", str(source), "-o", str(out), "--label-column", "text", "-q"]) == 2
    assert "both name 'text'" in capsys.readouterr().err and not out.exists()
    with pytest.raises(UsageError):
        RecordReader(str(source), text_column="utterance", label_column="utterance")


def test_a_label_key_no_record_has_gets_a_note_with_the_close_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert (
        main(["augment", str(CORPUS), "-o", str(out), "-n", "0", "--label-column", "intnet"]) == 0
    )
    err = capsys.readouterr().err
    assert "has a label under the key 'intnet' (did you mean 'intent'?)" in err
    assert (
        main(["augment", str(CORPUS), "-o", str(out), "-n", "0", "--label-column", "intent"]) == 0
    )
    assert "note" not in capsys.readouterr().err


def test_jsonl_text_column_is_read_and_written_back_under_its_key(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    line = '{"utterance": "book a flight to Rome", "intent": "book", "entities": [], "id": 3}\n'
    source.write_text(line, "utf-8")
    argv = ["augment", str(source), "-o", str(out), "-n", "1", "--aug", "random_swap", "-q"]
    assert main([*argv, "--text-column", "utterance"]) == 0
    original, variant = (json.loads(row) for row in out.read_text("utf-8").splitlines())
    assert original == json.loads(line)
    assert list(variant) == ["utterance", "intent", "entities", "id", "textaug"]
    assert sorted(variant["utterance"].split()) == sorted(original["utterance"].split())


def test_expand_and_evaluate_read_the_jsonl_text_column(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    rows = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]
    with source.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({"utterance": row.pop("text"), **row}) + "\n")
    argv = ["expand", str(source), "-o", str(out), "--per-intent", "12", "-q", "--no-progress"]
    assert main([*argv, "--text-column", "utterance"]) == 0
    written = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(written) > len(rows) and all("utterance" in r and "text" not in r for r in written)
    records = list(LenientFile(str(source), text_column="utterance"))
    assert [r.text for r in records[:2]] == [
        json.loads(line)["utterance"] for line in source.read_text("utf-8").splitlines()[:2]
    ]


# --- 6. outputs that are not regular files ---------------------------------------------


def test_output_to_a_fifo_is_written_through_and_the_fifo_kept(tmp_path: Path) -> None:
    source, fifo = tmp_path / "small.jsonl", tmp_path / "out.fifo"
    source.write_text("".join(CORPUS.read_text("utf-8").splitlines(True)[:3]), "utf-8")
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so opening to write does not wait
    try:
        argv = ["augment", str(source), "-o", str(fifo), "--out-format", "jsonl", "-n", "0"]
        assert main([*argv, "-q"]) == 0
        got = os.read(reader, 1 << 16)  # a few lines: far less than the pipe's buffer
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got == source.read_bytes()


def test_output_to_a_descriptor_link_appends_to_its_file_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("earlier\n", "utf-8")
    fd = os.open(target, os.O_WRONLY | os.O_APPEND)
    link = tmp_path / "stdout.jsonl"
    link.symlink_to(f"/proc/self/fd/{fd}")
    try:
        write_records(str(link), [Record("hello there", "greet")])
    finally:
        os.close(fd)
    assert link.is_symlink()
    assert target.read_text("utf-8") == (
        'earlier\n{"text": "hello there", "intent": "greet", "entities": []}\n'
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real.jsonl", "stdout.jsonl"]


# --- 7. --aug values with apostrophes --------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    ["random_swap:protect=[don't],rate=0.5", "random_swap:rate=0.5,protect=[don't]"],
)
def test_aug_values_may_hold_apostrophes_in_words(spec: str) -> None:
    config = parse_aug(spec).to_config()
    assert config["protect"] == ["don't"] and config["rate"] == 0.5


def test_aug_quoted_values_keep_their_commas_and_escapes() -> None:
    config = parse_aug("""random_swap:protect=['a,b', "c\\",d", 'it''s'],rate=0.5""").to_config()
    assert config["protect"] == ["a,b", 'c",d', "it's"] and config["rate"] == 0.5


# --- 8. numeric options ----------------------------------------------------------------


def test_expand_refuses_max_per_original_below_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(SystemExit) as exit_:
        main(
            ["expand", str(CORPUS), "-o", str(out), "--per-intent", "12", "--max-per-original", "0"]
        )
    assert exit_.value.code == 2 and "must be 1 or more" in capsys.readouterr().err
    assert not out.exists()


# --- 9. messages -----------------------------------------------------------------------


def test_n_0_summary_says_nothing_about_shortfalls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["augment", str(CORPUS), "-o", str(tmp_path / "o.jsonl"), "-n", "0"]) == 0
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "textaug: 96 records in, 0 variants out"
    )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (1, 1, r"entity 'n' at \[1, 1\) is empty"),
        (2, 1, r"entity 'n' at \[2, 1\) ends before it starts"),
        (1, 9, r"entity 'n' at \[1, 9\) is outside the text \(length 2\)"),
    ],
)
def test_entity_offset_errors_say_what_is_wrong(
    tmp_path: Path, start: int, end: int, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    entity = {"start": start, "end": end, "entity": "n"}
    path.write_text(json.dumps({"text": "hi", "entities": [entity]}) + "\n", "utf-8")
    with pytest.raises(DataError, match="bad.jsonl:1: " + message):
        list(read_records(str(path)))


def test_only_devices_pipes_and_descriptor_links_are_written_through(tmp_path: Path) -> None:
    from textaug.io.lines import writes_through

    fifo, regular = tmp_path / "out.fifo", tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    regular.write_text("", "utf-8")
    assert writes_through(str(fifo)) and writes_through("/dev/null")
    assert writes_through("/dev/stdout") and writes_through("/proc/self/fd/1")
    assert not writes_through(str(regular)) and not writes_through(str(tmp_path / "new.jsonl"))
    assert not writes_through("-")  # stdout has its own path


def test_output_through_a_symlink_replaces_the_file_it_names_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    from textaug.io.lines import atomic_text_output

    real = tmp_path / "data" / "real.jsonl"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with atomic_text_output(str(link)) as out:
        out.write("new\n")
    assert link.is_symlink()  # before, a regular file took the link's place
    assert real.read_text(encoding="utf-8") == "new\n"


def test_jsonl_to_csv_keeps_the_first_record_s_fields_and_notes_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"text": "hello there", "intent": "greet", "id": 1}\n'
        '{"text": "bye now", "intent": "bye", "id": 2, "source": "web"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert main(["augment", str(source), "-o", str(out), "-n", "0", "-q"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == [  # before, "id" was dropped without a word
        "text,intent,entities,id,textaug",
        "hello there,greet,,1,",
        "bye now,bye,,2,",
    ]
    assert "'source' (1 record)" in capsys.readouterr().err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["augment", str(empty), "-o", str(out), "-q"]) == 0
    assert out.read_text(encoding="utf-8") == "text,intent,entities,textaug\n"


def test_rasa_items_that_are_not_copied_are_all_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "nlu.yml"
    source.write_text(
        'version: "3.1"\n'
        "nlu:\n"
        "- intent: greet\n"
        "  metadata:\n"
        "    sentiment: neutral\n"
        "  examples: |\n"
        "    - hi there\n"
        "rules:\n"
        "- rule: say hi\n"
        "  steps: []\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.yml"
    assert main(["augment", str(source), "-o", str(out), "-n", "0", "-q"]) == 0
    err = capsys.readouterr().err
    # before, both were dropped without a word
    assert "2 non-example items not copied" in err
    assert "nlu.yml:8: the 'rules' section" in err
    assert "nlu.yml:4: intent 'greet''s 'metadata'" in err


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        # the bad byte in the middle of a quoted three-line text: the record was kept
        # with that line cut out ("line one\nline three")
        (b'text,intent\n"line one\nbad \xff line\nline three",x\nnext row,y\n', ["next row"]),
        # the bad byte on the closing line: the quote stayed open and swallowed the rows after
        (
            b'text,intent\n"start of text\nend caf\xe9",x\nnext row,y\n"another",z\n',
            ["next row", "another"],
        ),
    ],
)
def test_a_csv_row_with_a_line_that_is_not_utf8_is_skipped_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, kept: list[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    out = tmp_path / "out.jsonl"
    assert main(["augment", str(source), "-o", str(out), "-n", "0", "--skip-invalid"]) == 0
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert texts == kept
    err = capsys.readouterr().err
    assert "skipped 1 invalid record" in err and "in.csv:3: invalid UTF-8" in err
