"""Serves the git repositories below a folder over HTTPS, for the tests of https:// remotes.

Each request runs git's own smart-HTTP server, `git http-backend`, as a CGI program, so the
client talks to real git over real TLS. Every request must carry HTTP basic authentication
whose password is the token given on the command line (any user name), as hosted git services
accept a token; without it the answer is 401 with a basic challenge, so a client that sends no
credentials until asked is served too. Pushes are allowed.

Usage: python git_https_server.py ROOT PORT CERT_FILE KEY_FILE
The token is read from the environment variable CHANNELOPS_TEST_GIT_TOKEN, never from the
arguments, so that it does not show in the process list. Listens on 127.0.0.1 only; prints
"ready" once listening.
"""

import base64
import http.server
import os
import ssl
import subprocess
import sys


class GitHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = ""
    token = ""

    def log_message(self, format, *args):  # noqa: A002 - the signature is the base class's
        pass

    def authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            _, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return password == self.token

    def body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(length) if length else b""

    def handle_git(self):
        payload = self.body() if self.command == "POST" else b""
        if not self.authorized():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REMOTE_USER": "channelops-test",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(payload)),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
        }
        result = subprocess.run(["git", "http-backend"], input=payload, env=environment, capture_output=True)
        head, _, content = result.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, content = result.stdout.partition(b"\n\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = handle_git
    do_POST = handle_git


def main() -> None:
    root, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    GitHandler.root = root
    GitHandler.token = os.environ["CHANNELOPS_TEST_GIT_TOKEN"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), GitHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
