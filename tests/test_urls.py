"""Every id in our URLs goes through the bounded `id` converter, so a 40-digit id is a 404."""

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from blueprint_site.converters import IdConverter


def patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin: staff only, its own id handling
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.pattern.converters


def test_no_url_uses_the_unbounded_int_converter():
    unbounded = [
        route
        for route, converters in patterns()
        if any(isinstance(converter, IntConverter) for converter in converters.values())
    ]
    assert unbounded == []
    assert any(
        isinstance(converter, IdConverter)
        for _, converters in patterns()
        for converter in converters.values()
    )


def test_a_huge_id_is_not_found(admin_client):
    assert admin_client.get("/cascade/plans/" + "9" * 40 + "/").status_code == 404
    assert admin_client.get("/blueprints/" + "9" * 40 + "/").status_code == 404
    assert admin_client.get("/cascade/plans/999999999999999999/").status_code == 404
