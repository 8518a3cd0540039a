"""No CSV export has a cell that a spreadsheet would evaluate as a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import json

from chalice.test import Client

from chalicelib.opendata.export import Column, OpenDataset, to_csv
from tests.integration.identities import Identities
from tests.integration.open_data_files import build_exports, download
from tests.integration.test_proposals import draft, post

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
CSV_EXPORTS = ["/v1/open-data/simulacro/candidacies.csv", "/v1/open-data/simulacro/proposals.csv"]


def evaluable(cell: str) -> bool:
    return cell.lstrip(" ").startswith(FORMULA_LEADS)


def test_every_csv_export_has_no_cell_a_spreadsheet_would_evaluate(api: Client, identities: Identities) -> None:
    token = identities.user("formulas@example.mx", role="citizen")
    title = "=SUMA(1;2) pozos para la colonia Centro"
    sent = post(
        api,
        "/v1/proposals",
        token,
        draft(
            title=title,
            problem="-2 días de agua por semana llegan a la colonia Centro desde enero.",
            proposed_action="+cmd|' /C calc'!A0 rehabilitar el pozo municipal de la colonia.",
        ),
    )
    assert sent.status_code == 201 and sent.json_body["status"] == "published", sent.body
    build_exports()
    for path in CSV_EXPORTS:
        body = download(api, path).body if "/proposals." in path else api.http.get(path).body
        rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
        assert len(rows) > 1, path
        bad = [cell for row in rows for cell in row if evaluable(cell)]
        assert bad == [], (path, bad[:5])
    records = list(csv.DictReader(io.StringIO(download(api, CSV_EXPORTS[1]).body.decode(), newline="")))
    [mine] = [r for r in records if r["proposal_id"] == sent.json_body["id"]]
    assert mine["title"] == "'" + title and mine["problem"].startswith("'-2 días")
    data = json.loads(download(api, "/v1/open-data/simulacro/proposals.json").body)
    assert title in [r["title"] for r in data["rows"]]  # the JSON keeps the exact text
    assert "apóstrofo" in data["csv_note"] and "=" in data["csv_note"]


def test_each_formula_lead_gets_an_apostrophe_and_other_cells_are_untouched() -> None:
    leads = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =1+1", "a=1", "ñandú", "", "50000"]
    dataset = OpenDataset(
        process_id="p",
        dataset="t",
        columns=[Column(name="c", description="c"), Column(name="l", description="l")],
        rows=[{"c": v, "l": [v, "b"]} for v in leads],
    )
    rows = list(csv.reader(io.StringIO(to_csv(dataset), newline="")))[1:]
    assert [r[0] for r in rows] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "'  =1+1", "a=1", "ñandú", "", "50000",
    ]  # fmt: skip
    assert not any(evaluable(cell) for row in rows for cell in row)
