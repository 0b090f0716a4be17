#!/usr/bin/env python3
"""Builds the background-removal evaluation set in this folder.

Each case is a REAL photographic cut-out (a Tux Paint "photo stamp": a photograph of an object with
a hand-made alpha channel) composited onto a REAL photograph used as background (scikit-image's
sample data). The ground-truth mask is the cut-out's alpha (> 127) after the same resize and
placement. A soft contact shadow is drawn under some objects (it is background in the ground truth,
as a product cut-out drops the shadow).

Inputs (see SOURCES.md for licences):
  apt-get download tuxpaint-stamps-default      # 2022.06.04-1
  dpkg -x tuxpaint-stamps-default_*.deb tux
  pip download --no-deps scikit-image==0.26.0   # then unzip the wheel into sk/
Run:
  python3 build.py --stamps tux/usr/share/tuxpaint/stamps --skdata sk/skimage/data
Needs numpy and pillow. Output is deterministic for the same inputs.
"""

import argparse
import os

import numpy as np
from PIL import Image, ImageFilter

SIDE = 320  # longest side of every output image

# (name, stamp path, background, background recipe, object scale (longest side / SIDE), centre
# offset as fractions, shadow?)
CASES = [
    ("orange_sky", "food/fruit/orange_seville.png", "camera.png", "camera_sky", 0.55, (0.02, 0.05), True),
    ("cherries_moon", "food/fruit/Cherry_Stella.png", "moon.png", "moon_light", 0.62, (0.0, 0.0), True),
    ("strawberry_moon", "food/fruit/Strawberry2.png", "moon.png", "moon_warm", 0.60, (-0.04, 0.02), True),
    ("avocado_coffee", "food/fruit/avocado.png", "coffee.png", "coffee_table", 0.42, (0.22, 0.18), True),
    ("cherimoya_brick", "food/fruit/cherimoya.png", "brick.png", "brick_terracotta", 0.55, (0.0, 0.0), False),
    ("apricot_moon", "food/fruit/Apricot_whole.png", "moon.png", "moon_cool", 0.50, (0.05, 0.0), True),
    ("kiwi_sky", "food/fruit/kiwi.png", "camera.png", "camera_sky", 0.55, (-0.05, 0.04), True),
    ("ginger_gravel", "food/spices/ginger.png", "gravel.png", "gravel_sand", 0.62, (0.0, 0.0), False),
    ("toilet_brick", "household/toilet.png", "brick.png", "brick_grey", 0.66, (0.0, 0.04), True),
    ("cylinder_grass", "household/cylinder.png", "grass.png", "grass_green", 0.75, (0.0, 0.0), False),
    ("lightbulb_sky", "household/Lightbulb.png", "camera.png", "camera_sky", 0.65, (0.0, 0.0), False),
    ("stethoscope_moon", "medical/stethoscope.png", "moon.png", "moon_light", 0.70, (0.0, 0.0), True),
    ("tractor_wheel_gravel", "vehicles/wheel_tractor.png", "gravel.png", "gravel_dark", 0.62, (0.0, 0.0), False),
    ("firetruck_rocket", "vehicles/emergency/firetruck.png", "rocket.jpg", "rocket_full", 0.70, (0.0, 0.22), False),
    ("dumper_grass", "vehicles/construction/dumper.png", "grass.png", "grass_dry", 0.66, (0.0, 0.0), True),
    ("anemone_coffee", "plants/flowers/anemone_red.png", "coffee.png", "coffee_wood_crop", 0.58, (0.0, 0.0), False),
    # Tight crops: the product runs off the frame, as in many marketplace photos.
    ("cylinder_cropped_sky", "household/cylinder.png", "camera.png", "camera_sky", 0.95, (0.0, 0.25), True),
    ("ginger_cropped_moon", "food/spices/ginger.png", "moon.png", "moon_warm", 0.80, (0.3, 0.0), True),
]


def tint(gray, rgb, gain=1.0, offset=0.0):
    g = np.asarray(gray.convert("L"), dtype=np.float32) / 255.0
    g = np.clip(g * gain + offset, 0.0, 1.0)
    out = np.stack([g * c for c in rgb], axis=-1)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB")


def crop_resize(img, box, size):
    return img.crop(box).resize(size, Image.LANCZOS)


def background(skdata, file, recipe):
    img = Image.open(os.path.join(skdata, file))
    sq = (SIDE, SIDE)
    if recipe == "camera_sky":  # real overcast sky over a lawn, from the camera-man photo
        return tint(crop_resize(img, (330, 0, 512, 120), sq), (236, 238, 242), gain=1.05)
    if recipe == "moon_light":  # fine grey grain, like a light seamless backdrop
        return tint(crop_resize(img, (0, 0, 300, 300), sq), (245, 243, 240), gain=0.6, offset=0.45)
    if recipe == "moon_warm":
        return tint(crop_resize(img, (200, 250, 500, 510), sq), (250, 232, 210), gain=0.7, offset=0.35)
    if recipe == "moon_cool":
        return tint(crop_resize(img, (100, 0, 512, 412), sq), (205, 222, 240), gain=0.8, offset=0.2)
    if recipe == "coffee_table":  # the whole cafe-table photo: cup, saucer and spoon stay in view
        return img.convert("RGB").resize((SIDE, SIDE * 400 // 600), Image.LANCZOS)
    if recipe == "coffee_wood_crop":  # wood grain only (left strip of the table)
        return crop_resize(img.convert("RGB"), (0, 120, 110, 400), (SIDE * 110 // 280, SIDE)).resize(sq, Image.LANCZOS)
    if recipe == "brick_terracotta":
        return tint(img.resize(sq, Image.LANCZOS), (230, 120, 90), gain=1.1)
    if recipe == "brick_grey":
        return tint(img.resize(sq, Image.LANCZOS), (150, 150, 160), gain=0.9)
    if recipe == "gravel_sand":
        return tint(crop_resize(img, (0, 0, 256, 256), sq), (240, 220, 180), gain=0.8, offset=0.2)
    if recipe == "gravel_dark":
        return tint(img.resize(sq, Image.LANCZOS), (180, 175, 170), gain=0.9)
    if recipe == "grass_green":
        return tint(img.resize(sq, Image.LANCZOS), (110, 190, 80), gain=1.0)
    if recipe == "grass_dry":
        return tint(crop_resize(img, (0, 0, 300, 300), sq), (215, 195, 120), gain=0.9, offset=0.1)
    if recipe == "rocket_full":  # launch pad at dusk: towers, lights
        return img.convert("RGB").resize((SIDE, SIDE * 427 // 640), Image.LANCZOS)
    raise ValueError(recipe)


def build_case(stamps, skdata, case):
    name, stamp, bg_file, recipe, scale, (dx, dy), shadow = case
    bg = background(skdata, bg_file, recipe).convert("RGB")
    w, h = bg.size
    obj = Image.open(os.path.join(stamps, stamp)).convert("RGBA")
    obj = obj.crop(obj.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox())
    k = scale * max(w, h) / max(obj.size)
    ow, oh = max(1, round(obj.width * k)), max(1, round(obj.height * k))
    obj = obj.resize((ow, oh), Image.LANCZOS)
    x = int(round((w - ow) / 2 + dx * w))
    y = int(round((h - oh) / 2 + dy * h))
    if x >= 4 and y >= 4 and x + ow <= w - 4 and y + oh <= h - 4:
        pass  # fully inside the frame
    elif not name.split("_")[1] == "cropped":
        ow, oh = min(ow, w - 8), min(oh, h - 8)
        obj = obj.resize((ow, oh), Image.LANCZOS)
        x, y = min(max(x, 4), w - ow - 4), min(max(y, 4), h - oh - 4)

    canvas = bg.copy()
    if shadow:
        a = np.zeros((h, w), np.float32)
        oa = np.asarray(obj.getchannel("A"), np.float32) / 255.0
        sx, sy = x + max(2, ow // 30), y + max(3, oh // 18)
        a[sy:sy + oh, sx:sx + ow] = oa[: max(0, h - sy), : max(0, w - sx)]
        sh = Image.fromarray((a * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(max(2, ow // 25)))
        dark = np.asarray(sh, np.float32)[..., None] / 255.0 * 0.45
        c = np.asarray(canvas, np.float32) * (1.0 - dark)
        canvas = Image.fromarray(np.clip(c, 0, 255).astype(np.uint8))
    canvas.paste(obj, (x, y), obj)

    mask = Image.new("L", (w, h), 0)
    mask.paste(obj.getchannel("A").point(lambda a: 255 if a > 127 else 0), (x, y))
    return name, canvas, mask


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stamps", required=True)
    ap.add_argument("--skdata", required=True)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    for case in CASES:
        name, img, mask = build_case(args.stamps, args.skdata, case)
        img.save(os.path.join(args.out, f"{name}.jpg"), quality=92, optimize=True)
        mask.save(os.path.join(args.out, f"{name}.mask.png"), optimize=True)
        print(name, img.size)


if __name__ == "__main__":
    main()
