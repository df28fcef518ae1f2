"""Pages of the Bloc's meeting process: every version of each kind, a version's steps and history, and the
draft → publish cycle for whoever issues the process."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.history import history_entries
from core.scope import VIEW, scope_for
from core.views import run_service

from . import processes
from .forms import ProcessDraftForm, ProcessPublishForm, ProcessStepFormSet
from .models import MeetingKind, ProcessTemplate


def _viewer(user) -> None:
    if not scope_for(user).can(VIEW):
        raise PermissionDenied


def _publisher(user) -> None:
    if not processes.can_publish_process(user):
        raise PermissionDenied


@login_required
def process_list(request):
    _viewer(request.user)
    versions = processes.process_versions(request.user)
    return render(request, "meetings/processes.html", {
        "kinds": [(MeetingKind(kind), rows) for kind, rows in versions.items()],
        "can_publish": processes.can_publish_process(request.user), "title": _("Meeting process"),
    })


@login_required
def process_detail(request, pk):
    _viewer(request.user)
    template = get_object_or_404(ProcessTemplate.objects.select_related("issued_by"), pk=pk)
    can_publish = processes.can_publish_process(request.user)
    if not template.is_published and not can_publish:
        raise Http404  # a draft is the issuer's working copy
    return render(request, "meetings/process_detail.html", {
        "template": template, "steps": list(template.steps.order_by("order")),
        "meetings": template.meetings.count(), "history": history_entries(template),
        "can_publish": can_publish, "publish_form": ProcessPublishForm(initial={
            "decision_number": template.decision_number}) if not template.is_published else None,
        "title": str(template),
    })


@login_required
@require_POST
def process_new(request):
    _publisher(request.user)
    try:
        draft = processes.process_draft(actor=request.user, kind=request.POST.get("kind", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:processes")
    return redirect("meetings:process_edit", pk=draft.pk)


def _step_rows(formset) -> list[dict]:
    rows = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append((data.get("order") or 100 + index, index, data))
    return [data for _order, _index, data in sorted(rows, key=lambda r: (r[0], r[1]))]


@login_required
def process_edit(request, pk):
    _publisher(request.user)
    template = get_object_or_404(ProcessTemplate, pk=pk)
    if template.is_published:
        messages.info(request, _("Version %(version)s is published: it can no longer change. Prepare a new version.")
                      % {"version": template.version})
        return redirect("meetings:process_detail", pk=template.pk)
    initial_steps = [{"order": s.order, "code": s.code, "title": s.title, "guidance": s.guidance,
                      "required": s.required} for s in template.steps.order_by("order")]
    form = ProcessDraftForm(request.POST or None, initial={"title": template.title,
                                                          "decision_number": template.decision_number,
                                                          "note": template.note})
    steps = ProcessStepFormSet(request.POST or None, initial=initial_steps, prefix="steps")
    if request.method == "POST":
        if steps.is_valid():
            response = run_service(request, form, lambda d: processes.process_update_draft(
                actor=request.user, template=template, title=d["title"], decision_number=d["decision_number"],
                note=d["note"], steps=_step_rows(steps), reason=d.get("reason", "")),
                success_message=_("The draft is saved."),
                success_url=reverse("meetings:process_detail", args=[template.pk]))
            if response:
                return response
        else:
            form.is_valid()
    return render(request, "meetings/process_edit.html", {"template": template, "form": form, "steps": steps,
                                                          "title": _("Edit the draft")})


@login_required
@require_POST
def process_publish(request, pk):
    _publisher(request.user)
    template = get_object_or_404(ProcessTemplate, pk=pk)
    form = ProcessPublishForm(request.POST)
    response = run_service(request, form, lambda d: processes.process_publish(
        actor=request.user, template=template, published_on=d["published_on"],
        decision_number=d["decision_number"], reason=d.get("reason", "")),
        success_message=_("The new version is published."),
        success_url=reverse("meetings:process_detail", args=[template.pk]))
    if response:
        return response
    return render(request, "meetings/process_detail.html", {
        "template": template, "steps": list(template.steps.order_by("order")), "meetings": 0,
        "history": history_entries(template), "can_publish": True, "publish_form": form, "title": str(template),
    })


@login_required
@require_POST
def process_discard(request, pk):
    _publisher(request.user)
    template = get_object_or_404(ProcessTemplate, pk=pk)
    try:
        processes.process_discard(actor=request.user, template=template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:process_detail", pk=template.pk)
    messages.success(request, _("The draft is discarded."))
    return redirect("meetings:processes")
