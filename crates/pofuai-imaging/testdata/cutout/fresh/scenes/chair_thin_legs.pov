#version 3.7;
#include "common.inc"
// Wooden chair with thin metal legs on concrete floor against a concrete wall: thin parts, holes between legs and back slats.
Cam(<-40, 45, -110>, <0, 40, 0>, 45)
Soft(<-60, 150, -80>, rgb 1.1, 40, 2) Sky(rgb 0.8, rgb 0.9)
#declare Con = material { texture { pigment { granite scale 30 color_map { [0 rgb 0.55] [1 rgb 0.65] } } normal { bumps 0.2 scale 2 } finish { diffuse 0.8 } } };
plane { y, 0 material { ENV(Con) } } plane { z, 50 material { ENV(Con) } }
#declare Leg = cylinder { 0, y*45, 0.9 };
union {
 object { superellipsoid { <0.2,0.2> scale <22,1.5,20> translate y*46 } material { PRD(Mat(<0.6,0.4,0.22>,0.03,0.8,0.2,0.05,0)) } }
 union { object { Leg translate <-19,0,-17> } object { Leg translate <19,0,-17> } object { Leg translate <-19,0,17> } object { Leg translate <19,0,17> }
  cylinder { <-19,46,17>, <-19,90,19>, 0.9 } cylinder { <19,46,17>, <19,90,19>, 0.9 } cylinder { <-19,15,-17>, <19,15,-17>, 0.6 } material { PRD(Mat(0.08,0.02,0.7,0.5,0.02,0.05)) } }
 #declare I=0; #while (I<3) object { box { <-19,65+I*9,17.5>, <19,70+I*9,19.5> } material { PRD(Mat(<0.6,0.4,0.22>,0.03,0.8,0.2,0.05,0)) } } #declare I=I+1; #end
 rotate y*-30 }
