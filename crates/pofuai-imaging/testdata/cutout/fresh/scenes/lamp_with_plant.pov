#version 3.7;
#include "common.inc"
// Table lamp with white linen shade and brass stem (product) with a leafy plant prop partly in front of the base; off-white wall.
Cam(<0, 22, -60>, <0, 20, 0>, 40)
Soft(<-40, 60, -40>, rgb 1.1, 20, 2) Sky(rgb 0.9, rgb 1)
plane { y, 0 material { ENV(Mat(<0.6,0.45,0.3>,0.05,0.8,0.2,0.05,0.03)) } }
plane { z, 20 material { ENV(Mat(<0.94,0.92,0.88>,0.08,0.8,0,0.1,0)) } }
union { object { cylinder { 0, y*1.5, 6 } material { PRD(material { texture { Polished_Brass } }) } }
 object { cylinder { 0, y*28, 0.6 } material { PRD(material { texture { Polished_Brass } }) } }
 object { difference { cone { y*24, 9, y*36, 6 } cone { y*23.9, 8.8, y*36.1, 5.8 } } material { PRD(Mat(<0.96,0.95,0.9>,0.15,0.8,0,0.1,0)) } }
 translate x*3 }
#declare R = seed(11);
union { cylinder { 0, y*6, 4 } #declare I=0; #while (I<22) #declare A=rand(R)*360; #declare E=10+rand(R)*60;
 sphere { 0, 1 scale <1.6,4,0.2> translate y*(4+rand(R)*6) rotate z*-E rotate y*A translate y*6 } #declare I=I+1; #end
 translate <-6,0,-8> material { ENV(Mat(<0.2,0.45,0.18>,0.03,0.7,0.2,0.05,0)) } }
