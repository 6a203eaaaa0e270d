"""The run store: every ``mtcompare score`` run, kept for listing, comparing and trends.

SQLite under ``results/`` by default, PostgreSQL for shared history; see README
"Tracking runs".
"""

from mtcompare.store.engine import DEFAULT_PATH, ENV_VAR, resolve_url
from mtcompare.store.repository import ErrorPoint, RunInfo, ScorePoint, Store, SystemInfo
from mtcompare.store.schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_PATH",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "ErrorPoint",
    "RunInfo",
    "ScorePoint",
    "Store",
    "SystemInfo",
    "resolve_url",
]
