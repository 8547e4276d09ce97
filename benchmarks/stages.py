"""Time each stage of the pipeline on one spec, in one process, and print JSON.

`run.py` calls this once per spec to show where the time of a whole run goes:

    .venv/bin/python benchmarks/stages.py SPEC

prints {"import": s, "load": s, "validate": s, "normalize": s, "build": s,
"markdown": s, "typescript": s, "python": s, "errors": {stage: message}}.
A stage that fails is timed up to its failure and named under "errors".
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def main() -> int:
    spec = Path(sys.argv[1])
    timings: dict[str, Any] = {}
    errors: dict[str, str] = {}
    started = time.perf_counter()
    from apiregen.load import load_document
    from apiregen.model.build import build_api
    from apiregen.normalize import normalize
    from apiregen.validate import validate

    timings["import"] = time.perf_counter() - started

    def timed(name: str, action: Any) -> Any:
        begin = time.perf_counter()
        try:
            return action()
        except Exception as error:  # noqa: BLE001 - a failed stage is reported, not raised
            errors[name] = (
                str(error).splitlines()[0][:200] if str(error) else repr(error)
            )
            return None
        finally:
            timings[name] = time.perf_counter() - begin

    document = timed("load", lambda: load_document(spec))
    timed("validate", lambda: validate(document))
    normalized = timed("normalize", lambda: normalize(document.root))
    api = timed("build", lambda: build_api(normalized, ()))
    for target in ("markdown", "typescript", "python"):
        timed(target, lambda target=target: _render(target, api))
    timings["errors"] = errors
    print(json.dumps(timings))
    return 0


def _render(target: str, api: Any) -> dict[str, str]:
    from apiregen.generate import _renderer
    from apiregen.render.environment import create_environment

    settings_class, render, filters = _renderer(target)
    return render(api, settings_class(), create_environment(None, filters))


if __name__ == "__main__":
    sys.exit(main())
