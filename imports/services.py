"""Every write of an import: the upload (a batch and its preview job), the commit (a job that writes the whole batch
in one transaction, or nothing), abandoning a batch. The two job handlers are registered here."""

import hashlib
import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import insert_values
from core.files import clean_name
from core.scope import scope_for
from core.validation import require_text
from jobs.registry import JobCancelled, job_kind
from jobs.services import job_submit
from organizations.figures import figures_batch

from .errors_sheet import error_sheet
from .kinds import Parsed, kind_for
from .models import ImportBatch, ImportRecord, State
from .sheets import FileRefused, check_spreadsheet, detect_format, read_sheet

PREVIEW = "imports.preview"
COMMIT = "imports.commit"


def _history_reason(batch: ImportBatch) -> str:
    return _("%(reason)s (import batch #%(number)s, %(file)s)") % {
        "reason": batch.reason, "number": batch.pk, "file": batch.file_name}


@transaction.atomic
def batch_upload(*, actor, kind: str, organization, file_name: str, content: bytes, reason: str) -> ImportBatch:
    """Keep the file and start checking it in the background. Refuses at once what needs no reading: an
    organisation outside the user's scope, no reason, an empty or oversized file."""
    try:
        import_kind = kind_for(kind)
    except KeyError:
        raise ValidationError({"kind": _("Choose what the file contains.")}) from None
    if organization is None or not scope_for(actor).covers(organization.pk, import_kind.action):
        raise ValidationError({"organization": _("Choose an organisation you may import into.")})
    reason = require_text(reason, "reason", _("Say why (the reason is kept in each record's history)."))
    if len(reason) > 500:
        raise ValidationError({"reason": _("At most 500 characters.")})
    try:
        detect_format(content, file_name)
        # By content, whatever the name says (the form checked it too; a program calling here is held to the same).
        fmt = check_spreadsheet(ContentFile(content, name=file_name or "file"))
    except (FileRefused, forms.ValidationError) as error:
        raise ValidationError({"file": error.messages}) from None
    batch = ImportBatch(kind=kind, organization=organization, owner=actor, reason=reason,
                        file_name=clean_name(file_name or "file", 255), file_sha256=hashlib.sha256(content).hexdigest())
    batch.file.save(f"upload.{fmt}", ContentFile(content), save=False)  # stored under a generated name
    batch.full_clean()
    batch.save()
    batch.preview_job = job_submit(owner=actor, kind=PREVIEW, title=_("Check %(file)s") % {"file": batch.file_name},
                                   params={"batch": batch.pk}, organization_id=organization.pk,
                                   action=import_kind.action)
    batch.save(update_fields=["preview_job"])
    return batch


@transaction.atomic
def batch_commit(*, actor, batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.owner_id != actor.pk:
        raise ValidationError(_("Only the person who uploaded the file can import it."))
    if batch.state != State.READY:
        raise ValidationError(_("This file cannot be imported now (%(state)s).") % {"state": batch.get_state_display()})
    batch.state = State.COMMITTING
    batch.commit_job = job_submit(owner=actor, kind=COMMIT, title=_("Import %(file)s") % {"file": batch.file_name},
                                  params={"batch": batch.pk}, organization_id=batch.organization_id,
                                  action=kind_for(batch.kind).action)
    batch.save(update_fields=["state", "commit_job"])
    return batch


@transaction.atomic
def batch_abandon(*, actor, batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.owner_id != actor.pk:
        raise ValidationError(_("Only the person who uploaded the file can abandon it."))
    if batch.state not in (State.READY, State.INVALID, State.UNCHANGED, State.FAILED):
        raise ValidationError(_("This file cannot be abandoned now (%(state)s).") % {"state": batch.get_state_display()})
    batch.state = State.ABANDONED
    batch.save(update_fields=["state"])
    return batch


@transaction.atomic
def batch_settle(*, batch: ImportBatch) -> ImportBatch:
    """A batch whose job ended without its handler saying how (cancelled while it waited in the queue, or its worker
    gave up on it) goes back to where it was: a check that never ran leaves the file set aside, an import that never
    ran leaves the file ready to import again. Nothing was written in either case."""
    from jobs.models import FINISHED

    batch = ImportBatch.objects.select_for_update(of=("self",)).select_related("preview_job", "commit_job").get(
        pk=batch.pk)
    job = batch.job
    if batch.state in (State.CHECKING, State.COMMITTING) and job is not None and job.state in FINISHED:
        batch.state = State.ABANDONED if batch.state == State.CHECKING else State.READY
        batch.save(update_fields=["state"])
    return batch


def _read(batch: ImportBatch):
    batch.file.open("rb")
    try:
        content = batch.file.read()
    finally:
        batch.file.close()
    return content


def _plan(batch: ImportBatch, content: bytes, progress, *, keep: bool = False):
    """Read and check the file. A kind that reads and checks in two steps (members) keeps the parsed rows with the
    batch (`keep`), and a later plan of the same batch checks those again without reading the file."""
    kind = kind_for(batch.kind)
    if hasattr(kind, "read") and batch.parsed_file and not keep:
        batch.parsed_file.open("rb")
        try:
            parsed = Parsed.loads(batch.parsed_file.read())
        finally:
            batch.parsed_file.close()
        return parsed, kind.check(parsed=parsed, user=batch.owner, organization=batch.organization, progress=progress)
    sheet = read_sheet(content, batch.file_name, getattr(kind, "reading", kind.columns), sheet_names=kind.sheet_names)
    if not hasattr(kind, "read"):
        return sheet, kind.plan(sheet=sheet, user=batch.owner, organization=batch.organization, progress=progress)
    parsed = kind.read(sheet=sheet, progress=progress)
    if keep:
        batch.parsed_file.save(f"{batch.pk}.pickle", ContentFile(parsed.dumps()), save=False)
    return parsed, kind.check(parsed=parsed, user=batch.owner, organization=batch.organization, progress=progress)


def _store_report(batch: ImportBatch, sheet, plan, content: bytes) -> None:
    batch.counts = plan.counts
    batch.errors = sorted(plan.errors, key=lambda e: e["row"])
    batch.changes = [{"row": r.row, "label": r.label, "action": r.action, "changes": [list(c) for c in r.changes]}
                     for r in plan.rows if r.action != "same"][:2000]
    batch.ignored_headers = sheet.unknown_headers
    batch.checked_at = timezone.now()
    batch.file_error = ""
    if plan.errors:
        batch.state = State.INVALID
        sheet.file_name = batch.file_name
        name, data = error_sheet(content, sheet, plan.errors, headers=kind_for(batch.kind).headers())
        batch.error_file.save(name, ContentFile(data), save=False)
        _locate(batch, sheet)
    elif not batch.counts["new"] and not batch.counts["changed"]:
        batch.state = State.UNCHANGED
    else:
        batch.state = State.READY


def _locate(batch: ImportBatch, sheet) -> None:
    """Each error also names its column as the file does, and its cell (D5), which is what the user looks for."""
    from openpyxl.utils import get_column_letter

    kind = kind_for(batch.kind)
    by_label = {str(c.header): c.key for c in getattr(kind, "reading", kind.columns)}
    for error in batch.errors:
        key = by_label.get(error["column"])
        if key in sheet.columns:
            error["header"] = sheet.headers.get(key) or error["column"]
            error["cell"] = f"{get_column_letter(sheet.columns[key] + 1)}{error['row']}"


@job_kind(PREVIEW)
def preview(job, progress) -> dict:
    batch = ImportBatch.objects.select_related("organization", "owner").get(pk=job.params["batch"])
    content = _read(batch)
    try:
        sheet, plan = _plan(batch, content, progress, keep=True)
    except JobCancelled:
        batch.state = State.ABANDONED  # its owner stopped the check
        batch.save(update_fields=["state"])
        raise
    except FileRefused as error:
        batch.state = State.FAILED
        batch.file_error = " ".join(error.messages)
        batch.checked_at = timezone.now()
        batch.save()
        return {"batch": batch.pk, "state": batch.state}
    _store_report(batch, sheet, plan, content)
    batch.save()
    return {"batch": batch.pk, "state": batch.state, **batch.counts}


class _Refused(Exception):
    def __init__(self, sheet, plan):
        self.sheet, self.plan = sheet, plan


@job_kind(COMMIT)
def commit(job, progress) -> dict:
    """Check every row again (the records may have changed since the preview) and write them all in one
    transaction: any refusal, or any error while writing, and nothing of the batch stays."""
    batch = ImportBatch.objects.select_related("organization", "owner").get(pk=job.params["batch"])
    if batch.state != State.COMMITTING:
        return {"batch": batch.pk, "state": batch.state}
    content = _read(batch)
    kind = kind_for(batch.kind)
    try:
        with transaction.atomic(), figures_batch():  # counted once, at the end
            sheet, plan = _plan(batch, content, progress)
            if plan.errors:
                raise _Refused(sheet, plan)
            records = kind.apply(plan=plan, batch=batch, actor=batch.owner, reason=_history_reason(batch),
                                 progress=progress)
            insert_values(ImportRecord, ["batch_id", "model", "object_id", "row", "action", "changes"], [
                (batch.pk, r.model, r.object_id, r.row, r.action, r.changes) if isinstance(r, ImportRecord)
                else (batch.pk, kind.model_label, *r) for r in records])
            batch.state = State.COMMITTED
            batch.counts = plan.counts
            batch.committed_at = timezone.now()
            batch.committed_by = batch.owner
            batch.save()
    except _Refused as refused:
        batch.refresh_from_db()
        _store_report(batch, refused.sheet, refused.plan, content)
        batch.save()
        return {"batch": batch.pk, "state": batch.state}
    except (FileRefused, ValidationError) as error:
        batch.refresh_from_db()
        batch.state = State.FAILED
        batch.file_error = " ".join(error.messages)
        batch.save()
        return {"batch": batch.pk, "state": batch.state}
    except JobCancelled:
        batch.refresh_from_db()  # its owner stopped the import: nothing was written, it can be imported later
        batch.state = State.READY
        batch.save(update_fields=["state"])
        raise
    except Exception:
        batch.refresh_from_db()
        batch.state = State.FAILED
        batch.file_error = _("The import stopped because of an error and nothing was written; the administrator can "
                             "see it in the server log.")
        batch.save()
        raise
    return {"batch": batch.pk, "state": batch.state, **batch.counts}


def template_workbook(*, kind: str, user, organization) -> bytes:
    from .template import build_template

    buffer = io.BytesIO()
    build_template(kind_for(kind), user=user, organization=organization).save(buffer)
    return buffer.getvalue()
