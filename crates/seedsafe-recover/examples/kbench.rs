use std::time::{Duration, Instant};
use seedsafe_recover::kernel::{Job, Kernel};
fn main() {
    let phrase = b"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    let secs = 2.0;
    for round in 0..2 {
        // reference
        let start = Instant::now();
        let mut n = 0u64;
        let mut out = [0u8; 64];
        while start.elapsed() < Duration::from_secs_f64(secs) {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(phrase, b"mnemonic", 2048, &mut out);
            n += 1;
        }
        let refr = n as f64 / start.elapsed().as_secs_f64();
        println!("round {round} rustcrypto {:.0}/s", refr);
        for k in Kernel::available() {
            let jobs: Vec<Job> = (0..k.lanes()).map(|_| Job { password: phrase, salt: b"mnemonic" }).collect();
            let mut out = vec![[0u8; 64]; k.lanes()];
            let start = Instant::now();
            let mut n = 0u64;
            while start.elapsed() < Duration::from_secs_f64(secs) {
                k.pbkdf2_hmac_sha512(&jobs, 2048, &mut out);
                n += k.lanes() as u64;
            }
            let r = n as f64 / start.elapsed().as_secs_f64();
            println!("round {round} {:12} {:.0}/s  x{:.2}", k.name(), r, r / refr);
        }
    }
}
