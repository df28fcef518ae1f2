"""What the notifications app does at the hooks of the apps below it (registered in NotificationsConfig.ready())."""

from django.db import transaction
from django.utils import timezone

from . import services


def notice_given(*, meeting, members, actor=None, **kwargs) -> None:
    """meetings.hooks.notice_given: e-mail the notice once the notice service's transaction has committed (nothing
    is sent when it rolls back; a mail server that fails is logged, never a refusal of the notice)."""
    meeting_id, member_ids, day = meeting.pk, [m.pk for m in members], timezone.localdate()

    def send_notice() -> None:  # a named function: Django logs a robust callback's failure by its name
        services.notice_send(meeting_id=meeting_id, member_ids=member_ids, actor=actor, day=day)

    transaction.on_commit(send_notice, robust=True)
