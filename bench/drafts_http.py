"""HTTP for bench/drafts.py: one connection per request (as a reverse proxy in front of gunicorn makes
them), cookies kept by hand, forms and multipart uploads built as a browser sends them."""

import http.client
import secrets
import time
import urllib.parse
from http.cookies import CookieError, SimpleCookie

# What a request can fail with on the way (refused, reset, timed out, a broken answer).
NETWORK_ERRORS = (OSError, http.client.HTTPException)


class Client:
    def __init__(self, port: int, timeout: float, source: str = "127.0.0.1"):
        self.port, self.timeout, self.source = port, timeout, source
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, parts=(), headers=None):
        """Send the request; return (status, headers, body, seconds). Raises on network errors."""
        started = time.monotonic()
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout, source_address=(self.source, 0)
        )
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            connection.putheader("User-Agent", "bench-drafts")
            connection.putheader("Connection", "close")
            if self.cookies:
                connection.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if method == "POST":
                connection.putheader("Content-Length", str(sum(len(part) for part in parts)))
            connection.endheaders()
            for part in parts:
                connection.send(part)
            response = connection.getresponse()
            body = response.read()
            self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
            return response.status, response.msg, body, time.monotonic() - started
        finally:
            connection.close()

    def _keep_cookies(self, lines: list[str]) -> None:
        for line in lines:
            jar = SimpleCookie()
            try:
                jar.load(line)
            except CookieError:
                continue
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict, headers=None):
        body = urllib.parse.urlencode(fields).encode()
        extra = {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin, **(headers or {})}
        return self.request("POST", path, parts=(body,), headers=extra)

    def post_file(self, path: str, fields: dict, name: str, filename: str, data: bytes, content_type: str):
        boundary = f"----bench{secrets.token_hex(12)}"
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": self.origin}
        return self.request("POST", path, parts=(head, data, tail), headers=headers)
