"""The sandbox: an image with headless Chromium and a runner, and a host-side launcher.

- ``sandbox.image``: ``build_base``, ``build_image``, ``ensure_image``, ``IMAGE_TAG``, ``BASE_TAG``.
- ``sandbox.launcher``: ``run_job(job, page_dir, out_dir, *, image, limits) -> SandboxRun``,
  ``Limits``, ``SandboxUnavailable``; ``start_warm``/``run_warm`` for pre-started sandboxes.
- ``sandbox.pool``: ``SandboxPool(size)`` keeps sandboxes started and waiting for one job each;
  ``pool.run_job`` as ``run_job``, cold when none is ready.
- ``sandbox.verify``: ``check_output`` checks the runner's result.json before the host reads it.
- ``sandbox.runner``: runs inside the image only (standard library + Selenium).

Nothing is imported here, so importing ``sandbox.runner`` (in the image, or for its constants)
never pulls in the Docker SDK.
"""
