"""The URL guard over every spelling of an address a fetch must not reach, and its settings."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from sitrep.errors import FetchError
from sitrep.ingest.guard import Reach, Refused, check_url, embedded_ipv4, refusal, resolve
from sitrep.ingest.urls import fetch
from sitrep.settings import Settings

PUBLIC = "93.184.216.34"


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "::1",                      # loopback
    "10.1.2.3", "172.16.0.1", "192.168.1.1", "fc00::1",      # private
    "169.254.169.254", "fe80::1",                          # link-local (cloud metadata)
    "100.64.0.1", "100.127.255.254",                       # carrier-grade NAT
    "0.0.0.0", "::",                                       # unspecified
    "224.0.0.1", "ff02::1",                                # multicast
    "192.0.2.1", "198.18.0.1", "240.0.0.1",                # documentation, benchmark, reserved
    "::ffff:127.0.0.1", "::ffff:10.0.0.1",                 # IPv4-mapped
    "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:c0a8:101::",  # 6to4 around private v4
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::a9fe:a9fe",  # NAT64 around private v4
])
def test_non_public_addresses_are_refused_in_every_form(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", [
    PUBLIC, "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1",
    "64:ff9b::808:808",
])
def test_public_addresses_pass_whatever_wraps_them(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_an_embedded_ipv4_address_is_read_from_each_wrapper() -> None:
    def inner(text: str) -> str:
        return str(embedded_ipv4(ipaddress.ip_address(text)))

    assert inner("::ffff:10.0.0.1") == "10.0.0.1"
    assert inner("2002:0a00:0001::") == "10.0.0.1"
    assert inner("64:ff9b::0a00:0001") == "10.0.0.1"
    assert embedded_ipv4(ipaddress.ip_address("2606:4700::1")) is None


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://[::1]:8000/", "http://[::ffff:7f00:1]/",
    "https://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0:8000/",
    "http://[2002:7f00:1::]/", "http://[64:ff9b::7f00:1]/",
])
def test_urls_naming_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(Refused, match="refused"):
        check_url(url)


@pytest.mark.parametrize(("url", "meant"), [
    ("http://0177.0.0.1/", "127.0.0.1"), ("http://0x7f.1/", "127.0.0.1"),
    ("http://2130706433/", "127.0.0.1"), ("http://127.1/", "127.0.0.1"),
    ("http://0x08080808/", "8.8.8.8"), ("http://012.0.0.1/", "10.0.0.1"),
])
def test_odd_ipv4_spellings_are_refused_naming_the_address_they_mean(url: str, meant: str
                                                                     ) -> None:
    with pytest.raises(Refused, match=rf"non-standard spelling of the address {meant}\b"):
        check_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "/etc/passwd",
                                 "-", "gopher://127.0.0.1:6379/", "http:///nohost"])
def test_only_http_urls_with_a_host_pass(url: str) -> None:
    with pytest.raises(Refused):
        check_url(url)


def test_names_are_judged_by_every_address_they_resolve_to() -> None:
    with pytest.raises(Refused, match="localhost resolves to a non-public address"):
        resolve("localhost", 80)
    assert resolve("127.0.0.1", 80, Reach(loopback=True)) == ["127.0.0.1"]


def test_the_loopback_setting_opens_this_machine_and_nothing_else() -> None:
    loopback = Reach(loopback=True)
    assert loopback.refusal(ipaddress.ip_address("127.0.0.1")) is None
    assert loopback.refusal(ipaddress.ip_address("::ffff:127.0.0.1")) is None
    assert loopback.refusal(ipaddress.ip_address("10.0.0.1")) is not None
    assert loopback.refusal(ipaddress.ip_address("169.254.169.254")) is not None
    assert Reach(private=True).refusal(ipaddress.ip_address("10.0.0.1")) is None
    assert Reach.of(Settings()) == Reach()  # both off by default


def test_a_redirect_to_a_private_address_is_refused_before_it_is_followed() -> None:
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.host == PUBLIC:
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest"})
        return httpx.Response(200, text="metadata secrets")

    with pytest.raises(FetchError, match=r"169\.254\.169\.254 is a link-local address"):
        fetch(f"http://{PUBLIC}/story", Settings(), transport=httpx.MockTransport(answer))
    assert asked == [f"http://{PUBLIC}/story"]


def test_a_redirect_to_another_scheme_is_refused() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(
        301, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(FetchError, match="only http:// and https:// URLs can be fetched"):
        fetch(f"http://{PUBLIC}/story", Settings(), transport=transport)


def test_a_redirect_loop_ends() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(301, headers={"Location": "/again"}))
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(f"http://{PUBLIC}/story", Settings(), transport=transport)


def test_an_odd_spelling_is_a_clear_fetch_error() -> None:
    with pytest.raises(FetchError, match="non-standard spelling") as caught:
        fetch("http://0177.0.0.1/", Settings())
    assert caught.value.origin == "http://0177.0.0.1/"


def test_a_public_url_is_fetched_with_its_type() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(
        200, text="Kyiv said on Monday ...", headers={"Content-Type": "text/plain"}))
    page = fetch(f"http://{PUBLIC}/story", Settings(), transport=transport)
    assert (page.url, page.body, page.content_type) == (
        f"http://{PUBLIC}/story", b"Kyiv said on Monday ...", "text/plain")
