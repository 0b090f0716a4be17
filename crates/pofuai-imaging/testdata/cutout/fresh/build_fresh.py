#!/usr/bin/env python3
"""Render every fresh cut-out scene (photo + exact mask) with POV-Ray 3.7.

Usage: python3 build_fresh.py [name ...]      (no names = all scenes)
Photo:  +A0.3 +R2 antialiased, written as sRGB JPEG quality 90.
Mask:   same scene and camera with Declare=MASK=1 (product = white emission,
        everything else black, no lights), rendered WITHOUT antialiasing (-A),
        then thresholded at 128 -> strictly binary 0/255 8-bit greyscale PNG.
Deterministic: AA jitter off (-J), area lights without jitter, all rand() seeded.
"""
import os, subprocess, sys, tempfile
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
SC = os.path.join(HERE, "scenes")
SQ, PT, LS = (448, 448), (408, 510), (510, 340)
SCENES = {  # name: (width, height)
    "tea_glass_saucer": PT, "cezve_slate": SQ, "double_teapot": PT,
    "faucet_chrome": SQ, "perfume_clear": PT, "honey_jar_spoon": LS,
    "mug_on_book": SQ, "cream_jar_white": SQ, "sneaker_white": LS,
    "phone_slate": PT, "knit_bag_beige": PT, "speaker_grey": SQ,
    "chair_thin_legs": PT, "headphones_band": LS, "sunglasses_wood": LS,
    "handbag_crop": SQ, "tshirt_folded": LS, "plant_pot": PT,
    "lamp_with_plant": PT, "vase_black_mirror": PT, "tube_gradient": SQ,
    "kettle_cut_edge": LS, "wallet_black": LS, "vase_concrete_shadow": SQ,
}

def render(name, w, h, mask, out):
    cmd = ["nice", "-n", "10", "povray", "-D", "-V", "-GA", "+L" + SC,
           "+I" + os.path.join(SC, name + ".pov"), "+O" + out, "+FN8",
           "+W%d" % w, "+H%d" % h, "Declare=MASK=%d" % (1 if mask else 0)]
    cmd += ["-A", "+Q9"] if mask else ["+A0.3", "+R2", "-J", "+Q9"]
    subprocess.run(cmd, check=True)

def build(name):
    w, h = SCENES[name]
    with tempfile.TemporaryDirectory() as td:
        p, m = os.path.join(td, "p.png"), os.path.join(td, "m.png")
        render(name, w, h, False, p)
        render(name, w, h, True, m)
        Image.open(p).convert("RGB").save(os.path.join(HERE, "fresh_%s.jpg" % name), quality=90, optimize=True)
        mk = Image.open(m).convert("L").point(lambda v: 255 if v >= 128 else 0)
        mk.save(os.path.join(HERE, "fresh_%s.mask.png" % name), optimize=True)

def sheet():
    rows = []
    for name in SCENES:
        jp = os.path.join(HERE, "fresh_%s.jpg" % name)
        if not os.path.exists(jp):
            continue
        ph = Image.open(jp).convert("RGB")
        mk = Image.open(os.path.join(HERE, "fresh_%s.mask.png" % name)).convert("L")
        s = 200 / max(ph.size)
        sz = (round(ph.width * s), round(ph.height * s))
        ph, mk = ph.resize(sz), mk.resize(sz)
        red = Image.new("RGB", sz, (255, 0, 60))
        ov = Image.composite(Image.blend(ph, red, 0.5), ph.point(lambda v: v // 3), mk)
        tile = Image.new("RGB", (420, 215), (40, 40, 40))
        tile.paste(ph, (0, 0)); tile.paste(ov, (210, 0))
        ImageDraw.Draw(tile).text((2, 202), name, fill=(255, 255, 0))
        rows.append(tile)
    cols = 3
    sh = Image.new("RGB", (420 * cols, 215 * ((len(rows) + cols - 1) // cols)), (0, 0, 0))
    for i, t in enumerate(rows):
        sh.paste(t, ((i % cols) * 420, (i // cols) * 215))
    sh = sh.quantize(colors=96, dither=Image.Dither.NONE)  # keep the sheet small
    sh.save(os.path.join(HERE, "fresh_sheet.png"), optimize=True)

if __name__ == "__main__":
    names = sys.argv[1:] or list(SCENES)
    for n in names:
        if n != "--sheet":
            build(n)
    sheet()
