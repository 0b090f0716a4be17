#version 3.7;
#include "common.inc"
// Black smartphone lying face down on dark slate: black on black, camera bump glints; slim 0.8 cm edge.
Cam(<0, 30, -16>, <0, 0, 0>, 38)
Soft(<-20, 30, 10>, rgb 1.2, 10, 2) Sky(rgb 0.2, rgb 0.5)
plane { y, 0 material { ENV(material { texture { pigment { granite scale 10 color_map { [0 rgb 0.04] [1 rgb 0.1] } } normal { granite 0.3 scale 2 } finish { diffuse 0.6 specular 0.2 roughness 0.05 } } }) } }
union { object { superellipsoid { <0.9,0.12> rotate x*90 scale <3.6,0.4,7.6> translate y*0.4 } material { PRD(Mat(0.025,0,0.6,0.6,0.01,0.05)) } }
 object { superellipsoid { <0.3,0.3> scale <1.3,0.15,1.3> translate <-1.6,0.85,5> } material { PRD(Mat(0.05,0,0.6,0.9,0.005,0.2)) } }
 object { cylinder { <-2.2,0.9,5.6>, <-2.2,1.05,5.6>, 0.45 } material { PRD(material { texture { Polished_Chrome } }) } }
 rotate y*25 translate <1,0,0> }
