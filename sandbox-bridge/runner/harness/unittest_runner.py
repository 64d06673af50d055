"""A unittest runner for the sandbox bridge: one JSON line per finished test.

Results go to a private copy of stdout; the candidate's prints are sent to
stderr (and captured per test by unittest's buffer), so they cannot be
mistaken for results.
"""
import importlib.util
import json
import os
import sys
import time
import traceback
import unittest

MAX_OUTPUT = 4096
channel = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr


def emit(record):
    channel.write(json.dumps(record) + "\n")
    channel.flush()


class StreamingResult(unittest.TestResult):
    def __init__(self, file_of):
        super().__init__()
        self.buffer = True
        self.file_of = file_of
        self.started = {}

    def startTest(self, test):
        self.started[test.id()] = time.perf_counter()
        super().startTest(test)

    def _report(self, test, passed, error=None, skipped=False):
        began = self.started.pop(test.id(), time.perf_counter())
        name = getattr(test, "_testMethodName", None) or str(test)
        emit({
            "type": "result",
            "name": name,
            "file": self.file_of.get(type(test).__module__, ""),
            "passed": passed,
            "skipped": skipped,
            "durationMs": (time.perf_counter() - began) * 1000,
            "error": error[-MAX_OUTPUT:] if error else None,
        })

    def addSuccess(self, test):
        super().addSuccess(test)
        self._report(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._report(test, False, self.failures[-1][1])

    def addError(self, test, err):
        super().addError(test, err)
        self._report(test, False, self.errors[-1][1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._report(test, True, skipped=True)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._report(test, True)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._report(test, False, "unexpected success")


def main(paths):
    sys.path.insert(0, os.getcwd())
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    file_of = {}
    for path in paths:
        name = os.path.splitext(os.path.basename(path))[0]
        try:
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        except BaseException:
            emit({
                "type": "result",
                "name": f"{path} (did not run)",
                "file": path,
                "passed": False,
                "durationMs": 0,
                "error": traceback.format_exc()[-MAX_OUTPUT:],
            })
            continue
        file_of[name] = path
        suite.addTests(loader.loadTestsFromModule(module))
    emit({"type": "plan", "total": suite.countTestCases()})
    result = StreamingResult(file_of)
    suite.run(result)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
