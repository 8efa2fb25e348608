"""The textaug command end to end, as a user runs it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli

from textaug import read_records
from textaug.cli import main
from textaug.evaluate import is_generated


def test_augment_twice_gives_identical_files(corpus_path: Path, tmp_path: Path) -> None:
    outputs = []
    for name, workers in (("a", "1"), ("b", "1"), ("c", "2")):
        out = tmp_path / f"{name}.jsonl"
        assert (
            main(
                [
                    "augment",
                    str(corpus_path),
                    "-o",
                    str(out),
                    "-n",
                    "3",
                    "--seed",
                    "1",
                    "--workers",
                    workers,
                    "--no-progress",
                ]
            )
            == 0
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_augment_output_keeps_originals_and_exact_entities(
    corpus_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                "augment",
                str(corpus_path),
                "-o",
                str(out),
                "-n",
                "3",
                "--seed",
                "1",
                "-q",
                "--no-progress",
            ]
        )
        == 0
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    originals = [
        line for line in out.read_text(encoding="utf-8").splitlines() if '"textaug"' not in line
    ]
    assert originals == corpus_path.read_text(encoding="utf-8").splitlines()
    assert len(rows) > len(originals)
    for row in rows:
        for entity in row["entities"]:
            assert row["text"][entity["start"] : entity["end"]] == entity["value"]


def test_summary_line_on_stderr(corpus_path: Path, tmp_path: Path) -> None:
    result = run_cli("augment", str(corpus_path), "-o", str(tmp_path / "o.jsonl"), "-n", "2")
    assert result.returncode == 0, result.stderr
    assert "96 records in" in result.stderr and "variants out" in result.stderr


def test_malformed_input_exits_1_naming_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"text": "book a flight"}\n'
        '{"text": "x", "entities": [{"start": 0, "end": 1, "entity": "e", "value": "y"}]}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = run_cli("augment", str(source), "-o", str(out))
    assert result.returncode == 1
    assert f"{source}:2: entity 'e'" in result.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_skip_invalid_reports_and_continues(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "book a flight to rome"}\nnope\n', encoding="utf-8")
    result = run_cli(
        "augment", str(source), "-o", str(tmp_path / "o.jsonl"), "--skip-invalid", "-n", "1"
    )
    assert result.returncode == 0
    assert "skipped 1 invalid record," in result.stderr and "in.jsonl:2" in result.stderr


def test_a_skipped_line_leaves_the_output_as_if_it_were_not_there(tmp_path: Path) -> None:
    """Parents and generators count the records read, so the bad line changes nothing."""
    good = [
        '{"text": "book a flight to rome tomorrow", "intent": "book"}',
        '{"text": "play some jazz music in the kitchen", "intent": "play"}',
    ]
    with_bad = tmp_path / "bad.jsonl"
    with_bad.write_text(f"{good[0]}\n{{nope\n{good[1]}\n", encoding="utf-8")
    clean = tmp_path / "clean.jsonl"
    clean.write_text("".join(f"{line}\n" for line in good), encoding="utf-8")
    args = ("-n", "2", "--seed", "3", "--no-progress")
    main(["augment", str(with_bad), "-o", str(tmp_path / "a.jsonl"), "--skip-invalid", *args])
    main(["augment", str(clean), "-o", str(tmp_path / "b.jsonl"), *args])
    written = (tmp_path / "a.jsonl").read_text(encoding="utf-8")
    assert written == (tmp_path / "b.jsonl").read_text(encoding="utf-8")
    parents = [json.loads(line).get("textaug", {}).get("parent") for line in written.splitlines()]
    assert parents == [None, 0, 0, None, 1, 1]


def test_stdin_to_stdout_with_aug_options() -> None:
    result = run_cli(
        "augment",
        "-",
        "-n",
        "2",
        "--seed",
        "3",
        "--aug",
        "random_swap:rate=0.5",
        "--aug",
        'punctuation_insertion:marks=["!", "?"]',
        stdin='{"text": "please book a table for two"}\n',
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0] == {"text": "please book a table for two", "entities": []}
    assert len(rows) == 3 and all(
        r["textaug"]["ops"] == ["random_swap", "punctuation_insertion"] for r in rows[1:]
    )


def test_csv_in_rasa_out(corpus_path: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    assert (
        main(["augment", str(corpus_path), "-o", str(csv_path), "-n", "0", "-q", "--no-progress"])
        == 0
    )
    yml = tmp_path / "out.yml"
    assert main(["augment", str(csv_path), "-o", str(yml), "-n", "1", "-q", "--no-progress"]) == 0
    assert yml.read_text(encoding="utf-8").startswith(
        'version: "3.1"\nnlu:\n- intent: book_flight\n'
    )


def test_csv_output_keeps_provenance_in_a_textaug_column(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text,intent,note\nbook a table for two,book,x\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["augment", str(source), "-o", str(out), "-n", "2", "-q", "--no-progress"]) == 0
    header, original, *_ = out.read_text(encoding="utf-8").splitlines()
    assert header == "text,intent,note,textaug"
    assert original == "book a table for two,book,x,"
    records = list(read_records(str(out)))
    assert "textaug" not in records[0].meta and len(records) == 3
    for record in records[1:]:
        assert record.meta["note"] == "x"
        assert record.meta["textaug"]["parent"] == 0 and record.meta["textaug"]["ops"]
        assert is_generated(record)


def test_rasa_output_keeps_provenance_so_evaluate_can_leave_variants_out(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.yml"
    source = Path(__file__).resolve().parents[1] / "corpora" / "intents.yml"
    args = ["expand", str(source), "-o", str(out), "--per-intent", "12", "-q", "--no-progress"]
    assert main(args) == 0
    records = list(read_records(str(out)))
    originals = list(read_records(str(source)))
    variants = [r for r in records if is_generated(r)]
    assert len(records) == len(originals) + len(variants) and variants
    assert [r for r in records if not is_generated(r)] == originals
    for variant in variants:
        assert variant.label == originals[variant.meta["textaug"]["parent"]].label


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("in.csv", "text,intent,textaug\nbook a table,book,mine\n", "in.csv:2"),
        (
            "in.jsonl",
            '{"text": "book a table", "intent": "book", "textaug": "mine"}\n',
            "in.jsonl:1",
        ),
    ],
)
def test_a_user_field_named_textaug_is_refused_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, where: str
) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["augment", str(source), "-o", str(out), "-n", "1", "--no-progress"]) == 1
    error = capsys.readouterr().err
    assert where in error and "holds textaug's provenance" in error
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--aug", "random_swp"], "did you mean 'random_swap'"),
        (["--recipe", "edaa"], "did you mean 'eda'"),
        (["--aug", "random_swap:rate"], "expected key=value"),
        (["--aug", "random_swap:min_ops=1.5"], "min_ops must be a whole number, got 1.5"),
        (["--aug", "random_swap:protect=[no, tonight]"], "quote it: 'no'"),
        (["--aug", "random_swap:protect=book"], "for one item write a list: [book]"),
        (["--aug", "random_swap:rate=0.1,rate=0.2"], "rate is given twice"),
        (["--aug", "random_swap:name=eda"], "the augmenter's name goes before the ':'"),
        (["--recipe", "/"], "is a directory, not a recipe file"),
    ],
)
def test_bad_recipes_exit_1_with_a_hint(corpus_path: Path, args: list[str], message: str) -> None:
    result = run_cli("augment", str(corpus_path), *args)
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr and not result.stdout


def test_usage_errors_exit_2() -> None:
    assert run_cli("augment").returncode == 2
    assert run_cli("no-such-command").returncode == 2
    negative = run_cli("augment", "x.jsonl", "--seed", "-1")
    assert negative.returncode == 2 and "--seed: must be 0 or more" in negative.stderr
    workers = run_cli("augment", "x.jsonl", "--workers", "-2")
    assert workers.returncode == 2 and "--workers: must be 1 or more, got -2" in workers.stderr
    assert run_cli("expand", "x.jsonl", "--per-intent", "5", "--workers", "0").returncode == 2


def test_recipes_json_lists_every_name_with_parameters() -> None:
    result = run_cli("recipes", "--json")
    data = json.loads(result.stdout)
    names = {entry["name"] for entry in data["registered"]}
    assert {"random_swap", "pipeline", "protect_entities"} <= names
    assert "default" in data["recipes"]
    text = run_cli("recipes").stdout
    assert "random_swap" in text and "recipes:" in text


def test_help_documents_every_augment_option() -> None:
    text = run_cli("augment", "--help").stdout
    for option in (
        "-o",
        "-n",
        "--seed",
        "--workers",
        "--recipe",
        "--aug",
        "--in-format",
        "--out-format",
        "--skip-invalid",
        "--no-originals",
    ):
        assert option in text


def test_stdout_is_utf8_whatever_the_locale() -> None:
    line = '{"text": "fly to Zürich 😀 now please", "intent": "fly"}\n'
    result = subprocess.run(
        [sys.executable, "-m", "textaug", "augment", "-", "-n", "0", "-q"],
        capture_output=True,
        input=line.encode("utf-8"),
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))["text"] == "fly to Zürich 😀 now please"


NAMES = (
    '{"text": "call Alice now", "intent": "call", '
    '"entities": [{"start": 5, "end": 10, "entity": "name", "value": "Alice"}]}\n'
)


def test_aug_data_mapping_keyed_name_is_data() -> None:
    # slot values for an entity type called "name" used to be built as an augmenter config
    swap = "slot_swap:values={name: [Bob, Carol]}"
    result = run_cli("augment", "-", "-n", "2", "-q", "--aug", swap, stdin=NAMES)
    assert result.returncode == 0, result.stderr
    texts = sorted(json.loads(line)["text"] for line in result.stdout.splitlines()[1:])
    assert texts == ["call Bob now", "call Carol now"]


def test_aug_values_read_exponents_as_numbers() -> None:
    from textaug.cli.options import parse_aug

    assert parse_aug("random_swap:rate=1e-3,max_ops=010").to_config() == {
        "name": "random_swap",
        "rate": 0.001,
        "max_ops": 10,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["augment", "{corpus}", "-o", "{out}.jsonl", "--aug", "random_swap", "--recipe", "eda"],
         "either --recipe or --aug"),
        (["augment", "{corpus}", "-o", "{out}.xml"], "cannot tell the format"),
        (["generate", "templates", "--split", "0.2", "-o", "{out}.jsonl"], "--split needs"),
        (["evaluate", "{corpus}", "--shots", "abc"], "expected integers like 5,10"),
        (["augment", "{corpus}", "--no-such-option"], "unrecognized arguments"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_and_write_nothing(
    corpus_path: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    filled = [a.format(corpus=corpus_path, out=out) for a in args]
    result = run_cli(*filled)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_built_in_recipes_win_over_files_named_like_them(corpus_path: Path, tmp_path: Path) -> None:
    (tmp_path / "default").mkdir()
    (tmp_path / "expand").write_text("not a recipe\n", encoding="utf-8")
    augmented = run_cli("augment", str(corpus_path), "-o", "a.jsonl", "-n", "1", cwd=tmp_path)
    assert augmented.returncode == 0, augmented.stderr
    expanded = run_cli(
        "expand", str(corpus_path), "-o", "e.jsonl", "--per-intent", "11", cwd=tmp_path
    )
    assert expanded.returncode == 0, expanded.stderr


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.yaml", "name: random_swap\n rate: 0.1\n", "not valid YAML"),
        ("bad.json", '{"name": "random_swap",}', "not valid JSON"),
        ("folder", None, "is a directory, not a recipe file"),
    ],
)
@pytest.mark.parametrize("command", ["expand", "evaluate"])
def test_expand_and_evaluate_report_bad_recipe_files_cleanly(
    corpus_path: Path, tmp_path: Path, command: str, name: str, text: str | None, message: str
) -> None:
    recipe = tmp_path / name
    if text is None:
        recipe.mkdir()
    else:
        recipe.write_text(text, encoding="utf-8")
    target = ["-o", str(tmp_path / "o.jsonl"), "--per-intent", "11"] if command == "expand" else []
    result = run_cli(command, str(corpus_path), *target, "--recipe", str(recipe))
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_jsonl_labels_may_be_called_label(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"text": "book a flight to paris please", "label": "fly"}\n'
        '{"text": "hello there my good friend", "label": "greet"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["augment", str(source), "-o", str(out), "-n", "1", "-q", "--no-progress"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["label"] for row in rows] == ["fly", "fly", "greet", "greet"]
    assert not any("intent" in row for row in rows)
    expanded = tmp_path / "expanded.jsonl"
    args = ["expand", str(source), "-o", str(expanded), "--per-intent", "3", "-q"]
    assert main([*args, "--no-progress"]) == 0
    rows = [json.loads(line) for line in expanded.read_text(encoding="utf-8").splitlines()]
    assert sorted(row["label"] for row in rows) == ["fly"] * 3 + ["greet"] * 3


def test_expand_refuses_an_infinite_factor(corpus_path: Path, tmp_path: Path) -> None:
    for factor in ("inf", "nan", "0.5"):
        result = run_cli(
            "expand", str(corpus_path), "-o", str(tmp_path / "o.jsonl"), "--factor", factor
        )
        assert (
            result.returncode == 2
            and "--factor: must be a finite number, 1 or more" in result.stderr
        )


def test_help_names_each_commands_default_recipe() -> None:
    assert "(default: the 'default' recipe)" in run_cli("augment", "--help").stdout
    assert "(default: the 'expand' recipe)" in run_cli("expand", "--help").stdout
    assert "(default: the 'expand' recipe)" in run_cli("evaluate", "--help").stdout


def test_recipes_lists_combinator_parts_as_required() -> None:
    text = run_cli("recipes").stdout
    assert re.search(r"^ +steps +required$", text, re.MULTILINE)
    assert re.search(r"^ +augmenter +required$", text, re.MULTILINE)


def test_sigterm_removes_the_partial_output_and_exits_143(
    corpus_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "big.jsonl"
    source.write_text(corpus_path.read_text(encoding="utf-8") * 400, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "textaug", "augment", str(source), "-o", str(out)]
    process = subprocess.Popen(
        [*command, "--workers", "2", "--no-progress"], stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.jsonl.*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1)  # let the workers start
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 143, stderr
    assert "terminated" in stderr and "Traceback" not in stderr and "leaked" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]


def test_augment_gives_a_recipes_slot_swap_the_values_of_its_input(
    corpus_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("augment", str(corpus_path), "-o", str(out), "-n", "2", "--recipe", "expand")
    assert result.returncode == 0, result.stderr
    ops = [json.loads(line).get("textaug", {}).get("ops", []) for line in out.open()]
    assert sum("slot_swap" in o for o in ops) > 20
    piped = run_cli(
        "augment", "-", "-o", "-", "--recipe", "expand", stdin=corpus_path.read_text("utf-8")
    )
    assert piped.returncode == 0 and "slot_swap steps are dropped" in piped.stderr
    assert "slot_swap" not in piped.stdout


def test_augment_with_a_slot_swap_only_recipe_on_stdin_refuses_records_instead_of_failing(
    corpus_path: Path, tmp_path: Path
) -> None:
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: pipeline\nsteps:\n  - {name: slot_swap}\n", encoding="utf-8")
    text = "".join(corpus_path.read_text("utf-8").splitlines(keepends=True)[:3])
    result = run_cli("augment", "-", "-o", "-", "--recipe", str(recipe), stdin=text)
    assert result.returncode == 0, result.stderr
    assert "no entity with another known value" in result.stderr


def test_aug_slot_swap_takes_the_slot_values_of_the_input(
    corpus_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    argv = ["augment", str(corpus_path), "-o", str(out), "-n", "1", "--aug", "slot_swap"]
    assert main([*argv, "-q", "--no-progress", "--seed", "2"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    variants = [r for r in rows if "textaug" in r]
    assert len(variants) > 40 and all(r["textaug"]["ops"] == ["slot_swap"] for r in variants)


@pytest.mark.parametrize("command", [["augment", "-n", "1"], ["expand", "--per-intent", "12"]])
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, corpus_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "in.jsonl"
    data.write_bytes(corpus_path.read_bytes())
    before = data.read_bytes()
    same = str(tmp_path / "." / "in.jsonl")
    assert main([command[0], str(data), "-o", same, *command[1:], "--no-progress"]) == 1
    assert "is the input file" in capsys.readouterr().err
    assert data.read_bytes() == before


@pytest.mark.parametrize("command", ["augment", "expand"])
def test_a_missing_input_is_a_clear_error_even_when_the_output_exists(
    command: str, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n", encoding="utf-8")
    extra = ["--per-intent", "3"] if command == "expand" else []
    done = run_cli(command, str(tmp_path / "nothere.jsonl"), "-o", str(out), *extra)
    assert done.returncode == 1
    assert "no such file" in done.stderr and "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "kept\n"  # an earlier output stays as it was
