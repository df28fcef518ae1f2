"""Import 100,000 member files from one .xlsx with the full validation, as a ratio to a bare openpyxl read-only pass
over the same file (the least any import of that file must do), and the peak memory of the check.

    .venv/bin/python bench/import_members.py [--rows N] [--repeat N]

The database (BENCH_DATABASE_URL, default SQLite bench/out/import.sqlite3) holds a tree of 3,700 organisations
(700 grassroots committees, 3,000 cells) and no member; it is built once. Each repetition imports the file into it
and then removes what it wrote, so the next one starts from the same state.

Measured, each against the bare read of the same file:
- check: the preview job's work (read every cell, normalise, validate each row with the register form's rules, find
  the member already recorded by citizen ID or card number) — nothing written;
- commit: the commit job's work (the parsed rows the preview kept, validated again since the records may have changed
  since the preview, then 100,000 members, their history rows, membership periods and the batch's records written
  in one transaction);
- the whole import: both, what a user waits for between uploading the file and seeing the members listed.
"""

import argparse
import datetime
import gc
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
OUT.mkdir(parents=True, exist_ok=True)
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{OUT / 'import.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
os.environ.setdefault("QUEUE_URL", "sqlite:///bench/out/queue.sqlite3")  # jobs are run here, not by a worker

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

GRASSROOTS, CELLS = 700, 3000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = {"Nam": ["Văn", "Đức", "Minh", "Quang"], "Nữ": ["Thị", "Thu", "Ngọc", "Thanh"]}
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hạnh", "Hùng", "Lan", "Mai", "Nam", "Phương", "Quân", "Thảo", "Tuấn"]
HEADERS = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Số thẻ đảng", "Dân tộc", "Tôn giáo", "Quê quán",
           "Trình độ văn hóa", "Trình độ chuyên môn", "Chuyên ngành", "Lý luận chính trị", "Chức vụ", "Cơ quan",
           "Điện thoại", "Email", "Ngày vào Đảng", "Ngày chính thức", "Mã chi bộ", "Tình trạng"]


def ensure_database() -> None:
    connection.close()
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.get_connection_params()
        name = params.pop("dbname")
        for key in ("cursor_factory", "context"):
            params.pop(key, None)
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    from organizations.models import Organization

    if Organization.objects.filter(code__startswith="BENCH-CB-").count() >= CELLS:
        return
    print("building the tree (once)…", flush=True)
    from django.contrib.auth import get_user_model

    from organizations.models import OrganizationKind
    from organizations.services import organization_create

    actor, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_superuser": True,
                                                                                 "is_staff": True})
    kinds = {k.code: k for k in OrganizationKind.objects.all()}
    on = datetime.date(2015, 1, 1)
    with transaction.atomic():
        root = organization_create(actor=actor, kind=kinds["superior"], parent=None, code="BENCH-ROOT",
                                   name="Đảng bộ Khối (bench)", established_on=on, decision_number="1-QĐ/TU")
        committees = [organization_create(actor=actor, kind=kinds["grassroots_committee"], parent=root,
                                          code=f"BENCH-DB-{i:03d}", name=f"Đảng bộ cơ sở số {i}", established_on=on,
                                          decision_number=f"{i}-QĐ/ĐUK") for i in range(GRASSROOTS)]
        for i in range(CELLS):
            organization_create(actor=actor, kind=kinds["cell"], parent=committees[i % GRASSROOTS],
                                code=f"BENCH-CB-{i:04d}", name=f"Chi bộ số {i}", established_on=on,
                                decision_number=f"{i}-QĐ/ĐU")


def build_file(rows: int) -> Path:
    path = OUT / f"members-{rows}.xlsx"
    if path.exists():
        return path
    print(f"writing {path.name}…", flush=True)
    from openpyxl import Workbook

    rng = random.Random(2026)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đảng viên")
    sheet.append(HEADERS)
    for i in range(rows):
        gender = rng.choice(("Nam", "Nữ"))
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 50))
        admitted = born + datetime.timedelta(days=365 * 20 + rng.randrange(0, 365 * 10))
        admitted = min(admitted, datetime.date(2024, 12, 31))
        full = admitted + datetime.timedelta(days=400)
        sheet.append([
            i + 1, f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN)}", gender,
            born.strftime("%d/%m/%Y"), f"0{rng.randrange(1, 96):02d}{i:09d}", f"{i:08d}", "Kinh", "Không",
            "Vĩnh Phúc", "12/12", "Đại học", "Kinh tế", "Trung cấp", "Chuyên viên", "Sở Tài chính",
            f"09{i:08d}", "", admitted, full, f"BENCH-CB-{i % CELLS:04d}", "Đảng viên chính thức",
        ])
    workbook.save(path)
    return path


def bare_pass(content: bytes) -> int:
    """The floor: openpyxl's read-only reader over every row, values only."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    count = 0
    for _row in workbook.active.iter_rows(values_only=True):
        count += 1
    workbook.close()
    return count


def clean_up(batch_ids) -> None:
    from imports.models import ImportBatch, ImportRecord
    from members.models import Member, Membership

    with transaction.atomic():
        ids = list(ImportRecord.objects.filter(batch_id__in=batch_ids).values_list("object_id", flat=True))
        ImportRecord.objects.filter(batch_id__in=batch_ids).delete()
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            Membership.objects.filter(member_id__in=chunk).delete()
            Member.history.filter(id__in=chunk).delete()
            Member.objects.filter(pk__in=chunk).delete()
        ImportBatch.objects.filter(pk__in=batch_ids).update(preview_job=None, commit_job=None)
        ImportBatch.objects.filter(pk__in=batch_ids).delete()


def timed(fn):
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    ensure_database()
    path = build_file(args.rows)
    content = path.read_bytes()

    from django.contrib.auth import get_user_model

    from imports import services
    from imports.models import ImportBatch, State
    from jobs.services import job_submit
    from organizations.models import Organization

    actor = get_user_model().objects.get(username="bench")
    root = Organization.objects.get(code="BENCH-ROOT")

    def new_batch():
        from django.core.files.base import ContentFile

        batch = ImportBatch(kind="members", organization=root, owner=actor, reason="Bench", file_name=path.name,
                            file_sha256="-")
        batch.file.save(path.name, ContentFile(content), save=True)
        return batch

    def quiet(*_args, **_kwargs):
        return None

    floors, checks, imports = [], [], []
    for _ in range(args.repeat):
        floor, rows = timed(lambda: bare_pass(content))
        floors.append(floor)
        batch = new_batch()
        check, (_sheet, plan) = timed(lambda batch=batch: services._plan(batch, content, quiet, keep=True))
        assert not plan.errors, plan.errors[:5]
        assert plan.counts["new"] == args.rows, plan.counts
        checks.append(check)
        batch.state = State.COMMITTING
        batch.save()  # with the parsed rows the preview keeps
        job = job_submit(owner=actor, kind=services.COMMIT, title="bench", params={"batch": batch.pk})
        elapsed, result = timed(lambda job=job: services.commit(job, quiet))
        assert result["state"] == State.COMMITTED, result
        imports.append(elapsed)
        clean_up([batch.pk])
    floor, check, full = min(floors), min(checks), min(imports)
    print(f"\n{args.rows:,} member rows in {path.name} ({len(content) / 1024 / 1024:.1f} MB), "
          f"{connection.vendor}, best of {args.repeat}")
    print(f"  bare openpyxl read-only pass                   {floor:7.1f} s")
    print(f"  check (the preview job: read, parse, validate) {check:7.1f} s  = {check / floor:.2f} × the bare pass")
    print(f"  commit (validate again against the records, write everything)"
          f" {full:7.1f} s  = {full / floor:.2f} ×")
    print(f"  the whole import (check + commit)              {check + full:7.1f} s  = "
          f"{(check + full) / floor:.2f} × the bare pass")

    import tracemalloc

    batch = new_batch()
    tracemalloc.start()
    services._plan(batch, content, quiet)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    clean_up([batch.pk])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak Python memory of the check   {peak / 1024 / 1024:7.0f} MiB (process peak RSS {rss:.0f} MiB)")


if __name__ == "__main__":
    main()
