#version 3.7;
#include "common.inc"
// Grey fabric cylinder speaker on a grey felt surface with grey wall: tone on tone, soft shadow.
Cam(<6, 12, -28>, <0, 6, 0>, 34)
Soft(<-30, 40, -20>, rgb 1.0, 20, 2) Sky(rgb 0.6, rgb 0.6)
#declare Bg = material { texture { pigment { rgb 0.5 } normal { granite 0.1 scale 0.5 } finish { diffuse 0.85 ambient 0.08 } } };
plane { y, 0 material { ENV(Bg) } } plane { z, 12 material { ENV(Bg) } }
union { object { superellipsoid { <1,0.25> rotate x*90 scale <4,6,4> translate y*6 } material { PRD(material { texture { pigment { rgb 0.48 } normal { bumps 0.2 scale 0.1 } finish { diffuse 0.85 ambient 0.06 } } }) } }
 object { cylinder { y*11.9, y*12.2, 3.4 } material { PRD(Mat(0.42,0.03,0.7,0.3,0.05,0)) } }
 object { cylinder { <0,11.8,-4>, <0,12.25,-4>, 0.4 } translate z*2 material { PRD(Mat(0.3,0.03,0.7,0.3,0.05,0)) } } }
