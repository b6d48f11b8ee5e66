"""The UNO side of the warm converter (parsers/warm_office.py), run by a Python that has LibreOffice's
`uno` module (Debian's python3 with python3-uno), not by the bot's own interpreter.

    python3 office_bridge.py PIPE_NAME

Connects to the LibreOffice listening on the private pipe PIPE_NAME (retrying while it starts), says
{"ready": true} on stdout, then converts one file per line of stdin:
    {"in": "/abs/in.doc", "out": "/abs/out.docx", "target": "docx"}  ->  {"ok": true} | {"error": "..."}
Documents are opened hidden, read-only, macros never run, links never updated; formulas are computed
before a spreadsheet is stored (as `--convert-to` does on load). Standalone: imports only uno.
"""
import json
import sys
import time

FILTERS = {("docx", "text"): "MS Word 2007 XML", ("xlsx", "sheet"): "Calc MS Excel 2007 XML",
           ("pdf", "text"): "writer_pdf_Export", ("pdf", "sheet"): "calc_pdf_Export",
           ("pdf", "slides"): "impress_pdf_Export"}
SERVICES = (("com.sun.star.text.TextDocument", "text"), ("com.sun.star.sheet.SpreadsheetDocument", "sheet"),
            ("com.sun.star.presentation.PresentationDocument", "slides"))


def say(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def props(**values):
    from com.sun.star.beans import PropertyValue
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def connect(pipe: str, seconds: float = 60.0):
    import uno
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def convert(desktop, request: dict) -> None:
    import uno
    src = uno.systemPathToFileUrl(request["in"])
    doc = desktop.loadComponentFromURL(src, "_blank", 0, props(Hidden=True, ReadOnly=True, MacroExecutionMode=0,
                                                                UpdateDocMode=0, Silent=True))
    if doc is None:
        raise ValueError("LibreOffice could not open it")
    try:
        kind = next((k for service, k in SERVICES if doc.supportsService(service)), "")
        name = FILTERS.get((request["target"], kind))
        if not name:
            raise ValueError(f"no {request['target']} export for this document ({kind or 'unknown'})")
        if kind == "sheet":
            doc.calculateAll()
        doc.storeToURL(uno.systemPathToFileUrl(request["out"]), props(FilterName=name, Overwrite=True))
    finally:
        try:
            doc.close(True)
        except Exception:
            doc.dispose()


def main() -> int:
    try:
        desktop = connect(sys.argv[1])
    except Exception as exc:                        # no uno module, or LibreOffice never listened
        say({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    say({"ready": True})
    for line in sys.stdin:
        try:
            convert(desktop, json.loads(line))
            say({"ok": True})
        except Exception as exc:
            text = str(getattr(exc, "Message", "") or exc).strip().splitlines()
            say({"error": f"{type(exc).__name__}: {text[0] if text else ''}"[:300]})
            if type(exc).__name__ in ("DisposedException", "RuntimeException"):
                return 1                            # the office is gone: the worker starts another
    return 0


if __name__ == "__main__":
    try:
        import uno  # noqa: F401
    except ImportError as exc:
        say({"error": f"no uno module: {exc}"})
        sys.exit(1)
    sys.exit(main())
