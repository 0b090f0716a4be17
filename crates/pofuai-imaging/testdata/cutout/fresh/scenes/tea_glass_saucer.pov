// Tulip tea glass with tea on its glass saucer (saucer sold with the glass = product); sugar cubes and spoon are props. Wood table.
#version 3.7;
#include "common.inc"
Cam(<0, 9, -22>, <0.6, 4.5, 0>, 34)
Soft(<-30, 40, -20>, rgb 1.2, 12, 3)
Soft(<30, 20, -30>, rgb 0.5, 8, 2)
Sky(rgb <0.9,0.85,0.8>, rgb <0.6,0.65,0.7>)
plane { y, 0 material { ENV(material { texture { pigment { wood turbulence 0.3 color_map { [0 rgb <0.35,0.18,0.08>] [1 rgb <0.55,0.32,0.15>] } scale <1,1,12> rotate <0,80,0> } finish { diffuse 0.8 specular 0.2 reflection 0.03 } } }) } }
plane { z, 40 material { ENV(Mat(<0.85,0.8,0.72>, 0.05, 0.8, 0, 0.1, 0)) } }
#declare Outer = sor { 7, <0,0>, <2.0,0.8>, <1.95,1.6>, <1.55,4.0>, <2.1,7.0>, <2.55,9.5>, <2.6,10> };
#declare Inner = sor { 7, <0,1>, <1.75,1.0>, <1.8,1.9>, <1.4,4.0>, <1.95,7.0>, <2.42,9.5>, <2.5,12> };
#declare Saucer = lathe { cubic_spline 7, <0,0>, <0,0.05>, <3.5,0.05>, <5.6,0.5>, <5.8,0.9>, <5.6,0.8>, <0,0.3> };
union {
  object { Saucer material { PRD(GlassM) } }
  difference { object { Outer } object { Inner } material { PRD(GlassM) } translate y*0.35 }
  intersection { object { Inner scale <0.99,1,0.99> } plane { y, 7.3 } translate y*0.35
    material { PRD(material { texture { pigment { rgbf <0.75,0.22,0.04,0.55> } finish { specular 0.6 reflection 0.05 } } interior { ior 1.33 } }) } }
}
#declare Sug = superellipsoid { <0.2,0.2> scale 0.6 };
object { Sug translate <6.8,0.6,-1> rotate y*10 material { ENV(Mat(<0.97,0.96,0.94>,0.05,0.9,0.1,0.1,0)) } }
object { Sug translate <7.5,0.6,0.6> rotate y*-20 material { ENV(Mat(<0.97,0.96,0.94>,0.05,0.9,0.1,0.1,0)) } }
union { cylinder { <0,0,0>, <0,0,7>, 0.12 } sphere { <0,0,7.4>, 0.5 scale <1,0.3,1> } rotate <0,-50,0> translate <5.6,0.2,-6>
  material { ENV(material { texture { Polished_Chrome } }) } }
