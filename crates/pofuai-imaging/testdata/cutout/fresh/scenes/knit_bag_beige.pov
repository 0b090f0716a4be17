#version 3.7;
#include "common.inc"
// Beige knit tote with a strap loop (hole) on a beige paper sweep: colour matches backdrop.
Cam(<0, 14, -38>, <0, 10, 0>, 40)
Soft(<-30, 40, -30>, rgb 1.1, 16, 2) Sky(rgb 0.9, rgb 0.9)
#declare Bg = material { texture { pigment { rgb <0.82,0.74,0.62> } finish { diffuse 0.85 ambient 0.08 } } };
plane { y, 0 material { ENV(Bg) } } plane { z, 15 material { ENV(Bg) } }
#declare Knit = material { texture { pigment { rgb <0.8,0.71,0.58> } normal { gradient y 0.6 scale 0.4 } finish { diffuse 0.85 ambient 0.06 } } };
union { object { superellipsoid { <0.35,0.5> scale <8,7,2.5> translate y*7 } }
 object { torus { 5.5, 0.7 rotate x*90 clipped_by { plane { y, 0 inverse } } scale <1,1.5,1> translate y*13 } }
 material { PRD(Knit) } rotate y*15 }
