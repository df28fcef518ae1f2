"""The substituted working days (a Saturday worked in exchange for a bridge day off, "làm bù") matching the swaps of
0002, and the official schedules of 2017–2026, whose days off 0002 entered. 2027's days in 0002 are the usual
pattern, not an announcement: its schedule is not entered, so a working-day deadline in 2027 stays provisional until
the administrator enters it (Lịch ngày làm việc, /calendar/).

The days off follow the Labour Code (Bộ luật Lao động 2012, Điều 115, until 2020; Bộ luật Lao động 2019, Điều 112,
from 2021: two days for National Day) and, each year, the Prime Minister's approval of the schedule for public
bodies announced by the Ministry of Labour, Invalids and Social Affairs (from 1/3/2025 the Ministry of Home Affairs).
The notices' numbers and dates are not recorded here: every source is marked unconfirmed until the administrator
checks it against the notice and completes it."""

import datetime

from django.db import migrations
from django.utils import timezone

WORKED = "Làm bù"

# (dd/mm/yyyy, name, note, unconfirmed): each in exchange for a day off marked "hoán đổi" in 0002.
WORKING_DAYS = [
    ("05/01/2019", WORKED, "Làm bù cho thứ Hai 31/12/2018 (Tết Dương lịch 2019)", False),
    ("04/05/2019", WORKED, "Làm bù cho thứ Hai 29/04/2019 (dịp 30/4 – 1/5/2019)", False),
    ("04/05/2024", WORKED, "Làm bù cho thứ Hai 29/04/2024 (dịp 30/4 – 1/5/2024)", False),
    ("26/04/2025", WORKED, "Làm bù cho thứ Sáu 02/05/2025 (dịp 30/4 – 1/5/2025)", False),
    ("10/01/2026", WORKED, "Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch 2026): chưa đối chiếu thông báo", True),
]

CODE_2012 = "Bộ luật Lao động 2012 (số 10/2012/QH13), Điều 115"
CODE_2019 = "Bộ luật Lao động 2019 (số 45/2019/QH14), Điều 112"
MOLISA = ("thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ Tết Âm lịch và Quốc khánh năm {year} "
          "đối với cán bộ, công chức, viên chức (theo ý kiến của Thủ tướng Chính phủ)")
MOHA = ("thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch và Quốc khánh năm {year} đối với cán bộ, công chức, "
        "viên chức (theo ý kiến của Thủ tướng Chính phủ)")
NOTE = "Số hiệu và ngày của thông báo cần đối chiếu và bổ sung."

SWAPS = {
    2018: "; hoán đổi ngày làm việc thứ Hai 31/12/2018 sang thứ Bảy 05/01/2019",
    2019: "; hoán đổi ngày làm việc thứ Hai 29/04/2019 sang thứ Bảy 04/05/2019",
    2024: "; hoán đổi ngày làm việc thứ Hai 29/04/2024 sang thứ Bảy 04/05/2024",
    2025: "; hoán đổi ngày làm việc thứ Sáu 02/05/2025 sang thứ Bảy 26/04/2025 (thông báo của Bộ Nội vụ)",
    2026: "; hoán đổi ngày làm việc thứ Sáu 02/01/2026 (chưa đối chiếu)",
}


def source(year: int) -> str:
    code = CODE_2012 if year <= 2020 else CODE_2019
    notice = (MOHA if year >= 2026 else MOLISA).format(year=year)
    return f"{code}; {notice}{SWAPS.get(year, '')}"


YEARS = {year: dict(source=source(year), published_on=None, unconfirmed=True,
                    note=NOTE + (" Ngày 01/09/2026 và ngày hoán đổi 02/01/2026 chưa đối chiếu." if year == 2026 else ""))
         for year in range(2017, 2027)}
REASON = "Nhập từ dữ liệu ban đầu (các năm đã có lịch nghỉ chính thức)"


def seed(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    CalendarYear = apps.get_model("core", "CalendarYear")
    HistoricalCalendarYear = apps.get_model("core", "HistoricalCalendarYear")
    for text, name, note, unconfirmed in WORKING_DAYS:
        day = datetime.datetime.strptime(text, "%d/%m/%Y").date()
        Holiday.objects.update_or_create(date=day, defaults=dict(kind="worked", name=name, note=note,
                                                                 unconfirmed=unconfirmed))
    now = timezone.now()
    for year, fields in YEARS.items():
        row, created = CalendarYear.objects.update_or_create(year=year, defaults=fields)
        HistoricalCalendarYear.objects.create(id=row.pk, year=year, history_date=now, history_type="+" if created
                                              else "~", history_change_reason=REASON, history_user=None, **fields)


def unseed(apps, schema_editor):
    apps.get_model("core", "Holiday").objects.filter(kind="worked").delete()
    apps.get_model("core", "CalendarYear").objects.all().delete()
    apps.get_model("core", "HistoricalCalendarYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendar_years_and_working_days")]
    operations = [migrations.RunPython(seed, unseed)]
