"""Runs the stock Go `age` tool with a passphrase typed at its terminal prompt.

Go age reads passphrases only from a terminal (/dev/tty), never from a pipe or an argument.
This script gives it one: it starts `age` in a new session whose controlling terminal is a
pseudo-terminal, answers every passphrase prompt (`age -p` asks twice, `age -d` once) with
the passphrase, and passes age's standard output, standard error and exit code through.
Standard library only (pty, os, select); run it with the system `python3`.

    python3 age_pty.py [--timeout SECONDS] -- age ARGS...

The passphrase comes from the environment variable AGE_PTY_PASSPHRASE when it is set (then
standard input is passed to age), otherwise from the first line of standard input (without
its line break; age then gets an empty standard input, so give it files as arguments).

Exit codes: age's own; 124 when age did not finish within the timeout (default 60 s; it is
killed); 125 for a usage error of this script. What age wrote on its terminal (the prompts)
is copied to standard error, prefixed with "tty: ", for debugging; the passphrase is never
echoed (age turns echo off) and never written by this script.
"""

import os
import pty
import re
import select
import signal
import sys
import time

PROMPT = re.compile(rb"passphrase[^\n]*:\s*$", re.IGNORECASE)


def usage(message: str) -> "None":
    sys.stderr.write(f"age_pty.py: {message}\n")
    sys.exit(125)


def main() -> None:
    args = sys.argv[1:]
    timeout = 60.0
    if args[:1] == ["--timeout"]:
        if len(args) < 2:
            usage("--timeout needs a value")
        timeout = float(args[1])
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        usage("no command given (python3 age_pty.py -- age ARGS...)")

    if "AGE_PTY_PASSPHRASE" in os.environ:
        passphrase = os.environb[b"AGE_PTY_PASSPHRASE"]
        child_stdin = os.dup(0)  # pty.fork() replaces the child's own standard input
    else:
        line = sys.stdin.buffer.readline()
        passphrase = line[:-1] if line.endswith(b"\n") else line
        if passphrase.endswith(b"\r"):
            passphrase = passphrase[:-1]
        child_stdin = os.open(os.devnull, os.O_RDONLY)

    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid, master = pty.fork()
    if pid == 0:
        # Child: the pty is the controlling terminal (/dev/tty); stdout and stderr go to pipes
        # so the data age writes stays apart from its prompts.
        try:
            # Keep the terminal open across exec: with no descriptor on it, reads on the master
            # side fail (EIO) until age opens /dev/tty, and its prompt could be missed.
            os.dup2(0, 10, inheritable=True)
            os.dup2(child_stdin, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            for fd in (out_r, out_w, err_r, err_w):
                os.close(fd)
            env = dict(os.environ)
            env.pop("AGE_PTY_PASSPHRASE", None)
            os.execvpe(args[0], args, env)
        except Exception as error:  # noqa: BLE001 - report and leave with a distinct code
            os.write(2, f"age_pty.py: cannot run {args[0]}: {error}\n".encode())
        os._exit(127)

    os.close(out_w)
    os.close(err_w)
    deadline = time.monotonic() + timeout
    open_fds = {master: "tty", out_r: "out", err_r: "err"}
    pending = b""  # terminal text since the last answer
    answered = 0
    while open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sys.stderr.write(f"age_pty.py: {args[0]} did not finish within {timeout:g} s; killed\n")
            sys.exit(124)
        ready, _, _ = select.select(list(open_fds), [], [], min(left, 0.5))
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO on the pty once the child has closed it
                data = b""
            if not data:
                del open_fds[fd]
                if fd != master:
                    os.close(fd)
                continue
            kind = open_fds[fd]
            if kind == "out":
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            elif kind == "err":
                sys.stderr.buffer.write(data)
                sys.stderr.buffer.flush()
            else:
                sys.stderr.buffer.write(b"tty: " + data.replace(b"\r", b"") + b"\n")
                pending += data
                if PROMPT.search(pending):
                    os.write(master, passphrase + b"\r")
                    answered += 1
                    pending = b""
                    if answered > 4:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                        sys.stderr.write("age_pty.py: age keeps asking; is the passphrase wrong?\n")
                        sys.exit(124)
    _, status = os.waitpid(pid, 0)
    os.close(master)
    if os.WIFEXITED(status):
        sys.exit(os.WEXITSTATUS(status))
    sys.exit(128 + os.WTERMSIG(status))


if __name__ == "__main__":
    main()
