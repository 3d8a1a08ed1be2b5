"""Participation in a Blueprint: agencies, their inputs, workshops, comments, notifications.

These models belong to the ``proposals`` app (imported at the end of
``proposals/models.py``) so that they migrate with the Blueprints they describe.

- :class:`Participant` — a line agency invited into a Blueprint, with its role and contact.
- :class:`AgencyInput`, :class:`InputItem` — what an agency proposes for a section assigned
  to it (new rows, changes to rows), submitted to the strategy office, which accepts it
  (merged into the Blueprint) or returns it with a reason.
- :class:`Workshop`, :class:`WorkshopInvitee`, :class:`WorkshopPoint` — the brainstorming
  meetings: who was invited and who came, agenda and minutes, the ideas and comments
  raised (an idea can become a change proposal or a risk).
- :class:`Comment`, :class:`CommentEdit`, :class:`CommentMention` — threaded comments on
  sections and rows, which remember the version of the row they spoke to.
- :class:`Notification`, :class:`NotificationPreference` — what people hear about, in the
  app and by e-mail (immediately or in a daily digest).
- :class:`ActivityEvent` — the Blueprint's activity feed (with its saves and workflow steps).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.models import Blueprint, ChangeProposal, Risk, Section, SectionKey
from strategies.models import Organisation

# --------------------------------------------------------------------------
# Participants
# --------------------------------------------------------------------------


class ParticipantRole(models.TextChoices):
    LEAD = "lead", _("Lead agency")
    SUPPORTING = "supporting", _("Supporting agency")


class Participant(models.Model):
    """A line agency taking part in drafting a Blueprint."""

    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ParticipantRole.choices,
        default=ParticipantRole.SUPPORTING,
    )
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_position = models.CharField(_("contact's position"), max_length=255, blank=True)
    contact_phone = models.CharField(_("contact's telephone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    # Personal data (PDPA): the contact is named to OPDC — in the submitted snapshot and
    # its PDF — only if they agreed; telephone and e-mail never leave the province.
    contact_consent = models.BooleanField(
        _("the contact agreed to be named to OPDC"),
        default=False,
        help_text=_(
            "Tick only if the contact person agreed that their name and position appear in "
            "the Blueprint submitted to OPDC. Telephone and e-mail are never submitted."
        ),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("participating agency")
        verbose_name_plural = _("participating agencies")
        ordering = ["blueprint_id", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "organisation"], name="proposals_participant_one_per_org"
            ),
            models.CheckConstraint(
                name="proposals_participant_role_valid",
                condition=Q(role__in=ParticipantRole.values),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


# --------------------------------------------------------------------------
# Agency inputs
# --------------------------------------------------------------------------


class InputStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class AgencyInput(models.Model):
    """What one agency proposes for one section assigned to it."""

    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="agency_inputs",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="inputs"
    )
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="blueprint_inputs",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InputStatus.choices, default=InputStatus.DRAFT
    )
    note = models.TextField(_("note to the strategy office"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The Blueprint revisions the accepted input became (first and last number).
    merged_first = models.PositiveIntegerField(_("first merged revision"), null=True, blank=True)
    merged_last = models.PositiveIntegerField(_("last merged revision"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("agency input")
        verbose_name_plural = _("agency inputs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "agency"],
                condition=Q(status="draft"),
                name="proposals_input_one_draft_per_section",
            ),
            models.CheckConstraint(
                name="proposals_input_status_valid", condition=Q(status__in=InputStatus.values)
            ),
            models.CheckConstraint(
                name="proposals_input_returned_has_reason",
                condition=~Q(status="returned") | ~Q(return_reason=""),
            ),
        ]

    def __str__(self):
        return f"{self.agency} → {self.section}"

    def get_absolute_url(self):
        return reverse("proposals:participation:input", args=[self.blueprint_id, self.pk])


class InputAction(models.TextChoices):
    ADD = "add", _("New row")
    CHANGE = "change", _("Change to a row")
    REMOVE = "remove", _("Removal of a row")


class InputItem(models.Model):
    """One proposed row of an agency input: a new row, the new text of an existing row, or
    the removal of an existing row (``data``/``display`` then hold the row as it was).

    ``data`` and ``display`` use the format of :class:`~proposals.models.Revision`
    (raw values to write, readable text to compare), so merging reuses the restore path.
    """

    input = models.ForeignKey(
        AgencyInput, verbose_name=_("agency input"), on_delete=models.CASCADE, related_name="items"
    )
    action = models.CharField(_("proposal"), max_length=10, choices=InputAction.choices)
    kind = models.CharField(_("kind of row"), max_length=20)
    target_id = models.PositiveBigIntegerField(_("row"), null=True, blank=True)
    target_version = models.PositiveIntegerField(_("row version"), null=True, blank=True)
    target_label = models.CharField(_("row"), max_length=500, blank=True)
    parent_id = models.PositiveBigIntegerField(_("belongs to"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict)
    display = models.JSONField(_("readable data"), default=dict)
    # The row's readable text when the change was drafted (to show what the agency changed
    # once the input is decided; until then it is compared with the row as it is now).
    base_display = models.JSONField(_("text before"), default=dict, blank=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("proposed row")
        verbose_name_plural = _("proposed rows")
        ordering = ["input_id", "pk"]
        constraints = [
            models.CheckConstraint(
                name="proposals_inputitem_action_valid",
                condition=Q(action__in=InputAction.values),
            ),
            models.CheckConstraint(
                name="proposals_inputitem_change_has_target",
                condition=Q(action="add") | Q(target_id__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.action} {self.kind} {self.target_id or ''}".strip()


# --------------------------------------------------------------------------
# Workshops
# --------------------------------------------------------------------------


class Workshop(models.Model):
    """A brainstorming meeting (การประชุมระดมสมอง) held for a Blueprint."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=500)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["blueprint_id", "-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="proposals_workshop_title_not_empty", condition=~Q(title="")
            ),
            models.CheckConstraint(
                name="proposals_workshop_ends_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:participation:workshop", args=[self.blueprint_id, self.pk])


class Attendance(models.TextChoices):
    INVITED = "invited", _("Not recorded")
    ATTENDED = "attended", _("Attended")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class WorkshopInvitee(models.Model):
    """One invitation to a workshop: a person, or an organisation's representative."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="invitees"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_invitations",
    )
    other_organisation = models.CharField(
        _("other organisation"),
        max_length=255,
        blank=True,
        help_text=_("For organisations outside the government (chamber of commerce, farmers…)."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person (user)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_invitations",
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.INVITED
    )

    class Meta:
        verbose_name = _("workshop invitee")
        verbose_name_plural = _("workshop invitees")
        ordering = ["workshop_id", "organisation__name", "other_organisation", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="proposals_invitee_has_organisation",
                condition=Q(organisation__isnull=False) | ~Q(other_organisation=""),
            ),
            models.CheckConstraint(
                name="proposals_invitee_attendance_valid",
                condition=Q(attendance__in=Attendance.values),
            ),
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=Q(user__isnull=False),
                name="proposals_invitee_user_once",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def organisation_name(self) -> str:
        """The organisation's name (uses ``organisation``: select it with the row)."""
        return self.organisation.name if self.organisation_id else self.other_organisation

    @property
    def display_name(self) -> str:
        """The person's name, or "representative" (uses ``user``: select it with the row)."""
        if self.name:
            return self.name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return str(_("Representative"))


class PointKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    COMMENT = "comment", _("Comment")


class PromotedTo(models.TextChoices):
    CHANGE = "change", _("Change proposal")
    RISK = "risk", _("Risk")


class WorkshopPoint(models.Model):
    """An idea or a comment raised at a workshop, linked to a section.

    An idea can become a change proposal or a risk; the link is kept both ways
    (``change_proposal.workshop_point`` / ``risk.workshop_point``). If that row is later
    removed, ``promoted_to`` still says what the idea became.
    """

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="points"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PointKind.choices)
    section = models.CharField(_("section"), max_length=20, choices=SectionKey.choices, blank=True)
    text = models.TextField(_("text"))
    raised_by = models.CharField(_("raised by"), max_length=255, blank=True)
    change_proposal = models.OneToOneField(
        ChangeProposal,
        verbose_name=_("change proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_point",
    )
    risk = models.OneToOneField(
        Risk,
        verbose_name=_("risk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_point",
    )
    promoted_to = models.CharField(
        _("became"), max_length=10, choices=PromotedTo.choices, blank=True
    )
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("promoted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("idea or comment raised")
        verbose_name_plural = _("ideas and comments raised")
        ordering = ["workshop_id", "pk"]
        constraints = [
            models.CheckConstraint(
                name="proposals_point_kind_valid", condition=Q(kind__in=PointKind.values)
            ),
            models.CheckConstraint(name="proposals_point_text_not_empty", condition=~Q(text="")),
            models.CheckConstraint(
                name="proposals_point_promoted_once",
                condition=Q(change_proposal__isnull=True) | Q(risk__isnull=True),
            ),
            models.CheckConstraint(
                name="proposals_point_only_ideas_promoted",
                condition=Q(kind="idea") | Q(promoted_to=""),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_promoted(self) -> bool:
        return bool(self.promoted_to)


# --------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------


class Comment(models.Model):
    """A comment on a section (or one row of it); replies hang from a thread's first comment.

    A comment on a row keeps the row's kind, id, label and version at the time, so it
    still says what it spoke to after the row is changed or removed.
    """

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="comments"
    )
    section = models.CharField(_("section"), max_length=20, choices=SectionKey.choices)
    row_kind = models.CharField(_("kind of row"), max_length=20, blank=True)
    row_id = models.PositiveBigIntegerField(_("row"), null=True, blank=True)
    row_version = models.PositiveIntegerField(_("row version"), null=True, blank=True)
    row_label = models.CharField(_("row"), max_length=500, blank=True)
    # The section's latest revision when the comment was written (to compare with later).
    revision_number = models.PositiveIntegerField(_("revision"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="blueprint_comments",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["blueprint", "section"], name="proposals_comment_section_idx"),
            models.Index(
                fields=["blueprint", "row_kind", "row_id"], name="proposals_comment_row_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(name="proposals_comment_body_not_empty", condition=~Q(body="")),
            models.CheckConstraint(
                name="proposals_comment_row_complete",
                condition=(Q(row_kind="") & Q(row_id__isnull=True))
                | (~Q(row_kind="") & Q(row_id__isnull=False)),
            ),
            models.CheckConstraint(
                name="proposals_comment_only_threads_resolved",
                condition=Q(parent__isnull=True) | Q(resolved_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.body[:80]

    def get_absolute_url(self):
        thread = self.parent_id or self.pk
        url = reverse("proposals:participation:comments", args=[self.blueprint_id])
        return f"{url}?section={self.section}&thread={thread}#comment-{thread}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class CommentEdit(models.Model):
    """The text a comment had before an edit (the edit is shown with the comment)."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="edits"
    )
    body = models.TextField(_("previous text"))
    edited_at = models.DateTimeField(_("edited at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment edit")
        verbose_name_plural = _("comment edits")
        ordering = ["comment_id", "edited_at", "pk"]

    def __str__(self):
        return f"{self.comment_id} @ {self.edited_at}"


class CommentMention(models.Model):
    """A person (``@username``) or an agency (``@agency-code``) mentioned in a comment."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="mentions"
    )
    token = models.CharField(_("mention"), max_length=160)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.CheckConstraint(
                name="proposals_mention_one_target",
                condition=(Q(user__isnull=False) & Q(organisation__isnull=True))
                | (Q(user__isnull=True) & Q(organisation__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["comment", "token"], name="proposals_mention_once_per_comment"
            ),
        ]

    def __str__(self):
        return f"@{self.token}"


# --------------------------------------------------------------------------
# Notifications
# --------------------------------------------------------------------------


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    INPUT_SUBMITTED = "input_submitted", _("Input submitted")
    INPUT_ACCEPTED = "input_accepted", _("Input accepted")
    INPUT_RETURNED = "input_returned", _("Input returned")
    MENTIONED = "mentioned", _("Mentioned")
    REPLY = "reply", _("Reply to a thread")
    DEADLINE = "deadline", _("Deadline in 3 days")
    STATE_CHANGED = "state_changed", _("Blueprint changed state")
    WORKSHOP_INVITED = "workshop_invited", _("Invited to a workshop")
    WORKSHOP_REMINDER = "workshop_reminder", _("Workshop tomorrow")
    RESULTS_DUE = "results_due", _("Quarterly results due")
    RESULTS_OVERDUE = "results_overdue", _("Quarterly results overdue")
    TARGET_CHANGE = "target_change", _("Target change requested")


class EmailState(models.TextChoices):
    PENDING = "pending", _("To be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (will be retried)")
    SKIPPED = "skipped", _("Not sent")


class Notification(models.Model):
    """Something a person should hear about: stored first, e-mailed after commit.

    The text is built when shown (in the reader's language) from ``kind`` and ``data``.
    ``email_state`` stays *pending* or *failed* until an e-mail went out, so that a
    failure to send never loses the event (``send_pending_notifications`` retries).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(_("data"), default=dict)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Events that must reach a person once only (deadline reminders) carry a key.
    dedupe_key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.TextField(_("last e-mail error"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="proposals_notif_unread_idx"),
            models.Index(fields=["email_state"], name="proposals_notif_email_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="proposals_notification_once_per_key",
            ),
            models.CheckConstraint(
                name="proposals_notification_kind_valid",
                condition=Q(kind__in=NotificationKind.values),
            ),
            models.CheckConstraint(
                name="proposals_notification_email_state_valid",
                condition=Q(email_state__in=EmailState.values),
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.kind} {self.created_at:%Y-%m-%d}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("Once a day (daily digest)")
    OFF = "off", _("Off (listed here, never e-mailed)")


class NotificationPreference(models.Model):
    """How one person wants their notifications e-mailed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_mode = models.CharField(
        _("e-mail me"), max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    # Per kind of event ({kind: mode}); a kind not in it follows ``email_mode``.
    kind_modes = models.JSONField(_("per kind of event"), default=dict, blank=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                name="proposals_notifpref_mode_valid",
                condition=Q(email_mode__in=EmailMode.values),
            ),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.email_mode}"

    def mode_for(self, kind: str) -> str:
        """How this person wants ``kind`` of notification e-mailed."""
        mode = (self.kind_modes or {}).get(kind)
        return mode if mode in EmailMode.values else self.email_mode


# --------------------------------------------------------------------------
# Activity
# --------------------------------------------------------------------------


class ActivityEvent(models.Model):
    """One thing someone did in a Blueprint's participation (saves and workflow steps are
    read from :class:`~proposals.models.Revision` and :class:`~proposals.models.Transition`)."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="activity"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=40)
    data = models.JSONField(_("data"), default=dict)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["blueprint", "created_at"], name="proposals_activity_bp_idx"),
        ]

    def __str__(self):
        return f"{self.blueprint_id} {self.verb}"
