"""A web address as a plain string, validated exactly as pydantic's `HttpUrl` validates it.

In: text from a registry file. Out: the URL as pydantic normalises it (`https://example.gov/`
for `https://example.gov`, punycode for an international host), as a `str`; or pydantic's own
errors (`url_parsing`, `url_scheme`, `url_too_long`) with their messages. The same URL parser in
pydantic-core does the work; `HttpUrl` itself would also import `pydantic.networks` and a URL
class on every run, for nothing procure uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic_core import core_schema

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

# HttpUrl's constraints (pydantic.networks.HttpUrl).
MAX_URL_LENGTH = 2083
SCHEMES = ["http", "https"]


class _HttpUrlText:
    """Validates as `HttpUrl` does, keeps the normalised text."""

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            str, core_schema.url_schema(max_length=MAX_URL_LENGTH, allowed_schemes=SCHEMES),
            serialization=core_schema.to_string_ser_schema())


WebUrl = Annotated[str, _HttpUrlText()]
