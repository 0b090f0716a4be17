#version 3.7;
#include "common.inc"
// Chrome electric kettle, tight crop: top and left edges cut by the frame; glossy white counter reflects it; window-lit.
Cam(<-4, 13, -28>, <-3, 10, 0>, 50)
Soft(<-30, 40, -30>, rgb 1.1, 16, 2) Soft(<30, 20, -20>, rgb 0.5, 10, 2) Sky(rgb <0.8,0.85,0.9>, rgb 1)
plane { y, 0 material { ENV(Mat(0.92,0.05,0.7,0.6,0.01,0.2)) } }
plane { z, 25 material { ENV(Mat(<0.85,0.9,0.95>,0.1,0.8,0,0.1,0)) } }
union { object { cone { y*1, 7, y*20, 5.5 } }
 object { torus { 5.5, 0.9 rotate x*90 clipped_by { plane { x, 0 } } translate <-5.5,12,0> } }
 object { cone { <5,8,0>, 1.2, <9,14,0>, 0.6 } }
 object { cylinder { 0, y*1.2, 7.3 } }
 material { PRD(material { texture { Polished_Chrome } }) } translate x*-6 }
