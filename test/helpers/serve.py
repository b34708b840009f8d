# Standard-library HTTP servers for tests, as people run them: `python3 -m http.server` semantics (HTTP/1.0, the
# connection closes after the body) or a threaded keep-alive HTTP/1.1 server, optionally over TLS and throttled.
# Extra paths: /chunked/<file> (Transfer-Encoding: chunked), /endless (chunked, never ends), /trickle/<file>
# (1 byte per second). Prints the port it listens on (127.0.0.1 only), then serves until killed.
import argparse
import http.server
import os
import ssl
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument('--dir', required=True)
parser.add_argument('--keep-alive', action='store_true')
parser.add_argument('--rate', type=int, default=0, help='bytes per second for file bodies (0: unlimited)')
parser.add_argument('--cert')
parser.add_argument('--key')
args = parser.parse_args()


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
        return super().do_GET()

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
