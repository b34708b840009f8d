# Standard-library HTTP servers for tests, as people run them: `python3 -m http.server` semantics (HTTP/1.0, the
# connection closes after the body) or a threaded keep-alive HTTP/1.1 server, optionally over TLS and throttled.
# Extra paths: /chunked/<file> (Transfer-Encoding: chunked), /endless (chunked, never ends), /trickle/<file>
# (1 byte per second). With --ranges, file GETs honour `Range: bytes=A-B` / `bytes=A-` (206 with Content-Range, the
# --rate throttle applying to each connection, as many mirrors do); --wrong-range answers every range that does not
# start at 0 with a Content-Range one byte off. Prints the port it listens on (127.0.0.1 only), then serves until
# killed.
import argparse
import http.server
import os
import re
import ssl
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument('--dir', required=True)
parser.add_argument('--keep-alive', action='store_true')
parser.add_argument('--rate', type=int, default=0, help='bytes per second for file bodies (0: unlimited)')
parser.add_argument('--ranges', action='store_true', help='honour Range on file GETs')
parser.add_argument('--wrong-range', action='store_true', help='with --ranges: a wrong Content-Range for ranges not at 0')
parser.add_argument('--cert')
parser.add_argument('--key')
args = parser.parse_args()


class Limited:
    """The next `left` bytes of a file, read as a file."""

    def __init__(self, f, left):
        self.f = f
        self.left = left

    def read(self, size=-1):
        size = self.left if size < 0 else min(size, self.left)
        data = self.f.read(size)
        self.left -= len(data)
        return data


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = 'HTTP/1.1' if args.keep_alive else 'HTTP/1.0'

    def __init__(self, *a, **kw):
        super().__init__(*a, directory=args.dir, **kw)

    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path == '/endless':
            return self.endless()
        for prefix, method in (('/chunked/', self.chunked), ('/trickle/', self.trickle)):
            if self.path.startswith(prefix):
                return method(os.path.join(args.dir, os.path.basename(self.path[len(prefix):])))
        if args.ranges and self.headers.get('Range'):
            return self.ranged(self.translate_path(self.path), self.headers.get('Range'))
        return super().do_GET()

    def ranged(self, path, header):
        match = re.fullmatch(r'bytes=(\d+)-(\d*)', header.strip())
        if not os.path.isfile(path) or not match:
            return super().do_GET()
        total = os.path.getsize(path)
        start = int(match.group(1))
        end = min(int(match.group(2)), total - 1) if match.group(2) else total - 1
        if start >= total or start > end:
            self.send_response(416)
            self.send_header('Content-Range', 'bytes */%d' % total)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        shown = start + 1 if args.wrong_range and start > 0 else start
        self.send_response(206)
        self.send_header('Content-Type', 'application/octet-stream')
        self.send_header('Content-Range', 'bytes %d-%d/%d' % (shown, end, total))
        self.send_header('Content-Length', str(end - start + 1))
        self.end_headers()
        with open(path, 'rb') as f:
            f.seek(start)
            try:
                self.copyfile(Limited(f, end - start + 1), self.wfile)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def copyfile(self, source, outputfile):
        if not args.rate:
            return super().copyfile(source, outputfile)
        piece = max(1, args.rate // 20)
        started = time.monotonic()
        sent = 0
        while True:
            data = source.read(piece)
            if not data:
                return
            outputfile.write(data)
            sent += len(data)
            ahead = sent / args.rate - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)

    def chunked(self, path):
        self.protocol_version = 'HTTP/1.1'
        self.send_response(200)
        self.send_header('Content-Type', 'application/octet-stream')
        self.send_header('Transfer-Encoding', 'chunked')
        self.end_headers()
        with open(path, 'rb') as f:
            while True:
                data = f.read(65536)
                if not data:
                    break
                self.wfile.write(b'%x\r\n%s\r\n' % (len(data), data))
        self.wfile.write(b'0\r\n\r\n')

    def endless(self):
        self.protocol_version = 'HTTP/1.1'
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Transfer-Encoding', 'chunked')
        self.end_headers()
        block = b'[' + b' ' * 65535
        try:
            while True:
                self.wfile.write(b'%x\r\n%s\r\n' % (len(block), block))
                block = b' ' * 65536
        except (BrokenPipeError, ConnectionResetError):
            pass

    def trickle(self, path):
        with open(path, 'rb') as f:
            data = f.read()
        self.send_response(200)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        try:
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass


server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
server.daemon_threads = True
if args.cert:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
