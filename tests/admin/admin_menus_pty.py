#!/usr/bin/env python3
"""risk-admin's menus in a real pseudo-terminal: the first run sets the password
(typed with echo off: it must never appear on the screen), a rule edit with a
bad value is refused and the file is unchanged, a good one is written, three
wrong passwords end the program with status 3, the accounts list shows only the
last 4 characters of an API key.

usage: admin_menus_pty.py RISK_ADMIN SOURCE_DIR
"""
import os
import pty
import select
import shutil
import sys
import tempfile
import time

ADMIN, SRC = sys.argv[1], sys.argv[2]
PASSWORD = "menu-pass-2468"
KEY = "menu-test-key-000000009876"


class Session:
    def __init__(self, config_dir):
        env = dict(os.environ, RISK_API_KEY_TRADER1=KEY, TERM="dumb")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            # The daemon is not running: edits are written and say so.
            os.execve(ADMIN, [ADMIN, "--config", config_dir, "--event-server", "127.0.0.1:1"], env)
        self.screen = ""
        self.seen = 0

    def expect(self, text, timeout=20):
        end = time.time() + timeout
        while True:
            at = self.screen.find(text, self.seen)
            if at >= 0:
                self.seen = at + len(text)
                return
            left = end - time.time()
            if left <= 0:
                raise AssertionError(f"did not see {text!r}; the screen so far:\n{self.screen}")
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    raise AssertionError(f"the program ended before {text!r}; the screen:\n{self.screen}")
                self.screen += data.decode("utf-8", "replace")

    def type(self, line):
        os.write(self.fd, (line + "\r").encode())

    def exit_status(self, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            try:
                data = os.read(self.fd, 4096)
                self.screen += data.decode("utf-8", "replace")
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        raise AssertionError("the program did not end")


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print(f"  ok    {what}")


def main():
    work = tempfile.mkdtemp(prefix="risk-admin-pty-")
    try:
        conf = os.path.join(work, "config")
        os.mkdir(conf)
        for f in ("accounts.yaml", "risk_config.yaml"):
            shutil.copy(os.path.join(SRC, "config", f), conf)
        os.chmod(os.path.join(conf, "accounts.yaml"), 0o600)
        risk = os.path.join(conf, "risk_config.yaml")

        # 1. First run: set the password, then edit a rule through the menus.
        s = Session(conf)
        s.expect("choose one")
        s.expect("New admin password: ")
        s.type(PASSWORD)
        s.expect("Repeat it: ")
        s.type(PASSWORD)
        s.expect("Admin password set.")
        check(os.path.exists(os.path.join(conf, "admin.pwhash")), "first run: the password is set")
        s.expect("Choice: ")
        s.type("2")  # Rules
        s.expect("== Rules ==")
        s.expect("Choice: ")
        s.type("2")  # Edit a field
        s.expect("Setting (e.g. daily_realized_loss.loss_limit): ")
        before = open(risk).read()
        s.type("daily_realized_loss.loss_limit")
        s.expect("New value: ")
        s.type("-1")
        s.expect("the change was refused; the files are unchanged")
        s.expect("is negative")
        check(open(risk).read() == before, "a bad value is refused and risk_config.yaml is unchanged")
        s.expect("Choice: ")
        s.type("2")
        s.expect("Setting (e.g. daily_realized_loss.loss_limit): ")
        s.type("daily_realized_loss.loss_limit")
        s.expect("New value: ")
        s.type("450")
        s.expect("rules.daily_realized_loss.loss_limit set to 450")
        s.expect("the daemon was not reached")
        after = open(risk).read()
        check("    loss_limit: 450               # positive amount" in after, "a good value is written, comment kept")
        check(after.replace("loss_limit: 450", "loss_limit: 500", 1) == before, "nothing else in the file changed")
        s.expect("Choice: ")
        s.type("0")
        s.expect("== risk-admin ==")
        s.expect("Choice: ")
        s.type("0")
        check(s.exit_status() == 0, "quit from the main menu: status 0")
        check(PASSWORD not in s.screen, "the password never appeared on the terminal")

        # 2. Three wrong passwords.
        s = Session(conf)
        for attempt in range(3):
            s.expect("Admin password: ")
            s.type(f"wrong-{attempt}")
        s.expect("3 wrong passwords: giving up")
        check(s.exit_status() == 3, "three wrong passwords: status 3")
        check("== risk-admin ==" not in s.screen, "no menu without the password")

        # 3. The accounts list through the menus.
        s = Session(conf)
        s.expect("Admin password: ")
        s.type(PASSWORD)
        s.expect("Choice: ")
        s.type("1")
        s.expect("== Accounts ==")
        s.expect("Choice: ")
        s.type("1")
        s.expect("123456")
        s.expect("Choice: ")
        check("\u20269876" in s.screen, "the API key shows as its last 4 characters")
        check(KEY not in s.screen, "the API key itself is never shown")
        s.type("0")
        s.expect("Choice: ")
        s.type("0")
        check(s.exit_status() == 0, "quit: status 0")
        print("risk-admin menus: all checks passed")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"  FAIL  {e}")
        sys.exit(1)
