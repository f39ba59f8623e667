"""What ``observer serve`` was asked for, checked before anything listens: loopback unless TLS or a proxy."""

from __future__ import annotations

import ipaddress
import re
import ssl
from dataclasses import dataclass
from pathlib import Path

from observer.errors import ServeError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SESSION_HOURS = 8.0
_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]{1,64}$")


@dataclass(frozen=True)
class ServeConfig:
    """The study to serve and how: address, TLS files, a trusted proxy's identity header, login lifetime."""

    study: str | Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    certfile: Path | None = None
    keyfile: Path | None = None
    trust_proxy_header: str | None = None
    session_seconds: float = SESSION_HOURS * 3600

    @property
    def tls(self) -> bool:
        """Whether the server speaks HTTPS itself."""
        return self.certfile is not None

    @property
    def url(self) -> str:
        """Where a browser on this machine (or the network, for a public host) finds the server."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}/"


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (localhost, 127.0.0.0/8, ::1)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_config(config: ServeConfig) -> None:
    """Refuse what would expose the study: a public address without TLS or a proxy, a proxy header off loopback."""
    if (config.certfile is None) != (config.keyfile is None):
        raise ServeError("TLS needs both --certfile and --keyfile", field="--certfile/--keyfile",
                         hint="Pass the certificate chain and its private key together.")
    for option, path in (("--certfile", config.certfile), ("--keyfile", config.keyfile)):
        if path is not None and not Path(path).is_file():
            raise ServeError("no such file", file=path, field=option, hint="Give the path of an existing PEM file.")
    if not 0 < config.port < 65536:
        raise ServeError(f"port {config.port} is out of range", field="--port", hint="Use a port from 1 to 65535.")
    if config.session_seconds <= 0:
        raise ServeError("a login must last a while", field="--session-hours", hint="Give a positive number.")
    header = config.trust_proxy_header
    if header is not None:
        if not _HEADER_NAME.match(header):
            raise ServeError(f"{header!r} is not an HTTP header name", field="--trust-proxy-header",
                             hint="Give the header your proxy sets, for example X-Remote-User.")
        if not is_loopback(config.host):
            raise ServeError(f"with --trust-proxy-header the server listens on loopback only, not {config.host}",
                             field="--host", hint="Leave --host out (127.0.0.1) and let the proxy on this "
                                                  "machine forward to it: anyone reaching the port could set "
                                                  "the header.")
        return
    if not is_loopback(config.host) and not config.tls:
        raise ServeError(f"refusing to serve the study on {config.host} without TLS: passwords and recordings "
                         "would cross the network in clear", field="--host",
                         hint="Give --certfile and --keyfile, or put an authenticating proxy in front "
                              "(--trust-proxy-header), or serve on 127.0.0.1 and reach it through an SSH tunnel.")


def tls_context(config: ServeConfig) -> ssl.SSLContext | None:
    """The server's TLS context (None without TLS); ServeError when the files do not load."""
    if not config.tls:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(str(config.certfile), str(config.keyfile))
    except (ssl.SSLError, OSError) as exc:
        raise ServeError(f"the certificate and key do not load ({exc})", file=config.certfile, field="--certfile",
                         hint="Give a PEM certificate chain and the PEM private key that belongs to it.") from exc
    return context
