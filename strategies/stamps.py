"""A cheap fingerprint of the rows a page is built from, to cache what is built from them.

:func:`rows` reads, in one statement, for each table of a list: how many of the rows
in question there are, the sum of their ids and the sum of their ``xmin`` — on
PostgreSQL, the transaction that wrote each row version, which any committed INSERT,
UPDATE or DELETE changes, whatever path it took (services, admin, imports, SQL). Two
equal stamps mean the rows are unchanged, so a result computed from them can be reused.
Read the stamp *before* the rows: a result is then never stored under a stamp older
than itself. Other databases have no ``xmin``: :func:`rows` returns ``None`` there and
callers compute as usual.
"""

import hashlib

from django.db import connection

from strategies import models as st


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _pk(model) -> str:
    return connection.ops.quote_name(model._meta.pk.column)


def rows(parts: list[tuple[type, str]], params: dict) -> list | None:
    """``(n, count, sum of ids, sum of xmins)`` of the rows ``WHERE condition`` of each
    ``(model, condition)`` of ``parts`` (``n`` its place in the list), or ``None`` when the
    database is not PostgreSQL. Conditions may use ``%(name)s`` from ``params``."""
    if connection.vendor != "postgresql":
        return None
    sql = " UNION ALL ".join(
        f"SELECT {n}, COUNT(*), COALESCE(SUM({_pk(model)}), 0), "
        f"COALESCE(SUM(xmin::text::bigint), 0) FROM {table(model)} WHERE {condition}"
        for n, (model, condition) in enumerate(parts)
    )
    with connection.cursor() as cursor:
        _execute_prepared(cursor, sql, params)
        return sorted(cursor.fetchall())


def _execute_prepared(cursor, sql: str, params: dict) -> None:
    """Run ``sql`` as a prepared statement of this database session.

    A stamp is one long statement read on every page view; PostgreSQL spends longer
    planning it than running it. Prepared once per session (Django keeps sessions open,
    ``CONN_MAX_AGE``), it is only run. Prepared statements outlive transactions, rolled
    back or not; a new session (a reconnection) is recognised by its backend process id.
    (This needs a session per connection: no transaction-pooling proxy in between.)
    """
    names = sorted(params)
    positional = sql
    for number, name in enumerate(names, start=1):
        positional = positional.replace(f"%({name})s", f"${number}")
    statement = "bp_stamp_" + hashlib.blake2b(positional.encode(), digest_size=8).hexdigest()
    raw = connection.connection
    session = (id(raw), raw.get_backend_pid())
    prepared = getattr(connection, "_stamp_statements", None)
    if prepared is None or prepared[0] != session:
        prepared = connection._stamp_statements = (session, set())
    if statement not in prepared[1]:
        # On the driver's own cursor: setting up the session, not a query of the page
        # (query counts stay the same whether this session prepared it before or not).
        with raw.cursor() as setup:
            setup.execute(f"PREPARE {statement} AS {positional}")
        prepared[1].add(statement)
    arguments = ", ".join(["%s"] * len(names))
    cursor.execute(
        f"EXECUTE {statement}({arguments})" if names else f"EXECUTE {statement}",
        [params[name] for name in names],
    )


def digest(values) -> str:
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def issue_parts(issue_condition: str) -> list[tuple[type, str]]:
    """The cascade below the strategic issues ``id IN (issue_condition)``: the issues,
    their alignment, goals, indicators, targets, strategies, projects and budgets."""
    issues = f"SELECT id FROM {table(st.StrategicIssue)} WHERE {issue_condition}"
    goals = f"SELECT id FROM {table(st.Goal)} WHERE issue_id IN ({issues})"
    indicators = f"SELECT id FROM {table(st.Indicator)} WHERE goal_id IN ({goals})"
    strategies = f"SELECT id FROM {table(st.Strategy)} WHERE issue_id IN ({issues})"
    projects = f"SELECT id FROM {table(st.Project)} WHERE strategy_id IN ({strategies})"
    return [
        (st.StrategicIssue, issue_condition),
        (st.StrategicIssue.national_strategies.through, f"strategicissue_id IN ({issues})"),
        (st.Goal, f"issue_id IN ({issues})"),
        (st.Indicator, f"goal_id IN ({goals})"),
        (st.IndicatorTarget, f"indicator_id IN ({indicators})"),
        (st.Strategy, f"issue_id IN ({issues})"),
        (st.Strategy.goals.through, f"strategy_id IN ({strategies})"),
        (st.Project, f"strategy_id IN ({strategies})"),
        (st.ProjectBudget, f"project_id IN ({projects})"),
        (st.Project.supporting_agencies.through, f"project_id IN ({projects})"),
    ]


def reference_parts() -> list[tuple[type, str]]:
    """National reference data and the organisations: small tables, read whole."""
    return [
        (st.PolicyStatement, "TRUE"),
        (st.NationalStrategy, "TRUE"),
        (st.NationalStrategy.policy_headings.through, "TRUE"),
        (st.PolicyHeading, "TRUE"),
        (st.AdministrationPlan, "TRUE"),
        (st.Organisation, "TRUE"),
    ]
