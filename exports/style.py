"""How maps look: the colour and border of each status."""

from __future__ import annotations

STATUS_COLOURS = {"missing": "#eeeeee", "weak": "#fdae6b", "present": "#9ecae1",
                  "strong": "#41ab5d"}
STATUS_BORDERS = {"missing": "#d62728", "weak": "#e6550d", "present": "#3182bd",
                  "strong": "#006d2c"}
BREAK_BORDER = "#b2182b"  # a 断点: a thick border of this red
# The light band behind each tier's layers on a map.
TIER_BANDS = {"upstream": "rgba(66,146,198,0.07)", "midstream": "rgba(65,171,93,0.07)",
              "downstream": "rgba(241,105,19,0.07)"}
