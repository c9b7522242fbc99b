//! Bilingual text: everything the Lab writes exists in Latvian and English.

use serde::{Deserialize, Serialize};

crate::string_enum!(
    /// A user-interface and content language.
    Lang { Lv = "lv", En = "en" }
);

// `string_enum!` fixes the derive list, so the default is written out.
#[allow(clippy::derivable_impls)]
impl Default for Lang {
    fn default() -> Self {
        Lang::Lv
    }
}

/// Text in Latvian (`lv`) and English (`en`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"lv": "Izglītības inovāciju programma", "en": "Education Innovation Programme"})))]
#[serde(deny_unknown_fields)]
pub struct I18nText {
    /// Latvian.
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub lv: String,
    /// English.
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub en: String,
}

/// A name or title: both languages required (the schema of name fields in request bodies;
/// on the wire it is an [`I18nText`]).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lv": "Krīzes komunikācija veselības aprūpes nozarē", "en": "Crisis communication in the healthcare sector"}))]
#[allow(dead_code)]
pub struct I18nName {
    /// Latvian; not blank.
    #[schema(pattern = r"\S", max_length = 300)]
    lv: String,
    /// English; not blank.
    #[schema(pattern = r"\S", max_length = 300)]
    en: String,
}

impl I18nText {
    pub fn new(lv: impl Into<String>, en: impl Into<String>) -> Self {
        I18nText {
            lv: lv.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, or in the other language when that one is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Lv => (&self.lv, &self.en),
            Lang::En => (&self.en, &self.lv),
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_other_language_when_one_is_empty() {
        let t = I18nText::new("", "Crisis communication");
        assert_eq!(t.get(Lang::Lv), "Crisis communication");
        assert_eq!(t.get(Lang::En), "Crisis communication");
        let t = I18nText::new("Krīzes komunikācija", "Crisis communication");
        assert_eq!(t.get(Lang::Lv), "Krīzes komunikācija");
    }
}
