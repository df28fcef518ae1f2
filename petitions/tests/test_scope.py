"""What the scope cases (petitions/tests/cases.py) cannot say about the petition pages.

A petition sits in the register of the committee that received it. The petitions action is held by admin,
bloc_standing and committee_staff over their subtree; a cell secretary and a plain member hold none. Who opens each
URL, and that refused requests write nothing, are the scope cases'. Here: the register, its exports, the API and the
statistics list exactly the registers in scope (the statistics by their count), and a refused opening is not even
logged.
"""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.testing.pages import content, doc
from petitions import services
from petitions.models import Access, Kind

pytestmark = pytest.mark.django_db

D = datetime.date
RECEIVED = D(2025, 3, 3)
DENIED = (403, 404)
# register key -> the organisation concerned (within that register's jurisdiction)
REGISTERS = {"gc_a": "cell_a1", "gc_b": "cell_b1", "gcell": "gcell", "bloc": "gc_a"}
# user -> the registers it sees
VISIBLE = {
    "user_khoi": {"gc_a", "gc_b", "gcell", "bloc"},
    "user_coso": {"gc_a"},
    "user_other": {"gc_b"},
    "user_chibo": set(),
    "user_dangvien": set(),
}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def registers(tree, actor, user_khoi):
    """In every register: one letter per step (received, accepted, in progress, concluded, not handled)."""
    out = {}
    for key, subject_key in REGISTERS.items():
        org, subject = getattr(tree, key), getattr(tree, subject_key)
        kind = Kind.DENUNCIATION if key != "bloc" else Kind.COMPLAINT

        def new(summary, org=org, key=key):
            from django.core.files.uploadedfile import SimpleUploadedFile

            return services.petition_receive(
                actor=actor, organization=org, received_on=RECEIVED, channel="post", summary=summary,
                content="Nội dung.", sender_name=f"Người gửi {key}", sender_address="Vĩnh Yên",
                attachments=[SimpleUploadedFile("don.pdf", b"%PDF", "application/pdf")])

        concerns = "organization" if key == "bloc" else "member"  # the Bloc settles cases about gc_a itself

        def classify(p, subject=subject, kind=kind, concerns=concerns, **kw):
            return services.petition_classify(actor=actor, petition=p, kind=kind, classified_on=RECEIVED,
                                              subject_organization=subject, concerns=concerns, **kw)

        received = new(f"Mới nhận {key}")
        accepted = classify(new(f"Đã thụ lý {key}"))
        in_progress = classify(new(f"Đang xác minh {key}"))
        services.petition_assign(actor=actor, petition=in_progress, users=[user_khoi], assigned_on=RECEIVED)
        concluded = classify(new(f"Đã kết luận {key}"))
        services.petition_assign(actor=actor, petition=concluded, users=[user_khoi], assigned_on=RECEIVED)
        services.petition_conclude(actor=actor, petition=concluded, outcome="unfounded", conclusion="Không đúng.",
                                   concluded_on=RECEIVED, verification="Đã xác minh.")
        not_handled = classify(new(f"Không giải quyết {key}"), facts=["vague"])
        out[key] = dict(received=received, accepted=accepted, in_progress=in_progress, concluded=concluded,
                        not_handled=not_handled)
    return out


def summaries(response) -> set[str]:
    return {" ".join(td.text_content().split()) for td in doc(response).xpath(
        '//table[@id="petition-table"]/tbody/tr/td[4]')}


@pytest.mark.parametrize("user_name", list(VISIBLE))
def test_register_export_api_and_statistics_list_exactly_the_scope(request, client_for, registers, user_name):
    client = client_for(request.getfixturevalue(user_name))
    expected = {p.summary for key in VISIBLE[user_name] for p in registers[key].values()}
    others = {p.summary for key in REGISTERS if key not in VISIBLE[user_name] for p in registers[key].values()}
    page = client.get(reverse("petitions:register"))
    assert page.status_code == 200
    assert summaries(page) == expected or (not expected and not summaries(page))
    api = client.get("/api/v1/petitions?page_size=100").json()["results"]
    assert {r["summary"] for r in api} == expected
    stats = client.get(reverse("petitions:statistics") + "?start=01/01/2025&end=31/12/2025")
    assert doc(stats).xpath('//*[@data-figure="received"]')[0].text_content() == str(len(expected))
    export = client.get(reverse("petitions:register") + "?export=xlsx")
    if user_name == "user_dangvien":
        assert export.status_code in DENIED
        return
    cells = " ".join(str(v) for row in load_workbook(io.BytesIO(content(export))).active.iter_rows(values_only=True)
                     for v in row if v is not None)
    assert all(s in cells for s in expected) and not any(s in cells for s in others)


def test_a_refused_opening_is_not_logged(client_for, registers, user_other):
    p = registers["gc_a"]["accepted"]
    client_for(user_other).get(reverse("petitions:detail", args=[p.pk]))
    assert not Access.objects.filter(petition=p).exists()
