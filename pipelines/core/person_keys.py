"""Keys for persons that cannot be turned back into personal numbers: HMAC with a secret.

A 12-digit personal number has about 10^12 values, and a name with a birth date far
fewer: a plain hash of either is reversed by hashing every candidate (one query over
range() did it in 60 s). The key is HMAC-SHA256 under a secret made once per
installation, kept in a file beside the warehouse (never in it, never in the
repository), readable by its owner only. dbt computes keys through a function this
module gives DuckDB (pipelines/defs/transform/dbt_plugin.py), so the secret never
appears in SQL, in dbt's compiled files or in its logs.

Rotating it: `thidua rotate-key`, then a refresh rebuilds every key (docs/reliability.md).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_ENV = "THIDUA_KEY_FILE"
# Set by the dbt asset for each build: the key file of the warehouse it builds.
BUILD_KEY_ENV = "THIDUA_BUILD_KEY_FILE"
KEY_NAME = "thidua.key"
KEY_HEX_DIGITS = 16


def key_path(warehouse: Path) -> Path:
    """THIDUA_KEY_FILE, or thidua.key beside the warehouse (its build copies share it)."""
    setting = os.environ.get(KEY_ENV)
    return Path(setting) if setting else Path(os.path.abspath(warehouse)).parent / KEY_NAME


def load_or_create(path: Path) -> bytes:
    """The installation's secret; made (32 random bytes, mode 600) the first time."""
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made meanwhile by another process
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(handle, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text().strip())


def rotate(path: Path) -> None:
    """A new secret in place of the old one: every key changes at the next build."""
    fresh = path.with_name(path.name + ".new")
    fresh.unlink(missing_ok=True)
    handle = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    os.replace(fresh, path)


def fingerprint(path: Path) -> str:
    """Which secret built a warehouse, without revealing it: a changed secret means a
    build (build/state.py) even when no file changed."""
    return hashlib.sha256(b"thidua-key-fingerprint\0" + load_or_create(path)).hexdigest()[:16]


def keyed(secret: bytes, text: str | None) -> str | None:
    if text is None:
        return None
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()[:KEY_HEX_DIGITS]
