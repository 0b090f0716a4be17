#!/usr/bin/env python3
"""Pillow baseline for benches/render.rs: draws the same Instagram-post composition.

Composition (as the Rust bench): 1080x1080, linear gradient #FF6B6B -> #4ECDC4 at 135 degrees,
a synthetic cut-out product (520x640, scaled with Lanczos) with a blurred drop shadow, bold
headline "Premium Kahve Makinesi" shrunk to fit, wrapped body text, a price pill with a struck
old price, a discount badge, a call-to-action button, hashtags, a top-right text watermark and
the PofuAi mark. Fonts are the crate's bundled Noto Sans files.

Encoder settings (the Rust renderer uses the same): PNG zlib compress_level=1 with Pillow's
adaptive per-row filter, JPEG quality 85 (4:2:0), WebP quality 80 with method 2 (libwebp's
default is 4; both sides set 2 explicitly).

Usage: python3 bench/pillow_template.py [--n 30] [--format png|jpeg|webp] [--out file]
Prints one line: "format=png n=30 median_ms=... p99_ms=... bytes=..."

With --encode-rgb FILE (raw 1080x1080 RGB, e.g. the Rust renderer's canvas) it only times
Pillow's encoder on those pixels and prints "format=png n=... encode_median_ms=... bytes=...":
file sizes of two encoders compared on identical pixels.
"""

import argparse
import io
import os
import statistics
import time

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = os.path.join(HERE, "..", "fonts")
W = H = 1080
INK = (0x11, 0x18, 0x27)


def font(bold, size):
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(os.path.join(FONTS, name), size)


def product_cutout():
    img = Image.new("RGBA", (520, 640), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((60, 40, 460, 520), 48, fill=(80, 78, 76, 255))
    d.rectangle((140, 100, 380, 220), fill=(30, 34, 44, 255))
    d.rounded_rectangle((30, 520, 490, 600), 24, fill=(150, 150, 158, 255))
    d.ellipse((170, 370, 350, 510), fill=(245, 240, 232, 255))
    return img


# 135 degrees (top-left -> bottom-right): a small diagonal ramp, scaled up per render.
_DIAGONAL = Image.new("L", (256, 256))
_DIAGONAL.putdata([(x + y) // 2 for y in range(256) for x in range(256)])


def gradient():
    a = Image.new("RGB", (W, H), (0xFF, 0x6B, 0x6B))
    b = Image.new("RGB", (W, H), (0x4E, 0xCD, 0xC4))
    mask = _DIAGONAL.resize((W, H), Image.BILINEAR)
    return Image.composite(b, a, mask)


def wrap(draw, text, fnt, max_w):
    lines, line = [], ""
    for word in text.split():
        trial = (line + " " + word).strip()
        if draw.textlength(trial, font=fnt) <= max_w or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def fit(draw, text, bold, max_size, min_size, max_w, max_h):
    size = max_size
    while True:
        fnt = font(bold, size)
        lines = wrap(draw, text, fnt, max_w)
        h = len(lines) * int(size * 1.2)
        if h <= max_h or size <= min_size:
            return fnt, lines, size
        size = max(min_size, int(size * 0.93))


def centered(draw, y, lines, fnt, size, fill):
    for line in lines:
        w = draw.textlength(line, font=fnt)
        draw.text(((W - w) / 2, y), line, font=fnt, fill=fill)
        y += int(size * 1.2)
    return y


def render(product, fmt):
    canvas = gradient().convert("RGBA")
    draw = ImageDraw.Draw(canvas)
    pad = 64
    y = pad + 70
    fnt, lines, size = fit(draw, "Premium Kahve Makinesi", True, 84, 30, W - 2 * pad, 190)
    y = centered(draw, y, lines, fnt, size, INK) + 20
    body = "Her sabah barista lezzeti: İnce öğütülmüş çekirdek, ipeksi süt köpüğü ve şık tasarım."
    fnt, lines, size = fit(draw, body, False, 44, 22, W - 2 * pad, 120)
    y = centered(draw, y, lines, fnt, size, INK) + 28

    # Product with a blurred shadow.
    slot_h = 330
    scale = min((W - 2 * pad) / product.width, slot_h / product.height)
    p = product.resize((int(product.width * scale), int(product.height * scale)), Image.LANCZOS)
    px, py = (W - p.width) // 2, y
    shadow = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    alpha = p.getchannel("A").point(lambda v: v * 42 // 100)
    shadow.paste((10, 14, 30, 255), (px, py + 10), alpha)
    shadow = shadow.filter(ImageFilter.GaussianBlur(12))
    canvas.alpha_composite(shadow)
    canvas.alpha_composite(p, (px, py))
    draw = ImageDraw.Draw(canvas)
    # Discount badge.
    bf = font(True, 34)
    draw.rounded_rectangle((px + p.width - 120, py + 18, px + p.width - 18, py + 66), 24, fill=(0xD6, 0x28, 0x39))
    draw.text((px + p.width - 108, py + 20), "-%26", font=bf, fill=(255, 255, 255))
    y = py + slot_h + 28

    # Price pill with struck old price, and the button.
    of, pf, cf = font(False, 36), font(True, 60), font(True, 40)
    old_w = draw.textlength("₺1.749,00", font=of)
    price_w = draw.textlength("₺1.299,00", font=pf)
    pill_w = old_w + price_w + 18 + 56
    x = (W - pill_w - 24 - 230) / 2
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).rounded_rectangle((x, y, x + pill_w, y + 92), 46, fill=(255, 255, 255, 130))
    canvas.alpha_composite(overlay)
    draw = ImageDraw.Draw(canvas)
    draw.text((x + 28, y + 22), "₺1.749,00", font=of, fill=INK)
    draw.line((x + 26, y + 46, x + 30 + old_w, y + 46), fill=INK, width=3)
    draw.text((x + 28 + old_w + 18, y + 4), "₺1.299,00", font=pf, fill=INK)
    bx = x + pill_w + 24
    draw.rounded_rectangle((bx, y + 14, bx + 230, y + 78), 32, fill=INK)
    draw.text((bx + 28, y + 18), "Hemen Al", font=cf, fill=(255, 255, 255))
    y += 120
    hf = font(False, 30)
    centered(draw, y, ["#kahve  #kahvesevenler  #indirim"], hf, 30, INK)

    # Watermark (top right) and mark (bottom right).
    wf = font(True, 30)
    ww = draw.textlength("@kahvedunyasi", font=wf)
    draw.text((W - 32 - ww, 32), "@kahvedunyasi", font=wf, fill=(255, 255, 255, 204), stroke_width=2, stroke_fill=(0, 0, 0, 90))
    mf = font(True, 24)
    draw.rounded_rectangle((W - 140, H - 84, W - 32, H - 32), 26, fill=(17, 24, 39, 150))
    draw.text((W - 124, H - 78), "PofuAi", font=mf, fill=(255, 255, 255))

    return encode(canvas.convert("RGB"), fmt)


def encode(rgb, fmt):
    out = io.BytesIO()
    if fmt == "png":
        rgb.save(out, "PNG", compress_level=1)
    elif fmt == "jpeg":
        rgb.save(out, "JPEG", quality=85)
    else:
        rgb.save(out, "WEBP", quality=80, method=2)
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--format", default="png", choices=["png", "jpeg", "webp"])
    ap.add_argument("--out")
    ap.add_argument("--encode-rgb")
    args = ap.parse_args()
    if args.encode_rgb:
        with open(args.encode_rgb, "rb") as f:
            rgb = Image.frombytes("RGB", (W, H), f.read())
        times = []
        for _ in range(args.n + 1):
            t = time.perf_counter()
            data = encode(rgb, args.format)
            times.append((time.perf_counter() - t) * 1000.0)
        times = sorted(times[1:])
        print(f"format={args.format} n={args.n} encode_median_ms={statistics.median(times):.2f} bytes={len(data)}")
        return
    product = product_cutout()
    render(product, args.format)  # warm-up: font loading, codec init
    times = []
    data = b""
    for _ in range(args.n):
        t = time.perf_counter()
        data = render(product, args.format)
        times.append((time.perf_counter() - t) * 1000.0)
    if args.out:
        with open(args.out, "wb") as f:
            f.write(data)
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    print(f"format={args.format} n={args.n} median_ms={statistics.median(times):.2f} p99_ms={p99:.2f} bytes={len(data)}")


if __name__ == "__main__":
    main()
