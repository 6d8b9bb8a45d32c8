"""The built-in covers in resources/designs/, drawn with Pillow. Run
``python -m app.designs.covers`` to draw them again (deterministic)."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from app.designs.templates import CARD_SIZE, designs_dir

W, H = CARD_SIZE
RGB = tuple[int, int, int]


def _gradient(top_left: RGB, bottom_right: RGB) -> Image.Image:
    """A diagonal gradient, computed on a small image and scaled up smooth."""
    small = Image.new("RGB", (64, 40))
    px = small.load()
    assert px is not None
    for y in range(40):
        for x in range(64):
            t = (x / 63 * 0.65 + y / 39 * 0.35)
            px[x, y] = tuple(round(a + (b - a) * t) for a, b in zip(top_left, bottom_right,
                                                                     strict=True))
    return small.resize((W, H), Image.Resampling.BICUBIC)


def _glow(base: Image.Image, xy: tuple[int, int], r: int, colour: tuple[int, ...],
          blur: int) -> None:
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    x, y = xy
    ImageDraw.Draw(layer).ellipse((x - r, y - r, x + r, y + r), fill=colour)
    base.alpha_composite(layer.filter(ImageFilter.GaussianBlur(blur)))


def aurora() -> Image.Image:
    img = _gradient((14, 52, 74), (58, 22, 92)).convert("RGBA")
    _glow(img, (820, 80), 260, (64, 224, 190, 120), 90)
    _glow(img, (980, 420), 220, (170, 90, 255, 110), 100)
    _glow(img, (300, 700), 260, (30, 140, 200, 90), 110)
    waves = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(waves)
    for k in range(7):
        pts = [(x, 170 + k * 26 + 40 * math.sin(x / 150 + k * 0.6)) for x in range(0, W + 8, 8)]
        d.line(pts, fill=(255, 255, 255, 34 - k * 3), width=2)
    img.alpha_composite(waves)
    return img


def classic() -> Image.Image:
    img = _gradient((18, 30, 58), (8, 14, 30)).convert("RGBA")
    d = ImageDraw.Draw(img)
    gold = (212, 175, 95, 255)
    for i, width in enumerate((10, 3)):  # a ribbon across the right side
        x = 700 + i * 26
        d.polygon([(x, 0), (x + width * 4, 0), (x + width * 4 - 260, H), (x - 260, H)],
                  fill=(*gold[:3], 200 - i * 60))
    # a fine diamond pattern, barely there
    pattern = Image.new("RGBA", img.size, (0, 0, 0, 0))
    p = ImageDraw.Draw(pattern)
    for x in range(-H, W, 36):
        p.line([(x, 0), (x + H, H)], fill=(255, 255, 255, 10), width=1)
        p.line([(x + H, 0), (x, H)], fill=(255, 255, 255, 10), width=1)
    img.alpha_composite(pattern)
    d.rounded_rectangle((24, 24, W - 24, H - 24), radius=28, outline=(*gold[:3], 130), width=2)
    return img


def confetti() -> Image.Image:
    img = _gradient((255, 122, 89), (214, 51, 108)).convert("RGBA")
    _glow(img, (900, 100), 240, (255, 214, 102, 120), 90)
    rng = random.Random(20261129)
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    colours = [(255, 255, 255), (255, 230, 140), (120, 230, 210), (255, 190, 220)]
    for _ in range(90):
        x, y = rng.randint(580, W), rng.randint(0, 380)
        c = (*rng.choice(colours), rng.randint(120, 220))
        if rng.random() < 0.5:
            r = rng.randint(4, 9)
            d.ellipse((x - r, y - r, x + r, y + r), fill=c)
        else:
            a, ln = rng.random() * math.pi, rng.randint(10, 22)
            d.line([(x, y), (x + ln * math.cos(a), y + ln * math.sin(a))], fill=c, width=5)
    img.alpha_composite(layer)
    return img


COVERS = {
    "aurora": ("Aurora", aurora, {"ink": "#ffffff", "accent": "#9ff3dc"}),
    "classic": ("Classic navy and gold", classic, {"ink": "#f7f1e3", "accent": "#e3c27a"}),
    "confetti": ("Confetti", confetti, {"ink": "#ffffff", "accent": "#fff3b0"}),
}


def write_all(folder: Path | None = None) -> list[Path]:
    out = folder or designs_dir()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for tid, (name, draw, colours) in COVERS.items():
        draw().convert("RGB").save(out / f"{tid}.png", optimize=True)
        layout = {"name": name, "image": f"{tid}.png", "size": [W, H], **colours,
                  "title": {"x": 60, "y": 56, "size": 50, "bold": True},
                  "amount": {"x": 60, "y": 250, "size": 110, "bold": True},
                  "number": {"x": 60, "y": 448, "size": 36},
                  "expiry": {"x": 60, "y": 504, "size": 24},
                  "barcode": [560, 412, 392, 170], "radius": 40}
        (out / f"{tid}.json").write_text(json.dumps(layout, indent=2) + "\n", encoding="utf-8")
        written.append(out / f"{tid}.png")
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path)
