"""Build the sandbox image: from a registry base if one answers, else from Debian's archive.

The image tag carries a label with a hash of everything that goes into the build context
(Dockerfile + runner sources). ``ensure_image`` rebuilds when that hash differs, because an image
holding an old runner would otherwise silently replay with old code.
"""

from __future__ import annotations

import functools
import hashlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docker
from docker.errors import APIError, DockerException, ImageNotFound

from .errors import ImageBuildError, SandboxUnavailable
from .labels import BASE_LABEL, CONTENT_LABEL, SANDBOX_LABEL

IMAGE_TAG = "iwr-sandbox:latest"
IMAGE_REPO = IMAGE_TAG.split(":")[0]
BASE_TAG = "iwr-base:bookworm"
# The registry base used when the engine has it or can pull it.
REGISTRY_BASE = "debian:bookworm-slim"

PACKAGE_DIR = Path(__file__).resolve().parent
RUNNER_DIR = PACKAGE_DIR / "runner"
# The Dockerfile sits at the top of the repository so that plain `docker build .` works.
DOCKERFILE = PACKAGE_DIR.parent / "Dockerfile"

# Same suites as debian:bookworm-slim, security updates included (Chromium ships through them).
DEBIAN_SUITE = "bookworm"
DEBIAN_SOURCES = (
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
)

# The Debian package of each browser a job may ask for (sandbox/runner/config.py BROWSERS):
# its version names the exact build that judges.
BROWSER_PACKAGES = {"headless-shell": "chromium-headless-shell", "chromium": "chromium"}

# Image builds can sit silent for minutes (apt, layer commits on fuse-overlayfs).
BUILD_CLIENT_TIMEOUT_S = 1800

Log = Callable[[str], None]


def _client(timeout: int = BUILD_CLIENT_TIMEOUT_S) -> docker.DockerClient:
    try:
        client = docker.from_env(timeout=timeout)
        client.ping()
    except DockerException as exc:
        raise SandboxUnavailable(f"Docker engine unreachable: {exc}") from exc
    return client


def context_files() -> list[tuple[str, Path]]:
    """The build context as (name in context, file on disk), sorted; mirrors .dockerignore."""
    if not DOCKERFILE.is_file():
        raise ImageBuildError(f"no Dockerfile at {DOCKERFILE} (run from a source checkout)")
    files = [("Dockerfile", DOCKERFILE)]
    for path in sorted(RUNNER_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files.append((f"sandbox/runner/{path.relative_to(RUNNER_DIR).as_posix()}", path))
    return files


def content_tag(digest: str | None = None) -> str:
    """The tag naming the image built from exactly this runner (``iwr-sandbox:content-<hash>``).

    Two checkouts on one engine (two engineers, two CI jobs) each rebuild ``latest`` from their
    own sources; the launcher runs the content tag, so neither replays with the other's runner.
    """
    return f"{IMAGE_REPO}:content-{(digest or content_hash())[:16]}"


def content_hash() -> str:
    """sha256 over the names and bytes of the build context."""
    digest = hashlib.sha256()
    for name, path in context_files():
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _context_tar() -> io.BytesIO:
    """The build context in memory: exactly the files the hash covers, nothing else."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, path in context_files():
            info = tarfile.TarInfo(name)
            data = path.read_bytes()
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    return buf


def build_base(*, log: Log = print) -> str:
    """Build BASE_TAG from Debian's archive with mmdebstrap, for engines without a registry.

    Returns the image id.

    Raises:
        ImageBuildError: mmdebstrap is missing or failed, or the engine rejected the import.
        SandboxUnavailable: the Docker engine is unreachable.
    """
    mmdebstrap = shutil.which("mmdebstrap")
    if mmdebstrap is None:
        raise ImageBuildError(
            "mmdebstrap is not installed and no registry base is available; "
            "install it with `apt-get install mmdebstrap`"
        )
    client = _client()
    cmd = [mmdebstrap, "--variant=minbase", "--include=ca-certificates", DEBIAN_SUITE, "-"]
    log(f"building {BASE_TAG}: {' '.join(cmd)} | docker import")
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen([*cmd, *DEBIAN_SOURCES], stdout=subprocess.PIPE, stderr=stderr)
        assert proc.stdout is not None
        stdout = proc.stdout

        def chunks() -> Iterator[bytes]:
            yield from iter(lambda: stdout.read(1 << 20), b"")

        repo, tag = BASE_TAG.split(":")
        try:
            client.api.import_image_from_stream(chunks(), repository=repo, tag=tag)
        except APIError as exc:
            proc.kill()
            raise ImageBuildError(f"docker import of the mmdebstrap tarball failed: {exc}") from exc
        finally:
            code = proc.wait()
        if code != 0:
            stderr.seek(0)
            tail = stderr.read().decode(errors="replace")[-3000:]
            raise ImageBuildError(f"mmdebstrap exited with {code}:\n{tail}")
    image_id = client.images.get(BASE_TAG).id
    log(f"built {BASE_TAG} {image_id}")
    return image_id


def _pick_base(client: docker.DockerClient, log: Log) -> str:
    """The registry base if present or pullable, else BASE_TAG (built if missing)."""
    try:
        client.images.get(REGISTRY_BASE)
        return REGISTRY_BASE
    except ImageNotFound:
        pass
    try:
        repo, tag = REGISTRY_BASE.split(":")
        client.images.pull(repo, tag=tag)
        return REGISTRY_BASE
    except DockerException as exc:
        log(f"cannot pull {REGISTRY_BASE} ({str(exc).splitlines()[0]}); using {BASE_TAG}")
    try:
        client.images.get(BASE_TAG)
    except ImageNotFound:
        build_base(log=log)
    return BASE_TAG


def build_image(base: str | None = None, *, log: Log = print) -> str:
    """Build IMAGE_TAG from the Dockerfile with build arg BASE_IMAGE; returns the image id.

    With ``base`` None the base is debian:bookworm-slim when the engine has it or can pull it,
    otherwise an mmdebstrap-built BASE_TAG. Build output is streamed line by line to ``log``.

    Raises:
        ImageBuildError: a build step failed (the message carries Docker's error).
        SandboxUnavailable: the Docker engine is unreachable.
    """
    client = _client()
    if base is None:
        base = _pick_base(client, log)
    digest = content_hash()
    log(f"building {IMAGE_TAG} from {base} (content {digest[:12]})")
    labels = {SANDBOX_LABEL: "1", CONTENT_LABEL: digest, BASE_LABEL: base}
    try:
        previous = client.images.get(IMAGE_TAG).id
    except ImageNotFound:
        previous = None
    image_id = None
    try:
        stream = client.api.build(
            fileobj=_context_tar(),
            custom_context=True,
            tag=IMAGE_TAG,
            buildargs={"BASE_IMAGE": base},
            labels=labels,
            rm=True,
            forcerm=True,
            pull=False,
            decode=True,
        )
        for item in stream:
            if "error" in item:
                raise ImageBuildError(f"image build failed: {item['error'].strip()}")
            if "stream" in item and item["stream"].strip():
                log(item["stream"].rstrip())
            elif "status" in item:
                log(item["status"])
            if "aux" in item and "ID" in item["aux"]:
                image_id = item["aux"]["ID"]
    except APIError as exc:
        raise ImageBuildError(f"image build failed: {exc}") from exc
    image = client.images.get(IMAGE_TAG)
    if image_id is not None and image.id != image_id:
        raise ImageBuildError(f"{IMAGE_TAG} is {image.id}, the build produced {image_id}")
    image.tag(IMAGE_REPO, content_tag(digest).split(":", 1)[1])
    log(f"built {IMAGE_TAG} {image.id}")
    if previous is not None and previous != image.id:
        _remove_previous(client, previous, log)
    return image.id


def _remove_previous(client: docker.DockerClient, image_id: str, log: Log) -> None:
    """Drop the image the new build replaced, so rebuilds do not pile up untagged images;
    but not one still tagged (another checkout's content tag: that checkout judges with
    it, and without it would fall back to this build's runner). ``iwr sandbox gc
    --images`` untags content tags nothing has used for a day."""
    try:
        tags = client.images.get(image_id).tags
    except ImageNotFound:
        return
    except APIError as exc:
        log(f"kept the previous image {image_id[:19]}: {exc.explanation or exc}")
        return
    if tags:
        log(f"kept the previous image {image_id[:19]}: still tagged {', '.join(sorted(tags))}")
        return
    try:
        client.images.remove(image_id)
    except APIError as exc:
        # Still used by a container (a job may be running on it): leave it, and say so.
        log(f"kept the previous image {image_id[:19]}: {exc.explanation or exc}")
    else:
        log(f"removed the previous image {image_id[:19]}")


def ensure_image(log: Log = print) -> str:
    """The id of IMAGE_TAG, (re)building it when missing or built from other runner sources.

    Raises:
        ImageBuildError: a needed build failed.
        SandboxUnavailable: the Docker engine is unreachable.
    """
    client = _client()
    want = content_hash()
    try:
        built = client.images.get(content_tag(want))
    except ImageNotFound:
        pass
    else:
        # What runs is IMAGE_TAG: point it back at these sources when another checkout's
        # build took it (several worktrees share one engine).
        if IMAGE_TAG not in built.tags:
            built.tag(IMAGE_REPO, IMAGE_TAG.split(":", 1)[1])
        return built.id
    try:
        image = client.images.get(IMAGE_TAG)
    except ImageNotFound:
        log(f"{IMAGE_TAG} is missing; building it")
        return build_image(log=log)
    have = image.labels.get(CONTENT_LABEL)
    if have == want:
        image.tag(IMAGE_REPO, content_tag(want).split(":", 1)[1])
        return image.id
    log(f"{IMAGE_TAG} holds other runner sources ({(have or 'unlabelled')[:12]}); rebuilding")
    return build_image(log=log)


def current_image_id() -> str:
    """The id of the image built from this checkout's runner (its content tag).

    Raises:
        ImageBuildError: no image holds these runner sources yet (run ``ensure_image``).
        SandboxUnavailable: the Docker engine is unreachable.
    """
    try:
        return _client(timeout=60).images.get(content_tag()).id
    except ImageNotFound as exc:
        raise ImageBuildError(f"no {content_tag()} image: build it first") from exc


@functools.lru_cache(maxsize=16)
def browser_version(image_id: str, browser: str) -> str:
    """``"<browser> <Debian package version>"`` of ``browser`` in image ``image_id``, e.g.
    ``"headless-shell 131.0.6778.85-1~deb12u1"``: the build that judges, recorded with every
    run. Asked of the image itself (``dpkg-query`` in a throw-away container with no network
    and no capabilities; no browser starts), once per image and process.

    Raises:
        ImageBuildError: ``browser`` is unknown or the image cannot say its version.
        SandboxUnavailable: the Docker engine is unreachable.
    """
    package = BROWSER_PACKAGES.get(browser)
    if package is None:
        raise ImageBuildError(f"unknown browser {browser!r}; known: {', '.join(BROWSER_PACKAGES)}")
    client = _client(timeout=60)
    try:
        # create + start, not run: run would try to pull an image that is not there.
        container = client.containers.create(
            image_id,
            entrypoint=["dpkg-query", "--show", "--showformat=${Version}", package],
            network_disabled=True,
            read_only=True,
            cap_drop=["ALL"],
            security_opt=["no-new-privileges"],
            user="10001:10001",
            mem_limit="128m",
            pids_limit=32,
        )
        try:
            container.start()
            code = container.wait(timeout=60).get("StatusCode")
            raw = container.logs(stdout=True, stderr=False)
        finally:
            container.remove(force=True)
    except DockerException as exc:
        raise ImageBuildError(
            f"cannot ask image {image_id[:19]} for {package}'s version: {exc}"
        ) from exc
    if code != 0:
        raise ImageBuildError(f"image {image_id[:19]} has no {package} package (exit {code})")
    version = raw.decode(errors="replace").strip()
    return f"{browser} {version}"
