"""JSON Schemas generated from the models: printed, shipped, current, and true of every file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from procure.model.packs import bundled_packs_dir, pack_files
from procure.model.schemas import KINDS, json_schema, schema_path

from .conftest import EXAMPLES, ROOT

DATA = Path(__file__).parent / "data"


def as_json_data(path: Path) -> Any:
    """A YAML file's data as an editor's YAML 1.2 support sees it: dates are strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


def validator(kind: str) -> Draft7Validator:
    schema = json.loads(schema_path(kind).read_text())
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def problems(kind: str, data: Any) -> list[str]:
    return sorted(f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in validator(kind).iter_errors(data))


def test_schema_prints_each_format_as_shipped(run_cli) -> None:
    for kind in KINDS:
        result = run_cli("schema", kind)
        assert result.code == 0
        assert json.loads(result.out) == json_schema(kind)
        assert result.out == (ROOT / "schemas" / f"{kind}.schema.json").read_text()
        assert run_cli("schema", kind, "--path").out == f"{schema_path(kind)}\n"
    wrong = run_cli("schema", "answer")
    assert wrong.code == 2
    assert "'answer' is not one of 'answers', 'pack', 'registry'" in wrong.err


def test_generated_reference_files_are_current(run_cli) -> None:
    result = run_cli("reference", "--check")
    assert (result.code, result.err) == (0, ""), (
        "stale generated files: run `procure reference` and commit them\n" + result.err)


def test_the_reference_check_names_a_stale_file(run_cli, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    from procure.render import reference

    real = reference.reference_files
    monkeypatch.setattr(reference, "reference_files",
                        lambda commands: {**real(commands), "docs/answers.md": "changed\n"})
    result = run_cli("reference", "--check")
    assert (result.code, result.err) == (
        1, "stale: docs/answers.md\nRun `procure reference` to rewrite them.\n")


def test_the_answers_schema_describes_each_key_from_the_questions() -> None:
    answers = json_schema("answers")
    sector = answers["properties"]["sector"]
    assert sector["title"] == "Sector"
    assert sector["description"].startswith("Which kind of buyer are you? Decides which laws")
    assert sector["enumDescriptions"][sector["enum"].index("utility")] == \
        "Utility or electric cooperative"
    equipment = answers["properties"]["equipment"]
    assert len(equipment["items"]["enumDescriptions"]) == len(equipment["items"]["enum"])
    assert answers["additionalProperties"] is False
    assert answers["$schema"] == "http://json-schema.org/draft-07/schema#"
    comparison = json_schema("pack")["definitions"]["Comparison"]["properties"]
    assert "resolved_operator" not in comparison and "in" in comparison


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_every_bundled_example_is_valid_answers(path: Path) -> None:
    assert problems("answers", as_json_data(path)) == []
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../schemas/answers.schema.json\n")


@pytest.mark.parametrize("path", [*pack_files(bundled_packs_dir()),
                                  *pack_files(DATA / "good-packs")], ids=lambda path: path.stem)
def test_every_bundled_pack_is_valid(path: Path) -> None:
    assert problems("pack", as_json_data(path)) == []


def test_the_registry_is_valid() -> None:
    assert problems("registry", as_json_data(bundled_packs_dir() / "authorities.yaml")) == []


def test_the_schemas_refuse_what_procure_refuses() -> None:
    answers = as_json_data(EXAMPLES / "enterprise-sdwan.yaml")
    assert problems("answers", {**answers, "sectr": "utility", "zero_trust_target": "maximal",
                                "award_date": "2027-02-30"}) == [
        ": Additional properties are not allowed ('sectr' was unexpected)",
        "award_date: '2027-02-30' is not valid under any of the given schemas",
        "zero_trust_target: 'maximal' is not one of ['traditional', 'initial', 'advanced', "
        "'optimal']",
    ]
    bad = as_json_data(DATA / "bad-packs" / "no-evidence.yaml")
    assert problems("pack", bad) == ["requirements.0.authorities: [] should be non-empty",
                                     "requirements.0.evidence: [] should be non-empty"]
