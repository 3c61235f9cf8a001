"""The frame every report.html page shares: style, the one script, and a strict policy.

Nothing on a report page comes from outside the run folder, and nothing a task, page or
model wrote can run there: every text is escaped where it is written (``escape.html_text``,
``escape.html_url``), and the Content-Security-Policy below allows no script but the one
constant one this module holds (by its hash), no network, no frames, no forms. Even a text
that escaped its escaping could not run script or load anything.
"""

from __future__ import annotations

import base64
import hashlib

from evaluator.reporting.escape import html_text

CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330;background:#fafbfc;max-width:1400px}
h1{font-size:22px} h2{font-size:18px;margin-top:32px;border-top:1px solid #dde;padding-top:14px}
h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;margin:8px 0} td,th{border:1px solid #dde;padding:4px 8px;
font-size:13px;text-align:left;vertical-align:top} th{background:#eef0f6}
td.n{text-align:right;font-variant-numeric:tabular-nums}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th:after{content:" \\2195";color:#aab}
th[aria-sort=ascending]:after{content:" \\2191"!important;color:#334}
th[aria-sort=descending]:after{content:" \\2193"!important;color:#334}
.cards{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.card{background:#fff;border:1px solid #dde;border-radius:6px;padding:10px 12px}
.step{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin:10px 0 22px}
.step img{width:100%;border:1px solid #ccd} .cap{font-size:12px;color:#556}
.passed,.ok{color:#16794c;font-weight:600} .failed,.bad{color:#b3261e;font-weight:600}
.muted{color:#889} code{background:#eef0f6;padding:1px 4px;border-radius:3px}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
"""

# Sorts a table.sortable by the clicked column: numbers by data-v, else by text. Constant:
# no data is ever written into it (the policy only runs a script with exactly this hash).
SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.querySelectorAll("th");
  heads.forEach(function (th, col) {
    th.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[col];
        var v = cell.getAttribute("data-v");
        return v === null ? cell.textContent : parseFloat(v);
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = typeof x === "number" && typeof y === "number" ? x - y
          : String(x).localeCompare(String(y));
        return up ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
document.body.setAttribute("data-ready", "1");
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
# Images from the run folder only ('self'; file: as Chromium counts a local file's origin).
CSP = (
    "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'; "
    "frame-src 'none'; object-src 'none'"
)


def page(title: str, body: list[str]) -> str:
    """A complete page: ``body`` is already-escaped HTML built by the report modules."""
    return "\n".join(
        [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{html_text(title)}</title><style>{CSS}</style></head><body>",
            *body,
            f"<script>{SCRIPT}</script></body></html>",
        ]
    )


def pct(value: float | None) -> str:
    """A score in percent with one decimal; a dash for none."""
    return "—" if value is None else f"{100 * float(value):.1f}"


def interval(ci: list[float] | None) -> str:
    """A 95% interval in percent; a dash for none."""
    return "—" if not ci else f"[{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]"
