"""What `fiit serve` does once in the parent process before forking its workers (issue 16): compile every
page template and move the objects loaded so far out of the garbage collector's sight."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import fiit.web
from fiit.web.server import compile_templates, freeze_loaded_objects


def test_every_template_is_compiled_and_kept_before_the_fork():
    from django.template import engines

    root = Path(fiit.web.__file__).parent / "templates"
    on_disk = sorted(os.path.relpath(os.path.join(folder, name), root)
                     for folder, _dirs, files in os.walk(root) for name in files if name.endswith(".html"))
    assert compile_templates() == len(on_disk) > 40
    cached_loader = engines["django"].engine.template_loaders[0]
    assert type(cached_loader).__module__ == "django.template.loaders.cached"  # kept for the process
    kept = {key.split(":", 1)[0] if isinstance(key, str) else key for key in cached_loader.get_template_cache}
    assert {"fiit/base.html", "fiit/capture/list.html", "fiit/capture/detail.html"} <= kept


def test_the_loaded_objects_are_frozen_out_of_collection():
    before = gc.get_freeze_count()
    try:
        freeze_loaded_objects()
        assert gc.get_freeze_count() > before
        assert gc.get_count()[0] < 700  # a full collection ran first: what was garbage was not frozen
    finally:
        gc.unfreeze()
