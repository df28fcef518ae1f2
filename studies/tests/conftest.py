import datetime

import pytest

TODAY = datetime.date.today()


@pytest.fixture
def resolution(actor, bloc):
    """An outgoing resolution of the Bloc's register."""
    from documents import services

    return services.document_issue(actor=actor, organization=bloc, issuer="committee", kind="NQ",
                                   issued_on=TODAY - datetime.timedelta(days=2),
                                   title="Nghị quyết về học tập, quán triệt Nghị quyết Đại hội XIV",
                                   signer_name="Nguyễn Văn Ký", signer_position="Bí thư")


@pytest.fixture
def campaign(actor, resolution, cell_a1, cell_a2, member_dangvien, make_member):
    """The Bloc's study of its resolution; cell_a1 has the dangvien member and two more, cell_a2 one."""
    from studies import services

    make_member(cell_a1)
    make_member(cell_a1)
    make_member(cell_a2)
    return services.campaign_launch(actor=actor, document=resolution, mode="thorough",
                                    sessions_by=TODAY + datetime.timedelta(days=7),
                                    takeaways_by=TODAY + datetime.timedelta(days=30), launched_on=TODAY)
