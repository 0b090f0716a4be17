//! Sentences that state the product's own facts: its category, brand, attributes and variant
//! options, in every language. Copy, descriptions and meta descriptions draw their sentences
//! from here instead of from stock filler, so every sentence fits the product it is about.
//!
//! Values are translated through [`crate::terms`]; an attribute whose name or value has no
//! translation is left out of that language. Sentences name the product, so two products never
//! share one.

use crate::Language;
use crate::product::Product;
use crate::terms::{self, AttrKind, CategoryKind};
use crate::turkish::{Case, inflect_name};

/// One attribute as it reads in the output language.
#[derive(Debug, Clone)]
pub(crate) struct AttrFact {
    pub kind: Option<AttrKind>,
    /// The attribute's name in the output language, as written at the start of a sentence.
    pub label: String,
    pub value: String,
}

/// The product's facts, ready for sentences in one language.
pub(crate) struct Facts {
    pub lang: Language,
    pub name: String,
    /// Turkish case forms of the name (TDK spelling); the name itself elsewhere.
    pub name_acc: String,
    pub name_gen: String,
    pub name_dat: String,
    pub category: Option<String>,
    pub category_kind: Option<CategoryKind>,
    pub brand: Option<String>,
    pub attrs: Vec<AttrFact>,
    /// (label, values) for each choice the variants offer with more than one value.
    pub options: Vec<(Option<AttrKind>, String, Vec<String>)>,
}

impl Facts {
    pub(crate) fn new(product: &Product, lang: Language) -> Self {
        let name = product
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let name = if name.is_empty() {
            "?".to_string()
        } else {
            name
        };
        let brand = product.brand().map(str::to_string);
        let form = |case| {
            if lang == Language::Tr {
                inflect_name(&name, case, brand.as_deref())
            } else {
                name.clone()
            }
        };
        let terms = &product.terms;
        let fact = |key: &str, value: &str| -> Option<AttrFact> {
            Some(AttrFact {
                kind: terms::attr_kind(key),
                label: terms::attr_name(key, lang, terms)?,
                value: terms::attr_value(value, lang, terms)?,
            })
        };
        let mut attrs: Vec<AttrFact> = Vec::new();
        let mut options = Vec::new();
        for a in &product.attributes {
            if let Some(f) = fact(&a.key, &a.value) {
                if !attrs.iter().any(|x| x.label == f.label) {
                    attrs.push(f);
                }
            }
        }
        for o in &product.options {
            let values: Vec<String> = o
                .values
                .iter()
                .filter_map(|v| terms::attr_value(v, lang, terms))
                .collect();
            let Some(label) = terms::attr_name(&o.key, lang, terms) else {
                continue;
            };
            // A choice with one value, or one some of whose values cannot be said, is not
            // offered as a choice in this language.
            if values.len() == o.values.len() && values.len() >= 2 {
                options.push((terms::attr_kind(&o.key), label, values));
            } else if o.values.len() == 1
                && let Some(f) = fact(&o.key, &o.values[0])
                && !attrs.iter().any(|x| x.label == f.label)
            {
                attrs.push(f);
            }
        }
        Facts {
            lang,
            name_acc: form(Case::Accusative),
            name_gen: form(Case::Genitive),
            name_dat: form(Case::Dative),
            name,
            category: product
                .category()
                .and_then(|c| terms::category_name(c, lang, terms)),
            category_kind: product.category().and_then(terms::category_kind),
            brand,
            attrs,
            options,
        }
    }

    pub(crate) fn fill(&self, template: &str) -> Option<String> {
        let mut s = template
            .replace("{name_acc}", &self.name_acc)
            .replace("{name_gen}", &self.name_gen)
            .replace("{name_dat}", &self.name_dat)
            .replace("{name}", &self.name);
        if s.contains("{category}") {
            s = s.replace("{category}", self.category.as_deref()?);
        }
        if s.contains("{brand}") {
            s = s.replace("{brand}", self.brand.as_deref()?);
        }
        Some(self.lang.capitalise_sentence(&s))
    }

    /// Sentences about the product's category (and brand), each naming the product.
    pub(crate) fn category_sentences(&self) -> Vec<String> {
        let bank = bank(self.lang);
        let mut out: Vec<String> = Vec::new();
        if let Some(kind) = self.category_kind {
            let own = bank
                .categories
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(&[][..], |(_, t)| *t);
            out.extend(own.iter().filter_map(|t| self.fill(t)));
        }
        out.extend(bank.generic.iter().filter_map(|t| self.fill(t)));
        out
    }

    /// One sentence per attribute the bank has a template for (skipping values the name already
    /// says, like "250 ml" in "Gül Suyu Tonik 250 ml"), with the attribute kinds they cover.
    pub(crate) fn attribute_sentences(&self) -> Vec<(AttrKind, String)> {
        let bank = bank(self.lang);
        let name = self.lang.lowercase(&self.name);
        let mut out = Vec::new();
        for a in &self.attrs {
            let Some(kind) = a.kind else { continue };
            if name.contains(&self.lang.lowercase(&a.value)) {
                continue;
            }
            let number_first = a.value.starts_with(|c: char| c.is_ascii_digit());
            let bare_number = a.value.chars().all(|c| c.is_ascii_digit());
            let needs_number = matches!(kind, AttrKind::Battery | AttrKind::RunTime);
            if (kind == AttrKind::Pieces || kind == AttrKind::Pages) && !bare_number
                || needs_number && !number_first
            {
                continue;
            }
            let Some((_, template)) = bank.attributes.iter().find(|(k, _)| *k == kind) else {
                continue;
            };
            if let Some(s) = self.fill(&template.replace("{v}", &a.value)) {
                out.push((kind, s));
            }
        }
        out
    }

    /// The variant choices as sentences: "Renk seçenekleri: siyah, beyaz ve lacivert."
    pub(crate) fn option_sentences(&self) -> Vec<String> {
        let bank = bank(self.lang);
        self.options
            .iter()
            .filter_map(|(kind, label, values)| {
                let list = join_list(values, bank.and_word, self.lang);
                let template = if *kind == Some(AttrKind::Color) {
                    bank.colour_options
                } else {
                    bank.options
                };
                let label = if self.lang == Language::De {
                    label.clone()
                } else {
                    self.lang.lowercase(label)
                };
                self.fill(&template.replace("{label}", &label).replace("{list}", &list))
            })
            .collect()
    }

    /// Every attribute as "name: value" in one sentence, except those `skip` covers.
    pub(crate) fn spec_line(&self, skip: &[AttrKind]) -> Option<String> {
        let items: Vec<String> = self
            .attrs
            .iter()
            .filter(|a| a.kind.is_none_or(|k| !skip.contains(&k)))
            .map(|a| {
                let label = match self.lang {
                    Language::De | Language::Ar => a.label.clone(),
                    _ if a.label.chars().skip(1).any(char::is_uppercase) => a.label.clone(),
                    _ => self.lang.lowercase(&a.label),
                };
                format!("{label}: {}", a.value)
            })
            .collect();
        if items.is_empty() {
            return None;
        }
        let bank = bank(self.lang);
        Some(format!(
            "{} — {}.",
            bank.spec_lead,
            items.join(bank.list_sep)
        ))
    }

    /// Every factual sentence, most telling first: attributes, options, the rest of the
    /// attributes, then category sentences.
    pub(crate) fn all_sentences(&self) -> Vec<String> {
        let attr = self.attribute_sentences();
        let covered: Vec<AttrKind> = attr.iter().map(|(k, _)| *k).collect();
        let mut out: Vec<String> = attr.into_iter().map(|(_, s)| s).collect();
        out.extend(self.option_sentences());
        out.extend(self.spec_line(&covered));
        out.extend(self.category_sentences());
        out
    }
}

/// "a, b ve c" in the language's way.
pub(crate) fn join_list(items: &[String], and_word: &str, lang: Language) -> String {
    let comma = if lang == Language::Ar { "، " } else { ", " };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if lang == Language::Ar => {
            format!("{} {and_word}{last}", init.join(comma))
        }
        [init @ .., last] => format!("{} {and_word} {last}", init.join(comma)),
    }
}

struct Bank {
    categories: &'static [(CategoryKind, &'static [&'static str])],
    generic: &'static [&'static str],
    attributes: &'static [(AttrKind, &'static str)],
    colour_options: &'static str,
    options: &'static str,
    spec_lead: &'static str,
    list_sep: &'static str,
    and_word: &'static str,
}

fn bank(lang: Language) -> &'static Bank {
    match lang {
        Language::Tr => &TR,
        Language::En => &EN,
        Language::De => &DE,
        Language::Ar => &AR,
    }
}

static TR: Bank = Bank {
    categories: &[
        (
            CategoryKind::Electronics,
            &[
                "{name}, günlük kullanım için tasarlanmış bir elektronik ürün.",
                "{name_acc} evde ya da işte günlük işlerinizde kullanabilirsiniz.",
                "{name}, teknolojiyi günlük hayatınıza pratik biçimde taşır.",
            ],
        ),
        (
            CategoryKind::Home,
            &[
                "{name}, evinizin dekoruna sıcak bir dokunuş katar.",
                "{name_acc} evinizin farklı köşelerinde kullanabilirsiniz.",
            ],
        ),
        (
            CategoryKind::Kitchen,
            &[
                "{name}, mutfakta hazırlıktan servise kadar işinizi kolaylaştırır.",
                "{name_acc} günlük pişirme ve servis için kullanabilirsiniz.",
                "{name}, mutfak düzeninize uyum sağlayan bir parça.",
            ],
        ),
        (
            CategoryKind::Clothing,
            &[
                "{name_acc} gündelik kombinlerinizde rahatlıkla kullanabilirsiniz.",
                "{name_acc} farklı parçalarla kolayca kombinleyebilirsiniz.",
            ],
        ),
        (
            CategoryKind::Cosmetics,
            &[
                "{name_acc} günlük bakım rutininize ekleyebilirsiniz.",
                "{name}, kişisel bakım için hazırlanmış bir kozmetik ürünü.",
                "{name_acc} kullanmadan önce içerik listesini incelemenizi öneririz.",
            ],
        ),
        (
            CategoryKind::Sports,
            &[
                "{name}, spor ve açık hava etkinliklerinde yanınızda olur.",
                "{name}, aktif bir yaşam için tasarlanmış bir spor ürünü.",
            ],
        ),
        (
            CategoryKind::Toys,
            &[
                "{name}, çocukların oyun saatlerine eğlence katar.",
                "{name_acc} çocuğunuzun yaşına uygun olduğundan emin olarak seçin.",
            ],
        ),
        (
            CategoryKind::Books,
            &[
                "{name}, kitaplığınıza eklenecek bir eser.",
                "{name_acc} okuma listenize ekleyebilirsiniz.",
                "{name}, konusunu merak eden okurlar için hazırlandı.",
            ],
        ),
    ],
    generic: &[
        "{name}, {category} ürünlerimiz arasında yer alıyor.",
        "{name}, {brand} markasının {category} ürünlerinden.",
    ],
    attributes: &[
        (AttrKind::Warranty, "{name}, {v} garantiyle satılır."),
        (
            AttrKind::Material,
            "{name_gen} üretiminde {v} kullanılmıştır.",
        ),
        (AttrKind::Fabric, "{name_gen} kumaşı {v}."),
        (AttrKind::Power, "{name}, {v} güçle çalışır."),
        (AttrKind::Capacity, "{name}, {v} kapasitelidir."),
        (AttrKind::Volume, "{name_gen} hacmi {v}."),
        (AttrKind::Pages, "{name} toplam {v} sayfadır."),
        (AttrKind::Language, "{name_gen} dili {v}."),
        (AttrKind::Age, "{name}, {v} yaş için uygundur."),
        (AttrKind::Pieces, "{name} {v} parçadan oluşur."),
        (AttrKind::Battery, "{name_gen} pil ömrü {v}."),
        (AttrKind::Weight, "{name_gen} toplam ağırlığı {v}."),
        (AttrKind::Dimensions, "{name_gen} ölçüleri {v}."),
        (AttrKind::Diameter, "{name_gen} çapı {v}."),
        (AttrKind::Height, "{name_gen} yüksekliği {v}."),
        (AttrKind::Length, "{name_gen} uzunluğu {v}."),
        (AttrKind::Thickness, "{name_gen} kalınlığı {v}."),
        (AttrKind::Screen, "{name}, {v} ekrana sahiptir."),
        (AttrKind::Connectivity, "{name}, {v} ile bağlanır."),
        (
            AttrKind::WaterResistance,
            "{name_gen} su geçirmezlik değeri {v}.",
        ),
        (AttrKind::WaterColumn, "{name_gen} su sütunu değeri {v}."),
        (AttrKind::Output, "{name_gen} çıkış gücü {v}."),
        (AttrKind::Suction, "{name_gen} emiş gücü {v}."),
        (AttrKind::RunTime, "{name}, tek seferde {v} çalışır."),
        (AttrKind::Coating, "{name_gen} kaplaması {v}."),
        (AttrKind::Fit, "{name_gen} kalıbı {v}."),
        (AttrKind::Protection, "{name}, {v} koruması sunar."),
        (AttrKind::Ingredients, "{name_gen} içeriğinde {v} bulunur."),
        (AttrKind::SkinType, "{name}, {v} için uygundur."),
    ],
    colour_options: "{name_gen} renk seçenekleri: {list}.",
    options: "{label} seçenekleri: {list}.",
    spec_lead: "Teknik bilgiler",
    list_sep: ", ",
    and_word: "ve",
};

static EN: Bank = Bank {
    categories: &[
        (
            CategoryKind::Electronics,
            &[
                "{name} is an electronic product designed for everyday use.",
                "Use {name} at home or at work, every day.",
                "{name} brings practical technology into your daily routine.",
            ],
        ),
        (
            CategoryKind::Home,
            &[
                "{name} adds a warm touch to your home.",
                "{name} suits different rooms of your home.",
            ],
        ),
        (
            CategoryKind::Kitchen,
            &[
                "{name} helps in the kitchen, from preparation to serving.",
                "Use {name} for everyday cooking and serving.",
                "{name} fits neatly into your kitchen.",
            ],
        ),
        (
            CategoryKind::Clothing,
            &[
                "{name} is easy to wear with everyday outfits.",
                "{name} combines easily with other pieces.",
            ],
        ),
        (
            CategoryKind::Cosmetics,
            &[
                "Add {name} to your daily care routine.",
                "{name} is a cosmetic product for personal care.",
                "Please read the ingredient list before using {name}.",
            ],
        ),
        (
            CategoryKind::Sports,
            &[
                "{name} goes with you to sports and outdoor activities.",
                "{name} is a sports product made for an active life.",
            ],
        ),
        (
            CategoryKind::Toys,
            &[
                "{name} adds fun to children's playtime.",
                "Please check that {name} suits your child's age.",
            ],
        ),
        (
            CategoryKind::Books,
            &[
                "{name} is a welcome addition to your bookshelf.",
                "Add {name} to your reading list.",
                "{name} is written for readers curious about its subject.",
            ],
        ),
    ],
    generic: &[
        "{name} is part of our {category} range.",
        "{name} is part of the {category} range by {brand}.",
    ],
    attributes: &[
        (AttrKind::Warranty, "{name} comes with a warranty of {v}."),
        (AttrKind::Material, "{name} is made of {v}."),
        (AttrKind::Fabric, "{name} is made of {v}."),
        (AttrKind::Power, "{name} runs on {v} of power."),
        (AttrKind::Capacity, "{name} has a capacity of {v}."),
        (AttrKind::Volume, "{name} holds {v}."),
        (AttrKind::Pages, "{name} has {v} pages."),
        (AttrKind::Language, "{name} is written in {v}."),
        (AttrKind::Age, "{name} is suitable for ages {v}."),
        (AttrKind::Pieces, "{name} consists of {v} pieces."),
        (AttrKind::Battery, "The battery of {name} lasts {v}."),
        (AttrKind::Weight, "{name} weighs {v} in total."),
        (AttrKind::Dimensions, "{name} measures {v}."),
        (AttrKind::Diameter, "{name} has a diameter of {v}."),
        (AttrKind::Height, "{name} is {v} tall."),
        (AttrKind::Length, "{name} is {v} long."),
        (AttrKind::Thickness, "{name} is {v} thick."),
        (AttrKind::Connectivity, "{name} connects via {v}."),
        (
            AttrKind::WaterResistance,
            "{name} is water-resistant to {v}.",
        ),
        (
            AttrKind::WaterColumn,
            "{name} has a water column rating of {v}.",
        ),
        (AttrKind::Output, "{name} delivers an output of {v}."),
        (AttrKind::Suction, "{name} has a suction power of {v}."),
        (AttrKind::RunTime, "{name} runs for {v} at a time."),
        (AttrKind::Coating, "{name} has a {v} coating."),
        (AttrKind::Fit, "{name} has a {v}."),
        (AttrKind::Protection, "{name} offers {v} protection."),
        (AttrKind::Ingredients, "{name} contains {v}."),
        (AttrKind::SkinType, "{name} is suitable for {v}."),
    ],
    colour_options: "{name} comes in {list}.",
    options: "{label} options: {list}.",
    spec_lead: "Specifications",
    list_sep: ", ",
    and_word: "and",
};

static DE: Bank = Bank {
    categories: &[
        (
            CategoryKind::Electronics,
            &[
                "{name} ist ein Elektronikprodukt für den täglichen Gebrauch.",
                "{name} können Sie zu Hause oder im Büro täglich nutzen.",
                "{name} bringt praktische Technik in Ihren Alltag.",
            ],
        ),
        (
            CategoryKind::Home,
            &[
                "{name} verleiht Ihrem Zuhause eine warme Note.",
                "{name} passt in verschiedene Räume Ihres Zuhauses.",
            ],
        ),
        (
            CategoryKind::Kitchen,
            &[
                "{name} hilft in der Küche, von der Vorbereitung bis zum Servieren.",
                "Nutzen Sie {name} zum täglichen Kochen und Servieren.",
                "{name} fügt sich gut in Ihre Küche ein.",
            ],
        ),
        (
            CategoryKind::Clothing,
            &[
                "{name} lässt sich leicht mit Alltagsoutfits kombinieren.",
                "{name} passt zu vielen anderen Teilen.",
            ],
        ),
        (
            CategoryKind::Cosmetics,
            &[
                "Nehmen Sie {name} in Ihre tägliche Pflegeroutine auf.",
                "{name} ist ein Kosmetikprodukt für die persönliche Pflege.",
                "Bitte lesen Sie vor der Anwendung von {name} die Inhaltsstoffe.",
            ],
        ),
        (
            CategoryKind::Sports,
            &[
                "{name} begleitet Sie bei Sport und Outdoor-Aktivitäten.",
                "{name} ist ein Sportprodukt für einen aktiven Alltag.",
            ],
        ),
        (
            CategoryKind::Toys,
            &[
                "{name} bringt Spaß in die Spielzeit von Kindern.",
                "Bitte prüfen Sie, ob {name} zum Alter Ihres Kindes passt.",
            ],
        ),
        (
            CategoryKind::Books,
            &[
                "{name} ist eine schöne Ergänzung für Ihr Bücherregal.",
                "Setzen Sie {name} auf Ihre Leseliste.",
                "{name} richtet sich an Leser, die sich für das Thema interessieren.",
            ],
        ),
    ],
    generic: &[
        "{name} gehört zu unserem Sortiment im Bereich {category}.",
        "{name} von {brand} gehört zum Sortiment im Bereich {category}.",
    ],
    attributes: &[
        (AttrKind::Warranty, "Auf {name} gibt es {v} Garantie."),
        (AttrKind::Material, "{name} ist aus {v} gefertigt."),
        (AttrKind::Fabric, "{name} besteht aus {v}."),
        (AttrKind::Power, "{name} arbeitet mit {v} Leistung."),
        (
            AttrKind::Capacity,
            "{name} hat ein Fassungsvermögen von {v}.",
        ),
        (AttrKind::Volume, "{name} fasst {v}."),
        (AttrKind::Pages, "{name} umfasst {v} Seiten."),
        (AttrKind::Language, "{name} ist auf {v} verfasst."),
        (AttrKind::Age, "{name} ist für das Alter {v} geeignet."),
        (AttrKind::Pieces, "{name} besteht aus {v} Teilen."),
        (AttrKind::Battery, "Der Akku von {name} hält {v}."),
        (AttrKind::Weight, "{name} wiegt insgesamt {v}."),
        (AttrKind::Dimensions, "{name} misst {v}."),
        (AttrKind::Diameter, "{name} hat einen Durchmesser von {v}."),
        (AttrKind::Height, "{name} ist {v} hoch."),
        (AttrKind::Length, "{name} ist {v} lang."),
        (AttrKind::Thickness, "{name} ist {v} dick."),
        (AttrKind::Connectivity, "{name} verbindet sich über {v}."),
        (AttrKind::WaterResistance, "{name} ist wasserdicht bis {v}."),
        (
            AttrKind::WaterColumn,
            "{name} hat eine Wassersäule von {v}.",
        ),
        (
            AttrKind::Output,
            "{name} liefert eine Ausgangsleistung von {v}.",
        ),
        (AttrKind::Suction, "{name} hat eine Saugleistung von {v}."),
        (AttrKind::RunTime, "{name} läuft {v} am Stück."),
        (AttrKind::Coating, "{name} hat eine Beschichtung aus {v}."),
        (AttrKind::Fit, "{name} hat die Passform {v}."),
        (AttrKind::Protection, "{name} bietet {v}-Schutz."),
        (AttrKind::Ingredients, "{name} enthält {v}."),
        (AttrKind::SkinType, "{name} eignet sich für {v}."),
    ],
    colour_options: "{name} gibt es in {list}.",
    options: "Auswahl bei {label}: {list}.",
    spec_lead: "Technische Daten",
    list_sep: ", ",
    and_word: "und",
};

static AR: Bank = Bank {
    categories: &[
        (
            CategoryKind::Electronics,
            &[
                "{name} منتج إلكتروني مصمم للاستخدام اليومي.",
                "يمكنك استخدام {name} في المنزل أو العمل كل يوم.",
                "يضيف {name} تقنية عملية إلى يومك.",
            ],
        ),
        (
            CategoryKind::Home,
            &[
                "يضفي {name} لمسة دافئة على منزلك.",
                "يناسب {name} غرفاً مختلفة في منزلك.",
            ],
        ),
        (
            CategoryKind::Kitchen,
            &[
                "يساعدك {name} في المطبخ من التحضير إلى التقديم.",
                "استخدم {name} للطهي والتقديم اليومي.",
                "يندمج {name} بسهولة في مطبخك.",
            ],
        ),
        (
            CategoryKind::Clothing,
            &[
                "يسهل تنسيق {name} مع إطلالاتك اليومية.",
                "يتناسق {name} مع قطع أخرى بسهولة.",
            ],
        ),
        (
            CategoryKind::Cosmetics,
            &[
                "أضف {name} إلى روتين العناية اليومي.",
                "{name} منتج تجميل للعناية الشخصية.",
                "يرجى قراءة قائمة المكونات قبل استخدام {name}.",
            ],
        ),
        (
            CategoryKind::Sports,
            &[
                "يرافقك {name} في الرياضة والأنشطة الخارجية.",
                "{name} منتج رياضي لحياة نشطة.",
            ],
        ),
        (
            CategoryKind::Toys,
            &[
                "يضيف {name} المرح إلى وقت لعب الأطفال.",
                "يرجى التأكد من أن {name} يناسب عمر طفلك.",
            ],
        ),
        (
            CategoryKind::Books,
            &[
                "{name} إضافة جميلة إلى مكتبتك.",
                "أضف {name} إلى قائمة قراءتك.",
                "{name} موجّه للقراء المهتمين بموضوعه.",
            ],
        ),
    ],
    generic: &[
        "{name} جزء من تشكيلة {category} لدينا.",
        "{name} من {brand} ضمن فئة {category}.",
    ],
    attributes: &[
        (AttrKind::Warranty, "يأتي {name} مع ضمان {v}."),
        (AttrKind::Material, "{name} مصنوع من {v}."),
        (AttrKind::Fabric, "{name} مصنوع من {v}."),
        (AttrKind::Power, "يعمل {name} بقدرة {v}."),
        (AttrKind::Capacity, "سعة {name} {v}."),
        (AttrKind::Volume, "حجم {name} {v}."),
        (AttrKind::Pages, "يقع {name} في {v} صفحة."),
        (AttrKind::Language, "{name} باللغة {v}."),
        (AttrKind::Age, "يناسب {name} الأعمار {v}."),
        (AttrKind::Pieces, "يتكون {name} من {v} قطع."),
        (AttrKind::Battery, "تدوم بطارية {name} {v}."),
        (AttrKind::Weight, "يبلغ الوزن الإجمالي لـ{name} {v}."),
        (AttrKind::Dimensions, "أبعاد {name} {v}."),
        (AttrKind::Diameter, "قطر {name} {v}."),
        (AttrKind::Height, "ارتفاع {name} {v}."),
        (AttrKind::Length, "طول {name} {v}."),
        (AttrKind::Thickness, "سماكة {name} {v}."),
        (AttrKind::Connectivity, "يتصل {name} عبر {v}."),
        (AttrKind::WaterResistance, "{name} مقاوم للماء حتى {v}."),
        (AttrKind::WaterColumn, "عمود الماء في {name} {v}."),
        (AttrKind::Output, "قدرة خرج {name} {v}."),
        (AttrKind::Suction, "قوة شفط {name} {v}."),
        (AttrKind::RunTime, "يعمل {name} لمدة {v} متواصلة."),
        (AttrKind::Coating, "{name} مطلي بطبقة من {v}."),
        (AttrKind::Fit, "قصة {name}: {v}."),
        (AttrKind::Protection, "يوفر {name} حماية {v}."),
        (AttrKind::Ingredients, "يحتوي {name} على {v}."),
        (AttrKind::SkinType, "{name} مناسب لـ{v}."),
    ],
    colour_options: "الألوان المتاحة لـ{name}: {list}.",
    options: "خيارات {label}: {list}.",
    spec_lead: "المواصفات",
    list_sep: "، ",
    and_word: "و",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Attribute;
    use crate::product::VariantOption;

    fn tonic() -> Product {
        Product {
            name: "Gül Suyu Tonik 250 ml".into(),
            category: Some("Kozmetik".into()),
            brand: Some("Ege Doğal".into()),
            attributes: vec![
                Attribute::new("Hacim", "250 ml"),
                Attribute::new("Cilt tipi", "Tüm ciltler"),
                Attribute::new("Koku", "Gül"),
            ],
            options: vec![VariantOption {
                key: "Renk".into(),
                values: vec!["Pembe".into(), "Beyaz".into()],
            }],
            ..Product::default()
        }
    }

    #[test]
    fn attributes_read_name_first_and_in_the_language() {
        let tr = Facts::new(&tonic(), Language::Tr);
        let all = tr.all_sentences().join(" ");
        assert!(
            all.contains("Gül Suyu Tonik 250 ml, tüm ciltler için uygundur."),
            "{all}"
        );
        assert!(
            !all.contains("hacmi 250 ml"),
            "the name already says it: {all}"
        );
        assert!(
            all.contains("Gül Suyu Tonik 250 ml'nin renk seçenekleri: pembe ve beyaz."),
            "{all}"
        );
        assert!(
            all.contains("koku: gül"),
            "attribute name before value: {all}"
        );
        let en = Facts::new(&tonic(), Language::En);
        let all = en.all_sentences().join(" ");
        assert!(all.contains("is suitable for all skin types."), "{all}");
        assert!(all.contains("comes in pink and white."), "{all}");
        assert!(
            !all.contains("Gül.") && !all.contains("kozmetik"),
            "Turkish pasted: {all}"
        );
        assert!(all.contains("cosmetic"), "{all}");
    }
}
