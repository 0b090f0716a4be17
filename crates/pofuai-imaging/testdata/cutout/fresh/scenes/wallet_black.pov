#version 3.7;
#include "common.inc"
// Black leather bifold wallet half open on black velvet: black on black, very low contrast; a gold coin prop.
Cam(<0, 18, -20>, <0, 0, 0>, 36)
Soft(<-20, 30, -10>, rgb 1.2, 10, 2) Sky(rgb 0.3, rgb 0.6)
plane { y, 0 material { ENV(material { texture { pigment { rgb 0.02 } normal { bumps 0.3 scale 0.05 } finish { diffuse 0.9 } } }) } }
#declare Lb = material { texture { pigment { rgb 0.03 } normal { granite 0.2 scale 0.4 } finish { diffuse 0.7 specular 0.35 roughness 0.03 } } };
union { object { superellipsoid { <0.2,0.2> scale <5,0.4,4.5> translate y*0.4 } }
 object { superellipsoid { <0.2,0.2> scale <5,0.4,4.5> translate <5,0.4,0> rotate z*20 translate x*5 } }
 material { PRD(Lb) } rotate y*-15 translate x*-2 }
object { cylinder { 0, y*0.2, 1.2 } translate <6,0,-5> material { ENV(material { texture { Gold_T } }) } }
