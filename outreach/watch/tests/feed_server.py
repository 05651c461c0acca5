"""A real HTTP server on 127.0.0.1 for the feed tests: scripted routes, and a log of what it was asked."""
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    etag: str = ""  # answer 304 when the request's If-None-Match is this
    stream_bytes: int = 0  # send this many bytes of filler, in chunks, with no Content-Length
    delay: float = 0.0  # seconds to wait before answering
    drip: float = 0.0  # send the body a byte at a time, this many seconds apart


class FeedServer:
    """with FeedServer() as server: server.routes["/feed.xml"] = Route(...); server.url("/feed.xml")."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server.requests.append({"path": self.path, "headers": dict(self.headers)})
                route = server.routes.get(self.path, Route(status=404, body=b"not here"))
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.stream_bytes:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk, sent = b"<!-- " + b"x" * 65_000 + b" -->", 0
                    try:
                        while sent < route.stream_bytes:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up, as it should
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if route.drip:
                    try:
                        for byte in route.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(route.drip)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.wfile.write(route.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def atom(*entries: tuple[str, str, str], title: str = "Ada's blog") -> bytes:
    """An Atom document: entries are (id, title, updated ISO time)."""
    body = "".join(
        f"<entry><id>{guid}</id><title>{name}</title><link href='https://ada.dev/{guid}'/>"
        f"<updated>{updated}</updated></entry>" for guid, name, updated in entries)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>{title}</title><id>urn:ada</id><updated>2026-03-01T00:00:00Z</updated>{body}</feed>").encode()
