"""axe-core in Chromium: the WCAG 2.1 A/AA rules, run on the page as the browser renders it.

axe-core is vendored from the npm registry (``tests/browser/vendor/axe-core``, MPL-2.0, see
its LICENSE and README there) so the tests need no network. It is evaluated through the
DevTools protocol, which the app's Content-Security-Policy (scripts from 'self' only) does
not block.
"""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def run_axe(page) -> list[dict]:
    """Every WCAG 2.1 A/AA violation on the current page, with the elements it concerns."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          summary: n.failureSummary}))
            }));
        }""",
        WCAG_AA,
    )
    return result


def blocking(violations) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(url, violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{url}: [{violation['impact']}] {violation['id']} — {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {(node['summary'] or '').splitlines()[-1]}")
    return "\n".join(lines)
