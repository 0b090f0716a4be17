#version 3.7;
#include "common.inc"
// Glass jar of amber honey with gold lid; wooden honey dipper prop leaning against it (occludes). Linen backdrop.
Cam(<4, 9, -30>, <-1, 5, 0>, 40)
Soft(<-30, 30, -20>, rgb 1.2, 12, 2) Sky(rgb 0.9, rgb 1)
plane { y, 0 material { ENV(material { texture { pigment { crackle scale 0.3 color_map { [0 rgb <0.8,0.75,0.65>] [1 rgb <0.88,0.84,0.76>] } } finish { diffuse 0.8 } } }) } }
plane { z, 20 material { ENV(Mat(<0.9,0.86,0.8>,0.05,0.8,0,0.1,0)) } }
union { object { difference { cylinder { 0, y*8, 3.5 } cylinder { y*0.4, y*9, 3.2 } } material { PRD(GlassM) } }
 object { cylinder { y*0.4, y*6.8, 3.19 } material { PRD(material { texture { pigment { rgbf <0.95,0.55,0.05,0.7> } finish { specular 0.6 } } interior { ior 1.49 } }) } }
 object { cylinder { y*8, y*9.6, 3.7 } material { PRD(material { texture { Polished_Brass } }) } } translate x*-2 }
union { cylinder { 0, y*12, 0.25 } sphere { y*12, 0.9 scale <1,1.5,1> } rotate z*-25 translate <1.2,0,-4.5> material { ENV(Mat(<0.6,0.4,0.2>,0.05,0.8,0.1,0.1,0)) } }
