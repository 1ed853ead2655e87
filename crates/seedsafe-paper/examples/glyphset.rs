//! Prints the characters one embedded font must cover, for `pyftsubset --text-file`
//! (see `fonts/README.md`).
//!
//! `cargo run -q -p seedsafe-paper --example glyphset -- latin > latin.txt`

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    match seedsafe_paper::fonts::Face::ALL.iter().find(|f| f.subset_name() == name) {
        Some(face) => print!("{}", face.required_chars()),
        None => {
            let names: Vec<&str> = seedsafe_paper::fonts::Face::ALL.iter().map(|f| f.subset_name()).collect();
            eprintln!("usage: glyphset FACE   (one of: {})", names.join(", "));
            std::process::exit(2);
        }
    }
}
