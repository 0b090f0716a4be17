#version 3.7;
#include "common.inc"
// Glazed teal mug with handle (hole) standing on a closed book; the book is a prop, not product. Desk with plant pot prop behind.
Cam(<-10, 16, -24>, <0, 5, 0>, 36)
Soft(<-20, 40, -25>, rgb 1.2, 10, 2) Hard(<30,20,-10>, rgb 0.3) Sky(rgb 0.8, rgb 0.95)
plane { y, 0 material { ENV(material { texture { pigment { wood color_map { [0 rgb <0.6,0.45,0.3>] [1 rgb <0.7,0.55,0.38>] } scale <1,1,10> rotate y*90 turbulence 0.2 } finish { diffuse 0.8 } } }) } }
plane { z, 25 material { ENV(Mat(<0.85,0.87,0.85>,0.05,0.8,0,0.1,0)) } }
box { <-6,0,-4.5>, <6,2,4.5> rotate y*10 material { ENV(Mat(<0.55,0.1,0.1>,0.03,0.8,0.1,0.1,0)) } }
union { difference { cylinder { y*2, y*11, 3.4 } cylinder { y*2.5, y*12, 3.0 } } torus { 2.3, 0.55 rotate x*90 scale <1,1.2,1> translate <4.2,6.5,0> } rotate y*35 material { PRD(Mat(<0.15,0.45,0.5>,0.03,0.7,0.7,0.005,0.08)) } }
union { cylinder { 0, y*7, 3 } sphere { y*9, 3.5 scale <1,1.3,1> } translate <-10,0,10> material { ENV(Mat(<0.25,0.5,0.2>,0.03,0.7,0,0.1,0)) } }
