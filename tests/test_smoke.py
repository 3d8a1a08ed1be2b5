from django.conf import settings


def test_settings_loaded():
    assert settings.TESTING
    assert settings.LANGUAGE_CODE == "th"
