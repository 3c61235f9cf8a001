"""The sandbox: an image with headless Chromium and a runner, and a host-side launcher.

- ``sandbox.image``: ``build_base``, ``build_image``, ``ensure_image``, ``IMAGE_TAG``, ``BASE_TAG``.
- ``sandbox.launcher``: ``run_job(job, page_dir, out_dir, *, image, limits) -> SandboxRun``,
  ``Limits``, ``SandboxUnavailable``.
- ``sandbox.runner``: runs inside the image only (standard library + Selenium).

Nothing is imported here, so importing ``sandbox.runner`` (in the image, or for its constants)
never pulls in the Docker SDK.
"""
