"""Cell meetings: the Bloc's process templates (versioned), each meeting held from one of them, its
attendance, guests, documents, the content of each agenda step, and its resolution."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.files import GeneratedName
from core.versions import Versioned


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular (monthly)")
    THEMATIC = "thematic", _("Thematic")
    EXTRAORDINARY = "extraordinary", _("Extraordinary")


class ProcessTemplate(Versioned, models.Model):
    """The standard process of one kind of meeting. A published version is frozen: the Bloc publishes a new
    version instead, and each meeting keeps the version it was held under."""

    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    issued_by = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("issued by"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True,
                                    help_text=_("Empty while the version is a draft."))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("process template")
        verbose_name_plural = _("process templates")
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="meetings_template_kind_version")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:process_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class StepCode(models.TextChoices):
    """The agenda steps RULES.md lists; a template orders them and words their guidance."""

    GUESTS = "guests", _("Guests introduced")
    ATTENDANCE = "attendance", _("Attendance")
    AGENDA = "agenda", _("Agenda approved")
    MEETING_SECRETARY = "meeting_secretary", _("Secretary of the meeting chosen")
    NEWS = "news", _("News")
    PREVIOUS_RESOLUTION = "previous_resolution", _("Review of last month's resolution")
    TOPIC = "topic", _("Thematic topic")
    DISCUSSION = "discussion", _("Discussion")
    TASKS = "tasks", _("Tasks for the coming month")
    VOTE = "vote", _("Vote on the resolution")
    ADMISSIONS = "admissions", _("Admissions and full membership when due")
    DUES = "dues", _("Party dues")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment of the meeting")
    MINUTES = "minutes", _("Minutes approved")
    OTHER = "other", _("Other")


class ProcessStep(models.Model):
    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="steps",
                                 verbose_name=_("process template"))
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("step"), max_length=30, choices=StepCode.choices)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        constraints = [models.UniqueConstraint(fields=["template", "order"], name="meetings_step_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Meeting(Versioned, models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Closed (minutes approved)")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="meetings",
                                     verbose_name=_("cell"))
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    template = models.ForeignKey(ProcessTemplate, on_delete=models.PROTECT, related_name="meetings",
                                 verbose_name=_("process template"))
    period = models.DateField(_("for the month"), help_text=_("The first day of the month the meeting belongs to."))
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    planned_on = models.DateField(_("planned on"))
    planned_at = models.TimeField(_("planned at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    notice_sent_on = models.DateField(_("notice sent on"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    started_at = models.TimeField(_("started at"), null=True, blank=True)
    ended_at = models.TimeField(_("ended at"), null=True, blank=True)
    chair = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("chair"))
    minute_taker = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("minute-taker"))
    resolution = models.TextField(_("resolution"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), null=True, blank=True)
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    is_pilot = models.BooleanField(_("cluster pilot"), default=False,
                                   help_text=_("A thematic meeting piloted for its cluster, with observers."))
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True)
    # The minutes' number ("Số 05-BB/CB"), given when they are approved: from 01 in each series, a series being the
    # cell's term in force on the day of the meeting (RULES.md: numbers restart each committee term) or, for a cell
    # with no term recorded, the calendar year.
    minutes_number = models.PositiveIntegerField(_("minutes number"), null=True, blank=True)
    minutes_series = models.CharField(_("numbering series"), max_length=20, blank=True, help_text=_(
        "term-<id> (the cell's term) or year-<yyyy> (no term recorded)."))
    minutes_reference = models.CharField(_("number and symbol of the minutes"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "-planned_on"]
        verbose_name = _("cell meeting")
        verbose_name_plural = _("cell meetings")
        indexes = [
            models.Index(fields=["organization", "period", "kind"]),
            # a month's meetings of one kind, cell by cell, with their status: which cells have planned the month's
            # meeting is read from the index alone, in the cells' order
            models.Index(fields=["period", "kind", "organization", "status"], name="meetings_period_cells"),
            # the to-do of those who run meetings counts the meetings still open (planned, or held without their
            # minutes closed): a few per cell among a year's closed ones
            models.Index(fields=["status", "planned_on"], name="meetings_open",
                         condition=Q(status__in=["planned", "held"])),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(period__day=1), name="meetings_period_first_of_month"),
            models.UniqueConstraint(fields=["organization", "minutes_series", "minutes_number"],
                                    condition=Q(minutes_number__isnull=False), name="meetings_one_minutes_number"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organization} ({self.period:%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def minutes(self) -> int | None:
        """Length in minutes (a meeting ends the day it starts)."""
        if not (self.started_at and self.ended_at):
            return None
        start = self.started_at.hour * 60 + self.started_at.minute
        end = self.ended_at.hour * 60 + self.ended_at.minute
        return end - start


class AgendaEntry(models.Model):
    """What was said or decided at one step of the meeting's process (the step's title is copied: the
    template may change later, the record must not)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="entries")
    step = models.ForeignKey(ProcessStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("step"), max_length=30, choices=StepCode.choices)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="meetings_entry_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    class Presence(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Absent with reason")
        ABSENT = "absent", _("Absent without reason")
        EXEMPT = "exempt", _("Exempt from meetings")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendance",
                               verbose_name=_("member"))
    presence = models.CharField(_("attendance"), max_length=20, choices=Presence.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    member_status = models.CharField(_("membership"), max_length=20, help_text=_(
        "Full or probationary on the day, as counted in the minutes."))
    temporary = models.BooleanField(_("on temporary transfer here"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "member__name_sort"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="meetings_one_attendance_each")]
        indexes = [models.Index(fields=["member", "presence"])]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_presence_display()}"


class Guest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("position, organisation"), max_length=300, blank=True)
    member = models.ForeignKey("members.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               help_text=_("When the guest is a member of this installation (a visiting cadre)."))
    observer_from = models.ForeignKey("organizations.Organization", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("observer from"),
                                      help_text=_("For a cluster pilot: the organisation the observer comes from."))

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.name


class MeetingDocument(Versioned, models.Model):
    """A document of a meeting (agenda, draft resolution, report...) as a file or a link, with the day it reached
    the members: the quality benchmark judges that day. Never deleted: a document sent by mistake is withdrawn,
    with the reason, and no longer counts nor shows to members."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    # Stored under a generated name (core.files): what the user called the file is kept apart, for the download.
    file = models.FileField(_("file"), upload_to=GeneratedName("meetings"), blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True,
                                 help_text=_("The name the file was uploaded under; it is downloaded under it."))
    link = models.URLField(_("link (e-handbook)"), blank=True)
    available_on = models.DateField(_("made available to members on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "available_on", "id"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Where the document opens: the file through its scoped view (never MEDIA_ROOT), or the link."""
        return reverse("meetings:document", args=[self.pk]) if self.file else self.link

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


class WorkingGroup(Versioned, models.Model):
    """A working group of the superior committee that attends cell meetings (led by a deputy secretary)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="working_groups", verbose_name=_("formed by"))
    name = models.CharField(_("name"), max_length=200)
    leader = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("leader"))
    members = models.ManyToManyField("members.Member", blank=True, related_name="working_groups",
                                     verbose_name=_("members"))
    established_on = models.DateField(_("established on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:group", args=[self.pk])


class Visit(Versioned, models.Model):
    """A working group's visit to a cell meeting: planned, then recorded with what it saw and advised."""

    class Assessment(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        WEAK = "weak", _("Needs improvement")

    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="visits",
                              verbose_name=_("working group"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="visits",
                                     verbose_name=_("cell visited"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="visits",
                                verbose_name=_("meeting attended"))
    planned_on = models.DateField(_("planned on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    attendees = models.ManyToManyField("members.Member", blank=True, related_name="+", verbose_name=_("attended by"))
    observations = models.TextField(_("observations"), blank=True)
    assessment = models.CharField(_("assessment"), max_length=20, choices=Assessment.choices, blank=True)
    recommendations = models.TextField(_("recommendations to the cell"), blank=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-planned_on", "id"]
        verbose_name = _("working-group visit")
        verbose_name_plural = _("working-group visits")
        indexes = [models.Index(fields=["visited_on"])]

    def __str__(self) -> str:
        return f"{self.group} — {self.organization} ({self.planned_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:visit", args=[self.pk])


class CellMonth(models.Model):
    """What compliance reads of one cell's month, kept by meetings.figures from its meetings, their attendance and
    documents (each held meeting judged against the benchmark as on the meeting's page): a province's year is
    36,000 of these rows instead of 50,000 meetings and 700,000 attendance rows judged on every view. Only months
    with a meeting not cancelled have a row; what depends on the day the report is read (a month over or not, the
    rules asking how many meetings, how long a run of excused absences may be) is judged when it is read."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # a first of month: the meetings' period
    regular_held = models.PositiveSmallIntegerField(default=0)  # regular meetings held or closed
    first_held = models.BigIntegerField(null=True)  # the first of them (planned_on, id): the month's link
    first_planned = models.BigIntegerField(null=True)  # the first regular meeting still planned
    thematic_held = models.PositiveSmallIntegerField(default=0)  # held with a date: thematic, or a regular with a topic
    present = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    judged = models.PositiveSmallIntegerField(default=0)  # meetings held with a date, judged
    good = models.PositiveSmallIntegerField(default=0)  # of those, meeting the benchmark
    # {member id: [their run of excused absences at each judged meeting of the month they were excused at, in order]}
    runs = models.JSONField(default=dict)
    longest_run = models.PositiveSmallIntegerField(default=0)  # the longest of them: most months need no runs read

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="meetings_one_cell_month")]
        # a month of a province: that month's rows first, then the province's cells among them
        indexes = [models.Index(fields=["month", "organization"], name="meetings_cellmonth_month")]

    FIELDS = ("regular_held", "first_held", "first_planned", "thematic_held", "present", "expected", "judged", "good",
              "runs", "longest_run")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%m/%Y}"

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS)
