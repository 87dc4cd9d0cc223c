"""Per-test outcomes of stored boots, through the one KTAP reader (ci/ktap.py) and expectations."""
import fnmatch
import os
import re
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTATIONS = os.path.join(HERE, "expectations")
_PREFIX = re.compile(r"^selftests:\s*([^:\s]+):\s*")


@dataclass
class Case:
    label: str          # kernel label: 6.1, 6.12, custom
    arch: str           # guest arch (x86_64 for i386 cases)
    abi: str
    name: str           # stable name: abi/collection/test[/subtest]
    status: str         # pass, fail, skip, xfail (as the guest reported it)
    reason: str
    expected: object    # the Expectation covering this case, or None

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


def _status(word):
    word = (word or "").lower()
    if word in ("pass", "ok", "passed"):
        return "pass"
    if word in ("skip", "skipped"):
        return "skip"
    if word == "xfail":
        return "xfail"
    return "fail"


def stable(abi, name):
    """`selftests: abi: prog/sub` (run_kselftest.sh's form) becomes `<abi>/abi/prog/sub`."""
    name = _PREFIX.sub(lambda m: m.group(1) + "/", name.strip())
    return "%s/%s" % (abi, name)


def parse_ktap(text):
    """[(name, status, reason)] from the one KTAP reader; clear error while it is missing."""
    try:
        import ktap
    except ImportError:
        raise RuntimeError("ci/ktap.py, the project's one KTAP reader, is not in the tree "
                           "yet; the matrix cannot name per-test results without it") from None
    return ktap.flatten(ktap.parse(text))


def cases_of(result, out_dir, expectations=None):
    """Every KTAP result of one boot (all its ABIs), in console order."""
    cases = []
    for abi in result["abis"]:
        path = os.path.join(out_dir, result["kernel_id"], result["arch"], abi + ".ktap")
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        exp = expectations.get(abi, []) if expectations else load_expectations(abi)
        seen = {}
        for name, status, reason in parse_ktap(text):
            full = stable(abi, name)
            # Names must stay unique or two results collapse into one (LKFT's old bug).
            seen[full] = seen.get(full, 0) + 1
            if seen[full] > 1:
                full = "%s#%d" % (full, seen[full])
            match = next((e for e in exp if e.covers(result["label"], full)), None)
            cases.append(Case(result["label"], result["arch"], abi, full, _status(status),
                              reason or "", match))
    return cases
