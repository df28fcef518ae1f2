"""Fixtures for the view-level tests in this folder (on top of the root conftest.py).

    client_for   client_for(user) -> a fresh django.test.Client logged in as `user`
    world        the conftest tree plus two empty cells and named members in every cell, with the
                 situations each member action needs (probationary, exempt, temporarily away)
"""

import datetime
from types import SimpleNamespace

import pytest

D = datetime.date


@pytest.fixture
def world(tree, make_org, make_member, member_dangvien, actor):
    """Named members in every cell, plus an empty cell on each side.

    Side a (gc_a): cell_a1 has full / probationary / exempt / temporarily-away members and the
    `dangvien` member; cell_a2 one member; cell_a3 is empty. Side b (gc_b) mirrors it. gcell has one.
    The temporarily-away members attend an organisation OUTSIDE the installation, so no page of one
    side has a reason to name an organisation of the other side.
    """
    from members import services as ms

    cell_a3 = make_org("cell", tree.gc_a, code="STC-KH", name="Chi bộ Phòng Kế hoạch")
    cell_b3 = make_org("cell", tree.gc_b, code="SYT-D", name="Chi bộ Phòng Dược")

    def side(cell, names):
        full, prob, exempt, away = names
        m = SimpleNamespace()
        m.full = make_member(cell, full_name=full[0], gender=full[1])
        m.prob = make_member(cell, full_name=prob[0], gender=prob[1], status="probationary",
                             admitted_on=D(2023, 6, 1))
        m.exempt = make_member(cell, full_name=exempt[0], gender=exempt[1])
        ms.member_exempt(actor=actor, member=m.exempt, effective_on=D(2024, 1, 1), reason="Tuổi cao, sức yếu")
        m.away = make_member(cell, full_name=away[0], gender=away[1])
        ms.member_transfer(actor=actor, member=m.away, kind="temporary", effective_on=D(2024, 9, 1),
                           reason="Đi học", to_external="Đảng bộ Trường Chính trị tỉnh",
                               until=D(2024, 9, 1) + datetime.timedelta(days=183))
        return m

    a = side(tree.cell_a1, [("Lý Thị Mai", "female"), ("Phan Văn Tài", "male"), ("Cao Thị Nga", "female"),
                            ("Vũ Văn Thành", "male")])
    b = side(tree.cell_b1, [("Đinh Thị Hoa", "female"), ("Lưu Văn Khánh", "male"), ("Hà Thị Yến", "female"),
                            ("Tống Văn Lợi", "male")])
    a2 = make_member(tree.cell_a2, full_name="Tạ Văn Quang", gender="male")
    b2 = make_member(tree.cell_b2, full_name="Mai Văn Sơn", gender="male")
    g = make_member(tree.gcell, full_name="Kiều Thị Oanh", gender="female")
    for m in (a.full, a.prob, a.exempt, a.away, b.full, b.prob, b.exempt, b.away, a2, b2, g):
        m.refresh_from_db()
    orgs = dict(bloc=tree.bloc, gc_a=tree.gc_a, cell_a1=tree.cell_a1, cell_a2=tree.cell_a2, cell_a3=cell_a3,
                gc_b=tree.gc_b, cell_b1=tree.cell_b1, cell_b2=tree.cell_b2, cell_b3=cell_b3, gcell=tree.gcell)
    members = dict(a1_full=a.full, a1_prob=a.prob, a1_exempt=a.exempt, a1_away=a.away, dangvien=member_dangvien,
                   a2_full=a2, b1_full=b.full, b1_prob=b.prob, b1_exempt=b.exempt, b1_away=b.away, b2_full=b2,
                   gcell_full=g)
    return SimpleNamespace(orgs=orgs, members=members, a=a, b=b, **orgs)
