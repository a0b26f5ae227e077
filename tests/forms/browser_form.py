"""What a browser would submit for a form on a page: the fields with their values after the
browser's own sanitising (an <input type=date> whose value is not ISO is sent empty, which
is how 2000/06/28 lost dates), checked boxes only, selected options, textareas."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

_SANITISE = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "week": r"\d{4}-W\d{2}",
    "time": r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?",
    "datetime-local": r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?",
    "number": r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?",
    "range": r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?",
}
_SKIP_TYPES = {"submit", "button", "reset", "image", "file"}


def sanitise(kind: str, value: str) -> str:
    pattern = _SANITISE.get(kind)
    if pattern is None:
        return value.replace("\r", "").replace("\n", "") if kind != "hidden" else value
    if not re.fullmatch(pattern, value):
        return ""
    if kind == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return ""
    return value


class _Form:
    def __init__(self, attrs: dict):
        self.attrs = attrs
        self.fields: list[tuple[str, str]] = []
        self.selects: list[dict] = []


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = _Form(a)
            self.forms.append(self._form)
        if self._form is None:
            return
        disabled = "disabled" in a
        if tag == "input" and a.get("name") and not disabled:
            kind = a.get("type", "text").lower()
            if kind in _SKIP_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((a["name"], a.get("value", "on")))
                return
            self._form.fields.append((a["name"], sanitise(kind, a.get("value", ""))))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": [],
                            "disabled": disabled}  # fmt: skip
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and a.get("name") and not disabled:
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            if self._form is None or select["disabled"]:
                return
            chosen = [o for o in select["options"] if o["selected"]]
            if not chosen and not select["multiple"] and select["options"]:
                chosen = select["options"][:1]
            for o in chosen:
                value = o["value"] if o["value"] is not None else o["text"].strip()
                self._form.fields.append((select["name"], value))
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            if text.startswith("\n"):
                text = text[1:]
            if self._form is not None:
                self._form.fields.append((self._textarea["name"], text.replace("\r\n", "\n")))
            self._textarea = None


def submitted_data(html: str, path: str) -> dict[str, list[str]]:
    """The POST data of the page's main form (method post, action empty or the page itself)."""
    parser = FormParser()
    parser.feed(html)
    candidates = [
        f for f in parser.forms
        if f.attrs.get("method", "get").lower() == "post" and f.attrs.get("action", "") in ("", path)
    ]  # fmt: skip
    if not candidates:
        raise AssertionError(f"{path}: no edit form found on the page")
    form = max(candidates, key=lambda f: len(f.fields))
    data: dict[str, list[str]] = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value)
    return data
