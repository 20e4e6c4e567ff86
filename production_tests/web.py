"""A small browser over HTTP (the standard library only): cookies, CSRF, forms read from the page,
file uploads, and the TLS proxy in front of gunicorn played by two headers.

depa's gunicorn sits behind a TLS proxy (``BEHIND_TLS_PROXY=true``): every request the proxy forwards
carries ``X-Forwarded-Proto: https``, so the platform treats it as HTTPS (secure cookies, CSRF's
origin check, no redirect). ``Browser`` sends that header; ``plain`` requests (a load balancer's
probe straight to the instance) do not. Cookies are kept by name for the one host, ``Secure`` ones
included, since the proxy's HTTPS is what they were set for.
"""

import http.client
import json
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit


@dataclass
class Response:
    status: int
    url: str
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)

    def form(self, **match) -> "Form":
        form = find_form(self.text, **match)
        form.action = form.action or self.url  # a form without an action posts to its own page
        return form


def plain(port: int, path: str, *, timeout: float = 15) -> Response:
    """One GET over plain HTTP with no proxy header, as a probe that reaches the instance directly."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return Response(answer.status, path, answer.headers, answer.read(), time.monotonic() - started)
    finally:
        connection.close()


def outside(url: str, *, timeout: float = 15) -> Response:
    """One GET of an absolute http:// address off the platform, as a browser follows a redirect
    there (a signed link to object storage)."""
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.hostname == "127.0.0.1", url
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"User-Agent": "production-smoke-suite"})
        answer = connection.getresponse()
        return Response(answer.status, url, answer.headers, answer.read(), time.monotonic() - started)
    finally:
        connection.close()


class Browser:
    def __init__(self, port: int, *, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | list | None = None, *, files: dict | None = None, **kwargs) -> Response:
        return self.request("POST", path, data=data, files=files, **kwargs)

    def submit(self, form: "Form", values: dict | None = None, *, button: str | None = None, files=None, **kwargs):
        return self.post(form.action, form.values(values or {}, button=button), files=files, **kwargs)

    def request(self, method, path, *, data=None, files=None, follow=True, headers=None, timeout=None) -> Response:
        started = time.monotonic()
        for _ in range(10):
            answer = self._send(method, path, data, files, headers or {}, timeout or self.timeout)
            location = answer.headers.get("Location")
            if not (follow and answer.status in (301, 302, 303, 307, 308) and location):
                answer.seconds = time.monotonic() - started
                return answer
            # The proxy's https://host/ addresses lead back to this instance.
            target = urlsplit(urljoin(self.origin + path, location))
            path = target.path + (f"?{target.query}" if target.query else "")
            if answer.status in (301, 302, 303):
                method, data, files = "GET", None, None
        raise RuntimeError(f"too many redirects from {path}")

    def _send(self, method, path, data, files, extra, timeout) -> Response:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "th",
            "User-Agent": "production-smoke-suite",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if method == "POST":
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
            if files:
                body, headers["Content-Type"] = multipart(data or {}, files)
            else:
                body = urlencode(data or {}, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers.update(extra)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value  # sent back as it came (quoted, signed)
        return Response(answer.status, path, answer.headers, content, 0.0)


def multipart(data, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    items = data.items() if isinstance(data, dict) else data
    parts = []
    for name, value in items:
        for one in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{one}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Form:
    """A form as the page has it: its action, the values it would send untouched, and the choices
    of its selects, checkboxes and radio buttons."""

    attrs: dict
    action: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def values(self, changes: dict, *, button: str | None = None) -> list[tuple[str, str]]:
        """The form's values with ``changes`` applied (a list for several values of one name, True to
        tick a single checkbox) and the named submit button."""
        unknown = set(changes) - self.names
        if unknown:
            raise KeyError(f"the form has no field {sorted(unknown)}; it has {sorted(self.names)}")
        out = [(name, value) for name, value in self.fields if name not in changes]
        for name, value in changes.items():
            if value is True:
                value = self.choices[name][0][0]
            for one in value if isinstance(value, list) else [value]:
                out.append((name, str(one)))
        if button is not None:
            out.append(next((name, value) for name, value in self.buttons if name == button))
        return out

    def choice(self, name: str, label_contains: str = "") -> str:
        """The value of the first non-empty choice of ``name`` whose label contains the text."""
        for value, label in self.choices[name]:
            if value and label_contains in label:
                return value
        raise LookupError(f"no choice of {name} contains {label_contains!r}: {self.choices[name]}")


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(attrs=attrs, action=attrs.get("action", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            form.names.add(name)
            if kind in ("checkbox", "radio"):
                form.choices.setdefault(name, []).append((attrs.get("value", "on"), ""))
                if "checked" in attrs:
                    form.fields.append((name, attrs.get("value", "on")))
            elif kind in ("submit", "button", "image"):
                form.buttons.append((name, attrs.get("value", "")))
            elif kind != "file":
                form.fields.append((name, attrs.get("value", "")))
        elif tag == "button" and name:
            form.names.add(name)
            form.buttons.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            form.names.add(name)
            self._select = {"name": name, "selected": [], "first": None, "multiple": "multiple" in attrs}
            form.choices[name] = []
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "label": "", "selected": "selected" in attrs}
        elif tag == "textarea" and name:
            form.names.add(name)
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["label"] += data
        elif self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            option, select = self._option, self._select
            value = option["value"] if option["value"] is not None else option["label"].strip()
            self._form.choices[select["name"]].append((value, option["label"].strip()))
            if select["first"] is None:
                select["first"] = value
            if option["selected"]:
                select["selected"].append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["selected"] or ([] if select["multiple"] or select["first"] is None else [select["first"]])
            self._form.fields.extend((select["name"], value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self._form.fields.append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def find_form(html: str, *, action: str | None = None, field: str | None = None, **attrs) -> Form:
    """The first form whose action contains ``action``, that has a field ``field`` and the given
    attributes (``test_id`` stands for ``data-testid``)."""
    wanted = {name.replace("test_id", "data-testid").replace("_", "-"): value for name, value in attrs.items()}
    for form in forms_of(html):
        if action is not None and action not in form.action:
            continue
        if field is not None and field not in form.names:
            continue
        if any(form.attrs.get(name) != value for name, value in wanted.items()):
            continue
        return form
    raise LookupError(f"no form with action={action!r} field={field!r} {wanted} in the page:\n{html[:3000]}")
