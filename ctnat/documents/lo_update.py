"""Run by the system Python that has LibreOffice's ``uno`` module (Debian's
python3-uno), never imported by CT-NAT itself:

    /usr/bin/python3 lo_update.py PIPE_NAME IN_FILE OUT_PDF [OUT_DOCX]

Connects to a headless soffice listening on ``PIPE_NAME``, opens IN_FILE,
updates every index (the table of contents) and field, exports OUT_PDF and,
for a Word file, stores the updated document as OUT_DOCX so it opens with the
contents filled. Exit code 0 on success; errors go to stderr.
"""

import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, seconds=60):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + seconds
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


def main(pipe, src, pdf, docx=None):
    ctx = connect(pipe)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise SystemExit(f"LibreOffice could not open {src}")
    try:
        writer = doc.supportsService("com.sun.star.text.TextDocument")
        if writer:
            doc.getTextFields().refresh()
            indexes = doc.getDocumentIndexes()
            for _ in range(2):  # twice: the contents' own length moves the page numbers once
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
                doc.refresh() if hasattr(doc, "refresh") else None
            if docx:
                doc.storeToURL(uno.systemPathToFileUrl(docx), (prop("FilterName", "MS Word 2007 XML"),))
            flt = "writer_pdf_Export"
        else:
            flt = "impress_pdf_Export"
        doc.storeToURL(uno.systemPathToFileUrl(pdf), (prop("FilterName", flt),))
    finally:
        doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass  # the bridge drops when soffice exits


if __name__ == "__main__":
    main(*sys.argv[1:])
