// Clear faceted perfume bottle with pale liquid, black cap and gold collar on white marble with soft window light. Glass + white on white.
#version 3.7;
#include "common.inc"
Cam(<-3, 9, -24>, <0, 5.5, 0>, 34)
Soft(<-40, 30, -10>, rgb 1.3, 20, 3)
Soft(<20, 40, -30>, rgb 0.4, 10, 2)
Sky(rgb 1, rgb <0.95,0.95,1>)
plane { y, 0 material { ENV(material { texture { pigment { marble turbulence 0.8 color_map { [0 rgb 0.95] [0.9 rgb 0.93] [1 rgb 0.7] } scale 6 } finish { diffuse 0.8 specular 0.5 roughness 0.01 reflection 0.08 } } }) } }
plane { z, 15 material { ENV(Mat(<0.97,0.97,0.97>, 0.1, 0.8, 0, 0.1, 0)) } }
union {
  object { superellipsoid { <0.25,0.25> scale <3.2,4,1.8> translate y*4 } material { PRD(GlassM) } }
  object { superellipsoid { <0.3,0.3> scale <2.8,2.6,1.4> translate y*3 } material { PRD(material { texture { pigment { rgbf <1,0.95,0.85,0.9> } finish { specular 0.5 } } interior { ior 1.36 } }) } }
  object { cylinder { <0,8,0>, <0,8.8,0>, 0.9 } material { PRD(material { texture { Polished_Brass } }) } }
  object { superellipsoid { <0.3,0.3> scale <1.4,1.6,1.4> translate y*10.4 } material { PRD(Mat(0.02, 0, 0.5, 0.8, 0.01, 0.1)) } }
  rotate y*25 translate x*-1
}
