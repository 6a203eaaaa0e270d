"""``mtcompare serve``: the run store in a browser, for reviewers (extra ``[serve]``)."""

from __future__ import annotations

import errno
import os
import socket
from typing import Annotated

import typer

from mtcompare.cli.common import DbOpt, open_store, write_stdout
from mtcompare.core.errors import InputError

TOKEN_ENV = "MTCOMPARE_TOKEN"


def _free(host: str, port: int) -> None:
    """InputError now, rather than a server log line, when the address is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            why = "is in use" if e.errno == errno.EADDRINUSE else f"cannot be used ({e.strerror})"
            raise InputError(
                f"address {host}:{port} {why}: give another --port or --host"
            ) from None


def serve_cmd(
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (loopback unless told otherwise).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8321,
    token: Annotated[
        str | None,
        typer.Option("--token", help=f"Required by every request (default ${TOKEN_ENV})."),
    ] = None,
) -> None:
    """Browse stored runs and record review decisions on their flags."""
    try:
        import uvicorn

        from mtcompare.serve.app import create_app
        from mtcompare.serve.guard import Access, is_loopback
    except ImportError as e:
        raise InputError(
            f"mtcompare serve needs the [serve] extra ({e.name} is missing): "
            "pip install 'mtcompare[serve]'"
        ) from None
    token = token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host) and not token:
        raise InputError(f"--host {host} is not loopback: give --token (or ${TOKEN_ENV})")
    if not 0 < port < 65536:
        raise InputError(f"--port must be 1-65535, got {port}")
    _free(host, port)
    store = open_store(db)
    shown = f"[{host}]" if ":" in host else host
    link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    write_stdout(f"mtcompare: serving {store.where} at {link} (Ctrl-C stops)\n")
    try:
        uvicorn.run(
            create_app(store, Access(host, port, token), prepare=True),
            host=host,
            port=port,
            log_level="warning",
        )
    finally:
        store.close()
