"""A minimal Marionette client: Debian ships Firefox ESR but no geckodriver,
and Firefox speaks Marionette itself (the protocol geckodriver uses): JSON
messages framed as LENGTH:JSON on a local TCP port."""
import json, os, shutil, socket, subprocess, tempfile, time


class Firefox:
    def __init__(self, width=1280, height=1600):
        self.profile = tempfile.mkdtemp(prefix="cl-ff-")
        with socket.socket() as s:  # a free port for Marionette
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        with open(os.path.join(self.profile, "user.js"), "w") as f:
            f.write('user_pref("marionette.port", %d);\n' % self.port)
            f.write('user_pref("browser.shell.checkDefaultBrowser", false);\n')
            f.write('user_pref("datareporting.policy.dataSubmissionEnabled", false);\n')
        env = dict(os.environ, MOZ_HEADLESS="1", MOZ_HEADLESS_WIDTH=str(width),
                   MOZ_HEADLESS_HEIGHT=str(height))
        self.proc = subprocess.Popen(
            ["firefox-esr", "--marionette", "--headless", "--no-remote",
             "--profile", self.profile], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
                break
            except OSError:
                if time.time() > deadline:
                    self.quit()
                    raise
                time.sleep(0.2)
        self.buf = b""
        self.msgid = 0
        self._read()  # the server's hello
        self.cmd("WebDriver:NewSession", {"capabilities": {}})

    def _read(self):
        while b":" not in self.buf:
            self.buf += self.sock.recv(65536)
        n, rest = self.buf.split(b":", 1)
        n = int(n)
        while len(rest) < n:
            rest += self.sock.recv(65536)
        self.buf = rest[n:]
        return json.loads(rest[:n])

    def cmd(self, name, params=None):
        self.msgid += 1
        msg = json.dumps([0, self.msgid, name, params or {}]).encode()
        self.sock.sendall(str(len(msg)).encode() + b":" + msg)
        while True:
            reply = self._read()
            if isinstance(reply, list) and reply[1] == self.msgid:
                if reply[2]:
                    raise RuntimeError("%s: %s" % (name, reply[2]))
                return reply[3]

    def get(self, url):
        self.cmd("WebDriver:Navigate", {"url": url})

    def js(self, script, *args):
        return self.cmd("WebDriver:ExecuteScript",
                        {"script": script, "args": list(args)}).get("value")

    def wait(self, script, secs=20):
        deadline = time.time() + secs
        while time.time() < deadline:
            if self.js(script):
                return True
            time.sleep(0.2)
        return False

    def screenshot(self, path):
        import base64
        data = self.cmd("WebDriver:TakeScreenshot", {"full": True})["value"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def quit(self):
        try:
            self.cmd("Marionette:Quit")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
