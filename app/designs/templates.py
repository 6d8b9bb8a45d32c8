"""Cover templates: an image and a layout (where the title, amount, number,
expiry and barcode go). Built-in ones are files in resources/designs/
(``<id>.json`` naming its ``<id>.png``); managers add more, kept in the
database."""

from __future__ import annotations

import io
import json
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.designs.schema import TemplateRow
from app.errors import NotFound, ValidationError

log = logging.getLogger(__name__)

DESIGNS_ENV = "GIFTPOS_DESIGNS_DIR"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
CARD_SIZE = (1012, 638)  # ID-1 card (85.6 x 54 mm) at 300 dpi
MAX_IMAGE_BYTES = 4 * 1024 * 1024


def designs_dir() -> Path:
    env = os.environ.get(DESIGNS_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "resources" / "designs"


@dataclass(frozen=True, kw_only=True)
class Slot:
    """Where a piece of text goes: top-left corner and font size (px)."""

    x: int
    y: int
    size: int
    bold: bool = False


@dataclass(frozen=True, kw_only=True)
class Layout:
    size: tuple[int, int] = CARD_SIZE
    ink: str = "#ffffff"  # text colour
    accent: str = "#f3d28a"  # amount colour
    title: Slot = Slot(x=60, y=56, size=50, bold=True)
    amount: Slot = Slot(x=60, y=250, size=110, bold=True)
    number: Slot = Slot(x=60, y=448, size=36)
    expiry: Slot = Slot(x=60, y=504, size=24)
    barcode: tuple[int, int, int, int] = (560, 412, 392, 170)  # x, y, w, h of the panel
    radius: int = 40  # rounded corners of the card

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Layout:
        base = cls()
        try:
            def slot(name: str) -> Slot:
                d = data.get(name)
                cur: Slot = getattr(base, name)
                if d is None:
                    return cur
                return Slot(x=int(d.get("x", cur.x)), y=int(d.get("y", cur.y)),
                            size=int(d.get("size", cur.size)),
                            bold=bool(d.get("bold", cur.bold)))
            size = tuple(int(v) for v in data.get("size", base.size))
            bc = tuple(int(v) for v in data.get("barcode", base.barcode))
            if len(size) != 2 or len(bc) != 4 or min(size) < 100 or min(bc[2:]) < 40:
                raise ValueError("size or barcode box out of range")
            return cls(size=(size[0], size[1]), ink=str(data.get("ink", base.ink)),
                       accent=str(data.get("accent", base.accent)), title=slot("title"),
                       amount=slot("amount"), number=slot("number"), expiry=slot("expiry"),
                       barcode=(bc[0], bc[1], bc[2], bc[3]),
                       radius=int(data.get("radius", base.radius)))
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValidationError(f"The template layout is not valid: {exc}",
                                  key="invalid_layout") from exc


@dataclass(frozen=True, kw_only=True)
class Template:
    id: str
    name: str
    source: str  # "builtin" | "manager"
    layout: Layout
    image_bytes: bytes = field(repr=False)

    def image(self) -> Image.Image:
        img = Image.open(io.BytesIO(self.image_bytes)).convert("RGB")
        if img.size != self.layout.size:
            img = img.resize(self.layout.size, Image.Resampling.LANCZOS)
        return img

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "source": self.source,
                "size": list(self.layout.size)}


def _builtin(path: Path) -> Template | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        image = path.with_name(str(data.get("image", path.stem + ".png")))
        return Template(id=path.stem, name=str(data.get("name", path.stem)), source="builtin",
                        layout=Layout.from_dict(data), image_bytes=image.read_bytes())
    except (OSError, ValueError, ValidationError):
        log.warning("skipping the cover template %s", path, exc_info=True)
        return None


def builtin_templates() -> list[Template]:
    folder = designs_dir()
    found = [_builtin(p) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []
    return [t for t in found if t is not None]


def _of_row(row: TemplateRow) -> Template:
    return Template(id=row.id, name=row.name, source="manager",
                    layout=Layout.from_dict(json.loads(row.layout)), image_bytes=row.image)


def list_templates(session: Session) -> list[Template]:
    """Built-in templates, then the managers' (a manager's template with a
    built-in id is refused when added, so ids are unique)."""
    rows = session.scalars(select(TemplateRow).where(TemplateRow.active.is_(True))
                           .order_by(TemplateRow.id)).all()
    return builtin_templates() + [_of_row(r) for r in rows]


def get_template(session: Session, template_id: str) -> Template:
    for t in builtin_templates():
        if t.id == template_id:
            return t
    row = session.get(TemplateRow, template_id)
    if row is None or not row.active:
        raise NotFound(key="template_not_found", details=template_id,
                       params={"template": template_id})
    return _of_row(row)


def add_template(session: Session, *, template_id: str, name: str, image: bytes,
                 layout: dict[str, Any], now: datetime) -> Template:
    tid = (template_id or "").strip().lower()
    if not _ID.match(tid):
        raise ValidationError("A template id is 1-64 lower-case letters, digits, '-' or '_'.",
                              key="invalid_template_id")
    if any(t.id == tid for t in builtin_templates()):
        raise ValidationError(key="template_exists", code=409,
                              params={"why": "builtin", "template": tid})
    if len(image) > MAX_IMAGE_BYTES:
        raise ValidationError("The cover image is larger than 4 MB; make it smaller.",
                              key="image_too_large")
    try:
        with Image.open(io.BytesIO(image)) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError("The cover is not an image Pillow can read (use PNG).",
                              key="invalid_image") from exc
    lay = Layout.from_dict(layout)
    blob = json.dumps(layout, sort_keys=True)
    row = session.get(TemplateRow, tid)
    if row is not None:
        if row.image != image or row.layout != blob:
            raise ValidationError(key="template_exists", code=409, params={"template": tid})
        return _of_row(row)
    nm = " ".join((name or tid).split())[:120]
    session.add(TemplateRow(id=tid, name=nm, image=image, layout=blob, active=True,
                            created_at=now))
    session.flush()
    return Template(id=tid, name=nm, source="manager", layout=lay, image_bytes=image)
