"""What an import would do, row by row — shared by the action-plan and agency-input imports."""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategies.excel.reading import Problem

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTION_LABELS = {
    CREATE: _("New"),
    UPDATE: _("Changed"),
    UNCHANGED: _("Unchanged"),
    ERROR: _("Error"),
}


class ImportRefused(Exception):
    """Nothing was written; ``message`` says why and ``problems`` list what to fix."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class ImportStale(ImportRefused):
    """What the person previewed is no longer what would be applied."""


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowResult:
    row: int | None  # Excel row number
    code: str
    label: str
    action: str = UNCHANGED
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    key: object = None  # identity (a code tuple, a row id…)
    values: dict = field(default_factory=dict)  # parsed values, by model field
    refs: dict = field(default_factory=dict)  # model field (or year) → cell address
    obj: object = None  # the existing row, if any
    version: int | None = None  # the row's version when the file was exported, if given
    note: str = ""  # why a row is left as it is (read-only, saved since the download…)

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]

    def add(self, ref, message) -> None:
        if message:
            self.problems.append(Problem(ref, str(message)))


@dataclass
class SheetResult:
    key: str
    title: str  # the template's Thai name
    found_as: str = ""  # the name in the file, empty when the file has no such sheet
    problems: list[Problem] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    left_alone: int = 0  # rows in the database that the sheet does not mention
    read_only: bool = False  # the person may not change this sheet: shown, never imported

    def count(self, action) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTION_LABELS}

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or any(row.action == ERROR for row in self.rows)

    @property
    def visible_rows(self):
        """Rows that change something or need fixing, first the errors."""
        order = {ERROR: 0, CREATE: 1, UPDATE: 2}
        rows = [row for row in self.rows if row.action != UNCHANGED]
        return sorted(rows, key=lambda row: (order[row.action], row.row or 0))

    @property
    def unchanged_rows(self):
        return [row for row in self.rows if row.action == UNCHANGED]


@dataclass
class Preview:
    sheets: list[SheetResult]
    problems: list[Problem] = field(default_factory=list)  # the workbook as a whole
    ignored: list[str] = field(default_factory=list)  # sheet names not recognised
    fingerprint: str = ""
    state: object = None  # what the preview was compared with (used when applying)

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or any(sheet.has_errors for sheet in self.sheets)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATE, UPDATE, UNCHANGED, ERROR), 0)
        for sheet in self.sheets:
            for row in sheet.rows:
                counts[row.action] += 1
        return counts

    @property
    def error_count(self) -> int:
        return (
            len(self.problems)
            + sum(len(sheet.problems) for sheet in self.sheets)
            + sum(len(row.problems) for sheet in self.sheets for row in sheet.rows)
        )

    @property
    def has_changes(self) -> bool:
        counts = self.counts
        return bool(counts[CREATE] or counts[UPDATE])

    @property
    def can_apply(self) -> bool:
        return self.has_changes and not self.has_errors

    @property
    def quiet_sheets(self) -> list[SheetResult]:
        """Sheets that change nothing and need nothing: absent from the file, or empty (but
        not the sheets the person may not change: they are not theirs to fill)."""
        return [
            sheet
            for sheet in self.sheets
            if not sheet.rows and not sheet.problems and not sheet.read_only
        ]

    def sheet(self, key) -> SheetResult:
        return next(sheet for sheet in self.sheets if sheet.key == key)


def fingerprint(*parts) -> str:
    """A stable hash of what a preview was computed from (file and database state)."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def mark_applied(batch, preview: "Preview") -> dict[str, int]:
    """Record on the import ``batch`` that ``preview`` was applied, and return its counts
    (the summary every import page shows): one place for the plan, agency and results
    imports."""
    counts = preview.counts
    summary = {"created": counts[CREATE], "updated": counts[UPDATE], "unchanged": counts[UNCHANGED]}
    batch.applied_at = timezone.now()
    batch.summary = summary
    batch.save(update_fields=["applied_at", "summary"])
    return summary
