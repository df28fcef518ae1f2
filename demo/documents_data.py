"""Demo document registers: a handful of outgoing documents (numbered by the same service the pages use) and
incoming ones for the Bloc, the demo grassroots committee (coso) and the demo cell (chibo), one of the Bloc's
incoming letters confidential (read by the Bloc's and the committees' office, not by the cell's secretary)."""

import datetime

from apparatus.models import Position, Seat
from core.history import save_with_history
from documents import numbering, services
from organizations.models import Organization

D = datetime.date
PLACE = "Vĩnh Phúc"


def _signer(org: Organization) -> tuple[str, str]:
    seat = (Seat.objects.filter(body__organization=org, ended_on__isnull=True, position=Position.SECRETARY)
            .select_related("member").first())
    return (seat.member.full_name, "Bí thư") if seat else ("…", "Bí thư")


def _issue(admin, org, kind, on, title, *, issuer="committee", body="", recipients="Như trên"):
    name, position = _signer(org)
    return services.document_issue(actor=admin, organization=org, issuer=issuer, kind=kind, issued_on=on, title=title,
                                   place=PLACE, body=body, recipients=recipients, sign_as="T/M",
                                   signer_position=position, signer_name=name)


def _receive(admin, org, kind, symbol, on, sender, title, *, confidentiality="normal"):
    return services.document_register_incoming(actor=admin, organization=org, kind=kind, symbol=symbol,
                                               issued_on=on, sender=sender, received_on=on + datetime.timedelta(days=1),
                                               title=title, confidentiality=confidentiality)


def load_documents(*, today: D, admin, root_id: int | None, coso_org: int | None, chibo_org: int | None) -> dict:
    count = 0
    year = today.year
    back = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    if root_id:
        bloc = Organization.objects.get(pk=root_id)
        # the Bloc's own abbreviation (ĐUK), set before its first number as an administrator would
        issuer = numbering.issuer_ensure(actor=admin, organization=bloc, issuer_kind="committee")
        issuer.symbol = "ĐUK"
        save_with_history(issuer, actor=admin, reason="Ký hiệu của Đảng ủy Khối")
        # its standing committee writes the same abbreviation (its decisions, the inspections' too, read "-QĐ/ĐUK")
        numbering.issuer_ensure(actor=admin, organization=bloc, issuer_kind="standing_committee", symbol="ĐUK")
        _issue(admin, bloc, "NQ", back(60), f"Về lãnh đạo thực hiện nhiệm vụ chính trị năm {year + 1}",
               body="Ban Chấp hành Đảng bộ Khối quyết nghị lãnh đạo thực hiện nhiệm vụ năm tới.\n"
                    "Giao các đảng ủy, chi bộ cơ sở xây dựng chương trình hành động.",
               recipients="Ban Thường vụ Tỉnh ủy\nCác đảng ủy, chi bộ cơ sở")
        _issue(admin, bloc, "KH", back(40), "Học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV "
                                             "của Đảng", body="Tổ chức học tập, quán triệt đến toàn thể đảng viên.",
               recipients="Các đảng ủy, chi bộ cơ sở")
        _issue(admin, bloc, "TB", back(20), "Kết luận của Ban Thường vụ Đảng ủy Khối tại hội nghị tháng",
               issuer="standing_committee", recipients="Các đảng ủy, chi bộ cơ sở")
        _issue(admin, bloc, "CV", back(5), f"Về việc tổng kết công tác xây dựng Đảng năm {year}",
               recipients="Các đảng ủy, chi bộ cơ sở")
        _receive(admin, bloc, "CV", "125-CV/TU", back(30), "Tỉnh ủy Vĩnh Phúc",
                 f"Về việc chuẩn bị tổng kết năm {year}")
        _receive(admin, bloc, "HD", "05-HD/BTCTU", back(25), "Ban Tổ chức Tỉnh ủy",
                 "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên")
        _receive(admin, bloc, "CV", "88-CV/TU", back(12), "Tỉnh ủy Vĩnh Phúc", "Về công tác bảo vệ chính trị nội bộ",
                 confidentiality="confidential")
        count += 7
    if coso_org:
        coso = Organization.objects.get(pk=coso_org)
        _receive(admin, coso, "KH", "02-KH/ĐUK", back(38), "Đảng ủy Khối các cơ quan tỉnh",
                 "Học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng")
        _issue(admin, coso, "KH", back(30), "Tổ chức học tập, quán triệt Nghị quyết Đại hội XIV của Đảng",
               body="Các chi bộ trực thuộc tổ chức học tập đến toàn thể đảng viên.", recipients="Các chi bộ trực thuộc")
        _issue(admin, coso, "BC", back(10), f"Kết quả công tác xây dựng Đảng năm {year}",
               recipients="Đảng ủy Khối các cơ quan tỉnh")
        _issue(admin, coso, "CV", back(3), "Về việc nộp đảng phí quý IV", recipients="Các chi bộ trực thuộc")
        count += 4
    if chibo_org:
        cell = Organization.objects.get(pk=chibo_org)
        _receive(admin, cell, "CV", "15-CV/ĐU", back(3), "Đảng ủy cơ sở", "Về việc nộp đảng phí quý IV")
        _issue(admin, cell, "NQ", back(15), f"Nghị quyết sinh hoạt chi bộ tháng {back(15).month}",
               body="Chi bộ quyết nghị các nhiệm vụ trọng tâm của tháng tới.", recipients="Đảng ủy cơ sở")
        count += 2
    return {"documents": count}
