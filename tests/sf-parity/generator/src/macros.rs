//! The items security-framework makes with macros, read from the macro calls (by each macro's
//! known expansion: `syn` does not expand macros).

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// An item a macro call makes.
pub enum Def {
    Type {
        name: String,
        derives: Vec<String>,
    },
    Trait {
        ty: String,
        path: String,
        shown: String,
    },
    Const {
        ty: String,
        name: String,
    },
    Variant {
        ty: String,
        name: String,
    },
    Method {
        ty: String,
        name: String,
        fn_type: String,
    },
}

fn idents(tokens: &TokenStream) -> Vec<String> {
    tokens
        .clone()
        .into_iter()
        .filter_map(|t| match t {
            TokenTree::Ident(i) => Some(i.to_string()),
            _ => None,
        })
        .collect()
}

/// The items of a call of macro `name` with `tokens`.
pub fn expand(name: &str, tokens: &TokenStream) -> Vec<Def> {
    match name {
        // `declare_TCFType! { Type, TypeRef }`
        "declare_TCFType" => vec![Def::Type {
            name: idents(tokens)[0].clone(),
            derives: Vec::new(),
        }],
        // core-foundation's `impl_TCFType!(Type, TypeRef, get_type_id)`: Clone, PartialEq and
        // Eq, besides the CoreFoundation traits.
        "impl_TCFType" => {
            let ty = idents(tokens)[0].clone();
            let mut defs: Vec<Def> = ["Clone", "PartialEq", "Eq"]
                .iter()
                .map(|t| Def::Trait {
                    ty: ty.clone(),
                    path: t.to_string(),
                    shown: t.to_string(),
                })
                .collect();
            defs.push(Def::Trait {
                ty,
                path: "TCFType".into(),
                shown: "TCFType".into(),
            });
            defs
        }
        "bitflags" => bitflags(tokens),
        // cipher_suite.rs: the `CipherSuite` newtype with a constant per suite and
        // `from_raw`/`to_raw` (`SSLCipherSuite` is u32 on x86_64 macOS).
        "make_suites" => {
            let ty = "CipherSuite".to_string();
            let mut defs = vec![Def::Type {
                name: ty.clone(),
                derives: ["Debug", "Copy", "Clone", "Hash", "PartialEq", "Eq"]
                    .map(String::from)
                    .to_vec(),
            }];
            defs.extend(idents(tokens).into_iter().map(|name| Def::Const {
                ty: ty.clone(),
                name,
            }));
            defs.push(Def::Method {
                ty: ty.clone(),
                name: "from_raw".into(),
                fn_type: "fn(u32) -> CipherSuite".into(),
            });
            defs.push(Def::Method {
                ty,
                name: "to_raw".into(),
                fn_type: "fn(&CipherSuite) -> u32".into(),
            });
            defs
        }
        // security-framework-sys's `names! { Variant => kSecKeyAlgorithm..., }`: the
        // `Algorithm` enum (Copy, Clone), one variant per name.
        "names" => {
            let ty = "Algorithm".to_string();
            let mut defs = vec![Def::Type {
                name: ty.clone(),
                derives: vec!["Copy".into(), "Clone".into()],
            }];
            let list: Vec<TokenTree> = tokens.clone().into_iter().collect();
            for (n, t) in list.iter().enumerate() {
                let next_is_arrow =
                    matches!(list.get(n + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=');
                let feature_gated = n > 0 && matches!(list.get(n - 1), Some(TokenTree::Literal(_)));
                if let (TokenTree::Ident(i), true, false) = (t, next_is_arrow, feature_gated) {
                    defs.push(Def::Variant {
                        ty: ty.clone(),
                        name: i.to_string(),
                    });
                }
            }
            defs
        }
        _ => Vec::new(),
    }
}

/// Whether a call's tokens make the item `name` (sys's `names!` makes `Algorithm`).
pub fn defines(tokens: &TokenStream, name: &str) -> bool {
    name == "Algorithm"
        && idents(tokens)
            .iter()
            .any(|i| i.starts_with("kSecKeyAlgorithm"))
}

/// `bitflags! { #[derive(...)] pub struct Name: Bits { const A = ...; ... } }`
fn bitflags(tokens: &TokenStream) -> Vec<Def> {
    let list: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut derives = Vec::new();
    let mut name = String::new();
    let mut defs = Vec::new();
    for (n, t) in list.iter().enumerate() {
        match t {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                if matches!(inner.first(), Some(TokenTree::Ident(i)) if i == "derive") {
                    if let Some(TokenTree::Group(args)) = inner.get(1) {
                        derives = idents(&args.stream());
                    }
                }
            }
            TokenTree::Ident(i) if i == "struct" => {
                if let Some(TokenTree::Ident(n)) = list.get(n + 1) {
                    name = n.to_string();
                }
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                for (k, t) in inner.iter().enumerate() {
                    if matches!(t, TokenTree::Ident(i) if i == "const") {
                        if let Some(TokenTree::Ident(c)) = inner.get(k + 1) {
                            defs.push(Def::Const {
                                ty: name.clone(),
                                name: c.to_string(),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut all = vec![Def::Type {
        name: name.clone(),
        derives,
    }];
    all.push(Def::Trait {
        ty: name,
        path: "bitflags::Flags".into(),
        shown: "bitflags::Flags".into(),
    });
    all.extend(defs);
    all
}

/// `impl_options! { const kOption: getter & setter, ... }`: the (getter, setter) pairs.
pub fn options(tokens: &TokenStream) -> Vec<(String, String)> {
    let list: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut pairs = Vec::new();
    for (n, t) in list.iter().enumerate() {
        if matches!(t, TokenTree::Punct(p) if p.as_char() == '&') {
            if let (Some(TokenTree::Ident(g)), Some(TokenTree::Ident(s))) =
                (list.get(n - 1), list.get(n + 1))
            {
                pairs.push((g.to_string(), s.to_string()));
            }
        }
    }
    pairs
}
