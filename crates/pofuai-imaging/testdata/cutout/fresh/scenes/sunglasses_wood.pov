#version 3.7;
#include "common.inc"
// Sunglasses with thin metal frame, dark lenses and open temples on a walnut table: thin parts, holes, dark lenses reflecting.
Cam(<0, 16, -18>, <0, 0.5, 0>, 38)
Soft(<-20, 40, -10>, rgb 1.2, 10, 2) Sky(rgb 0.8, rgb 1)
plane { y, 0 material { ENV(material { texture { pigment { wood turbulence 0.25 color_map { [0 rgb <0.2,0.1,0.05>] [1 rgb <0.35,0.2,0.1>] } scale <0.8,0.8,10> rotate y*85 } finish { diffuse 0.8 specular 0.3 reflection 0.04 } } }) } }
#declare Fr = material { texture { Gold_T } };
#declare Ln = material { texture { pigment { rgbf <0.12,0.1,0.08,0.3> } finish { specular 0.9 roughness 0.002 reflection 0.25 } } interior { ior 1.5 } };
#declare Lens = superellipsoid { <1,0.3> rotate x*90 scale <3,0.15,2.5> };
union {
 object { Lens rotate x*-70 translate <-3.6,2.5,0> material { PRD(Ln) } }
 object { Lens rotate x*-70 translate <3.6,2.5,0> material { PRD(Ln) } }
 object { torus { 3.05, 0.12 scale <1,1,0.83> rotate x*20 translate <-3.6,2.5,0> } material { PRD(Fr) } }
 object { torus { 3.05, 0.12 scale <1,1,0.83> rotate x*20 translate <3.6,2.5,0> } material { PRD(Fr) } }
 object { cylinder { <-1,3.8,-0.4>, <1,3.8,-0.4>, 0.12 } material { PRD(Fr) } }
 object { cylinder { <-6.6,3.5,0.3>, <-7.2,1,13>, 0.15 } material { PRD(Fr) } }
 object { cylinder { <6.6,3.5,0.3>, <7.2,1,13>, 0.15 } material { PRD(Fr) } }
 rotate y*12 translate <2,0,-1> }
