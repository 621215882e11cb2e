"""neuron_kernel.py - a Jupyter kernel for neuron, on ipykernel's Kernel.

A wrapper kernel, as bash_kernel and octave_kernel are: it starts one
`neuron --json` child per kernel and talks to it in the JSON lines of
`help json`. The child keeps the session, so it carries over from cell to
cell. For each event of a cell the kernel sends Jupyter messages:

  line, output  text as a stream, each picture as image/svg+xml
  progress      one display updated in place (display_id), cleared at
                the end
  input         ask/checkpoint: the notebook's input box (when the
                front end allows stdin), the answer sent back
  done          the execute reply; an error (the command's line, its
                caret) is the reply's error, and the rest of the cell
                was not run, as in a script

The stop button sends SIGINT to the kernel, which forwards it to the
child: training stops as Ctrl-C stops it at the prompt, keeping what was
learned. The child runs in a session of its own, so only the kernel's
signal reaches it. Tab asks the child's completion, Shift-Tab its help
for the word under the cursor.

The program is $NEURON_PROGRAM (kernel.json sets it), else `neuron` on
the PATH.
"""
import json
import os
import shutil
import signal
import subprocess

from ipykernel.kernelbase import Kernel

__version__ = "0.1.0"


class NeuronKernel(Kernel):
    implementation = "neuron"
    implementation_version = __version__
    language = "neuron"
    language_version = __version__
    language_info = {
        "name": "neuron",
        "mimetype": "text/x-neuron",
        "file_extension": ".neuron",
        "codemirror_mode": "shell",
    }
    banner = "neuron: artificial neurons, one command a line; try `help`"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.child = None
        self.requests = 0
        self.start_child()

    # ---- the child process ----

    def start_child(self):
        program = os.environ.get("NEURON_PROGRAM") or shutil.which("neuron")
        width = os.environ.get("NEURON_WIDTH", "80")
        self.child = subprocess.Popen(
            [program or "neuron", "--json", "--width", width],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            start_new_session=True)  # the kernel's group signal skips it
        ready = self.next_event()
        if not ready or ready.get("type") != "ready":
            raise RuntimeError("neuron --json did not start: %r" % ready)

    def alive(self):
        return self.child is not None and self.child.poll() is None

    def send(self, request):
        self.child.stdin.write(json.dumps(request).encode() + b"\n")
        self.child.stdin.flush()

    def next_event(self):
        line = self.child.stdout.readline()
        return json.loads(line) if line else None

    def request(self, request):
        """Sends a request; returns its id."""
        if not self.alive():
            self.start_child()
        self.requests += 1
        request["id"] = self.requests
        self.send(request)
        return self.requests

    def reply_to(self, rid, kind):
        """The event of this kind answering request rid (None if the child
        ended)."""
        while True:
            event = self.next_event()
            if event is None or (event.get("id") == rid
                                 and event.get("type") == kind):
                return event

    # ---- output ----

    def stream(self, name, text):
        if text:
            self.send_response(self.iopub_socket, "stream",
                               {"name": name, "text": text})

    def show_output(self, parts):
        for part in parts:
            if "svg" in part:
                self.send_response(self.iopub_socket, "display_data", {
                    "data": {"image/svg+xml": part["svg"],
                             "text/plain": "<neuron picture>"},
                    "metadata": {}})
            else:
                self.stream("stdout", part.get("text", ""))

    def show_progress(self, text, display):
        content = {"data": {"text/plain": text or ""}, "metadata": {},
                   "transient": {"display_id": display}}
        kind = "update_display_data" if self.progress_shown \
            else "display_data"
        self.send_response(self.iopub_socket, kind, content)
        self.progress_shown = True

    def answer(self, event, allow_stdin):
        """An ask or checkpoint wants a line: the notebook's input box."""
        value = None
        if allow_stdin:
            try:
                value = self.raw_input(event.get("prompt", ""))
            except (KeyboardInterrupt, EOFError):
                value = None
        self.send({"op": "input", "value": value})

    # ---- Jupyter requests ----

    def do_execute(self, code, silent, store_history=True,
                   user_expressions=None, allow_stdin=False):
        notes = []
        if not self.alive():
            if self.child is not None:
                notes.append("(the neuron session had ended; a new one "
                             "starts)\n")
            self.start_child()
        for note in notes:
            self.stream("stderr", note)
        rid = self.request({"op": "run", "code": code,
                            "stdin": bool(allow_stdin)})
        self.progress_shown = False
        display = "neuron-progress-%d" % rid
        error = None
        status = "ok"
        # the stop button: SIGINT goes on to the child, which stops the
        # command running; the kernel reads on until the cell is done
        old = signal.signal(signal.SIGINT,
                            lambda *_: self.child.send_signal(signal.SIGINT))
        try:
            while True:
                event = self.next_event()
                if event is None:
                    status = "ended"
                    break
                if event.get("id") != rid:
                    continue
                kind = event.get("type")
                if kind in ("line", "output"):
                    if not silent:
                        self.show_output(event.get("output", []))
                        self.stream("stderr", event.get("stderr", ""))
                    if event.get("error") and error is None:
                        error = event["error"]
                elif kind == "progress" and not silent:
                    self.show_progress(event.get("text"), display)
                elif kind == "input":
                    self.answer(event, allow_stdin)
                elif kind == "done":
                    status = event.get("status", "ok")
                    break
        finally:
            signal.signal(signal.SIGINT, old)
        if status == "ok" or status == "exit":
            if status == "exit":
                try:  # let it end, so that the next cell starts a new one
                    self.child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.child.kill()
                    self.child.wait()
                self.stream("stderr", "(quit: the session ended; the next "
                            "cell starts a new one)\n")
            return {"status": "ok", "execution_count": self.execution_count,
                    "payload": [], "user_expressions": {}}
        if status == "ended":
            error = {"message": "the neuron process ended (status %s); the "
                     "next cell starts a new session" % self.child.wait(),
                     "text": ""}
        if error is None:
            error = {"message": "interrupted; the rest of the cell is not "
                     "run", "text": ""}
        text = error.get("text") or "error: %s\n" % error["message"]
        content = {"ename": "Interrupted" if status == "interrupted"
                   else "Error",
                   "evalue": error["message"],
                   "traceback": text.rstrip("\n").split("\n")}
        if not silent:
            self.send_response(self.iopub_socket, "error", content)
        content.update({"status": "error",
                        "execution_count": self.execution_count})
        return content

    def do_complete(self, code, cursor_pos):
        rid = self.request({"op": "complete", "code": code,
                            "cursor": cursor_pos})
        reply = self.reply_to(rid, "complete") or {}
        return {"status": "ok", "matches": reply.get("matches", []),
                "cursor_start": reply.get("start", cursor_pos),
                "cursor_end": reply.get("end", cursor_pos), "metadata": {}}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        rid = self.request({"op": "inspect", "code": code,
                            "cursor": cursor_pos})
        reply = self.reply_to(rid, "inspect") or {}
        data = {}
        parts = reply.get("output", [])
        text = "".join(p.get("text", "") for p in parts)
        if reply.get("found"):
            data["text/plain"] = text
            svgs = [p["svg"] for p in parts if "svg" in p]
            if svgs:
                data["image/svg+xml"] = svgs[0]
        return {"status": "ok", "found": bool(reply.get("found")),
                "data": data, "metadata": {}}

    def do_shutdown(self, restart):
        if self.alive():
            self.child.stdin.close()  # end of input: the child leaves
            try:
                self.child.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.child.kill()
        return {"status": "ok", "restart": restart}


if __name__ == "__main__":
    from ipykernel.kernelapp import IPKernelApp
    IPKernelApp.launch_instance(kernel_class=NeuronKernel)
