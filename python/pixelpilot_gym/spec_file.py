"""Reads a pixelpilot / SLM Lab spec file in Python: JSON with ``//`` and ``/* */`` comments and
trailing commas, as SLM Lab's own files and pixelpilot's ``demos/specs`` write them.
"""
import json


def strip_comments(text):
    """The JSON text without comments and trailing commas (strings are left as they are)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c == ",":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            # A comma before a comment then a closing bracket is trailing too: look past comments.
            rest = strip_comments(text[j:]) if text.startswith(("//", "/*"), j) else text[j:]
            if not rest.lstrip().startswith(("}", "]")):
                out.append(c)
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_spec(path, name=None):
    """The spec named ``name`` in the file at ``path`` (``{name: {agent, env, meta}}``), or its only
    one; a file holding the spec itself (with ``agent`` at the top) is returned as it is."""
    with open(path, encoding="utf-8") as f:
        data = json.loads(strip_comments(f.read()))
    if "agent" in data:
        return data
    if name is None:
        if len(data) != 1:
            raise ValueError(f"{path} holds the specs {sorted(data)}: give the name of one")
        return next(iter(data.values()))
    if name not in data:
        raise ValueError(f"{path} has no spec {name!r} (it has {sorted(data)})")
    return data[name]
