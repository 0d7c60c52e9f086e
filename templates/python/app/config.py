"""Configuration from environment variables."""

import dataclasses
import json
import re

from .log import LEVELS
from .meta import DEFAULT_PORT

# Plain decimal seconds ("5", "0.5"): the same grammar the Go and Node services accept.
_DECIMAL_SECONDS = re.compile(r"([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_MAX_SECONDS = 3600


class ConfigError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class Config:
    port: int = DEFAULT_PORT
    shutdown_delay: float = 5.0  # keep serving (readiness 503) this long after the stop signal
    shutdown_timeout: float = 20.0  # then wait at most this long for in-flight requests
    debug_endpoints: bool = False
    log_level: str = "info"


def load_config(env):
    """Read a Config from a mapping such as os.environ; raise ConfigError naming the variable."""
    port = env.get("PORT", "")
    if port:
        if not re.fullmatch(r"[0-9]+", port) or int(port) > 65535:
            raise ConfigError(f"PORT={json.dumps(port)}: want an integer from 0 to 65535")
    debug = env.get("DEBUG_ENDPOINTS", "").lower()
    if debug not in ("", "false", "0", "true", "1"):
        raise ConfigError(f"DEBUG_ENDPOINTS={json.dumps(debug)}: want true or false")
    log_level = env.get("LOG_LEVEL", "").lower() or "info"
    if log_level not in LEVELS:
        raise ConfigError(f"LOG_LEVEL={json.dumps(env.get('LOG_LEVEL'))}: want one of {', '.join(LEVELS)}")
    return Config(
        port=int(port) if port else DEFAULT_PORT,
        shutdown_delay=_seconds(env, "SHUTDOWN_DELAY_SECONDS", 5.0),
        shutdown_timeout=_seconds(env, "SHUTDOWN_TIMEOUT_SECONDS", 20.0),
        debug_endpoints=debug in ("true", "1"),
        log_level=log_level,
    )


def _seconds(env, name, default):
    value = env.get(name, "")
    if not value:
        return default
    if not _DECIMAL_SECONDS.fullmatch(value) or float(value) > _MAX_SECONDS:
        raise ConfigError(f"{name}={json.dumps(value)}: want decimal seconds from 0 to {_MAX_SECONDS}, e.g. 5 or 0.5")
    return float(value)
