"""Sending one message through the SMTP server named by a URL:
``smtp://host:port`` (STARTTLS when the server offers it), ``smtps://`` (TLS
from the start), optional ``user:password@``. The standard library's smtplib."""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from app.errors import ValidationError

ENV = "GIFTPOS_SMTP_URL"


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    tls: bool = False  # smtps://
    user: str = ""
    password: str = field(default="", repr=False)
    timeout_s: float = 10.0

    @classmethod
    def from_url(cls, url: str) -> SmtpTarget:
        parts = urlsplit(url or "")
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValidationError("Name the mail server as smtp://host:port (or smtps://); "
                                  f"set {ENV}.", key="invalid_smtp_url")
        tls = parts.scheme == "smtps"
        return cls(host=parts.hostname, port=parts.port or (465 if tls else 25), tls=tls,
                   user=unquote(parts.username or ""), password=unquote(parts.password or ""))

    @classmethod
    def from_env(cls) -> SmtpTarget:
        return cls.from_url(os.environ.get(ENV, ""))

    def send(self, msg: EmailMessage) -> None:
        """Raises OSError / smtplib.SMTPException when the server does not take it."""
        context = ssl.create_default_context()
        if self.tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port,
                                                    timeout=self.timeout_s, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
        with client:
            client.ehlo()
            if not self.tls and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            if self.user:
                client.login(self.user, self.password)
            client.send_message(msg)
