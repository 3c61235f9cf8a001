"""In-container runner: replays user actions on a generated page in headless Chromium.

Runs inside the sandbox image only. It may import the standard library and Selenium, never
anything else from this project, because the image holds nothing else (see the Dockerfile).
"""
