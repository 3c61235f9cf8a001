"""Unit tests for sandbox.policy: warning names and the outside check on inspected containers."""

from __future__ import annotations

import copy

import pytest

from sandbox import policy

LABELS = {"iwr.sandbox": "1", "iwr.sandbox.run": "abc"}
ENGINE = ["name=seccomp,profile=default"]
GOOD = {
    "Image": "sha256:feed",
    "Config": {"User": "10001:10001", "Labels": dict(LABELS)},
    "HostConfig": {
        "NetworkMode": "none",
        "ReadonlyRootfs": True,
        "CapDrop": ["ALL"],
        "CapAdd": None,
        "Privileged": False,
        "SecurityOpt": ["no-new-privileges:true"],
        "Memory": 512 * 1024**2,
        "MemorySwap": 512 * 1024**2,
        "NanoCpus": 1_000_000_000,
        "PidsLimit": 128,
        "Init": True,
        "Tmpfs": {"/tmp": "size=64m,mode=1777"},
        "Ulimits": [
            {"Name": "nofile", "Soft": policy.NOFILE, "Hard": policy.NOFILE},
            {"Name": "core", "Soft": 0, "Hard": 0},
            {"Name": "fsize", "Soft": policy.FSIZE_BYTES, "Hard": policy.FSIZE_BYTES},
        ],
        "LogConfig": {"Type": "json-file", "Config": {"max-size": policy.LOG_MAX_SIZE}},
        "IpcMode": "private",
    },
    "Mounts": [
        {"Type": "volume", "Destination": "/work/in"},
        {"Type": "volume", "Destination": "/work/out"},
    ],
}


def _check(attrs: dict, engine: list[str] = ENGINE) -> dict[str, bool]:
    findings = policy.check_outside(
        attrs,
        memory_mb=512,
        cpus=1.0,
        pids=128,
        tmpfs_mb=64,
        image_id="sha256:feed",
        labels=LABELS,
        engine_security=engine,
    )
    return {f.name: f.ok for f in findings}


def test_good_container_passes_every_outside_check() -> None:
    seen = _check(GOOD)
    assert all(seen.values()), [name for name, ok in seen.items() if not ok]
    assert {"seccomp", "swap", "pids", "ulimits", "log_config", "labels", "image_pinned"} <= set(
        seen
    )


@pytest.mark.parametrize(
    ("path", "value", "name"),
    [
        (("HostConfig", "PidsLimit"), None, "pids"),  # what the engine does without the controller
        (("HostConfig", "MemorySwap"), -1, "swap"),
        (("HostConfig", "SecurityOpt"), ["seccomp=unconfined", "no-new-privileges"], "seccomp"),
        (("HostConfig", "SecurityOpt"), [], "no_new_privileges"),
        (("HostConfig", "CapAdd"), ["NET_RAW"], "capabilities"),
        (("HostConfig", "Privileged"), True, "capabilities"),
        (("HostConfig", "NetworkMode"), "bridge", "network"),
        (("HostConfig", "Init"), False, "init"),
        (("HostConfig", "Tmpfs"), {"/tmp": "mode=1777"}, "tmpfs"),
        (("HostConfig", "Ulimits"), [], "ulimits"),
        (("HostConfig", "LogConfig"), {"Type": "json-file", "Config": {}}, "log_config"),
        (("Config", "User"), "", "user"),
        (("Config", "Labels"), {"iwr.sandbox": "1"}, "labels"),
        (("Image",), "sha256:other", "image_pinned"),
        (("Mounts",), [{"Type": "bind", "Destination": "/var/run/docker.sock"}], "mounts"),
    ],
)
def test_each_dropped_setting_is_named(path: tuple[str, ...], value: object, name: str) -> None:
    attrs = copy.deepcopy(GOOD)
    target = attrs
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    seen = _check(attrs)
    assert [n for n, ok in seen.items() if not ok] == [name]


def test_engine_without_seccomp_or_unconfined_fails_seccomp() -> None:
    assert _check(GOOD, engine=[])["seccomp"] is False
    assert _check(GOOD, engine=["name=seccomp,profile=unconfined"])["seccomp"] is False


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Your kernel does not support swap limit capabilities or the cgroup is not mounted. "
            "Memory limited without swap.",
            "swap",
        ),
        (
            "Your kernel does not support pids limit capabilities or the cgroup is not mounted. "
            "PIDs limit discarded.",
            "pids",
        ),
        ("Your kernel does not support CPU CFS scheduler. CPU period discarded.", "cpu"),
        (
            "Your kernel does not support Block I/O weight or the cgroup is not mounted. "
            "Weight discarded.",
            "blkio",
        ),
        ("Something new the engine says", "unknown"),
    ],
)
def test_engine_warnings_map_to_protection_names(text: str, name: str) -> None:
    assert policy.warning_name(text) == name
    assert policy.missing([], [text]) == {name: f"engine warning: {text}"}


def test_allow_list_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(policy.ALLOW_ENV, "swap, pids,,")
    assert policy.allowed_from_env() == {"swap", "pids"}
    monkeypatch.delenv(policy.ALLOW_ENV)
    assert policy.allowed_from_env() == frozenset()


def test_runtime_is_checked_when_one_was_asked_for() -> None:
    def runtime_ok(attrs: dict, runtime: str | None) -> bool:
        findings = policy.check_outside(
            attrs,
            memory_mb=512,
            cpus=1.0,
            pids=128,
            tmpfs_mb=64,
            image_id="sha256:feed",
            labels=LABELS,
            engine_security=ENGINE,
            runtime=runtime,
        )
        return {f.name: f.ok for f in findings}["runtime"]

    runc = copy.deepcopy(GOOD)
    runc["HostConfig"]["Runtime"] = "runc"
    runsc = copy.deepcopy(GOOD)
    runsc["HostConfig"]["Runtime"] = "runsc"
    assert runtime_ok(runc, None) and runtime_ok(runsc, None)  # the engine's default
    assert runtime_ok(runsc, "runsc") and not runtime_ok(runc, "runsc")


# What the probe saw in a production container under gVisor (runsc 2022-12-19, platform ptrace):
# no NoNewPrivs line, no /sys/class/net, no host cgroup files, seccomp off inside its kernel.
GVISOR_SEEN = {
    "uid": 10001,
    "gid": 10001,
    "root_writable": False,
    "interfaces": ["error: [Errno 22] Invalid argument: '/sys/class/net'"],
    "default_route": False,
    "connect_out": "1.1.1.1:80: [Errno 101] Network is unreachable",
    "cap_eff": "0000000000000000",
    "no_new_privs": -1,
    "seccomp": 0,
    "pid1": "docker-init",
    "cgroup": {"memory": "", "memory_swap": "", "pids": "", "cpu_quota": "", "cpu_period": ""},
    "rlimits": {
        "nofile": [policy.NOFILE, policy.NOFILE],
        "core": [0, 0],
        "fsize": [policy.FSIZE_BYTES, policy.FSIZE_BYTES],
    },
    "tmp_bytes": 64 * 1024**2,
    "engine_sockets": [],
    "docker_host_env": False,
}


def _inside(seen: dict, runtime: str | None) -> dict[str, bool]:
    findings = policy.check_inside(
        seen, memory_mb=512, cpus=1.0, pids=128, tmpfs_mb=64, runtime=runtime
    )
    return {f.name: f.ok for f in findings}


def test_gvisor_leaves_out_only_what_its_kernel_cannot_show() -> None:
    under_runc = _inside(GVISOR_SEEN, None)
    assert {n for n, ok in under_runc.items() if not ok} == set(policy.GVISOR_OUTSIDE_ONLY)
    under_runsc = _inside(GVISOR_SEEN, "runsc")
    assert all(under_runsc.values()), under_runsc
    assert not set(policy.GVISOR_OUTSIDE_ONLY) & set(under_runsc)
    # Evidence that is there is still judged: a wrong limit fails under gVisor too.
    wrong = copy.deepcopy(GVISOR_SEEN)
    wrong["cgroup"]["memory"] = "9223372036854775807"
    wrong["seccomp"] = 2
    seen = _inside(wrong, "runsc")
    assert seen["memory"] is False and seen["seccomp"] is True
