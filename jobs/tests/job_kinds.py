"""Job kinds for the tests only, registered when this module is imported: by the tests, and by the worker the
worker tests start (jobs.tests.worker). Production never imports it."""

import os
import threading
import time

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from jobs.registry import job_kind
from jobs.services import job_save_result

STEPS = "jobs.test.steps"  # params: steps, delay — one progress() per step, sleeping `delay` seconds in each
FAIL = "jobs.test.fail"
REFUSE = "jobs.test.refuse"
FILE = "jobs.test.file"  # params: text — the result file
ATOMIC = "jobs.test.atomic"  # params: steps, delay — a group per step, all in one transaction (an import's shape)

# In-process tests hold a job inside its transaction until they have looked at it from outside (job id -> event).
gates: dict[int, threading.Event] = {}


@job_kind(STEPS)
def steps(job, progress):
    count, delay = int(job.params.get("steps", 3)), float(job.params.get("delay", 0))
    progress(0, count, "Bắt đầu")
    for step in range(1, count + 1):
        time.sleep(delay)
        progress(step, count, f"Bước {step}")
    return {"steps": count, "pid": os.getpid(), "attempt": job.attempts}


@job_kind(FAIL)
def fail(job, progress):
    progress(1, 2)
    raise RuntimeError("a bug in the handler")


@job_kind(REFUSE)
def refuse(job, progress):
    raise ValidationError(["Dòng 3: thiếu họ và tên.", "Dòng 7: ngày sinh không hợp lệ."])


@job_kind(FILE)
def file(job, progress):
    job_save_result(job=job, name="ket-qua.txt", content=job.params.get("text", "").encode())
    return {"written": True}


@job_kind(ATOMIC)
def atomic(job, progress):
    count, delay = int(job.params.get("steps", 3)), float(job.params.get("delay", 0))
    with transaction.atomic():
        for step in range(1, count + 1):
            Group.objects.create(name=f"job-{job.pk}-{step}")
            progress(step, count, f"Bước {step}")
            time.sleep(delay)
            if step == 1 and job.pk in gates:
                gates[job.pk].wait(30)
    return {"groups": count, "pid": os.getpid()}
