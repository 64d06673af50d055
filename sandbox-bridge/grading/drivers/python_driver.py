# Runs inside the sandbox, in the same process as the candidate's code, so it
# holds nothing worth stealing: it reads the calls (never an expected value)
# from stdin, calls the candidate's function and writes what came back as
# nonce-framed lines on stdout. The bridge decides pass or fail.
import importlib
import inspect
import json
import os
import sys
import traceback

# Taken before the candidate's module can replace them.
_dumps = json.dumps
_write = os.write
_stdout = os.dup(1)
_input = json.loads(sys.stdin.buffer.read())
_marker = "\x1e" + _input["nonce"] + " "
# The candidate's prints go to stderr; stdout carries only frames (a stray
# line there is ignored by the bridge anyway).
sys.stdout = sys.stderr


def _encode(value):
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _send(record):
    try:
        text = _dumps(record, default=_encode, allow_nan=False)
    except Exception as error:  # noqa: BLE001 - any encoding failure fails the case
        text = _dumps({"case": record.get("case"), "error": f"The result is not JSON: {error}"})
    data = ("\n" + _marker + text + "\n").encode()
    while data:
        data = data[_write(_stdout, data):]


def _describe(error):
    return f"{type(error).__name__}: {error}"


try:
    sys.path.insert(0, os.getcwd())
    _name = _input["module"][:-3].replace("/", ".") if _input["module"].endswith(".py") else _input["module"]
    _module = importlib.import_module(_name)
    _entry = getattr(_module, _input["entry"], None)
    if not callable(_entry):
        raise AttributeError(f"{_input['module']} has no {_input['kind']} named {_input['entry']}")
except BaseException as error:  # noqa: BLE001 - SystemExit at import is a failure too
    _send({"fatal": _describe(error) + "\n" + traceback.format_exc(limit=-3)})
    os._exit(1)
_send({"ready": True})

for _index in range(_input["start"], len(_input["cases"])):
    _call = _input["cases"][_index]
    try:
        if _input["kind"] == "class":
            _instance = _entry(*_call["args"])
            _value = []
            for _method, *_args in _call["calls"]:
                _value.append(getattr(_instance, _method)(*_args))
        else:
            _value = _entry(*_call["args"])
        if inspect.isawaitable(_value):
            raise TypeError("the function returned an awaitable; return the value itself")
        _send({"case": _index, "value": _value})
    except BaseException as error:  # noqa: BLE001 - SystemExit in a call fails that case
        _send({"case": _index, "error": _describe(error)})
os._exit(0)
