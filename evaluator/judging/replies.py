"""Reading a judge model's reply: the JSON objects in it, with bounded work."""

from __future__ import annotations


def json_objects(text: str) -> list[str]:
    """Each ``{...}`` from a brace to the first closing brace after it, left to right:
    what ``re.findall(r"\\{.*?\\}", text, re.S)`` found, without rescanning to the end for
    every unclosed brace."""
    found: list[str] = []
    start = text.find("{")
    while start >= 0:
        end = text.find("}", start + 1)
        if end < 0:
            break
        found.append(text[start : end + 1])
        start = text.find("{", end + 1)
    return found
