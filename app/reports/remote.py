"""The central ledger's reports over HTTP (/v1/reports/*). The ledger answers
them to a manager's (admin) token; a terminal token is refused, and then the
caller falls back to the terminal's own store."""

from __future__ import annotations

import logging
from typing import Any

from app.errors import Forbidden, SyncError

log = logging.getLogger(__name__)


class LedgerReports:
    def __init__(self, url: str, token: str, *, timeout_s: float = 3.0,
                 verify: bool | str = True) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s
        self.verify = verify

    def get(self, name: str, **params: Any) -> dict[str, Any]:
        """GET /v1/reports/<name>: the JSON body, or SyncError / Forbidden."""
        import httpx  # on first use: a till's start does without it (docs/terminal.md)

        try:
            r = httpx.get(f"{self.url}/v1/reports/{name}", params=params or None,
                          headers={"Authorization": f"Bearer {self.token}"},
                          timeout=self.timeout_s, verify=self.verify)
        except httpx.HTTPError as exc:
            raise SyncError("The ledger could not be reached; showing this terminal's "
                            "own figures.") from exc
        if r.status_code in (401, 403):
            raise Forbidden("The ledger wants a manager's token for its reports; showing "
                            "this terminal's own figures.", key="admin_only")
        if r.status_code != 200:
            raise SyncError(key="ledger_unavailable",
                            params={"why": "answered", "status_code": r.status_code})
        body = r.json()
        if not isinstance(body, dict):
            raise SyncError("The ledger answered something unexpected.")
        return body
