#!/usr/bin/env python3
"""Renders the demo catalogue photos from `studio.pov` (POV-Ray 3.7, Debian: `apt-get install povray`).

Scene N is catalogue item N (crates/pofuai/src/demo.rs, CATALOGUE). Each scene is rendered twice:
the photo (Declare=Mask=0 -> NN.jpg, JPEG quality 85) and the exact product mask
(Declare=Mask=1 -> NN.mask.png: the product emits white, the rest is black and unlit, rendered
without anti-aliasing so it is strictly two-valued). Renders are deterministic: fixed
anti-aliasing (+A0.3 +AM2 +R2, no jitter), an area light of 4x4 samples, no radiosity.
The photos are 480x480; `--sheet` also writes the contact sheet docs/demo-photos.png.
Needs pillow and the DejaVu fonts (Debian: fonts-dejavu-core) for the few printed labels.

Run from anywhere: python3 crates/pofuai/assets/demo/build.py [--sheet] [scene ...]
"""

import os
import subprocess
import sys
import tempfile

from PIL import Image

SIZE = 480
COUNT = 33
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))


def render(scene, mask, path):
    aa = [] if mask else ["+A0.3", "+AM2", "+R2"]
    done = subprocess.run(
        ["nice", "povray", "+I" + os.path.join(HERE, "studio.pov"), "+O" + path, f"+W{SIZE}",
         f"+H{SIZE}", *aa, "-J", "-D", "+FN", "+WT2", f"Declare=Scene={scene}",
         f"Declare=Mask={mask}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        sys.exit(f"povray failed on scene {scene}:\n" + done.stderr.decode(errors="replace")[-1500:])


def sheet():
    cols, cell = 7, 160
    rows = (COUNT + cols - 1) // cols
    out = Image.new("RGB", (cols * cell, rows * cell), (255, 255, 255))
    for n in range(COUNT):
        img = Image.open(os.path.join(HERE, f"{n:02}.jpg")).convert("RGB")
        img = img.resize((cell - 4, cell - 4), Image.LANCZOS)
        out.paste(img, ((n % cols) * cell + 2, (n // cols) * cell + 2))
    out.save(os.path.join(REPO, "docs", "demo-photos.png"), optimize=True)


def main():
    args = sys.argv[1:]
    want_sheet = "--sheet" in args
    scenes = [int(a) for a in args if a != "--sheet"] or list(range(COUNT))
    with tempfile.TemporaryDirectory() as tmp:
        for n in scenes:
            photo, mask = os.path.join(tmp, "p.png"), os.path.join(tmp, "m.png")
            render(n, 0, photo)
            render(n, 1, mask)
            Image.open(photo).convert("RGB").save(
                os.path.join(HERE, f"{n:02}.jpg"), quality=85, optimize=True)
            m = Image.open(mask).convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
            m.save(os.path.join(HERE, f"{n:02}.mask.png"), optimize=True)
            print(n, flush=True)
    if want_sheet:
        sheet()


if __name__ == "__main__":
    main()
