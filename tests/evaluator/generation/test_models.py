"""Model specs from the command line (pure)."""

from __future__ import annotations

import pytest

from evaluator.generation.models import ModelSpec, ModelSpecError, parse_spec


def test_specs_of_every_kind() -> None:
    assert parse_spec("grpc://127.0.0.1:50051") == ModelSpec("grpc", "127.0.0.1:50051")
    assert parse_spec("grpcs://models.example:443").label == "grpcs://models.example:443"
    assert parse_spec("baseline:oracle").label == "oracle"
    spec = parse_spec("openai+https://api.example.com/v1/", "gpt-x")
    assert spec == ModelSpec("openai", "https://api.example.com/v1", "gpt-x")
    assert spec.label == "gpt-x@https://api.example.com/v1"
    assert parse_spec("openai+http://127.0.0.1:8000/v1", "m").value == "http://127.0.0.1:8000/v1"


@pytest.mark.parametrize(
    ("spec", "name", "why"),
    [
        ("openai+http://127.0.0.1:8000/v1", "", "needs --model-name"),
        ("openai+ftp://host/v1", "m", "expected openai"),
        ("grpc://nohost", "", "expected grpc://HOST:PORT"),
        ("http://127.0.0.1:8000/v1", "m", "expected grpc"),
    ],
)
def test_bad_specs_say_what_was_expected(spec: str, name: str, why: str) -> None:
    with pytest.raises(ModelSpecError, match=why):
        parse_spec(spec, name)


def test_run_refuses_an_openai_spec_without_a_model_name(tmp_path) -> None:  # noqa: ANN001
    from click.testing import CliRunner

    from evaluator.cli.main import main

    out = CliRunner().invoke(
        main, ["run", "--model", "openai+http://127.0.0.1:9/v1", "--tasks", str(tmp_path)]
    )
    assert out.exit_code == 2 and "needs --model-name" in out.output
