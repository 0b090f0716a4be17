#version 3.7;
#include "common.inc"
// Cream jar: white glossy jar with cream lid on a white sweep, soft light (white on white), low shadow contrast.
Cam(<0, 10, -22>, <0, 3, 0>, 32)
Soft(<0, 50, -10>, rgb 1.1, 30, 2) Sky(rgb 1, rgb 1)
plane { y, 0 material { ENV(Mat(<0.97,0.97,0.96>,0.25,0.75,0,0.1,0)) } }
plane { z, 14 material { ENV(Mat(<0.98,0.98,0.97>,0.3,0.7,0,0.1,0)) } }
union { object { superellipsoid { <1,0.2> rotate x*90 scale <4,2.5,4> translate y*2.5 } material { PRD(Mat(<0.97,0.97,0.97>,0.1,0.8,0.6,0.01,0.05)) } }
 object { superellipsoid { <1,0.15> rotate x*90 scale <4.1,1.2,4.1> translate y*6 } material { PRD(Mat(<0.96,0.94,0.88>,0.1,0.8,0.3,0.02,0)) } } rotate y*10 translate x*1 }
