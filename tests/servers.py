"""Real servers on loopback for integration tests: a private Dovecot (IMAP) and aiosmtpd (SMTP),
plus a small pass-through proxy that behaves like NetEase 163 (SELECT refused until ID)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

USER, PASSWORD = "intake", "auth-code-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    """A throw-away Dovecot: Maildir in a temp dir, plain IMAP on a high loopback port."""

    def __init__(self, tls: bool = False, extra: str = ""):
        exe = shutil.which("dovecot") or "/usr/sbin/dovecot"
        if not os.path.exists(exe):
            raise RuntimeError("dovecot is not installed: run scripts/setup (apt-get install dovecot-imapd)")
        self.exe = exe
        self.root = Path(tempfile.mkdtemp(prefix="intake-dovecot-"))
        os.chmod(self.root, 0o755)
        self.port = free_port()
        self.home = self.root / "home"
        self.home.mkdir()
        uid = gid = 65534
        (self.root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{self.home}\n")
        for sub in ("base", "state"):
            (self.root / sub).mkdir()
        self.conf = self.root / "dovecot.conf"
        self.tls_port = free_port() if tls else 0
        self.cert = self.root / "cert.pem"
        ssl_conf = "ssl = no"
        if tls:
            key = self.root / "key.pem"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                            "-keyout", str(key), "-out", str(self.cert)], check=True, capture_output=True)
            os.chmod(key, 0o644)
            ssl_conf = f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{key}"
        self.conf.write_text(f"""
base_dir = {self.root}/base
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl_conf}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = {self.root}/users
}}
userdb {{
  driver = passwd-file
  args = {self.root}/users
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
namespace inbox {{
  inbox = yes
  mailbox "草稿箱" {{
    special_use = \\Drafts
    auto = create
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
{extra}
""")
        os.chown(self.home, uid, gid)
        self.proc = None

    def start(self) -> "Dovecot":
        self.proc = subprocess.Popen([self.exe, "-F", "-c", str(self.conf)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.proc.stderr.read().decode(errors='replace')}"
                                   f"{(self.root / 'dovecot.log').read_text(errors='replace') if (self.root / 'dovecot.log').exists() else ''}")
        raise RuntimeError("dovecot did not start")

    def client(self):
        import imapclient
        c = imapclient.IMAPClient("127.0.0.1", port=self.port, ssl=False)
        c.login(USER, PASSWORD)
        return c

    def append(self, raws: list[bytes], folder: str = "INBOX") -> None:
        c = self.client()
        try:
            for raw in raws:
                c.append(folder, raw)
        finally:
            c.logout()

    def _kill(self) -> None:
        """The master and every process it started (the imap process of each open connection too:
        killing the master alone leaves them serving their clients)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(5)

    def restart(self) -> None:
        """Killed (every connection dropped) and started again on the same port and mail store."""
        self._kill()
        time.sleep(0.2)
        self.start()

    def stop(self) -> None:
        self._kill()
        shutil.rmtree(self.root, ignore_errors=True)


class Listener:
    """A loopback port; each connection is handed to `_serve` in a thread of its own."""

    def __init__(self):
        self.port = free_port()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        raise NotImplementedError

    def close(self):
        self.sock.close()


class SilentServer(Listener):
    """Accepts connections and never says a word (a mail server hung, or a firewall that swallows
    packets): each SMTP connection waits for the greeting until its timeout."""

    def __init__(self):
        self.accepted: list = []
        super().__init__()

    def _serve(self, conn):
        self.accepted.append(conn)

    def close(self):
        super().close()
        for conn in self.accepted:
            conn.close()


class NeteaseProxy(Listener):
    """Pass-through TCP proxy that answers `NO Unsafe Login` to SELECT/EXAMINE until the client
    has sent ID, as 163/126 mailboxes do."""

    def __init__(self, upstream_port: int):
        self.upstream = upstream_port
        self.refused = 0
        self.saw_id = False
        super().__init__()

    def _upstream(self, conn) -> socket.socket:
        """Connect to the real server and copy its answers back to the client in a thread."""
        up = socket.create_connection(("127.0.0.1", self.upstream))

        def down():
            try:
                while data := up.recv(65536):
                    conn.sendall(data)
            except OSError:
                pass
            finally:
                conn.close()

        threading.Thread(target=down, daemon=True).start()
        return up

    def _serve(self, conn):
        up = self._upstream(conn)
        state = {"id": False}
        buf = b""
        try:
            while data := conn.recv(65536):
                buf += data
                while b"\r\n" in buf:
                    line, buf = buf.split(b"\r\n", 1)
                    parts = line.split(b" ")
                    cmd = parts[1].upper() if len(parts) > 1 else b""
                    if cmd == b"ID":
                        state["id"] = True
                        self.saw_id = True
                    if cmd in (b"SELECT", b"EXAMINE") and not state["id"]:
                        self.refused += 1
                        conn.sendall(parts[0] + b" NO SELECT Unsafe Login. Please contact kefu@188.com for help\r\n")
                        continue
                    up.sendall(line + b"\r\n")
        except OSError:
            pass
        finally:
            up.close()



class CuttingProxy(NeteaseProxy):
    """Pass-through proxy that drops the connection when the client sends its Nth FETCH."""

    def __init__(self, upstream_port: int, cut_at_fetch: int):
        self.cut_at_fetch = cut_at_fetch
        self.fetches = 0
        super().__init__(upstream_port)

    def _serve(self, conn):
        up = self._upstream(conn)
        try:
            while data := conn.recv(65536):
                if b" FETCH " in data.upper():
                    self.fetches += 1
                    if self.fetches == self.cut_at_fetch:
                        conn.shutdown(socket.SHUT_RDWR)
                        conn.close()
                        up.close()
                        return
                up.sendall(data)
        except OSError:
            pass
        finally:
            up.close()


class SmtpSink:
    """aiosmtpd on loopback, keeping every message it receives."""

    def __init__(self, cert: Path | None = None, key: Path | None = None):
        import ssl
        from aiosmtpd.controller import Controller
        self.messages: list[bytes] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append(envelope.original_content or envelope.content)
                return "250 OK"

        self.port = free_port()
        extra = {}
        if cert:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(cert), str(key))
            extra = {"tls_context": context, "require_starttls": True}
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **extra)

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


class SmtpDataCutter(NeteaseProxy):
    """Pass-through TCP proxy to an SMTP server that, on the Nth message, forwards the DATA command
    and the first bytes of the message, then drops both connections: the server never sees the
    final dot, so it never accepts that message."""

    def __init__(self, upstream_port: int, cut_at_data: int, forward_bytes: int = 300):
        self.cut_at_data, self.forward_bytes = cut_at_data, forward_bytes
        self.datas = 0
        self.cuts = 0
        super().__init__(upstream_port)

    def _serve(self, conn):
        up = self._upstream(conn)
        in_data, sent, cutting = False, 0, False
        try:
            while data := conn.recv(65536):
                if not in_data and data.upper().startswith(b"DATA\r\n"):
                    self.datas += 1
                    in_data, sent = True, 0
                    cutting = self.datas == self.cut_at_data
                    up.sendall(data)
                    continue
                if in_data and cutting:
                    up.sendall(data[:max(0, self.forward_bytes - sent)])
                    sent += len(data)
                    if sent >= self.forward_bytes:
                        self.cuts += 1
                        return                     # mid-message: both sides closed below
                    continue
                if in_data and data.endswith(b"\r\n.\r\n"):
                    in_data = False
                up.sendall(data)
        except OSError:
            pass
        finally:
            for s in (conn, up):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
