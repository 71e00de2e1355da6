"""Bearer tokens of data providers: who may write. Reads need no token.

Tokens come from GER_TOKENS ("provider:token provider2:token2") and from GER_TOKENS_FILE (one
"provider token" or "provider:token" per line, # for comments)."""

from __future__ import annotations

import hmac
from pathlib import Path


def load_tokens(pairs=(), path: Path | None = None) -> dict[str, str]:
    """token -> provider name"""
    entries = list(pairs)
    if path is not None:
        for line in Path(path).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                entries.append(line)
    tokens = {}
    for entry in entries:
        provider, sep, token = (entry if ":" in entry else entry.replace(" ", ":", 1)).partition(":")
        provider, token = provider.strip(), token.strip()
        if not sep or not provider or not token:
            raise ValueError(f"a token entry must be 'provider:token', not {entry!r}")
        if not provider.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise ValueError(f"a provider name may hold letters, digits, '-', '_' and '.': {provider!r}")
        tokens[token] = provider
    return tokens


def provider_for(header: str | None, tokens: dict[str, str]) -> str | None:
    """The provider whose token the Authorization header carries, or None."""
    if not header or not header.lower().startswith("bearer "):
        return None
    given = header[7:].strip()
    found = None
    for token, provider in tokens.items():
        if hmac.compare_digest(token.encode(), given.encode()):
            found = provider
    return found
