"""The Thai kit (strategies/thai.py): one copy of Buddhist-Era dates, months, numerals
and word segmentation for the whole site."""

import datetime

from strategies import fiscal, thai


def test_buddhist_era_years_both_ways():
    assert thai.be_year(2005) == 2548
    assert thai.ce_year(2548) == 2005
    assert fiscal.be_year is thai.be_year  # the fiscal module reuses the kit


def test_digits_both_ways():
    assert thai.thai_digits("2548/12") == "๒๕๔๘/๑๒"
    assert thai.arabic_digits("๒๕๔๘/๑๒") == "2548/12"


def test_thai_dates_long_short_and_in_thai_digits():
    day = datetime.date(2005, 3, 23)
    assert thai.thai_date(day) == "23 มีนาคม 2548"
    assert thai.thai_date(day, short=True) == "23 มี.ค. 2548"
    assert thai.thai_date("2005-03-23", numerals=True) == "๒๓ มีนาคม ๒๕๔๘"
    assert thai.thai_date("not a date") == ""


def test_words_are_thai_words():
    assert thai.words("การพัฒนาจังหวัด", keep_whitespace=False) == ["การพัฒนา", "จังหวัด"]
