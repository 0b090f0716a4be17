// Chrome kitchen faucet on a white sink deck: mirror chrome reflects the white surroundings; thin lever handle.
#version 3.7;
#include "common.inc"
Cam(<8, 22, -32>, <0, 12, 0>, 40)
Soft(<-20, 50, -30>, rgb 1.2, 16, 3)
Soft(<30, 30, -10>, rgb 0.5, 10, 2)
Sky(rgb <0.95,0.95,0.95>, rgb <0.8,0.85,0.9>)
plane { y, 0 material { ENV(Mat(<0.93,0.93,0.92>, 0.05, 0.8, 0.4, 0.02, 0.08)) } }
plane { z, 12 material { ENV(Mat(<0.96,0.96,0.96>, 0.05, 0.8, 0, 0.1, 0)) } }
box { <-30,-5,-30>, <30,0.01,-10> material { ENV(Mat(<0.9,0.9,0.92>, 0.05, 0.7, 0.5, 0.01, 0.1)) } translate y*-0.2 }
#declare Chr = material { texture { Polished_Chrome finish { reflection 0.85 } } };
union {
  cylinder { <0,0,0>, <0,1,0>, 3 }
  cylinder { <0,0,0>, <0,22,0>, 1.3 }
  torus { 6, 1.1 rotate x*90 clipped_by { plane { y, 0 inverse } } translate <-6,22,0> rotate y*90 }
  cylinder { <0,22,0>, <0,18,0>, 1.1 translate <0,0,-12> }
  cylinder { <0,17.7,-12>, <0,18,-12>, 1.4 }
  cylinder { <1,12,0>, <7,16,0>, 0.45 }
  sphere { <7,16,0>, 0.6 }
  material { PRD(Chr) } rotate y*-25
}
