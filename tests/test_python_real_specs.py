"""A fixed few of the real specs that `scripts/check_python.py` checks, in the suite.

Each spec's models must generate, import, pass `mypy --strict`, and take back
every example and page sample unchanged. The specs come from
`scripts/fetch_specs.py`; without `.cache/specs` the tests are skipped.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import REPO

SCRIPT = REPO / "scripts" / "check_python.py"

# One spec per version, small enough that the four run in well under a minute.
REAL_SPECS = (
    "adyen.com/BalanceControlService.json",
    "urlbox.io.json",
    "aviationdata.systems.json",
    "azure.com/keyvault-secrets.json",
)


def load_script() -> ModuleType:
    sys.path.insert(0, str(SCRIPT.parent))
    spec = importlib.util.spec_from_file_location("apiregen_check_python", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


@pytest.fixture(scope="module", params=REAL_SPECS)
def result(
    request: pytest.FixtureRequest,
    script: ModuleType,
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    name = request.param
    if not script.spec_available(name):
        pytest.skip(
            f"the real spec {name} is absent from .cache/specs; "
            "run `python scripts/fetch_specs.py` to fetch it"
        )
    folder = tmp_path_factory.mktemp("real")
    return script.check_spec(name, True, Path(folder))


@pytest.mark.mypy
def test_real_spec_generates_and_imports(result: Any) -> None:
    assert (result.error, result.imported) == ("", True)


@pytest.mark.mypy
def test_real_spec_passes_mypy(result: Any) -> None:
    assert result.mypy == "passed"


@pytest.mark.mypy
def test_real_spec_examples_round_trip(result: Any) -> None:
    assert result.failures == []


@pytest.mark.mypy
def test_real_spec_has_values_to_check(result: Any) -> None:
    assert result.examples + result.samples > 0
