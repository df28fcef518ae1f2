"""Public holidays 2017–2027 that fall on a weekday (weekends are off anyway), as announced each year for
public bodies: New Year, Tết (the lunar new year, its dates differ every year), the Hùng Kings' day (10/3 lunar),
30/4, 1/5, National Day (2/9, two days since the 2019 Labour Code took effect in 2021), the days in lieu when a
holiday falls on a weekend, and the days swapped against a worked Saturday. Data, not code: the administrator
adds each new year's days when they are announced (/admin/). 2027 and a few 2026 days are the usual pattern,
not yet an announcement, and are marked unconfirmed."""

import datetime

from django.db import migrations

NEW_YEAR = "Tết Dương lịch"
TET = "Tết Nguyên đán"
HUNG = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
REUNIFICATION = "Ngày Chiến thắng 30/4"
LABOUR = "Ngày Quốc tế Lao động 1/5"
NATIONAL = "Quốc khánh 2/9"
IN_LIEU = "nghỉ bù"
SWAP = "hoán đổi ngày làm việc (làm bù vào một ngày thứ Bảy)"

# (dd/mm/yyyy, name, note, unconfirmed)
DAYS = [
    # 2017 — Tết Đinh Dậu 28/01
    ("02/01/2017", NEW_YEAR, IN_LIEU, False),
    *[(f"{d}/2017", TET, "", False) for d in ("26/01", "27/01", "30/01", "31/01", "01/02")],
    ("06/04/2017", HUNG, "", False), ("01/05/2017", LABOUR, "", False),
    ("02/05/2017", REUNIFICATION, IN_LIEU, False), ("04/09/2017", NATIONAL, IN_LIEU, False),
    # 2018 — Tết Mậu Tuất 16/02
    ("01/01/2018", NEW_YEAR, "", False),
    *[(f"{d}/2018", TET, "", False) for d in ("14/02", "15/02", "16/02", "19/02", "20/02")],
    ("25/04/2018", HUNG, "", False), ("30/04/2018", REUNIFICATION, "", False), ("01/05/2018", LABOUR, "", False),
    ("03/09/2018", NATIONAL, IN_LIEU, False), ("31/12/2018", NEW_YEAR, SWAP, False),
    # 2019 — Tết Kỷ Hợi 05/02
    ("01/01/2019", NEW_YEAR, "", False),
    *[(f"{d}/2019", TET, "", False) for d in ("04/02", "05/02", "06/02", "07/02", "08/02")],
    ("15/04/2019", HUNG, IN_LIEU, False), ("29/04/2019", REUNIFICATION, SWAP, False),
    ("30/04/2019", REUNIFICATION, "", False), ("01/05/2019", LABOUR, "", False), ("02/09/2019", NATIONAL, "", False),
    # 2020 — Tết Canh Tý 25/01
    ("01/01/2020", NEW_YEAR, "", False),
    *[(f"{d}/2020", TET, "", False) for d in ("23/01", "24/01", "27/01", "28/01", "29/01")],
    ("02/04/2020", HUNG, "", False), ("30/04/2020", REUNIFICATION, "", False), ("01/05/2020", LABOUR, "", False),
    ("02/09/2020", NATIONAL, "", False),
    # 2021 — Tết Tân Sửu 12/02
    ("01/01/2021", NEW_YEAR, "", False),
    *[(f"{d}/2021", TET, "", False) for d in ("10/02", "11/02", "12/02", "15/02", "16/02")],
    ("21/04/2021", HUNG, "", False), ("30/04/2021", REUNIFICATION, "", False), ("03/05/2021", LABOUR, IN_LIEU, False),
    ("02/09/2021", NATIONAL, "", False), ("03/09/2021", NATIONAL, "", False),
    # 2022 — Tết Nhâm Dần 01/02
    ("03/01/2022", NEW_YEAR, IN_LIEU, False),
    *[(f"{d}/2022", TET, "", False) for d in ("31/01", "01/02", "02/02", "03/02", "04/02")],
    ("11/04/2022", HUNG, IN_LIEU, False), ("02/05/2022", REUNIFICATION, IN_LIEU, False),
    ("03/05/2022", LABOUR, IN_LIEU, False), ("01/09/2022", NATIONAL, "", False), ("02/09/2022", NATIONAL, "", False),
    # 2023 — Tết Quý Mão 22/01
    ("02/01/2023", NEW_YEAR, IN_LIEU, False),
    *[(f"{d}/2023", TET, "", False) for d in ("20/01", "23/01", "24/01", "25/01", "26/01")],
    ("01/05/2023", LABOUR, "", False), ("02/05/2023", HUNG, IN_LIEU, False),
    ("03/05/2023", REUNIFICATION, IN_LIEU, False), ("01/09/2023", NATIONAL, "", False),
    ("04/09/2023", NATIONAL, IN_LIEU, False),
    # 2024 — Tết Giáp Thìn 10/02
    ("01/01/2024", NEW_YEAR, "", False),
    *[(f"{d}/2024", TET, "", False) for d in ("08/02", "09/02", "12/02", "13/02", "14/02")],
    ("18/04/2024", HUNG, "", False), ("29/04/2024", REUNIFICATION, SWAP, False),
    ("30/04/2024", REUNIFICATION, "", False), ("01/05/2024", LABOUR, "", False), ("02/09/2024", NATIONAL, "", False),
    ("03/09/2024", NATIONAL, "", False),
    # 2025 — Tết Ất Tỵ 29/01
    ("01/01/2025", NEW_YEAR, "", False),
    *[(f"{d}/2025", TET, "", False) for d in ("27/01", "28/01", "29/01", "30/01", "31/01")],
    ("07/04/2025", HUNG, "", False), ("30/04/2025", REUNIFICATION, "", False), ("01/05/2025", LABOUR, "", False),
    ("02/05/2025", LABOUR, SWAP, False), ("01/09/2025", NATIONAL, "", False), ("02/09/2025", NATIONAL, "", False),
    # 2026 — Tết Bính Ngọ 17/02
    ("01/01/2026", NEW_YEAR, "", False), ("02/01/2026", NEW_YEAR, SWAP, True),
    *[(f"{d}/2026", TET, "", False) for d in ("16/02", "17/02", "18/02", "19/02", "20/02")],
    ("27/04/2026", HUNG, IN_LIEU, False), ("30/04/2026", REUNIFICATION, "", False), ("01/05/2026", LABOUR, "", False),
    ("01/09/2026", NATIONAL, "", True), ("02/09/2026", NATIONAL, "", False),
    # 2027 — Tết Đinh Mùi 06/02: the usual pattern, to confirm against the announcement
    ("01/01/2027", NEW_YEAR, "", True),
    *[(f"{d}/2027", TET, "", True) for d in ("04/02", "05/02", "08/02", "09/02", "10/02")],
    ("16/04/2027", HUNG, "", True), ("30/04/2027", REUNIFICATION, "", True), ("03/05/2027", LABOUR, IN_LIEU, True),
    ("02/09/2027", NATIONAL, "", True), ("03/09/2027", NATIONAL, "", True),
]


def seed(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    for text, name, note, unconfirmed in DAYS:
        day = datetime.datetime.strptime(text, "%d/%m/%Y").date()
        Holiday.objects.update_or_create(date=day, defaults=dict(name=name, note=note, unconfirmed=unconfirmed))


def unseed(apps, schema_editor):
    apps.get_model("core", "Holiday").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_holiday")]
    operations = [migrations.RunPython(seed, unseed)]
