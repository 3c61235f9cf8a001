"""Start headless Chromium through Selenium with a viewport of exactly the requested size."""

from __future__ import annotations

import contextlib
import struct
import tempfile
from dataclasses import dataclass

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.remote_connection import RemoteConnection

from .config import CHROMEDRIVER, CHROMIUM

# Flags that make runs repeatable and keep Chromium from reaching out. There is no network in the
# sandbox anyway; these keep it from even trying (and from waiting on it).
CHROMIUM_FLAGS = (
    "--headless=new",
    # The container is the sandbox: with all capabilities dropped and no-new-privileges, Chromium's
    # own setuid/namespace sandbox cannot start.
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-gpu",
    "--hide-scrollbars",
    "--mute-audio",
    "--force-device-scale-factor=1",
    "--disable-smooth-scrolling",
    "--force-color-profile=srgb",
)


class BrowserError(RuntimeError):
    """Chromium did not start or does not honour the requested viewport."""


@dataclass(frozen=True)
class BrowserInfo:
    chromium: str
    chromedriver: str
    chromium_sandbox: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "chromium": self.chromium,
            "chromedriver": self.chromedriver,
            "chromium_sandbox": self.chromium_sandbox,
        }


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (no Pillow in the image)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise BrowserError("screenshot is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def start_browser(
    width: int, height: int, *, command_timeout_s: float
) -> tuple[webdriver.Chrome, BrowserInfo]:
    """Start Chromium and pin its viewport to width x height CSS pixels.

    ``command_timeout_s`` bounds every WebDriver HTTP call, so a page that hangs its renderer turns
    into a timeout instead of blocking the runner forever (Selenium's default is no limit).

    Raises:
        BrowserError: Chromium or chromedriver failed to start, or the viewport is not exact.
    """
    # Selenium 4.8 (Debian's) reads the timeout when the connection is created; set it first.
    # Newer Selenium (host-side experiments only) moved this setting; the image has 4.8.
    with contextlib.suppress(AttributeError):
        RemoteConnection.set_timeout(command_timeout_s)
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    # A fresh profile per run: nothing (cache, storage, cookies) leaks between jobs.
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}")
    # An explicit driver path: Selenium must never try to download one.
    service = Service(executable_path=CHROMEDRIVER)
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception as exc:
        raise BrowserError(f"chromium did not start: {exc}") from exc
    try:
        # --window-size sets the outer window, not the layout viewport; emulate the exact metrics.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        caps = driver.capabilities
        info = BrowserInfo(
            chromium=str(caps.get("browserVersion", "")),
            chromedriver=str(caps.get("chrome", {}).get("chromedriverVersion", "")).split(" ")[0],
        )
    except Exception:
        driver.quit()
        raise
    return driver, info


def check_viewport(driver: webdriver.Chrome, width: int, height: int) -> bytes:
    """Verify the page sees the requested viewport and screenshots have its size.

    Returns the screenshot taken for the check, so the caller can keep it.

    Raises:
        BrowserError: the viewport or the screenshot size differs from width x height.
    """
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    if list(inner) != [width, height]:
        raise BrowserError(f"viewport is {inner[0]}x{inner[1]}, expected {width}x{height}")
    png = driver.get_screenshot_as_png()
    if png_size(png) != (width, height):
        got = png_size(png)
        raise BrowserError(f"screenshot is {got[0]}x{got[1]}, expected {width}x{height}")
    return png
