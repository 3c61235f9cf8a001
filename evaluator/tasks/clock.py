"""Times of day said in words, as the numbers a page's clock shows for them.

Annotators say a time as people do ("half three", "quarter past seven", "six o'clock",
"7pm", "noon"); pages show "15:30", "19:15", "18:00", "7:00 PM". The runner splits a
control's text at the colon ("15:30" is "15" and "30"), so each time said brings its hour
(as said, and past noon when it may be the afternoon, with a leading zero when short) and
its minutes as separate numbers (``vocabulary.content_words``).
"""

from __future__ import annotations

import re

from evaluator.tasks.wording import NUMBER_WORDS

# An hour said: a spelled number (one to twelve) or digits.
_HOUR = r"(" + "|".join(w for w in NUMBER_WORDS if w != "zero") + r"|\d{1,2})"
# (pattern, minutes); the hour is the pattern's first group.
_SAID: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"\bhalf (?:past )?{_HOUR}\b", re.I), 30),
    (re.compile(rf"\bquarter past {_HOUR}\b", re.I), 15),
    (re.compile(rf"\bquarter to {_HOUR}\b", re.I), -15),
    (re.compile(rf"\b{_HOUR} o['’]?clock\b", re.I), 0),
    (re.compile(rf"\b{_HOUR} thirty\b", re.I), 30),
)
# "7pm", "7.30 pm", "10:15am": the afternoon is said, so the hour is known.
_MERIDIEM_RE = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?m\b\.?", re.I)
_NOON_RE = re.compile(r"\b(noon|midday|midnight)\b", re.I)


def _hour(said: str) -> int | None:
    digits = NUMBER_WORDS.get(said.lower(), said)
    hour = int(digits) if digits.isdigit() else None
    return hour if hour is not None and 1 <= hour <= 12 else None


def _shown(hours: list[int], minutes: int) -> list[str]:
    out: list[str] = []
    for h in hours:
        out += [str(h)] + ([f"{h:02d}"] if h < 10 else [])
    out.append(f"{minutes:02d}")
    return list(dict.fromkeys(out))


def clock_words(text: str) -> list[str]:
    """The numbers a page shows for each time of day ``text`` says in words, in order,
    each once: "half three" -> 3, 03, 15, 30; "quarter to seven" -> 6, 06, 18, 45;
    "7pm" -> 19, 00. Plain numbers ("at 10") are left to the description's own words."""
    out: list[str] = []
    for pattern, said in _SAID:
        for m in pattern.finditer(text):
            hour = _hour(m.group(1))
            if hour is None:
                continue
            # "quarter to seven": the hour before, 45 past it.
            minutes = said if said >= 0 else 60 + said
            if said < 0:
                hour = (hour - 2) % 12 + 1
            hours = [hour] if hour == 12 else [hour, hour + 12]
            out += _shown(hours, minutes)
    for m in _MERIDIEM_RE.finditer(text):
        hour = _hour(m.group(1))
        if hour is None:
            continue
        afternoon = m.group(3).lower() == "p"
        hour = hour % 12 + (12 if afternoon else 0)
        out += _shown([hour], int(m.group(2) or 0))
    for m in _NOON_RE.finditer(text):
        out += _shown([0 if m.group(1).lower() == "midnight" else 12], 0)
    return list(dict.fromkeys(out))
