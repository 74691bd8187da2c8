"""The CJK font every picture and document uses: the first installed family of CJK_FAMILIES."""

from __future__ import annotations

from matplotlib import font_manager

from chainkg.exports import ExportError

# Families tried in order; any font that covers CJK ideographs would do.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Serif CJK SC", "Droid Sans Fallback",
    "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN",
)


def cjk_font_family() -> str:
    """The name of an installed font family that draws Chinese; ExportError when there is none."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    raise ExportError(
        "no Chinese (CJK) font is installed, so the map would show empty boxes instead of "
        "text: install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) and delete "
        "~/.cache/matplotlib so matplotlib finds it")
