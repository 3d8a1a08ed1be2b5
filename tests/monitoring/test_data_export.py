"""The results as CSV, XLSX and JSON with a data dictionary — for whoever reads the board,
and only what they read."""

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from proposals.monitoring import services
from proposals.monitoring.models import ReportingPeriod

FAR = datetime.date(2099, 1, 1)


@pytest.fixture
def entered(world, chain):
    period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=FAR
    )
    services.actual_save(
        user=world.contributor,
        indicator=chain["indicator"],
        period=period,
        value=Decimal("12.5"),
        note="=HYPERLINK(1)",
    )
    return period


def url(world, fmt):
    return reverse("proposals:monitoring:data_export", args=[world.province.pk, fmt]) + "?year=2548"


def test_json_has_rows_and_the_dictionary(world, chain, entered, client_for):
    response = client_for(world.viewer).get(url(world, "json"))
    document = json.loads(response.content)
    keys = {item["key"] for item in document["dictionary"]}
    assert {"value", "status", "rule", "target"} <= keys
    row = document["rows"][0]
    assert set(row) == keys
    assert (row["quarter"], row["value"], row["code"]) == (1, "12.50", "1.1.1")
    assert row["status"] in {"on_track", "at_risk", "off_track"}


def test_csv_and_xlsx_keep_formulas_as_text(world, chain, entered, client_for):
    client = client_for(world.editor)
    csv_text = client.get(url(world, "csv")).content.decode("utf-8-sig")
    assert "ตัวชี้วัด" in csv_text.splitlines()[0]
    assert "'=HYPERLINK(1)" in csv_text
    book = openpyxl.load_workbook(io.BytesIO(client.get(url(world, "xlsx")).content))
    assert book.sheetnames[-1] == "พจนานุกรมข้อมูล"
    values = [cell.value for row in book["ผลการดำเนินงาน"].iter_rows() for cell in row]
    assert "=HYPERLINK(1)" in values  # stored as a string cell, not a formula
    assert book["ผลการดำเนินงาน"]["A2"].data_type == "s"


def test_who_gets_the_data(world, chain, entered, client_for, submitted_blueprint):
    assert client_for(world.stranger).get(url(world, "csv")).status_code == 404
    assert client_for(None).get(url(world, "csv")).status_code == 302
    assert client_for(world.viewer).get(url(world, "pdf")).status_code == 404
    opdc = json.loads(client_for(world.reviewer).get(url(world, "json")).content)
    assert opdc["rows"] == []  # Q1 is still open: OPDC sees it once it locks
