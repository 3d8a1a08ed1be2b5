"""Thai official-document formatting for the PDF: Buddhist Era dates, Thai months, Thai
digits — the site's Thai kit (:mod:`strategies.thai`), under the names the PDF code uses.
"""

from strategies.thai import (  # noqa: F401
    BE_OFFSET,
    THAI_DIGITS,
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    parse_date,
    thai_date,
    thai_digits,
    thai_time,
    words,
)
