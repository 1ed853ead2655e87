//! The embedded fonts: subsets of DejaVu Sans (Latin, Czech letters included) and Noto Sans
//! CJK (one regional face per CJK wordlist), cut to the glyphs paper backups print.
//!
//! krilla does no font fallback, so text is split into runs by which face has each
//! character ([`Fonts::runs`]). How the subsets were made, and how to remake them, is in
//! `fonts/README.md`; the characters each must hold come from [`Face::required_chars`].

use std::collections::BTreeSet;
use std::sync::OnceLock;

use seedsafe_core::bip39::Language;
use unicode_normalization::UnicodeNormalization;

/// One embedded font file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    /// DejaVu Sans: Latin text and the Latin-script wordlists.
    Sans,
    /// DejaVu Sans Bold: headings and the emphasised first four letters.
    SansBold,
    /// DejaVu Sans Mono: the armoured age text of encrypted paper.
    Mono,
    /// Noto Sans CJK JP: the Japanese wordlist.
    Japanese,
    /// Noto Sans CJK KR: the Korean wordlist.
    Korean,
    /// Noto Sans CJK SC: the Simplified Chinese wordlist.
    ChineseSimplified,
    /// Noto Sans CJK TC: the Traditional Chinese wordlist.
    ChineseTraditional,
}

/// Punctuation and symbols the layouts print besides ASCII.
const SYMBOLS: &str = "–—‘’“”…•→✂✓";

impl Face {
    /// Every embedded face.
    pub const ALL: [Face; 7] = [
        Face::Sans,
        Face::SansBold,
        Face::Mono,
        Face::Japanese,
        Face::Korean,
        Face::ChineseSimplified,
        Face::ChineseTraditional,
    ];

    /// The name `examples/glyphset.rs` and `fonts/README.md` use for the face.
    pub fn subset_name(self) -> &'static str {
        match self {
            Face::Sans => "sans",
            Face::SansBold => "sans-bold",
            Face::Mono => "mono",
            Face::Japanese => "japanese",
            Face::Korean => "korean",
            Face::ChineseSimplified => "chinese_simplified",
            Face::ChineseTraditional => "chinese_traditional",
        }
    }

    /// The CJK face that prints a wordlist, if it is a CJK one.
    pub fn for_language(language: Language) -> Option<Face> {
        match language {
            Language::Japanese => Some(Face::Japanese),
            Language::Korean => Some(Face::Korean),
            Language::ChineseSimplified => Some(Face::ChineseSimplified),
            Language::ChineseTraditional => Some(Face::ChineseTraditional),
            _ => None,
        }
    }

    /// Every character the face must hold, sorted, as one string.
    pub fn required_chars(self) -> String {
        let mut set: BTreeSet<char> = BTreeSet::new();
        match self {
            Face::Sans | Face::SansBold => {
                set.extend((0x20u8..0x7f).map(char::from));
                set.extend(('\u{a0}'..='\u{17f}').filter(|c| !c.is_control()));
                set.extend(SYMBOLS.chars());
                for language in Language::ALL.into_iter().filter(|l| Face::for_language(*l).is_none()) {
                    set.extend(
                        language.words().iter().flat_map(|w| display_word(w).chars().collect::<Vec<_>>()),
                    );
                }
                set.extend(seedsafe_core::slip39::wordlist().iter().flat_map(|w| w.chars()));
            }
            Face::Mono => set.extend((0x20u8..0x7f).map(char::from)),
            cjk => {
                for language in Language::ALL.into_iter().filter(|l| Face::for_language(*l) == Some(cjk)) {
                    set.extend(
                        language.words().iter().flat_map(|w| display_word(w).chars().collect::<Vec<_>>()),
                    );
                }
            }
        }
        set.into_iter().collect()
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Sans => include_bytes!("../fonts/DejaVuSans-subset.ttf"),
            Face::SansBold => include_bytes!("../fonts/DejaVuSans-Bold-subset.ttf"),
            Face::Mono => include_bytes!("../fonts/DejaVuSansMono-subset.ttf"),
            Face::Japanese => include_bytes!("../fonts/NotoSansCJKjp-Regular-subset.otf"),
            Face::Korean => include_bytes!("../fonts/NotoSansCJKkr-Regular-subset.otf"),
            Face::ChineseSimplified => include_bytes!("../fonts/NotoSansCJKsc-Regular-subset.otf"),
            Face::ChineseTraditional => include_bytes!("../fonts/NotoSansCJKtc-Regular-subset.otf"),
        }
    }

    fn is_cjk(self) -> bool {
        matches!(self, Face::Japanese | Face::Korean | Face::ChineseSimplified | Face::ChineseTraditional)
    }
}

/// A word as it is printed: NFC, so accented letters, kana with voicing marks and Hangul
/// syllables are single characters (the wordlists are published in NFKD).
pub fn display_word(word: &str) -> String {
    word.nfc().collect()
}

/// Which family a run of text is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Regular sans serif.
    Regular,
    /// Bold sans serif (CJK runs are drawn regular with a thin outline, which reads as bold).
    Bold,
    /// Monospace.
    Mono,
}

/// A loaded face: the font krilla embeds and the shaper that measures it.
struct Loaded {
    face: Face,
    font: krilla::text::Font,
    shaper: rustybuzz::Face<'static>,
}

/// The embedded fonts, loaded once per process.
pub struct Fonts {
    loaded: Vec<Loaded>,
}

/// A piece of text set in one face.
pub struct Run<'t> {
    /// The text.
    pub text: &'t str,
    /// The face that has all its characters (or the first choice, when none has them).
    pub face: Face,
}

impl Fonts {
    /// The fonts, parsed on first use.
    pub fn get() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            loaded: Face::ALL
                .iter()
                .filter_map(|face| {
                    let bytes = face.bytes();
                    let font = krilla::text::Font::new(bytes.into(), 0)?;
                    let shaper = rustybuzz::Face::from_slice(bytes, 0)?;
                    Some(Loaded { face: *face, font, shaper })
                })
                .collect(),
        })
    }

    fn loaded(&self, face: Face) -> Option<&Loaded> {
        self.loaded.iter().find(|l| l.face == face)
    }

    /// The krilla font of a face.
    pub fn font(&self, face: Face) -> Option<krilla::text::Font> {
        self.loaded(face).map(|l| l.font.clone())
    }

    /// Whether a face has a glyph for `c`.
    pub fn has(&self, face: Face, c: char) -> bool {
        self.loaded(face).is_some_and(|l| l.shaper.glyph_index(c).is_some_and(|g| g.0 != 0))
    }

    /// The faces tried, in order, for text in a style; `prefer` (a wordlist's CJK face)
    /// goes first so that its regional glyph forms win.
    fn chain(style: Style, prefer: Option<Face>) -> Vec<Face> {
        let first = match style {
            Style::Regular => Face::Sans,
            Style::Bold => Face::SansBold,
            Style::Mono => Face::Mono,
        };
        let mut chain: Vec<Face> = prefer.into_iter().collect();
        chain.push(first);
        if style == Style::Mono {
            chain.push(Face::Sans);
        }
        chain.extend(Face::ALL.iter().copied().filter(|f| f.is_cjk()));
        chain
    }

    /// Splits text into runs that one face each can draw.
    pub fn runs<'t>(&self, text: &'t str, style: Style, prefer: Option<Face>) -> Vec<Run<'t>> {
        let chain = Self::chain(style, prefer);
        let pick = |c: char| chain.iter().copied().find(|f| self.has(*f, c));
        let mut runs: Vec<Run<'t>> = Vec::new();
        let mut start = 0;
        let mut current: Option<Face> = None;
        for (i, c) in text.char_indices() {
            // Spaces stay in the run they are in; every face has one.
            let face = if c.is_whitespace() { current.or_else(|| pick(c)) } else { pick(c) };
            let face = face.unwrap_or(chain[0]);
            if current.is_some_and(|f| f != face) {
                runs.push(Run { text: &text[start..i], face: current.unwrap_or(face) });
                start = i;
            }
            current = Some(face);
        }
        if start < text.len() {
            runs.push(Run { text: &text[start..], face: current.unwrap_or(chain[0]) });
        }
        runs
    }

    /// The first character of `text` that no embedded face can draw.
    pub fn unprintable(&self, text: &str) -> Option<char> {
        text.chars().find(|c| !c.is_whitespace() && !Face::ALL.iter().any(|f| self.has(*f, *c)))
    }

    /// Width of a run in points, as the shaper lays it out.
    pub fn run_width(&self, text: &str, face: Face, size: f32) -> f32 {
        let Some(l) = self.loaded(face) else { return 0.0 };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(&l.shaper, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / f32::from(l.shaper.units_per_em() as u16)
    }

    /// Width of text in a style, in points.
    pub fn width(&self, text: &str, style: Style, prefer: Option<Face>, size: f32) -> f32 {
        self.runs(text, style, prefer).iter().map(|r| self.run_width(r.text, r.face, size)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_holds_its_characters() {
        let fonts = Fonts::get();
        assert_eq!(fonts.loaded.len(), Face::ALL.len(), "a font file did not parse");
        for face in Face::ALL {
            let missing: String = face.required_chars().chars().filter(|c| !fonts.has(face, *c)).collect();
            assert!(missing.is_empty(), "{face:?} lacks {missing:?}; remake the subset (fonts/README.md)");
        }
    }

    #[test]
    fn runs_split_by_script() {
        let fonts = Fonts::get();
        let runs = fonts.runs("12. 你好 wallet", Style::Regular, None);
        let faces: Vec<Face> = runs.iter().map(|r| r.face).collect();
        assert_eq!(faces, vec![Face::Sans, Face::ChineseSimplified, Face::Sans]);
        assert_eq!(runs.iter().map(|r| r.text).collect::<String>(), "12. 你好 wallet");
        assert!(fonts.width("abandon", Style::Regular, None, 10.0) > 20.0);
        assert_eq!(fonts.unprintable("ok \u{1F600}"), Some('\u{1F600}'));
    }
}
