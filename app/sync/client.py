"""LedgerClient: the terminal's HTTP client of the central ledger (httpx).

Every mutating call carries an ``Idempotency-Key`` (the entry id), so a retry
can never move money twice. Answers are parsed once, here, into the shared
wire models (app/wire/answers.py): the rest of the till reads attributes. An
answer that does not parse is treated as a garbled one (in doubt if the
request may have moved money). The ledger's errors come back as the same
GiftposError keys the CLI uses. When the ledger cannot
be reached, :class:`LedgerUnavailable` says whether the request may have been
applied anyway (``in_doubt``: it was sent and no answer came back).
"""

from __future__ import annotations

import json
import logging
import ssl
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import pydantic

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
from app.wire.answers import (
    AuditHeadAnswer,
    AuditPushAnswer,
    BalanceAnswer,
    HealthAnswer,
    IssueAnswer,
    NothingVoided,
    OpAnswer,
    PullAnswer,
    PushAnswer,
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


A = TypeVar("A", bound=pydantic.BaseModel)

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
        """The answer as a plain dict (answers without a wire model: customers,
        programs, reports). ``body``: a dict sent as JSON, or JSON already
        encoded. ``read``: a POST that only reads (a look-up with the card
        number in its body), so never in doubt."""
        r = self._send(method, path, body=body, params=params, key=key, timeout=timeout,
                       read=read)
        try:
            data = r.json()
        except ValueError as exc:
            raise LedgerUnavailable("The ledger's answer was cut or garbled.",
                                    in_doubt=_mutating(method, read)) from exc
        if not isinstance(data, dict):
            raise LedgerUnavailable("The ledger's answer is not a JSON object.",
                                    in_doubt=_mutating(method, read))
        return data

    def ask(self, model: type[A], method: str, path: str, *,
            body: dict[str, Any] | bytes | None = None, params: dict[str, Any] | None = None,
            key: str | None = None, timeout: float | None = None, read: bool = False) -> A:
        """The answer parsed into ``model``: checked once, here, straight from
        its bytes (pydantic's JSON parser: no dict first, which cost as much
        again on a push's thousand acknowledgements)."""
        r = self._send(method, path, body=body, params=params, key=key, timeout=timeout,
                       read=read)
        return parsed(model, r.content, in_doubt=_mutating(method, read))

    def _send(self, method: str, path: str, *, body: dict[str, Any] | bytes | None,
              params: dict[str, Any] | None, key: str | None,
              timeout: float | None, read: bool) -> httpx.Response:
        """A 2xx answer; the ledger's refusals (4xx) as GiftposErrors; no
        answer, or a 5xx, as :class:`LedgerUnavailable`."""
        headers = {"Idempotency-Key": key} if key else {}
        content = None
        if isinstance(body, bytes):
            content, body = body, None
            headers["Content-Type"] = "application/json"
        mutating = _mutating(method, read)
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
        if r.status_code >= 400:
            raise error_from(r)
        return r

    # -- calls -------------------------------------------------------------
    def health(self, *, timeout: float | None = None) -> HealthAnswer:
        return self.ask(HealthAnswer, "GET", "/v1/health", timeout=timeout)

    def balance(self, *, number: str | None = None, key: str | None = None) -> BalanceAnswer:
        body = {k: v for k, v in (("number", number), ("key", key)) if v is not None}
        return self.ask(BalanceAnswer, "POST", "/v1/balance", body=body, read=True)

    def op(self, path: str, *, body: dict[str, Any], entry_id: str) -> OpAnswer:
        """A card operation (``POST path``) under ``entry_id``: its answer."""
        return self.ask(OpAnswer, "POST", path, body=body, key=entry_id)

    def issue(self, path: str, *, body: dict[str, Any], entry_id: str) -> IssueAnswer:
        return self.ask(IssueAnswer, "POST", path, body=body, key=entry_id)

    def redeem(self, *, number: str, amount: int, partial: bool, capture: bool,
               entry_id: str, ctx: OpContext) -> OpAnswer:
        return self.op("/v1/cards/redemptions", entry_id=entry_id,
                       body={"number": number, "amount": amount, "partial": partial,
                             "capture": capture, **till_fields(ctx)})

    def capture(self, *, hold_id: str, amount: int | None, entry_id: str,
                ctx: OpContext) -> OpAnswer:
        body: dict[str, Any] = {**till_fields(ctx)}
        if amount is not None:
            body["amount"] = amount
        return self.op(f"/v1/holds/{hold_id}/capture", entry_id=entry_id, body=body)

    def release(self, *, hold_id: str, entry_id: str, ctx: OpContext) -> OpAnswer:
        return self.op(f"/v1/holds/{hold_id}/release", entry_id=entry_id,
                       body=till_fields(ctx))

    def refund(self, *, original_id: str, amount: int | None, entry_id: str,
               ctx: OpContext) -> OpAnswer:
        body: dict[str, Any] = {**till_fields(ctx)}
        if amount is not None:
            body["amount"] = amount
        return self.op(f"/v1/entries/{original_id}/refund", entry_id=entry_id, body=body)

    def void(self, *, original_id: str, entry_id: str, ctx: OpContext) -> OpAnswer:
        return self.op(f"/v1/entries/{original_id}/void", entry_id=entry_id,
                       body=till_fields(ctx))

    def void_in_doubt(self, *, original_id: str, entry_id: str, ctx: OpContext,
                      reason: str) -> OpAnswer | NothingVoided:
        """Reverse an id whose answer this till never recorded: its void
        (with ``original``, the entry voided), or :class:`NothingVoided` when
        the ledger does not have it or cannot void it (the id is tombstoned
        there, so it is refused should it arrive late)."""
        data = self.call("POST", f"/v1/entries/{original_id}/void", key=entry_id,
                         body={**till_fields(ctx), "in_doubt": True, "reason": reason})
        if data.get("status") == "NOTHING_TO_VOID":
            return parsed(NothingVoided, data, in_doubt=True)
        return parsed(OpAnswer, data, in_doubt=True)

    def activate(self, *, number: str, amount: int, entry_id: str,
                 ctx: OpContext) -> OpAnswer:
        return self.op("/v1/cards/activate", entry_id=entry_id,
                       body={"number": number, "amount": amount, **till_fields(ctx)})

    def load(self, *, number: str, amount: int, entry_id: str, ctx: OpContext) -> OpAnswer:
        return self.op("/v1/cards/loads", entry_id=entry_id,
                       body={"number": number, "amount": amount, **till_fields(ctx)})

    def push(self, entries: list[dict[str, Any]] | bytes, *,
             timeout: float | None = None) -> PushAnswer:
        """Push entries, or a body made by :func:`push_body`."""
        body = entries if isinstance(entries, bytes) else push_body(entries)
        return self.ask(PushAnswer, "POST", "/v1/sync/push", body=body, timeout=timeout)

    def pull(self, *, cursor: int | str, limit: int = 500,
             timeout: float | None = None) -> PullAnswer:
        return self.ask(PullAnswer, "GET", "/v1/sync/pull",
                        params={"cursor": cursor, "limit": limit}, timeout=timeout)

    def audit_head(self, *, timeout: float | None = None) -> AuditHeadAnswer:
        """Where the ledger's copy of this till's audit trail ends."""
        return self.ask(AuditHeadAnswer, "GET", "/v1/audit/head", timeout=timeout)

    def audit_push(self, *, position: int, link: str, rows: list[dict[str, Any]],
                   timeout: float | None = None) -> AuditPushAnswer:
        """This till's audit rows after the ledger's head, with the till's own
        head (``position``, ``link``). Idempotent: rows the ledger has are
        compared, not stored again."""
        return self.ask(AuditPushAnswer, "POST", "/v1/audit/push", read=True,
                        timeout=timeout,
                        body={"head": {"position": position, "link": link}, "rows": rows})


def _mutating(method: str, read: bool) -> bool:
    return method != "GET" and not read


def parsed(model: type[A], data: dict[str, Any] | bytes, *, in_doubt: bool) -> A:
    """``data`` (a dict, or the JSON itself) as ``model``; an answer that is
    not what the model says is handled as a garbled one (it may have been
    applied: ``in_doubt``)."""
    try:
        if isinstance(data, bytes):
            return model.model_validate_json(data)
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        log.error("ledger answer is not a %s: %s", model.__name__,
                  "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                            for e in exc.errors()[:3]))
        raise LedgerUnavailable("The ledger's answer could not be read: it is not what this "
                                "till expects (an older or newer ledger?).",
                                in_doubt=in_doubt) from exc


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

