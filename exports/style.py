"""How maps look: the colour and border of each status."""

from __future__ import annotations

STATUS_COLOURS = {"missing": "#eeeeee", "weak": "#fdae6b", "present": "#9ecae1",
                  "strong": "#41ab5d"}
STATUS_BORDERS = {"missing": "#d62728", "weak": "#e6550d", "present": "#3182bd",
                  "strong": "#006d2c"}
