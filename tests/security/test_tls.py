"""TLS between terminal and ledger: `giftpos ledger serve --ssl-certfile
--ssl-keyfile` serves HTTPS, and the terminal's LedgerClient verifies the
certificate: it talks to the ledger whose certificate its CA bundle trusts,
and refuses one it cannot verify (system CAs) or whose name does not match."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from app.sync.client import LedgerClient, LedgerUnavailable
from tests.reliability.ledger_proc import LedgerProcess

OPENSSL = shutil.which("openssl")


def _openssl(*args: str, cwd: Path) -> None:
    assert OPENSSL is not None
    subprocess.run([OPENSSL, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_ca_and_cert(d: Path, *, san: str = "IP:127.0.0.1") -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate it signed for ``san``."""
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *ec, "-days", "2", "-subj", "/CN=giftpos test CA",
             "-keyout", "ca.key", "-out", "ca.pem", cwd=d)
    _openssl("req", *ec, "-subj", "/CN=ledger", "-keyout", "server.key", "-out", "server.csr",
             cwd=d)
    (d / "ext.cnf").write_text(f"subjectAltName={san}\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", "ext.cnf", "-out", "server.pem",
             cwd=d)
    return d / "ca.pem", d / "server.pem", d / "server.key"


@pytest.mark.skipif(OPENSSL is None, reason="the openssl command is needed to make a test CA")
def test_ledger_serves_tls_and_the_terminal_verifies_it(tmp_path: Path) -> None:
    ca, cert, key = make_ca_and_cert(tmp_path)
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    with LedgerProcess(db, scheme="https", verify=str(ca),
                       extra=("--ssl-certfile", str(cert), "--ssl-keyfile", str(key))) as led:
        assert led.url.startswith("https://")
        with LedgerClient(led.url, "no-token-needed-for-health", verify=str(ca)) as ok:
            assert ok.health().status == "ok"
        # The default: the system's CAs, which do not know our CA.
        with LedgerClient(led.url, "t", timeout_s=5) as strict, \
                pytest.raises(LedgerUnavailable) as refused:
            strict.health()
        assert refused.value.in_doubt is False
        # Said as what it is (15.9), not "cannot be reached".
        assert refused.value.reason == "tls_certificate"
        assert "certificate" in refused.value.message
        # A CA bundle path is honoured without httpx's deprecated verify=<str>.
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            LedgerClient(led.url, "t", verify=str(ca)).close()
        # The right CA but another name: refused too.
        other = led.url.replace("127.0.0.1", "localhost")
        with LedgerClient(other, "t", verify=str(ca), timeout_s=5) as wrong_name, \
                pytest.raises(LedgerUnavailable):
            wrong_name.health()


def test_plain_http_and_unverified_tls_are_said_or_refused(
        caplog: pytest.LogCaptureFixture) -> None:
    """Finding 15.9: plain HTTP to another machine is refused unless the
    configuration insists; then it, and switched-off certificate checks, are
    said in the log and kept for the screen (``security_warnings``)."""
    from app.config import LedgerConfig
    from app.errors import ValidationError
    from app.staff.repairs import ledger_for_repairs

    with pytest.raises(ValidationError) as err:
        LedgerClient("http://ledger.example:8700", "t")
    assert err.value.key == "plain_http_refused"
    with pytest.raises(ValidationError):  # the manager's client too
        ledger_for_repairs(LedgerConfig(url="http://10.0.0.5:8700", manager_token="m"), None)
    caplog.set_level("WARNING", logger="app.sync.client")
    with LedgerClient("http://ledger.example:8700", "t", allow_plain_http=True) as insisted:
        assert any("plain HTTP" in w for w in insisted.security_warnings)
    with LedgerClient("https://ledger.example:8700", "t", verify=False) as blind:
        assert any("verify_tls = false" in w for w in blind.security_warnings)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "plain HTTP to ledger.example" in logged and "certificate checks are OFF" in logged
    with LedgerClient("http://127.0.0.1:8700", "t") as local:  # loopback: fine, quiet
        assert local.security_warnings == []
