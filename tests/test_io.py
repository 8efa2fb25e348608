"""Readers and writers: byte-identical round trips, exact spans, clear errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from textaug import DataError, Record, Span, read_records, write_records
from textaug.io import RecordReader, open_writer
from textaug.io.rasa import parse_annotated

ROLES = Record(
    "fly from NYC to Berlin, [really] now",
    "book_flight",
    (
        Span(9, 12, "city", role="from", canonical="New York"),
        Span(16, 22, "city", role="to", group="1"),
    ),
)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "rasa"])
def test_writing_what_was_read_is_byte_identical(
    tmp_path: Path, corpus_records: list[Record], fmt: str
) -> None:
    suffix = {"rasa": "yml"}.get(fmt, fmt)
    first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    write_records(str(first), corpus_records)
    reader = RecordReader(str(first))
    with open_writer(str(second)) as writer:
        for record in reader:
            writer.write(record)
    assert first.read_bytes() == second.read_bytes()
    back = list(read_records(str(second)))
    assert [(r.text, r.label, r.spans) for r in back] == [
        (r.text, r.label, r.spans) for r in corpus_records
    ]


def test_plain_text_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("  keep  odd   spacing\ntabs\there, Ünïcode ✈️\n", encoding="utf-8")
    write_records(str(tmp_path / "b.txt"), read_records(str(source)))
    assert (tmp_path / "b.txt").read_bytes() == source.read_bytes()


def test_shipped_corpus_jsonl_is_canonical(corpus_path: Path, tmp_path: Path) -> None:
    write_records(str(tmp_path / "c.jsonl"), read_records(str(corpus_path)))
    assert (tmp_path / "c.jsonl").read_bytes() == corpus_path.read_bytes()


def test_shipped_corpus_yaml_matches_jsonl(corpus_path: Path, tmp_path: Path) -> None:
    write_records(str(tmp_path / "c.yml"), read_records(str(corpus_path)))
    assert (tmp_path / "c.yml").read_bytes() == corpus_path.with_suffix(".yml").read_bytes()


def test_rasa_roles_groups_and_synonyms_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    write_records(str(path), [ROLES])
    text = path.read_text(encoding="utf-8")
    assert '[NYC]{"entity": "city", "role": "from", "value": "New York"}' in text
    assert '[Berlin]{"entity": "city", "role": "to", "group": "1"}' in text
    [back] = read_records(str(path))
    assert back.spans == ROLES.spans and back.text == ROLES.text


def test_jsonl_keeps_extra_keys_and_roles(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    line = (
        '{"text": "hi Bob", "intent": "greet", "entities": [{"start": 3, "end": 6, '
        '"entity": "name", "value": "Bob", "role": "callee"}], "id": 7, "split": "train"}\n'
    )
    path.write_text(line, encoding="utf-8")
    write_records(str(tmp_path / "y.jsonl"), read_records(str(path)))
    assert (tmp_path / "y.jsonl").read_text(encoding="utf-8") == line


def test_annotated_values_with_brackets_and_unicode() -> None:
    text, spans = parse_annotated("to [São Paulo](city) and [São Paulo](city) (twice)")
    assert text == "to São Paulo and São Paulo (twice)"
    assert [text[s.start : s.end] for s in spans] == ["São Paulo", "São Paulo"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "ok"}\n{"text": "broken"\n', "bad.jsonl:2: invalid JSON"),
        (
            '{"text": "hi Bob", "entities": '
            '[{"start": 0, "end": 2, "entity": "n", "value": "Bob"}]}\n',
            "bad.jsonl:1: entity 'n' at [0, 2) covers 'hi', not its value 'Bob'",
        ),
        (
            '{"text": "hi", "entities": [{"start": 1, "end": 9, "entity": "n"}]}\n',
            "bad.jsonl:1: entity 'n' at [1, 9) is outside the text",
        ),
        ('{"intent": "x"}\n', "bad.jsonl:1: missing or non-string 'text'"),
    ],
)
def test_malformed_jsonl_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        list(read_records(str(path)))
    assert str(info.value).startswith(str(tmp_path / message.split(":")[0]))
    assert message.split(":", 1)[1] in str(info.value)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"fine\nbro\xffken\n")
    with pytest.raises(DataError, match=r"bad.txt:2: invalid UTF-8 \(byte 0xff at column 4\)"):
        list(read_records(str(path)))


def test_missing_csv_column_suggests_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("txt,intent\nhello,greet\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"x.csv:1: no 'text' column \(did you mean 'txt'\?\)"):
        list(read_records(str(path)))
    assert [r.text for r in read_records(str(path), text_column="txt")] == ["hello"]


def test_csv_keeps_other_columns_in_place(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('id,text,intent,note\n1,"hi, there",greet,"a ""quote"""\n', encoding="utf-8")
    reader = RecordReader(str(path))
    records = list(reader)
    with open_writer(str(tmp_path / "y.csv"), layout=reader.layout) as writer:
        for r in records:
            writer.write(r)
    assert (tmp_path / "y.csv").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_skipping_invalid_records_reports_each(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "a"}\nnot json\n{"text": "b"}\n{"text": 3}\n', encoding="utf-8")
    errors: list[DataError] = []
    records = list(read_records(str(path), on_error=errors.append))
    assert [r.text for r in records] == ["a", "b"]
    assert [e.line for e in errors] == [2, 4]


def test_rasa_errors_name_the_example_line(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n    - [x]{"entity": }\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"nlu\.yml:6: entity annotation"):
        list(read_records(str(path)))


@pytest.mark.parametrize(
    ("examples", "line"),
    [
        ('"- bye\\nsee you\\n"', 4),  # two examples on one quoted line
        ('"- bye\n\n    - see [you]{\\"entity\\": 3}\\n"', 6),  # a folded line break
        ("'- bye\n\n    - it''s [x]{}\n'", 6),
        (">\n    - bye\n\n    - [x]{}\n", 7),
    ],
)
def test_rasa_errors_in_quoted_or_folded_examples_name_their_line(
    tmp_path: Path, examples: str, line: int
) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(f'version: "3.1"\nnlu:\n- intent: bye\n  examples: {examples}\n', "utf-8")
    with pytest.raises(DataError, match=rf"nlu\.yml:{line}: "):
        list(read_records(str(path)))


def test_failed_write_leaves_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"

    def records():  # type: ignore[no-untyped-def]
        yield Record("fine")
        raise DataError("boom")

    with pytest.raises(DataError):
        write_records(str(target), records())
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_existing_output_survives_a_failed_write(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(DataError):
        write_records(str(target), [Record("two\nlines")])
    assert target.read_text(encoding="utf-8") == "previous\n"


@pytest.mark.parametrize(
    "record",
    [
        Record("match [x]+$ please", "regex", (Span(6, 11, "pattern"),)),
        Record("see [docs](link) here", "help"),
    ],
)
def test_rasa_refuses_what_its_markup_cannot_hold(tmp_path: Path, record: Record) -> None:
    target = tmp_path / "nlu.yml"
    with pytest.raises(DataError, match="Rasa's markup cannot represent"):
        write_records(str(target), [record])
    assert not target.exists()


# -- edge cases found by an audit: each of these lost data or crashed before -----------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_quoted_newlines_survive_a_round_trip(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "x.csv"
    rows = ["text,intent,extra", f'"line one{newline}line two",greet,x', "ok,a,b", ""]
    path.write_bytes(newline.join(rows).encode("utf-8"))
    records = list(read_records(str(path)))
    assert [r.text for r in records] == [f"line one{newline}line two", "ok"]
    out = tmp_path / "y.csv"
    write_records(str(out), [Record("hi\nfly to Paris", "fly", (Span(10, 15, "city"),))])
    (back,) = read_records(str(out))
    assert (back.text, back.spans) == ("hi\nfly to Paris", (Span(10, 15, "city"),))


def test_csv_row_errors_name_the_row_first_line_and_can_be_skipped(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('text,intent\n"two\nlines",a,extra\n"bad"x,b\nok,c\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"x\.csv:2: expected 2 fields, found 3"):
        list(read_records(str(path)))
    errors: list[DataError] = []
    assert [r.text for r in read_records(str(path), on_error=errors.append)] == ["ok"]
    assert [e.line for e in errors] == [2, 4]


@pytest.mark.parametrize(
    ("header", "options", "message"),
    [
        ("note,text,note,intent", {}, r"duplicate column name\(s\) \['note'\]"),
        ("intent,label", {"text_column": "intent"}, "cannot be both text and label"),
    ],
)
def test_ambiguous_csv_columns_are_refused(
    tmp_path: Path, header: str, options: dict[str, str], message: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_text(f"{header}\n" + ",".join("v" * len(header.split(","))) + "\n", "utf-8")
    with pytest.raises(DataError, match=message):
        list(read_records(str(path), **options))  # type: ignore[arg-type]


def test_an_extra_column_never_overwrites_the_text_in_jsonl(tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_text("utterance,text,intent\nbook a flight,OTHER,fly\n", encoding="utf-8")
    records = list(read_records(str(source), text_column="utterance"))
    assert records[0].text == "book a flight" and records[0].meta == {"text": "OTHER"}
    with pytest.raises(DataError, match=r"extra field\(s\) \['text'\] would overwrite"):
        write_records(str(tmp_path / "y.jsonl"), records)
    assert not (tmp_path / "y.jsonl").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "hi \\ud83d there"}', "half a surrogate pair"),
        ('{"text": "hi", "score": NaN}', "NaN is not a JSON value"),
        ('{"text": "hi", "entities": [{"start": true, "end": 2, "entity": "a"}]}', "integers"),
    ],
)
def test_jsonl_that_is_not_quite_json_is_refused(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(line + '\n{"text": "ok \\ud83d\\ude00"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=message):
        list(read_records(str(path)))
    errors: list[DataError] = []
    assert [r.text for r in read_records(str(path), on_error=errors.append)] == ["ok 😀"]
    assert [e.line for e in errors] == [1]


def test_invalid_utf8_lines_can_be_skipped(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "fine"}\n')
    errors: list[DataError] = []
    assert [r.text for r in read_records(str(path), on_error=errors.append)] == ["ok", "fine"]
    assert [(e.line, e.reason.split(" (")[0]) for e in errors] == [(2, "invalid UTF-8")]


@pytest.mark.parametrize("examples", ["  examples:\n", "  examples: hi\n"])
def test_rasa_intent_without_a_block_is_a_clear_error(tmp_path: Path, examples: str) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text('version: "3.1"\nnlu:\n- intent: greet\n' + examples, encoding="utf-8")
    with pytest.raises(DataError, match=r"nlu\.yml:3: an intent needs a text block"):
        list(read_records(str(path)))


def test_rasa_null_annotation_fields_are_absent(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n'
        '    - yo [x]{"entity": "a", "role": null, "group": 1}\n',
        encoding="utf-8",
    )
    (record,) = read_records(str(path))
    assert record.spans == (Span(3, 4, "a", role=None, group="1"),)


@pytest.mark.parametrize("text", ["a\x85b", "form\x0cfeed", "x\u2028y"])
def test_rasa_refuses_what_yaml_would_read_back_differently(tmp_path: Path, text: str) -> None:
    target = tmp_path / "nlu.yml"
    for record in (Record(text, "intent"), Record("hi", text)):
        with pytest.raises(DataError, match="cannot hold"):
            write_records(str(target), [record])
    assert not target.exists()
    write_records(str(target), [Record("café \U0001f600 ok\tand tab", "x")])
    assert [r.text for r in read_records(str(target))] == ["café \U0001f600 ok\tand tab"]


def test_an_output_path_that_is_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is a directory, not a file"):
        write_records(str(tmp_path), [Record("hi")], fmt="jsonl")


def test_what_textaug_writes_it_reads_back_or_refuses_up_front(tmp_path: Path) -> None:
    # a lone carriage return is quoted in CSV, so the file reads back
    csv_path = tmp_path / "cr.csv"
    write_records(str(csv_path), [Record("a\rb", "x"), Record("ok", "y")])
    assert [r.text for r in read_records(str(csv_path))] == ["a\rb", "ok"]
    # JSON cannot hold NaN or a set; a blank line in plain text would vanish
    for path, record in [
        ("n.jsonl", Record("hi", "g", (), {"score": float("nan")})),
        ("s.jsonl", Record("hi", "g", (), {"tags": {"a"}})),
        ("p.txt", Record("   ")),
    ]:
        with pytest.raises(DataError):
            write_records(str(tmp_path / path), [record])
        assert not (tmp_path / path).exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "a", "n": ' + "9" * 5000 + "}", "invalid JSON"),
        ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "invalid JSON"),
        (
            '{"text": "to Rome", "entities": [{"start": 3, "end": 7, "entity": "city", '
            '"group": 1}]}',
            "group must be a string",
        ),
    ],
)
def test_hostile_json_lines_are_data_errors_naming_the_line(
    tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=f"bad.jsonl:2: .*{message}"):
        list(read_records(str(path)))


LISTED = """version: "3.1"
nlu:
- intent: bye
  examples:
  - text: |
      bye [Sara](name)
    metadata:
      sentiment: sad
  - text: ciao
"""


def test_rasa_listed_examples_read_with_their_metadata_and_write_back(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(LISTED, encoding="utf-8")
    records = list(read_records(str(path)))
    assert [(r.text, r.spans, r.meta) for r in records] == [
        ("bye Sara", (Span(4, 8, "name"),), {"metadata": {"sentiment": "sad"}}),
        ("ciao", (), {}),
    ]
    again = tmp_path / "again.yml"
    write_records(str(again), records)
    assert sorted(list(read_records(str(again))), key=lambda r: r.text) == records


def test_rasa_variants_carry_their_provenance(tmp_path: Path) -> None:
    variant = Record("hi there", "greet", meta={"textaug": {"parent": 0, "ops": ["x"]}})
    path = tmp_path / "out.yml"
    write_records(str(path), [Record("hi", "greet"), variant])
    assert list(read_records(str(path))) == [Record("hi", "greet"), variant]
    assert "- hi\n" in path.read_text("utf-8")  # originals stay in the examples block


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("  - txt: hi\n", r"nlu\.yml:5: a listed example needs a 'text' string"),
        ("  - text: hi\n    metadata: [1]\n", r"nlu\.yml:5: an example's 'metadata' must be"),
        ('  - text: hi\n    metadata: {"textaug": 3}\n', r"nlu\.yml:5: the 'textaug' field"),
    ],
)
def test_rasa_listed_example_errors_name_their_line(
    tmp_path: Path, item: str, message: str
) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text('version: "3.1"\nnlu:\n- intent: bye\n  examples:\n' + item, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        list(read_records(str(path)))
