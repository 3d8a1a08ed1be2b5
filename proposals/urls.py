from django.urls import include, path

from proposals import views
from proposals.attachments import views as attachment_views
from proposals.letters import views as letter_views
from proposals.pdf import views as pdf_views
from proposals.review import answer_views

app_name = "proposals"

urlpatterns = [
    path("", views.blueprint_list, name="list"),
    path("new/", views.blueprint_create, name="create"),
    path("review/", include("proposals.review.urls")),
    path("monitoring/", include("proposals.monitoring.urls")),
    path("<id:pk>/", views.blueprint_detail, name="detail"),
    path("<id:pk>/edit/", views.row_edit, {"kind": "header"}, name="edit"),
    path("<id:pk>/step/<slug:action>/", views.blueprint_transition, name="transition"),
    path("<id:pk>/next-year/", views.next_year_start, name="next_year"),
    path("<id:pk>/since-last-year/", views.since_last_year, name="since_last_year"),
    path("<id:pk>/submitted/<id:edition>/", views.snapshot_detail, name="snapshot"),
    path("<id:pk>/submitted/<id:edition>/json/", views.snapshot_json, name="snapshot_json"),
    path("<id:pk>/pdf/", pdf_views.blueprint_pdf, name="pdf"),
    path("<id:pk>/pdf/jobs/<uuid:job_id>/", pdf_views.draft_job, name="pdf_job"),
    path(
        "<id:pk>/pdf/jobs/<uuid:job_id>/download/",
        pdf_views.draft_job_download,
        name="pdf_job_download",
    ),
    path("<id:pk>/submitted/<id:edition>/pdf/", pdf_views.snapshot_pdf, name="snapshot_pdf"),
    path("verify/", pdf_views.pdf_verify, name="pdf_verify"),
    path("<id:pk>/letter/", letter_views.letter_page, name="letter"),
    path("<id:pk>/letter/office/", letter_views.letter_office, name="letter_office"),
    path("<id:pk>/letter/preview/", letter_views.letter_preview, name="letter_preview"),
    path(
        "<id:pk>/submitted/<id:edition>/letter/",
        letter_views.snapshot_letter,
        name="snapshot_letter",
    ),
    path("<id:pk>/sections/<slug:key>/assign/", views.section_assign, name="section_assign"),
    path("<id:pk>/sections/<slug:key>/status/", views.section_status, name="section_status"),
    path("<id:pk>/sections/<slug:key>/history/", views.section_history, name="section_history"),
    path("<id:pk>/sections/<slug:key>/compare/", views.section_diff, name="section_diff"),
    path(
        "<id:pk>/sections/<slug:key>/restore/<id:number>/",
        views.section_restore,
        name="section_restore",
    ),
    path("<id:pk>/answers/", answer_views.answers_page, name="answers"),
    path("<id:pk>/answers/<id:note_pk>/", answer_views.answer_save, name="answer_save"),
    path("<id:pk>/rows/<slug:kind>/new/", views.row_create, name="row_create"),
    path("<id:pk>/rows/<slug:kind>/<id:row_pk>/edit/", views.row_edit, name="row_edit"),
    path("<id:pk>/rows/<slug:kind>/<id:row_pk>/delete/", views.row_delete, name="row_delete"),
    path("<id:pk>/rows/<slug:kind>/<id:row_pk>/move/", views.row_move, name="row_move"),
    path("<id:pk>/attachments/", attachment_views.attachment_list, name="attachments"),
    path("<id:pk>/attachments/new/", attachment_views.attachment_upload, name="attachment_upload"),
    path(
        "<id:pk>/attachments/<id:attachment_pk>/",
        attachment_views.attachment_download,
        name="attachment",
    ),
    path(
        "<id:pk>/attachments/<id:attachment_pk>/remove/",
        attachment_views.attachment_remove,
        name="attachment_remove",
    ),
    # Participation: inbox, notifications, participants, inputs, workshops, comments, activity.
    path("", include("proposals.participation.urls")),
]
