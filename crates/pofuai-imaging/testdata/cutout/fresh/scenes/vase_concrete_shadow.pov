#version 3.7;
#include "common.inc"
// Off-white ceramic vase off-centre on a concrete plinth under hard sun: long crisp cast shadow, pale product on pale concrete.
Cam(<4, 14, -34>, <-3, 8, 0>, 40)
Hard(<40, 35, -25>, rgb 1.3) Sky(rgb <0.7,0.75,0.85>, rgb <0.4,0.55,0.8>)
#declare Con = material { texture { pigment { granite scale 20 color_map { [0 rgb 0.72] [1 rgb 0.8] } } normal { bumps 0.25 scale 0.8 } finish { diffuse 0.8 ambient 0.12 } } };
plane { y, 0 material { ENV(Con) } } plane { z, 15 material { ENV(Con) } }
object { sor { 7, <0,-0.1>, <2.5,0>, <4,4>, <3.2,9>, <1.6,13>, <2.2,15>, <2.3,15.5> sturm } translate x*-9 material { PRD(Mat(<0.9,0.88,0.84>,0.1,0.8,0.2,0.05,0)) } }
