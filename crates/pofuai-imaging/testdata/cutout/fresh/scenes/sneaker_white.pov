#version 3.7;
#include "common.inc"
// White low-top sneaker (blob body, white sole, thin laces) on a white floor with a light-grey wall: white on white, soft shadow.
Cam(<-16, 12, -28>, <1, 3.5, 0>, 44)
Soft(<-20, 40, -30>, rgb 1.1, 20, 2) Sky(rgb 1, rgb 1)
plane { y, 0 material { ENV(Mat(<0.95,0.95,0.95>,0.2,0.75,0,0.1,0)) } }
plane { z, 12 material { ENV(Mat(<0.9,0.9,0.9>,0.2,0.7,0,0.1,0)) } }
union {
 object { superellipsoid { <0.3,0.3> scale <12,0.8,4> translate y*0.8 } material { PRD(Mat(<0.96,0.96,0.94>,0.1,0.8,0.2,0.05,0)) } }
 object { union { superellipsoid { <0.5,0.5> scale <11,2.4,3.8> translate <0.5,3,0> } superellipsoid { <0.5,0.5> scale <5,3.2,3.7> translate <-5.5,5,0> } } material { PRD(Mat(<0.98,0.98,0.98>,0.1,0.8,0.3,0.05,0)) } }
 #declare I=0; #while (I<5) object { cylinder { <-1+I*1.6,5.5-I*0.2,-2.6>, <-1+I*1.6,5.5-I*0.2,2.6>, 0.18 } material { PRD(Mat(1,0.1,0.8,0,0.1,0)) } } #declare I=I+1; #end
 rotate y*-20 }
