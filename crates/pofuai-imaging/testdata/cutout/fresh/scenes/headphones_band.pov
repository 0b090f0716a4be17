#version 3.7;
#include "common.inc"
// Black over-ear headphones standing upright: thin headband arc with a large hole, on a dark-grey desk mat; hard light.
Cam(<0, 10, -40>, <0, 9, 0>, 36)
Hard(<-30, 40, -30>, rgb 1.1) Soft(<30, 20, -20>, rgb 0.3, 8, 2) Sky(rgb 0.5, rgb 0.7)
plane { y, 0 material { ENV(Mat(0.18,0.03,0.8,0.1,0.1,0)) } }
plane { z, 30 material { ENV(Mat(0.75,0.05,0.8,0,0.1,0)) } }
#declare Bk = Mat(0.04,0.02,0.7,0.5,0.02,0.03);
union { object { torus { 8, 0.45 rotate x*90 clipped_by { plane { y, 0 inverse } } translate y*8 } material { PRD(Bk) } }
 object { superellipsoid { <0.6,0.6> scale <1.3,3.5,3> translate <-8.5,4,0> } material { PRD(Bk) } }
 object { superellipsoid { <0.6,0.6> scale <1.3,3.5,3> translate <8.5,4,0> } material { PRD(Bk) } }
 object { cylinder { <-8,7.5,0>, <-8,9,0>, 0.5 } material { PRD(material { texture { Polished_Chrome } }) } }
 object { cylinder { <8,7.5,0>, <8,9,0>, 0.5 } material { PRD(material { texture { Polished_Chrome } }) } }
 rotate y*-20 translate x*-3 }
