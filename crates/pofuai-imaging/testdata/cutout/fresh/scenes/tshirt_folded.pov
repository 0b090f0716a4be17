#version 3.7;
#include "common.inc"
// Folded white-grey t-shirt (stacked soft layers, collar) on a grey linen fabric backdrop: textile, low contrast.
Cam(<0, 24, -24>, <0, 1, 0>, 40)
Soft(<-20, 40, -20>, rgb 1.1, 20, 2) Sky(rgb 0.9, rgb 0.9)
plane { y, 0 material { ENV(material { texture { pigment { gradient x color_map { [0 rgb 0.6] [0.5 rgb 0.68] [1 rgb 0.6] } scale 0.25 } normal { gradient z 0.4 scale 0.2 } finish { diffuse 0.85 } } }) } }
#declare Ts = material { texture { pigment { rgb <0.86,0.87,0.88> } normal { wrinkles 0.25 scale 1.5 } finish { diffuse 0.85 ambient 0.05 } } };
union { object { superellipsoid { <0.25,0.35> scale <9,0.9,7> translate y*0.9 } }
 object { superellipsoid { <0.25,0.35> scale <8.5,0.8,6.5> translate y*2.4 } }
 object { torus { 2.5, 0.45 scale <1,1,0.7> translate <0,3.3,4.8> } }
 material { PRD(Ts) } rotate y*8 translate x*-2 }
