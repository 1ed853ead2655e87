//! Public keys of the search's candidate keys: `k·G` on secp256k1 as a sum of precomputed
//! multiples of the generator, several keys normalised to affine coordinates together.
//!
//! libsecp256k1's `ecmult_gen` is built for signing: constant time, blinded, a table small
//! enough for any device, 64 point additions and a field inversion per key. A search derives
//! a dozen public keys per candidate seed (two on the way down a path, one per address
//! index), and that multiplication was most of the cost on top of PBKDF2. Here `k` is read
//! eleven bits at a time, `k·G = Σ d_w·2^(11w)·G` over 24 windows, each term a lookup in a
//! table of the 2047 nonzero multiples of `2^(11w)·G` (24 × 2047 affine points, 3 MiB, built
//! once per process in a few tens of milliseconds), so a key costs at most 23 mixed
//! additions of 8 multiplications and 3 squarings. The keys of one batch share one field
//! inversion (Montgomery's trick) to come back to affine coordinates. Measured on the
//! development machine: about a sixth of `ecmult_gen`'s time per key of a batch; 8-bit
//! windows (510 KiB, 31 additions) were about 15% slower, 12-bit ones (5.8 MiB) saved only
//! 5% of the instructions.
//!
//! **Variable time.** The table lookups are indexed by the key's bytes and the field
//! arithmetic branches on carries, so this code leaks timing about the keys it multiplies.
//! It only runs in `seedsafe repair`, offline, on the owner's machine, on candidates that
//! are almost all wrong; keys a wallet uses are never derived through it.
//!
//! Every point it returns goes through libsecp256k1's public key parser, which checks that
//! it lies on the curve, and the tests compare it with libsecp256k1's own multiplication on
//! random keys.

use std::sync::OnceLock;

use bitcoin::secp256k1::{PublicKey, Secp256k1, SecretKey, Signing};

/// `2^256 - p`: the field prime is `p = 2^256 - 2^32 - 977`.
const C: u64 = 0x1_0000_03D1;

/// The field prime's limbs, least significant first.
const P: [u64; 4] = [0xFFFF_FFFE_FFFF_FC2F, u64::MAX, u64::MAX, u64::MAX];

/// An element of the field modulo `p`: four 64-bit limbs, least significant first, any value
/// below `2^256` (reduced below `p` only by [`Fe::normalize`]). Four limbs with 128-bit
/// products measured twice as fast here as a port of libsecp256k1's five 52-bit limbs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fe([u64; 4]);

impl Fe {
    const ONE: Fe = Fe([1, 0, 0, 0]);

    fn from_be_bytes(b: &[u8; 32]) -> Fe {
        let mut l = [0u64; 4];
        for (i, limb) in l.iter_mut().enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[24 - 8 * i..32 - 8 * i]);
            *limb = u64::from_be_bytes(w);
        }
        Fe(l)
    }

    fn to_be_bytes(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, limb) in self.normalize().0.iter().enumerate() {
            out[24 - 8 * i..32 - 8 * i].copy_from_slice(&limb.to_be_bytes());
        }
        out
    }

    /// Adds `carry · 2^256`, that is `carry · C`, back into the limbs.
    #[inline(always)]
    fn fold(mut l: [u64; 4], mut carry: u64) -> Fe {
        while carry != 0 {
            let mut c = u128::from(carry) * u128::from(C);
            for limb in l.iter_mut() {
                let v = u128::from(*limb) + c;
                *limb = v as u64;
                c = v >> 64;
            }
            carry = c as u64;
        }
        Fe(l)
    }

    #[inline(always)]
    fn add(self, o: Fe) -> Fe {
        let mut l = self.0;
        let mut c = 0u128;
        for (a, b) in l.iter_mut().zip(o.0) {
            let v = u128::from(*a) + u128::from(b) + c;
            *a = v as u64;
            c = v >> 64;
        }
        Fe::fold(l, c as u64)
    }

    #[inline(always)]
    fn sub(self, o: Fe) -> Fe {
        let (mut l, mut borrow) = sub_limbs(self.0, o.0);
        // A borrow added 2^256 = p + C: take C away, as often as that borrows again.
        while borrow {
            (l, borrow) = sub_limbs(l, [C, 0, 0, 0]);
        }
        Fe(l)
    }

    #[inline(always)]
    fn mul(self, o: Fe) -> Fe {
        let mut t = [0u64; 8];
        for i in 0..4 {
            let mut c = 0u128;
            for j in 0..4 {
                let v = u128::from(self.0[i]) * u128::from(o.0[j]) + u128::from(t[i + j]) + c;
                t[i + j] = v as u64;
                c = v >> 64;
            }
            t[i + 4] = c as u64;
        }
        Fe::reduce(t)
    }

    /// A 512-bit `lo + hi·2^256` modulo `p`, as `lo + hi·C`.
    #[inline(always)]
    fn reduce(t: [u64; 8]) -> Fe {
        let mut l = [0u64; 4];
        let mut c = 0u128;
        for i in 0..4 {
            let v = u128::from(t[i]) + u128::from(t[i + 4]) * u128::from(C) + c;
            l[i] = v as u64;
            c = v >> 64;
        }
        Fe::fold(l, c as u64)
    }

    /// The unique representative below `p`.
    fn normalize(self) -> Fe {
        match sub_limbs(self.0, P) {
            (_, true) => self,
            (l, false) => Fe(l),
        }
    }

    fn is_zero(self) -> bool {
        self.normalize().0 == [0; 4]
    }

    /// `self·self`, with each cross product computed once.
    #[inline(always)]
    fn square(self) -> Fe {
        let a = self.0;
        let m = |x: u64, y: u64| u128::from(x) * u128::from(y);
        let mut t = [0u64; 8];
        let v = m(a[0], a[1]);
        t[1] = v as u64;
        let v = m(a[0], a[2]) + (v >> 64);
        t[2] = v as u64;
        let v = m(a[0], a[3]) + (v >> 64);
        t[3] = v as u64;
        t[4] = (v >> 64) as u64;
        let v = m(a[1], a[2]) + u128::from(t[3]);
        t[3] = v as u64;
        let v = m(a[1], a[3]) + u128::from(t[4]) + (v >> 64);
        t[4] = v as u64;
        t[5] = (v >> 64) as u64;
        let v = m(a[2], a[3]) + u128::from(t[5]);
        t[5] = v as u64;
        t[6] = (v >> 64) as u64;
        for i in (1..8).rev() {
            t[i] = t[i] << 1 | t[i - 1] >> 63;
        }
        let mut c = 0u128;
        for i in 0..4 {
            let d = m(a[i], a[i]);
            let v = u128::from(t[2 * i]) + (d & u128::from(u64::MAX)) + c;
            t[2 * i] = v as u64;
            let v = u128::from(t[2 * i + 1]) + (d >> 64) + (v >> 64);
            t[2 * i + 1] = v as u64;
            c = v >> 64;
        }
        Fe::reduce(t)
    }

    fn squares(mut self, n: usize) -> Fe {
        for _ in 0..n {
            self = self.square();
        }
        self
    }

    /// `self^(p-2)`, the inverse of a nonzero element, with libsecp256k1's addition chain:
    /// `p - 2` is 223 ones, a zero, 22 ones, `0000101101`.
    fn invert(self) -> Fe {
        let a = self;
        let x2 = a.square().mul(a);
        let x3 = x2.square().mul(a);
        let x6 = x3.squares(3).mul(x3);
        let x9 = x6.squares(3).mul(x3);
        let x11 = x9.squares(2).mul(x2);
        let x22 = x11.squares(11).mul(x11);
        let x44 = x22.squares(22).mul(x22);
        let x88 = x44.squares(44).mul(x44);
        let x176 = x88.squares(88).mul(x88);
        let x220 = x176.squares(44).mul(x44);
        let x223 = x220.squares(3).mul(x3);
        x223.squares(23).mul(x22).squares(5).mul(a).squares(3).mul(x2).squares(2).mul(a)
    }
}

/// `a - b` modulo `2^256`, and whether it borrowed.
fn sub_limbs(a: [u64; 4], b: [u64; 4]) -> ([u64; 4], bool) {
    let mut l = [0u64; 4];
    let mut borrow = false;
    for i in 0..4 {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(u64::from(borrow));
        l[i] = d;
        borrow = b1 || b2;
    }
    (l, borrow)
}

/// A point in affine coordinates (never the point at infinity).
#[derive(Clone, Copy, Debug)]
struct Affine {
    x: Fe,
    y: Fe,
}

impl Affine {
    fn from_public_key(key: &PublicKey) -> Affine {
        let s = key.serialize_uncompressed();
        let half = |at: usize| {
            let mut b = [0u8; 32];
            b.copy_from_slice(&s[at..at + 32]);
            Fe::from_be_bytes(&b)
        };
        Affine { x: half(1), y: half(33) }
    }
}

/// A point `(X/Z², Y/Z³)` in Jacobian coordinates.
#[derive(Clone, Copy, Debug)]
struct Jacobian {
    x: Fe,
    y: Fe,
    z: Fe,
}

impl Jacobian {
    /// `self + b`, or `None` where the formula does not apply (`self = ±b`), which a sum of
    /// table points for a key below the group order never reaches: see [`mul_g`].
    fn add_affine(&self, b: &Affine) -> Option<Jacobian> {
        let z1z1 = self.z.square();
        let u2 = b.x.mul(z1z1);
        let s2 = b.y.mul(self.z.mul(z1z1));
        let h = u2.sub(self.x);
        let r = s2.sub(self.y);
        if h.is_zero() {
            return None;
        }
        let hh = h.square();
        let hhh = h.mul(hh);
        let v = self.x.mul(hh);
        let x = r.square().sub(hhh).sub(v.add(v));
        let y = r.mul(v.sub(x)).sub(self.y.mul(hhh));
        Some(Jacobian { x, y, z: self.z.mul(h) })
    }
}

/// Bits of the key per table lookup.
const WIDTH: usize = 11;
/// Lookups per key: 256 bits in windows of [`WIDTH`].
const WINDOWS: usize = 256usize.div_ceil(WIDTH);
/// Nonzero values of a window.
const DIGITS: usize = (1 << WIDTH) - 1;

/// `table[w·DIGITS + d - 1] = d·2^(WIDTH·w)·G`, built once per process: each window's base
/// point and its double by libsecp256k1, the other multiples by adding the base, all
/// brought to affine coordinates together.
fn table() -> &'static [Affine] {
    static TABLE: OnceLock<Vec<Affine>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let secp = Secp256k1::signing_only();
        let mut table = Vec::with_capacity(WINDOWS * DIGITS);
        for w in 0..WINDOWS {
            let mut unit = [0u8; 32];
            let bit = WIDTH * w;
            unit[31 - bit / 8] = 1 << (bit % 8);
            let unit = SecretKey::from_slice(&unit)
                .unwrap_or_else(|_| unreachable!("2^bit is below the group order for bit < 256"));
            let base = PublicKey::from_secret_key(&secp, &unit);
            let double = base.combine(&base).unwrap_or_else(|_| unreachable!("2·base is not zero"));
            let base = Affine::from_public_key(&base);
            let double = Affine::from_public_key(&double);
            // (d-1)·base ≠ ±base for 2 < d < 2^WIDTH: add_affine applies.
            let mut multiples = Vec::with_capacity(DIGITS - 2);
            let mut sum = Jacobian { x: double.x, y: double.y, z: Fe::ONE };
            for _ in 2..DIGITS {
                sum = sum.add_affine(&base).unwrap_or_else(|| unreachable!("(d-1)·base ≠ ±base"));
                multiples.push(sum);
            }
            table.push(base);
            table.push(double);
            table.extend(to_affine(&multiples));
        }
        table
    })
}

/// Builds the table now rather than at the first key: a few tens of milliseconds, once per
/// process, that a measurement of the check's speed should not count.
pub(crate) fn prepare() {
    table();
}

/// The points in affine coordinates, normalised, with one field inversion for all
/// (Montgomery's trick: invert the product of every Z, then peel each inverse off it).
fn to_affine(points: &[Jacobian]) -> Vec<Affine> {
    let mut prefix = Vec::with_capacity(points.len());
    let mut product = Fe::ONE;
    for p in points {
        product = product.mul(p.z);
        prefix.push(product);
    }
    let mut inverse = product.invert();
    let mut affine = vec![Affine { x: Fe::ONE, y: Fe::ONE }; points.len()];
    for (i, p) in points.iter().enumerate().rev() {
        let z_inv = if i == 0 { inverse } else { inverse.mul(prefix[i - 1]) };
        inverse = inverse.mul(p.z);
        let z2 = z_inv.square();
        affine[i] = Affine { x: p.x.mul(z2).normalize(), y: p.y.mul(z2.mul(z_inv)).normalize() };
    }
    affine
}

/// `key·G` in Jacobian coordinates, or `None` in the case [`Jacobian::add_affine`] leaves
/// out. With `k = Σ d_w·2^(WIDTH·w)`, the sum so far `s` (the windows below `w`) is below
/// `2^(WIDTH·w)`, at most the term added next `t = d_w·2^(WIDTH·w)`, and `s + t ≤ k < n`: so
/// `s ≠ ±t` modulo the group order and the case does not happen.
fn mul_g(key: &SecretKey) -> Option<Jacobian> {
    let table = table();
    let mut bytes = key.secret_bytes();
    let mut limbs = Fe::from_be_bytes(&bytes).0;
    let mut sum: Option<Jacobian> = None;
    for w in 0..WINDOWS {
        let (i, shift) = (WIDTH * w / 64, WIDTH * w % 64);
        let mut d = limbs[i] >> shift;
        if shift + WIDTH > 64 && i < 3 {
            d |= limbs[i + 1] << (64 - shift);
        }
        let d = d as usize & DIGITS;
        if d == 0 {
            continue;
        }
        let t = &table[w * DIGITS + d - 1];
        sum = Some(match sum {
            None => Jacobian { x: t.x, y: t.y, z: Fe::ONE },
            Some(s) => match s.add_affine(t) {
                Some(s) => s,
                None => break,
            },
        });
    }
    zeroize::Zeroize::zeroize(&mut bytes);
    zeroize::Zeroize::zeroize(&mut limbs);
    sum
}

/// The public keys of `keys`, in order.
pub(crate) fn public_keys<S: Signing>(secp: &Secp256k1<S>, keys: &[&SecretKey]) -> Vec<PublicKey> {
    let points: Vec<Option<Jacobian>> = keys.iter().map(|k| mul_g(k)).collect();
    let found: Vec<Jacobian> = points.iter().flatten().copied().collect();
    let mut affine = to_affine(&found).into_iter();
    keys.iter()
        .zip(&points)
        .map(|(key, p)| {
            p.and(affine.next())
                .and_then(|a| {
                    let mut s = [4u8; 65];
                    s[1..33].copy_from_slice(&a.x.to_be_bytes());
                    s[33..].copy_from_slice(&a.y.to_be_bytes());
                    PublicKey::from_slice(&s).ok()
                })
                .unwrap_or_else(|| PublicKey::from_secret_key(secp, key))
        })
        .collect()
}

/// The public key of `key`.
pub(crate) fn public_key<S: Signing>(secp: &Secp256k1<S>, key: &SecretKey) -> PublicKey {
    public_keys(secp, &[key]).pop().unwrap_or_else(|| PublicKey::from_secret_key(secp, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The group order minus one, the largest key.
    const N_MINUS_1: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba,
        0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x40,
    ];

    fn fe(v: u128) -> Fe {
        let mut b = [0u8; 32];
        b[16..].copy_from_slice(&v.to_be_bytes());
        Fe::from_be_bytes(&b)
    }

    #[test]
    fn field_arithmetic_at_the_edges() {
        let mut p_minus_1 = [0xff; 32];
        p_minus_1[27] = 0xfe;
        p_minus_1[28..].copy_from_slice(&[0xff, 0xff, 0xfc, 0x2e]);
        let p_minus_1 = Fe::from_be_bytes(&p_minus_1);
        let top = Fe::from_be_bytes(&[0xff; 32]); // 2^256 - 1 = p + C - 1
        let c1 = u128::from(C) - 1;
        assert_eq!(p_minus_1.add(Fe::ONE).normalize(), fe(0));
        assert_eq!(top.normalize(), fe(c1));
        assert_eq!(top.add(top).normalize(), fe(2 * c1));
        assert_eq!(p_minus_1.mul(p_minus_1).normalize(), Fe::ONE);
        assert_eq!(top.mul(top).normalize(), fe(c1 * c1));
        assert_eq!(fe(0).sub(Fe::ONE).normalize(), p_minus_1);
        assert!(fe(0).sub(top).add(fe(c1)).is_zero());
        assert!(p_minus_1.add(Fe::ONE).is_zero());
        assert_eq!(p_minus_1.to_be_bytes()[31], 0x2e);
        assert_eq!(Fe(P).normalize(), fe(0));
        for v in [fe(2), top, p_minus_1, fe(u128::MAX)] {
            assert_eq!(v.mul(v.invert()).normalize(), Fe::ONE);
        }
    }

    /// `d·2^(WIDTH·w)` as a big-endian number, bits past 256 dropped.
    fn window_key(w: usize, d: usize) -> [u8; 32] {
        let mut k = [0u8; 32];
        for bit in (0..WIDTH).filter(|b| d >> b & 1 == 1).map(|b| WIDTH * w + b).filter(|b| *b < 256) {
            k[31 - bit / 8] |= 1 << (bit % 8);
        }
        k
    }

    /// Each window's base, its double (libsecp256k1's) and some multiples added here.
    #[test]
    fn table_matches_libsecp256k1() {
        let secp = Secp256k1::new();
        let table = table();
        assert_eq!(table.len(), WINDOWS * DIGITS);
        for w in 0..WINDOWS {
            // The top window holds only the key's last bits: larger digits are never read.
            let top = (256 - WIDTH * w).min(WIDTH);
            for d in [1, 2, 3, 4, 5, 1000, DIGITS - 1, DIGITS].into_iter().filter(|d| *d < 1 << top) {
                let Ok(k) = SecretKey::from_slice(&window_key(w, d)) else { continue };
                let expected = Affine::from_public_key(&PublicKey::from_secret_key(&secp, &k));
                let got = table[w * DIGITS + d - 1];
                assert_eq!((got.x, got.y), (expected.x, expected.y), "window {w}, digit {d}");
            }
        }
    }

    #[test]
    fn edge_keys_match_libsecp256k1() {
        let secp = Secp256k1::new();
        let mut keys = vec![N_MINUS_1, [0xff; 32]];
        for w in 0..32 {
            for d in [1u8, 0x80, 0xff] {
                let mut k = [0u8; 32];
                k[w] = d;
                keys.push(k);
                let mut k = N_MINUS_1;
                k[w] = k[w].saturating_sub(d);
                keys.push(k);
            }
        }
        // Every window at its smallest and largest digits, alone and under the largest key.
        for w in 0..WINDOWS {
            for d in [1, 2, 3, DIGITS] {
                keys.push(window_key(w, d));
                let mut k = N_MINUS_1;
                k.iter_mut().zip(window_key(w, d)).for_each(|(a, b)| *a &= !b);
                keys.push(k);
            }
        }
        let keys: Vec<SecretKey> = keys.iter().filter_map(|k| SecretKey::from_slice(k).ok()).collect();
        let refs: Vec<&SecretKey> = keys.iter().collect();
        let ours = public_keys(&secp, &refs);
        for (k, p) in keys.iter().zip(ours) {
            assert_eq!(p, PublicKey::from_secret_key(&secp, k));
            assert!(mul_g(k).is_some(), "took the fallback");
        }
    }

    proptest! {
        #[test]
        fn field_arithmetic_is_consistent(a in any::<u64>(), b in any::<u64>(), x in any::<[u8; 32]>(), y in any::<[u8; 32]>()) {
            prop_assert_eq!(fe(a.into()).mul(fe(b.into())).normalize(), fe(u128::from(a) * u128::from(b)));
            let (x, y) = (Fe::from_be_bytes(&x), Fe::from_be_bytes(&y));
            prop_assert_eq!(x.mul(y).normalize(), y.mul(x).normalize());
            prop_assert_eq!(x.add(y).mul(x.sub(y)).normalize(), x.square().sub(y.square()).normalize());
            prop_assert_eq!(Fe::from_be_bytes(&x.to_be_bytes()).normalize(), x.normalize());
            prop_assert!(x.sub(x).is_zero());
            prop_assert_eq!(x.square().normalize(), x.mul(x).normalize());
            if !x.is_zero() {
                prop_assert_eq!(x.mul(x.invert()).normalize(), Fe::ONE);
            }
        }

        #[test]
        fn random_keys_match_libsecp256k1(seeds in proptest::collection::vec(any::<[u8; 32]>(), 1..20)) {
            let secp = Secp256k1::new();
            let keys: Vec<SecretKey> = seeds.iter().filter_map(|s| SecretKey::from_slice(s).ok()).collect();
            let refs: Vec<&SecretKey> = keys.iter().collect();
            let ours = public_keys(&secp, &refs);
            prop_assert_eq!(ours.len(), keys.len());
            for (k, p) in keys.iter().zip(ours) {
                prop_assert_eq!(p, PublicKey::from_secret_key(&secp, k));
                prop_assert_eq!(public_key(&secp, k), p);
                prop_assert!(mul_g(k).is_some());
            }
        }
    }
}
