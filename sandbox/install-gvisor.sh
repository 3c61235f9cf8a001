#!/usr/bin/env bash
# Install gVisor (runsc) and register it with the running Docker engine as runtime "runsc",
# so that `iwr run/judge --runtime runsc` can use it. Idempotent: a second run changes nothing.
#
# Safe for an engine others are using: the engine is never stopped or restarted. The runtime is
# added to /etc/docker/daemon.json (backed up first, the new file validated as JSON and written
# atomically, every other key kept) and dockerd is sent SIGHUP, which reloads runtimes.
#
#   sudo sandbox/install-gvisor.sh              # platform ptrace (works without /dev/kvm)
#   sudo RUNSC_PLATFORM=kvm sandbox/install-gvisor.sh   # hangs at create in a Firecracker VM
#
# Environment: RUNSC_PLATFORM (ptrace | kvm | systrap where runsc knows it; default ptrace),
# RUNSC_EXTRA_ARGS (more runsc flags, e.g. --debug), DOCKER_DAEMON_JSON (default
# /etc/docker/daemon.json), RUNSC_NAME (default runsc).
# Exit status: 0 when `docker info` lists the runtime afterwards, 1 otherwise.
set -euo pipefail

NAME="${RUNSC_NAME:-runsc}"
PLATFORM="${RUNSC_PLATFORM:-ptrace}"
CONFIG="${DOCKER_DAEMON_JSON:-/etc/docker/daemon.json}"
# --network=none: gVisor's own network stack with loopback only. The sandbox never has a network
# (network_mode none), and runsc refuses the engine's network namespace on some hosts ("cannot
# run with network enabled in root network namespace").
# Not --oci-seccomp: with it, runsc 2022-12-19 applies Docker 20.10's default profile inside
# gVisor and no thread can start there (pthread_create fails), so Chromium cannot run.
ARGS="--platform=$PLATFORM --network=none ${RUNSC_EXTRA_ARGS:-}"

say() { printf 'install-gvisor: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (installs a package, edits $CONFIG, signals dockerd)"
command -v docker >/dev/null || die "no docker command"
command -v python3 >/dev/null || die "python3 is needed to edit $CONFIG safely"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (docker info failed)"

# 1. The runsc binary.
if ! RUNSC="$(command -v runsc)"; then
    command -v apt-get >/dev/null || die "runsc is missing and there is no apt-get; see https://gvisor.dev/docs/user_guide/install/"
    say "installing the Debian package runsc"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runsc >/dev/null \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runsc >/dev/null; } \
        || die "apt-get could not install runsc"
    RUNSC="$(command -v runsc)" || die "runsc still missing after installing the package"
fi
say "runsc: $RUNSC ($("$RUNSC" --version 2>/dev/null | head -n 1))"

# 2. The runtime entry in daemon.json (only written when it differs).
changed="$(
    CONFIG="$CONFIG" NAME="$NAME" RUNSC="$RUNSC" ARGS="$ARGS" python3 - <<'EOF'
import json, os, shutil, sys, tempfile, time

path, name = os.environ["CONFIG"], os.environ["NAME"]
want = {"path": os.environ["RUNSC"], "runtimeArgs": os.environ["ARGS"].split()}
try:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
except FileNotFoundError:
    text = ""
try:
    config = json.loads(text) if text.strip() else {}
except json.JSONDecodeError as exc:
    sys.exit(f"{path} is not valid JSON ({exc}); not touching it")
if not isinstance(config, dict):
    sys.exit(f"{path} does not hold a JSON object; not touching it")
runtimes = config.setdefault("runtimes", {})
if runtimes.get(name) == want:
    print("no")
    sys.exit(0)
runtimes[name] = want
new = json.dumps(config, indent=2) + "\n"
json.loads(new)  # validate what is written
if text:
    shutil.copy2(path, f"{path}.bak-{int(time.time())}")
directory = os.path.dirname(path) or "."
os.makedirs(directory, exist_ok=True)
fd, tmp = tempfile.mkstemp(dir=directory, prefix=".daemon.json.")
with os.fdopen(fd, "w", encoding="utf-8") as fh:
    fh.write(new)
if text:
    shutil.copymode(path, tmp)
os.replace(tmp, path)
print("yes")
EOF
)" || die "could not update $CONFIG"

# 3. Reload the engine's runtimes (SIGHUP: reload configuration; containers keep running).
listed() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q "\"$NAME\""; }
if [ "$changed" = yes ] || ! listed; then
    pid="$(cat /var/run/docker.pid 2>/dev/null || pgrep -o -x dockerd || true)"
    [ -n "$pid" ] || die "dockerd's pid is unknown; reload it yourself (SIGHUP) or restart it"
    say "registered runtime $NAME in $CONFIG; sending SIGHUP to dockerd ($pid)"
    kill -HUP "$pid"
    for _ in $(seq 1 50); do listed && break; sleep 0.2; done
fi
listed || die "docker info does not list runtime $NAME; see dockerd's log"
say "docker info lists runtime $NAME (platform $PLATFORM); check it with: iwr sandbox check --runtime $NAME"
