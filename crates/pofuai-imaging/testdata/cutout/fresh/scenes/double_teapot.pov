// Steel Turkish double teapot (caydanlik): kettle + small pot stacked, knobs and handles. Brushed-steel on a light kitchen counter with tiles.
#version 3.7;
#include "common.inc"
Cam(<0, 20, -40>, <0, 12, 0>, 38)
Soft(<-30, 50, -30>, rgb 1.1, 14, 3)
Soft(<40, 30, -20>, rgb 0.6, 10, 2)
Sky(rgb <0.7,0.72,0.75>, rgb <1,1,1>)
plane { y, 0 material { ENV(Mat(<0.86,0.85,0.82>, 0.05, 0.8, 0.2, 0.05, 0.05)) } }
plane { z, 22 material { ENV(material { texture { pigment { brick rgb 0.7, rgb <0.92,0.93,0.95> brick_size <6,3,3> mortar 0.25 } finish { diffuse 0.8 specular 0.4 } } }) } }
#declare Steel = material { texture { pigment { rgb <0.8,0.8,0.82> } finish { ambient 0 diffuse 0.2 specular 0.7 roughness 0.005 metallic reflection { 0.6 metallic } } } };
#declare Blk = material { texture { pigment { rgb 0.03 } finish { specular 0.5 roughness 0.01 } } };
union {
  object { sor { 6, <0,-0.5>, <7,0>, <7.5,3>, <6.5,9>, <4.5,11>, <4.5,12> sturm } material { PRD(Steel) } }
  object { cylinder { <6,4,0>, <11,11,0>, 0.7 } material { PRD(Steel) } }
  object { sor { 6, <0,10.5>, <3.2,11>, <4.2,13>, <3.8,17.5>, <2.5,18.5>, <0,19> sturm } material { PRD(Steel) } }
  object { cylinder { <3.5,13,0>, <7,16,0>, 0.4 } material { PRD(Steel) } }
  object { sphere { <0,19.3,0>, 0.9 } material { PRD(Blk) } }
  object { torus { 4, 0.5 rotate x*90 clipped_by { plane { x, 0 } } translate <-7,6,0> } material { PRD(Blk) } }
  object { torus { 2.5, 0.35 rotate x*90 clipped_by { plane { x, 0 } } translate <-3.5,15,0> } material { PRD(Blk) } }
  rotate y*20
}
