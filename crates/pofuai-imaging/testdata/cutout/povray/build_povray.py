#!/usr/bin/env python3
"""Renders the POV-Ray held-out cut-out cases (`holdout_pov_*`) into the folder above.

Each scene of `studio.pov` is rendered twice with POV-Ray 3.7 (Debian: `apt-get install povray`):
the photo (Declare=Mask=0) and the exact product mask (Declare=Mask=1: the product emits white,
the rest is black and unlit; a prop in front still hides the product). Both renders are
anti-aliased the same way (+A0.2 +AM2 +R3, no jitter: deterministic); the mask is thresholded at
50 % coverage. The photo is saved as JPEG quality 92 like the other cases. Needs pillow.

Run from this folder: python3 build_povray.py
"""

import os
import subprocess
import tempfile

from PIL import Image

W, H = 320, 256
SCENES = [
    (1, "holdout_pov_white_vase"),
    (2, "holdout_pov_glass_bottle"),
    (3, "holdout_pov_chrome_kettle"),
    (4, "holdout_pov_tone_pouf"),
    (5, "holdout_pov_props_mug_plant"),
    (6, "holdout_pov_dark_speaker"),
    (7, "holdout_pov_yellow_toy"),
    (8, "holdout_pov_glass_perfume_pink"),
    (9, "holdout_pov_white_lamp"),
    (10, "holdout_pov_bowl_wood"),
]

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)


def render(scene, mask, path):
    subprocess.run(
        ["povray", "+I" + os.path.join(HERE, "studio.pov"), "+O" + path, f"+W{W}", f"+H{H}",
         "+A0.2", "+AM2", "+R3", "-D", "+FN", f"Declare=Scene={scene}", f"Declare=Mask={mask}"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for scene, name in SCENES:
            photo, mask = os.path.join(tmp, "p.png"), os.path.join(tmp, "m.png")
            render(scene, 0, photo)
            render(scene, 1, mask)
            Image.open(photo).convert("RGB").save(os.path.join(OUT, name + ".jpg"), quality=92)
            m = Image.open(mask).convert("L").point(lambda v: 255 if v >= 128 else 0)
            m.save(os.path.join(OUT, name + ".mask.png"))
            print(name)


if __name__ == "__main__":
    main()
