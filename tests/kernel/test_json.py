"""test_json.py - `neuron --json`, the machine-readable front end (help
json): the event format, errors with line and column, SVG pictures,
completion, inspection, answers to ask, progress, Ctrl-C, and requests
that are malformed, huge or hostile (each gets one clear error event and
leaves the session as it was).

Run by tests/run-all.sh as: python3 tests/kernel/test_json.py NEURON
(the standard library only). Prints one line per failure; exit 1 if any.
"""
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

NEURON = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                         else "build/neuron")
TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


class Child:
    """One neuron --json process; requests in, events out."""

    def __init__(self, *args):
        self.p = subprocess.Popen([NEURON, "--json", *args],
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, cwd=TOP)
        self.ready = self.event()

    def send_raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, **request):
        self.send_raw(json.dumps(request).encode() + b"\n")

    def event(self):
        line = self.p.stdout.readline()
        return json.loads(line) if line else None

    def until(self, kind):
        """Events up to and including the first of this kind."""
        events = []
        while True:
            e = self.event()
            if e is None:
                return events
            events.append(e)
            if e["type"] == kind:
                return events

    def run(self, code, **extra):
        self.send(op="run", id=extra.pop("id", 1), code=code, **extra)
        return self.until("done")

    def close(self):
        self.p.stdin.close()
        return self.p.wait(timeout=10)


def text_of(events):
    return "".join(part.get("text", "") for e in events
                   if e["type"] in ("line", "output")
                   for part in e["output"])


def svgs_of(events):
    return [part["svg"] for e in events if e["type"] in ("line", "output")
            for part in e["output"] if "svg" in part]


def value(c, expr):
    return text_of(c.run(expr)).strip()


# ---- the format ----
c = Child()
check(c.ready == {"id": None, "type": "ready", "version": c.ready["version"],
                  "protocol": 1}, "ready event: %r" % c.ready)
ev = c.run("inputs 1 0 1\nweights 0.5 -0.2 0.8\n\n# a comment\nbias -0.3\n"
           "fire", id=7)
check([e["type"] for e in ev] == ["line"] * 4 + ["done"],
      "one line event per command line: %r" % [e["type"] for e in ev])
check(all(e["id"] == 7 for e in ev), "the request's id in every event")
check([e["line"] for e in ev[:4]] == [1, 2, 5, 6], "line numbers of the cell")
check(ev[3]["output"] == [{"text": "z = 0.5·1 + (-0.2)·0 + 0.8·1 + (-0.3) "
                           "= 1\na = sigmoid(1) = 0.7311\n"}],
      "fire's text: %r" % ev[3]["output"])
check(ev[-1] == {"id": 7, "type": "done", "status": "ok", "lines": 4},
      "done: %r" % ev[-1])
check("\x1b" not in json.dumps(ev), "no colour codes")
ev = c.run("sigmoid(1)", id="a string id")
check(ev[0]["id"] == "a string id" and text_of(ev) == "0.7311\n",
      "a string id, an expression's value")
ev = c.run("help", width=50)
check(max(len(l) for l in text_of(ev).split("\n")) <= 50,
      "the width of a request")
c.run("help", width=80)

# ---- errors: line, column, caret; the rest of the cell is not run ----
ev = c.run("bias 1\nweights 1 2 x\nbias 5")
err = ev[1]["error"]
check(ev[1]["status"] == "error" and ev[-1]["status"] == "error"
      and ev[-1]["lines"] == 2, "an error stops the cell: %r" % ev)
check(err["line"] == 2 and err["column"] == 13 and err["length"] == 1
      and err["command"] == "weights" and err["file"] is None,
      "error position: %r" % err)
check(err["message"] == "expected a number, got 'x'", "error message")
check(err["text"] == "<cell>:2: error: weights: expected a number, got "
      "'x'\n  weights 1 2 x\n              ^\n",
      "error text with its caret: %r" % err["text"])
check(value(c, "w2") == "-0.2" and value(c, "b") == "1",
      "the failed line changed nothing, the line after it did not run")
ev = c.run("sigmod(1)")
check("did you mean 'sigmoid'?" in ev[0]["error"]["message"]
      and ev[0]["error"]["column"] == 1 and ev[0]["error"]["length"] == 6,
      "a misspelt name: %r" % ev[0]["error"])
ev = c.run("tune w1")  # no terminal to read keys from: refused
check(ev[0]["status"] == "error" and "keys read from a terminal"
      in ev[0]["error"]["message"] and value(c, "w1") == "0.5",
      "tune in the JSON mode: %r" % ev[0])
ev = c.run("x1 + ünknown")  # columns count characters, not bytes
check(ev[0]["error"]["column"] == 6, "column in characters: %r" % ev[0])

# ---- pictures as SVG, never braille ----
for code in ["plot relu, tanh from -2 to 2", "data and\ntrain 20\nboundary",
             "image c 3x3\n#.#\n.#.\n#.#\nend\nimage show c",
             "softmax 1 2 3", "inputs 1 1\nfire --plot", "plot loss",
             "show", "data xor\nnetwork 2 2 tanh 1\nshow network",
             "network 784 16 relu 10\nshow network\nnetwork off"]:
    ev = c.run(code)
    svgs = svgs_of(ev)
    check(ev[-1]["status"] == "ok" and len(svgs) >= 1,
          "%s: a picture as SVG: %r" % (code, ev[-1]))
    for svg in svgs:
        try:
            ET.fromstring(svg.encode())
        except ET.ParseError as e:
            check(False, "%s: SVG does not parse: %s" % (code, e))
    braille = [ch for ch in text_of(ev) if 0x2800 <= ord(ch) <= 0x28ff]
    check(not braille, "%s: no braille in the text" % code)

# ---- train --watch: only the final frame, its pictures as SVG ----
ev = c.run("data and\ninit zeros\ntrain 20 --watch")
svgs = svgs_of(ev)
check(ev[-1]["status"] == "ok" and len(svgs) == 3,
      "train --watch: the final frame's 3 pictures as SVG, got %d: %r"
      % (len(svgs), ev[-1]))
check("epoch 5 of 20" in text_of(ev) and "converged" in text_of(ev),
      "train --watch: the status line and the last words: %r" % text_of(ev))
check(not [ch for ch in text_of(ev) if 0x2800 <= ord(ch) <= 0x28ff]
      and "\x1b" not in text_of(ev), "train --watch: no braille, no escapes")

# ---- completion and inspection ----
c.send(op="complete", id=3, code="activation sig", cursor=14)
e = c.event()
check(e == {"id": 3, "type": "complete", "matches": ["sigmoid", "sign"],
            "start": 11, "end": 14}, "complete an activation: %r" % e)
c.send(op="complete", id=4, code="inputs 1\nplot relu; tra")
e = c.event()
check(e["matches"] == ["trace", "train"] and e["start"] == 20,
      "complete a command after ';' on a later line: %r" % e)
c.send(op="complete", id=5, code="run tests/kernel/test_js")
e = c.event()
check(e["matches"] == ["tests/kernel/test_json.py"] and e["start"] == 4,
      "complete a file name: %r" % e)
c.send(op="inspect", id=6, code="activation relu", cursor=13)
e = c.event()
check(e["found"] and e["name"] == "relu"
      and "f(z)   = max(0, z)" in text_of([{"type": "line",
                                              "output": e["output"]}]),
      "inspect an activation: %r" % e)
c.send(op="inspect", id=8, code="nosuchword 1", cursor=2)
e = c.event()
check(e["type"] == "inspect" and not e["found"] and e["output"] == [],
      "inspect an unknown word: %r" % e)
c.run("n1(x) = relu(-5x - 7.7)")
before = value(c, "w1 + 10*w2 + 100*b")
c.send(op="inspect", id=9, code="n1(2)", cursor=1)
e = c.event()
check(e["found"], "inspect a definition of the learner's: %r" % e)
check(value(c, "w1 + 10*w2 + 100*b") == before, "inspection changed nothing")

# ---- malformed, huge and hostile requests ----
before = value(c, "w1 + 10*w2 + 100*b")
bad = [b"{", b'{"op":"run","code":1}', b'{"op":"run","code":"x",}',
       b'{"op":"run","code":{"a":1}}', b'{"op":"nosuch"}', b'{"op":"run"}',
       b'{"op":"run","code":"bias 9","width":5}',
       b'{"op":"run","code":"bias 9","cursor":-1}',
       b'{"op":"run","code":"bias 9"} trailing',
       b'{"op":"run","code":"\\ud800"}', b'{"op":"run","code":"\xff"}',
       b'{"op":"run","code":"a\x01b"}', b'{"op":"input","value":"1"}',
       b'{"op":"run","id":[1],"code":"bias 9"}',
       b'{' + b'[' * 100000, b'{"op":"run","code":"' + b'\\' * 3 + b'"}']
for req in bad:
    c.send_raw(req + b"\n")
    e = c.event()
    check(e is not None and e["type"] == "error" and e["message"],
          "bad request %r: %r" % (req[:40], e))
c.send_raw(b'{"op":"run","code":"' + b"x" * (17 << 20) + b'"}\n')
e = c.event()
check(e["type"] == "error" and "too long" in e["message"],
      "a 17 MB request: %r" % e)
ev = c.run("bias\u0000 9")
check(ev[0]["status"] == "error" and "NUL byte" in ev[0]["error"]["message"],
      "a NUL byte in the code: %r" % ev[0])
ev = c.run("say \u001b[2J\u0007")
check("\\x1b" in text_of(ev) and "\x1b" not in text_of(ev),
      "control bytes are shown escaped")
ev = c.run("(" * 100000 + "1")
check(ev[0]["status"] == "error", "deep nesting is an error")
check(value(c, "w1 + 10*w2 + 100*b") == before,
      "the session is unchanged after the bad requests")
ev = c.run("")
check(ev == [{"id": 1, "type": "done", "status": "ok", "lines": 0}],
      "an empty cell: %r" % ev)
ev = c.run("image q 2x2\n#.")
check(ev[-1]["status"] == "error" and "expected 2 rows, got 1" in
      ev[-2]["error"]["message"], "an image block cut by the end of a cell")

# ---- plain lines ----
c.send_raw(b"sigmoid(0)\n")
ev = c.until("done")
check(ev[0]["id"] is None and text_of(ev) == "0.5\n", "a plain line runs")

# ---- ask: an input event when stdin is allowed ----
ev = c.run("ask What is 1 + 1? = 2")
check("the answer is 2" in text_of(ev) or "answer: 2" in text_of(ev),
      "ask without stdin shows the answer: %r" % text_of(ev))
c.send(op="run", id=11, code="ask What is 1 + 1? = 2", stdin=True)
ev = c.until("input")
check(ev[-1]["type"] == "input" and ev[-1]["prompt"] == "answer> ",
      "ask with stdin asks: %r" % ev)
c.send(op="input", value="2")
ev = c.until("done")
check("right!" in text_of(ev) and ev[-1]["status"] == "ok",
      "the answer is checked: %r" % ev)
before = value(c, "b")
c.send(op="run", id=12, code="ask What is 1 + 1? = 2\nbias 3", stdin=True)
c.until("input")
c.send(op="input", value=None)
ev = c.until("done")
check(ev[-1]["status"] == "interrupted" and value(c, "b") == before,
      "no answer ends the cell, not the session: %r" % ev)

# ---- progress, and quit ----
ev = c.run("data and; rule gradient; rate 0.01\ntrain 1000000")
kinds = [e["type"] for e in ev]
check("progress" in kinds and kinds.index("output") < kinds.index("progress")
      and ev[kinds.index("progress")]["text"].startswith("  [")
      and [e for e in ev if e["type"] == "progress"][-1]["text"] is None,
      "train shows a progress line, then takes it away: %r" % kinds)
check(text_of(ev).count("\n") > 15 and "\r" not in text_of(ev),
      "the training table, without carriage returns")
ev = c.run("quit\nbias 2")
check(ev[-1]["status"] == "exit" and c.event() is None
      and c.close() == 0, "quit ends the process: %r" % ev)

# ---- Ctrl-C stops training and keeps what was learned ----
c = Child()
c.run("data mnist\nnetwork 784 50 relu 20 relu 10 softmax\nloss ce\n"
      "optimizer adam\nrate 0.001\nbatch 32")
c.send(op="run", id=20, code="train 100 epochs\nbias 4")
while True:  # into the second epoch (under ASan the first takes seconds)
    e = c.event()
    if e is None or (e["type"] == "progress" and e["text"]
                     and e["text"].lstrip().startswith("epoch 2")):
        break
c.p.send_signal(signal.SIGINT)
ev = c.until("done")
check(ev[-1]["status"] == "interrupted", "Ctrl-C: %r" % ev[-1])
errors = [e["error"] for e in ev if e["type"] == "line" and e["error"]]
check(errors and "interrupted at epoch" in errors[0]["message"],
      "the interruption is said: %r" % errors)
kept = float(value(c, "epochs"))
check(kept >= 1 and value(c, "b") == "0", "training kept (%s epochs), "
      "the rest of the cell not run" % kept)
c.p.send_signal(signal.SIGINT)  # between requests: dropped
time.sleep(0.2)
check(value(c, "1 + 1") == "2", "a Ctrl-C between cells stops nothing")
check(c.close() == 0, "end of input: status 0")

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("json: all passed")
