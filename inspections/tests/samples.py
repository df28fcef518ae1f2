"""Files as an attacker and as an honest user would upload them (shared with the apps above): what core.files must
refuse whatever the name, and one of each accepted kind."""

import io
import os
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'

# name -> (file name given, content)
REJECTED = {
    "html_named_pdf": ("quyet-dinh.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
    "svg_named_png": ("anh-chup.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
                                      b"<script>alert(1)</script></svg>"),
    "exe_named_docx": ("bien-ban.docx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200),
    "zip_named_docx": ("to-trinh.docx", _zip({"readme.txt": b"anything at all"})),
    "docm_with_macros": ("bao-cao.docx", _zip({"[Content_Types].xml": CONTENT_TYPES,
                                               "word/document.xml": b"<w:document/>",
                                               "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})),
    "script_named_txt": ("ghi-chu.txt", b"Ghi chu\n<script>alert(document.cookie)</script>\n"),
}

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82")

# name -> (file name given, content, extension stored)
ACCEPTED = {
    "pdf": ("Quyết định số 12.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", ".pdf"),
    "png": ("Ảnh chụp biên bản.png", PNG, ".png"),
    "jpeg": ("scan.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, ".jpg"),
    "docx": ("Báo cáo.docx", _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"}),
             ".docx"),
    "xlsx": ("Số liệu.xlsx", _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"}), ".xlsx"),
    "text": ("Ghi chú.txt", "Nội dung ghi chú của đoàn kiểm tra.\n".encode(), ".txt"),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def stored_files(root) -> list[str]:
    """Every file under the media root (relative paths), to show that a refusal stored nothing."""
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.relpath(os.path.join(folder, f), root) for f in files]
    return sorted(found)
