"""Colours: parse CSS/Word colour values and tell when text is too close to its background."""

from __future__ import annotations

import re

__all__ = ["RGB", "WHITE", "contrast", "invisible_on", "parse_css_color", "parse_hex"]

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)

# Below this WCAG contrast ratio nobody can read the text (#f5f5f5 on white is 1.09).
MIN_CONTRAST = 1.15

_NAMED: dict[str, RGB] = {
    "white": (255, 255, 255),
    "black": (0, 0, 0),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "silver": (192, 192, 192),
    "navy": (0, 0, 128),
    "whitesmoke": (245, 245, 245),
    "snow": (255, 250, 250),
    "ivory": (255, 255, 240),
    "ghostwhite": (248, 248, 255),
    "floralwhite": (255, 250, 240),
    "lightgray": (211, 211, 211),
    "lightgrey": (211, 211, 211),
    "darkgray": (169, 169, 169),
    "orange": (255, 165, 0),
    "purple": (128, 0, 128),
    "teal": (0, 128, 128),
    "maroon": (128, 0, 0),
    "aliceblue": (240, 248, 255),
    "azure": (240, 255, 255),
    "beige": (245, 245, 220),
    "lightyellow": (255, 255, 224),
    "darkblue": (0, 0, 139),
    "cyan": (0, 255, 255),
    "magenta": (255, 0, 255),
}
# Word's w:highlight values
HIGHLIGHTS: dict[str, RGB] = {
    "black": (0, 0, 0),
    "blue": (0, 0, 255),
    "cyan": (0, 255, 255),
    "green": (0, 255, 0),
    "magenta": (255, 0, 255),
    "red": (255, 0, 0),
    "yellow": (255, 255, 0),
    "white": (255, 255, 255),
    "darkBlue": (0, 0, 139),
    "darkCyan": (0, 139, 139),
    "darkGreen": (0, 100, 0),
    "darkMagenta": (128, 0, 128),
    "darkRed": (139, 0, 0),
    "darkYellow": (128, 128, 0),
    "darkGray": (128, 128, 128),
    "lightGray": (192, 192, 192),
}
_HEX = re.compile(r"#?([0-9a-fA-F]{3,8})")
_RGB_FN = re.compile(
    r"rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:[\s,/]+([\d.]+%?))?\s*\)"
)


def parse_hex(value: str) -> RGB | None:
    """'FFFFFF', '#fff', '#ffffffcc' -> (r, g, b); None for 'auto' or anything else."""
    match = _HEX.fullmatch(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits[:3])
    elif len(digits) in (6, 8):
        digits = digits[:6]
    else:
        return None
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def _channel(text: str) -> int:
    value = float(text[:-1]) * 2.55 if text.endswith("%") else float(text)
    return max(0, min(255, round(value)))


def parse_css_color(value: str) -> RGB | None:
    """A CSS colour, or None when it is unknown, 'transparent' or mostly transparent."""
    value = value.strip().lower()
    if value in _NAMED:
        return _NAMED[value]
    if value.startswith("#"):
        digits = value[1:]
        alpha = digits[3] * 2 if len(digits) == 4 else digits[6:8] if len(digits) == 8 else "ff"
        if re.fullmatch(r"[0-9a-f]{2}", alpha) and int(alpha, 16) < 26:
            return None
        return parse_hex(value)
    match = _RGB_FN.fullmatch(value)
    if match:
        alpha = match.group(4)
        if alpha is not None:
            a = float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha)
            if a < 0.1:
                return None
        return (_channel(match.group(1)), _channel(match.group(2)), _channel(match.group(3)))
    return None


def _luminance(rgb: RGB) -> float:
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1 (same colour) to 21 (black on white)."""
    la, lb = _luminance(a), _luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def invisible_on(text: RGB, background: RGB) -> bool:
    """True when `text` cannot be told apart from `background`."""
    if text == background:
        return True
    return contrast(text, background) < MIN_CONTRAST
