//! The pass's QR code, encoded by our own code. A pass is base45 text, and
//! base45's alphabet is exactly QR's alphanumeric set, so this encoder
//! does only that: alphanumeric mode, error correction level M (a cracked
//! screen still reads), versions 1 to 10 (a pass needs 7 to 9), one fixed
//! mask (scanners read any of the eight): a general encoder's version
//! search, segment modes and mask scoring are code the students' first
//! load would carry for nothing.
//! The tests hold it to a general encoder module for module, and read its
//! codes back with an independent decoder.

/// QR's alphanumeric characters, in the order of their values.
const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// The largest version encoded.
pub const MAX_VERSION: usize = 10;

/// Error correction codewords per block, and blocks, at level M for
/// versions 1 to 10 (the standard's table).
const ECC_PER_BLOCK: [usize; MAX_VERSION] = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const BLOCKS: [usize; MAX_VERSION] = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5];

/// The format information of level M with mask 0, masked as the standard
/// says (its 10 error correction bits are all zero for this data).
const FORMAT_BITS: u32 = 0x5412;

/// A drawn code: `size` × `size` modules, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    size: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    pub fn size(&self) -> usize {
        self.size
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.size + x]
    }
}

/// `text` as a QR code; `None` when it is not alphanumeric text, or too
/// long for version 10.
pub fn encode(text: &str) -> Option<QrMatrix> {
    let values: Vec<u16> = text
        .bytes()
        .map(|b| ALPHANUMERIC.iter().position(|&c| c == b).map(|v| v as u16))
        .collect::<Option<_>>()?;
    let version =
        (1..=MAX_VERSION).find(|&v| data_bits(v, values.len()) <= data_codewords(v) * 8)?;
    let data = data_codewords_of(&values, version);
    let codewords = with_error_correction(&data, version);
    Some(draw(version, &codewords))
}

/// The bits `count` alphanumeric characters take in `version`.
fn data_bits(version: usize, count: usize) -> usize {
    4 + count_bits(version) + 11 * (count / 2) + 6 * (count % 2)
}

fn count_bits(version: usize) -> usize {
    if version <= 9 {
        9
    } else {
        11
    }
}

/// The modules of a version that hold codewords (all but the patterns).
fn raw_modules(version: usize) -> usize {
    let mut modules = (16 * version + 128) * version + 64;
    if version >= 2 {
        let aligns = version / 7 + 2;
        modules -= (25 * aligns - 10) * aligns - 55;
        if version >= 7 {
            modules -= 36;
        }
    }
    modules
}

fn data_codewords(version: usize) -> usize {
    raw_modules(version) / 8 - ECC_PER_BLOCK[version - 1] * BLOCKS[version - 1]
}

/// The data codewords: mode, count, the characters in pairs, the
/// terminator, then padding to the version's capacity.
fn data_codewords_of(values: &[u16], version: usize) -> Vec<u8> {
    let capacity = data_codewords(version) * 8;
    let mut bits = Bits::default();
    bits.push(0b0010, 4);
    bits.push(values.len() as u32, count_bits(version));
    for pair in values.chunks(2) {
        match pair {
            [a, b] => bits.push(u32::from(a * 45 + b), 11),
            [a] => bits.push(u32::from(*a), 6),
            _ => {}
        }
    }
    bits.push(0, (capacity - bits.len).min(4));
    bits.push(0, (8 - bits.len % 8) % 8);
    let mut bytes = bits.bytes;
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if bytes.len() * 8 >= capacity {
            break;
        }
        bytes.push(pad);
    }
    bytes
}

#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    len: usize,
}

impl Bits {
    /// The low `count` bits of `value`, most significant first.
    fn push(&mut self, value: u32, count: usize) {
        for i in (0..count).rev() {
            if self.len % 8 == 0 {
                self.bytes.push(0);
            }
            if (value >> i) & 1 == 1 {
                *self.bytes.last_mut().expect("a byte was pushed") |= 0x80 >> (self.len % 8);
            }
            self.len += 1;
        }
    }
}

/// The blocks with their Reed–Solomon codewords, interleaved.
fn with_error_correction(data: &[u8], version: usize) -> Vec<u8> {
    let (ecc, blocks) = (ECC_PER_BLOCK[version - 1], BLOCKS[version - 1]);
    let total = raw_modules(version) / 8;
    let short = total / blocks;
    let shorts = blocks - total % blocks;
    let generator = generator(ecc);
    let mut split = Vec::with_capacity(blocks);
    let mut rest = data;
    for i in 0..blocks {
        let length = short - ecc + usize::from(i >= shorts);
        let (block, tail) = rest.split_at(length);
        split.push((block, remainder(block, &generator)));
        rest = tail;
    }
    let mut out = Vec::with_capacity(total);
    for column in 0..=short - ecc {
        out.extend(split.iter().filter_map(|(block, _)| block.get(column)));
    }
    for column in 0..ecc {
        out.extend(split.iter().map(|(_, ecc)| ecc[column]));
    }
    out
}

/// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1.
fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0;
    while b != 0 {
        if b & 1 == 1 {
            product ^= a;
        }
        let carry = a & 0x80 != 0;
        a <<= 1;
        if carry {
            a ^= 0x1D;
        }
        b >>= 1;
    }
    product
}

/// The generator polynomial of `degree`, highest power first (its leading
/// 1 included): the product of (x + 2^i) for i below `degree`.
fn generator(degree: usize) -> Vec<u8> {
    let mut poly = vec![1u8];
    let mut root = 1u8;
    for _ in 0..degree {
        let mut next = poly.clone();
        next.push(0);
        for (k, coefficient) in poly.iter().enumerate() {
            next[k + 1] ^= gf_mul(*coefficient, root);
        }
        poly = next;
        root = gf_mul(root, 2);
    }
    poly
}

/// The remainder of `data` × x^degree divided by the generator.
fn remainder(data: &[u8], generator: &[u8]) -> Vec<u8> {
    let degree = generator.len() - 1;
    let mut rest = vec![0u8; degree];
    for byte in data {
        let factor = byte ^ rest[0];
        rest.rotate_left(1);
        rest[degree - 1] = 0;
        for (r, g) in rest.iter_mut().zip(&generator[1..]) {
            *r ^= gf_mul(*g, factor);
        }
    }
    rest
}

/// The modules: the function patterns, the codewords in the zigzag, the
/// mask, then the format (and, from version 7, version) information.
fn draw(version: usize, codewords: &[u8]) -> QrMatrix {
    let size = 4 * version + 17;
    let mut grid = Grid { size, dark: vec![false; size * size], fixed: vec![false; size * size] };
    for i in 0..size {
        grid.set(6, i, i % 2 == 0);
        grid.set(i, 6, i % 2 == 0);
    }
    for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                if (0..size as i32).contains(&x) && (0..size as i32).contains(&y) {
                    let ring = dx.abs().max(dy.abs());
                    grid.set(x as usize, y as usize, ring != 2 && ring != 4);
                }
            }
        }
    }
    let centres = alignment_centres(version);
    let last = size - 7;
    for &cy in &centres {
        for &cx in &centres {
            // Not over the three finder patterns.
            let finder = (cx == 6 && (cy == 6 || cy == last)) || (cx == last && cy == 6);
            if finder {
                continue;
            }
            for dy in -2i32..=2 {
                for dx in -2i32..=2 {
                    let ring = dx.abs().max(dy.abs());
                    grid.set((cx as i32 + dx) as usize, (cy as i32 + dy) as usize, ring != 1);
                }
            }
        }
    }
    // Reserved now, drawn after the mask.
    grid.format(0);
    if version >= 7 {
        grid.version(version);
    }
    let mut bit = 0;
    let mut right = size as i32 - 1;
    while right >= 1 {
        if right == 6 {
            right = 5;
        }
        let upward = (right + 1) & 2 == 0;
        for step in 0..size {
            for column in 0..2 {
                let x = (right - column) as usize;
                let y = if upward { size - 1 - step } else { step };
                if !grid.fixed[y * size + x] {
                    let dark =
                        codewords.get(bit / 8).is_some_and(|byte| (byte >> (7 - bit % 8)) & 1 == 1);
                    // Mask 0: invert where (x + y) is even.
                    grid.dark[y * size + x] = dark ^ ((x + y) % 2 == 0);
                    bit += 1;
                }
            }
        }
        right -= 2;
    }
    grid.format(FORMAT_BITS);
    QrMatrix { size, dark: grid.dark }
}

/// The centres of the alignment patterns, per axis.
fn alignment_centres(version: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let size = 4 * version + 17;
    let count = version / 7 + 2;
    let step = (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2;
    let mut centres: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    centres.push(6);
    centres.reverse();
    centres
}

struct Grid {
    size: usize,
    dark: Vec<bool>,
    /// A function module: never holds data, never masked.
    fixed: Vec<bool>,
}

impl Grid {
    fn set(&mut self, x: usize, y: usize, dark: bool) {
        self.dark[y * self.size + x] = dark;
        self.fixed[y * self.size + x] = true;
    }

    /// The 15 format bits, both copies, and the dark module.
    fn format(&mut self, bits: u32) {
        let size = self.size;
        let bit = |i: usize| (bits >> i) & 1 == 1;
        for i in 0..=5 {
            self.set(8, i, bit(i));
        }
        self.set(8, 7, bit(6));
        self.set(8, 8, bit(7));
        self.set(7, 8, bit(8));
        for i in 9..15 {
            self.set(14 - i, 8, bit(i));
        }
        for i in 0..8 {
            self.set(size - 1 - i, 8, bit(i));
        }
        for i in 8..15 {
            self.set(8, size - 15 + i, bit(i));
        }
        self.set(8, size - 8, true);
    }

    /// The 18 version bits (versions 7 and up), both copies.
    fn version(&mut self, version: usize) {
        let mut rest = version as u32;
        for _ in 0..12 {
            rest = (rest << 1) ^ ((rest >> 11) * 0x1F25);
        }
        let bits = (version as u32) << 12 | rest;
        for i in 0..18 {
            let dark = (bits >> i) & 1 == 1;
            let (a, b) = (self.size - 11 + i % 3, i / 3);
            self.set(a, b, dark);
            self.set(b, a, dark);
        }
    }
}

#[cfg(test)]
mod tests {
    use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

    use super::*;

    /// The general encoder's code for the same text, mode, level and mask.
    fn reference(text: &str) -> QrCode {
        let segments = [QrSegment::make_alphanumeric(text)];
        let (min, max) = (Version::new(1), Version::new(MAX_VERSION as u8));
        QrCode::encode_segments_advanced(
            &segments,
            QrCodeEcc::Medium,
            min,
            max,
            Some(Mask::new(0)),
            false,
        )
        .unwrap()
    }

    fn sample(length: usize, seed: usize) -> String {
        (0..length).map(|i| ALPHANUMERIC[(i * 7 + seed * 13 + i * i) % 45] as char).collect()
    }

    #[test]
    fn test_every_length_matches_a_general_encoder_module_for_module() {
        for length in (1..=311).step_by(3).chain([0, 2, 154, 155, 195, 196, 310, 311]) {
            let text = sample(length, length);
            let ours = encode(&text).unwrap_or_else(|| panic!("length {length} fits version 10"));
            let theirs = reference(&text);
            assert_eq!(ours.size(), theirs.size() as usize, "length {length}");
            for y in 0..ours.size() {
                for x in 0..ours.size() {
                    assert_eq!(
                        ours.is_dark(x, y),
                        theirs.get_module(x as i32, y as i32),
                        "length {length}, module ({x}, {y})"
                    );
                }
            }
        }
    }

    #[test]
    fn test_codes_read_back_with_an_independent_decoder() {
        for length in [1, 40, 120, 170, 243, 311] {
            let text = sample(length, 3);
            let code = encode(&text).unwrap();
            let (n, quiet, scale) = (code.size(), 4, 3);
            let side = (n + 2 * quiet) * scale;
            let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
                let (mx, my) =
                    ((x / scale) as i64 - quiet as i64, (y / scale) as i64 - quiet as i64);
                let inside = mx >= 0 && my >= 0 && (mx as usize) < n && (my as usize) < n;
                if inside && code.is_dark(mx as usize, my as usize) {
                    0
                } else {
                    255
                }
            });
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "length {length}");
            assert_eq!(grids[0].decode().unwrap().1, text, "length {length}");
        }
    }

    #[test]
    fn test_what_is_not_alphanumeric_or_too_long_is_not_encoded() {
        assert!(encode("ax1:lower case").is_none());
        assert!(encode("张").is_none());
        assert!(encode(&sample(312, 1)).is_none(), "more than version 10 holds at level M");
    }

    #[test]
    fn test_the_field_arithmetic_is_the_standards() {
        assert_eq!(gf_mul(0x80, 2), 0x1D);
        // 2 generates the field: its powers reach 1 again only at 255.
        let mut power = 1u8;
        for k in 1..=255 {
            power = gf_mul(power, 2);
            assert_eq!(power == 1, k == 255, "2^{k}");
        }
        // x^2 + 3x + 2 for two roots 1 and 2.
        assert_eq!(generator(2), vec![1, 3, 2]);
        assert_eq!(alignment_centres(7), vec![6, 22, 38]);
        assert_eq!(raw_modules(1) / 8, 26);
        assert_eq!(raw_modules(10) / 8, 346);
    }
}
