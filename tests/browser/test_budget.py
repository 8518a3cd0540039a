"""Page weight: the first visit of the home page, compressed, without the API's JSON (≤ 100 KB).

Measured in the browser (Chromium's encoded body sizes plus response headers) against the local
web server, which gzips like the CDN. The figures go to build/test-artifacts/browser/budget.json
and are quoted in docs/web.md.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Browser, Response

from tests.browser.conftest import PHONE, Stack, save_artifact, wait_rendered

BUDGET_BYTES = 100 * 1024


def test_home_first_visit_weight(browser: Browser, stack: Stack) -> None:
    context = browser.new_context(viewport=PHONE)  # fresh: empty cache
    page = context.new_page()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{stack.web_url}/", wait_until="networkidle")
    wait_rendered(page)
    page.wait_for_load_state("networkidle")

    rows: list[dict[str, Any]] = []
    for response in responses:
        sizes = response.request.sizes()
        rows.append(
            {
                "url": response.url.replace(stack.web_url, "").replace(stack.api_url, "API"),
                "api": response.url.startswith(stack.api_url),
                "status": response.status,
                "encoding": response.headers.get("content-encoding", ""),
                "body_bytes": sizes["responseBodySize"],
                "transferred_bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
            }
        )
    context.close()

    front = [r for r in rows if not r["api"]]
    total = sum(r["transferred_bytes"] for r in front)
    report = {
        "page": "home, first visit, 360x740, empty cache",
        "front_requests": len(front),
        "front_transferred_bytes": total,
        "budget_bytes": BUDGET_BYTES,
        "api_requests": len(rows) - len(front),
        "api_transferred_bytes": sum(r["transferred_bytes"] for r in rows if r["api"]),
        "requests": rows,
    }
    save_artifact("budget.json", json.dumps(report, indent=2))
    print(f"\nhome first visit: {len(front)} front requests, {total} bytes transferred (budget {BUDGET_BYTES})")
    for r in front:
        print(f"  {r['transferred_bytes']:>7}  {r['encoding'] or '-':<5} {r['url']}")

    assert all(r["status"] == 200 for r in front)
    assert all(r["encoding"] == "gzip" for r in front if r["url"].endswith((".js", ".css", "/"))), front
    assert total <= BUDGET_BYTES
