"""A small HTTP server for the IAM client's retry tests: it fails the first K requests, then answers.

Usage: python3 fault_server.py MODE K
  MODE  throttle  answer HTTP 400 with an IAM Throttling error
        error500  answer HTTP 500 with an IAM ServiceFailure error
        drop      read the request, then close the connection without answering
        hang      read the request, then never answer
  K     how many POST requests fail before the server answers successfully

Listens on 127.0.0.1 on a free port and prints that port on the first line of standard output.
Exits on SIGTERM or when its standard input closes, so it never outlives the test that started it.
Successful answers are a GetUser or CreateAccessKey response, chosen by the request's Action.
Connections are kept alive (HTTP/1.1). GET /stats answers "<posts> <connections>": the POST
requests and the TCP connections received so far, so tests can check attempts and reuse.
"""

import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

MODE = sys.argv[1]
FAILURES = int(sys.argv[2])
LOCK = threading.Lock()
STATS = {"posts": 0, "connections": 0}

ERROR = """<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>{kind}</Type>\
<Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault-{number}</RequestId></ErrorResponse>"""

GET_USER = """<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User>\
<Path>/</Path><UserName>alice</UserName><UserId>AIDAFAULTSERVER</UserId>\
<Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></User>\
</GetUserResult><ResponseMetadata><RequestId>ok-{number}</RequestId></ResponseMetadata></GetUserResponse>"""

CREATE_ACCESS_KEY = """<CreateAccessKeyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\
<CreateAccessKeyResult><AccessKey><UserName>alice</UserName><AccessKeyId>AKIAFAULTSERVER</AccessKeyId>\
<Status>Active</Status><SecretAccessKey>fault-server-secret</SecretAccessKey>\
<CreateDate>2026-01-01T00:00:00Z</CreateDate></AccessKey></CreateAccessKeyResult>\
<ResponseMetadata><RequestId>ok-{number}</RequestId></ResponseMetadata></CreateAccessKeyResponse>"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        with LOCK:
            STATS["connections"] += 1

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        with LOCK:
            body = f"{STATS['posts']} {STATS['connections']}"
        self.answer(200, body, "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        with LOCK:
            STATS["posts"] += 1
            number = STATS["posts"]
        if number > FAILURES:
            template = CREATE_ACCESS_KEY if form.get("Action") == ["CreateAccessKey"] else GET_USER
            self.answer(200, template.format(number=number))
        elif MODE == "throttle":
            self.answer(400, ERROR.format(kind="Sender", code="Throttling", message="Rate exceeded", number=number))
        elif MODE == "error500":
            self.answer(500, ERROR.format(kind="Receiver", code="ServiceFailure", message="Internal", number=number))
        elif MODE == "hang":
            time.sleep(3600)
        else:
            self.close_connection = True
            self.connection.shutdown(2)

    def answer(self, status, body, content_type="text/xml"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


# The test process may start children with SIGTERM blocked or ignored; undo both.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
signal.signal(signal.SIGTERM, signal.SIG_DFL)
threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
