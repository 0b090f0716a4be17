#version 3.7;
#include "common.inc"
// Tan leather handbag with arched handle (hole), tight crop: bag cut by the bottom and right frame edges; terrazzo floor.
Cam(<6, 14, -22>, <4, 9, 0>, 40)
Soft(<-30, 40, -30>, rgb 1.2, 14, 2) Hard(<30, 20, -10>, rgb 0.3) Sky(rgb 0.8, rgb 1)
plane { y, 0 material { ENV(material { texture { pigment { granite scale 4 color_map { [0 rgb <0.9,0.88,0.85>] [0.7 rgb <0.85,0.82,0.78>] [1 rgb <0.5,0.45,0.4>] } } finish { diffuse 0.8 specular 0.2 } } }) } }
plane { z, 20 material { ENV(Mat(<0.92,0.9,0.87>,0.05,0.8,0,0.1,0)) } }
#declare Lt = material { texture { pigment { rgb <0.6,0.35,0.18> } normal { granite 0.15 scale 0.3 } finish { diffuse 0.75 specular 0.4 roughness 0.02 } } };
union { object { superellipsoid { <0.3,0.3> scale <10,7,4> translate y*7 } material { PRD(Lt) } }
 object { torus { 5, 0.6 rotate x*90 clipped_by { plane { y, 0 inverse } } scale <1,1.3,1> translate y*13.5 } material { PRD(Lt) } }
 object { box { <-1,11,-4.2>, <1,12.5,-3.9> } material { PRD(material { texture { Polished_Brass } }) } }
 rotate y*-10 translate <6,0,0> }
