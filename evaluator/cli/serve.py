"""``iwr serve``: reference model servers and the OpenAI gateway over gRPC."""

from __future__ import annotations

from pathlib import Path

import click

from evaluator.cli.common import (
    DEFAULT_TASKS,
)


@click.command()
@click.argument("name")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=50051, show_default=True, help="0 picks a free port")
@click.option(
    "--tasks",
    "tasks_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_TASKS,
    show_default=True,
    help="task folders (the oracle answers from them)",
)
@click.option("--upstream", default=None, help="openai-gateway: the endpoint's base URL (.../v1)")
@click.option("--model-name", default="", help="openai-gateway: the upstream model's name")
@click.option(
    "--model-config",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="openai-gateway: TOML file of per-model settings",
)
@click.option(
    "--rpm", type=click.FloatRange(min=0), default=0.0, help="openai-gateway: requests per minute"
)
@click.option(
    "--tls-cert", type=click.Path(path_type=Path, exists=True), help="serve TLS: PEM chain"
)
@click.option("--tls-key", type=click.Path(path_type=Path, exists=True), help="serve TLS: PEM key")
@click.option(
    "--token-env",
    default=None,
    help="require the bearer token held in this environment variable (health stays open)",
)
def serve(
    name: str,
    host: str,
    port: int,
    tasks_dir: Path,
    upstream: str | None,
    model_name: str,
    model_config: Path | None,
    rpm: float,
    tls_cert: Path | None,
    tls_key: Path | None,
    token_env: str | None,
) -> None:
    """Serve a reference model (oracle, blank, last-frame) over gRPC, or with NAME
    openai-gateway, ModelService in front of an OpenAI-compatible endpoint."""
    import os

    from clients.baselines import BASELINES, make_baseline
    from clients.server import serve_forever

    if (tls_cert is None) != (tls_key is None):
        raise click.BadParameter("give both --tls-cert and --tls-key", param_hint="--tls-key")
    tls = (tls_cert.read_bytes(), tls_key.read_bytes()) if tls_cert and tls_key else None
    token = None
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise click.BadParameter(f"${token_env} is not set", param_hint="--token-env")
    if name == "openai-gateway":
        from clients.base import RateLimiter
        from clients.gateway import OpenAIGatewayModel
        from clients.openai_client import OpenAIClient, load_settings

        if not upstream or not upstream.startswith(("http://", "https://")):
            raise click.BadParameter("give the endpoint as http(s)://...", param_hint="--upstream")
        if not model_name:
            raise click.BadParameter(
                "the upstream model's name is needed", param_hint="--model-name"
            )
        try:
            settings = load_settings(model_config, model_name)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--model-config") from exc
        client = OpenAIClient(upstream, model_name, settings, limiter=RateLimiter(rpm))
        serve_forever(OpenAIGatewayModel(client), host, port, tls=tls, token=token)
        return
    if name not in BASELINES:
        known = ", ".join(sorted([*BASELINES, "openai-gateway"]))
        raise click.BadParameter(f"{name!r}; known: {known}", param_hint="NAME")
    serve_forever(make_baseline(name, tasks_dir), host, port, tls=tls, token=token)
