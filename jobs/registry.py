"""The kinds of background job: each is a handler registered under a name, `handler(job, progress) -> dict | None`.

    @job_kind("imports.preview", title=_("Check an import file"))
    def preview(job, progress):
        for i, row in enumerate(rows, 1):
            progress(i, len(rows), _("Checking the rows"))   # may raise JobCancelled
        return {"rows": len(rows)}                            # stored as job.result

`progress(done, total=None, message="")` is jobs.runner.Progress: it writes at most every half second (and at
done == total) where another connection can read it, even from inside the handler's own transaction, and raises
JobCancelled once the job's owner has cancelled it. A ValidationError raised by the handler fails the job with its
messages; any other exception fails it with a general message, the traceback going to the server log.
"""

from collections.abc import Callable
from dataclasses import dataclass


class JobCancelled(Exception):
    """Raised by progress() when the job was cancelled (or taken from this run): the handler stops there."""


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Callable
    title: object = None  # what the kind does, for people (a lazy translation); optional


kinds: dict[str, JobKind] = {}


def job_kind(name: str, *, title=None):
    """Register the decorated function as the handler of jobs of kind `name` (registering it again is a no-op; two
    different handlers under one name is a programming error)."""

    def decorator(handler: Callable) -> Callable:
        known = kinds.get(name)
        if known is not None and known.handler is not handler and _qualname(known.handler) != _qualname(handler):
            raise ValueError(f"job kind {name!r} is registered twice")
        kinds[name] = JobKind(name, handler, title)
        return handler

    return decorator


def _qualname(handler: Callable) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def handler_for(name: str) -> Callable:
    """The handler of a kind; KeyError for a kind this process does not know."""
    return kinds[name].handler


def kind_title(name: str):
    kind = kinds.get(name)
    return kind.title if kind is not None and kind.title else name
