//! Multi-buffer PBKDF2-HMAC-SHA512: the key stretching of BIP-39 and Electrum seeds, run on
//! several candidates at once, one per vector lane.
//!
//! A BIP-39 seed costs 2048 HMAC-SHA512 iterations. Each HMAC is two SHA-512 compressions
//! once the key's inner and outer pad states are known, and those states depend only on the
//! password (the mnemonic), so they are computed once per candidate and reused for all 2048
//! iterations, as are the constant padding words of the 64-byte messages. What remains, 4096
//! compressions per seed, runs here with the state of `N` candidates in `N` lanes: word `j`
//! of every lane's state sits in one vector register, so each SHA-512 operation (add, xor,
//! rotate) works on all lanes at once.
//!
//! The round function is written once, generic over [`Lanes`]; each backend (portable
//! scalar, AVX2 with four 64-bit lanes, AVX-512 with eight, and pairs of them interleaved)
//! only says how to add, xor and rotate. The AVX2 and AVX-512 paths are chosen at run time
//! by CPU feature detection ([`Kernel::detect`]), as memchr does, and every path is tested
//! against the RustCrypto `pbkdf2` crate on the same random inputs.
//!
//! This is the only module of the crate allowed to use `unsafe`: the `core::arch`
//! intrinsics are `unsafe` to call, and are only reached after the feature they need was
//! detected.

use std::fmt;

use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha512};

/// SHA-512 round constants (FIPS 180-4, 4.2.3).
const K: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

/// SHA-512 initial hash value (FIPS 180-4, 5.3.5).
const IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// SHA-512 block size in bytes; HMAC keys longer than this are hashed first.
const BLOCK: usize = 128;

/// Padding word after a 64-byte message, and the bit length of one HMAC pass over it
/// (the 128-byte pad block plus the 64-byte message).
const PAD_FIRST: u64 = 0x8000_0000_0000_0000;
const PAD_BITS: u64 = ((BLOCK + 64) * 8) as u64;

/// The most lanes any backend has; batches are at most this long.
pub const MAX_LANES: usize = 16;

/// Truth-table immediates of AVX-512's `vpternlogq` (bit `4a + 2b + c` of the byte is the
/// result for inputs `a`, `b`, `c`), shared with the test that checks them.
mod ternary {
    /// `a ? b : c`: SHA-2's Ch.
    pub const CHOOSE: i32 = 0xCA;
    /// Majority of three: SHA-2's Maj.
    pub const MAJORITY: i32 = 0xE8;
    /// `a ^ b ^ c`.
    pub const XOR3: i32 = 0x96;
}

/// The operations SHA-512 needs, on `N` independent 64-bit lanes.
///
/// # Safety
///
/// Implementations for SIMD types call `core::arch` intrinsics: every method may only be
/// called on a CPU that has the type's target features. The kernels reach them only through
/// [`Kernel`], which is built after run-time detection.
trait Lanes: Copy {
    /// Number of lanes.
    const N: usize;
    /// The same value in every lane.
    unsafe fn splat(x: u64) -> Self;
    /// Lane `i` from `words[i]`; `words` has at least `N` entries.
    unsafe fn load(words: &[u64]) -> Self;
    /// Lane `i` into `out[i]`; `out` has at least `N` entries.
    unsafe fn store(self, out: &mut [u64]);
    /// Wrapping addition.
    unsafe fn add(self, o: Self) -> Self;
    /// Bitwise exclusive or.
    unsafe fn xor(self, o: Self) -> Self;
    /// Bitwise and.
    unsafe fn and(self, o: Self) -> Self;
    /// Σ0: rotr 28 ^ rotr 34 ^ rotr 39.
    unsafe fn big_sigma0(self) -> Self;
    /// Σ1: rotr 14 ^ rotr 18 ^ rotr 41.
    unsafe fn big_sigma1(self) -> Self;
    /// σ0: rotr 1 ^ rotr 8 ^ shr 7.
    unsafe fn small_sigma0(self) -> Self;
    /// σ1: rotr 19 ^ rotr 61 ^ shr 6.
    unsafe fn small_sigma1(self) -> Self;
    /// Ch(e, f, g) = (e & f) ^ (!e & g).
    unsafe fn ch(e: Self, f: Self, g: Self) -> Self;
    /// Maj(a, b, c) = (a & b) ^ (a & c) ^ (b & c). By default computed as
    /// b ^ ((a ^ b) & (b ^ c)) with `bc` = b ^ c, which is the previous round's a ^ b, so
    /// `bc` carries this round's a ^ b to the next: three operations instead of four.
    #[inline(always)]
    unsafe fn maj(a: Self, b: Self, _c: Self, bc: &mut Self) -> Self {
        let ab = a.xor(b);
        let m = ab.and(*bc).xor(b);
        *bc = ab;
        m
    }
}

/// The portable backend: one lane in a general-purpose register.
impl Lanes for u64 {
    const N: usize = 1;
    #[inline(always)]
    unsafe fn splat(x: u64) -> Self {
        x
    }
    #[inline(always)]
    unsafe fn load(words: &[u64]) -> Self {
        words[0]
    }
    #[inline(always)]
    unsafe fn store(self, out: &mut [u64]) {
        out[0] = self;
    }
    #[inline(always)]
    unsafe fn add(self, o: Self) -> Self {
        self.wrapping_add(o)
    }
    #[inline(always)]
    unsafe fn xor(self, o: Self) -> Self {
        self ^ o
    }
    #[inline(always)]
    unsafe fn and(self, o: Self) -> Self {
        self & o
    }
    #[inline(always)]
    unsafe fn big_sigma0(self) -> Self {
        self.rotate_right(28) ^ self.rotate_right(34) ^ self.rotate_right(39)
    }
    #[inline(always)]
    unsafe fn big_sigma1(self) -> Self {
        self.rotate_right(14) ^ self.rotate_right(18) ^ self.rotate_right(41)
    }
    #[inline(always)]
    unsafe fn small_sigma0(self) -> Self {
        self.rotate_right(1) ^ self.rotate_right(8) ^ (self >> 7)
    }
    #[inline(always)]
    unsafe fn small_sigma1(self) -> Self {
        self.rotate_right(19) ^ self.rotate_right(61) ^ (self >> 6)
    }
    #[inline(always)]
    unsafe fn ch(e: Self, f: Self, g: Self) -> Self {
        g ^ (e & (f ^ g))
    }
}

/// Two backends side by side: their instructions interleave, so independent work fills the
/// pipeline (two AVX2 groups), or the vector unit and the scalar ALUs work at once.
impl<A: Lanes, B: Lanes> Lanes for (A, B) {
    const N: usize = A::N + B::N;
    #[inline(always)]
    unsafe fn splat(x: u64) -> Self {
        (A::splat(x), B::splat(x))
    }
    #[inline(always)]
    unsafe fn load(words: &[u64]) -> Self {
        (A::load(words), B::load(&words[A::N..]))
    }
    #[inline(always)]
    unsafe fn store(self, out: &mut [u64]) {
        self.0.store(out);
        self.1.store(&mut out[A::N..]);
    }
    #[inline(always)]
    unsafe fn add(self, o: Self) -> Self {
        (self.0.add(o.0), self.1.add(o.1))
    }
    #[inline(always)]
    unsafe fn xor(self, o: Self) -> Self {
        (self.0.xor(o.0), self.1.xor(o.1))
    }
    #[inline(always)]
    unsafe fn and(self, o: Self) -> Self {
        (self.0.and(o.0), self.1.and(o.1))
    }
    #[inline(always)]
    unsafe fn big_sigma0(self) -> Self {
        (self.0.big_sigma0(), self.1.big_sigma0())
    }
    #[inline(always)]
    unsafe fn big_sigma1(self) -> Self {
        (self.0.big_sigma1(), self.1.big_sigma1())
    }
    #[inline(always)]
    unsafe fn small_sigma0(self) -> Self {
        (self.0.small_sigma0(), self.1.small_sigma0())
    }
    #[inline(always)]
    unsafe fn small_sigma1(self) -> Self {
        (self.0.small_sigma1(), self.1.small_sigma1())
    }
    #[inline(always)]
    unsafe fn ch(e: Self, f: Self, g: Self) -> Self {
        (A::ch(e.0, f.0, g.0), B::ch(e.1, f.1, g.1))
    }
    #[inline(always)]
    unsafe fn maj(a: Self, b: Self, c: Self, bc: &mut Self) -> Self {
        (A::maj(a.0, b.0, c.0, &mut bc.0), B::maj(a.1, b.1, c.1, &mut bc.1))
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use core::arch::x86_64::*;

    use super::{ternary, Lanes};

    /// Four lanes in a 256-bit AVX2 register.
    #[derive(Clone, Copy)]
    pub(super) struct Avx2(__m256i);

    /// AVX2 has no 64-bit rotate: two shifts and an or.
    macro_rules! rotr256 {
        ($x:expr, $n:literal, $m:literal) => {
            _mm256_or_si256(_mm256_srli_epi64::<$n>($x), _mm256_slli_epi64::<$m>($x))
        };
    }

    impl Lanes for Avx2 {
        const N: usize = 4;
        #[inline(always)]
        unsafe fn splat(x: u64) -> Self {
            Avx2(_mm256_set1_epi64x(x as i64))
        }
        #[inline(always)]
        unsafe fn load(words: &[u64]) -> Self {
            assert!(words.len() >= 4);
            // SAFETY: four u64 are readable at `words` (asserted); loadu has no alignment need.
            Avx2(unsafe { _mm256_loadu_si256(words.as_ptr().cast()) })
        }
        #[inline(always)]
        unsafe fn store(self, out: &mut [u64]) {
            assert!(out.len() >= 4);
            // SAFETY: four u64 are writable at `out` (asserted); storeu has no alignment need.
            unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        unsafe fn add(self, o: Self) -> Self {
            Avx2(_mm256_add_epi64(self.0, o.0))
        }
        #[inline(always)]
        unsafe fn xor(self, o: Self) -> Self {
            Avx2(_mm256_xor_si256(self.0, o.0))
        }
        #[inline(always)]
        unsafe fn and(self, o: Self) -> Self {
            Avx2(_mm256_and_si256(self.0, o.0))
        }
        #[inline(always)]
        unsafe fn big_sigma0(self) -> Self {
            let x = self.0;
            Avx2(_mm256_xor_si256(
                _mm256_xor_si256(rotr256!(x, 28, 36), rotr256!(x, 34, 30)),
                rotr256!(x, 39, 25),
            ))
        }
        #[inline(always)]
        unsafe fn big_sigma1(self) -> Self {
            let x = self.0;
            Avx2(_mm256_xor_si256(
                _mm256_xor_si256(rotr256!(x, 14, 50), rotr256!(x, 18, 46)),
                rotr256!(x, 41, 23),
            ))
        }
        #[inline(always)]
        unsafe fn small_sigma0(self) -> Self {
            let x = self.0;
            // A rotation by whole bytes is one byte shuffle instead of three operations.
            let rotr8 = _mm256_shuffle_epi8(
                x,
                _mm256_setr_epi8(
                    1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8, 1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11,
                    12, 13, 14, 15, 8,
                ),
            );
            Avx2(_mm256_xor_si256(_mm256_xor_si256(rotr256!(x, 1, 63), rotr8), _mm256_srli_epi64::<7>(x)))
        }
        #[inline(always)]
        unsafe fn small_sigma1(self) -> Self {
            let x = self.0;
            Avx2(_mm256_xor_si256(
                _mm256_xor_si256(rotr256!(x, 19, 45), rotr256!(x, 61, 3)),
                _mm256_srli_epi64::<6>(x),
            ))
        }
        #[inline(always)]
        unsafe fn ch(e: Self, f: Self, g: Self) -> Self {
            Avx2(_mm256_xor_si256(_mm256_and_si256(e.0, f.0), _mm256_andnot_si256(e.0, g.0)))
        }
    }

    /// Eight lanes in a 512-bit AVX-512 register, with native rotates and three-input logic.
    #[derive(Clone, Copy)]
    pub(super) struct Avx512(__m512i);

    macro_rules! xor3 {
        ($a:expr, $b:expr, $c:expr) => {
            _mm512_ternarylogic_epi64::<{ ternary::XOR3 }>($a, $b, $c)
        };
    }

    impl Lanes for Avx512 {
        const N: usize = 8;
        #[inline(always)]
        unsafe fn splat(x: u64) -> Self {
            Avx512(_mm512_set1_epi64(x as i64))
        }
        #[inline(always)]
        unsafe fn load(words: &[u64]) -> Self {
            assert!(words.len() >= 8);
            // SAFETY: eight u64 are readable at `words` (asserted); loadu has no alignment need.
            Avx512(unsafe { _mm512_loadu_si512(words.as_ptr().cast()) })
        }
        #[inline(always)]
        unsafe fn store(self, out: &mut [u64]) {
            assert!(out.len() >= 8);
            // SAFETY: eight u64 are writable at `out` (asserted); storeu has no alignment need.
            unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        unsafe fn add(self, o: Self) -> Self {
            Avx512(_mm512_add_epi64(self.0, o.0))
        }
        #[inline(always)]
        unsafe fn xor(self, o: Self) -> Self {
            Avx512(_mm512_xor_si512(self.0, o.0))
        }
        #[inline(always)]
        unsafe fn and(self, o: Self) -> Self {
            Avx512(_mm512_and_si512(self.0, o.0))
        }
        #[inline(always)]
        unsafe fn big_sigma0(self) -> Self {
            let x = self.0;
            Avx512(xor3!(_mm512_ror_epi64::<28>(x), _mm512_ror_epi64::<34>(x), _mm512_ror_epi64::<39>(x)))
        }
        #[inline(always)]
        unsafe fn big_sigma1(self) -> Self {
            let x = self.0;
            Avx512(xor3!(_mm512_ror_epi64::<14>(x), _mm512_ror_epi64::<18>(x), _mm512_ror_epi64::<41>(x)))
        }
        #[inline(always)]
        unsafe fn small_sigma0(self) -> Self {
            let x = self.0;
            Avx512(xor3!(_mm512_ror_epi64::<1>(x), _mm512_ror_epi64::<8>(x), _mm512_srli_epi64::<7>(x)))
        }
        #[inline(always)]
        unsafe fn small_sigma1(self) -> Self {
            let x = self.0;
            Avx512(xor3!(_mm512_ror_epi64::<19>(x), _mm512_ror_epi64::<61>(x), _mm512_srli_epi64::<6>(x)))
        }
        #[inline(always)]
        unsafe fn ch(e: Self, f: Self, g: Self) -> Self {
            Avx512(_mm512_ternarylogic_epi64::<{ ternary::CHOOSE }>(e.0, f.0, g.0))
        }
        /// One three-input instruction; the carried `bc` is not needed.
        #[inline(always)]
        unsafe fn maj(a: Self, b: Self, c: Self, _bc: &mut Self) -> Self {
            Avx512(_mm512_ternarylogic_epi64::<{ ternary::MAJORITY }>(a.0, b.0, c.0))
        }
    }
}

/// One SHA-512 round; the caller rotates the variable names instead of moving values.
/// `$bc` carries b ^ c between rounds for [`Lanes::maj`].
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $bc:ident, $k:expr, $w:expr) => {
        let t1 = $h.add(V::big_sigma1($e)).add(V::ch($e, $f, $g)).add(V::splat($k)).add($w);
        let t2 = V::big_sigma0($a).add(V::maj($a, $b, $c, &mut $bc));
        $d = $d.add(t1);
        $h = t1.add(t2);
    };
}

/// Sixteen rounds from round `$t`, reading the message words `$w[0..16]`.
macro_rules! sixteen_rounds {
    ($s:ident, $bc:ident, $t:expr, $w:ident) => {
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = $s;
        round!(a, b, c, d, e, f, g, h, $bc, K[$t], $w[0]);
        round!(h, a, b, c, d, e, f, g, $bc, K[$t + 1], $w[1]);
        round!(g, h, a, b, c, d, e, f, $bc, K[$t + 2], $w[2]);
        round!(f, g, h, a, b, c, d, e, $bc, K[$t + 3], $w[3]);
        round!(e, f, g, h, a, b, c, d, $bc, K[$t + 4], $w[4]);
        round!(d, e, f, g, h, a, b, c, $bc, K[$t + 5], $w[5]);
        round!(c, d, e, f, g, h, a, b, $bc, K[$t + 6], $w[6]);
        round!(b, c, d, e, f, g, h, a, $bc, K[$t + 7], $w[7]);
        round!(a, b, c, d, e, f, g, h, $bc, K[$t + 8], $w[8]);
        round!(h, a, b, c, d, e, f, g, $bc, K[$t + 9], $w[9]);
        round!(g, h, a, b, c, d, e, f, $bc, K[$t + 10], $w[10]);
        round!(f, g, h, a, b, c, d, e, $bc, K[$t + 11], $w[11]);
        round!(e, f, g, h, a, b, c, d, $bc, K[$t + 12], $w[12]);
        round!(d, e, f, g, h, a, b, c, $bc, K[$t + 13], $w[13]);
        round!(c, d, e, f, g, h, a, b, $bc, K[$t + 14], $w[14]);
        round!(b, c, d, e, f, g, h, a, $bc, K[$t + 15], $w[15]);
        $s = [a, b, c, d, e, f, g, h];
    };
}

/// The next sixteen message words, in place.
#[inline(always)]
unsafe fn schedule<V: Lanes>(w: &mut [V; 16]) {
    for i in 0..16 {
        w[i] = w[i]
            .add(w[(i + 14) % 16].small_sigma1())
            .add(w[(i + 9) % 16])
            .add(w[(i + 1) % 16].small_sigma0());
    }
}

/// The SHA-512 compression function on every lane: `state` absorbs `block`.
///
/// Inlined into each kernel, so message words that are constants there (the padding of the
/// PBKDF2 messages) fold into the first 32 rounds and their message schedule, which are
/// written out for that reason.
#[inline(always)]
unsafe fn compress<V: Lanes>(state: &mut [V; 8], block: [V; 16]) {
    let mut s = *state;
    let mut w = block;
    let mut bc = s[1].xor(s[2]);
    sixteen_rounds!(s, bc, 0, w);
    schedule(&mut w);
    sixteen_rounds!(s, bc, 16, w);
    for t in [32, 48, 64] {
        schedule(&mut w);
        sixteen_rounds!(s, bc, t, w);
    }
    for (x, y) in state.iter_mut().zip(s) {
        *x = x.add(y);
    }
}

/// Per-lane inputs of the iteration loop: the HMAC pad states and U1.
struct LaneStart {
    inner: [u64; 8],
    outer: [u64; 8],
    u1: [u64; 8],
}

/// Iterations 2..=rounds of PBKDF2 on `V::N` lanes: U_i = HMAC(U_{i-1}), T ^= U_i.
/// `starts` and `out` have `V::N` entries.
#[inline(always)]
unsafe fn iterate<V: Lanes>(starts: &[LaneStart], rounds: u32, out: &mut [[u64; 8]]) {
    let column = |f: &dyn Fn(&LaneStart) -> &[u64; 8], j: usize| {
        let mut words = [0u64; MAX_LANES];
        for (w, s) in words.iter_mut().zip(starts) {
            *w = f(s)[j];
        }
        words
    };
    let mut inner = [V::splat(0); 8];
    let mut outer = [V::splat(0); 8];
    let mut u = [V::splat(0); 8];
    for j in 0..8 {
        inner[j] = V::load(&column(&|s| &s.inner, j));
        outer[j] = V::load(&column(&|s| &s.outer, j));
        u[j] = V::load(&column(&|s| &s.u1, j));
    }
    let mut t = u;
    let pad = [V::splat(PAD_FIRST), V::splat(0), V::splat(PAD_BITS)];
    for _ in 1..rounds {
        let mut h = inner;
        compress(
            &mut h,
            [
                u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], pad[0], pad[1], pad[1], pad[1], pad[1],
                pad[1], pad[1], pad[2],
            ],
        );
        u = outer;
        compress(
            &mut u,
            [
                h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], pad[0], pad[1], pad[1], pad[1], pad[1],
                pad[1], pad[1], pad[2],
            ],
        );
        for j in 0..8 {
            t[j] = t[j].xor(u[j]);
        }
    }
    let mut words = [0u64; MAX_LANES];
    for j in 0..8 {
        t[j].store(&mut words);
        for (lane, o) in out.iter_mut().enumerate() {
            o[j] = words[lane];
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod entry {
    use super::x86::{Avx2, Avx512};
    use super::{iterate, LaneStart};

    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn avx2(starts: &[LaneStart], rounds: u32, out: &mut [[u64; 8]]) {
        iterate::<Avx2>(starts, rounds, out)
    }

    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn avx2_x2(starts: &[LaneStart], rounds: u32, out: &mut [[u64; 8]]) {
        iterate::<(Avx2, Avx2)>(starts, rounds, out)
    }

    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn avx2_scalar(starts: &[LaneStart], rounds: u32, out: &mut [[u64; 8]]) {
        iterate::<(Avx2, u64)>(starts, rounds, out)
    }

    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn avx512(starts: &[LaneStart], rounds: u32, out: &mut [[u64; 8]]) {
        iterate::<Avx512>(starts, rounds, out)
    }

    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn avx512_x2(starts: &[LaneStart], rounds: u32, out: &mut [[u64; 8]]) {
        iterate::<(Avx512, Avx512)>(starts, rounds, out)
    }
}

fn portable(starts: &[LaneStart], rounds: u32, out: &mut [[u64; 8]]) {
    for (start, o) in starts.iter().zip(out.iter_mut()) {
        // SAFETY: the u64 backend is plain Rust and needs no CPU feature.
        unsafe { iterate::<u64>(std::slice::from_ref(start), rounds, std::slice::from_mut(o)) }
    }
}

/// Which implementation runs the iterations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Backend {
    Portable,
    Avx2,
    Avx2x2,
    Avx2Scalar,
    Avx512,
    Avx512x2,
}

impl Backend {
    const ALL: [Backend; 6] = [
        Backend::Portable,
        Backend::Avx2,
        Backend::Avx2x2,
        Backend::Avx2Scalar,
        Backend::Avx512,
        Backend::Avx512x2,
    ];

    fn name(self) -> &'static str {
        match self {
            Backend::Portable => "portable",
            Backend::Avx2 => "avx2",
            Backend::Avx2x2 => "avx2x2",
            Backend::Avx2Scalar => "avx2+scalar",
            Backend::Avx512 => "avx512",
            Backend::Avx512x2 => "avx512x2",
        }
    }

    fn lanes(self) -> usize {
        match self {
            Backend::Portable => 1,
            Backend::Avx2 => 4,
            Backend::Avx2Scalar => 5,
            Backend::Avx2x2 | Backend::Avx512 => 8,
            Backend::Avx512x2 => 16,
        }
    }

    fn supported(self) -> bool {
        match self {
            Backend::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Backend::Avx2 | Backend::Avx2x2 | Backend::Avx2Scalar => std::is_x86_feature_detected!("avx2"),
            #[cfg(target_arch = "x86_64")]
            Backend::Avx512 | Backend::Avx512x2 => std::is_x86_feature_detected!("avx512f"),
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }
}

/// A PBKDF2-HMAC-SHA512 implementation this CPU can run, and how many candidates it hashes
/// at once.
///
/// Only built through [`Kernel::detect`], [`Kernel::available`] or [`Kernel::by_name`], which
/// check the CPU first; that check is what makes the SIMD paths sound to call.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Kernel(Backend);

impl fmt::Debug for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

impl fmt::Display for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

/// One PBKDF2 input: the password (mnemonic) and the salt ("mnemonic" + passphrase).
#[derive(Clone, Copy, Debug)]
pub struct Job<'a> {
    /// The password bytes.
    pub password: &'a [u8],
    /// The salt bytes.
    pub salt: &'a [u8],
}

impl Kernel {
    /// The kernel to use on this CPU: AVX-512, else AVX2, else the portable one. (The
    /// interleaved variants measured no faster than one group on an AVX2 machine, where
    /// shifts are the bottleneck, and need twice the lanes to be filled.)
    pub fn detect() -> Kernel {
        [Backend::Avx512, Backend::Avx2]
            .into_iter()
            .find(|b| b.supported())
            .map_or(Kernel(Backend::Portable), Kernel)
    }

    /// Every kernel this CPU supports, the portable one first.
    pub fn available() -> Vec<Kernel> {
        Backend::ALL.into_iter().filter(|b| b.supported()).map(Kernel).collect()
    }

    /// The kernel of that name, when this CPU supports it.
    pub fn by_name(name: &str) -> Option<Kernel> {
        Backend::ALL.into_iter().find(|b| b.name() == name && b.supported()).map(Kernel)
    }

    /// The portable kernel, which every CPU runs.
    pub fn portable() -> Kernel {
        Kernel(Backend::Portable)
    }

    /// Its name: `portable`, `avx2`, `avx2x2`, `avx2+scalar`, `avx512` or `avx512x2`.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// Candidates hashed at once.
    pub fn lanes(self) -> usize {
        self.0.lanes()
    }

    /// PBKDF2-HMAC-SHA512 with `rounds` iterations (at least 1) and 64 bytes of output for
    /// each job; `jobs` may be shorter than [`Kernel::lanes`] (unused lanes repeat the first
    /// job) and longer (it is cut into batches).
    pub fn pbkdf2_hmac_sha512(self, jobs: &[Job<'_>], rounds: u32, out: &mut [[u8; 64]]) {
        let lanes = self.lanes();
        for (jobs, out) in jobs.chunks(lanes).zip(out.chunks_mut(lanes)) {
            let mut starts: Vec<LaneStart> = jobs.iter().map(|j| lane_start(j.password, j.salt)).collect();
            while starts.len() < lanes {
                starts.push(lane_start(jobs[0].password, jobs[0].salt));
            }
            let mut words = [[0u64; 8]; MAX_LANES];
            if rounds > 1 {
                self.run(&starts, rounds, &mut words[..lanes]);
            } else {
                for (w, s) in words.iter_mut().zip(&starts) {
                    *w = s.u1;
                }
            }
            for (o, w) in out.iter_mut().zip(&words) {
                for (chunk, word) in o.chunks_exact_mut(8).zip(w) {
                    chunk.copy_from_slice(&word.to_be_bytes());
                }
            }
            for s in &mut starts {
                zeroize::Zeroize::zeroize(&mut s.inner);
                zeroize::Zeroize::zeroize(&mut s.outer);
                zeroize::Zeroize::zeroize(&mut s.u1);
            }
            zeroize::Zeroize::zeroize(&mut words);
        }
    }

    fn run(self, starts: &[LaneStart], rounds: u32, out: &mut [[u64; 8]]) {
        match self.0 {
            Backend::Portable => portable(starts, rounds, out),
            // SAFETY (all arms below): a `Kernel` holding this backend is only built after
            // `Backend::supported` detected the CPU feature its entry point enables, and
            // `starts`/`out` have exactly `lanes()` entries, as `iterate` requires.
            #[cfg(target_arch = "x86_64")]
            Backend::Avx2 => {
                // SAFETY: avx2 was detected when this Kernel was built; lanes match.
                unsafe { entry::avx2(starts, rounds, out) }
            }
            #[cfg(target_arch = "x86_64")]
            Backend::Avx2x2 => {
                // SAFETY: avx2 was detected when this Kernel was built; lanes match.
                unsafe { entry::avx2_x2(starts, rounds, out) }
            }
            #[cfg(target_arch = "x86_64")]
            Backend::Avx2Scalar => {
                // SAFETY: avx2 was detected when this Kernel was built; lanes match.
                unsafe { entry::avx2_scalar(starts, rounds, out) }
            }
            #[cfg(target_arch = "x86_64")]
            Backend::Avx512 => {
                // SAFETY: avx512f was detected when this Kernel was built; lanes match.
                unsafe { entry::avx512(starts, rounds, out) }
            }
            #[cfg(target_arch = "x86_64")]
            Backend::Avx512x2 => {
                // SAFETY: avx512f was detected when this Kernel was built; lanes match.
                unsafe { entry::avx512_x2(starts, rounds, out) }
            }
            #[cfg(not(target_arch = "x86_64"))]
            _ => portable(starts, rounds, out),
        }
    }
}

/// The HMAC key block: the password, or its SHA-512 when longer than a block.
fn key_block(password: &[u8]) -> [u8; BLOCK] {
    let mut key = [0u8; BLOCK];
    if password.len() > BLOCK {
        key[..64].copy_from_slice(&Sha512::digest(password));
    } else {
        key[..password.len()].copy_from_slice(password);
    }
    key
}

fn compress_bytes(state: &mut [u64; 8], block: &[u8; BLOCK]) {
    sha2::compress512(state, std::slice::from_ref(GenericArray::from_slice(block)));
}

/// The state after absorbing the key block xor `pad` (HMAC's inner or outer pad).
fn pad_state(key: &[u8; BLOCK], pad: u8) -> [u64; 8] {
    let mut block = [0u8; BLOCK];
    for (b, k) in block.iter_mut().zip(key) {
        *b = k ^ pad;
    }
    let mut state = IV;
    compress_bytes(&mut state, &block);
    zeroize::Zeroize::zeroize(&mut block);
    state
}

/// Finishes a SHA-512 that has absorbed `done` bytes (whole blocks) into `state`, over the
/// remaining `tail` bytes.
fn finish(state: &mut [u64; 8], done: usize, tail: &[u8]) {
    let mut rest = tail;
    while rest.len() >= BLOCK {
        let (block, r) = rest.split_at(BLOCK);
        let mut b = [0u8; BLOCK];
        b.copy_from_slice(block);
        compress_bytes(state, &b);
        rest = r;
    }
    let bits = ((done + tail.len()) as u128) * 8;
    let mut b = [0u8; 2 * BLOCK];
    b[..rest.len()].copy_from_slice(rest);
    b[rest.len()] = 0x80;
    let end = if rest.len() + 1 + 16 <= BLOCK { BLOCK } else { 2 * BLOCK };
    b[end - 16..end].copy_from_slice(&bits.to_be_bytes());
    for block in b[..end].chunks_exact(BLOCK) {
        let mut one = [0u8; BLOCK];
        one.copy_from_slice(block);
        compress_bytes(state, &one);
    }
    zeroize::Zeroize::zeroize(&mut b);
}

/// HMAC key setup and the first PBKDF2 iteration, U1 = HMAC(password, salt || 1), for one
/// lane. A few compressions; the 4094 that follow run in the lanes.
fn lane_start(password: &[u8], salt: &[u8]) -> LaneStart {
    let mut key = key_block(password);
    let inner = pad_state(&key, 0x36);
    let outer = pad_state(&key, 0x5c);
    zeroize::Zeroize::zeroize(&mut key);
    let mut message = Vec::with_capacity(salt.len() + 4);
    message.extend_from_slice(salt);
    message.extend_from_slice(&1u32.to_be_bytes());
    let mut h = inner;
    finish(&mut h, BLOCK, &message);
    let mut digest = [0u8; 64];
    for (chunk, word) in digest.chunks_exact_mut(8).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    let mut u1 = outer;
    finish(&mut u1, BLOCK, &digest);
    zeroize::Zeroize::zeroize(&mut digest);
    zeroize::Zeroize::zeroize(&mut message);
    LaneStart { inner, outer, u1 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, RngCore, SeedableRng};

    fn reference(password: &[u8], salt: &[u8], rounds: u32) -> [u8; 64] {
        let mut out = [0u8; 64];
        pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, rounds, &mut out);
        out
    }

    /// Every kernel this CPU runs equals the RustCrypto reference on random passwords and
    /// salts of every length class (empty, short, one block, longer than a block).
    #[test]
    fn every_kernel_equals_the_reference() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let kernels = Kernel::available();
        assert!(kernels.contains(&Kernel::portable()));
        eprintln!("kernels tested: {kernels:?}");
        for kernel in kernels {
            for rounds in [1u32, 2, 3, 64] {
                let n = kernel.lanes() * 2 + 1;
                let data: Vec<(Vec<u8>, Vec<u8>)> = (0..n)
                    .map(|_| {
                        let plen = [0, 1, 50, 127, 128, 129, 300][rng.gen_range(0..7)];
                        let slen = [0, 8, 100, 111, 112, 120, 200][rng.gen_range(0..7)];
                        let mut p = vec![0u8; plen];
                        let mut s = vec![0u8; slen];
                        rng.fill_bytes(&mut p);
                        rng.fill_bytes(&mut s);
                        (p, s)
                    })
                    .collect();
                let jobs: Vec<Job<'_>> = data.iter().map(|(p, s)| Job { password: p, salt: s }).collect();
                let mut out = vec![[0u8; 64]; n];
                kernel.pbkdf2_hmac_sha512(&jobs, rounds, &mut out);
                for ((p, s), o) in data.iter().zip(&out) {
                    assert_eq!(o, &reference(p, s, rounds), "kernel {kernel}, rounds {rounds}");
                }
            }
        }
    }

    /// The BIP-39 case: 2048 rounds, every kernel, and a batch shorter than the lanes.
    #[test]
    fn bip39_seed_in_every_kernel() {
        let phrase =
            b"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
        let expected = "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4";
        for kernel in Kernel::available() {
            let mut out = [[0u8; 64]; 1];
            kernel.pbkdf2_hmac_sha512(&[Job { password: phrase, salt: b"mnemonic" }], 2048, &mut out);
            assert_eq!(hex::encode(out[0]), expected, "kernel {kernel}");
        }
    }

    /// The `vpternlogq` immediates, checked on a software model of the instruction (this
    /// machine may have no AVX-512 to run them on).
    #[test]
    fn ternary_logic_immediates() {
        let model = |imm: i32, a: u64, b: u64, c: u64| -> u64 {
            (0..64).fold(0u64, |acc, bit| {
                let idx = ((a >> bit) & 1) << 2 | ((b >> bit) & 1) << 1 | ((c >> bit) & 1);
                acc | ((((imm as u64) >> idx) & 1) << bit)
            })
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..100 {
            let (a, b, c) = (rng.next_u64(), rng.next_u64(), rng.next_u64());
            assert_eq!(model(ternary::CHOOSE, a, b, c), (a & b) ^ (!a & c));
            assert_eq!(model(ternary::MAJORITY, a, b, c), (a & b) ^ (a & c) ^ (b & c));
            assert_eq!(model(ternary::XOR3, a, b, c), a ^ b ^ c);
        }
    }
}
