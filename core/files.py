"""Uploaded files: what is accepted, how it is named, how it goes back out.

- Accepted by CONTENT, never by the name a user gave: PDF, images (JPEG, PNG, GIF, WebP, TIFF, HEIC), Office
  documents (Word, Excel, PowerPoint: OOXML without macros, OpenDocument, the legacy binary formats) and plain text
  (UTF-8 text, CSV). Never HTML, SVG, XML, scripts or executables, whatever they are called: such a file could run
  in a browser that opened it or on the PC that downloaded it.
- At most settings.UPLOAD_MAX_BYTES (20 MB unless configured), refused with the limit in the message.
- Stored under a generated name (`GeneratedName`: <prefix>/<yyyy>/<mm>/<random>.<extension of the detected kind>),
  so no user-chosen name reaches the disk; the name the user gave is `original_name` on the cleaned file, for the
  model to keep when it shows or sends the file under that name.
- Sent back only through the scoped views (core.views.DownloadPage / `file_response`), as an attachment the
  browser may not sniff.
"""

import datetime
import mimetypes
import os
import re
import unicodedata
import uuid
import zipfile

from django import forms
from django.conf import settings
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# kind -> (extension, label); the extension of a stored file is always its detected kind's.
PDF, IMAGE, OFFICE, TEXT = "pdf", "image", "office", "text"
GROUPS = {
    PDF: gettext_lazy("PDF"),
    IMAGE: gettext_lazy("images (JPEG, PNG, GIF, WebP, TIFF, HEIC)"),
    OFFICE: gettext_lazy("Word, Excel or PowerPoint documents (OpenDocument too)"),
    TEXT: gettext_lazy("plain text or CSV"),
}
DOCUMENTS = (PDF, IMAGE, OFFICE, TEXT)
SPREADSHEETS = ("xlsx", "csv")  # imports: the exact kinds (see sniff's second value)

_PROGRAMS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")  # Windows, Linux, scripts, macOS
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|meta|a\s|img\s)", re.I)
_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF = {"application/vnd.oasis.opendocument.text": "odt",
        "application/vnd.oasis.opendocument.spreadsheet": "ods",
        "application/vnd.oasis.opendocument.presentation": "odp"}


def sniff(head: bytes, file=None, name: str = "") -> tuple[str, str] | None:
    """(group, extension) of a file from its first bytes (and, for zip-based documents, its table of contents),
    or None when it is none of the accepted kinds."""
    if head.startswith(b"%PDF-"):
        return PDF, "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return IMAGE, "png"
    if head.startswith(b"\xff\xd8\xff"):
        return IMAGE, "jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return IMAGE, "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return IMAGE, "webp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return IMAGE, "tif"
    if head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"}:
        return IMAGE, "heic"
    if head.startswith(_OLE):
        ext = os.path.splitext(name)[1].lower().lstrip(".")
        return OFFICE, ext if ext in {"doc", "xls", "ppt"} else "doc"
    if head.startswith(b"PK\x03\x04") and file is not None:
        return _sniff_zip(file)
    if _is_text(head):
        ext = os.path.splitext(name)[1].lower().lstrip(".")
        return TEXT, "csv" if ext == "csv" else "txt"
    return None


def _sniff_zip(file) -> tuple[str, str] | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                kind = archive.read("mimetype").decode("ascii", "replace").strip()
                return (OFFICE, _ODF[kind]) if kind in _ODF else None
            if "[Content_Types].xml" not in names:
                return None  # a plain zip: it could carry anything
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return None  # macros
            for prefix, ext in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return OFFICE, ext
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        file.seek(0)
    return None


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head or head.startswith(_PROGRAMS):
        return False
    sample = head
    for cut in range(4):  # a multi-byte character cut at the sample's end is still text
        try:
            text = sample[:len(sample) - cut].decode("utf-8-sig")
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    if _MARKUP.search(head):
        return False
    return all(ch.isprintable() or ch in "\r\n\t\f" for ch in text)


def upload_max_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


def check_upload(uploaded, *, groups=DOCUMENTS, max_bytes: int | None = None) -> str:
    """Refuse (forms.ValidationError) a file too big or of a kind not accepted; return the extension of its kind.
    `groups`: accepted groups (PDF, IMAGE, OFFICE, TEXT), or exact extensions such as SPREADSHEETS."""
    limit = max_bytes or upload_max_bytes()
    if uploaded.size > limit:
        raise forms.ValidationError(
            _("“%(name)s” is %(size)s: the largest file accepted is %(limit)s.")
            % {"name": uploaded.name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="file_too_big")
    if uploaded.size == 0:
        raise forms.ValidationError(_("“%(name)s” is empty.") % {"name": uploaded.name}, code="file_empty")
    uploaded.seek(0)
    head = uploaded.read(4096)
    uploaded.seek(0)
    found = sniff(head, uploaded, uploaded.name)
    accepted = found is not None and (found[0] in groups or found[1] in groups)
    if not accepted:
        kinds = ", ".join(str(GROUPS[g]) if g in GROUPS else g for g in groups)
        raise forms.ValidationError(
            _("“%(name)s” is not a file of an accepted kind (%(kinds)s): web pages, pictures in SVG, scripts and "
              "programs are refused, whatever their name.") % {"name": uploaded.name, "kinds": kinds},
            code="file_type")
    return found[1]


def clean_name(name: str, limit: int = 120) -> str:
    """A name fit to show and to send back: no path, no control characters, NFC, at most `limit` characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable() and ch not in '"<>|:*?')
    stem, ext = os.path.splitext(base.strip() or "file")
    return (stem[: max(1, limit - len(ext))] + ext)[:limit]


class UploadField(forms.FileField):
    """A file checked by check_upload; the cleaned file is renamed <random>.<kind's extension> (what GeneratedName
    stores) and keeps the user's name as `original_name`."""

    def __init__(self, *args, groups=DOCUMENTS, max_bytes: int | None = None, **kwargs):
        self.groups, self.max_bytes = groups, max_bytes
        super().__init__(*args, **kwargs)
        if not self.help_text:
            # lazy: a form's fields are built when its class is defined, in no request's language
            self.help_text = lazy(lambda: _("PDF, images, Office documents or plain text; at most %(limit)s.") % {
                "limit": filesizeformat(self.max_bytes or upload_max_bytes())}, str)()

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", accept_attr(self.groups))
        return attrs

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "size"):
            accept_upload(value, groups=self.groups, max_bytes=self.max_bytes)
        return value


def accept_upload(uploaded, *, groups=DOCUMENTS, max_bytes: int | None = None):
    """check_upload, then give the file its generated name's extension and keep the user's name as original_name."""
    ext = check_upload(uploaded, groups=groups, max_bytes=max_bytes)
    uploaded.original_name = clean_name(uploaded.name)
    uploaded.name = f"upload.{ext}"
    return uploaded


def accept_attr(groups) -> str:
    exts = {PDF: ".pdf", IMAGE: "image/*", OFFICE: ".doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp",
            TEXT: ".txt,.csv"}
    return ",".join(exts.get(g, f".{g}") for g in groups)


@deconstructible
class GeneratedName:
    """upload_to: <prefix>/<yyyy>/<mm>/<32 random hex>.<extension>; the extension is the detected kind's (UploadField
    renamed the file), never a name the user chose."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        ext = os.path.splitext(filename)[1].lower()
        ext = ext if re.fullmatch(r"\.[a-z0-9]{1,5}", ext) else ".bin"
        today = datetime.date.today()
        return f"{self.prefix}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.prefix == self.prefix


def file_response(field_file, download_name: str) -> FileResponse:
    """A stored file as an attachment under `download_name`; the browser may neither sniff nor render it."""
    name = clean_name(download_name) or "file"
    stored_ext = os.path.splitext(field_file.name)[1]
    if stored_ext and not name.lower().endswith(stored_ext.lower()):
        name = os.path.splitext(name)[0] + stored_ext
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=name,
                            content_type=mimetypes.guess_type(field_file.name)[0] or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
