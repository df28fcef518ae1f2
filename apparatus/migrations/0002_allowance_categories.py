"""Default allowance categories for concurrent grassroots cadres, with dated monthly amounts.

The amounts follow the usual pattern (a coefficient times the statutory base salary: 1,800,000 đ from
1/7/2023, 2,340,000 đ from 1/7/2024); each province sets its own, so they are marked unconfirmed and
are edited in the administration pages.
"""

import datetime

from django.db import migrations

D = datetime.date
SOURCE = "Quy định của Tỉnh ủy về chế độ hỗ trợ cán bộ không chuyên trách ở cơ sở (mẫu: hệ số × lương cơ sở)"
# code, label, coefficient
CATEGORIES = [
    ("grassroots_secretary", "Bí thư đảng ủy cơ sở, bí thư chi bộ cơ sở", "0.30"),
    ("grassroots_deputy", "Phó Bí thư đảng ủy cơ sở, phó bí thư chi bộ cơ sở", "0.25"),
    ("grassroots_member", "Đảng ủy viên, chi ủy viên chi bộ cơ sở", "0.20"),
    ("cell_secretary", "Bí thư chi bộ trực thuộc", "0.15"),
    ("cell_deputy", "Phó Bí thư chi bộ trực thuộc", "0.10"),
    ("inspection_member", "Ủy viên Ủy ban Kiểm tra đảng ủy cơ sở (kiêm nhiệm)", "0.10"),
]
BASE_SALARIES = [(D(2023, 7, 1), D(2024, 7, 1), 1_800_000), (D(2024, 7, 1), None, 2_340_000)]


def seed(apps, schema_editor):
    from decimal import Decimal

    Category = apps.get_model("apparatus", "AllowanceCategory")
    Rate = apps.get_model("apparatus", "AllowanceRate")
    for order, (code, label, coefficient) in enumerate(CATEGORIES, start=1):
        category, _created = Category.objects.update_or_create(
            code=code, defaults={"label": label, "sort_order": order * 10,
                                 "description": f"Hệ số {coefficient.replace('.', ',')} × mức lương cơ sở."})
        for start, end, base in BASE_SALARIES:
            Rate.objects.update_or_create(
                category=category, effective_from=start,
                defaults={"effective_to": end, "monthly_amount": int(Decimal(coefficient) * base),
                          "regulation": SOURCE, "unconfirmed": True,
                          "note": "Hệ số {} × {} đ".format(coefficient.replace(".", ","),
                                                           f"{base:,}".replace(",", "."))},
            )


def unseed(apps, schema_editor):
    codes = [c[0] for c in CATEGORIES]
    apps.get_model("apparatus", "AllowanceRate").objects.filter(category__code__in=codes).delete()
    apps.get_model("apparatus", "AllowanceCategory").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("apparatus", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
