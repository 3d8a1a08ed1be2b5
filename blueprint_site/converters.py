class IdConverter:
    """A database id in a URL: 1–18 ASCII digits.

    Django's ``int`` converter takes any number of digits, and a 40-digit id then overflows
    SQLite's integer in the lookup — a server error where "not found" is the answer.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
