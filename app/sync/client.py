"""LedgerClient: the terminal's HTTP client of the central ledger (httpx).

Every mutating call carries an ``Idempotency-Key`` (the entry id), so a retry
can never move money twice. Answers come back as dicts; the ledger's errors
come back as the same GiftposError keys the CLI uses. When the ledger cannot
be reached, :class:`LedgerUnavailable` says whether the request may have been
applied anyway (``in_doubt``: it was sent and no answer came back).
"""

from __future__ import annotations

import json
import logging
import ssl
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.domain import OpContext
from app.errors import (
    AuthError,
    CardNotFound,
    Conflict,
    Decline,
    Forbidden,
    GiftposError,
    NotFound,
    RateLimited,
    SyncError,
    ValidationError,
)

log = logging.getLogger(__name__)
# httpx logs every request's URL at INFO: card numbers and keys travel in
# bodies now, but let it speak only of problems anyway.
logging.getLogger("httpx").setLevel(logging.WARNING)


class LedgerUnavailable(SyncError):
    """The ledger did not answer (down, unreachable, too slow)."""

    def __init__(self, message: str, *, in_doubt: bool, reason: str = "unreachable") -> None:
        super().__init__(message, key="ledger_unavailable")
        self.in_doubt = in_doubt
        self.reason = reason  # unreachable | tls_certificate


_BY_CODE: dict[int, type[GiftposError]] = {
    401: AuthError, 403: Forbidden, 409: Conflict, 429: RateLimited}


def error_from(response: httpx.Response) -> GiftposError:
    try:
        body = response.json()
        key, message, details = body.get("key"), body.get("message"), body.get("details")
        params = body.get("params") if isinstance(body.get("params"), dict) else None
    except ValueError:
        key, message, details, params = None, response.text[:200], None, None
    code = response.status_code
    cls: type[GiftposError]
    if code == 404:
        cls = CardNotFound if key == "card_not_found" else NotFound
    elif code == 400:
        cls = ValidationError if (key or "").startswith("invalid") else Decline
    else:
        cls = _BY_CODE.get(code, GiftposError)
    if code == 401:
        message = ("The ledger does not accept this terminal's token. Ask a manager to "
                   "enroll the terminal again.")
    # params travel too, so the till words the answer in its own locale.
    return cls(message or "The ledger refused the request.", key=key, code=code,
               details=details, params=params)


def till_fields(ctx: OpContext) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if ctx.cashier:
        out["cashier"] = ctx.cashier
    if ctx.sale_id:
        out["sale_id"] = ctx.sale_id
    if ctx.business_date:
        out["business_date"] = ctx.business_date.isoformat()
    if ctx.now:
        out["terminal_time"] = ctx.now.isoformat()
    return out


class LedgerClient:
    def __init__(self, url: str, token: str, *, timeout_s: float = 2.0,
                 verify: bool | str | ssl.SSLContext = True,
                 transport: httpx.BaseTransport | None = None,
                 allow_plain_http: bool = False) -> None:
        if not url:
            raise ValidationError("No ledger URL is configured for this terminal.",
                                  key="ledger_not_configured")
        self.url = url.rstrip("/")
        # What weakens this connection, said in the log and kept for the
        # screen (issue 15.9): the token travels in every request.
        # (A mock transport never touches the network.)
        self.security_warnings = transport_warnings(
            self.url, verify,
            allow_plain_http=allow_plain_http or isinstance(transport, httpx.MockTransport))
        for warning in self.security_warnings:
            log.warning("ledger connection: %s", warning)
        self.timeout_s = timeout_s
        if isinstance(verify, str):  # a CA bundle: httpx deprecates verify=<path>
            verify = ssl.create_default_context(cafile=verify)
        self.http = httpx.Client(
            base_url=self.url, timeout=timeout_s, verify=verify, transport=transport,
            headers={"Authorization": f"Bearer {token}", "User-Agent": "giftpos-terminal"})

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> LedgerClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- transport ---------------------------------------------------------
    def call(self, method: str, path: str, *, body: dict[str, Any] | bytes | None = None,
             params: dict[str, Any] | None = None, key: str | None = None,
             timeout: float | None = None, read: bool = False) -> dict[str, Any]:
        """``body``: a dict sent as JSON, or JSON already encoded. ``read``: a
        POST that only reads (a look-up with the card number in its body), so
        never in doubt."""
        headers = {"Idempotency-Key": key} if key else {}
        content = None
        if isinstance(body, bytes):
            content, body = body, None
            headers["Content-Type"] = "application/json"
        mutating = method != "GET" and not read
        try:
            r = self.http.request(method, path, json=body, content=content, params=params,
                                  headers=headers or None,
                                  timeout=timeout if timeout is not None else self.timeout_s)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            bad_cert = _certificate_failure(exc)
            if bad_cert is not None:
                log.error("ledger TLS certificate refused: %s", bad_cert)
                raise LedgerUnavailable(
                    "The ledger's TLS certificate could not be verified "
                    f"({bad_cert}): this may not be your ledger. Check the ledger's "
                    "certificate or the terminal's CA bundle (verify_tls).",
                    in_doubt=False, reason="tls_certificate") from exc
            raise LedgerUnavailable(f"The ledger cannot be reached ({type(exc).__name__}).",
                                    in_doubt=False) from exc
        except httpx.TransportError as exc:
            # Sent, but no (whole) answer: it may have been applied.
            raise LedgerUnavailable(f"The ledger did not answer in time "
                                    f"({type(exc).__name__}).", in_doubt=mutating) from exc
        if r.status_code >= 500:
            raise LedgerUnavailable(f"The ledger answered {r.status_code}.", in_doubt=mutating)
        try:
            data = r.json()
        except ValueError as exc:
            raise LedgerUnavailable("The ledger's answer was cut or garbled.",
                                    in_doubt=mutating) from exc
        if r.status_code >= 400:
            raise error_from(r)
        return dict(data)

    # -- calls -------------------------------------------------------------
    def health(self, *, timeout: float | None = None) -> dict[str, Any]:
        return self.call("GET", "/v1/health", timeout=timeout)

    def balance(self, *, number: str | None = None, key: str | None = None) -> dict[str, Any]:
        body = {k: v for k, v in (("number", number), ("key", key)) if v is not None}
        return self.call("POST", "/v1/balance", body=body, read=True)

    def redeem(self, *, number: str, amount: int, partial: bool, capture: bool,
               entry_id: str, ctx: OpContext) -> dict[str, Any]:
        return self.call("POST", "/v1/cards/redemptions", key=entry_id,
                         body={"number": number, "amount": amount, "partial": partial,
                               "capture": capture, **till_fields(ctx)})

    def capture(self, *, hold_id: str, amount: int | None, entry_id: str,
                ctx: OpContext) -> dict[str, Any]:
        body: dict[str, Any] = {**till_fields(ctx)}
        if amount is not None:
            body["amount"] = amount
        return self.call("POST", f"/v1/holds/{hold_id}/capture", key=entry_id, body=body)

    def release(self, *, hold_id: str, entry_id: str, ctx: OpContext) -> dict[str, Any]:
        return self.call("POST", f"/v1/holds/{hold_id}/release", key=entry_id,
                         body=till_fields(ctx))

    def refund(self, *, original_id: str, amount: int | None, entry_id: str,
               ctx: OpContext) -> dict[str, Any]:
        body: dict[str, Any] = {**till_fields(ctx)}
        if amount is not None:
            body["amount"] = amount
        return self.call("POST", f"/v1/entries/{original_id}/refund", key=entry_id, body=body)

    def void(self, *, original_id: str, entry_id: str, ctx: OpContext,
             in_doubt: bool = False, reason: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {**till_fields(ctx)}
        if in_doubt:
            body["in_doubt"] = True
        if reason:
            body["reason"] = reason
        return self.call("POST", f"/v1/entries/{original_id}/void", key=entry_id, body=body)

    def activate(self, *, number: str, amount: int, entry_id: str,
                 ctx: OpContext) -> dict[str, Any]:
        return self.call("POST", "/v1/cards/activate", key=entry_id,
                         body={"number": number, "amount": amount, **till_fields(ctx)})

    def load(self, *, number: str, amount: int, entry_id: str,
             ctx: OpContext) -> dict[str, Any]:
        return self.call("POST", "/v1/cards/loads", key=entry_id,
                         body={"number": number, "amount": amount, **till_fields(ctx)})

    def push(self, entries: list[dict[str, Any]] | bytes, *,
             timeout: float | None = None) -> dict[str, Any]:
        """Push entries, or a body made by :func:`push_body`."""
        body = entries if isinstance(entries, bytes) else push_body(entries)
        return self.call("POST", "/v1/sync/push", body=body, timeout=timeout)

    def pull(self, *, cursor: int | str, limit: int = 500,
             timeout: float | None = None) -> dict[str, Any]:
        return self.call("GET", "/v1/sync/pull", params={"cursor": cursor, "limit": limit},
                         timeout=timeout)

    def audit_head(self, *, timeout: float | None = None) -> dict[str, Any]:
        """Where the ledger's copy of this till's audit trail ends."""
        return self.call("GET", "/v1/audit/head", timeout=timeout)

    def audit_push(self, *, position: int, link: str, rows: list[dict[str, Any]],
                   timeout: float | None = None) -> dict[str, Any]:
        """This till's audit rows after the ledger's head, with the till's own
        head (``position``, ``link``). Idempotent: rows the ledger has are
        compared, not stored again."""
        return self.call("POST", "/v1/audit/push", read=True, timeout=timeout, body={
            "head": {"position": position, "link": link}, "rows": rows})


_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def transport_warnings(url: str, verify: bool | str | ssl.SSLContext, *,
                       allow_plain_http: bool) -> list[str]:
    """Why this ledger connection is weaker than it should be; raises for
    plain HTTP to another machine unless the configuration insists
    (``allow_plain_http``): the bearer token and card numbers would cross the
    network in clear."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    loopback = host in _LOOPBACK or host.startswith("127.")
    out: list[str] = []
    if parts.scheme == "http" and not loopback:
        if not allow_plain_http:
            raise ValidationError(
                f"The ledger URL {parts.scheme}://{host} is plain HTTP to another machine: "
                "the terminal's token and card numbers would travel in clear. Use https://, "
                "or set allow_plain_http = true in [ledger] if you really mean it.",
                key="plain_http_refused")
        out.append(f"plain HTTP to {host}: the token and card numbers travel unencrypted")
    if verify is False and parts.scheme == "https":
        out.append("TLS certificate checks are OFF (verify_tls = false): anyone in the "
                   "middle can pose as the ledger and take the token")
    return out


def _certificate_failure(exc: BaseException) -> str | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or seen.reason or "certificate verify failed")
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    return "certificate verify failed" if "CERTIFICATE_VERIFY_FAILED" in text else None


def push_body(entries: list[dict[str, Any]]) -> bytes:
    """The JSON body of a push, as httpx would encode it. The sync engine
    encodes the next batch while the ledger applies the current one, so the
    encoding (half a megabyte per thousand entries) is not on the way."""
    return json.dumps({"entries": entries}, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode()


def parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
