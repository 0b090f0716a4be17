// Demo catalogue photos for PofuAi, rendered with POV-Ray 3.7 (Debian package `povray`).
// Own work, same licence as the repository. One scene per catalogue item (`Scene` is the
// item's index in `CATALOGUE`, crates/pofuai/src/demo.rs). `build.py` renders each scene twice:
// the photo (Mask = 0) and the exact product mask (Mask = 1: the product emits white,
// everything else is black and unlit; a prop in front still hides the product).
#version 3.7;
global_settings { assumed_gamma 1.0 max_trace_level 10 charset utf8 }
#ifndef (Scene) #declare Scene = 0; #end
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

// A seamless paper sweep: floor, a curved cove and a back wall.
#macro Sweep(C)
  union {
    plane { y, 0 clipped_by { plane { z, 4 } } }
    plane { -z, -8 clipped_by { plane { -y, -4 } } }
    difference { box { <-60, 0, 4>, <60, 4, 8> } cylinder { <-61, 4, 4>, <61, 4, 4>, 4 } }
    Other(texture { pigment { rgb C } finish { diffuse 0.72 ambient 0 } normal { granite 0.03 scale 0.3 } })
  }
#end

// A softbox above left (area light, soft floor shadows), a fill from the right and a rim
// light from behind. Deterministic: no jitter.
#macro Lights(K)
  #if (!Mask)
    light_source { <-5, 9, -6> rgb 1.0 * K area_light <3, 0, 0>, <0, 0, 3>, 4, 4 adaptive 1 circular orient }
    light_source { <6, 5, -7> rgb 0.4 * K shadowless }
    light_source { <2, 7, 7> rgb 0.3 * K shadowless }
  #end
#end

#macro Cam(Loc, At, Ang)
  camera { location Loc look_at At angle Ang right x }
#end
// Eye level, three-quarter view from slightly above, and a high angle for flat goods.
#macro CamFront() Cam(<0, 3.0, -10>, <0, 1.35, 0>, 30) #end
#macro CamHigh() Cam(<0, 7.5, -7.5>, <0, 0.3, 0.4>, 31) #end

background { rgb 0 }

// Materials.
#declare Ceramic = finish { diffuse 0.8 specular 0.4 roughness 0.015 reflection { 0.04 } ambient 0 }
#declare Plastic = finish { diffuse 0.8 specular 0.35 roughness 0.03 reflection { 0.02 } ambient 0 }
#declare Matte = finish { diffuse 0.85 specular 0.05 roughness 0.1 ambient 0 }
#declare Fabric = finish { diffuse 0.9 specular 0 ambient 0 }
#declare GlassFin = finish { specular 0.8 roughness 0.002 reflection { 0.04, 0.5 fresnel on } conserve_energy ambient 0 diffuse 0.05 }
#declare Glass = texture { pigment { rgbf <0.97, 0.99, 0.98, 0.93> } finish { GlassFin } }
#declare GlassInt = interior { ior 1.5 }
#declare Steel = texture { pigment { rgb <0.75, 0.76, 0.78> } finish { reflection { 0.65 } metallic specular 0.9 roughness 0.004 diffuse 0.12 ambient 0 } }
#declare Brushed = texture { pigment { rgb <0.72, 0.73, 0.75> } finish { reflection { 0.35 } metallic specular 0.6 roughness 0.02 diffuse 0.25 ambient 0 } }
#declare Brass = texture { pigment { rgb <0.78, 0.6, 0.3> } finish { reflection { 0.45 } metallic specular 0.7 roughness 0.01 diffuse 0.3 ambient 0 } }
#declare Copper = texture { pigment { rgb <0.8, 0.36, 0.18> } finish { reflection { 0.35 } metallic specular 0.8 roughness 0.008 diffuse 0.45 ambient 0 } normal { dents 0.08 scale 0.15 } }
#declare Black = texture { pigment { rgb 0.025 } finish { Plastic } }
#declare Rubber = texture { pigment { rgb 0.04 } finish { diffuse 0.8 specular 0.1 roughness 0.08 ambient 0 } }
#declare Wood = texture { pigment { wood color_map { [0 rgb <0.62, 0.42, 0.24>] [0.5 rgb <0.5, 0.32, 0.17>] [1 rgb <0.66, 0.46, 0.27>] } turbulence 0.05 scale 0.4 rotate y * 90 rotate z * 3 } finish { diffuse 0.8 specular 0.15 roughness 0.04 ambient 0 } }
#declare Knit = normal { gradient x 0.5 scallop_wave scale 0.06 }
#declare Weave = normal { bumps 0.25 scale 0.02 }
#declare Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#declare SerifFont = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"

// ---------------------------------------------------------------------------------------------
// 0: Premium Kahve Makinesi: a black espresso machine with steel front, portafilter and a cup.
#if (Scene = 0)
  CamFront() Sweep(<0.86, 0.8, 0.72>) Lights(1.05)
  union {
    superellipsoid { <0.15, 0.15> scale <1.2, 1.45, 1.0> translate <0, 1.45, 0.3> Prod(Black) }
    box { <-1.1, 0.5, -0.72>, <1.1, 2.75, -0.68> Prod(Brushed) }
    // Group head and portafilter.
    cylinder { <-0.2, 2.0, -0.7>, <-0.2, 2.0, -1.05>, 0.28 Prod(Steel) }
    cylinder { <-0.2, 1.75, -0.95>, <-0.2, 1.92, -0.95>, 0.3 Prod(Steel) }
    cylinder { <-0.2, 1.82, -0.95>, <-0.2, 1.82, -2.1>, 0.07 Prod(Black) }
    // Steam wand.
    cylinder { <0.75, 2.0, -0.75>, <0.85, 1.1, -0.95>, 0.04 Prod(Steel) }
    // Drip tray.
    box { <-1.15, 0, -1.25>, <1.15, 0.28, -0.6> Prod(Steel) }
    // Pressure gauge and buttons.
    cylinder { <0.55, 2.45, -0.72>, <0.55, 2.45, -0.78>, 0.22 Prod(texture { pigment { rgb 0.95 } finish { Ceramic } }) }
    torus { 0.22, 0.03 rotate x * 90 translate <0.55, 2.45, -0.78> Prod(Steel) }
    cylinder { <-0.75, 2.5, -0.72>, <-0.75, 2.5, -0.8>, 0.08 Prod(texture { pigment { rgb <0.9, 0.3, 0.1> } finish { Plastic emission 0.3 } }) }
    cylinder { <-0.45, 2.5, -0.72>, <-0.45, 2.5, -0.8>, 0.08 Prod(Black) }
    rotate y * -18
  }
  // A white espresso cup on the tray (part of the product shot).
  union {
    difference { cylinder { <0, 0, 0>, <0, 0.45, 0>, 0.28 } cylinder { <0, 0.06, 0>, <0, 0.5, 0>, 0.24 } }
    torus { 0.13, 0.035 rotate x * 90 translate <0.3, 0.25, 0> }
    cylinder { <0, 0.43, 0>, <0, 0.44, 0>, 0.245 Prod(texture { pigment { rgb <0.3, 0.16, 0.07> } finish { Ceramic } }) }
    Prod(texture { pigment { rgb 0.95 } finish { Ceramic } }) translate <-0.2, 0.28, -0.95> rotate y * -18
  }
#end

// 1: Türk Kahvesi Makinesi: a red machine with a small steel pot in its bay.
#if (Scene = 1)
  CamFront() Sweep(<0.82, 0.83, 0.84>) Lights(1)
  #declare Red = texture { pigment { rgb <0.62, 0.05, 0.06> } finish { Plastic reflection { 0.06 } } }
  union {
    difference {
      superellipsoid { <0.3, 0.3> scale <1.1, 1.35, 0.95> translate <0, 1.35, 0> }
      box { <-0.8, 0.35, -1.2>, <0.8, 2.0, 0.1> }
      Prod(Red)
    }
    // Control panel with a dial.
    cylinder { <0.0, 2.25, -0.95>, <0.0, 2.25, -1.05>, 0.18 Prod(Steel) }
    cylinder { <-0.55, 2.25, -0.9>, <-0.55, 2.25, -1.0>, 0.06 Prod(texture { pigment { rgb <0.1, 0.9, 0.3> } finish { Plastic emission 0.6 } }) }
    // The pot: a tapering steel cup with a black handle.
    lathe { linear_spline 6, <0, 0>, <0.38, 0>, <0.33, 0.5>, <0.31, 0.75>, <0.36, 0.85>, <0, 0.85> Prod(Steel) translate <0, 0.37, -0.5> }
    cylinder { <0.35, 1.0, -0.5>, <1.0, 1.05, -0.5>, 0.06 Prod(Black) }
    rotate y * -25
  }
#end

// 2: Kablosuz Bluetooth Kulaklık: over-ear headphones standing on their cups.
#if (Scene = 2)
  CamFront() Sweep(<0.62, 0.72, 0.82>) Lights(1.1)
  #declare HB = texture { pigment { rgb 0.05 } finish { diffuse 0.7 specular 0.3 roughness 0.04 ambient 0 } }
  #declare Cup = union {
    superellipsoid { <1, 0.25> scale <0.55, 0.7, 0.22> }
    superellipsoid { <1, 0.4> scale <0.5, 0.64, 0.16> translate z * -0.2 Prod(texture { pigment { rgb 0.08 } finish { Fabric } normal { bumps 0.3 scale 0.03 } }) }
    cylinder { <0, 0, 0.2>, <0, 0, 0.24>, 0.3 Prod(Brushed) }
  }
  union {
    difference { torus { 1.15, 0.09 rotate x * 90 } plane { y, 0 } scale <1, 1.15, 1> translate y * 1.45 Prod(HB) }
    difference { torus { 1.1, 0.12 rotate x * 90 } plane { y, 0.4 } scale <1, 1.15, 1> translate y * 1.45 Prod(texture { pigment { rgb 0.1 } finish { Fabric } normal { Weave } }) }
    cylinder { <-1.15, 1.45, 0>, <-1.15, 1.05, 0>, 0.07 Prod(Steel) }
    cylinder { <1.15, 1.45, 0>, <1.15, 1.05, 0>, 0.07 Prod(Steel) }
    object { Cup rotate y * 90 translate <-1.2, 0.72, 0> Prod(HB) }
    object { Cup rotate y * -90 translate <1.2, 0.72, 0> Prod(HB) }
    rotate y * 28
  }
#end

// 3: Akıllı Saat Spor Edition: a smart watch leaning on a small stand, strap looped.
#if (Scene = 3)
  Cam(<0, 3.2, -8>, <0, 1.0, 0>, 26) Sweep(<0.9, 0.62, 0.45>) Lights(1)
  #declare Strap = texture { pigment { rgb <0.08, 0.2, 0.3> } finish { diffuse 0.7 specular 0.2 roughness 0.05 ambient 0 } }
  union {
    // Case and screen.
    superellipsoid { <0.3, 0.3> scale <0.6, 0.72, 0.18> Prod(Brushed) }
    superellipsoid { <0.3, 0.3> scale <0.52, 0.64, 0.02> translate z * -0.18 Prod(texture { pigment { rgb 0.01 } finish { specular 0.9 roughness 0.002 reflection { 0.08 } ambient 0 } }) }
    // The dial: a ring and the time.
    torus { 0.4, 0.03 rotate x * 90 translate <0, 0.02, -0.205> Prod(texture { pigment { rgb <0.1, 0.8, 0.5> } finish { emission 0.9 diffuse 0 } }) }
    text { ttf Font "10:09" 0.01, 0 scale 0.15 translate <-0.21, 0.0, -0.21> no_shadow Prod(texture { pigment { rgb 1 } finish { emission 1 diffuse 0 } }) }
    text { ttf Font "8 412" 0.01, 0 scale 0.08 translate <-0.1, -0.15, -0.21> no_shadow Prod(texture { pigment { rgb <0.9, 0.5, 0.2> } finish { emission 1 diffuse 0 } }) }
    cylinder { <0.62, 0.25, 0>, <0.72, 0.25, 0>, 0.07 Prod(Steel) }
    box { <-0.4, -1.1, 0.0>, <0.4, 1.1, 0.14> Prod(Strap) }
    rotate x * 12 translate <0, 1.35, 0>
  }
  // A grey stand (prop).
  union { cylinder { <0, 0, 0.3>, <0, 0.12, 0.3>, 0.9 } cylinder { <0, 0, 0.35>, <0, 1.3, 0.45>, 0.1 }
    Other(texture { pigment { rgb 0.55 } finish { Matte } }) }
#end

// 4: Taşınabilir Şarj Cihazı 20000 mAh: a power bank standing at an angle, a cable beside.
#if (Scene = 4)
  CamFront() Sweep(<0.28, 0.3, 0.34>) Lights(1.25)
  union {
    superellipsoid { <0.15, 0.4> scale <0.85, 1.5, 0.3> Prod(texture { pigment { rgb <0.9, 0.9, 0.88> } finish { Plastic } }) }
    box { <-0.5, -1.51, -0.1>, <-0.2, -1.49, 0.1> Prod(Black) }
    #for (k, 0, 3)
      sphere { <-0.3 + k * 0.2, -1.0, -0.3>, 0.04 Prod(texture { pigment { rgb <0.2, 0.6, 1> } finish { emission 1 } }) }
    #end
    text { ttf Font "20000" 0.02, 0 scale 0.36 translate <-0.6, 0.2, -0.31> no_shadow Prod(texture { pigment { rgb 0.25 } finish { Plastic } }) }
    text { ttf Font "mAh" 0.02, 0 scale 0.24 translate <-0.25, -0.15, -0.31> no_shadow Prod(texture { pigment { rgb 0.25 } finish { Plastic } }) }
    rotate x * -10 rotate y * 20 translate <0, 1.5, 0.3>
  }
#end

// 5: Robot Süpürge Akıllı Haritalama: a round robot vacuum with a lidar turret.
#if (Scene = 5)
  Cam(<0, 5.5, -8.5>, <0, 0.4, 0>, 30) Sweep(<0.78, 0.77, 0.74>) Lights(1.1)
  union {
    intersection { superellipsoid { <1, 0.25> scale <1.7, 1.7, 0.35> rotate x * 90 translate y * 0.4 } plane { -y, -0.02 } Prod(texture { pigment { rgb 0.06 } finish { Plastic reflection { 0.08 } } }) }
    cylinder { <0, 0.74, 0>, <0, 0.76, 0>, 1.5 Prod(texture { pigment { rgb 0.1 } finish { specular 0.9 roughness 0.003 reflection { 0.12 } diffuse 0.5 ambient 0 } }) }
    cylinder { <0, 0.74, 0.5>, <0, 0.98, 0.5>, 0.42 Prod(Brushed) }
    cylinder { <0, 0.96, 0.5>, <0, 1.0, 0.5>, 0.43 Prod(Black) }
    cylinder { <0, 0.74, -0.8>, <0, 0.78, -0.8>, 0.1 Prod(texture { pigment { rgb <0.2, 0.9, 1> } finish { emission 0.8 } }) }
    // Side brush.
    #for (k, 0, 2)
      cylinder { <0, 0.05, 0>, <0.45, 0.05, 0>, 0.012 rotate y * (k * 120 + 20) translate <-1.25, 0, -1.0> Prod(texture { pigment { rgb 0.3 } finish { Matte } }) }
    #end
    rotate y * 20 translate z * 0.3
  }
#end

// 6: El Dokuması Kilim Yastık Kılıfı: a square cushion with a kilim pattern.
#if (Scene = 6)
  CamFront() Sweep(<0.78, 0.74, 0.66>) Lights(1.05)
  #declare Kilim = pigment {
    function { abs(mod(abs(x * 3) + abs(y * 3), 2) - 1) }
    color_map { [0 rgb <0.55, 0.08, 0.07>] [0.3 rgb <0.55, 0.08, 0.07>] [0.3 rgb <0.9, 0.78, 0.55>] [0.45 rgb <0.9, 0.78, 0.55>] [0.45 rgb <0.1, 0.16, 0.35>] [0.7 rgb <0.1, 0.16, 0.35>] [0.7 rgb <0.85, 0.55, 0.12>] [1 rgb <0.85, 0.55, 0.12>] }
  }
  superellipsoid { <0.45, 0.22> scale <1.45, 1.45, 0.42>
    Prod(texture { pigment { Kilim } finish { Fabric } normal { Weave } })
    rotate x * -12 rotate y * -15 translate <0, 1.45, 0.4> }
#end

// 7: Bambu Banyo Havlusu Seti: three folded towels stacked, one rolled on top.
#if (Scene = 7)
  CamFront() Sweep(<0.7, 0.78, 0.7>) Lights(1.05)
  #macro Towel(C, W, H, Y)
    superellipsoid { <0.2, 0.35> scale <W, H, 0.9> translate y * (Y + H) Prod(texture { pigment { rgb C } finish { Fabric } normal { bumps 0.2 scale 0.02 } }) }
  #end
  union {
    Towel(<0.95, 0.94, 0.9>, 1.45, 0.32, 0)
    Towel(<0.55, 0.68, 0.58>, 1.4, 0.3, 0.62)
    Towel(<0.85, 0.78, 0.66>, 1.35, 0.28, 1.2)
    superellipsoid { <1, 0.3> scale <0.38, 0.38, 0.9> rotate y * 90 translate y * 2.14
      Prod(texture { pigment { onion color_map { [0 rgb <0.95, 0.94, 0.9>] [0.9 rgb <0.95, 0.94, 0.9>] [1 rgb <0.7, 0.7, 0.66>] } scale 0.12 rotate y * 90 } finish { Fabric } normal { bumps 0.2 scale 0.02 } }) }
    rotate y * 20 translate z * 0.4
  }
#end

// 8: Seramik Çiçek Saksısı: a glazed ceramic pot with a succulent.
#if (Scene = 8)
  CamFront() Sweep(<0.88, 0.84, 0.78>) Lights(1)
  #declare Pot = texture { pigment { gradient y color_map { [0 rgb <0.72, 0.4, 0.25>] [0.35 rgb <0.72, 0.4, 0.25>] [0.35 rgb <0.1, 0.35, 0.45>] [1 rgb <0.12, 0.4, 0.5>] } scale 1.8 } finish { Ceramic } }
  union {
    difference {
      lathe { cubic_spline 7, <0, -0.1>, <0.75, 0>, <0.82, 0.2>, <1.05, 1.4>, <1.15, 1.75>, <1.15, 1.85>, <1.1, 1.9> }
      cylinder { <0, 1.55, 0>, <0, 2.0, 0>, 1.02 }
      Prod(Pot)
    }
    cylinder { <0, 1.4, 0>, <0, 1.62, 0>, 1.04 Prod(texture { pigment { rgb <0.3, 0.2, 0.12> } finish { Matte } normal { granite 0.6 scale 0.05 } }) }
    // A succulent rosette.
    #for (ring, 0, 2)
      #for (k, 0, 6)
        sphere { 0, 1 scale <0.12, 0.07, 0.5 - ring * 0.12> translate z * (0.45 - ring * 0.12) rotate x * (-30 - ring * 22) rotate y * (k * 51 + ring * 25) translate y * 1.65
          Prod(texture { pigment { rgb <0.42, 0.62 - ring * 0.05, 0.45> } finish { diffuse 0.8 specular 0.3 roughness 0.04 ambient 0 } }) }
      #end
    #end
  }
#end

// 9: Pamuklu Nevresim Takımı Çift Kişilik: a folded bedding set, striped, with a ribbon.
#if (Scene = 9)
  CamFront() Sweep(<0.9, 0.9, 0.9>) Lights(0.95)
  #declare Stripe = pigment { gradient x color_map { [0 rgb <0.96, 0.96, 0.95>] [0.75 rgb <0.96, 0.96, 0.95>] [0.75 rgb <0.55, 0.68, 0.82>] [1 rgb <0.55, 0.68, 0.82>] } scale 0.3 }
  union {
    superellipsoid { <0.12, 0.3> scale <1.5, 0.28, 1.1> translate y * 0.28 Prod(texture { pigment { Stripe } finish { Fabric } normal { bumps 0.2 scale 0.03 } }) }
    superellipsoid { <0.12, 0.3> scale <1.48, 0.28, 1.08> translate y * 0.84 Prod(texture { pigment { rgb <0.96, 0.96, 0.95> } finish { Fabric } normal { bumps 0.2 scale 0.03 } }) }
    superellipsoid { <0.12, 0.3> scale <1.46, 0.26, 1.06> translate y * 1.38 Prod(texture { pigment { Stripe } finish { Fabric } normal { bumps 0.2 scale 0.03 } }) }
    superellipsoid { <0.12, 0.4> scale <0.7, 0.22, 0.55> translate <0, 1.86, 0> Prod(texture { pigment { rgb <0.55, 0.68, 0.82> } finish { Fabric } normal { bumps 0.2 scale 0.03 } }) }
    box { <-0.45, 0, -1.12>, <-0.25, 2.1, 1.12> Prod(texture { pigment { rgb <0.85, 0.75, 0.55> } finish { Fabric } normal { gradient y 0.3 scale 0.02 } }) }
    rotate y * -22 translate z * 0.3
  }
#end

// 10: Aromaterapi Oda Kokusu Difüzörü: a glass bottle with scented oil and rattan reeds.
#if (Scene = 10)
  CamFront() Sweep(<0.8, 0.84, 0.86>) Lights(1.05)
  union {
    lathe { cubic_spline 8, <0, -0.1>, <0.6, 0>, <0.75, 0.3>, <0.72, 1.0>, <0.35, 1.35>, <0.18, 1.55>, <0.2, 1.65>, <0, 1.7> Prod(Glass) ProdInterior(GlassInt) }
    lathe { linear_spline 5, <0, 0.05>, <0.66, 0.05>, <0.68, 0.3>, <0.66, 0.75>, <0, 0.75> Prod(texture { pigment { rgbf <0.9, 0.6, 0.2, 0.7> } finish { specular 0.3 roughness 0.01 ambient 0 diffuse 0.2 } }) ProdInterior(interior { ior 1.4 }) }
    cylinder { <0, 1.45, 0>, <0, 1.62, 0>, 0.21 Prod(Brass) }
    #for (k, 0, 7)
      #declare A = k * 45 + 10;
      #declare T = 10 + mod(k * 7, 11);
      cylinder { <0, 0.1, 0>, <0, 3.4 - mod(k, 3) * 0.25, 0>, 0.025 rotate z * T rotate y * A translate y * 0.1
        Prod(texture { pigment { rgb <0.35, 0.24, 0.14> } finish { Matte } normal { bumps 0.3 scale <0.02, 0.3, 0.02> } }) }
    #end
    translate <0, 0, 0.2>
  }
#end

// 11: Döküm Tava 28 cm: a cast iron skillet seen from above, handle to the right.
#if (Scene = 11)
  CamHigh() Sweep(<0.72, 0.66, 0.58>) Lights(1.15)
  #declare Iron = texture { pigment { rgb 0.07 } finish { diffuse 0.7 specular 0.25 roughness 0.05 ambient 0 } normal { granite 0.3 scale 0.08 } }
  union {
    difference { cylinder { <0, 0, 0>, <0, 0.4, 0>, 1.55 } cylinder { <0, 0.1, 0>, <0, 0.5, 0>, 1.42 } }
    torus { 1.49, 0.07 translate y * 0.4 }
    union { box { <1.5, 0.2, -0.16>, <3.1, 0.38, 0.16> } cylinder { <3.1, 0.2, 0>, <3.1, 0.38, 0>, 0.16 } }
    Prod(Iron) rotate y * -30 translate <-0.6, 0, 0.2>
  }
#end

// 12: Çelik Çaydanlık Takımı: the Turkish double teapot in steel.
#if (Scene = 12)
  CamFront() Sweep(<0.55, 0.6, 0.68>) Lights(1.1)
  union {
    // Bottom kettle.
    lathe { cubic_spline 8, <0, -0.1>, <0.95, 0>, <1.1, 0.2>, <1.15, 0.8>, <0.95, 1.3>, <0.6, 1.45>, <0.58, 1.55>, <0.5, 1.6> }
    cone { <0.9, 0.5, 0>, 0.16, <1.7, 1.25, 0>, 0.06 }
    // Top teapot.
    lathe { cubic_spline 8, <0, 1.4>, <0.5, 1.5>, <0.62, 1.7>, <0.68, 2.0>, <0.55, 2.35>, <0.35, 2.45>, <0.3, 2.6>, <0, 2.65> }
    sphere { <0, 2.62, 0>, 0.1 }
    cone { <0.5, 1.9, 0>, 0.09, <1.05, 2.35, 0>, 0.04 }
    Prod(Steel)
  }
  union {
    difference { torus { 0.55, 0.05 rotate x * 90 } plane { -y, 0 } scale <1.2, 1, 1> translate <-0.9, 1.1, 0> rotate y * 0 }
    difference { torus { 0.35, 0.045 rotate x * 90 } plane { -y, 0 } translate <-0.75, 2.05, 0> }
    Prod(Black)
  }
#end

// 13: İnce Belli Çay Bardağı 12'li: three tulip tea glasses with tea on white saucers.
#if (Scene = 13)
  Cam(<0, 3.0, -9>, <0, 0.9, 0>, 28) Sweep(<0.9, 0.88, 0.84>) Lights(1)
  #macro TeaGlass(P)
    union {
      cylinder { <0, 0, 0>, <0, 0.06, 0>, 0.7 Prod(texture { pigment { rgb 0.96 } finish { Ceramic } }) }
      torus { 0.66, 0.03 translate y * 0.06 Prod(texture { pigment { rgb <0.85, 0.65, 0.25> } finish { Ceramic metallic reflection { 0.3 } } }) }
      lathe { cubic_spline 8, <0, 0.06>, <0.28, 0.07>, <0.3, 0.1>, <0.38, 0.55>, <0.25, 0.95>, <0.34, 1.5>, <0.4, 1.75>, <0.42, 1.85> Prod(Glass) ProdInterior(GlassInt) }
      lathe { cubic_spline 7, <0, 0.08>, <0.28, 0.1>, <0.35, 0.55>, <0.23, 0.95>, <0.31, 1.45>, <0, 1.45>, <0, 1.46> Prod(texture { pigment { rgbf <0.6, 0.12, 0.03, 0.55> } finish { specular 0.6 roughness 0.005 ambient 0 diffuse 0.2 } }) ProdInterior(interior { ior 1.33 }) }
      translate P
    }
  #end
  TeaGlass(<-1.25, 0, 0.5>) TeaGlass(<0, 0, -0.2>) TeaGlass(<1.25, 0, 0.5>)
#end

// 14: Ahşap Kesme Tahtası: a wooden board with a handle leaning on the wall, a second flat.
#if (Scene = 14)
  CamFront() Sweep(<0.3, 0.36, 0.33>) Lights(1.2)
  #declare Board = difference {
    union { superellipsoid { <0.1, 0.1> scale <1.1, 1.5, 0.1> } superellipsoid { <0.3, 0.1> scale <0.35, 0.4, 0.1> translate y * 1.8 } }
    cylinder { <0, 1.85, -1>, <0, 1.85, 1>, 0.12 }
  }
  object { Board Prod(Wood) rotate x * -12 translate <0.4, 1.5, 1.0> }
  object { Board Prod(texture { Wood rotate z * 40 }) rotate x * 90 rotate y * 70 translate <-0.5, 0.1, -0.5> }
#end

// 15: Granit Tencere Seti 7 Parça: three speckled granite pots with glass lids.
#if (Scene = 15)
  Cam(<0, 3.5, -10>, <0, 1.0, 0>, 32) Sweep(<0.85, 0.84, 0.8>) Lights(1.05)
  #declare Granite = texture { pigment { granite color_map { [0 rgb 0.08] [0.7 rgb 0.12] [0.72 rgb 0.8] [0.75 rgb 0.12] [1 rgb 0.1] } scale 0.5 } finish { Ceramic } }
  #macro Pot(R, H, P)
    union {
      difference { cylinder { <0, 0, 0>, <0, H, 0>, R } cylinder { <0, 0.08, 0>, <0, H + 0.1, 0>, R - 0.06 } Prod(Granite) }
      intersection { sphere { <0, H - 1.8 * R, 0>, 2 * R } plane { -y, -H } cylinder { <0, 0, 0>, <0, 10, 0>, R + 0.03 } Prod(Glass) ProdInterior(GlassInt) }
      torus { R, 0.03 translate y * H Prod(Steel) }
      cylinder { <0, H + 0.1, 0>, <0, H + 0.35, 0>, 0.12 Prod(Black) }
      union { cylinder { <-R - 0.25, H * 0.8, 0>, <R + 0.25, H * 0.8, 0>, 0.06 } Prod(Black) }
      translate P
    }
  #end
  Pot(0.95, 1.3, <-1.15, 0, 0.8>) Pot(0.75, 1.0, <1.05, 0, 0.9>) Pot(0.6, 0.75, <0, 0, -0.6>)
#end

// 16: Organik Pamuk Tişört: a folded white T-shirt, high angle (white on light: a hard case).
#if (Scene = 16)
  CamHigh() Sweep(<0.86, 0.86, 0.85>) Lights(1)
  #declare Cotton = texture { pigment { rgb <0.96, 0.96, 0.94> } finish { Fabric } normal { bumps 0.25 scale 0.015 } }
  union {
    superellipsoid { <0.15, 0.4> scale <1.3, 0.16, 1.6> translate y * 0.16 }
    // Folded sleeves on the sides of the shoulders.
    prism { linear_spline 0, 0.3, 4, <-1.3, 0.9>, <-1.65, 0.4>, <-1.3, 0.1>, <-1.3, 0.9> }
    prism { linear_spline 0, 0.3, 4, <1.3, 0.9>, <1.65, 0.4>, <1.3, 0.1>, <1.3, 0.9> }
    difference { torus { 0.42, 0.07 scale <1, 1, 0.7> translate <0, 0.34, 1.4> } plane { -z, -1.4 } }
    Prod(Cotton)
  }
  // The collar's inner band shows the label.
  intersection { cylinder { <0, 0.3, 1.4>, <0, 0.34, 1.4>, 0.36 scale <1, 1, 0.7> translate z * 0.42 } plane { -z, -1.4 } Prod(texture { pigment { rgb <0.85, 0.84, 0.8> } finish { Fabric } }) }
  box { <-0.12, 0.33, 1.28>, <0.12, 0.345, 1.38> Prod(texture { pigment { rgb <0.3, 0.5, 0.3> } finish { Fabric } }) }
#end

// 17: Kadın Triko Hırka: a folded mustard cardigan with buttons, high angle.
#if (Scene = 17)
  CamHigh() Sweep(<0.5, 0.45, 0.5>) Lights(1.15)
  #declare Wool = texture { pigment { rgb <0.78, 0.55, 0.12> } finish { Fabric } normal { gradient x 0.7 scallop_wave scale 0.07 } }
  union {
    superellipsoid { <0.15, 0.35> scale <1.3, 0.2, 1.6> translate y * 0.2 Prod(Wool) }
    superellipsoid { <0.4, 0.4> scale <0.45, 0.12, 1.4> translate <-0.95, 0.42, 0> rotate y * 8 Prod(Wool) }
    superellipsoid { <0.4, 0.4> scale <0.45, 0.12, 1.4> translate <0.95, 0.42, 0> rotate y * -8 Prod(Wool) }
    // V neck and placket.
    prism { linear_spline 0.39, 0.41, 4, <-0.35, 1.6>, <0.35, 1.6>, <0, 0.7>, <-0.35, 1.6> Prod(texture { pigment { rgb <0.45, 0.3, 0.1> } finish { Fabric } }) }
    box { <-0.1, 0.39, -1.55>, <0.1, 0.415, 0.7> Prod(texture { pigment { rgb <0.72, 0.5, 0.1> } finish { Fabric } normal { gradient z 0.6 scale 0.04 } }) }
    #for (k, 0, 4)
      cylinder { <0, 0.4, -1.3 + k * 0.45>, <0, 0.45, -1.3 + k * 0.45>, 0.07 Prod(texture { pigment { rgb <0.3, 0.18, 0.08> } finish { Ceramic } }) }
    #end
    rotate y * 10
  }
#end

// 18: Erkek Deri Cüzdan: a brown leather bifold wallet, half open, a card inside.
#if (Scene = 18)
  Cam(<0, 5.0, -7>, <0, 0.5, 0.2>, 28) Sweep(<0.86, 0.84, 0.8>) Lights(1.1)
  #declare Leather = texture { pigment { rgb <0.36, 0.18, 0.08> } finish { diffuse 0.75 specular 0.25 roughness 0.05 ambient 0 } normal { crackle 0.2 scale 0.05 } }
  union {
    superellipsoid { <0.1, 0.1> scale <1.5, 0.08, 1.1> translate y * 0.08 Prod(Leather) }
    // The upper half opens up at 35 degrees around the back edge.
    union {
      superellipsoid { <0.1, 0.1> scale <1.5, 0.08, 1.1> translate <0, 0.08, -1.1> }
      Prod(Leather) rotate x * -35 translate <0, 0.16, 1.1>
    }
    box { <-1.3, 0.17, -0.2>, <0.3, 0.19, 1.0> Prod(texture { pigment { rgb <0.15, 0.35, 0.55> } finish { Plastic } }) rotate x * -8 }
    // Stitching along the front edge.
    #for (k, 0, 28)
      box { <-1.4 + k * 0.1, 0.165, -1.02>, <-1.36 + k * 0.1, 0.17, -1.0> Prod(texture { pigment { rgb <0.85, 0.75, 0.55> } finish { Matte } }) }
    #end
    rotate y * -15 translate z * 0.2
  }
#end

// 19: Yün Atkı El Örmesi: a folded hand-knitted red scarf, one end hanging down, with fringe.
#if (Scene = 19)
  CamFront() Sweep(<0.86, 0.82, 0.72>) Lights(1.05)
  #declare Scarf = texture { pigment { gradient x color_map { [0 rgb <0.6, 0.07, 0.08>] [0.8 rgb <0.6, 0.07, 0.08>] [0.8 rgb <0.9, 0.88, 0.82>] [1 rgb <0.9, 0.88, 0.82>] } scale 0.9 } finish { Fabric } normal { gradient x 0.8 scallop_wave scale 0.05 } }
  union {
    superellipsoid { <0.25, 0.5> scale <1.1, 0.2, 1.0> translate y * 0.2 }
    superellipsoid { <0.25, 0.5> scale <1.05, 0.2, 0.95> translate y * 0.6 }
    superellipsoid { <0.25, 0.5> scale <1.0, 0.2, 0.9> translate y * 1.0 }
    // The end falls over the front edge and lies on the floor.
    superellipsoid { <0.3, 0.3> scale <0.45, 0.55, 0.08> rotate x * -10 translate <0.35, 0.62, -1.0> }
    superellipsoid { <0.3, 0.3> scale <0.45, 0.07, 0.4> translate <0.35, 0.07, -1.4> }
    #for (k, 0, 10)
      cylinder { <0.0 + k * 0.07, 0.04, -1.75>, <-0.02 + k * 0.072, 0.03, -2.15>, 0.022 Prod(texture { pigment { rgb <0.6, 0.07, 0.08> } finish { Fabric } }) }
    #end
    Prod(Scarf)
    rotate y * -20 translate z * 0.3
  }
#end

// 20: Zeytinyağlı Doğal Sabun Seti: four olive oil soap bars, stacked, with twine.
#if (Scene = 20)
  CamFront() Sweep(<0.9, 0.88, 0.8>) Lights(1)
  #macro Soap(C, P, R)
    superellipsoid { <0.25, 0.25> scale <0.8, 0.3, 0.55>
      Prod(texture { pigment { rgb C } finish { diffuse 0.8 specular 0.15 roughness 0.06 ambient 0 } normal { granite 0.08 scale 0.2 } })
      rotate y * R translate P }
  #end
  Soap(<0.5, 0.55, 0.22>, <-0.3, 0.3, 0.5>, 10)
  Soap(<0.82, 0.78, 0.55>, <-0.3, 0.9, 0.5>, -5)
  Soap(<0.6, 0.63, 0.32>, <1.3, 0.3, 0.2>, -30)
  Soap(<0.85, 0.62, 0.5>, <-1.4, 0.3, -0.3>, 25)
  difference { torus { 0.62, 0.025 rotate z * 90 scale <1, 1, 0.95> } plane { y, -0.05 } translate <-0.3, 0.6, 0.5> rotate y * 2 Prod(texture { pigment { rgb <0.7, 0.58, 0.4> } finish { Matte } }) }
#end

// 21: Gül Suyu Tonik 250 ml: a clear glass bottle with rose water and a white spray cap.
#if (Scene = 21)
  CamFront() Sweep(<0.92, 0.82, 0.84>) Lights(1)
  union {
    lathe { cubic_spline 8, <0, -0.1>, <0.58, 0>, <0.68, 0.15>, <0.68, 2.0>, <0.3, 2.35>, <0.22, 2.5>, <0.22, 2.6>, <0, 2.65> Prod(Glass) ProdInterior(GlassInt) }
    cylinder { <0, 0.04, 0>, <0, 1.7, 0>, 0.6 Prod(texture { pigment { rgbf <1, 0.72, 0.78, 0.75> } finish { specular 0.3 roughness 0.01 ambient 0 diffuse 0.2 } }) ProdInterior(interior { ior 1.33 }) }
    // Paper label.
    intersection { cylinder { <0, 0.6, 0>, <0, 1.45, 0>, 0.695 } plane { z, 0.1 } Prod(texture { pigment { rgb <0.97, 0.95, 0.92> } finish { Matte } }) }
    text { ttf SerifFont "Gül Suyu" 0.01, 0 scale 0.2 translate <-0.45, 1.1, -0.71> no_shadow Prod(texture { pigment { rgb <0.6, 0.2, 0.3> } finish { Matte } }) }
    text { ttf Font "250 ml" 0.01, 0 scale 0.12 translate <-0.22, 0.75, -0.71> no_shadow Prod(texture { pigment { rgb 0.3 } finish { Matte } }) }
    cylinder { <0, 2.45, 0>, <0, 2.9, 0>, 0.26 Prod(texture { pigment { rgb 0.97 } finish { Plastic } }) }
    cylinder { <0, 2.9, 0>, <0, 3.1, 0>, 0.12 Prod(texture { pigment { rgb 0.97 } finish { Plastic } }) }
    translate <0, 0, 0.4> rotate y * 15
  }
#end

// 22: Argan Yağlı Saç Bakım Serumu: an amber dropper bottle with a black dropper.
#if (Scene = 22)
  CamFront() Sweep(<0.86, 0.76, 0.6>) Lights(1.05)
  union {
    lathe { cubic_spline 8, <0, -0.1>, <0.55, 0>, <0.62, 0.12>, <0.62, 1.5>, <0.32, 1.8>, <0.24, 1.9>, <0.24, 2.0>, <0, 2.05>
      Prod(texture { pigment { rgbf <0.7, 0.35, 0.08, 0.75> } finish { GlassFin } }) ProdInterior(GlassInt) }
    intersection { cylinder { <0, 0.4, 0>, <0, 1.2, 0>, 0.665 } plane { z, 0.2 } Prod(texture { pigment { rgb <0.95, 0.9, 0.8> } finish { Matte } }) }
    text { ttf SerifFont "ARGAN" 0.01, 0 scale 0.2 translate <-0.45, 0.8, -0.675> no_shadow Prod(texture { pigment { rgb <0.4, 0.25, 0.1> } finish { Matte } }) }
    text { ttf Font "saç serumu" 0.01, 0 scale 0.1 translate <-0.37, 0.58, -0.675> no_shadow Prod(texture { pigment { rgb 0.3 } finish { Matte } }) }
    cylinder { <0, 1.9, 0>, <0, 2.25, 0>, 0.3 Prod(Black) }
    superellipsoid { <1, 0.5> scale <0.2, 0.2, 0.4> rotate x * 90 translate y * 2.55 Prod(Rubber) }
    translate <0, 0, 0.3> rotate y * -10
  }
#end

// 23: Yoga Matı Kaymaz 6 mm: a teal mat, rolled, with its end unrolled on the floor.
#if (Scene = 23)
  Cam(<0, 4.2, -9.5>, <0, 0.7, 0.4>, 30) Sweep(<0.88, 0.86, 0.82>) Lights(1.05)
  #declare Mat = texture { pigment { onion color_map { [0 rgb <0.1, 0.5, 0.52>] [0.85 rgb <0.1, 0.5, 0.52>] [0.9 rgb <0.04, 0.25, 0.27>] [1 rgb <0.1, 0.5, 0.52>] } scale 0.09 rotate y * 90 } finish { diffuse 0.8 specular 0.1 roughness 0.1 ambient 0 } normal { bumps 0.15 scale 0.02 } }
  union {
    cylinder { <-1.7, 0.55, 0>, <1.7, 0.55, 0>, 0.55 }
    box { <-1.7, 0, -2.0>, <1.7, 0.06, 0> }
    Prod(Mat) rotate y * -20 translate <0, 0, 0.9>
  }
  union { torus { 0.57, 0.03 rotate z * 90 translate <-1.1, 0.55, 0> } torus { 0.57, 0.03 rotate z * 90 translate <1.1, 0.55, 0> }
    Prod(texture { pigment { rgb 0.1 } finish { Fabric } }) rotate y * -20 translate <0, 0, 0.9> }
#end

// 24: Ayarlanabilir Dambıl Seti 20 kg: two dumbbells with black plates and chrome collars.
#if (Scene = 24)
  Cam(<0, 4.0, -9>, <0, 0.6, 0.3>, 30) Sweep(<0.45, 0.47, 0.5>) Lights(1.25)
  #macro Dumbbell(P, R)
    union {
      cylinder { <-1.45, 0, 0>, <1.45, 0, 0>, 0.09 Prod(texture { Steel normal { quilted 0.4 scale 0.02 } }) }
      #for (s, -1, 1, 2)
        cylinder { <s * 0.55, 0, 0>, <s * 0.8, 0, 0>, 0.55 Prod(Rubber) }
        cylinder { <s * 0.8, 0, 0>, <s * 1.0, 0, 0>, 0.45 Prod(Rubber) }
        cylinder { <s * 1.0, 0, 0>, <s * 1.2, 0, 0>, 0.18 Prod(Steel) }
        torus { 0.5, 0.05 rotate z * 90 translate x * s * 0.8 Prod(Rubber) }
      #end
      translate y * 0.55 rotate y * R translate P
    }
  #end
  Dumbbell(<-0.1, 0, 1.2>, 12) Dumbbell(<0.1, 0, -0.3>, -8)
#end

// 25: Kamp Çadırı 4 Kişilik: a green dome tent with poles and an open arched door.
#if (Scene = 25)
  Cam(<0, 3.6, -11>, <0, 1.1, 0.5>, 33) Sweep(<0.8, 0.84, 0.88>) Lights(1.05)
  #declare Nylon = texture { pigment { rgb <0.2, 0.45, 0.22> } finish { diffuse 0.8 specular 0.2 roughness 0.05 ambient 0 } normal { wrinkles 0.25 scale 0.4 } }
  union {
    difference {
      sphere { 0, 1 scale <2.1, 1.8, 1.7> }
      plane { y, 0 }
      // The open door: a dark interior.
      sphere { 0, 0.85 scale <1, 1.6, 0.6> translate <0, 0.2, -1.75> }
      Prod(Nylon)
    }
    sphere { 0, 1 scale <2.05, 1.75, 1.65> Prod(texture { pigment { rgb <0.04, 0.08, 0.05> } finish { Matte } }) clipped_by { plane { -y, 0 } } }
    difference { torus { 1.0, 0.025 rotate x * 90 } plane { y, 0 } scale <2.12, 1.82, 1> rotate y * 40 Prod(Black) }
    difference { torus { 1.0, 0.025 rotate x * 90 } plane { y, 0 } scale <2.12, 1.82, 1> rotate y * -40 Prod(Black) }
    // Orange rainfly edge band.
    intersection { sphere { 0, 1 scale <2.12, 1.82, 1.72> } plane { y, 0.3 } plane { -y, -0.05 } Prod(texture { pigment { rgb <0.9, 0.45, 0.1> } finish { Matte } }) }
    rotate y * -20 translate z * 0.6
  }
#end

// 26: Termos Matara 750 ml: a powder-coated steel bottle with a steel cap.
#if (Scene = 26)
  CamFront() Sweep(<0.9, 0.8, 0.62>) Lights(1.05)
  union {
    lathe { cubic_spline 8, <0, -0.1>, <0.55, 0>, <0.62, 0.12>, <0.62, 2.2>, <0.45, 2.55>, <0.38, 2.7>, <0.38, 2.75>, <0, 2.8> Prod(texture { pigment { rgb <0.05, 0.3, 0.38> } finish { diffuse 0.75 specular 0.3 roughness 0.04 ambient 0 } normal { granite 0.05 scale 0.05 } }) }
    cylinder { <0, 2.6, 0>, <0, 3.15, 0>, 0.42 Prod(Brushed) }
    torus { 0.16, 0.05 rotate x * 90 translate <0, 3.25, 0> Prod(Brushed) }
    text { ttf Font "750 ml" 0.01, 0 scale 0.14 rotate z * 90 translate <0.05, 0.6, -0.63> no_shadow Prod(texture { pigment { rgb 0.9 } finish { Matte } }) }
    translate <0, 0, 0.3> rotate y * 10
  }
#end

// 27: Ahşap Yapboz Türkiye Haritası: a map of Turkey in coloured wooden pieces on a tray.
#if (Scene = 27)
  Cam(<0, 9.5, -4.5>, <0, 0, 0.3>, 33) Sweep(<0.82, 0.85, 0.88>) Lights(1.05)
  #declare Outline = prism { linear_spline 0, 0.12, 28,
    <26.0, 40.6>, <26.6, 41.6>, <28.0, 42.0>, <29.0, 41.2>, <31.5, 41.2>, <33.5, 42.0>, <35.2, 42.0>,
    <36.5, 41.3>, <38.5, 41.0>, <40.5, 41.0>, <41.6, 41.5>, <43.5, 41.1>, <44.8, 39.7>, <44.3, 37.2>,
    <42.4, 37.1>, <40.0, 36.9>, <38.0, 36.8>, <36.6, 36.8>, <36.2, 36.0>, <35.5, 36.6>, <34.0, 36.2>,
    <32.5, 36.1>, <30.5, 36.3>, <29.0, 36.6>, <27.5, 37.0>, <26.5, 38.2>, <26.2, 39.5>, <26.0, 40.6> }
  #declare Cols = array[7] { <0.85, 0.25, 0.2>, <0.95, 0.7, 0.15>, <0.3, 0.6, 0.3>, <0.25, 0.45, 0.75>, <0.9, 0.5, 0.2>, <0.6, 0.35, 0.6>, <0.2, 0.65, 0.65> }
  #declare Cuts = array[8] { 25, 29.2, 31.8, 34.4, 37.0, 39.6, 42.0, 46 }
  // Pieces: seven bands cut once more north and south of a slanted line, like regions.
  #macro Piece(K, J)
    intersection { object { Outline } box { <Cuts[K] + 0.06, -1, 30>, <Cuts[K + 1] - 0.06, 1, 45> }
      #if (J = 0) plane { z, 39.0 - 0.06 + (Cuts[K] - 35) * 0.08 } #else plane { -z, -(39.0 + 0.06 + (Cuts[K] - 35) * 0.08) } #end
      Prod(texture { pigment { rgb Cols[mod(K * 2 + J * 3, 7)] } finish { diffuse 0.75 specular 0.25 roughness 0.03 ambient 0 } normal { wood 0.1 scale 0.3 } }) }
  #end
  union {
    difference {
      box { <25.2, -0.2, 35.3>, <45.6, 0.1, 42.7> }
      object { Outline scale <1, 2, 1> translate y * -0.05 }
      Prod(Wood)
    }
    #for (k, 0, 6) #for (j, 0, 1) #if (k != 3 | j != 1) object { Piece(k, j) translate y * -0.05 } #end #end #end
    translate <-35.4, 0.2, -39> scale 0.22 rotate y * -6 translate z * 0.7
  }
  // One piece lies beside the tray, ready to be placed.
  object { Piece(3, 1) translate <-35.7, 0, -40.5> scale 0.22 rotate y * 25 translate <1.0, 0, -1.2> }
#end

// 28: Peluş Van Kedisi: a white plush Van cat with one blue and one amber eye.
#if (Scene = 28)
  CamFront() Sweep(<0.68, 0.78, 0.86>) Lights(1.05)
  #declare Fur = texture { pigment { rgb <0.95, 0.94, 0.9> } finish { diffuse 0.9 ambient 0 } normal { granite 0.4 scale 0.02 } }
  #declare Ginger = texture { pigment { rgb <0.75, 0.45, 0.25> } finish { diffuse 0.9 ambient 0 } normal { granite 0.4 scale 0.02 } }
  union {
    // A blob reaches its surface at about 0.54 of a component's radius (threshold 0.5).
    blob { threshold 0.5
      sphere { <0, 0, 0>, 1.85, 1 scale <1, 0.85, 1.05> translate <0, 0.9, 0.2> }
      sphere { <0, 2.05, -0.15>, 1.4, 1 }
      sphere { <-0.42, 0.3, -0.75>, 0.6, 1 }
      sphere { <0.42, 0.3, -0.75>, 0.6, 1 }
      cylinder { <0.9, 0.3, 0.6>, <1.35, 0.3, -0.5>, 0.4, 1 }
      Prod(Fur)
    }
    // Van cats are coloured only at the ears and the tail.
    cone { <-0.38, 2.5, -0.15>, 0.24, <-0.6, 3.05, -0.15>, 0.0 Prod(Ginger) }
    cone { <0.38, 2.5, -0.15>, 0.24, <0.6, 3.05, -0.15>, 0.0 Prod(Ginger) }
    sphere { <1.38, 0.3, -0.55>, 0.24 Prod(Ginger) }
    sphere { <-0.27, 2.12, -0.86>, 0.11 Prod(texture { pigment { rgb <0.2, 0.45, 0.9> } finish { Ceramic } }) }
    sphere { <0.27, 2.12, -0.86>, 0.11 Prod(texture { pigment { rgb <0.9, 0.65, 0.1> } finish { Ceramic } }) }
    sphere { <0, 1.92, -0.93>, 0.07 Prod(texture { pigment { rgb <0.9, 0.5, 0.55> } finish { Fabric } }) }
    rotate y * -15 translate z * 0.2
  }
#end

// 29: Eğitici Kodlama Robotu: a white and orange wheeled robot with LED eyes.
#if (Scene = 29)
  CamFront() Sweep(<0.3, 0.42, 0.55>) Lights(1.2)
  #declare WhiteP = texture { pigment { rgb 0.93 } finish { Plastic } }
  #declare Orange = texture { pigment { rgb <0.95, 0.45, 0.05> } finish { Plastic } }
  union {
    superellipsoid { <0.4, 0.4> scale <0.95, 0.75, 0.85> translate y * 1.05 Prod(WhiteP) }
    superellipsoid { <0.3, 0.3> scale <0.75, 0.5, 0.65> translate y * 2.25 Prod(Orange) }
    superellipsoid { <0.3, 0.3> scale <0.6, 0.3, 0.05> translate <0, 2.25, -0.66> Prod(texture { pigment { rgb 0.02 } finish { specular 0.9 roughness 0.002 reflection { 0.08 } ambient 0 } }) }
    sphere { <-0.25, 2.27, -0.7>, 0.09 Prod(texture { pigment { rgb <0.3, 0.9, 1> } finish { emission 1 } }) }
    sphere { <0.25, 2.27, -0.7>, 0.09 Prod(texture { pigment { rgb <0.3, 0.9, 1> } finish { emission 1 } }) }
    cylinder { <0, 2.7, 0>, <0, 3.1, 0>, 0.03 Prod(Steel) }
    sphere { <0, 3.12, 0>, 0.08 Prod(texture { pigment { rgb <1, 0.2, 0.2> } finish { Plastic emission 0.4 } }) }
    cylinder { <-1.0, 0.45, 0>, <-0.8, 0.45, 0>, 0.45 Prod(Rubber) }
    cylinder { <0.8, 0.45, 0>, <1.0, 0.45, 0>, 0.45 Prod(Rubber) }
    cylinder { <-1.02, 0.45, 0>, <-1.0, 0.45, 0>, 0.25 Prod(Orange) }
    cylinder { <1.0, 0.45, 0>, <1.02, 0.45, 0>, 0.25 Prod(Orange) }
    // Programming buttons on the chest.
    cylinder { <-0.3, 1.2, -0.83>, <-0.3, 1.2, -0.9>, 0.11 Prod(texture { pigment { rgb <0.2, 0.7, 0.3> } finish { Plastic } }) }
    cylinder { <0, 1.2, -0.83>, <0, 1.2, -0.9>, 0.11 Prod(texture { pigment { rgb <0.95, 0.8, 0.1> } finish { Plastic } }) }
    cylinder { <0.3, 1.2, -0.83>, <0.3, 1.2, -0.9>, 0.11 Prod(texture { pigment { rgb <0.2, 0.4, 0.9> } finish { Plastic } }) }
    rotate y * 22 translate z * 0.3
  }
#end

// 30: Osmanlı Tarihi Seti 5 Kitap: five hardcover volumes standing, coloured spines with gold.
#if (Scene = 30)
  Cam(<-1.5, 3.0, -10>, <0, 1.45, 0>, 28) Sweep(<0.84, 0.8, 0.74>) Lights(1.05)
  #declare Spines = array[5] { <0.45, 0.07, 0.08>, <0.08, 0.16, 0.35>, <0.1, 0.32, 0.18>, <0.35, 0.18, 0.08>, <0.25, 0.08, 0.3> }
  #declare Roman = array[5] { "I", "II", "III", "IV", "V" }
  #declare Gold = texture { pigment { rgb <0.85, 0.65, 0.25> } finish { metallic reflection { 0.3 } specular 0.6 roughness 0.02 diffuse 0.5 ambient 0 } }
  union {
    #for (k, 0, 4)
      union {
        box { <0, 0.02, 0>, <0.42, 2.75, 1.9> Prod(texture { pigment { rgb <0.95, 0.93, 0.86> } finish { Matte } normal { gradient x 0.3 scale 0.01 } }) }
        difference {
          box { <-0.02, 0, -0.03>, <0.44, 2.8, 1.93> }
          box { <0.01, 0.01, 0.1>, <0.41, 2.79, 2> }
          Prod(texture { pigment { rgb Spines[k] } finish { diffuse 0.8 specular 0.2 roughness 0.04 ambient 0 } normal { crackle 0.1 scale 0.05 } })
        }
        box { <-0.03, 2.3, -0.04>, <0.45, 2.34, 0> Prod(Gold) }
        box { <-0.03, 0.4, -0.04>, <0.45, 0.44, 0> Prod(Gold) }
        text { ttf SerifFont Roman[k] 0.01, 0 scale 0.22 translate <0.21 - strlen(Roman[k]) * 0.05, 1.9, -0.045> no_shadow Prod(Gold) }
        text { ttf SerifFont "OSMANLI" 0.01, 0 scale 0.13 rotate z * 90 translate <0.26, 0.65, -0.045> no_shadow Prod(Gold) }
        translate x * (k * 0.46 - 1.15)
      }
    #end
    rotate y * 25 translate z * 0.4
  }
#end

// 31: Türk Mutfağı Yemek Kitabı: a cookbook standing at an angle, tile-patterned cover.
#if (Scene = 31)
  CamFront() Sweep(<0.62, 0.7, 0.66>) Lights(1.1)
  #declare Tile = pigment { function { abs(sin(x * 9) * sin(y * 9)) } color_map { [0 rgb <0.94, 0.9, 0.82>] [0.5 rgb <0.94, 0.9, 0.82>] [0.5 rgb <0.1, 0.35, 0.6>] [0.8 rgb <0.1, 0.35, 0.6>] [0.8 rgb <0.75, 0.15, 0.12>] [1 rgb <0.75, 0.15, 0.12>] } }
  union {
    box { <-1.05, 0.02, 0.02>, <1.05, 2.85, 0.3> Prod(texture { pigment { rgb <0.95, 0.93, 0.86> } finish { Matte } normal { gradient y 0.3 scale 0.01 } }) }
    box { <-1.1, 0, -0.02>, <1.1, 2.9, 0.02> Prod(texture { pigment { Tile } finish { diffuse 0.8 specular 0.25 roughness 0.03 ambient 0 } }) }
    box { <-1.1, 0, 0.3>, <1.1, 2.9, 0.34> Prod(texture { pigment { rgb <0.1, 0.35, 0.6> } finish { Matte } }) }
    box { <-1.1, 0, -0.02>, <-1.06, 2.9, 0.34> Prod(texture { pigment { rgb <0.1, 0.35, 0.6> } finish { Matte } }) }
    box { <-0.85, 1.75, -0.04>, <0.85, 2.55, -0.02> Prod(texture { pigment { rgb <0.96, 0.94, 0.88> } finish { Matte } }) }
    text { ttf SerifFont "Türk" 0.01, 0 scale 0.32 translate <-0.36, 2.2, -0.05> no_shadow Prod(texture { pigment { rgb <0.75, 0.15, 0.12> } finish { Matte } }) }
    text { ttf SerifFont "Mutfağı" 0.01, 0 scale 0.32 translate <-0.62, 1.87, -0.05> no_shadow Prod(texture { pigment { rgb <0.75, 0.15, 0.12> } finish { Matte } }) }
    rotate x * -12 rotate y * 18 translate <0, 0.02, 0.8>
  }
#end

// 32: Bakır Cezve El Yapımı: a hammered copper cezve with a brass handle, a cup beside (prop).
#if (Scene = 32)
  CamFront() Sweep(<0.25, 0.24, 0.23>) Lights(1.3)
  union {
    difference {
      lathe { cubic_spline 8, <0, -0.1>, <0.85, 0>, <0.92, 0.1>, <0.85, 0.9>, <0.62, 1.5>, <0.66, 1.75>, <0.75, 1.85>, <0.8, 1.9> }
      cylinder { <0, 1.4, 0>, <0, 2, 0>, 0.58 }
    }
    Prod(Copper) translate <-0.5, 0, 0.4>
  }
  union {
    cylinder { <0.1, 1.45, 0.4>, <2.3, 1.9, 0.4>, 0.06 }
    sphere { <2.3, 1.9, 0.4>, 0.09 }
    Prod(Brass)
  }
  // A small coffee cup on a saucer (a prop, not the product).
  union {
    cylinder { <0, 0, 0>, <0, 0.05, 0>, 0.55 }
    difference { cylinder { <0, 0.05, 0>, <0, 0.55, 0>, 0.3 } cylinder { <0, 0.1, 0>, <0, 0.6, 0>, 0.26 } }
    torus { 0.12, 0.03 rotate x * 90 translate <-0.33, 0.35, 0> }
    Other(texture { pigment { rgb 0.95 } finish { Ceramic } })
    translate <-1.6, 0, -0.7>
  }
  cylinder { <-1.6, 0.5, -0.7>, <-1.6, 0.51, -0.7>, 0.26 Other(texture { pigment { rgb <0.22, 0.12, 0.05> } finish { Ceramic } }) }
#end
