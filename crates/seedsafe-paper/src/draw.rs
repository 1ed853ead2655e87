//! Drawing on PDF pages: text in the embedded fonts (split into runs per face), lines,
//! boxes, QR codes, a simple top-to-bottom flow over pages, and the marks every page gets.
//!
//! Coordinates are PDF points from the page's top-left corner, y growing downwards.

use krilla::color::rgb::Color;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use krilla::Document;
use zeroize::Zeroizing;

use crate::fonts::{Face, Fonts, Style};
use crate::qr::QrMatrix;
use crate::{Error, PaperSize};

/// An sRGB colour (krilla's colours cannot be constants).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rgb(u8, u8, u8);

impl Rgb {
    fn krilla(self) -> Color {
        Color::new(self.0, self.1, self.2)
    }
}

pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);
pub(crate) const GREY: Rgb = Rgb(0x55, 0x55, 0x55);
pub(crate) const LIGHT: Rgb = Rgb(0xb4, 0xb4, 0xb4);
pub(crate) const FAINT: Rgb = Rgb(0xf0, 0xf0, 0xf0);
pub(crate) const RED: Rgb = Rgb(0xb0, 0x10, 0x10);
pub(crate) const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const WATERMARK: Rgb = Rgb(0xf4, 0xcc, 0xcc);

/// Page margin on every side.
pub(crate) const MARGIN: f32 = 40.0;

/// What the sample renders in `docs/` carry on every page.
pub(crate) const SAMPLE_MARK: &str = "SAMPLE — TEST WALLET, DO NOT USE";

/// How a piece of text is set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Font {
    pub style: Style,
    pub size: f32,
    pub color: Rgb,
    /// A wordlist's CJK face, tried first.
    pub prefer: Option<Face>,
}

impl Font {
    pub(crate) const fn new(style: Style, size: f32) -> Self {
        Font { style, size, color: BLACK, prefer: None }
    }

    pub(crate) const fn color(mut self, color: Rgb) -> Self {
        self.color = color;
        self
    }

    pub(crate) const fn prefer(mut self, face: Option<Face>) -> Self {
        self.prefer = face;
        self
    }
}

fn fill(color: Rgb) -> Fill {
    Fill { paint: color.krilla().into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

fn stroke(color: Rgb, width: f32, dashed: bool) -> Stroke {
    Stroke {
        paint: color.krilla().into(),
        width,
        dash: dashed.then(|| StrokeDash { array: vec![4.0, 3.0], offset: 0.0 }),
        ..Default::default()
    }
}

/// A page being drawn.
pub(crate) struct Canvas<'s, 'p> {
    surface: &'s mut Surface<'p>,
    fonts: &'static Fonts,
    pub width: f32,
    pub height: f32,
}

impl Canvas<'_, '_> {
    /// Width of text in points.
    pub(crate) fn measure(&self, text: &str, font: Font) -> f32 {
        self.fonts.width(text, font.style, font.prefer, font.size)
    }

    /// Draws text with its baseline at `y`; returns its width.
    pub(crate) fn text(&mut self, x: f32, y: f32, text: &str, font: Font) -> f32 {
        let mut cursor = x;
        for run in self.fonts.runs(text, font.style, font.prefer) {
            let Some(face) = self.fonts.font(run.face) else { continue };
            self.surface.set_fill(Some(fill(font.color)));
            // The CJK faces have no bold weight embedded: a thin outline of the glyphs'
            // own colour thickens them instead.
            let synthetic_bold =
                font.style == Style::Bold && !matches!(run.face, Face::Sans | Face::SansBold | Face::Mono);
            if synthetic_bold {
                self.surface.set_stroke(Some(stroke(font.color, font.size * 0.04, false)));
            }
            self.surface.draw_text(
                Point::from_xy(cursor, y),
                face,
                font.size,
                run.text,
                false,
                TextDirection::Auto,
            );
            if synthetic_bold {
                self.surface.set_stroke(None);
            }
            cursor += self.fonts.run_width(run.text, run.face, font.size);
        }
        cursor - x
    }

    /// Draws text ending at `right`.
    pub(crate) fn text_right(&mut self, right: f32, y: f32, text: &str, font: Font) -> f32 {
        let w = self.measure(text, font);
        self.text(right - w, y, text, font)
    }

    /// Draws text centred on `centre`.
    pub(crate) fn text_centred(&mut self, centre: f32, y: f32, text: &str, font: Font) -> f32 {
        let w = self.measure(text, font);
        self.text(centre - w / 2.0, y, text, font)
    }

    /// Draws wrapped text whose first baseline is `y`; returns the height used.
    pub(crate) fn paragraph(&mut self, x: f32, y: f32, width: f32, text: &str, font: Font) -> f32 {
        let leading = font.size * 1.35;
        let lines = wrap(text, font, width);
        for (i, line) in lines.iter().enumerate() {
            self.text(x, y + i as f32 * leading, line, font);
        }
        lines.len() as f32 * leading
    }

    fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
        let mut pb = PathBuilder::new();
        pb.push_rect(Rect::from_xywh(x, y, w, h)?);
        pb.finish()
    }

    /// A filled rectangle.
    pub(crate) fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        if let Some(path) = Self::rect_path(x, y, w, h) {
            self.surface.set_fill(Some(fill(color)));
            self.surface.set_stroke(None);
            self.surface.draw_path(&path);
        }
    }

    /// A rectangle's outline.
    pub(crate) fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, color: Rgb) {
        if let Some(path) = Self::rect_path(x, y, w, h) {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(stroke(color, width, false)));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    /// A straight line, solid or dashed.
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb, dashed: bool) {
        let mut pb = PathBuilder::new();
        pb.move_to(from.0, from.1);
        pb.line_to(to.0, to.1);
        if let Some(path) = pb.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(stroke(color, width, dashed)));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    /// A QR code with its top-left module at (x, y), `module` points per module, as one
    /// filled path (separate squares would leave hairline seams in some renderers). The
    /// quiet zone is the caller's to keep clear.
    pub(crate) fn qr(&mut self, qr: &QrMatrix, x: f32, y: f32, module: f32) {
        let mut pb = PathBuilder::new();
        for (cx, cy, len) in qr.dark_runs() {
            if let Some(r) =
                Rect::from_xywh(x + cx as f32 * module, y + cy as f32 * module, len as f32 * module, module)
            {
                pb.push_rect(r);
            }
        }
        if let Some(path) = pb.finish() {
            self.surface.set_fill(Some(fill(BLACK)));
            self.surface.set_stroke(None);
            self.surface.draw_path(&path);
        }
    }

    /// The sample watermark, drawn first so the content stays readable over it.
    fn sample_watermark(&mut self) {
        let big = Font::new(Style::Bold, 34.0).color(WATERMARK);
        let (cx, cy) = (self.width / 2.0, self.height / 2.0);
        self.surface.push_transform(&Transform::from_rotate_at(-50.0, cx, cy));
        self.text_centred(cx, cy, SAMPLE_MARK, big);
        self.surface.pop();
    }

    /// The sample band across the top of the page.
    fn sample_band(&mut self) {
        self.fill_rect(0.0, 0.0, self.width, 26.0, RED);
        self.text_centred(self.width / 2.0, 18.0, SAMPLE_MARK, Font::new(Style::Bold, 13.0).color(WHITE));
    }

    /// Draws text on one line, shrinking it until it fits `width`.
    pub(crate) fn text_fitted(&mut self, x: f32, y: f32, width: f32, text: &str, font: Font) -> f32 {
        let mut font = font;
        while font.size > 6.0 && self.measure(text, font) > width {
            font.size -= 0.5;
        }
        self.text(x, y, text, font)
    }
}

/// A piece of a page that is laid out top to bottom.
pub(crate) struct Block<'a> {
    pub height: f32,
    /// Starts a new page even when there is room left.
    pub page_break: bool,
    #[allow(clippy::type_complexity)]
    pub draw: Box<dyn Fn(&mut Canvas, f32, f32, f32) + 'a>,
}

impl<'a> Block<'a> {
    pub(crate) fn new(height: f32, draw: impl Fn(&mut Canvas, f32, f32, f32) + 'a) -> Self {
        Block { height, page_break: false, draw: Box::new(draw) }
    }
}

/// Measures text before any page exists (block heights depend on wrapping).
pub(crate) struct Measure {
    /// The width between the margins.
    pub width: f32,
}

impl Measure {
    pub(crate) fn new(paper: PaperSize) -> Self {
        Measure { width: paper.points().0 - 2.0 * MARGIN }
    }

    /// Height of wrapped text ([`Canvas::paragraph`]).
    pub(crate) fn paragraph_height(&self, width: f32, text: &str, font: Font) -> f32 {
        wrap(text, font, width).len() as f32 * font.size * 1.35
    }
}

/// Breaks text into lines no wider than `width`, at spaces.
pub(crate) fn wrap(text: &str, font: Font, width: f32) -> Vec<String> {
    let fonts = Fonts::get();
    let fits = |t: &str| fonts.width(t, font.style, font.prefer, font.size) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && !fits(&candidate) {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// A document being written.
pub(crate) struct Pdf {
    doc: Document,
    paper: PaperSize,
    sample: bool,
    footer: String,
    pages: usize,
}

impl Pdf {
    /// `footer` is printed at the bottom of every page with the page number.
    pub(crate) fn new(paper: PaperSize, sample: bool, footer: String) -> Self {
        let mut doc = Document::new();
        doc.set_metadata(krilla::metadata::Metadata::new().creator("seedsafe".into()));
        Pdf { doc, paper, sample, footer, pages: 0 }
    }

    /// The first y below the page's top decorations.
    pub(crate) fn top(&self) -> f32 {
        if self.sample {
            MARGIN + 16.0
        } else {
            MARGIN
        }
    }

    /// The last y above the footer.
    pub(crate) fn bottom(&self) -> f32 {
        self.paper.points().1 - MARGIN - 14.0
    }

    /// Draws one page; `total` is the page count for the footer.
    pub(crate) fn page(&mut self, total: usize, draw: impl FnOnce(&mut Canvas)) {
        let (w, h) = self.paper.points();
        self.pages += 1;
        let number = self.pages;
        let Some(settings) = PageSettings::from_wh(w, h) else { return };
        let mut page = self.doc.start_page_with(settings);
        let mut surface = page.surface();
        let mut canvas = Canvas { surface: &mut surface, fonts: Fonts::get(), width: w, height: h };
        if self.sample {
            canvas.sample_watermark();
        }
        draw(&mut canvas);
        let small = Font::new(Style::Regular, 7.5).color(GREY);
        canvas.text(MARGIN, h - MARGIN + 6.0, &self.footer, small);
        canvas.text_right(w - MARGIN, h - MARGIN + 6.0, &format!("page {number} of {total}"), small);
        if self.sample {
            canvas.sample_band();
        }
        surface.finish();
        page.finish();
    }

    /// Lays blocks out top to bottom over as many pages as they need, and draws them.
    pub(crate) fn flow(&mut self, blocks: &[Block]) {
        let (top, bottom) = (self.top(), self.bottom());
        let mut pages: Vec<Vec<(f32, &Block)>> = vec![Vec::new()];
        let mut y = top;
        for block in blocks {
            let current_is_empty = pages.last().is_none_or(|p| p.is_empty());
            if !current_is_empty && (block.page_break || y + block.height > bottom) {
                pages.push(Vec::new());
                y = top;
            }
            if let Some(page) = pages.last_mut() {
                page.push((y, block));
            }
            y += block.height;
        }
        let total = pages.len();
        let width = self.paper.points().0 - 2.0 * MARGIN;
        for page in pages {
            self.page(total, |c| {
                for (y, block) in &page {
                    (block.draw)(c, MARGIN, *y, width);
                }
            });
        }
    }

    /// The PDF bytes.
    pub(crate) fn finish(self) -> Result<Zeroizing<Vec<u8>>, Error> {
        self.doc.finish().map(Zeroizing::new).map_err(|e| Error::Pdf(format!("{e:?}")))
    }
}

/// Refuses text the fonts cannot print.
pub(crate) fn check_printable(what: &'static str, text: &str) -> Result<(), Error> {
    match Fonts::get().unprintable(text) {
        Some(ch) => Err(Error::Unprintable { what, ch }),
        None => Ok(()),
    }
}
