"""Views of participation, one module per sub-feature. Thin: check access, call a service,
redirect or render.

- :mod:`.notifications` — the inbox, notifications and their settings;
- :mod:`.hub` — a Blueprint's participation page, its participants, the activity feed;
- :mod:`.inputs` — agency inputs; :mod:`.workshops` — workshops, invitees, points;
- :mod:`.comments` — comment threads; :mod:`.shared` — what they share.

Access (decided in :mod:`proposals.access`, re-checked in the services):

- everyone who reads a Blueprint's working copy (the province's editors, viewers and
  line-agency contributors) sees its participation page, workshops, comment threads,
  activity feed and submitted inputs, and may comment; OPDC reviewers get 403 (they see
  only what was submitted) and strangers to the province 404;
- the strategy office (editors) manages participants and workshops and decides inputs;
- an agency's contributors draft and submit inputs to the sections assigned to it, and
  see their own drafts (others get 403);
- notifications and preferences belong to their person only (another's: 404).

Every change is POST-only with CSRF; an HTMX request gets the changed fragment back,
any other request a redirect, so everything works without JavaScript.
"""

from proposals.participation.views.comments import (
    comment_edit,
    comment_reply,
    comment_resolve,
    comment_threads,
)
from proposals.participation.views.hub import (
    activity,
    hub,
    participant_add,
    participant_edit,
    participant_remove,
)
from proposals.participation.views.inputs import (
    input_accept,
    input_detail,
    input_discard,
    input_item_add,
    input_item_change,
    input_item_remove,
    input_list,
    input_return,
    input_rework,
    input_start,
    input_submit,
)
from proposals.participation.views.notifications import (
    inbox,
    notification_bell,
    notification_list,
    notification_read,
    notification_settings,
    notifications_read_all,
)
from proposals.participation.views.workshops import (
    invitee_attendance,
    invitee_erase,
    invitee_remove,
    point_add,
    point_promote,
    point_remove,
    workshop_create,
    workshop_detail,
    workshop_edit,
    workshop_invite,
    workshop_invite_participants,
    workshop_list,
)

__all__ = [
    "activity",
    "comment_edit",
    "comment_reply",
    "comment_resolve",
    "comment_threads",
    "hub",
    "inbox",
    "input_accept",
    "input_detail",
    "input_discard",
    "input_list",
    "input_item_add",
    "input_item_change",
    "input_item_remove",
    "input_return",
    "input_rework",
    "input_start",
    "input_submit",
    "invitee_attendance",
    "invitee_erase",
    "invitee_remove",
    "notification_bell",
    "notification_list",
    "notification_read",
    "notification_settings",
    "notifications_read_all",
    "participant_add",
    "participant_edit",
    "participant_remove",
    "point_add",
    "point_promote",
    "point_remove",
    "workshop_create",
    "workshop_detail",
    "workshop_edit",
    "workshop_invite",
    "workshop_invite_participants",
    "workshop_list",
]
