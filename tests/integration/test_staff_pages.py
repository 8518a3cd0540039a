"""The API behind the staff and party pages (issue 14): party accounts, civic page versions,
audited platforms, the audit export, "Mis candidaturas" and the open-data catalogue; every new
route refused to every role it is not for."""

from __future__ import annotations

import csv
import io

import boto3
import pytest
from chalice.test import Client

from chalicelib.storage.election_store import ElectionStore
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers
from tests.mail_support import SentEmail, sent_emails


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


@pytest.fixture(scope="module")
def ses(aws: None) -> None:
    boto3.client("ses").verify_domain_identity(Domain="decide.ieem.local")


def mails_to(address: str) -> list[SentEmail]:
    return sent_emails(address)


def actions_of(api: Client, who: Callers, entity: str) -> list[str]:
    page = call(api, "GET", f"/v1/admin/audit?entity={entity}", who.admin)
    assert page.status_code == 200, page.body
    return [e["action"] for e in page.json_body["entries"]]


def test_the_institute_lists_reinvites_and_disables_a_party_account_all_audited(
    api: Client, who: Callers, identities: Identities, ses: None
) -> None:
    body = {"email": "cuentas-pfv@example.mx", "display_name": "Cuentas PFV", "process": "simulacro", "party_id": "pfv"}
    created = call(api, "POST", "/v1/admin/party-users", who.admin, body)
    assert created.status_code == 201, created.body
    user_id = created.json_body["user_id"]

    listed = call(api, "GET", "/v1/admin/party-users?party=pfv", who.admin).json_body
    mine = [u for u in listed["users"] if u["user_id"] == user_id]
    assert len(mine) == 1 and mine[0]["status"] == "invited" and mine[0]["email"] == "cuentas-pfv@example.mx"
    assert all(u["party_id"] == "pfv" for u in listed["users"])
    assert user_id not in {
        u["user_id"] for u in call(api, "GET", "/v1/admin/party-users?party=pfa", who.admin).json_body["users"]
    }

    again = call(api, "POST", f"/v1/admin/party-users/{user_id}", who.admin, {"action": "reinvite"})
    assert again.status_code == 200, again.body
    assert again.json_body["invitation_sent"] is True and again.json_body["user"]["invitations"] == 2
    assert "nueva invitación" in again.json_body["message"]
    assert len(mails_to("cuentas-pfv@example.mx")) == 2

    # the editor chose a password and is signed in (a token issued before the account is disabled)
    cognito = boto3.client("cognito-idp")
    pool = identities.pool
    cognito.admin_set_user_password(
        UserPoolId=pool.pool_id, Username="cuentas-pfv@example.mx", Password="contraseña-Segura-123", Permanent=True
    )
    signed_in = cognito.initiate_auth(
        ClientId=pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "cuentas-pfv@example.mx", "PASSWORD": "contraseña-Segura-123"},
    )["AuthenticationResult"]["IdToken"]
    assert call(api, "GET", "/v1/party/inbox?process=simulacro", signed_in).status_code == 200

    disabled = call(api, "POST", f"/v1/admin/party-users/{user_id}", who.admin, {"action": "disable"})
    assert disabled.status_code == 200 and disabled.json_body["user"]["status"] == "disabled"
    cognito = boto3.client("cognito-idp")
    assert (
        cognito.admin_get_user(UserPoolId=identities.pool.pool_id, Username="cuentas-pfv@example.mx")["Enabled"]
        is False
    )

    # its token, still within its hour, is refused at once
    refused = call(api, "GET", "/v1/party/inbox?process=simulacro", signed_in)
    assert refused.status_code == 401 and refused.json_body["error"]["code"] == "account_disabled"

    twice = call(api, "POST", f"/v1/admin/party-users/{user_id}", who.admin, {"action": "reinvite"})
    assert twice.status_code == 409 and "ya está desactivada" in twice.json_body["error"]["message"]
    unknown = call(api, "POST", "/v1/admin/party-users/nadie-123", who.admin, {"action": "disable"})
    assert unknown.status_code == 404 and unknown.json_body["error"]["details"]["field"] == "user_id"
    bad = call(api, "POST", f"/v1/admin/party-users/{user_id}", who.admin, {"action": "borrar"})
    assert bad.status_code == 400 and "action" in bad.body.decode()

    # (the fixture's clock stands still: every entry has the same time, so compare as sets)
    assert sorted(actions_of(api, who, f"user/{user_id}")) == [
        "party_user.create",
        "party_user.disable",
        "party_user.reinvite",
    ]


def test_a_civic_page_is_previewed_published_and_restored_and_each_write_is_audited(api: Client, who: Callers) -> None:
    slug = "pagina-de-prueba-staff"
    first = {"title": "Primera", "body_markdown": "## Uno\n\nTexto **primero**.", "status": "published"}
    assert call(api, "PUT", f"/v1/admin/content/{slug}", who.admin, first).status_code == 200
    second = {"title": "Segunda", "body_markdown": "## Dos\n\nOtro texto.", "status": "published", "base_version": 1}
    assert call(api, "PUT", f"/v1/admin/content/{slug}", who.admin, second).status_code == 200

    preview = call(api, "POST", "/v1/admin/content-preview", who.admin, {"body_markdown": "**a** <script>x</script>"})
    assert preview.status_code == 200
    assert "<strong>a</strong>" in preview.json_body["body_html"] and "<script>" not in preview.json_body["body_html"]

    one = call(api, "GET", f"/v1/admin/content/{slug}/versions/1", who.admin)
    assert one.status_code == 200 and one.json_body["body_markdown"].startswith("## Uno")
    restored = call(api, "POST", f"/v1/admin/content/{slug}/versions/1/restore", who.admin, {"base_version": 2})
    assert restored.status_code == 200, restored.body
    assert restored.json_body["version"] == 3 and restored.json_body["published_version"] == 3
    assert restored.json_body["change_note"] == "Restaurada la versión 1."
    public = api.http.get(f"/v1/content/{slug}").json_body
    assert public["title"] == "Primera" and public["version"] == 3

    stale = call(api, "POST", f"/v1/admin/content/{slug}/versions/1/restore", who.admin, {"base_version": 2})
    assert stale.status_code == 409
    missing = call(api, "GET", f"/v1/admin/content/{slug}/versions/99", who.admin)
    assert missing.status_code == 404 and missing.json_body["error"]["details"]["field"] == "version"
    wrong = call(api, "GET", f"/v1/admin/content/{slug}/versions/uno", who.admin)
    assert wrong.status_code == 400 and "version" in wrong.body.decode()

    assert sorted(actions_of(api, who, f"content/{slug}")) == ["content.restore", "content.save", "content.save"]
    entries = call(api, "GET", f"/v1/admin/audit?entity=content/{slug}", who.admin).json_body["entries"]
    latest = next(e for e in entries if e["action"] == "content.restore")
    assert latest["before"]["title"] == "Segunda" and latest["after"]["title"] == "Primera"


def test_platform_loads_are_audited_as_the_party_or_as_the_institute(api: Client, who: Callers) -> None:
    platform = {"title": "Plataforma de prueba", "commitments": [{"topic": "agua", "text": "Pozos nuevos."}]}
    saved = call(api, "PUT", "/v1/party/platforms/simulacro", who.other_editor, platform)
    assert saved.status_code == 200, saved.body
    corrected = call(
        api, "PUT", "/v1/admin/processes/simulacro/platforms/pfv", who.admin, platform | {"title": "Corregida"}
    )
    assert corrected.status_code == 200, corrected.body
    entries = call(api, "GET", "/v1/admin/audit?entity=platform/simulacro/pfv", who.admin).json_body["entries"]
    by_action = {e["action"]: e for e in entries}
    assert set(by_action) == {"platform.institute", "platform.party"}
    institute = by_action["platform.institute"]
    assert institute["before"]["title"] == "Plataforma de prueba" and institute["after"]["title"] == "Corregida"
    assert institute["actor_role"] == "ieem_admin" and by_action["platform.party"]["party_id"] == "pfv"


def test_the_audit_export_is_csv_of_the_filtered_entries(api: Client, who: Callers) -> None:
    slug = "pagina-exportada"
    body = {"title": '=HYPERLINK("x")', "body_markdown": "Texto.", "status": "draft"}
    assert call(api, "PUT", f"/v1/admin/content/{slug}", who.admin, body).status_code == 200
    exported = call(api, "GET", f"/v1/admin/audit.csv?entity=content/{slug}", who.admin)
    assert exported.status_code == 200 and exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.body.decode())))
    assert len(rows) == 1
    assert rows[0]["action"] == "content.save" and rows[0]["actor_email"] == "admin@example.mx"
    assert rows[0]["changed"] == "body_markdown;status;summary;title;version"
    assert '"title": "=HYPERLINK' in rows[0]["after"]


def test_mis_candidaturas_pages_through_the_partys_own_and_coalition_candidacies(
    api: Client, seeded: ElectionStore, identities: Identities
) -> None:
    token = identities.user("editor-pfr@example.mx", role="party_editor", party_id="pfr", name="Editor PFR")
    contenders = {c.id: c for c in seeded.list_contenders("simulacro")}
    expected = {
        c.id
        for b in seeded.get_ballots(_drill_ballots(seeded)).values()
        for c in b.candidacies
        if c.contender_id == "pfr" or "pfr" in contenders[c.contender_id].members
    }
    seen: list[str] = []
    cursor = None
    for _ in range(30):
        page = call(
            api,
            "GET",
            "/v1/party/candidacies?process=simulacro&limit=50" + (f"&cursor={cursor}" if cursor else ""),
            token,
        )
        assert page.status_code == 200, page.body
        seen += [i["candidacy_id"] for i in page.json_body["items"]]
        cursor = page.json_body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) and set(seen) == expected
    assert any(".pfr-pfm" in s for s in seen)  # the coalition's candidacies are the member's too
    first = call(api, "GET", "/v1/party/candidacies?process=simulacro&limit=5", token).json_body["items"][0]
    assert first["fields_total"] == 11 and isinstance(first["missing_fields"], list)
    searched = call(api, "GET", "/v1/party/candidacies?process=simulacro&q=acambay&limit=50", token).json_body
    assert searched["items"] and all(i["place_name"].lower().startswith("acambay") for i in searched["items"])
    short = call(api, "GET", "/v1/party/candidacies?process=simulacro&q=a", token)
    assert short.status_code == 400 and "q" in short.body.decode()
    assert call(api, "GET", "/v1/party/candidacies?process=nada", token).status_code == 404


def _drill_ballots(store: ElectionStore) -> list[str]:
    process = store.get_process("simulacro")
    assert process is not None
    ids = [f"simulacro.ayun.{m}" for m in process.scope.municipalities]
    return ids + [f"simulacro.dip.{d:02d}" for d in process.scope.districts]


def test_the_open_data_catalogue_lists_every_process_with_its_files_columns_and_licence(api: Client) -> None:
    catalogue = api.http.get("/v1/open-data").json_body
    by_id = {p["process_id"]: p for p in catalogue["processes"]}
    assert {"simulacro", "2021-ord"} <= set(by_id)
    assert [f["path"] for f in by_id["2021-ord"]["files"]] == [
        "/v1/open-data/2021-ord/candidacies.csv",
        "/v1/open-data/2021-ord/candidacies.json",
        "/v1/open-data/2021-ord/proposals.csv",
        "/v1/open-data/2021-ord/proposals.json",
    ]
    assert by_id["2021-ord"]["sources"] and "ficticios" in by_id["simulacro"]["licence"]
    columns = {d["dataset"]: [c["name"] for c in d["columns"]] for d in catalogue["datasets"]}
    assert "owner" in columns["candidacies"] and "topic" in columns["proposals"]
    for path in by_id["2021-ord"]["files"][:2]:
        assert api.http.get(path["path"]).status_code == 200


ADMIN_ONLY = [
    ("GET", "/v1/admin/party-users?party=pfa", None),
    ("POST", "/v1/admin/party-users/alguien", {"action": "disable"}),
    ("POST", "/v1/admin/content-preview", {"body_markdown": "x"}),
    ("GET", "/v1/admin/content/como-votar/versions/1", None),
    ("POST", "/v1/admin/content/como-votar/versions/1/restore", {}),
    ("GET", "/v1/admin/audit.csv", None),
    ("GET", "/v1/admin/audit", None),
    (
        "POST",
        "/v1/admin/party-users",
        {"email": "x@y.mx", "display_name": "Xy", "process": "simulacro", "party_id": "pfa"},
    ),
    ("PUT", "/v1/admin/content/como-votar", {"title": "T", "body_markdown": "x", "status": "draft"}),
    ("GET", "/v1/admin/content/como-votar", None),
    ("GET", "/v1/admin/content/como-votar/versions", None),
    ("PUT", "/v1/admin/processes/simulacro/platforms/pfa", {"title": "T"}),
]


def test_every_admin_page_call_is_refused_to_every_other_role(api: Client, who: Callers) -> None:
    others = {"citizen": who.citizen, "party_editor": who.editor, "ieem_moderator": who.moderator}
    for method, path, body in ADMIN_ONLY:
        assert call(api, method, path, None, body).status_code == 401, (method, path)
        for role, token in others.items():
            refused = call(api, method, path, token, body)
            assert refused.status_code == 403, (method, path, role, refused.body)
    for role, token in {"citizen": who.citizen, "ieem_moderator": who.moderator, "ieem_admin": who.admin}.items():
        refused = call(api, "GET", "/v1/party/candidacies?process=simulacro", token)
        assert refused.status_code == 403, (role, refused.body)
    assert call(api, "GET", "/v1/party/candidacies?process=simulacro").status_code == 401
