"""URLs of participation, under ``/blueprints/`` (namespace ``proposals:participation``)."""

from django.urls import path

from proposals.participation import calendar_views, mention_views, views

app_name = "participation"

WORKSHOP = "<id:pk>/workshops/<id:workshop_pk>/"
INPUT = "<id:pk>/inputs/<id:input_pk>/"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/bell/", views.notification_bell, name="bell"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("notifications/<id:pk>/read/", views.notification_read, name="notification_read"),
    path("<id:pk>/participation/", views.hub, name="hub"),
    path("<id:pk>/participants/add/", views.participant_add, name="participant_add"),
    path(
        "<id:pk>/participants/<id:participant_pk>/edit/",
        views.participant_edit,
        name="participant_edit",
    ),
    path(
        "<id:pk>/participants/<id:participant_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<id:pk>/sections/<slug:key>/inputs/new/", views.input_start, name="input_start"),
    path("<id:pk>/inputs/", views.input_list, name="inputs"),
    path(INPUT, views.input_detail, name="input"),
    path(INPUT + "rows/<slug:kind>/new/", views.input_item_add, name="input_item_add"),
    path(
        INPUT + "rows/<slug:kind>/<id:row_pk>/change/",
        views.input_item_change,
        name="input_item_change",
    ),
    path(INPUT + "items/<id:item_pk>/remove/", views.input_item_remove, name="input_item_remove"),
    path(INPUT + "submit/", views.input_submit, name="input_submit"),
    path(INPUT + "discard/", views.input_discard, name="input_discard"),
    path(INPUT + "rework/", views.input_rework, name="input_rework"),
    path(INPUT + "accept/", views.input_accept, name="input_accept"),
    path(INPUT + "return/", views.input_return, name="input_return"),
    path("<id:pk>/workshops/", views.workshop_list, name="workshops"),
    path("<id:pk>/workshops/new/", views.workshop_create, name="workshop_create"),
    path(WORKSHOP, views.workshop_detail, name="workshop"),
    path(WORKSHOP + "edit/", views.workshop_edit, name="workshop_edit"),
    path(WORKSHOP + "invitation.ics", calendar_views.workshop_ics, name="workshop_ics"),
    path(WORKSHOP + "invite/", views.workshop_invite, name="workshop_invite"),
    path(
        WORKSHOP + "invite-participants/",
        views.workshop_invite_participants,
        name="workshop_invite_participants",
    ),
    path(
        WORKSHOP + "invitees/<id:invitee_pk>/attendance/",
        views.invitee_attendance,
        name="invitee_attendance",
    ),
    path(
        WORKSHOP + "invitees/<id:invitee_pk>/remove/",
        views.invitee_remove,
        name="invitee_remove",
    ),
    path(
        WORKSHOP + "invitees/<id:invitee_pk>/erase/",
        views.invitee_erase,
        name="invitee_erase",
    ),
    path(WORKSHOP + "points/new/", views.point_add, name="point_add"),
    path(WORKSHOP + "points/<id:point_pk>/promote/", views.point_promote, name="point_promote"),
    path(WORKSHOP + "points/<id:point_pk>/remove/", views.point_remove, name="point_remove"),
    path("<id:pk>/comments/", views.comment_threads, name="comments"),
    path(
        "<id:pk>/comments/mentions/", mention_views.mention_suggestions, name="mention_suggestions"
    ),
    path("<id:pk>/comments/<id:comment_pk>/reply/", views.comment_reply, name="comment_reply"),
    path("<id:pk>/comments/<id:comment_pk>/edit/", views.comment_edit, name="comment_edit"),
    path(
        "<id:pk>/comments/<id:comment_pk>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path("<id:pk>/activity/", views.activity, name="activity"),
]
