#version 3.7;
#include "common.inc"
// Matte black ceramic vase on a glossy black mirror-like table: strong mirrored reflection of the product (not product), dark gradient wall.
Cam(<0, 9, -40>, <0, 8, 0>, 36)
Soft(<-30, 40, -20>, rgb 1.2, 14, 2) Soft(<30, 30, 10>, rgb 0.6, 10, 2)
#if(!MASK) sky_sphere { pigment { gradient y color_map { [0 rgb 0.02] [1 rgb 0.3] } } } #end
plane { y, 0 material { ENV(Mat(0.01,0,0.3,0.9,0.002,0.55)) } }
plane { z, 30 material { ENV(material { texture { pigment { gradient y color_map { [0 rgb 0.02] [1 rgb 0.25] } scale 40 } finish { diffuse 0.8 } } }) } }
object { sor { 7, <0,-0.1>, <3,0>, <4.5,5>, <5,9>, <2,14>, <2.4,18>, <2.5,18.5> sturm } translate x*4 material { PRD(Mat(0.05,0.02,0.8,0.3,0.05,0.03)) } }
