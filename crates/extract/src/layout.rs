//! Printed lines with boxes → the page's text in reading order.
//!
//! The lines are ordered by a recursive XY cut: at each step the set is cut at its widest empty
//! band, horizontal or vertical (a vertical cut wins a tie); the pieces of a vertical cut are
//! columns, read right to left, those of a horizontal cut are read top to bottom. Consecutive
//! lines of one column form a block unless the type size changes or a gap wider than the usual
//! line spacing parts them. Lines in type at least [`HEADING_RATIO`] times the page's body size
//! are headings. In the text, each heading block is one line, each paragraph of a body block is
//! one line (a paragraph ends at a short line that ends a sentence, or before an indented one),
//! and a blank line separates blocks: the form `bayegan parse` reads.

use serde::Serialize;

use crate::geometry::{median, reading_order, BBox, PrintedLine};

/// Type this many times the body size or larger is a heading. Subheads, questions, pull quotes
/// and subheadlines are set 1.15–1.45 times the body size in the testdata; headlines 1.75 and up.
pub const HEADING_RATIO: f32 = 1.5;
/// Type sizes differing by more than this ratio are in different blocks.
const SIZE_CHANGE: f32 = 1.15;
/// Pieces of a line this close (times the type size) are one line.
const PIECE_GAP: f32 = 1.0;
/// The widest space, in type sizes, that a loosely justified line leaves between words.
const JUSTIFIED_GAP: f32 = 4.0;

/// A printed line as extracted, with its place on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineGeometry {
    /// The line's words in reading order (repaired; not restored).
    pub text: String,
    /// Its box, in points (PDF) or pixels (image).
    pub bbox: BBox,
    /// Its type size, estimated from the heights of its words' boxes (same unit as `bbox`).
    pub font_size: f32,
    /// Its block, numbered from 0 in reading order.
    pub block: usize,
    /// Its column, numbered from 0 in reading order (right to left); lines spanning several
    /// columns, like a headline over them, have their own.
    pub column: usize,
    /// Its type is at least [`HEADING_RATIO`] times the page's body size.
    pub heading: bool,
}

/// A page's text in reading order, with what its geometry says.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Laid {
    /// Heading blocks and paragraphs one a line, blocks separated by a blank line.
    pub text: String,
    /// For each line of `text`, whether it is in heading type.
    pub headings: Vec<bool>,
    /// For each line of `text`, its type size relative to the body size (1.0 on blank lines).
    pub sizes: Vec<f32>,
    /// The printed lines in reading order.
    pub lines: Vec<LineGeometry>,
    /// The body type size.
    pub body_size: f32,
}

/// Orders the printed lines of a page and builds its text (see the module docs). `repair`
/// cleans each line's text.
pub(crate) fn lay_out(lines: Vec<PrintedLine>, repair: &dyn Fn(&str) -> String) -> Laid {
    if lines.is_empty() {
        return Laid::default();
    }
    let lines = merge_line_pieces(lines);
    let body_size = body_size(&lines);
    let mut order = Vec::with_capacity(lines.len());
    let mut next_column = 1;
    xy_cut(&lines, (0..lines.len()).collect(), 0.5 * body_size, 0, &mut next_column, &mut order);
    renumber_columns(&mut order);

    // blocks: a new one at a column change, a change of type size, a wide gap, or a step up
    let gaps: Vec<f32> = order
        .windows(2)
        .filter(|pair| pair[0].1 == pair[1].1)
        .map(|pair| (lines[pair[1].0].bbox.y_min - lines[pair[0].0].bbox.y_max).max(0.0))
        .collect();
    let usual_gap = median(gaps).unwrap_or(0.0);
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut geometry = Vec::with_capacity(order.len());
    for (k, &(i, column)) in order.iter().enumerate() {
        let line = &lines[i];
        let starts_block = k == 0 || {
            let (p, previous_column) = order[k - 1];
            let previous = &lines[p];
            let ratio = line.font_size() / previous.font_size().max(f32::EPSILON);
            let gap = line.bbox.y_min - previous.bbox.y_max;
            column != previous_column
                || !(1.0 / SIZE_CHANGE..=SIZE_CHANGE).contains(&ratio)
                || gap > usual_gap + 0.5 * body_size
                || line.bbox.y_min < previous.bbox.y_min
        };
        if starts_block {
            blocks.push(Vec::new());
        }
        blocks.last_mut().expect("a block was started").push(i);
        geometry.push(LineGeometry {
            text: repair(&line.text()),
            bbox: line.bbox,
            font_size: line.font_size(),
            block: blocks.len() - 1,
            column,
            heading: line.font_size() >= HEADING_RATIO * body_size,
        });
    }

    let mut laid = Laid { body_size, ..Laid::default() };
    let mut at = 0;
    // the last body block, when its last paragraph runs on: (column, type size)
    let mut open: Option<(usize, f32)> = None;
    for block in &blocks {
        let block_lines = &geometry[at..at + block.len()];
        at += block.len();
        let heading = block_lines.iter().all(|l| l.heading);
        let size = block_lines[0].font_size;
        // a paragraph cut at the foot of a column goes on at the head of the next
        let continues = !heading
            && open.is_some_and(|(column, open_size)| {
                column != block_lines[0].column && (1.0 / SIZE_CHANGE..=SIZE_CHANGE).contains(&(size / open_size))
            });
        if !laid.text.is_empty() && !continues {
            laid.text.push('\n');
            laid.headings.push(false);
            laid.sizes.push(1.0);
        }
        for (k, paragraph) in paragraphs(block_lines, heading, body_size).into_iter().enumerate() {
            let joined: Vec<&str> =
                paragraph.iter().map(|l| l.text.as_str()).filter(|t| !t.trim().is_empty()).collect();
            if joined.is_empty() {
                continue;
            }
            if k == 0 && continues {
                laid.text.pop();
                laid.text.push(' ');
            } else {
                laid.headings.push(heading);
                let sizes: Vec<f32> = paragraph.iter().map(|l| l.font_size).collect();
                laid.sizes.push(median(sizes).unwrap_or(body_size) / body_size.max(f32::EPSILON));
            }
            laid.text.push_str(&joined.join(" "));
            laid.text.push('\n');
        }
        let last = block_lines.last().expect("blocks have lines");
        open = (!heading && !ends_sentence(&last.text)).then_some((last.column, size));
    }
    laid.lines = geometry;
    laid
}

/// pdftotext cuts a justified line with wide spaces into pieces: pieces side by side on the same
/// baseline, in the same type, are one line again when they are closer than [`PIECE_GAP`] times
/// their size, or, up to [`JUSTIFIED_GAP`] times, when the gap between them is no gutter
/// (printed lines just above or below run across it: a loosely justified last words' spaces).
fn merge_line_pieces(mut lines: Vec<PrintedLine>) -> Vec<PrintedLine> {
    lines.sort_by(|a, b| a.bbox.y_min.total_cmp(&b.bbox.y_min).then(a.bbox.x_min.total_cmp(&b.bbox.x_min)));
    let spans: Vec<BBox> = lines.iter().map(|l| l.bbox).collect();
    // the gap [from, to] at height `at` is crossed by two lines of the same type within a few
    // lines of it (a headline over two columns crosses their gutter)
    let crossed = |from: f32, to: f32, at: &BBox| {
        let reach = 3.0 * at.height();
        spans
            .iter()
            .filter(|s| (s.y_min - at.y_min).abs() <= reach && (s.y_min - at.y_min).abs() > 0.5 * at.height())
            .filter(|s| (1.0 / SIZE_CHANGE..=SIZE_CHANGE).contains(&(s.height() / at.height().max(f32::EPSILON))))
            .filter(|s| s.x_min <= from && s.x_max >= to)
            .take(2)
            .count()
            == 2
    };
    let mut merged: Vec<PrintedLine> = Vec::with_capacity(lines.len());
    'next: for line in lines {
        for other in merged.iter_mut().rev().take(8) {
            let (a, b) = (&other.bbox, &line.bbox);
            let overlap = a.y_max.min(b.y_max) - a.y_min.max(b.y_min);
            let size = other.font_size().min(line.font_size());
            let ratio = other.font_size() / line.font_size().max(f32::EPSILON);
            let gap = (b.x_min - a.x_max).max(a.x_min - b.x_max);
            let (gap_from, gap_to) = if b.x_min >= a.x_max { (a.x_max, b.x_min) } else { (b.x_max, a.x_min) };
            if overlap >= 0.7 * a.height().min(b.height())
                && (1.0 / SIZE_CHANGE..=SIZE_CHANGE).contains(&ratio)
                && (gap < PIECE_GAP * size || gap < JUSTIFIED_GAP * size && crossed(gap_from, gap_to, b))
            {
                let mut words = std::mem::take(&mut other.words);
                words.extend(line.words);
                // back to drawing order (left to right), then reading order
                words.sort_by(|x, y| x.bbox.x_min.total_cmp(&y.bbox.x_min));
                let line_height = other.line_height;
                *other = PrintedLine::new(reading_order(words)).expect("words were there");
                other.line_height = line_height;
                continue 'next;
            }
        }
        merged.push(line);
    }
    merged
}

/// The size of most of the page's letters: the median line size weighted by letters.
fn body_size(lines: &[PrintedLine]) -> f32 {
    let mut sizes: Vec<(f32, usize)> = lines.iter().map(|l| (l.font_size(), l.weight().max(1))).collect();
    sizes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = sizes.iter().map(|s| s.1).sum::<usize>() / 2;
    let mut seen = 0;
    for (size, weight) in &sizes {
        seen += weight;
        if seen > half {
            return *size;
        }
    }
    sizes.last().map_or(1.0, |s| s.0)
}

/// The widest empty band between the intervals of some items: the index (in `sorted`, sorted by
/// start) of the first item after it, and its width. None when nothing is empty.
fn widest_gap(sorted: &[usize], interval: impl Fn(usize) -> (f32, f32)) -> Option<(usize, f32)> {
    let mut reach = interval(sorted[0]).1;
    let mut best: Option<(usize, f32)> = None;
    for (k, &i) in sorted.iter().enumerate().skip(1) {
        let (start, end) = interval(i);
        let gap = start - reach;
        if gap > 0.0 && best.is_none_or(|(_, width)| gap > width) {
            best = Some((k, gap));
        }
        reach = reach.max(end);
    }
    best
}

/// Appends `set`'s lines in reading order with their column ids (see the module docs).
fn xy_cut(
    lines: &[PrintedLine],
    set: Vec<usize>,
    min_column_gap: f32,
    column: usize,
    next_column: &mut usize,
    out: &mut Vec<(usize, usize)>,
) {
    if set.len() > 1 {
        let mut by_y = set.clone();
        by_y.sort_by(|&a, &b| lines[a].bbox.y_min.total_cmp(&lines[b].bbox.y_min));
        let mut by_x = set;
        by_x.sort_by(|&a, &b| lines[a].bbox.x_min.total_cmp(&lines[b].bbox.x_min));
        let horizontal = widest_gap(&by_y, |i| (lines[i].bbox.y_min, lines[i].bbox.y_max));
        let vertical = widest_gap(&by_x, |i| (lines[i].bbox.x_min, lines[i].bbox.x_max))
            .filter(|&(_, width)| width >= min_column_gap);
        match (horizontal, vertical) {
            (h, Some((at, width))) if h.is_none_or(|(_, h_width)| width >= h_width) => {
                // columns, right to left
                let left = by_x[..at].to_vec();
                let right = by_x[at..].to_vec();
                for part in [right, left] {
                    let id = *next_column;
                    *next_column += 1;
                    xy_cut(lines, part, min_column_gap, id, next_column, out);
                }
                return;
            }
            (Some((at, _)), _) => {
                let bottom = by_y[at..].to_vec();
                by_y.truncate(at);
                xy_cut(lines, by_y, min_column_gap, column, next_column, out);
                xy_cut(lines, bottom, min_column_gap, column, next_column, out);
                return;
            }
            (None, _) => {
                let mut leaf = by_y;
                leaf.sort_by(|&a, &b| {
                    lines[a]
                        .bbox
                        .y_min
                        .total_cmp(&lines[b].bbox.y_min)
                        .then(lines[b].bbox.x_max.total_cmp(&lines[a].bbox.x_max))
                });
                out.extend(leaf.into_iter().map(|i| (i, column)));
                return;
            }
        }
    }
    out.extend(set.into_iter().map(|i| (i, column)));
}

/// Column ids from 0 in order of first appearance.
fn renumber_columns(order: &mut [(usize, usize)]) {
    let mut seen: Vec<usize> = Vec::new();
    for (_, column) in order.iter_mut() {
        let id = match seen.iter().position(|c| c == column) {
            Some(id) => id,
            None => {
                seen.push(*column);
                seen.len() - 1
            }
        };
        *column = id;
    }
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().trim_end_matches(['»', '"', '”', ')', '\'']).ends_with(['.', '!', '؟', '?', ':', '…'])
}

/// The paragraphs of a block: a heading block is one; a body block ends a paragraph after a
/// short line that ends a sentence and before an indented line.
fn paragraphs(block: &[LineGeometry], heading: bool, body_size: f32) -> Vec<&[LineGeometry]> {
    if heading || block.len() < 2 {
        return vec![block];
    }
    let x_min = block.iter().map(|l| l.bbox.x_min).fold(f32::INFINITY, f32::min);
    let x_max = block.iter().map(|l| l.bbox.x_max).fold(f32::NEG_INFINITY, f32::max);
    let right_to_left = block.iter().flat_map(|l| l.text.chars()).filter(|c| is_arabic(*c)).count() * 2
        > block.iter().flat_map(|l| l.text.chars()).filter(|c| c.is_alphabetic()).count();
    let tolerance = (1.5 * body_size).min(0.2 * (x_max - x_min));
    // (where the line ends short, where it starts indented) for the reading direction
    let short_end = |l: &LineGeometry| {
        if right_to_left {
            l.bbox.x_min - x_min > tolerance
        } else {
            x_max - l.bbox.x_max > tolerance
        }
    };
    let indented = |l: &LineGeometry| {
        if right_to_left {
            x_max - l.bbox.x_max > 0.5 * tolerance
        } else {
            l.bbox.x_min - x_min > 0.5 * tolerance
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    for k in 0..block.len() - 1 {
        if (short_end(&block[k]) && ends_sentence(&block[k].text)) || indented(&block[k + 1]) {
            out.push(&block[start..=k]);
            start = k + 1;
        }
    }
    out.push(&block[start..]);
    out
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') && c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Word;

    /// A line of `text` (in reading order) filling x from `x_min` to `x_max` at `y`, in type of
    /// `size`.
    fn line(text: &str, x_min: f32, x_max: f32, y: f32, size: f32) -> PrintedLine {
        let words: Vec<&str> = text.split(' ').collect();
        let step = (x_max - x_min) / words.len() as f32;
        let words = words
            .iter()
            .enumerate()
            .map(|(k, w)| Word {
                text: (*w).to_owned(),
                // reading order is right to left: the first word is rightmost
                bbox: BBox {
                    x_min: x_max - step * (k + 1) as f32,
                    y_min: y,
                    x_max: x_max - step * k as f32 - 2.0,
                    y_max: y + size,
                },
            })
            .collect();
        PrintedLine { bbox: BBox { x_min, y_min: y, x_max, y_max: y + size }, words, line_height: None }
    }

    fn keep(text: &str) -> String {
        text.to_owned()
    }

    /// A headline across two columns; the right column holds two paragraphs, the left one the
    /// end of the second; the lines are given in the order pdftotext might give them.
    fn two_column_page() -> Vec<PrintedLine> {
        vec![
            // left column (x 30–290)
            line("ادامه متن ستون دوم است که", 30.0, 290.0, 120.0, 18.0),
            line("به پایان می‌رسد.", 200.0, 290.0, 138.0, 18.0),
            // headline (x 30–580)
            line("نان گران شد", 300.0, 580.0, 40.0, 40.0),
            // right column (x 320–580)
            line("قیمت نان در تهران از امروز", 320.0, 580.0, 120.0, 18.0),
            line("بیست درصد بالا رفت.", 450.0, 580.0, 138.0, 18.0),
            line("نانوایان از کمبود آرد گله", 320.0, 580.0, 156.0, 18.0),
            line("دارند و این گله در", 320.0, 580.0, 174.0, 18.0),
        ]
    }

    #[test]
    fn headline_then_columns_right_to_left() {
        let laid = lay_out(two_column_page(), &keep);
        let texts: Vec<&str> = laid.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "نان گران شد",
                "قیمت نان در تهران از امروز",
                "بیست درصد بالا رفت.",
                "نانوایان از کمبود آرد گله",
                "دارند و این گله در",
                "ادامه متن ستون دوم است که",
                "به پایان می‌رسد.",
            ]
        );
        let columns: Vec<usize> = laid.lines.iter().map(|l| l.column).collect();
        assert_eq!(columns, [0, 1, 1, 1, 1, 2, 2]);
        let headings: Vec<bool> = laid.lines.iter().map(|l| l.heading).collect();
        assert_eq!(headings, [true, false, false, false, false, false, false]);
        assert_eq!(laid.body_size, 18.0);
        assert_eq!(
            laid.text,
            "نان گران شد\n\nقیمت نان در تهران از امروز بیست درصد بالا رفت.\nنانوایان از کمبود آرد گله دارند و این گله در ادامه متن ستون دوم است که به پایان می‌رسد.\n"
        );
        assert_eq!(laid.headings, [true, false, false, false]);
        assert_eq!(laid.sizes.len(), laid.headings.len());
        assert!(laid.sizes[0] > 2.0 && laid.sizes[2] == 1.0, "{:?}", laid.sizes);
    }

    #[test]
    fn a_paragraph_cut_at_the_foot_of_a_column_goes_on_in_the_next() {
        let lines = vec![
            line("خط اول ستون راست که ادامه", 320.0, 580.0, 100.0, 18.0),
            line("دارد و باز هم ادامه دارد و", 320.0, 580.0, 118.0, 18.0),
            line("در پای ستون می‌ماند", 320.0, 580.0, 136.0, 18.0),
            line("و در ستون چپ تمام می‌شود.", 30.0, 290.0, 100.0, 18.0),
            line("پاراگراف تازه ستون چپ.", 30.0, 290.0, 160.0, 18.0),
        ];
        let laid = lay_out(lines, &keep);
        assert_eq!(
            laid.text,
            "خط اول ستون راست که ادامه دارد و باز هم ادامه دارد و در پای ستون می‌ماند و در ستون چپ تمام می‌شود.\n\nپاراگراف تازه ستون چپ.\n"
        );
        assert_eq!(laid.headings, [false, false, false]);
    }

    #[test]
    fn a_wide_gap_or_a_size_change_starts_a_block() {
        let lines = vec![
            line("گزارش", 500.0, 580.0, 20.0, 18.0),
            line("خط اول متن که ادامه دارد", 320.0, 580.0, 60.0, 18.0),
            line("و خط دوم آن.", 450.0, 580.0, 78.0, 18.0),
            line("عنوان درشت", 400.0, 580.0, 100.0, 30.0),
        ];
        let laid = lay_out(lines, &keep);
        let blocks: Vec<usize> = laid.lines.iter().map(|l| l.block).collect();
        assert_eq!(blocks, [0, 1, 1, 2]);
        assert_eq!(laid.text, "گزارش\n\nخط اول متن که ادامه دارد و خط دوم آن.\n\nعنوان درشت\n");
    }

    #[test]
    fn the_repair_runs_on_every_line() {
        let laid = lay_out(vec![line("الف ب", 0.0, 100.0, 0.0, 10.0)], &|t: &str| t.replace('ب', "پ"));
        assert_eq!(laid.lines[0].text, "الف پ");
        assert_eq!(laid.text, "الف پ\n");
    }

    #[test]
    fn pieces_of_a_justified_line_are_one_line() {
        // pdftotext cut "رئیس شورای ملی گفت محصول امسال در" at its wide spaces
        let lines = vec![
            line("رئیس شورای ملی گفت محصول", 120.0, 290.0, 100.0, 14.0),
            line("امسال", 80.0, 112.0, 100.0, 14.0),
            line("در", 60.0, 72.0, 100.5, 14.0),
            line("برخی شهرستان‌ها کمتر بود.", 150.0, 290.0, 114.0, 14.0),
            // the next column, 20 points away: not a piece
            line("ستون دیگر", 20.0, 40.0, 100.0, 14.0),
        ];
        let laid = lay_out(lines, &keep);
        let texts: Vec<&str> = laid.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["رئیس شورای ملی گفت محصول امسال در", "برخی شهرستان‌ها کمتر بود.", "ستون دیگر"]);
    }

    #[test]
    fn nothing_in_nothing_out() {
        assert_eq!(lay_out(Vec::new(), &keep), Laid::default());
    }
}
