//! Share cards: one card per SLIP-39 share, with cut lines, several to a page.
//!
//! A card says which share it is ("share 2 of 5, any 3 restore"), its group, the set's
//! identifier, what combining the set gives (the same BIP-39 words, or a SLIP-39 wallet),
//! where the card is to be kept, and the share's words, numbered, first four letters bold.

use seedsafe_core::slip39::Share;
use zeroize::Zeroizing;

use crate::draw::{check_printable, Canvas, Font, Pdf, GREY, LIGHT, MARGIN, WHITE};
use crate::fonts::Style;
use crate::sheet::footer;
use crate::words::WordGrid;
use crate::{Error, PaperSize};

/// What combining the shares gives, which the shares themselves do not record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareMode {
    /// The shares hold a BIP-39 mnemonic's entropy: combining gives back the same words.
    Bip39,
    /// A native SLIP-39 wallet (as a Trezor makes them).
    Wallet,
}

/// The cards of one share set.
pub struct ShareCards<'a> {
    /// The shares, one card each, in this order.
    pub shares: &'a [Share],
    /// What the set restores.
    pub mode: ShareMode,
    /// Where each card is to be kept, by position in `shares`; a missing or empty entry
    /// leaves a line to write on.
    pub locations: &'a [String],
    /// The person's name for the wallet.
    pub label: Option<&'a str>,
    /// The date printed as "made", as the caller formats it.
    pub date: &'a str,
    /// Paper size.
    pub paper: PaperSize,
    /// One card per page instead of two or four.
    pub one_per_page: bool,
    /// Marks every page "SAMPLE — TEST WALLET, DO NOT USE".
    pub sample: bool,
}

impl ShareCards<'_> {
    /// Renders the cards as a PDF.
    pub fn render(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        if self.shares.is_empty() {
            return Err(Error::NoShares);
        }
        if let Some(label) = self.label {
            check_printable("label", label)?;
        }
        check_printable("date", self.date)?;
        for location in self.locations {
            check_printable("location", location)?;
        }
        let mnemonics: Vec<Zeroizing<String>> = self.shares.iter().map(Share::to_mnemonic).collect();
        let max_words = mnemonics.iter().map(|m| m.split_whitespace().count()).max().unwrap_or(0);
        let (columns, rows) = match (self.one_per_page, max_words <= 20) {
            (true, _) => (1, 1),
            (false, true) => (2, 2),
            (false, false) => (1, 2),
        };
        let per_page = columns * rows;
        let total_pages = self.shares.len().div_ceil(per_page);
        let mut pdf = Pdf::new(self.paper, self.sample, footer("SLIP-39 share cards", self.label));
        let (top, bottom) = (pdf.top(), pdf.bottom());
        let (page_w, _) = self.paper.points();
        let card_w = (page_w - 2.0 * MARGIN) / columns as f32;
        let card_h = (bottom - top) / rows as f32;
        let word_columns = if columns == 1 { 3 } else { 2 };
        for page in 0..total_pages {
            pdf.page(total_pages, |c| {
                for slot in 0..per_page {
                    let i = page * per_page + slot;
                    let Some(share) = self.shares.get(i) else { break };
                    let x = MARGIN + (slot % columns) as f32 * card_w;
                    let y = top + (slot / columns) as f32 * card_h;
                    let card = Card {
                        share,
                        words: &mnemonics[i],
                        of: self.group_size(share),
                        location: self.locations.get(i).map(String::as_str).filter(|l| !l.trim().is_empty()),
                        word_columns,
                    };
                    cut_lines(c, x, y, card_w, card_h);
                    self.draw_card(c, &card, x + 12.0, y + 10.0, card_w - 24.0);
                }
            });
        }
        pdf.finish()
    }

    /// How many shares the card's group has: the cards printed for it (shares do not
    /// record the count), and at least its highest member number.
    fn group_size(&self, share: &Share) -> usize {
        let group = self.shares.iter().filter(|s| s.group_index() == share.group_index());
        let highest = group.clone().map(|s| usize::from(s.member_index()) + 1).max().unwrap_or(1);
        group.count().max(highest)
    }

    fn draw_card(&self, c: &mut Canvas, card: &Card, x: f32, y: f32, w: f32) {
        let s = card.share;
        let title = format!(
            "SLIP-39 share {} of {} · any {} restore",
            u16::from(s.member_index()) + 1,
            card.of,
            s.member_threshold()
        );
        c.text(x, y + 16.0, &title, Font::new(Style::Bold, 12.0));
        let small = Font::new(Style::Regular, 8.5);
        let mut line_y = y + 31.0;
        if s.group_count() > 1 {
            let group = format!(
                "Group {} of {} · shares of any {} groups are needed",
                u16::from(s.group_index()) + 1,
                s.group_count(),
                s.group_threshold()
            );
            c.text(x, line_y, &group, small);
            line_y += 12.0;
        }
        let mut set = format!("Set {:04x}", s.identifier());
        if let Some(l) = self.label {
            set.push_str(&format!(" · {l}"));
        }
        set.push_str(&format!(" · made {}", self.date));
        c.text(x, line_y, &set, small.color(GREY));
        line_y += 12.0;
        let mode = match self.mode {
            ShareMode::Bip39 => {
                "Mode: the same BIP-39 words. Combine the shares with seedsafe combine to get the wallet's \
                 BIP-39 words back (a Trezor would read them as another wallet)."
            }
            ShareMode::Wallet => {
                "Mode: SLIP-39 wallet. Restore with the shares in a Trezor (Shamir backup) or any SLIP-39 \
                 wallet, or seedsafe combine --mode wallet."
            }
        };
        line_y += c.paragraph(x, line_y, w, mode, Font::new(Style::Regular, 7.5)) - 7.5 * 1.35 + 14.0;
        let keep = Font::new(Style::Bold, 9.0);
        let lw = c.text(x, line_y, "Keep at:", keep);
        match card.location {
            Some(l) => {
                c.text(x + lw + 5.0, line_y, l, Font::new(Style::Regular, 9.0));
            }
            None => c.line((x + lw + 5.0, line_y + 2.0), (x + w, line_y + 2.0), 0.6, GREY, false),
        }
        let grid = WordGrid::new(card.words.split_whitespace(), card.word_columns, 10.0, None);
        grid.draw(c, x, line_y + 8.0, w);
        let check_y = line_y + 8.0 + grid.height() + 16.0;
        let lw = c.text(x, check_y, "checked on", small);
        c.line((x + lw + 4.0, check_y + 2.0), (x + w * 0.55, check_y + 2.0), 0.6, GREY, false);
    }
}

struct Card<'c> {
    share: &'c Share,
    words: &'c str,
    of: usize,
    location: Option<&'c str>,
    word_columns: usize,
}

/// Dashed lines around a card, with a scissors mark.
fn cut_lines(c: &mut Canvas, x: f32, y: f32, w: f32, h: f32) {
    c.line((x, y), (x + w, y), 0.5, LIGHT, true);
    c.line((x, y + h), (x + w, y + h), 0.5, LIGHT, true);
    c.line((x, y), (x, y + h), 0.5, LIGHT, true);
    c.line((x + w, y), (x + w, y + h), 0.5, LIGHT, true);
    c.fill_rect(x + 5.0, y - 5.0, 12.0, 10.0, WHITE);
    c.text(x + 6.0, y + 3.3, "✂", Font::new(Style::Regular, 9.0).color(GREY));
}
