//! The numbered word grid that sheets and cards share.

use crate::draw::{Canvas, Font, BLACK, GREY, LIGHT};
use crate::fonts::{display_word, Face, Style};

/// Letters of a word that identify it: BIP-39 and SLIP-39 words are unique in their first
/// four, which is all a metal plate needs.
const PREFIX_CHARS: usize = 4;

/// Words in numbered cells, numbered down each column, then across.
pub(crate) struct WordGrid {
    words: Vec<String>,
    columns: usize,
    row_height: f32,
    size: f32,
    /// The wordlist's CJK face; CJK words are emphasised whole.
    cjk: Option<Face>,
}

impl WordGrid {
    /// `words` as the wordlist has them (any normal form); `size` is the word font size.
    pub(crate) fn new<'w>(
        words: impl Iterator<Item = &'w str>,
        columns: usize,
        size: f32,
        cjk: Option<Face>,
    ) -> Self {
        WordGrid {
            words: words.map(display_word).collect(),
            columns: columns.max(1),
            row_height: size * 1.85,
            size,
            cjk,
        }
    }

    fn rows(&self) -> usize {
        self.words.len().div_ceil(self.columns)
    }

    pub(crate) fn height(&self) -> f32 {
        self.rows() as f32 * self.row_height
    }

    pub(crate) fn draw(&self, c: &mut Canvas, x: f32, y: f32, width: f32) {
        let rows = self.rows();
        let cell_w = width / self.columns as f32;
        let number = Font::new(Style::Regular, self.size * 0.62).color(GREY);
        let gutter = self.size * 1.9;
        for (i, word) in self.words.iter().enumerate() {
            let (col, row) = (i / rows, i % rows);
            let cx = x + col as f32 * cell_w;
            let cy = y + row as f32 * self.row_height;
            c.stroke_rect(cx + 2.0, cy + 1.5, cell_w - 4.0, self.row_height - 3.0, 0.5, LIGHT);
            let baseline = cy + self.row_height / 2.0 + self.size * 0.36;
            c.text_right(cx + gutter, baseline, &format!("{}.", i + 1), number);
            self.draw_word(c, cx + gutter + self.size * 0.4, baseline, word);
        }
    }

    fn draw_word(&self, c: &mut Canvas, x: f32, y: f32, word: &str) {
        let bold = Font::new(Style::Bold, self.size).prefer(self.cjk);
        if self.cjk.is_some() {
            c.text(x, y, word, bold);
            return;
        }
        let split = word.char_indices().nth(PREFIX_CHARS).map_or(word.len(), |(i, _)| i);
        let (head, tail) = word.split_at(split);
        let w = c.text(x, y, head, bold.color(BLACK));
        c.text(x + w, y, tail, Font::new(Style::Regular, self.size).color(GREY));
    }
}
