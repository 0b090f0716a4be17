// Hammered copper cezve with long brass handle on dark slate; copper reflects a warm room. Coffee cup prop behind.
#version 3.7;
#include "common.inc"
Cam(<-6, 14, -26>, <1, 4, 0>, 36)
Soft(<-25, 35, -15>, rgb 1.3, 10, 3)
Hard(<30, 15, -10>, rgb 0.4)
Sky(rgb <0.4,0.3,0.25>, rgb <0.9,0.85,0.8>)
plane { y, 0 material { ENV(material { texture { pigment { granite scale 8 color_map { [0 rgb 0.05] [0.6 rgb 0.09] [1 rgb 0.13] } } normal { granite 0.2 scale 3 } finish { diffuse 0.7 specular 0.3 roughness 0.02 } } }) } }
plane { z, 30 material { ENV(Mat(<0.08,0.08,0.09>, 0, 0.6, 0, 0.1, 0)) } }
#declare Cop = material { texture { pigment { rgb <0.95,0.55,0.35> } normal { bumps 0.35 scale 0.4 } finish { ambient 0 diffuse 0.15 brilliance 4 specular 0.8 roughness 0.01 metallic reflection { 0.55, 0.8 metallic } } } };
union {
  difference { sor { 6, <0,-0.1>, <3.2,0>, <3.6,2.5>, <2.5,6.0>, <2.9,7.5>, <3.0,8> sturm } sor { 6, <0,0.3>, <2.9,0.3>, <3.3,2.5>, <2.25,6.0>, <2.65,7.6>, <2.7,9> sturm } }
  cylinder { <2.6,6.5,0>, <12,8.8,0>, 0.35 }
  cylinder { <11.5,8.7,0>, <16,9.8,0>, 0.45 }
  rotate y*-35 material { PRD(Cop) }
}
union { difference { cylinder { 0, y*5, 2.6 } cylinder { y*0.3, y*6, 2.4 } } torus { 1.2, 0.25 rotate x*90 translate <3.4,2.8,0> }
  translate <-8, 0, 12> material { ENV(Mat(<0.9,0.2,0.15>, 0.03, 0.7, 0.5, 0.01, 0.05)) } }
