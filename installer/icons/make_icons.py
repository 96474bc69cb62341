"""Draw kujdes.png (256 px) and kujdes.ico (16-256 px) to match kujdes.svg.

    .venv/bin/python installer/icons/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SCALE = 4  # draw large, then shrink: smooth edges without an SVG renderer
TEAL, WHITE, RED = (31, 111, 120, 255), (255, 255, 255, 255), (228, 87, 46, 255)
HOUSE = [(128, 44), (212, 116), (192, 116), (192, 204), (64, 204), (64, 116), (44, 116)]


def heart(steps: int = 120) -> list[tuple[float, float]]:
    """The heart of the SVG as a polygon: two cubic curves from the bottom point."""
    curves = [((128, 186), (98, 164), (82, 148), (82, 128)),
              ((82, 128), (82, 114), (92, 104), (105, 104)),
              ((105, 104), (115, 104), (123, 110), (128, 118)),
              ((128, 118), (133, 110), (141, 104), (151, 104)),
              ((151, 104), (164, 104), (174, 114), (174, 128)),
              ((174, 128), (174, 148), (158, 164), (128, 186))]
    points = []
    for p0, p1, p2, p3 in curves:
        for i in range(steps):
            t = i / steps
            points.append(tuple(
                (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t ** 2 * c + t ** 3 * d
                for a, b, c, d in zip(p0, p1, p2, p3, strict=True)))
    return points


def draw() -> Image.Image:
    size = 256 * SCALE
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle([8 * SCALE, 8 * SCALE, 248 * SCALE, 248 * SCALE],
                          radius=48 * SCALE, fill=TEAL)
    pen.polygon([(x * SCALE, y * SCALE) for x, y in HOUSE], fill=WHITE)
    pen.polygon([(x * SCALE, y * SCALE) for x, y in heart()], fill=RED)
    return image.resize((256, 256), Image.Resampling.LANCZOS)


def main() -> None:
    image = draw()
    image.save(HERE / "kujdes.png")
    image.save(HERE / "kujdes.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64),
                                           (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
