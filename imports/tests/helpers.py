"""Writing test spreadsheets the way people do, and running an upload through its real jobs."""

import csv
import io

from openpyxl import Workbook

MEMBER_HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Dân tộc", "Ngày vào Đảng", "Ngày chính thức",
                  "Mã chi bộ", "Tình trạng", "Điện thoại"]


def member_row(name="Nguyễn Văn Hùng", gender="Nam", born="12/05/1985", citizen="026085001001", ethnicity="Kinh",
               admitted="19/05/2010", full="19/05/2011", org="CB-A1", status="Đảng viên chính thức", phone=""):
    return [name, gender, born, citizen, ethnicity, admitted, full, org, status, phone]


def xlsx(rows, headers=MEMBER_HEADERS, *, title_rows=(), merge_title=False, sheet="Đảng viên") -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for title in title_rows:
        ws.append([title])
    if merge_title and title_rows:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=MEMBER_HEADERS, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def upload(user, organization, content: bytes, name="dang-vien.xlsx", reason="Nhập hồ sơ có sẵn", kind="members"):
    """Upload and run the preview job as the worker would; the batch as it is afterwards."""
    from imports.services import batch_upload
    from jobs.testing import run_queued

    batch = batch_upload(actor=user, kind=kind, organization=organization, file_name=name, content=content,
                         reason=reason)
    run_queued()
    batch.refresh_from_db()
    return batch


def commit(user, batch):
    from imports.services import batch_commit
    from jobs.testing import run_queued

    batch_commit(actor=user, batch=batch)
    run_queued()
    batch.refresh_from_db()
    return batch


def errors_at(batch) -> set[tuple[int, str]]:
    return {(e["row"], e["column"]) for e in batch.errors}
