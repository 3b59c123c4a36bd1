"""The app fixtures of tests/ui (the demo cache, a fixed clock, a recording reply route), for
the harnesses that drive the real app under Pilot."""

from tests.ui.conftest import (  # noqa: F401 - fixtures, found by name
    cache_file,
    clock,
    demo_cache,
    make_app,
    make_reply_app,
    route,
)
