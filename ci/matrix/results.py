"""Per-test outcomes of stored boots, through the one KTAP reader (ci/ktap.py) and expectations."""
import fnmatch
import os
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTATIONS = os.path.join(HERE, "expectations")


@dataclass
class Case:
    label: str          # kernel label: 6.1, 6.12, custom
    arch: str           # guest arch (x86_64 for i386 cases)
    abi: str
    name: str           # stable name: abi/collection/test[/subtest]
    status: str         # pass, fail, skip, xfail (as the guest reported it)
    reason: str
    expected: object    # the Expectation covering this case, or None
    diagnostics: list = None    # the test's own `#` lines, the last few

    @property
    def id(self):
        return "%s:%s" % (self.label, self.name)

    @property
    def collection(self):
        return self.name.split("/")[1]

    @property
    def outcome(self):
        """What the matrix counts: an expected failure is xfail, an unexpected pass xpass."""
        if self.expected and self.status == "fail":
            return "xfail"
        if self.expected and self.status == "pass":
            return "xpass"
        return self.status


@dataclass
class Expectation:
    abi: str
    pattern: str
    kernels: tuple
    reason: str
    where: str

    def covers(self, label, name):
        return (("*" in self.kernels or label in self.kernels) and
                fnmatch.fnmatchcase(name.split("/", 1)[1], self.pattern))


def load_expectations(abi, folder=EXPECTATIONS):
    """ci/matrix/expectations/<abi>.txt: `collection/test KERNELS reason...` per line.

    KERNELS is * or a comma list of labels (6.1,6.12,custom); the pattern may use
    shell wildcards. Every entry needs a reason: an unexplained xfail hides a bug."""
    path = os.path.join(folder, abi + ".txt")
    out = []
    try:
        with open(path) as f:
            lines = f.readlines()
    except OSError:
        return out
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3 or "/" not in parts[0]:
            raise ValueError("%s:%d: want `collection/test KERNELS reason`" % (path, n))
        out.append(Expectation(abi, parts[0], tuple(parts[1].split(",")), parts[2],
                               "%s:%d" % (path, n)))
    return out


def _status(word, reason):
    """The guest's status in the four words pytest knows; timeouts and errors are failures."""
    word = (word or "").lower()
    if word in ("pass", "skip", "xfail", "fail"):
        return word, reason
    return "fail", ("%s: %s" % (word, reason)) if reason else word


def parse_ktap(text):
    """[(name, status, reason, diagnostics)] from the one KTAP reader, one per deciding test.

    The reader lists parents and children; a parent's result is its children's unless
    the program itself failed after them (crash, timeout, nonzero exit), so leaves count,
    and a parent counts only when it fails while none of its children does."""
    try:
        import ktap
    except ImportError:
        raise RuntimeError("ci/ktap.py, the project's one KTAP reader, is missing") from None
    root = ktap.parse(text)
    flat = ktap.flatten(root)
    # flatten walks the tree parents first, so a walk of our own pairs each with its node.
    nodes = []

    def walk(node):
        for child in node.children:
            nodes.append(child)
            walk(child)
    walk(root)
    out = []
    for i, (name, status, reason) in enumerate(flat):
        kids = [f for f in flat[i + 1:] if f[0].startswith(name + "/")]
        if not kids or (status in ktap.FAILING and
                        not any(k[1] in ktap.FAILING for k in kids)):
            diag = nodes[i].diagnostics if len(nodes) == len(flat) else []
            out.append((name, status, reason, list(diag)[-15:]))
    return out


def cases_of(result, out_dir, expectations=None):
    """Every KTAP result of one boot (all its ABIs), in console order."""
    cases = []
    base = os.path.join(out_dir, result["kernel_id"], result["arch"])
    # The suites' KTAP, then the cross-kernel C/R hook's (as collection cr-cross/<phase>).
    sources = [(abi, abi + ".ktap", "") for abi in result["abis"]]
    sources += [(key.split(":")[0], "%s.cr-%s.ktap" % tuple(key.split(":")),
                 "cr-cross/%s/" % key.split(":")[1]) for key in sorted(result.get("cr", {}))]
    for abi, fname, prefix in sources:
        try:
            with open(os.path.join(base, fname)) as f:
                text = f.read()
        except OSError:
            continue
        exp = expectations.get(abi, []) if expectations else load_expectations(abi)
        for name, status, reason, diag in parse_ktap(text):
            full = "%s/%s%s" % (abi, prefix, name)
            match = next((e for e in exp if e.covers(result["label"], full)), None)
            status, reason = _status(status, reason or "")
            cases.append(Case(result["label"], result["arch"], abi, full, status, reason,
                              match, diag))
    return cases
