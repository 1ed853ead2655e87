//! Payment URIs: BIP-21/BIP-321 `bitcoin:` and EIP-681 `ethereum:`, parsed and written.
//!
//! Parsing checks the syntax and the rules of each standard (an amount at most once, unknown
//! `req-` parameters make the URI invalid, a `tb` parameter holds a `tb1…` address); whether
//! the address itself is valid is [`crate::validate`]'s question, asked separately, since the
//! BIPs' own examples use a deliberately broken address. Every parameter is kept, in order,
//! so a URI written back is equivalent to the one read.
//!
//! ```
//! use seedsafe_core::uri::{Amount, BitcoinUri};
//!
//! let uri: BitcoinUri = "bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=20.3&label=Luke-Jr".parse().unwrap();
//! assert_eq!(uri.amount(), Some(Amount::from_sat(2_030_000_000)));
//! assert_eq!(uri.label(), Some("Luke-Jr"));
//!
//! let mut new = BitcoinUri::new("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
//! new.set_amount(Amount::from_sat(150_000));
//! new.set("message", "for the pizza");
//! assert_eq!(new.to_string(), "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.0015&message=for%20the%20pizza");
//! ```

use std::fmt;
use std::str::FromStr;

/// Why a string is not a valid payment URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Not `bitcoin:` or `ethereum:`.
    #[error("not a payment URI: it must start with bitcoin: or ethereum:")]
    Scheme,
    /// Neither an address nor any parameter to pay to.
    #[error("the URI names nothing to pay: no address and no payment parameter")]
    Empty,
    /// The address part holds characters no address has.
    #[error("the address part {0:?} is not an address (only letters and digits)")]
    AddressSyntax(String),
    /// A `%` not followed by two hex digits, or bytes that are not UTF-8.
    #[error("bad percent-encoding in {0:?}")]
    PercentEncoding(String),
    /// An amount that is no decimal number of coins, or has too many decimals.
    #[error("amount {0:?} is not a decimal number of BTC with at most 8 decimals (like 0.0015)")]
    Amount(String),
    /// A parameter that may appear once appeared twice.
    #[error("the {0} parameter appears more than once")]
    Duplicate(&'static str),
    /// A `req-` parameter that seedsafe does not understand (BIP-21: the URI is then invalid).
    #[error("required parameter {0:?} is not understood, so the URI must be refused (BIP-21)")]
    RequiredParameter(String),
    /// A SegWit parameter whose address has another network's prefix (BIP-321).
    #[error("parameter {key:?} must hold a {key}1… address, not {value:?}")]
    HrpMismatch {
        /// The key (a bech32 prefix).
        key: String,
        /// The value given.
        value: String,
    },
    /// EIP-681 target that is not `0x` and 40 hex digits.
    #[error("the EIP-681 target {0:?} is not 0x and 40 hex digits (ENS names need a network lookup, which seedsafe does not do)")]
    EthereumTarget(String),
    /// EIP-681 chain id that is no number.
    #[error("chain id {0:?} is not a number")]
    ChainId(String),
    /// EIP-681 number that is no whole, non-negative amount of the smallest unit.
    #[error("{key}={value:?} is not a whole non-negative number of wei (EIP-681 numbers such as 2.014e18)")]
    Number {
        /// The parameter.
        key: String,
        /// Its value.
        value: String,
    },
}

/// One query parameter, percent-decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The key as written.
    pub key: String,
    /// The value.
    pub value: String,
}

/// An amount of bitcoin, in satoshis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(u64);

impl Amount {
    /// From satoshis.
    pub fn from_sat(sat: u64) -> Amount {
        Amount(sat)
    }

    /// In satoshis.
    pub fn to_sat(self) -> u64 {
        self.0
    }
}

impl FromStr for Amount {
    type Err = Error;

    /// Decimal BTC, `*digit [ "." *digit ]`, at most 8 decimals.
    fn from_str(s: &str) -> Result<Amount, Error> {
        parse_decimal(s, 8)
            .and_then(|v| u64::try_from(v).ok())
            .map(Amount)
            .ok_or_else(|| Error::Amount(s.to_string()))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_decimal(u128::from(self.0), 8))
    }
}

/// Reads a plain decimal (`12`, `0.5`, `.5`, `3.`) as an integer count of units of
/// 10^-`decimals`; `None` when it has more decimals, other characters, or overflows.
pub fn parse_decimal(s: &str, decimals: u32) -> Option<u128> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty())
        || !digits(whole)
        || !digits(frac)
        || frac.len() > decimals as usize
    {
        return None;
    }
    let mut value: u128 = 0;
    for b in whole.bytes().chain(frac.bytes()) {
        value = value.checked_mul(10)?.checked_add(u128::from(b - b'0'))?;
    }
    value.checked_mul(10u128.checked_pow(decimals - frac.len() as u32)?)
}

/// Writes units of 10^-`decimals` as the shortest decimal.
pub fn format_decimal(value: u128, decimals: u32) -> String {
    let scale = 10u128.pow(decimals);
    let (whole, frac) = (value / scale, value % scale);
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:0width$}", width = decimals as usize);
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; the result must be UTF-8.
pub fn percent_decode(s: &str) -> Result<String, Error> {
    let bad = || Error::PercentEncoding(s.to_string());
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or_else(bad)?;
            let hex = std::str::from_utf8(hex).map_err(|_| bad())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// Splits `scheme:rest`, matching the scheme without regard to case.
fn strip_scheme<'a>(s: &'a str, scheme: &str) -> Option<&'a str> {
    let (head, rest) = s.split_once(':')?;
    head.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// Reads `key=value&…` into decoded parameters, in order.
fn parse_query(query: Option<&str>) -> Result<Vec<Param>, Error> {
    let Some(query) = query else { return Ok(vec![]) };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').unwrap_or((p, ""));
            Ok(Param { key: percent_decode(key)?, value: percent_decode(value)? })
        })
        .collect()
}

fn write_query(f: &mut fmt::Formatter<'_>, params: &[Param]) -> fmt::Result {
    for (i, p) in params.iter().enumerate() {
        let sep = if i == 0 { '?' } else { '&' };
        write!(f, "{sep}{}={}", percent_encode(&p.key), percent_encode(&p.value))?;
    }
    Ok(())
}

fn get<'a>(params: &'a [Param], key: &str) -> Option<&'a str> {
    params.iter().find(|p| p.key.eq_ignore_ascii_case(key)).map(|p| p.value.as_str())
}

fn set(params: &mut Vec<Param>, key: &str, value: String) {
    match params.iter_mut().find(|p| p.key.eq_ignore_ascii_case(key)) {
        Some(p) => p.value = value,
        None => params.push(Param { key: key.to_string(), value }),
    }
}

fn count(params: &[Param], keys: &[&str]) -> usize {
    params.iter().filter(|p| keys.iter().any(|k| p.key.eq_ignore_ascii_case(k))).count()
}

/// The bech32 prefixes BIP-321 uses as parameter keys for SegWit addresses.
const SEGWIT_KEYS: [&str; 3] = ["bc", "tb", "bcrt"];

/// Schemes a proof-of-payment callback must never open: they would reach a web browser.
const BROWSER_SCHEMES: [&str; 5] = ["http", "https", "file", "javascript", "mailto"];

/// A BIP-21/BIP-321 `bitcoin:` URI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitcoinUri {
    /// The address in the URI's body; empty when the URI carries only parameters (BIP-321).
    pub address: String,
    /// Every parameter, decoded, in order.
    pub params: Vec<Param>,
}

/// A BIP-321 proof-of-payment callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pop<'a> {
    /// The URI prefix to open after paying, decoded.
    pub uri: &'a str,
    /// Given as `req-pop`: a wallet that will not open it must not pay.
    pub required: bool,
}

impl Pop<'_> {
    /// True when the callback's scheme would open a web browser, which BIP-321 forbids.
    pub fn opens_browser(&self) -> bool {
        let scheme = self.uri.split(':').next().unwrap_or("");
        BROWSER_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
    }
}

impl BitcoinUri {
    /// A URI paying to an address, with no parameters yet.
    pub fn new(address: impl Into<String>) -> BitcoinUri {
        BitcoinUri { address: address.into(), params: vec![] }
    }

    /// The requested amount.
    pub fn amount(&self) -> Option<Amount> {
        get(&self.params, "amount").and_then(|v| v.parse().ok())
    }

    /// The label (the recipient's name).
    pub fn label(&self) -> Option<&str> {
        get(&self.params, "label")
    }

    /// The message to show the payer.
    pub fn message(&self) -> Option<&str> {
        get(&self.params, "message")
    }

    /// The first value of a parameter (keys match without regard to case).
    pub fn get(&self, key: &str) -> Option<&str> {
        get(&self.params, key)
    }

    /// Sets a parameter, replacing its first occurrence or adding it at the end.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        set(&mut self.params, key, value.into());
    }

    /// Sets the amount.
    pub fn set_amount(&mut self, amount: Amount) {
        self.set("amount", amount.to_string());
    }

    /// The proof-of-payment callback, if any.
    pub fn pop(&self) -> Option<Pop<'_>> {
        self.params.iter().find_map(|p| {
            let required = p.key.eq_ignore_ascii_case("req-pop");
            (required || p.key.eq_ignore_ascii_case("pop")).then_some(Pop { uri: &p.value, required })
        })
    }

    /// False when a wallet must refuse to pay: a required callback that it must not open.
    pub fn payment_allowed(&self) -> bool {
        self.pop().is_none_or(|pop| !(pop.required && pop.opens_browser()))
    }

    /// The on-chain addresses: the body's, then those of SegWit parameters (`bc=…`).
    pub fn onchain_addresses(&self) -> Vec<&str> {
        let body = (!self.address.is_empty()).then_some(self.address.as_str());
        let params = self
            .params
            .iter()
            .filter(|p| SEGWIT_KEYS.iter().any(|k| p.key.eq_ignore_ascii_case(k)))
            .map(|p| p.value.as_str());
        body.into_iter().chain(params).collect()
    }

    fn check(&self) -> Result<(), Error> {
        if self.address.is_empty() && self.params.is_empty() {
            return Err(Error::Empty);
        }
        if !self.address.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Error::AddressSyntax(self.address.clone()));
        }
        for (name, keys) in [
            ("amount", &["amount"][..]),
            ("label", &["label"]),
            ("message", &["message"]),
            ("pop", &["pop", "req-pop"]),
        ] {
            if count(&self.params, keys) > 1 {
                return Err(Error::Duplicate(name));
            }
        }
        for p in &self.params {
            let key = p.key.to_ascii_lowercase();
            if key == "amount" {
                p.value.parse::<Amount>()?;
            } else if key.starts_with("req-") && key != "req-pop" {
                return Err(Error::RequiredParameter(p.key.clone()));
            } else if SEGWIT_KEYS.contains(&key.as_str()) {
                let hrp = p.value.rfind('1').map(|i| p.value[..i].to_ascii_lowercase());
                if hrp.as_deref() != Some(key.as_str()) {
                    return Err(Error::HrpMismatch { key: p.key.clone(), value: p.value.clone() });
                }
            }
        }
        Ok(())
    }
}

impl FromStr for BitcoinUri {
    type Err = Error;

    fn from_str(s: &str) -> Result<BitcoinUri, Error> {
        let rest = strip_scheme(s, "bitcoin").ok_or(Error::Scheme)?;
        let (address, query) = match rest.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (rest, None),
        };
        let uri = BitcoinUri { address: address.to_string(), params: parse_query(query)? };
        uri.check()?;
        Ok(uri)
    }
}

impl fmt::Display for BitcoinUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bitcoin:{}", self.address)?;
        write_query(f, &self.params)
    }
}

/// An EIP-681 `ethereum:` payment request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EthereumUri {
    /// Written with the `pay-` prefix.
    pub pay_prefix: bool,
    /// The target address, `0x` and 40 hex digits.
    pub address: String,
    /// The EIP-155 chain id after `@`.
    pub chain_id: Option<u64>,
    /// The contract function after `/` (such as `transfer`).
    pub function: Option<String>,
    /// Every parameter, decoded, in order.
    pub params: Vec<Param>,
}

/// EIP-681 parameters whose values are numbers.
const NUMBER_KEYS: [&str; 3] = ["value", "gasLimit", "gasPrice"];

impl EthereumUri {
    /// A request to pay an address on Ethereum mainnet, with no parameters yet.
    pub fn new(address: impl Into<String>) -> EthereumUri {
        EthereumUri {
            pay_prefix: false,
            address: address.into(),
            chain_id: None,
            function: None,
            params: vec![],
        }
    }

    /// The amount requested, in wei.
    pub fn value(&self) -> Option<u128> {
        get(&self.params, "value").and_then(parse_number)
    }

    /// Sets the amount in wei.
    pub fn set_value(&mut self, wei: u128) {
        set(&mut self.params, "value", wei.to_string());
    }
}

/// An EIP-681 number (`[+-]digits[.digits][e digits]`) that is a whole non-negative count.
pub fn parse_number(s: &str) -> Option<u128> {
    let s = s.strip_prefix('+').unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<u32>().ok()?),
        None => (s, 0),
    };
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    // Trailing zeros of the fraction do not stop the value being whole.
    let frac = frac.trim_end_matches('0');
    let shift = exponent.checked_sub(frac.len() as u32)?;
    let digits = format!("{whole}{frac}");
    let units = if digits.is_empty() { 0 } else { parse_decimal(&digits, 0)? };
    units.checked_mul(10u128.checked_pow(shift)?)
}

impl FromStr for EthereumUri {
    type Err = Error;

    fn from_str(s: &str) -> Result<EthereumUri, Error> {
        let rest = strip_scheme(s, "ethereum").ok_or(Error::Scheme)?;
        let (pay_prefix, rest) = match rest.strip_prefix("pay-") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let (target, function) = match path.split_once('/') {
            Some((t, f)) => (t, Some(f.to_string())),
            None => (path, None),
        };
        let (address, chain_id) = match target.split_once('@') {
            Some((a, c)) => (a, Some(c.parse::<u64>().map_err(|_| Error::ChainId(c.to_string()))?)),
            None => (target, None),
        };
        let hex = address.strip_prefix("0x").unwrap_or("");
        if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::EthereumTarget(address.to_string()));
        }
        let params = parse_query(query)?;
        if count(&params, &["value"]) > 1 {
            return Err(Error::Duplicate("value"));
        }
        for p in params.iter().filter(|p| NUMBER_KEYS.contains(&p.key.as_str())) {
            parse_number(&p.value)
                .ok_or_else(|| Error::Number { key: p.key.clone(), value: p.value.clone() })?;
        }
        Ok(EthereumUri { pay_prefix, address: address.to_string(), chain_id, function, params })
    }
}

impl fmt::Display for EthereumUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ethereum:{}{}", if self.pay_prefix { "pay-" } else { "" }, self.address)?;
        if let Some(id) = self.chain_id {
            write!(f, "@{id}")?;
        }
        if let Some(function) = &self.function {
            write!(f, "/{function}")?;
        }
        write_query(f, &self.params)
    }
}

/// A payment URI of either kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentUri {
    /// `bitcoin:`
    Bitcoin(BitcoinUri),
    /// `ethereum:`
    Ethereum(EthereumUri),
}

impl PaymentUri {
    /// True when the text starts with a payment URI scheme seedsafe reads.
    pub fn looks_like(s: &str) -> bool {
        strip_scheme(s, "bitcoin").is_some() || strip_scheme(s, "ethereum").is_some()
    }

    /// The on-chain addresses it pays to.
    pub fn addresses(&self) -> Vec<&str> {
        match self {
            PaymentUri::Bitcoin(u) => u.onchain_addresses(),
            PaymentUri::Ethereum(u) => vec![u.address.as_str()],
        }
    }
}

impl FromStr for PaymentUri {
    type Err = Error;

    fn from_str(s: &str) -> Result<PaymentUri, Error> {
        if strip_scheme(s, "ethereum").is_some() {
            s.parse().map(PaymentUri::Ethereum)
        } else {
            s.parse().map(PaymentUri::Bitcoin)
        }
    }
}

impl fmt::Display for PaymentUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaymentUri::Bitcoin(u) => u.fmt(f),
            PaymentUri::Ethereum(u) => u.fmt(f),
        }
    }
}
