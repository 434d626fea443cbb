//! The link-preview images: the drawings `site::cards` lays out, rasterised to PNG with resvg,
//! in the DejaVu Sans built into stratsite (`fonts/`). No font of the machine is read and no
//! external file is loaded, so the same site gives the same bytes everywhere.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

/// DejaVu Sans, under the licence in `fonts/LICENSE-DejaVu.txt`.
static DEJAVU_SANS: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");

/// The one font the previews are drawn in, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(DEJAVU_SANS.to_vec());
            db.set_sans_serif_family("DejaVu Sans");
            db.set_serif_family("DejaVu Sans");
            db.set_monospace_family("DejaVu Sans");
            db.set_cursive_family("DejaVu Sans");
            db.set_fantasy_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// The PNG of an SVG drawing of `width`×`height` pixels.
pub fn png(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: fonts(),
        // Nothing outside the drawing is ever read.
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or_else(|| "an empty image".to_owned())?;
    // The previews are drawn on white: filling the canvas directly costs a fraction of drawing
    // a rectangle over it.
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode(&pixmap, made_from(svg, width, height))
}

/// The key of the text chunk each image carries: what it was drawn from.
const MADE_FROM: &str = "stratsite-drawing";

/// What an image records it was drawn from: the drawing, its size and the stratsite that drew
/// it (another version may draw differently).
fn made_from(svg: &str, width: u32, height: u32) -> String {
    format!(
        "stratsite {} {width}x{height}\n{svg}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Whether `png` is the image [`png`] draws from `svg` at `width`×`height`: it is one of
/// stratsite's and records exactly that drawing. Reads the chunks before the image data.
pub fn drawn_from(png: &[u8], svg: &str, width: u32, height: u32) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    // An uncompressed iTXt chunk: keyword, NUL, flag 0, method 0, no language, no translation.
    let mut want = Vec::with_capacity(MADE_FROM.len() + svg.len() + 64);
    want.extend_from_slice(MADE_FROM.as_bytes());
    want.extend_from_slice(&[0, 0, 0, 0, 0]);
    want.extend_from_slice(made_from(svg, width, height).as_bytes());
    let Some(mut rest) = png.strip_prefix(SIGNATURE) else {
        return false;
    };
    while rest.len() >= 12 {
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let kind = &rest[4..8];
        let Some(data) = rest.get(8..8 + len) else {
            return false;
        };
        match kind {
            // The whole file is there: it ends with the end chunk.
            b"iTXt" if data.starts_with(MADE_FROM.as_bytes()) => {
                return data == want && png.ends_with(b"\0\0\0\0IEND\xaeB`\x82");
            }
            b"IDAT" | b"IEND" => return false,
            _ => {}
        }
        rest = rest.get(12 + len..).unwrap_or_default();
    }
    false
}

/// An opaque pixmap as an RGB PNG, compressed for speed: the drawings are mostly flat colour,
/// which compresses well even so.
fn encode(pixmap: &tiny_skia::Pixmap, made_from: String) -> Result<Vec<u8>, String> {
    // The drawings have an opaque background, so premultiplied colour is the colour.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    encoder
        .add_itxt_chunk(MADE_FROM.to_owned(), made_from)
        .map_err(|e| e.to_string())?;
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAWING: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"63\" \
        viewBox=\"0 0 120 63\"><text x=\"10\" y=\"40\" font-size=\"20\">Ünïcode 日本</text></svg>";

    #[test]
    fn an_image_records_the_drawing_it_was_made_from() {
        let png = png(DRAWING, 120, 63).unwrap();
        assert!(drawn_from(&png, DRAWING, 120, 63));
        assert!(!drawn_from(&png, &DRAWING.replace("日本", "日"), 120, 63));
        assert!(!drawn_from(&png, DRAWING, 240, 126));
        // Cut short, or not a PNG at all.
        assert!(!drawn_from(&png[..png.len() - 1], DRAWING, 120, 63));
        assert!(!drawn_from(&png[..40], DRAWING, 120, 63));
        assert!(!drawn_from(b"GIF89a", DRAWING, 120, 63));
        assert!(!drawn_from(&[], DRAWING, 120, 63));
    }

    #[test]
    fn a_length_past_the_end_is_no_match_and_no_panic() {
        let mut png = png(DRAWING, 120, 63).unwrap();
        // The first chunk's length made huge.
        png[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(!drawn_from(&png, DRAWING, 120, 63));
    }
}
