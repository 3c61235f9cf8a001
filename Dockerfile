# IWR-Bench sandbox image: headless Chromium + the in-container runner (sandbox/runner).
# Everything comes from Debian's archive so the image can be built without a container registry
# (BASE_IMAGE may be a base imported with mmdebstrap, see sandbox/image.py).
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

ENV DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8

# Debian's chromium, its headless shell (the default browser, see sandbox/runner/config.py) +
# matching chromium-driver (Selenium must never download a driver) and
# Debian's python3-selenium (no pip in the image). The font set is fixed so renders repeat.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        chromium \
        chromium-headless-shell \
        chromium-driver \
        python3 \
        python3-selenium \
        fonts-dejavu-core \
        fonts-liberation2 \
        fonts-noto-core \
        fonts-noto-color-emoji \
        fontconfig \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
    && fc-cache -f

# The runner never runs as root. /work/in is root-owned so the job and page are read-only to it;
# /work/out belongs to the runner. Both exist in the image so a fresh named volume mounted there
# copies up this ownership.
RUN groupadd --gid 10001 sandbox \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp \
        --shell /usr/sbin/nologin sandbox \
    && install -d -o root -g root -m 0755 /work/in \
    && install -d -o 10001 -g 10001 -m 0755 /work/out

# chromedriver (and so Chromium) starts with the highest OOM score: when a page exhausts memory the
# kernel kills the browser, never the runner, which then reports the crash.
RUN printf '#!/bin/sh\necho 1000 > /proc/self/oom_score_adj\nexec /usr/bin/chromedriver "$@"\n' \
        > /usr/local/bin/iwr-chromedriver \
    && chmod 0755 /usr/local/bin/iwr-chromedriver

# A canary in the image: the hostile-page tests prove a page can never show its contents.
RUN echo "IWR-CANARY-7f3a9c" > /opt/iwr-canary.txt && chmod 0644 /opt/iwr-canary.txt

COPY sandbox/runner/ /opt/iwr/sandbox/runner/
RUN touch /opt/iwr/sandbox/__init__.py && python3 -m compileall -q /opt/iwr/sandbox

# The root filesystem is read-only at run time; Chromium's profile, caches and crash dumps go to
# the /tmp tmpfs.
ENV PYTHONPATH=/opt/iwr \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    XDG_CONFIG_HOME=/tmp/.config \
    XDG_CACHE_HOME=/tmp/.cache

USER 10001:10001
WORKDIR /work/out
ENTRYPOINT ["python3", "-m", "sandbox.runner"]
