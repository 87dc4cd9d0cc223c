#!/usr/bin/python3
"""The one KTAP/TAP reader: parses noisy, nested test output into a tree and stable names.

    parse(text) -> Node      the document as a tree; the root is the whole log
    flatten(node) -> [(stable_name, status, reason), ...]   every test, parents and leaves

Reads KTAP version 1 and TAP 13/14: nesting by indentation of any width, `# Subtest:` lines,
kselftest's `# `-prefixed nested output, directives (SKIP XFAIL XPASS TODO TIMEOUT ERROR, any
case), `1..0 # SKIP`, `Bail out!`, missing plans and results. Console noise (\\r, ANSI and firmware
escape sequences, kernel messages on their own line or spliced into a line, garbage) never changes a
result. Statuses: pass fail skip xfail xpass timeout error.

Command line: ktap.py FILE (or -) prints one `status name # reason` line per test and exits 1 if
anything failed (fail, timeout, error, xpass, or a log that is truncated or bailed out).
"""
import re
import sys

STATUSES = ("pass", "fail", "skip", "xfail", "xpass", "timeout", "error")
FAILING = ("fail", "timeout", "error", "xpass")

_ESCAPE = re.compile(r"""
    \x1b\[[0-9;?<=>]*[ -/]*[@-~]       # CSI: colours, cursor, SLOF's ?25l/?25h
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)  # OSC ... BEL or ST
  | \x1b[()*+][0-9A-Za-z]              # character set selection
  | \x1b[@-Z\\-_=>78]                  # other two-byte escapes
  | [\x00-\x08\x0b-\x1f\x7f]           # remaining control characters (not tab)
""", re.VERBOSE)
# A printk line: optional <level>, [seconds.micros], optional [caller id].
_KMSG_START = re.compile(r"^\s*(?:<\d+>)?\[\s*\d+\.\d+\](?:\[\s*[CT]\d+\])?")
_KMSG_SPLICED = re.compile(r"(?:<\d+>)?\[\s*\d+\.\d{6}\](?:\[\s*[CT]\d+\])? ")

_VERSION = re.compile(r"^(?:KTAP|TAP) version (\d+)\s*$", re.I)
_PLAN = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
_RESULT = re.compile(r"^(not ok|ok)(?:\s+(\d+))?(?:\s+(?:-\s+)?(.*))?$")
_NUMBERED_RESULT = re.compile(r"^(?:not ok|ok)\s+\d+(?:\s|$)")
_BAIL = re.compile(r"^Bail out!\s*(.*)$", re.I)
_SUBTEST = re.compile(r"^#\s*Subtest:\s*(.*)$", re.I)
_DIRECTIVE = re.compile(r"^(SKIP|TODO|XFAIL|XPASS|TIMEOUT|ERROR)\b[:\s]*(.*)$", re.I)
_SELFTESTS = re.compile(r"^selftests:\s*(\S+):\s*(\S+)$")
_UNESCAPED_HASH = re.compile(r"(?<!\\)#")


class Node:
    """One test: its result line (if any) and the subtests printed before it."""

    def __init__(self, name="", number=None):
        self.name = name
        self.number = number
        self.status = None
        self.reason = ""
        self.diagnostics = []
        self.children = []
        self.plan = None
        self.skip_all = None
        self.bail = None
        self.has_result = False

    def __repr__(self):
        return "Node(%r, %s, %r, %d children)" % (self.name, self.status, self.reason,
                                                  len(self.children))


def _clean(line):
    return _ESCAPE.sub("", line.replace("\r", "")).expandtabs(8)


_KERNEL_TROUBLE = re.compile(r"Kernel panic|BUG:|Oops|WARNING:|Call Trace")


def _console_lines(text, kernel_trouble):
    """Lines without escapes and kernel messages; a line a kernel message split is rejoined.
    Kernel messages that mean trouble (panic, BUG, Oops, WARNING) go to kernel_trouble."""
    lines = [_clean(l) for l in text.split("\n")]
    # A log cut mid-line (lost console, killed VM) ends in a fragment: never a result.
    lines.pop()
    out = []
    for i, line in enumerate(lines):
        start = _KMSG_START.match(line)
        spliced = None if start else _KMSG_SPLICED.search(line)
        if not start and not spliced:
            out.append(line)
            continue
        msg = line[(start or spliced).end():].strip()
        if _KERNEL_TROUBLE.search(msg):
            kernel_trouble.append(msg)
        if start or not line[:spliced.start()].strip():
            continue
        # The test's line goes on after the kernel message(s): rejoin it there, unless what
        # follows is a line of its own (the fragment was other programs' unterminated text).
        j = i + 1
        while j < len(lines) and _KMSG_START.match(lines[j]):
            j += 1
        if j >= len(lines):
            continue
        if _starts_line(lines[j]):
            out.append(line[:spliced.start()])
        else:
            lines[j] = line[:spliced.start()] + lines[j]
    return out


def _starts_line(line):
    """Does this console line begin a KTAP line (anything but a continuation)?"""
    body = line.lstrip(" ")
    return body.startswith("#") or _is_ktap(body.rstrip())


def _is_ktap(content):
    return bool(_VERSION.match(content) or _PLAN.match(content) or
                _NUMBERED_RESULT.match(content) or _BAIL.match(content))


def _normalize(line):
    """(indent, content). kselftest's runner nests a program's TAP as `# ok 1 x`; each such
    `#` marker counts as one more indentation level, except the last one of a diagnostic."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    markers = re.match(r"^(?:#(?: +|$))+", stripped)
    if not markers:
        return indent, stripped.rstrip()
    body = stripped[markers.end():].rstrip()
    if _is_ktap(body):
        return indent + markers.end(), body
    count = markers.group(0).count("#")
    if count == 1:
        return indent, stripped.rstrip()
    # Keep one marker: `# # Totals` is a diagnostic one level down.
    lead = stripped[:markers.end()]
    last = lead.rindex("#")
    return indent + last, ("# " + body).rstrip()


def _parse_result(content):
    m = _RESULT.match(content)
    ok = m.group(1) == "ok"
    number = int(m.group(2)) if m.group(2) else None
    rest = m.group(3) or ""
    parts = _UNESCAPED_HASH.split(rest, 1)
    name = parts[0].strip().replace("\\#", "#")
    tail = parts[1].strip() if len(parts) > 1 else ""
    node = Node(name, number)
    node.has_result = True
    d = _DIRECTIVE.match(tail)
    if d:
        word, node.reason = d.group(1).upper(), d.group(2).strip()
        node.status = {"SKIP": "skip", "XFAIL": "xfail", "XPASS": "xpass",
                       "TIMEOUT": "timeout", "ERROR": "error",
                       "TODO": "xpass" if ok else "xfail"}[word]
    else:
        node.reason = tail
        node.status = "pass" if ok else "fail"
    # Old kselftest.h: `ok 3 # SKIP __vdso_clock_getres CLOCK_BOOTTIME` names the test there.
    if not node.name and node.reason:
        node.name = node.reason
    return node


class _Block:
    """The lines at one indentation: a test's subtests, or the whole document."""

    def __init__(self, indent, node):
        self.indent = indent
        self.node = node
        self.pending_diags = []
        self.pending_child = None   # a closed deeper block still waiting for its result line
        self.subtest_name = None


def _finish(node):
    """Checks a node whose lines are all read: plan against results, bail out, no result."""
    if node.status == "skip" and not node.reason and node.skip_all:
        node.reason = node.skip_all
    if node.skip_all is not None and not node.children:
        if not node.has_result:
            node.status, node.reason = "skip", node.skip_all
        return
    if node.bail is not None:
        node.diagnostics.append("Bail out! " + node.bail)
    missing = node.plan is not None and len(node.children) < node.plan
    if missing:
        node.diagnostics.append("planned %d results, got %d" % (node.plan, len(node.children)))
    if not node.has_result:
        if node.bail is not None:
            node.status, node.reason = "error", "Bail out! " + node.bail
        elif missing:
            node.status, node.reason = "error", "missing results: planned %d, got %d" % (
                node.plan, len(node.children))
        elif any(c.status in FAILING for c in node.children):
            node.status, node.reason = "fail", ""
        elif node.children and all(c.status == "skip" for c in node.children):
            node.status = "skip"
        elif node.children:
            node.status = "pass"
        else:
            node.status, node.reason = "error", "no result line"
        return
    if node.status in ("pass", "skip") and (missing or node.bail is not None):
        node.status = "error"
        node.reason = ("Bail out! " + node.bail) if node.bail is not None else \
            "missing results: planned %d, got %d" % (node.plan, len(node.children))


def _name_orphan(node):
    """A program that never printed its result line is named by the runner's header line."""
    if node.name:
        return
    for d in node.diagnostics:
        if _SELFTESTS.match(d):
            node.name = d
            return


def _adopt(result, sub):
    """A result line takes over the subtests printed before it."""
    result.children = sub.children
    result.plan = sub.plan
    result.skip_all = sub.skip_all
    result.bail = sub.bail
    result.diagnostics = sub.diagnostics + result.diagnostics
    if not result.name:
        result.name = sub.name


def parse(text):
    """Parses a log into a tree; the returned root stands for the whole document."""
    root = Node()
    root.has_result = False
    stack = [_Block(0, root)]
    saw_version = False

    def close_top():
        blk = stack.pop()
        blk.node.diagnostics.extend(blk.pending_diags)
        _flush_pending(blk)
        stack[-1].pending_child = blk.node

    def _flush_pending(blk):
        if blk.pending_child is not None:
            orphan = blk.pending_child
            blk.pending_child = None
            orphan.number = len(blk.node.children) + 1
            _name_orphan(orphan)
            _finish(orphan)
            blk.node.children.append(orphan)

    trouble = []
    for raw in _console_lines(text, trouble):
        if not raw.strip():
            continue
        indent, content = _normalize(raw)
        kind = None
        if _VERSION.match(content):
            kind = "version"
        elif _PLAN.match(content):
            kind = "plan"
        elif _RESULT.match(content) and (_NUMBERED_RESULT.match(content) or
                                         re.match(r"^(not ok|ok)(\s+-|\s*$)", content)):
            kind = "result"
        elif _BAIL.match(content):
            kind = "bail"
        elif content.startswith("#"):
            kind = "diag"
        if kind is None:
            continue    # unknown line: noise never changes results
        if kind == "version":
            saw_version = True

        while indent < stack[-1].indent and len(stack) > 1:
            close_top()
        if indent > stack[-1].indent:
            parent = stack[-1]
            # Back at a level we left early (noise at a lower indentation): resume it.
            node = parent.pending_child or Node(parent.subtest_name or "")
            parent.pending_child = None
            parent.subtest_name = None
            stack.append(_Block(indent, node))
        blk = stack[-1]

        if kind == "version":
            blk.node.diagnostics.extend(blk.pending_diags)
            blk.pending_diags = []
        elif kind == "plan":
            m = _PLAN.match(content)
            blk.node.plan = int(m.group(1))
            if blk.node.plan == 0 and m.group(2):
                d = _DIRECTIVE.match(m.group(2).strip())
                blk.node.skip_all = d.group(2).strip() if d else m.group(2).strip()
        elif kind == "bail":
            blk.node.bail = _BAIL.match(content).group(1).strip()
        elif kind == "diag":
            sm = _SUBTEST.match(content)
            if sm:
                if not blk.node.children and not blk.node.name and len(stack) > 1:
                    blk.node.name = sm.group(1).strip()
                else:
                    blk.subtest_name = sm.group(1).strip()
                continue
            blk.pending_diags.append(content[1:].strip())
        else:
            node = _parse_result(content)
            node.diagnostics = blk.pending_diags
            blk.pending_diags = []
            if blk.pending_child is not None:
                _adopt(node, blk.pending_child)
                blk.pending_child = None
            _finish(node)
            blk.node.children.append(node)

    while len(stack) > 1:
        close_top()
    top = stack[0]
    root.diagnostics.extend(top.pending_diags)
    _flush_pending(top)
    if not saw_version and not root.children:
        root.status, root.reason = "error", "no KTAP/TAP output"
        return root
    _finish(root)
    if trouble:
        root.diagnostics.extend("kernel: " + t for t in trouble)
        if root.status in FAILING:
            panic = [t for t in trouble if t.startswith("Kernel panic")]
            note = "kernel: %s" % (panic or trouble)[0]
            root.reason = "%s (%s)" % (root.reason, note) if root.reason else note
    return root


def stable_name(name, number):
    """A name that survives renumbering: `selftests: abi: vdso_abi` is `abi/vdso_abi`."""
    m = _SELFTESTS.match(name)
    if m:
        return "%s/%s" % m.groups()
    return name if name else "test_%s" % number


def flatten(node, prefix=""):
    """[(stable_name, status, reason)] for every test below node, parents before children.
    Names repeated at one level get a ~2, ~3 suffix so distinct results never merge."""
    out = []
    seen = {}
    for child in node.children:
        name = stable_name(child.name, child.number)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = "%s~%d" % (name, seen[name])
        path = prefix + name
        out.append((path, child.status, child.reason))
        out.extend(flatten(child, path + "/"))
    return out


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: ktap.py FILE|-   (prints each test's status; exit 1 on failure)\n")
        return 2
    try:
        if argv[1] == "-":
            text = sys.stdin.buffer.read()
        else:
            with open(argv[1], "rb") as f:
                text = f.read()
    except OSError as e:
        sys.stderr.write("ktap.py: %s: %s\n" % (argv[1], e.strerror))
        return 2
    root = parse(text.decode("utf-8", "replace"))
    failed = root.status in FAILING
    for name, status, reason in flatten(root):
        name = name.replace("#", "\\#")
        print("%-7s %s%s" % (status, name, " # " + reason if reason else ""))
        failed = failed or status in FAILING
    if root.reason:
        print("%-7s (log) # %s" % (root.status, root.reason))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
