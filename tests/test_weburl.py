"""Registry URLs: a plain string, validated and normalised exactly as pydantic's HttpUrl does."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, HttpUrl, ValidationError

from procure.model.weburl import WebUrl


class WithHttpUrl(BaseModel):
    url: HttpUrl


class WithWebUrl(BaseModel):
    url: WebUrl


URLS = [
    "https://www.federalregister.gov/d/2024-12345",
    "https://example.gov",
    "HTTP://Example.GOV:80/a/../b/?q=1#frag",
    "https://puny£code.com/path with space",
    "https://www.аррӏе.com/",
    "http://[::1]:8080/x",
    "https://user:pass@host.example/",
    "  https://padded.example/  ",
    "https://" + "a" * 2070 + ".gov",
    "ftp://files.example.gov/x",
    "mailto:someone@example.gov",
    "file:///etc/passwd",
    "not a url",
    "//no-scheme.example",
    "https://",
    "",
    "http://exa mple.com",
    "https://example.gov/" + "x" * 2100,
]


@pytest.mark.parametrize("url", URLS)
def test_the_same_result_or_the_same_error_as_httpurl(url: str) -> None:
    try:
        expected = str(WithHttpUrl(url=url).url)
    except ValidationError as exc:
        with pytest.raises(ValidationError) as ours:
            WithWebUrl(url=url)
        assert [(e["type"], e["msg"], e["loc"]) for e in ours.value.errors()] == \
            [(e["type"], e["msg"], e["loc"]) for e in exc.errors()]
        return
    found = WithWebUrl(url=url).url
    assert type(found) is str
    assert found == expected


def test_the_same_json_schema_and_serialisation_as_httpurl() -> None:
    assert WithWebUrl.model_json_schema()["properties"] == \
        WithHttpUrl.model_json_schema()["properties"]
    url = "https://example.gov"
    assert WithWebUrl(url=url).model_dump_json() == WithHttpUrl(url=url).model_dump_json()
    assert WithWebUrl(url=url).model_dump() == {"url": "https://example.gov/"}


def test_a_wrong_type_gives_httpurls_error() -> None:
    for value in (42, None, ["https://example.gov"]):
        with pytest.raises(ValidationError) as ours:
            WithWebUrl(url=value)
        with pytest.raises(ValidationError) as theirs:
            WithHttpUrl(url=value)
        assert [e["msg"] for e in ours.value.errors()] == [e["msg"] for e in theirs.value.errors()]
