#version 3.7;
#include "common.inc"
// Potted plant as the product: terracotta pot with many seeded leaves (foliage, holes between leaves) against a sage wall; a book prop beside.
Cam(<0, 20, -50>, <0, 16, 0>, 38)
Soft(<-40, 60, -30>, rgb 1.1, 20, 2) Sky(rgb 0.8, rgb 1)
plane { y, 0 material { ENV(Mat(<0.75,0.65,0.5>,0.05,0.8,0,0.1,0)) } }
plane { z, 20 material { ENV(Mat(<0.55,0.62,0.5>,0.05,0.8,0,0.1,0)) } }
box { <-4,0,-5>, <4,2,5> rotate y*20 translate <-13,0,-3> material { ENV(Mat(<0.2,0.25,0.45>,0.03,0.8,0.1,0.1,0)) } }
#declare R = seed(7);
union { object { sor { 4, <0,0>, <4.5,0.01>, <6,10>, <6.4,12> } material { PRD(Mat(<0.7,0.35,0.2>,0.03,0.8,0.1,0.1,0)) } }
 object { cylinder { y*9, y*11.5, 6 } material { PRD(Mat(0.15,0.03,0.9,0,0.1,0)) } }
 #declare I=0; #while (I<28)
  #declare A = rand(R)*360; #declare E = 20+rand(R)*55; #declare L = 9+rand(R)*8;
  union { cylinder { 0, y*L, 0.18 } sphere { 0, 1 scale <1.4,3.2,0.15> translate y*(L+2.5) } rotate z*-E rotate y*A translate y*11
   material { PRD(Mat(<0.15,0.4+rand(R)*0.2,0.12>,0.03,0.7,0.3,0.05,0)) } }
  #declare I=I+1; #end translate x*2 }
