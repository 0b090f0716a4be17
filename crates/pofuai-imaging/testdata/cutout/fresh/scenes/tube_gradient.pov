#version 3.7;
#include "common.inc"
// Pastel pink cosmetic tube (crimped end up, white cap down) on a pink-to-peach gradient sweep: tone on tone, gradient backdrop.
Cam(<0, 8, -30>, <0, 7, 0>, 38)
Soft(<-30, 30, -30>, rgb 1.2, 14, 2) Sky(rgb 1, rgb 1)
#declare Bg = material { texture { pigment { gradient y color_map { [0 rgb <0.95,0.75,0.75>] [1 rgb <1,0.88,0.75>] } scale 30 } finish { diffuse 0.8 ambient 0.1 } } };
plane { y, 0 material { ENV(Bg) } } plane { z, 10 material { ENV(Bg) } }
union { object { blob { threshold 0.5 cylinder { y*3, y*11, 2.8, 1 } cylinder { <-1.8,13,0>, <1.8,13,0>, 1.2, 1 } } }
 object { box { <-2.6,13,-0.2>, <2.6,14.5,0.2> } }
 material { PRD(Mat(<0.96,0.72,0.74>,0.05,0.8,0.4,0.02,0)) } rotate y*20 translate x*-3 }
object { cylinder { 0, y*3.2, 2.3 } translate x*-3 material { PRD(Mat(0.98,0.08,0.8,0.5,0.01,0)) } }
object { sphere { <5,2,-3>, 2 } material { ENV(Mat(<0.95,0.8,0.6>,0.05,0.8,0.3,0.02,0)) } }
