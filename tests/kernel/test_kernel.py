"""test_kernel.py - the Jupyter kernel (src/front/neuron_kernel.py),
driven by jupyter_client as a notebook drives it: cells with results and
errors, an SVG plot, completion, inspection, and the stop button during a
long `train`, after which a further cell works and shows the training
was kept. Also measures the kernel's start-up and a one-command cell.

Run by tests/run-all.sh as: python3 tests/kernel/test_kernel.py NEURON,
with JUPYTER_PATH (and the other Jupyter folders) pointing into a
temporary folder that holds the kernelspec (install-kernel.sh).
"""
import sys
import time

from jupyter_client.manager import start_new_kernel

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


t0 = time.monotonic()
km, kc = start_new_kernel(kernel_name="neuron", startup_timeout=60)
startup = time.monotonic() - t0


def run(code, timeout=60, interrupt_after=None):
    """Runs a cell; returns (iopub messages of it, the reply's content,
    seconds)."""
    t = time.monotonic()
    msg_id = kc.execute(code)
    msgs = []
    interrupted = False
    while True:
        try:
            m = kc.get_iopub_msg(timeout=0.2)
        except Exception:  # queue.Empty: nothing yet
            m = None
        if (interrupt_after is not None and not interrupted
                and time.monotonic() - t > interrupt_after):
            km.interrupt_kernel()
            interrupted = True
        if time.monotonic() - t > timeout:
            raise TimeoutError(code)
        if m is None or m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and \
                m["content"]["execution_state"] == "idle":
            break
        msgs.append(m)
    while True:  # skip replies to other requests (kernel_info at start)
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return msgs, reply["content"], time.monotonic() - t


def stdout(msgs):
    return "".join(m["content"]["text"] for m in msgs
                   if m["msg_type"] == "stream"
                   and m["content"]["name"] == "stdout")


try:
    msgs, reply, _ = run("sigmoid(1)")  # warm up
    times = [run("sigmoid(1)")[2] for _ in range(10)]
    cell = sorted(times)[len(times) // 2]
    check(reply["status"] == "ok" and stdout(msgs) == "0.7311\n",
          "a result: %r" % stdout(msgs))

    msgs, reply, _ = run("inputs 1 0 1\nweights 0.5 -0.2 0.8\nbias -0.3\n"
                         "fire")
    check("a = sigmoid(1) = 0.7311" in stdout(msgs), "state across lines")
    msgs, reply, _ = run("a")
    check(stdout(msgs) == "0.7311\n", "state across cells")

    msgs, reply, _ = run("bias 1\nweights 1 2 x\nbias 7")
    errs = [m for m in msgs if m["msg_type"] == "error"]
    check(reply["status"] == "error" and len(errs) == 1
          and reply["evalue"] == "expected a number, got 'x'",
          "an error reply: %r" % reply)
    check(reply.get("traceback", [""])[0].startswith("<cell>:2: error:")
          and reply["traceback"][-1].strip() == "^",
          "the error's line and caret: %r" % reply.get("traceback"))
    check(stdout(run("b")[0]) == "1\n", "the rest of the cell did not run")

    msgs, reply, _ = run("plot relu, sigmoid from -3 to 3")
    svg = [m for m in msgs if m["msg_type"] == "display_data"
           and "image/svg+xml" in m["content"]["data"]]
    check(reply["status"] == "ok" and len(svg) == 1
          and svg[0]["content"]["data"]["image/svg+xml"].find("<svg") >= 0,
          "an SVG plot")
    check(stdout(msgs) == "", "no braille beside the SVG")

    c = kc.complete("activation ta", 13, reply=True)["content"]
    check(c["status"] == "ok" and c["matches"] == ["tanh"]
          and c["cursor_start"] == 11 and c["cursor_end"] == 13,
          "completion: %r" % c)
    c = kc.complete("tr", 2, reply=True)["content"]
    check(c["matches"] == ["trace", "train"], "command completion: %r" % c)
    i = kc.inspect("plot sigmoid", 7, reply=True)["content"]
    check(i["status"] == "ok" and i["found"]
          and "sigmoid" in i["data"]["text/plain"], "inspection: %r" % i)
    i = kc.inspect("zzzz", 2, reply=True)["content"]
    check(i["status"] == "ok" and not i["found"], "nothing to inspect")

    # the stop button during a long train: stopped, the training kept
    run("data mnist\nnetwork 784 50 relu 20 relu 10 softmax\nloss ce\n"
        "optimizer adam\nrate 0.001\nbatch 32")
    t = time.monotonic()
    msgs, reply, took = run("train 100 epochs\nbias 9", interrupt_after=1.5)
    progress = [m for m in msgs if m["msg_type"] in
                ("display_data", "update_display_data")
                and "transient" in m["content"]]
    check(reply["status"] == "error" and reply["ename"] == "Interrupted"
          and "interrupted at epoch" in reply["evalue"],
          "interrupted: %r" % reply.get("evalue"))
    check(took < 10, "the stop button stops training at once (%.1f s)" % took)
    check(len(progress) >= 2, "a progress line updated in place")
    msgs, reply, _ = run("epochs\nevaluate")
    epochs = float(stdout(msgs).split("\n")[0])
    check(reply["status"] == "ok" and epochs >= 1
          and "accuracy" in stdout(msgs),
          "a further cell works; %s epochs were kept" % epochs)
    check(stdout(run("b")[0]) == "1\n", "the cell stopped at the interrupt")

    msgs, reply, _ = run("quit")
    msgs, reply, _ = run("b")
    check(reply["status"] == "ok" and stdout(msgs) != "1\n",
          "after quit a new session starts")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    del kc, km  # now, not at interpreter exit (a noisy __del__)

print("kernel start-up %.2f s, one-command cell %.1f ms (median of 10)"
      % (startup, cell * 1000))
if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("kernel: all passed")
