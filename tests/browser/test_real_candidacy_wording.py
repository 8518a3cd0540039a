"""A real 2021 candidacy page: neutral wording (nothing implies the person refused anything) and its sources."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Stack

CANDIDACY = "2021-ord.ayun.001.pt-morena-pna"  # Acambay 2021, the coalition's slate
REFUSAL = re.compile(r"todavía no publica|no ha autorizado|no publicada|se negó|rechaz", re.IGNORECASE)


def test_a_real_2021_candidacy_page_implies_no_refusal_and_credits_its_source(
    open_page: Callable[[str], Page], stack: Stack
) -> None:
    view = stack.get_json(f"/v1/candidacies/{CANDIDACY}")
    page = open_page(f"#/candidatura/{CANDIDACY}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(view["candidacy"]["owner"])
    main = page.locator("#main")
    expect(main.locator("[data-profile=none]")).to_contain_text("Este perfil no se capturó en DecideIEEM")
    assert not REFUSAL.search(main.inner_text())
    # printed in the PT, Morena and NAEM boxes of the 2021 ballot
    expect(main.locator("[data-field=position]")).to_have_text("4, 6, 7 de 9")
    footer = main.locator("footer.data-sources")
    expect(footer).to_contain_text("Fuentes de los datos")
    expect(footer).to_contain_text("Eric Magar, Recent Mexican election vote returns repository")
    # the registry's source (the results file, same repository, is credited beside it)
    registry = footer.locator('a[href="https://github.com/emagar/elecRetrns"]', has_text="mex2021ay-candidatos")
    expect(registry).to_contain_text("elecRetrns")
