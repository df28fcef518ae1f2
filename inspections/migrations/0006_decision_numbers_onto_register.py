"""Decisions are numbered by documents.numbering from here on: each yearly counter's numbers are reserved in every
series of the register they could fall in (each committee term over that year, the year itself, under the authority's
symbol and the symbols of its body and its committee in the register), so no number is given twice. The yearly
counters stay as they were (history). The same rule as services.reserve_decision_numbers, on the historical models."""

import datetime

from django.db import migrations
from django.db.models import Q


def forward(apps, schema_editor):
    DecisionCounter = apps.get_model("inspections", "DecisionCounter")
    Issuer = apps.get_model("documents", "Issuer")
    Counter = apps.get_model("documents", "Counter")
    Term = apps.get_model("apparatus", "Term")
    for row in DecisionCounter.objects.select_related("authority").order_by("pk"):
        authority = row.authority
        symbols = {authority.symbol} | set(Issuer.objects.filter(
            organization_id=authority.organization_id, kind__in=[authority.kind, "committee"]).values_list(
            "symbol", flat=True))
        start, end = datetime.date(row.year, 1, 1), datetime.date(row.year, 12, 31)
        terms = Term.objects.filter(organization_id=authority.organization_id, started_on__lte=end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=start)).values_list("pk", flat=True)
        for symbol in sorted(symbols):
            for period in [f"t{pk}" for pk in terms] + [f"y{row.year}"]:
                counter, _created = Counter.objects.get_or_create(
                    key=f"out/{authority.organization_id}/{symbol}/QĐ/{period}")
                if counter.last < row.last:
                    counter.last = row.last
                    counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0005_versions_and_generated_file_names"),
        ("documents", "0002_document_rules"),
        ("apparatus", "0003_revision"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
