"""Candidacy photos in a real browser: presigned POST to the bucket (moto here), then the profile."""

from __future__ import annotations

import re
import struct
import zlib

import boto3
import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.accounts import create_user, log_in, publish_profile, unique_email
from tests.browser.conftest import Stack, wait_rendered

CANDIDACY = "simulacro.ayun.002.pfa"  # not the one test_party_portal.py edits


def tiny_png() -> bytes:
    """A valid 1×1 PNG, built here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x10\x80\x40")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def editor(stack: Stack) -> tuple[str, str]:
    email = unique_email("editor-foto")
    return email, create_user(stack, email, "party_editor", "pfa")


def open_form(page: Page, stack: Stack, editor: tuple[str, str]) -> list[str]:
    """The profile form, signed in; returns the list the page's upload requests are recorded in."""
    log_in(page, stack, *editor)
    uploads: list[str] = []

    def on_request(request: Request) -> None:
        if "photo-upload" in request.url or request.url.startswith(stack.moto_url):
            uploads.append(f"{request.method} {request.url}")

    page.on("request", on_request)
    page.goto(f"{stack.web_url}/#/partido/perfil/{CANDIDACY}")
    wait_rendered(page)
    return uploads


def test_a_too_large_photo_is_refused_before_any_upload(stack: Stack, page: Page, editor: tuple[str, str]) -> None:
    uploads = open_form(page, stack, editor)
    photo = page.get_by_label("Fotografía", exact=True)
    too_large = tiny_png() + bytes(2 * 1024 * 1024)
    photo.set_input_files({"name": "grande.png", "mimeType": "image/png", "buffer": too_large})
    message = "La fotografía pesa más de 2 MB. Elige una de hasta 2 MB."
    expect(page.locator(".field").filter(has=photo)).to_contain_text(message)
    expect(photo).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Guardar el perfil").click()
    expect(page.locator(".field").filter(has=photo)).to_contain_text(message)
    expect(photo).to_be_focused()
    expect(page).to_have_url(re.compile(f"#/partido/perfil/{re.escape(CANDIDACY)}$"))
    assert uploads == []


def test_an_editor_uploads_a_photo_and_the_public_page_links_it(
    stack: Stack, page: Page, editor: tuple[str, str]
) -> None:
    uploads = open_form(page, stack, editor)
    expect(page.locator("[data-photo=none]")).to_have_text("Todavía no hay fotografía.")
    png = tiny_png()
    page.get_by_label("Fotografía", exact=True).set_input_files(
        {"name": "foto.png", "mimeType": "image/png", "buffer": png}
    )
    page.get_by_role("button", name="Guardar el perfil").click()
    expect(page.locator(".notice--success")).to_contain_text("Perfil guardado")
    publish_profile(stack, CANDIDACY, editor)
    page.goto(f"{stack.web_url}/#/candidatura/{CANDIDACY}")
    wait_rendered(page)
    link = page.locator("[data-field=photo_url]").get_by_role("link", name="Ver la fotografía")
    prefix = f"{stack.moto_url}/decide-dev-photos/photos/candidacies/{CANDIDACY}/"
    expect(link).to_have_attribute("href", re.compile(f"^{re.escape(prefix)}[0-9a-f]+\\.png$"))
    href = link.get_attribute("href")
    assert href is not None
    # The presign request, then the POST to the bucket (the API's URL), nothing else.
    assert [u.split(" ")[0] for u in uploads] == ["POST", "POST"], uploads
    assert "photo-upload" in uploads[0] and uploads[1].startswith(f"POST {stack.moto_url}/")
    s3 = boto3.client(
        "s3",
        endpoint_url=stack.moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    stored = s3.get_object(Bucket="decide-dev-photos", Key=href.removeprefix(f"{stack.moto_url}/decide-dev-photos/"))
    assert stored["Body"].read() == png and stored["ContentType"] == "image/png"
    assert page.locator("main img").count() == 0  # a link, not an inline image (img-src is 'self')

    # The form shows the current photo as a link, and saving without a new file keeps it.
    page.get_by_role("link", name="Editar el perfil").click()
    wait_rendered(page)
    expect(page.locator("[data-photo=current]").get_by_role("link", name="Ver foto")).to_have_attribute("href", href)
