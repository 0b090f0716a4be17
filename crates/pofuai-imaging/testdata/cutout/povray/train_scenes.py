#!/usr/bin/env python3
"""Renders the cut-out model's extra TRAINING scenes (`../train/pov_train_NNN.jpg` + `.mask.png`).

These scenes are training data only: they are not part of the evaluation set (`case_names()` reads
the top level of `testdata/cutout/`, not `train/`) and they are written from a seeded random
generator, not from the held-out scenes. Each scene is a random studio shot of the cases issue #11
names: a product coloured like its backdrop, white on white, dark on dark, clear and tinted glass,
chrome, steel, brass and copper with reflections, props beside, behind or touching the product,
tight crops, hard and soft shadows, plain sweeps, textured sweeps and tables against a wall.

Each scene is rendered twice with POV-Ray 3.7 (Debian: `apt-get install povray`), with the same
anti-aliasing as `build_povray.py` (no jitter: deterministic): the photo, saved as JPEG quality 92,
and the exact product mask (the product emits white, everything else is black and unlit, so props
in front still hide it), thresholded at 50 % coverage. Needs pillow.

Run from this folder: python3 train_scenes.py [COUNT]   (default 160; seed SEED below)
Written for this repository; same licence as the crate. No third-party scene files or textures.
"""

import os
import random
import subprocess
import sys
import tempfile

from PIL import Image

SEED = 20261201
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "train")

HEADER = """#version 3.7;
global_settings { assumed_gamma 1.0 max_trace_level 12 }
#ifndef (Mask) #declare Mask = 0; #end
#macro Prod(T)
  #if (Mask) texture { pigment { rgb 1 } finish { emission 1 diffuse 0 ambient 0 specular 0 } }
  #else texture { T } #end
#end
#macro Other(T)
  #if (Mask) texture { pigment { rgb 0 } finish { emission 0 diffuse 0 ambient 0 specular 0 } }
  #else texture { T } #end
#end
#macro ProdInterior(I) #if (!Mask) interior { I } #end #end
#macro OtherInterior(I) #if (!Mask) interior { I } #end #end
background { rgb 0 }
"""


def f(v):
    return f"{v:.3f}"


def rgb(c):
    return f"<{f(c[0])}, {f(c[1])}, {f(c[2])}>"


def clamp01(c):
    return tuple(min(1.0, max(0.0, x)) for x in c)


class Gen:
    def __init__(self, rng):
        self.r = rng

    def u(self, a, b):
        return self.r.uniform(a, b)

    def pick(self, xs):
        return xs[self.r.randrange(len(xs))]

    def colour(self):
        """A random product or backdrop colour."""
        kind = self.r.random()
        if kind < 0.25:  # greys
            g = self.u(0.1, 0.95)
            return (g, g * self.u(0.97, 1.02), g * self.u(0.95, 1.05))
        if kind < 0.55:  # muted
            base = self.u(0.3, 0.9)
            return clamp01(tuple(base * self.u(0.7, 1.1) for _ in range(3)))
        return clamp01(tuple(self.u(0.03, 0.95) for _ in range(3)))

    def near(self, c, spread):
        """A colour close to `c` (a product the tone of its backdrop)."""
        k = self.u(0.8, 1.15)
        return clamp01(tuple(x * k + self.u(-spread, spread) for x in c))

    def material(self, kind, c):
        """POV-Ray texture text (and an interior for glass) of a material."""
        if kind == "matte":
            return f"texture {{ pigment {{ rgb {rgb(c)} }} finish {{ diffuse 0.85 ambient 0 }} }}", None
        if kind == "ceramic":
            return (f"texture {{ pigment {{ rgb {rgb(c)} }} finish {{ diffuse 0.8 specular 0.35 roughness 0.02 "
                    f"reflection {{ 0.03 }} ambient 0 }} }}"), None
        if kind == "fabric":
            return (f"texture {{ pigment {{ rgb {rgb(c)} }} finish {{ diffuse 0.9 ambient 0 }} "
                    f"normal {{ {self.pick(['bumps', 'crackle', 'granite'])} {f(self.u(0.2, 0.6))} scale {f(self.u(0.02, 0.08))} }} }}"), None
        if kind == "glass":
            t = clamp01(tuple(0.9 + 0.1 * x for x in c)) if self.r.random() < 0.5 else c
            filt = self.u(0.6, 0.95)
            return (f"texture {{ pigment {{ rgbf <{f(t[0])}, {f(t[1])}, {f(t[2])}, {f(filt)}> }} finish {{ specular 0.8 "
                    f"roughness 0.002 reflection {{ 0.04, 0.5 fresnel on }} conserve_energy ambient 0 diffuse 0.05 }} }}"), \
                f"interior {{ ior {f(self.u(1.33, 1.55))} }}"
        if kind == "chrome":
            g = self.u(0.7, 0.85)
            return (f"texture {{ pigment {{ rgb <{f(g)}, {f(g)}, {f(g + 0.01)}> }} finish {{ reflection {{ {f(self.u(0.6, 0.85))} }} "
                    f"metallic specular 0.9 roughness 0.003 diffuse 0.08 ambient 0 }} }}"), None
        if kind == "steel":
            g = self.u(0.5, 0.75)
            return (f"texture {{ pigment {{ rgb <{f(g)}, {f(g)}, {f(g * 1.02)}> }} finish {{ reflection {{ {f(self.u(0.25, 0.5))} }} "
                    f"metallic specular 0.6 roughness 0.02 diffuse 0.35 ambient 0 }} normal {{ bumps 0.05 scale <0.5, 0.01, 0.5> }} }}"), None
        if kind == "brass":
            m = self.pick([(0.78, 0.6, 0.3), (0.8, 0.45, 0.3), (0.85, 0.7, 0.45)])
            return (f"texture {{ pigment {{ rgb {rgb(m)} }} finish {{ reflection {{ {f(self.u(0.3, 0.6))} }} metallic "
                    f"specular 0.7 roughness 0.01 diffuse 0.3 ambient 0 }} }}"), None
        if kind == "wood":
            return (f"texture {{ pigment {{ wood color_map {{ [0 rgb {rgb(c)}] [0.6 rgb {rgb(tuple(x * 0.75 for x in c))}] [1 rgb {rgb(c)}] }} "
                    f"turbulence 0.1 scale 0.2 rotate x * 80 }} finish {{ diffuse 0.8 specular 0.1 ambient 0 }} }}"), None
        raise ValueError(kind)

    def prod(self, kind, c):
        tex, interior = self.material(kind, c)
        s = f"Prod({tex})"
        if interior:
            s += f" ProdInterior({interior})"
        return s

    def other(self, kind, c):
        tex, interior = self.material(kind, c)
        s = f"Other({tex})"
        if interior:
            s += f" OtherInterior({interior})"
        return s

    # Products: each returns SDL standing on y = 0 around x = z = 0, and its height.
    def lathe_profile(self, neck):
        r0 = self.u(0.45, 1.0)
        hgt = self.u(1.6, 3.4)
        pts = [(0.0, -0.1), (r0 * 0.8, 0.0), (r0, hgt * 0.15), (r0 * self.u(0.85, 1.15), hgt * 0.5)]
        if neck:
            pts += [(r0 * self.u(0.3, 0.5), hgt * 0.8), (r0 * self.u(0.22, 0.35), hgt * 0.95), (r0 * 0.3, hgt), (r0 * 0.28, hgt + 0.1)]
        else:
            pts += [(r0 * self.u(0.6, 1.1), hgt * 0.85), (r0 * self.u(0.5, 1.0), hgt), (r0 * 0.8, hgt + 0.05), (r0 * 0.7, hgt + 0.1)]
        body = ", ".join(f"<{f(x)}, {f(y)}>" for x, y in pts)
        return f"lathe {{ cubic_spline {len(pts)}, {body} }}", r0, hgt

    def product(self, mat, c):
        shape = self.pick(["vase", "bottle", "jar", "box", "pouf", "mug", "kettle", "saucepan", "bowl", "lamp",
                           "toy", "speaker", "shoe", "bag", "tube"])
        rot = f"rotate y * {f(self.u(-40, 40))}"
        pm = self.prod(mat, c)
        accent_c = self.colour()
        accent = self.prod(self.pick(["matte", "ceramic", "brass", "chrome", "matte"]), accent_c)
        if shape in ("vase", "bottle"):
            lathe, r0, hgt = self.lathe_profile(shape == "bottle")
            s = f"object {{ {lathe} {pm} }}\n"
            if shape == "bottle":
                s += f"cylinder {{ <0, {f(hgt)}, 0>, <0, {f(hgt + self.u(0.25, 0.6))}, 0>, {f(r0 * 0.33)} {accent} }}\n"
                if self.r.random() < 0.6:  # label
                    s += (f"cylinder {{ <0, {f(hgt * 0.2)}, 0>, <0, {f(hgt * 0.45)}, 0>, {f(r0 * 1.01)} "
                          f"{self.prod('matte', self.colour())} }}\n")
            return f"union {{ {s} {rot} }}", hgt + 0.5
        if shape == "jar":
            r0, hgt = self.u(0.5, 1.0), self.u(1.0, 2.2)
            s = f"cylinder {{ <0, 0, 0>, <0, {f(hgt)}, 0>, {f(r0)} {pm} }}\n"
            s += f"cylinder {{ <0, {f(hgt)}, 0>, <0, {f(hgt + 0.3)}, 0>, {f(r0 * 1.03)} {accent} }}\n"
            if mat == "glass" and self.r.random() < 0.6:  # contents
                s += f"cylinder {{ <0, 0.05, 0>, <0, {f(hgt * self.u(0.3, 0.9))}, 0>, {f(r0 * 0.92)} {self.prod('ceramic', self.colour())} }}\n"
            return f"union {{ {s} {rot} }}", hgt + 0.3
        if shape == "box":
            a, b, hgt = self.u(0.6, 1.5), self.u(0.4, 1.2), self.u(0.8, 2.8)
            s = f"box {{ <{f(-a)}, 0, {f(-b)}>, <{f(a)}, {f(hgt)}, {f(b)}> {pm} }}\n"
            if self.r.random() < 0.5:  # printed band
                y0 = self.u(0.2, 0.6) * hgt
                s += f"box {{ <{f(-a - 0.01)}, {f(y0)}, {f(-b - 0.01)}>, <{f(a + 0.01)}, {f(y0 + 0.25 * hgt)}, {f(b + 0.01)}> {self.prod('matte', self.colour())} }}\n"
            return f"union {{ {s} {rot} }}", hgt
        if shape == "pouf":
            sx, sy = self.u(0.8, 1.6), self.u(0.6, 1.2)
            e = self.u(0.15, 0.5)
            return (f"superellipsoid {{ <{f(e)}, {f(e)}> scale <{f(sx)}, {f(sy)}, {f(self.u(0.7, 1.2))}> "
                    f"translate <0, {f(sy)}, 0> {rot} {pm} }}"), 2 * sy
        if shape == "mug":
            r0, hgt = self.u(0.55, 0.85), self.u(1.2, 1.9)
            s = (f"difference {{ cylinder {{ <0, 0, 0>, <0, {f(hgt)}, 0>, {f(r0)} }} "
                 f"cylinder {{ <0, 0.12, 0>, <0, {f(hgt + 0.1)}, 0>, {f(r0 * 0.88)} }} }}\n"
                 f"torus {{ {f(hgt * 0.27)}, {f(self.u(0.07, 0.12))} rotate x * 90 translate <{f(-r0 - 0.03)}, {f(hgt * 0.52)}, 0> }}\n")
            return f"union {{ {s} {pm} {rot} }}", hgt
        if shape == "kettle":
            r0 = self.u(0.9, 1.3)
            s = (f"intersection {{ sphere {{ <0, {f(r0 * 0.92)}, 0>, {f(r0)} }} plane {{ -y, 0 }} }}\n"
                 f"cylinder {{ <0, {f(r0 * 1.8)}, 0>, <0, {f(r0 * 1.95)}, 0>, {f(r0 * 0.3)} }}\n"
                 f"cone {{ <{f(r0 * 0.7)}, {f(r0 * 0.8)}, 0>, 0.2, <{f(r0 * 1.5)}, {f(r0 * 1.6)}, 0>, 0.07 }}\n")
            handle = (f"torus {{ {f(r0 * 0.6)}, 0.08 rotate x * 90 scale <1, 0.8, 1> translate <{f(-r0 * 0.15)}, {f(r0 * 1.85)}, 0> "
                      f"{self.prod(self.pick(['matte', 'ceramic', mat]), self.pick([(0.05, 0.05, 0.05), c, accent_c]))} }}")
            return f"union {{ union {{ {s} {pm} }} {handle} {rot} }}", r0 * 2.4
        if shape == "saucepan":
            r0, hgt = self.u(0.8, 1.2), self.u(0.7, 1.2)
            s = (f"difference {{ cylinder {{ <0, 0, 0>, <0, {f(hgt)}, 0>, {f(r0)} }} "
                 f"cylinder {{ <0, 0.1, 0>, <0, {f(hgt + 0.1)}, 0>, {f(r0 * 0.93)} }} {pm} }}\n"
                 f"cylinder {{ <{f(r0 * 0.95)}, {f(hgt * 0.85)}, 0>, <{f(r0 + self.u(1.0, 1.6))}, {f(hgt * 0.95)}, 0>, 0.09 "
                 f"{self.prod(self.pick(['matte', mat]), self.pick([(0.04, 0.04, 0.04), c]))} }}\n")
            return f"union {{ {s} {rot} }}", hgt
        if shape == "bowl":
            r0 = self.u(1.1, 1.7)
            cut = self.u(0.45, 0.75) * r0
            return (f"difference {{ intersection {{ sphere {{ <0, {f(r0)}, 0>, {f(r0)} }} plane {{ y, {f(cut)} }} }} "
                    f"sphere {{ <0, {f(r0)}, 0>, {f(r0 * 0.93)} }} {pm} }}"), cut
        if shape == "lamp":
            hgt = self.u(2.0, 2.8)
            rb = self.u(0.8, 1.2)
            s = (f"cylinder {{ <0, 0, 0>, <0, 0.12, 0>, {f(rb * 0.6)} {accent} }}\n"
                 f"cylinder {{ <0, 0.1, 0>, <0, {f(hgt)}, 0>, {f(self.u(0.05, 0.12))} {accent} }}\n"
                 f"difference {{ cone {{ <0, {f(hgt - 0.3)}, 0>, {f(rb)}, <0, {f(hgt + 1.0)}, 0>, {f(rb * 0.6)} }} "
                 f"cone {{ <0, {f(hgt - 0.31)}, 0>, {f(rb - 0.03)}, <0, {f(hgt + 1.01)}, 0>, {f(rb * 0.6 - 0.03)} }} {pm} }}\n")
            return f"union {{ {s} }}", hgt + 1.0
        if shape == "toy":
            r0 = self.u(0.6, 0.9)
            s = (f"sphere {{ <0, {f(r0)}, 0>, {f(r0)} scale <1.2, 1, 1> }}\n"
                 f"sphere {{ <{f(r0 * 0.7)}, {f(r0 * 2.2)}, 0>, {f(r0 * 0.6)} }}\n")
            return f"union {{ union {{ {s} {pm} }} cone {{ <{f(r0 * 1.2)}, {f(r0 * 2.2)}, 0>, 0.15, <{f(r0 * 1.7)}, {f(r0 * 2.15)}, 0>, 0.02 {accent} }} {rot} }}", r0 * 2.8
        if shape == "speaker":
            sx, sy = self.u(0.7, 1.1), self.u(1.0, 1.6)
            return (f"union {{ superellipsoid {{ <0.2, 0.2> scale <{f(sx)}, {f(sy)}, 0.6> translate <0, {f(sy)}, 0> {pm} }} "
                    f"cylinder {{ <0, {f(sy * 1.3)}, -0.62>, <0, {f(sy * 1.3)}, -0.55>, {f(sx * 0.3)} {accent} }} {rot} }}"), 2 * sy
        if shape == "shoe":
            return (f"union {{ superellipsoid {{ <0.6, 0.4> scale <1.6, 0.55, 0.6> translate <0, 0.6, 0> {pm} }} "
                    f"box {{ <-1.65, 0, -0.62>, <1.65, 0.18, 0.62> {accent} }} {rot} }}"), 1.2
        if shape == "bag":
            sx, sy = self.u(0.9, 1.4), self.u(0.8, 1.2)
            return (f"union {{ superellipsoid {{ <0.3, 0.5> scale <{f(sx)}, {f(sy)}, 0.45> translate <0, {f(sy)}, 0> }} "
                    f"torus {{ {f(sx * 0.5)}, 0.06 rotate x * 90 translate <0, {f(sy * 2)}, 0> }} {pm} {rot} }}"), 2 * sy + 0.6
        # tube (cosmetics): a lying or standing cylinder with a cap
        if self.r.random() < 0.5:
            return (f"union {{ cylinder {{ <-1.2, 0.35, 0>, <1.0, 0.35, 0>, 0.35 {pm} }} "
                    f"cylinder {{ <1.0, 0.35, 0>, <1.4, 0.35, 0>, 0.22 {accent} }} {rot} }}"), 0.7
        return (f"union {{ cylinder {{ <0, 0.4, 0>, <0, 2.6, 0>, 0.4 {pm} }} "
                f"cylinder {{ <0, 0, 0>, <0, 0.4, 0>, 0.3 {accent} }} }}"), 2.6

    def prop(self):
        kind = self.pick(["plant", "book", "fruit", "candle", "box", "glass", "cup"])
        c = self.colour()
        if kind == "plant":
            leaves = " ".join(f"sphere {{ <{f(self.u(-0.4, 0.4))}, {f(self.u(1.1, 2.0))}, {f(self.u(-0.3, 0.3))}>, {f(self.u(0.3, 0.55))} }}"
                              for _ in range(4))
            return (f"union {{ cone {{ <0, 0, 0>, 0.45, <0, 0.8, 0>, 0.6 {self.other('matte', (0.66, 0.33, 0.2))} }} "
                    f"union {{ {leaves} {self.other('fabric', (self.u(0.05, 0.2), self.u(0.3, 0.5), self.u(0.05, 0.2)))} }} }}")
        if kind == "book":
            a, t = self.u(0.8, 1.4), self.u(0.2, 0.6)
            if self.r.random() < 0.5:
                return f"box {{ <{f(-a)}, 0, {f(-a * 0.7)}>, <{f(a)}, {f(t)}, {f(a * 0.7)}> {self.other('matte', c)} rotate y * {f(self.u(-30, 30))} }}"
            return f"box {{ <{f(-t)}, 0, {f(-a * 0.7)}>, <{f(t)}, {f(a * 2)}, {f(a * 0.7)}> {self.other('matte', c)} rotate y * {f(self.u(-30, 30))} }}"
        if kind == "fruit":
            fruit = " ".join(f"sphere {{ <{f(self.u(-0.5, 0.5))}, 0.35, {f(self.u(-0.4, 0.4))}>, {f(self.u(0.25, 0.4))} }}"
                             for _ in range(self.r.randrange(2, 4)))
            return f"union {{ {fruit} {self.other('ceramic', c)} }}"
        if kind == "candle":
            return f"cylinder {{ <0, 0, 0>, <0, {f(self.u(0.6, 1.6))}, 0>, {f(self.u(0.25, 0.5))} {self.other('matte', c)} }}"
        if kind == "box":
            a = self.u(0.3, 0.8)
            return f"box {{ <{f(-a)}, 0, {f(-a)}>, <{f(a)}, {f(self.u(0.3, 1.5))}, {f(a)}> {self.other(self.pick(['matte', 'fabric']), c)} rotate y * {f(self.u(-40, 40))} }}"
        if kind == "glass":
            return f"cylinder {{ <0, 0, 0>, <0, {f(self.u(0.8, 1.5))}, 0>, {f(self.u(0.3, 0.5))} {self.other('glass', c)} }}"
        return (f"difference {{ cylinder {{ <0, 0, 0>, <0, 0.9, 0>, 0.45 }} cylinder {{ <0, 0.08, 0>, <0, 1, 0>, 0.4 }} "
                f"{self.other('ceramic', c)} }}")

    def backdrop(self, c):
        kind = self.pick(["sweep", "sweep", "sweep", "textured", "table"])
        if kind == "table":
            floor = self.pick([self.material("wood", c)[0], self.material("matte", c)[0],
                               f"texture {{ pigment {{ granite color_map {{ [0 rgb {rgb(c)}] [1 rgb {rgb(self.near(c, 0.1))}] }} scale 0.4 }} finish {{ diffuse 0.8 specular 0.1 ambient 0 }} }}"])
            wall = self.colour() if self.r.random() < 0.5 else self.near(c, 0.08)
            return (f"plane {{ y, 0 Other({floor}) }}\n"
                    f"plane {{ -z, {f(-self.u(5, 10))} Other(texture {{ pigment {{ rgb {rgb(wall)} }} finish {{ diffuse 0.8 ambient 0 }} }}) }}\n")
        normal = "granite 0.04 scale 0.3" if kind == "sweep" else f"{self.pick(['bumps', 'granite', 'wrinkles'])} {f(self.u(0.1, 0.4))} scale {f(self.u(0.05, 0.3))}"
        return (f"union {{ plane {{ y, 0 clipped_by {{ plane {{ z, 4 }} }} }} plane {{ -z, -8 clipped_by {{ plane {{ -y, -4 }} }} }} "
                f"difference {{ box {{ <-60, 0, 4>, <60, 4, 8> }} cylinder {{ <-61, 4, 4>, <61, 4, 4>, 4 }} }} "
                f"Other(texture {{ pigment {{ rgb {rgb(c)} }} finish {{ diffuse 0.85 ambient 0 }} normal {{ {normal} }} }}) }}\n")

    def lights(self):
        k = self.u(0.85, 1.35)
        kx, ky, kz = self.u(-7, 7), self.u(5, 11), self.u(-8, -3)
        if self.r.random() < 0.3:  # a hard key light: crisp cast shadows
            key = f"light_source {{ <{f(kx)}, {f(ky)}, {f(kz)}> rgb {f(1.05 * k)} }}"
        else:
            a = self.u(1.5, 4)
            key = f"light_source {{ <{f(kx)}, {f(ky)}, {f(kz)}> rgb {f(1.05 * k)} area_light <{f(a)}, 0, 0>, <0, 0, {f(a)}>, 5, 5 adaptive 1 circular orient }}"
        return ("#if (!Mask)\n" + key + "\n"
                f"light_source {{ <{f(self.u(-7, 7))}, 5, -7> rgb {f(self.u(0.25, 0.55) * k)} shadowless }}\n"
                f"light_source {{ <0, 6, 6> rgb {f(self.u(0.1, 0.35) * k)} shadowless }}\n#end\n")

    def scene(self):
        mode = self.pick(["tone", "tone", "white", "dark", "contrast", "contrast", "metal", "glass"])
        back = self.colour()
        if mode == "tone":
            mat, c = self.pick(["matte", "ceramic", "fabric", "matte"]), self.near(back, 0.06)
        elif mode == "white":
            back = tuple(self.u(0.82, 0.97) for _ in range(3))
            mat, c = self.pick(["matte", "ceramic", "ceramic"]), tuple(self.u(0.88, 0.97) for _ in range(3))
        elif mode == "dark":
            back = tuple(self.u(0.05, 0.22) for _ in range(3))
            mat, c = self.pick(["matte", "fabric", "ceramic"]), tuple(self.u(0.03, 0.2) for _ in range(3))
        elif mode == "metal":
            mat, c = self.pick(["chrome", "steel", "brass"]), (0.7, 0.7, 0.7)
        elif mode == "glass":
            mat, c = "glass", self.colour()
        else:
            mat, c = self.pick(["matte", "ceramic", "fabric", "wood"]), self.colour()
        prod, hgt = self.product(mat, c)
        s = HEADER + self.backdrop(back) + self.lights()
        px = self.u(-0.6, 0.6)
        s += f"object {{ {prod} translate <{f(px)}, 0, {f(self.u(-0.3, 0.6))}> }}\n"
        nprops = self.pick([0, 0, 0, 1, 1, 2])
        for _ in range(nprops):
            side = self.pick([-1, 1])
            touching = self.r.random() < 0.4
            dx = side * (self.u(1.1, 1.6) if touching else self.u(1.7, 2.8))
            dz = self.u(-0.8, 1.5)
            s += f"object {{ {self.prop()} translate <{f(px + dx)}, 0, {f(dz)}> }}\n"
        # Camera: the product fills 20-90 % of the frame height; sometimes a tight crop.
        crop = self.r.random() < 0.15
        look_y = hgt * self.u(0.35, 0.6)
        dist = hgt * (self.u(1.6, 2.4) if crop else self.u(2.6, 5.0)) + 3.0
        cam_y = look_y + self.u(0.3, 2.5)
        w, h = self.pick([(320, 256), (320, 256), (256, 320), (320, 320), (320, 240)])
        s += (f"camera {{ location <{f(self.u(-1, 1))}, {f(cam_y)}, {f(-dist)}> look_at <{f(px * 0.5)}, {f(look_y)}, 0> "
              f"angle {f(self.u(30, 40))} right x * {w} / {h} }}\n")
        return s, w, h, mode


def render(pov, mask, path, w, h):
    subprocess.run(
        ["povray", "+I" + pov, "+O" + path, f"+W{w}", f"+H{h}", "+A0.2", "+AM2", "+R3", "-D", "+FN",
         f"Declare=Mask={mask}"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 160
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(SEED)
    gen = Gen(rng)
    kept = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(count):
            text, w, h, mode = gen.scene()
            name = f"pov_train_{k:03d}"
            pov = os.path.join(tmp, "s.pov")
            with open(pov, "w") as fh:
                fh.write(text)
            photo, mask = os.path.join(tmp, "p.png"), os.path.join(tmp, "m.png")
            render(pov, 1, mask, w, h)
            m = Image.open(mask).convert("L").point(lambda v: 255 if v >= 128 else 0)
            cover = m.histogram()[255] / (w * h)
            # A product that fell out of view or hides the frame teaches nothing useful.
            if not 0.02 <= cover <= 0.8:
                print(name, mode, f"skipped (coverage {cover:.2f})")
                continue
            render(pov, 0, photo, w, h)
            Image.open(photo).convert("RGB").save(os.path.join(OUT, name + ".jpg"), quality=92)
            m.save(os.path.join(OUT, name + ".mask.png"))
            kept += 1
            print(name, mode, f"{cover:.2f}", flush=True)
    print(f"{kept} scenes written to {OUT}")


if __name__ == "__main__":
    main()
