//! One module of security-framework read into items, each with the Rust that names it here.

use std::path::Path;

use quote::{quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{
    Attribute, Fields, FnArg, Generics, ImplItem, Item as SynItem, ReturnType, Signature,
    TraitItem, Type, UseTree, Visibility,
};

use crate::macros;
use crate::status::{Status, StatusList};

/// Whether a `use` line names one of security-framework's items that is not here.
fn missing_here(line: &str, statuses: &StatusList) -> bool {
    let Some(rest) = line.strip_prefix("use security_framework::") else {
        return false;
    };
    let path: String = rest
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ';')
        .collect();
    let (prefix, names) = match path.split_once('{') {
        Some((prefix, names)) => (
            prefix.to_string(),
            names
                .trim_end_matches('}')
                .split(',')
                .map(str::to_string)
                .collect::<Vec<_>>(),
        ),
        None => (String::new(), vec![path.clone()]),
    };
    names.iter().any(|name| {
        let id = format!("{prefix}{name}");
        !matches!(
            statuses.status_of(&id).0,
            Status::Same | Status::Substituted
        )
    })
}

/// security-framework's default features, the only ones its items are read with.
const DEFAULT_FEATURES: &[&str] = &["OSX_10_14", "alpn", "session-tickets"];

/// Crates whose names the generated code cannot use (this crate has no CoreFoundation).
const FOREIGN_CRATES: &[&str] = &[
    "core_foundation",
    "core_foundation_sys",
    "security_framework_sys",
    "libc",
    "log",
];

pub struct Module {
    pub path: String,
    uses: Vec<String>,
    pub items: Vec<Item>,
}

/// One public item and the function that names it.
pub struct Item {
    pub id: String,
    name: String,
    /// `<...>` of the function, params and where clause (empty when not generic).
    generics: String,
    params: String,
    output: String,
    where_clause: String,
    pub check: String,
    /// The item's path as an expression, for a substitute's fn-pointer coercion.
    path_expr: Option<String>,
}

impl Item {
    fn simple(id: String, check: String) -> Item {
        Item {
            name: fn_name(&id),
            id,
            generics: String::new(),
            params: String::new(),
            output: String::new(),
            where_clause: String::new(),
            check,
            path_expr: None,
        }
    }

    fn generic(id: String, generics: &Generics, check: String) -> Item {
        let mut item = Item::simple(id, check);
        item.set_generics(generics);
        item
    }

    fn set_generics(&mut self, generics: &Generics) {
        let params = &generics.params;
        if !params.is_empty() {
            self.generics = quote!(<#params>).to_string();
        }
        if let Some(w) = &generics.where_clause {
            self.where_clause = w.to_token_stream().to_string();
        }
    }

    /// The function checking the item as security-framework has it.
    pub fn function(&self, body: &str) -> String {
        format!(
            "    /// `{}`\n    pub fn {}{}({}){} {} {{\n        {}\n    }}\n\n",
            self.id, self.name, self.generics, self.params, self.output, self.where_clause, body
        )
    }

    /// The function checking ours instead: `replacement` is the fn-pointer type ours is
    /// coerced to, or the statements that check it.
    pub fn substitute(&self, replacement: &str) -> String {
        let body = match &self.path_expr {
            Some(path) if replacement.starts_with("fn(") || replacement.starts_with("for<") => {
                format!("let _: {replacement} = {path};")
            }
            _ => replacement.to_string(),
        };
        format!(
            "    /// `{}` (substituted)\n    pub fn {}() {{\n        {}\n    }}\n\n",
            self.id, self.name, body
        )
    }
}

/// A type of security-framework's code as this crate names it: its `crate::` paths are
/// `security_framework::` ones here.
fn sf_type(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string();
    match text.strip_prefix("crate ::") {
        Some(rest) => format!("security_framework ::{rest}"),
        None => text,
    }
}

fn fn_name(id: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    while name.contains("__") {
        name = name.replace("__", "_");
    }
    name.trim_matches('_').to_string()
}

impl Module {
    pub fn read(path: &str, file: &syn::File, sys: &Path, statuses: &StatusList) -> Module {
        let mut module = Module {
            path: path.to_string(),
            uses: Vec::new(),
            items: Vec::new(),
        };
        let implementors = implementors(&file.items);
        for item in &file.items {
            module.item(item, &implementors, sys);
        }
        // A `use` of an item that is not here would not resolve.
        module.uses.retain(|u| !missing_here(u, statuses));
        let mut seen = std::collections::HashMap::new();
        for item in &mut module.items {
            let n: &mut usize = seen.entry(item.name.clone()).or_default();
            *n += 1;
            if *n > 1 {
                item.name = format!("{}_{n}", item.name);
            }
        }
        module
    }

    fn id(&self, rest: &str) -> String {
        format!("{}::{rest}", self.path)
    }

    fn item(&mut self, item: &SynItem, implementors: &[(String, Type, Generics)], sys: &Path) {
        if !enabled(attrs_of(item)) {
            return;
        }
        match item {
            SynItem::Use(u) => {
                if is_pub(&u.vis) && !hidden(&u.attrs) {
                    self.reexport(&u.tree, sys);
                }
                if let Some(text) = self.rewrite_use(&u.tree) {
                    self.uses.push(text);
                }
            }
            SynItem::Struct(s) if is_pub(&s.vis) && !hidden(&s.attrs) => {
                let name = s.ident.to_string();
                self.type_item(&name, &s.generics);
                self.derives(&name, &s.attrs, &s.generics);
                if let Fields::Named(fields) = &s.fields {
                    for field in &fields.named {
                        if is_pub(&field.vis) && enabled(&field.attrs) && !hidden(&field.attrs) {
                            let f = field.ident.as_ref().unwrap();
                            let ty = &field.ty;
                            let (params, args) = split_generics(&s.generics);
                            let mut it = Item::generic(
                                self.id(&format!("{name}.{f}")),
                                &s.generics,
                                format!("&this.{f}"),
                            );
                            it.params = format!("this: &{name}{args}");
                            it.output = format!(" -> &{}", ty.to_token_stream());
                            let _ = params;
                            self.items.push(it);
                        }
                    }
                }
            }
            SynItem::Enum(e) if is_pub(&e.vis) && !hidden(&e.attrs) => {
                let name = e.ident.to_string();
                self.type_item(&name, &e.generics);
                self.derives(&name, &e.attrs, &e.generics);
                let (_, args) = split_generics(&e.generics);
                for v in &e.variants {
                    if !enabled(&v.attrs) || hidden(&v.attrs) {
                        continue;
                    }
                    let vn = &v.ident;
                    let check = match &v.fields {
                        Fields::Unit => format!("let _: {name}{args} = {name}::{vn};"),
                        Fields::Unnamed(f) => {
                            let tys: Vec<String> = f
                                .unnamed
                                .iter()
                                .map(|f| sf_type(&f.ty))
                                .collect();
                            format!(
                                "let _: fn({}) -> {name}{args} = {name}::{vn};",
                                tys.join(", ")
                            )
                        }
                        Fields::Named(f) => {
                            let fields: Vec<String> = f
                                .named
                                .iter()
                                .map(|f| {
                                    format!(
                                        "{}: {}",
                                        f.ident.as_ref().unwrap(),
                                        sf_type(&f.ty)
                                    )
                                })
                                .collect();
                            let names: Vec<String> = f
                                .named
                                .iter()
                                .map(|f| f.ident.as_ref().unwrap().to_string())
                                .collect();
                            format!(
                                "let _ = |{}| -> {name}{args} {{ {name}::{vn} {{ {} }} }};",
                                fields.join(", "),
                                names.join(", ")
                            )
                        }
                    };
                    self.items.push(Item::generic(
                        self.id(&format!("{name}::{vn}")),
                        &e.generics,
                        check,
                    ));
                }
            }
            SynItem::Type(t) if is_pub(&t.vis) && !hidden(&t.attrs) => {
                let name = t.ident.to_string();
                let mut generics = t.generics.clone();
                let params: Vec<String> = generics
                    .type_params_mut()
                    .filter(|p| p.default.is_none())
                    .map(|p| p.ident.to_string())
                    .collect();
                generics.params = generics
                    .params
                    .into_iter()
                    .filter(|p| !matches!(p, syn::GenericParam::Type(t) if t.default.is_some()))
                    .collect();
                let args = if params.is_empty() {
                    String::new()
                } else {
                    format!("<{}>", params.join(", "))
                };
                self.items.push(Item::generic(
                    self.id(&name),
                    &generics,
                    format!("let _ = core::marker::PhantomData::<{name}{args}>;"),
                ));
            }
            SynItem::Const(c) if is_pub(&c.vis) && !hidden(&c.attrs) => {
                let (n, ty) = (&c.ident, &c.ty);
                self.items.push(Item::simple(
                    self.id(&n.to_string()),
                    format!("let _: {} = {n};", ty.to_token_stream()),
                ));
            }
            SynItem::Static(s) if is_pub(&s.vis) && !hidden(&s.attrs) => {
                let (n, ty) = (&s.ident, &s.ty);
                self.items.push(Item::simple(
                    self.id(&n.to_string()),
                    format!("let _: &{} = &{n};", ty.to_token_stream()),
                ));
            }
            SynItem::Fn(f) if is_pub(&f.vis) && !hidden(&f.attrs) => {
                let name = f.sig.ident.to_string();
                let item = self.callable(self.id(&name), &f.sig, None, name.clone(), None);
                self.items.push(item);
            }
            SynItem::Trait(t) if is_pub(&t.vis) && !hidden(&t.attrs) => {
                let name = t.ident.to_string();
                self.items.push(Item::simple(
                    self.id(&name),
                    format!("#[allow(unused_imports)] use self::{name} as _;"),
                ));
                let implementor = implementors.iter().find(|(tr, _, _)| *tr == name);
                for ti in &t.items {
                    let TraitItem::Fn(f) = ti else { continue };
                    if !enabled(&f.attrs) || hidden(&f.attrs) {
                        continue;
                    }
                    let Some((_, self_ty, impl_generics)) = implementor else {
                        panic!("{}: trait {name} has no implementor in its file", self.path)
                    };
                    let m = f.sig.ident.to_string();
                    let call = format!("<{} as {name}>::{m}", self_ty.to_token_stream());
                    let item = self.callable(
                        self.id(&format!("{name}::{m}")),
                        &f.sig,
                        Some(self_ty),
                        call,
                        (!impl_generics.params.is_empty()).then_some(impl_generics),
                    );
                    self.items.push(item);
                }
            }
            SynItem::Impl(i) => self.impl_block(i),
            SynItem::Macro(m) => {
                let name = m.mac.path.segments.last().unwrap().ident.to_string();
                for def in macros::expand(&name, &m.mac.tokens) {
                    self.macro_def(def);
                }
            }
            _ => {}
        }
    }

    fn type_item(&mut self, name: &str, generics: &Generics) {
        let (_, args) = split_generics(generics);
        self.items.push(Item::generic(
            self.id(name),
            generics,
            format!("let _ = core::marker::PhantomData::<{name}{args}>;"),
        ));
    }

    fn derives(&mut self, name: &str, attrs: &[Attribute], generics: &Generics) {
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let paths = attr
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                )
                .unwrap();
            for p in paths {
                let t = p.segments.last().unwrap().ident.to_string();
                self.trait_impl(name, generics, &derived_trait(&t), &t);
            }
        }
    }

    /// `name: trait_path`, checked with a bound.
    fn trait_impl(&mut self, name: &str, generics: &Generics, trait_path: &str, shown: &str) {
        let (_, args) = split_generics(generics);
        self.items.push(Item::generic(
            self.id(&format!("{name}: {shown}")),
            generics,
            format!("fn check<X: ?Sized + {trait_path}>() {{}}\n        check::<{name}{args}>();"),
        ));
    }

    fn impl_block(&mut self, i: &syn::ItemImpl) {
        let Type::Path(self_path) = &*i.self_ty else {
            return;
        };
        let self_name = self_path.path.segments.last().unwrap().ident.to_string();
        if let Some((negative, trait_path, _)) = &i.trait_ {
            let shown = trait_path.to_token_stream().to_string().replace(' ', "");
            let last = trait_path.segments.last().unwrap().ident.to_string();
            if negative.is_some() || last == "Drop" {
                return;
            }
            let mut id_name = self_name.clone();
            let check_ty = i.self_ty.to_token_stream().to_string();
            // The bound names the type as the impl does (`SslStream<S>`).
            let (_, args) = split_generics(&i.generics);
            let _ = args;
            id_name.push_str(&format!(": {shown}"));
            self.items.push(Item::generic(
                self.id(&id_name),
                &i.generics,
                format!(
                    "fn check<X: ?Sized + {}>() {{}}\n        check::<{check_ty}>();",
                    trait_path.to_token_stream()
                ),
            ));
            return;
        }
        let generic_impl = !i.generics.params.is_empty();
        for ii in &i.items {
            match ii {
                ImplItem::Fn(f) if is_pub(&f.vis) && enabled(&f.attrs) && !hidden(&f.attrs) => {
                    let m = f.sig.ident.to_string();
                    let call = format!("<{}>::{m}", i.self_ty.to_token_stream());
                    let item = self.callable(
                        self.id(&format!("{self_name}::{m}")),
                        &f.sig,
                        Some(&i.self_ty),
                        call,
                        generic_impl.then_some(&i.generics),
                    );
                    self.items.push(item);
                }
                ImplItem::Const(c) if is_pub(&c.vis) && enabled(&c.attrs) && !hidden(&c.attrs) => {
                    let mut ty = c.ty.clone();
                    replace_self(&mut ty, &i.self_ty);
                    self.items.push(Item::generic(
                        self.id(&format!("{self_name}::{}", c.ident)),
                        &i.generics,
                        format!(
                            "let _: {} = <{}>::{};",
                            ty.to_token_stream(),
                            i.self_ty.to_token_stream(),
                            c.ident
                        ),
                    ));
                }
                ImplItem::Macro(m) => {
                    let name = m.mac.path.segments.last().unwrap().ident.to_string();
                    if name == "impl_options" {
                        for (getter, setter) in macros::options(&m.mac.tokens) {
                            let ty = i.self_ty.to_token_stream().to_string();
                            self.items.push(Item::simple(
                                self.id(&format!("{self_name}::{setter}")),
                                format!(
                                    "let _: fn(&mut {ty}, bool) -> Result<()> = {ty}::{setter};"
                                ),
                            ));
                            self.items.push(Item::simple(
                                self.id(&format!("{self_name}::{getter}")),
                                format!("let _: fn(&{ty}) -> Result<bool> = {ty}::{getter};"),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A function or method: a fn-pointer coercion, or a wrapper with its signature calling
    /// ours when it is generic.
    fn callable(
        &self,
        id: String,
        sig: &Signature,
        self_ty: Option<&Type>,
        call: String,
        impl_generics: Option<&Generics>,
    ) -> Item {
        let mut sig = sig.clone();
        CrateRoot.visit_signature_mut(&mut sig);
        if let Some(self_ty) = self_ty {
            let mut replacer = SelfReplacer(self_ty.clone());
            for arg in sig.inputs.iter_mut() {
                if let FnArg::Typed(t) = arg {
                    replacer.visit_type_mut(&mut t.ty);
                }
            }
            if let ReturnType::Type(_, t) = &mut sig.output {
                replacer.visit_type_mut(t);
            }
            replacer.visit_generics_mut(&mut sig.generics);
        }
        let has_impl_trait = sig.inputs.iter().any(|a| match a {
            FnArg::Typed(t) => contains_impl_trait(&t.ty),
            _ => false,
        }) || matches!(&sig.output, ReturnType::Type(_, t) if contains_impl_trait(t));
        let generic = impl_generics.is_some() || !sig.generics.params.is_empty() || has_impl_trait;
        let self_text = self_ty.map(|t| t.to_token_stream().to_string());
        let output = match &sig.output {
            ReturnType::Default => String::new(),
            ReturnType::Type(_, t) => format!(" -> {}", t.to_token_stream()),
        };
        if !generic {
            let mut types = Vec::new();
            let mut output = output;
            let mut binder = "";
            for arg in &sig.inputs {
                match arg {
                    FnArg::Receiver(r) => {
                        let st = self_text.as_ref().unwrap();
                        if r.reference.is_some() {
                            // Elided output lifetimes are the receiver's.
                            if let ReturnType::Type(_, t) = &sig.output {
                                let mut t = t.clone();
                                NameElided.visit_type_mut(&mut t);
                                output = format!(" -> {}", t.to_token_stream());
                            }
                            binder = "for<'__s> ";
                        }
                        types.push(match (&r.reference, r.mutability) {
                            (Some(_), Some(_)) => format!("&'__s mut {st}"),
                            (Some(_), None) => format!("&'__s {st}"),
                            (None, _) => st.clone(),
                        });
                    }
                    FnArg::Typed(t) => types.push(t.ty.to_token_stream().to_string()),
                }
            }
            let unsafety = if sig.unsafety.is_some() {
                "unsafe "
            } else {
                ""
            };
            let mut item = Item::simple(
                id,
                format!(
                    "let _: {binder}{unsafety}fn({}){output} = {call};",
                    types.join(", ")
                ),
            );
            item.path_expr = Some(call);
            return item;
        }
        // The wrapper: the same signature, `self` made `this`.
        let mut generics = sig.generics.clone();
        if let Some(ig) = impl_generics {
            let mut merged = ig.clone();
            merged.params.extend(generics.params);
            if let Some(w) = generics.where_clause {
                merged.make_where_clause().predicates.extend(w.predicates);
            }
            generics = merged;
        }
        let mut output_ty = sig.output.clone();
        let mut params = Vec::new();
        let mut args = Vec::new();
        for (n, arg) in sig.inputs.iter().enumerate() {
            match arg {
                FnArg::Receiver(r) => {
                    let st = self_text.as_ref().unwrap();
                    let text = match (&r.reference, r.mutability) {
                        (Some(_), m) => {
                            // Elided output lifetimes were the receiver's.
                            if let ReturnType::Type(_, t) = &mut output_ty {
                                NameElided.visit_type_mut(t);
                            }
                            let lt: syn::LifetimeParam = syn::parse_quote!('__s);
                            generics.params.insert(0, syn::GenericParam::Lifetime(lt));
                            if m.is_some() {
                                format!("this: &'__s mut {st}")
                            } else {
                                format!("this: &'__s {st}")
                            }
                        }
                        (None, _) => format!("this: {st}"),
                    };
                    params.push(text);
                    args.push("this".to_string());
                }
                FnArg::Typed(t) => {
                    params.push(format!("a{n}: {}", t.ty.to_token_stream()));
                    args.push(format!("a{n}"));
                }
            }
        }
        let mut item = Item::simple(id, format!("{call}({})", args.join(", ")));
        item.set_generics(&generics);
        item.params = params.join(", ");
        item.output = match &output_ty {
            ReturnType::Default => String::new(),
            ReturnType::Type(_, t) => format!(" -> {}", t.to_token_stream()),
        };
        if sig.unsafety.is_some() {
            item.check = format!("unsafe {{ {} }}", item.check);
        }
        item.path_expr = Some(call);
        item
    }

    fn macro_def(&mut self, def: macros::Def) {
        match def {
            macros::Def::Type { name, derives } => {
                self.type_item(&name, &Generics::default());
                for d in derives {
                    self.trait_impl(&name, &Generics::default(), &derived_trait(&d), &d);
                }
            }
            macros::Def::Trait { ty, path, shown } => {
                self.trait_impl(&ty, &Generics::default(), &path, &shown)
            }
            macros::Def::Const { ty, name } => self.items.push(Item::simple(
                self.id(&format!("{ty}::{name}")),
                format!("let _: {ty} = {ty}::{name};"),
            )),
            macros::Def::Variant { ty, name } => self.items.push(Item::simple(
                self.id(&format!("{ty}::{name}")),
                format!("let _: {ty} = {ty}::{name};"),
            )),
            macros::Def::Method { ty, name, fn_type } => {
                let mut item = Item::simple(
                    self.id(&format!("{ty}::{name}")),
                    format!("let _: {fn_type} = {ty}::{name};"),
                );
                item.path_expr = Some(format!("{ty}::{name}"));
                self.items.push(item);
            }
        }
    }

    /// `pub use` of security-framework-sys's items: read them from there.
    fn reexport(&mut self, tree: &UseTree, sys: &Path) {
        let mut path = Vec::new();
        let mut t = tree;
        while let UseTree::Path(p) = t {
            path.push(p.ident.to_string());
            t = &p.tree;
        }
        let names: Vec<String> = match t {
            UseTree::Name(n) => vec![n.ident.to_string()],
            UseTree::Group(g) => g
                .items
                .iter()
                .filter_map(|i| match i {
                    UseTree::Name(n) => Some(n.ident.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        if path.first().map(String::as_str) == Some("security_framework_sys") {
            let file = sys.join(format!("{}.rs", path[1..].join("/")));
            let source = std::fs::read_to_string(&file).unwrap();
            let parsed = syn::parse_file(&source).unwrap();
            for name in &names {
                for item in &parsed.items {
                    let matches = match item {
                        SynItem::Enum(e) => e.ident == name,
                        SynItem::Struct(s) => s.ident == name,
                        SynItem::Macro(m) => macros::defines(&m.mac.tokens, name),
                        _ => false,
                    };
                    if matches {
                        self.item(item, &[], sys);
                    }
                }
            }
        } else {
            for name in names {
                self.items.push(Item::simple(
                    self.id(&name),
                    format!("#[allow(unused_imports)] use self::{name} as _;"),
                ));
            }
        }
    }

    fn rewrite_use(&self, tree: &UseTree) -> Option<String> {
        let UseTree::Path(p) = tree else {
            return Some(format!("use {};", tree.to_token_stream()));
        };
        let root = p.ident.to_string();
        if FOREIGN_CRATES.contains(&root.as_str()) {
            return None;
        }
        let rest = p.tree.to_token_stream().to_string();
        // security-framework's private helper.
        let rest = rest.replace("cvt ,", "").replace(", cvt", "");
        if root == "crate" && rest == "cvt" {
            return None;
        }
        let prefix = match root.as_str() {
            "crate" => "security_framework".to_string(),
            "super" => {
                let parts: Vec<&str> = self.path.split("::").collect();
                format!(
                    "security_framework::{}",
                    parts[..parts.len() - 1].join("::")
                )
            }
            "self" => format!("security_framework::{}", self.path),
            other => other.to_string(),
        };
        Some(format!("use {prefix}::{rest};"))
    }

    /// The module of generated code for this module's items.
    pub fn wrap(&self, code: &str) -> String {
        if code.is_empty() {
            return String::new();
        }
        let name = self.path.replace("::", "_");
        let mut out = format!(
            "/// `security_framework::{}`\npub mod {name} {{\n",
            self.path
        );
        out.push_str("    #[allow(unused_imports)]\n");
        out.push_str(&format!("    use security_framework::{}::*;\n", self.path));
        for u in &self.uses {
            out.push_str("    #[allow(unused_imports)]\n");
            out.push_str(&format!("    {u}\n"));
        }
        out.push('\n');
        out.push_str(code);
        out.push_str("}\n\n");
        out
    }
}

/// `(trait name, implementing type, the impl's generics)` of the file's trait impls.
fn implementors(items: &[SynItem]) -> Vec<(String, Type, Generics)> {
    items
        .iter()
        .filter_map(|item| match item {
            SynItem::Impl(i) if enabled(&i.attrs) => {
                let (_, path, _) = i.trait_.as_ref()?;
                Some((
                    path.segments.last()?.ident.to_string(),
                    (*i.self_ty).clone(),
                    i.generics.clone(),
                ))
            }
            _ => None,
        })
        .collect()
}

fn split_generics(generics: &Generics) -> (String, String) {
    let (params, args, _) = generics.split_for_impl();
    (
        params.to_token_stream().to_string(),
        args.to_token_stream().to_string(),
    )
}

fn derived_trait(name: &str) -> String {
    match name {
        "Debug" => "std::fmt::Debug".into(),
        "Hash" => "std::hash::Hash".into(),
        other => other.into(),
    }
}

fn attrs_of(item: &SynItem) -> &[Attribute] {
    match item {
        SynItem::Use(i) => &i.attrs,
        SynItem::Struct(i) => &i.attrs,
        SynItem::Enum(i) => &i.attrs,
        SynItem::Type(i) => &i.attrs,
        SynItem::Const(i) => &i.attrs,
        SynItem::Static(i) => &i.attrs,
        SynItem::Fn(i) => &i.attrs,
        SynItem::Trait(i) => &i.attrs,
        SynItem::Impl(i) => &i.attrs,
        SynItem::Macro(i) => &i.attrs,
        SynItem::Mod(i) => &i.attrs,
        _ => &[],
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc") && a.meta.to_token_stream().to_string().contains("hidden")
    })
}

/// Whether every `#[cfg]` holds on macOS with the default features.
pub fn enabled(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .all(|a| eval(&a.parse_args::<syn::Meta>().unwrap()))
}

fn eval(meta: &syn::Meta) -> bool {
    match meta {
        syn::Meta::Path(p) => !(p.is_ident("test") || p.is_ident("doc")),
        syn::Meta::NameValue(nv) => {
            let value = match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => s.value(),
                _ => return false,
            };
            let key = nv
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            match key.as_str() {
                "target_os" => value == "macos",
                "target_vendor" => value == "apple",
                "feature" => DEFAULT_FEATURES.contains(&value.as_str()),
                _ => false,
            }
        }
        syn::Meta::List(list) => {
            let inner = list
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                )
                .unwrap();
            let mut values = inner.iter().map(eval);
            match list.path.get_ident().map(|i| i.to_string()).as_deref() {
                Some("any") => values.any(|v| v),
                Some("all") => values.all(|v| v),
                Some("not") => !values.next().unwrap(),
                _ => false,
            }
        }
    }
}

fn contains_impl_trait(ty: &Type) -> bool {
    struct Finder(bool);
    impl VisitMut for Finder {
        fn visit_type_mut(&mut self, ty: &mut Type) {
            if matches!(ty, Type::ImplTrait(_)) {
                self.0 = true;
            }
            syn::visit_mut::visit_type_mut(self, ty);
        }
    }
    let mut finder = Finder(false);
    finder.visit_type_mut(&mut ty.clone());
    finder.0
}

/// `Self` written as the implementing type.
/// Makes security-framework's `crate::…` paths in a signature (`crate::Result<Self>`) name
/// the crate checked.
struct CrateRoot;

impl VisitMut for CrateRoot {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some(first) = path.segments.first_mut() {
            if first.ident == "crate" {
                first.ident = syn::Ident::new("security_framework", first.ident.span());
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

struct SelfReplacer(Type);

impl VisitMut for SelfReplacer {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        if let Type::Path(p) = ty {
            if p.qself.is_none() && p.path.is_ident("Self") {
                *ty = self.0.clone();
                return;
            }
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}

fn replace_self(ty: &mut Type, self_ty: &Type) {
    SelfReplacer(self_ty.clone()).visit_type_mut(ty);
}

/// Elided lifetimes named `'__s`, the receiver's.
struct NameElided;

impl VisitMut for NameElided {
    fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
        if r.lifetime.is_none() {
            r.lifetime = Some(syn::parse_quote!('__s));
        }
        syn::visit_mut::visit_type_reference_mut(self, r);
    }

    fn visit_lifetime_mut(&mut self, l: &mut syn::Lifetime) {
        if l.ident == "_" {
            *l = syn::parse_quote!('__s);
        }
    }
}
