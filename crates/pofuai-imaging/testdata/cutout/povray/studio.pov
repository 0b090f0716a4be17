// Held-out cut-out scenes for PofuAi, rendered with POV-Ray 3.7 (Debian package `povray`).
// Written for this repository (same licence as the crate). `build_povray.py` renders every
// scene twice: the photo (Mask = 0) and the exact product mask (Mask = 1: the product
// emits white, everything else is black, no lights; props in front still hide it).
#version 3.7;
global_settings { assumed_gamma 1.0 max_trace_level 12 }
#ifndef (Scene) #declare Scene = 1; #end
#ifndef (Mask) #declare Mask = 0; #end

#macro Prod(T)
  #if (Mask) texture { pigment { rgb 1 } finish { emission 1 diffuse 0 ambient 0 specular 0 } }
  #else texture { T } #end
#end
#macro Other(T)
  #if (Mask) texture { pigment { rgb 0 } finish { emission 0 diffuse 0 ambient 0 specular 0 } }
  #else texture { T } #end
#end
#macro ProdInterior(I) #if (!Mask) interior { I } #end #end

#macro Sweep(C)
  union {
    plane { y, 0 clipped_by { plane { z, 4 } } }
    plane { -z, -8 clipped_by { plane { -y, -4 } } }
    difference { box { <-60, 0, 4>, <60, 4, 8> } cylinder { <-61, 4, 4>, <61, 4, 4>, 4 } }
    Other(texture { pigment { rgb C } finish { diffuse 0.85 ambient 0 } normal { granite 0.04 scale 0.3 } })
  }
#end

#macro Lights(K)
  #if (!Mask)
    light_source { <-5, 9, -6> rgb 1.05 * K area_light <3, 0, 0>, <0, 0, 3>, 5, 5 adaptive 1 circular orient }
    light_source { <6, 5, -7> rgb 0.45 * K shadowless }
    light_source { <0, 6, 6> rgb 0.25 * K shadowless }
  #end
#end

camera { location <0, 3.0, -9.5> look_at <0, 1.35, 0> angle 34 right x * 320 / 256 }
background { rgb 0 }

#declare Ceramic = finish { diffuse 0.8 specular 0.35 roughness 0.02 reflection { 0.03 } ambient 0 }
#declare Glass = texture { pigment { rgbf <0.97, 0.99, 0.98, 0.93> } finish { specular 0.8 roughness 0.002 reflection { 0.04, 0.5 fresnel on } conserve_energy ambient 0 diffuse 0.05 } }
#declare GlassInt = interior { ior 1.5 }
#declare Chrome = texture { pigment { rgb <0.78, 0.79, 0.8> } finish { reflection { 0.75 } metallic specular 0.9 roughness 0.003 diffuse 0.08 ambient 0 } }
#declare Brass = texture { pigment { rgb <0.78, 0.6, 0.3> } finish { reflection { 0.45 } metallic specular 0.7 roughness 0.01 diffuse 0.3 ambient 0 } }

// 1: a white ceramic vase on a white sweep.
#if (Scene = 1)
  Sweep(<0.88, 0.88, 0.87>) Lights(1)
  lathe { cubic_spline 8, <0.0, -0.1>, <0.55, 0>, <0.95, 0.7>, <1.0, 1.4>, <0.55, 2.4>, <0.42, 2.9>, <0.52, 3.2>, <0.5, 3.4>
    Prod(texture { pigment { rgb <0.93, 0.93, 0.92> } finish { Ceramic } }) translate <0.1, 0, 0.3> }
#end

// 2: a clear glass bottle with a cork on light grey.
#if (Scene = 2)
  Sweep(<0.8, 0.81, 0.82>) Lights(1)
  union {
    lathe { cubic_spline 8, <0.0, -0.1>, <0.6, 0>, <0.75, 0.2>, <0.75, 1.9>, <0.3, 2.5>, <0.22, 3.1>, <0.24, 3.2>, <0.2, 3.3> }
    Prod(Glass) ProdInterior(GlassInt) }
  cylinder { <0, 3.1, 0>, <0, 3.55, 0>, 0.2 Prod(texture { pigment { granite color_map { [0 rgb <0.55, 0.38, 0.22>] [1 rgb <0.75, 0.58, 0.38>] } scale 0.1 } finish { diffuse 0.8 ambient 0 } }) }
#end

// 3: a chrome kettle (sphere body, spout, handle) on a mid-grey sweep.
#if (Scene = 3)
  Sweep(<0.5, 0.5, 0.52>) Lights(1.1)
  union {
    intersection { sphere { <0, 1.15, 0>, 1.25 } plane { -y, 0 } }
    cylinder { <0, 2.25, 0>, <0, 2.45, 0>, 0.35 }
    cone { <0.9, 1.0, 0>, 0.22, <1.85, 2.0, 0>, 0.08 }
    Prod(Chrome) }
  torus { 0.75, 0.09 rotate x * 90 scale <1, 0.8, 1> translate <-0.2, 2.3, 0> Prod(texture { pigment { rgb 0.06 } finish { specular 0.4 roughness 0.02 diffuse 0.6 ambient 0 } }) }
#end

// 4: a beige rounded box (a pouf or a storage box) on a beige sweep.
#if (Scene = 4)
  Sweep(<0.8, 0.72, 0.6>) Lights(1)
  superellipsoid { <0.25, 0.25> scale <1.5, 1.0, 1.1> translate <0, 1.0, 0.4> rotate y * 25
    Prod(texture { pigment { rgb <0.78, 0.7, 0.58> } finish { diffuse 0.85 ambient 0 } normal { bumps 0.15 scale 0.05 } }) }
#end

// 5: a red mug with a potted plant (a prop) beside it.
#if (Scene = 5)
  Sweep(<0.86, 0.85, 0.82>) Lights(1)
  union {
    difference { cylinder { <0, 0, 0>, <0, 1.7, 0>, 0.75 } cylinder { <0, 0.12, 0>, <0, 1.8, 0>, 0.66 } }
    torus { 0.45, 0.1 rotate x * 90 translate <-0.78, 0.9, 0> }
    Prod(texture { pigment { rgb <0.72, 0.08, 0.07> } finish { Ceramic } }) translate <-0.55, 0, 0> rotate y * 10 }
  union {
    cone { <0, 0, 0>, 0.45, <0, 0.8, 0>, 0.6 Other(texture { pigment { rgb <0.66, 0.33, 0.2> } finish { diffuse 0.8 ambient 0 } }) }
    union { sphere { <0, 1.35, 0>, 0.55 } sphere { <0.35, 1.65, 0.1>, 0.42 } sphere { <-0.3, 1.75, -0.1>, 0.4 } sphere { <0.05, 2.05, 0>, 0.35 }
      Other(texture { pigment { rgb <0.12, 0.42, 0.15> } finish { diffuse 0.8 ambient 0 } normal { bumps 0.6 scale 0.08 } }) }
    translate <1.45, 0, 0.5> }
#end

// 6: a charcoal fabric speaker on a dark grey sweep.
#if (Scene = 6)
  Sweep(<0.16, 0.16, 0.17>) Lights(1.3)
  union {
    superellipsoid { <0.2, 0.2> scale <1.1, 1.5, 0.6> translate <0, 1.5, 0> }
    Prod(texture { pigment { rgb <0.1, 0.1, 0.11> } finish { diffuse 0.9 specular 0.1 ambient 0 } normal { crackle 0.5 scale 0.03 } }) rotate y * -20 }
  cylinder { <0, 2.05, -0.62>, <0, 2.05, -0.55>, 0.25 rotate y * -20 Prod(texture { pigment { rgb 0.55 } finish { Ceramic } }) }
#end

// 7: a yellow toy (spheres) on a blue sweep: an easy case.
#if (Scene = 7)
  Sweep(<0.25, 0.4, 0.7>) Lights(1)
  union {
    sphere { <0, 0.9, 0>, 0.9 scale <1.25, 1, 1> }
    sphere { <0.7, 2.0, 0>, 0.55 }
    Prod(texture { pigment { rgb <0.95, 0.8, 0.1> } finish { Ceramic } }) }
  cone { <1.15, 2.0, 0>, 0.18, <1.6, 1.95, 0>, 0.02 Prod(texture { pigment { rgb <0.95, 0.45, 0.05> } finish { Ceramic } }) }
#end

// 8: a pink perfume in glass with a gold cap on a pink sweep.
#if (Scene = 8)
  Sweep(<0.9, 0.72, 0.76>) Lights(1)
  union {
    superellipsoid { <0.35, 0.35> scale <0.85, 1.05, 0.45> translate <0, 1.06, 0> }
    Prod(texture { pigment { rgbf <0.95, 0.55, 0.65, 0.75> } finish { specular 0.8 roughness 0.003 reflection { 0.05, 0.4 fresnel on } conserve_energy ambient 0 diffuse 0.1 } })
    ProdInterior(GlassInt) }
  cylinder { <0, 2.05, 0>, <0, 2.6, 0>, 0.28 Prod(Brass) }
#end

// 9: a table lamp, white shade on a brass stem, on a cream sweep.
#if (Scene = 9)
  Sweep(<0.9, 0.87, 0.8>) Lights(1)
  union {
    cylinder { <0, 0, 0>, <0, 0.12, 0>, 0.7 Prod(Brass) }
    cylinder { <0, 0.1, 0>, <0, 2.3, 0>, 0.07 Prod(Brass) }
    difference { cone { <0, 2.0, 0>, 1.05, <0, 3.3, 0>, 0.6 } cone { <0, 1.99, 0>, 1.02, <0, 3.31, 0>, 0.57 }
      Prod(texture { pigment { rgb <0.95, 0.94, 0.9> } finish { diffuse 0.9 ambient 0 } }) }
  }
#end

// 10: a blue ceramic bowl on a wooden table (a textured floor).
#if (Scene = 10)
  plane { y, 0 Other(texture { pigment { wood color_map { [0 rgb <0.55, 0.36, 0.2>] [0.6 rgb <0.42, 0.26, 0.13>] [1 rgb <0.6, 0.4, 0.22>] } turbulence 0.08 scale 0.35 rotate y * 90 rotate x * 2 } finish { diffuse 0.8 specular 0.1 ambient 0 } }) }
  plane { -z, -9 Other(texture { pigment { rgb <0.75, 0.74, 0.7> } finish { diffuse 0.8 ambient 0 } }) }
  Lights(1)
  difference {
    intersection { sphere { <0, 1.6, 0>, 1.6 } plane { y, 1.1 } }
    sphere { <0, 1.6, 0>, 1.5 }
    Prod(texture { pigment { rgb <0.12, 0.3, 0.62> } finish { Ceramic } }) }
#end
