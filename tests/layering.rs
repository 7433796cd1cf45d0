//! The module graph of both crates (`src/` and `sys/src/`): which file imports which.
//!
//! Each file is a node; a path in its code (`crate::a::b`, `super::c`, `self::d`, or a child
//! module's name) is an edge to the deepest module it names. The graph must have no circle,
//! and the library's must stay shallow: its top-level modules (`engine`, `trust`, … each
//! with all its files) are layers that each build on the ones below.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The most layers the library may have: the longest import chain of its top-level modules
/// (a module's files import one another inside their layer: a module of several files is no
/// deeper than one of one file, and none of them may import a file of a higher layer).
/// `os` (security-framework's `os::macos` paths) is the top: it extends the facade.
const MAX_LAYERS: usize = 7;

type Module = Vec<String>;

#[test]
fn the_library_has_no_import_circle_and_few_layers() {
    let graph = Graph::of_crate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    graph.assert_no_circle("src");
    let layers = graph.top_level();
    layers.assert_no_circle("src's top-level modules");
    let (layers, chain) = layers.longest_chain();
    assert!(
        layers <= MAX_LAYERS,
        "src/ is {layers} layers deep (at most {MAX_LAYERS}): {}",
        show(&chain)
    );
}

#[test]
fn the_c_abi_has_no_import_circle() {
    Graph::of_crate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sys/src"))
        .assert_no_circle("sys/src");
}

#[test]
fn the_graph_sees_use_trees_relative_paths_and_circles() {
    let modules: BTreeSet<Module> = [
        vec![],
        vec!["a".to_owned()],
        vec!["a".to_owned(), "b".to_owned()],
        vec!["c".to_owned()],
    ]
    .into_iter()
    .collect();
    let code = "use super::{b::Thing, Other};\n// crate::c::not_code\nlet s = \"crate::c\";\nb::f();\ncrate::c::g();";
    let edges = edges_of(&["a".to_owned()], code, &modules);
    let expected: BTreeSet<Module> = [
        vec![],
        vec!["a".to_owned(), "b".to_owned()],
        vec!["c".to_owned()],
    ]
    .into_iter()
    .collect();
    assert_eq!(edges, expected);

    let mut graph = Graph::default();
    graph
        .edges
        .insert(vec!["x".to_owned()], [vec!["y".to_owned()]].into());
    graph
        .edges
        .insert(vec!["y".to_owned()], [vec!["x".to_owned()]].into());
    assert_eq!(graph.circles().len(), 1);

    // Layers are top-level modules: a chain inside one counts once.
    let module = |path: &str| -> Module { path.split("::").map(str::to_owned).collect() };
    let mut graph = Graph::default();
    for (from, to) in [
        ("engine", "engine::a"),
        ("engine::a", "engine::b"),
        ("engine::b", "trust"),
        ("trust", "base"),
        ("facade", "engine"),
    ] {
        graph
            .edges
            .entry(module(from))
            .or_default()
            .insert(module(to));
    }
    assert_eq!(graph.longest_chain().0, 6);
    let layers = graph.top_level();
    assert!(layers.circles().is_empty());
    assert_eq!(
        layers.longest_chain(),
        (
            4,
            vec![
                module("facade"),
                module("engine"),
                module("trust"),
                module("base")
            ]
        )
    );
}

#[derive(Default)]
struct Graph {
    edges: BTreeMap<Module, BTreeSet<Module>>,
}

impl Graph {
    fn of_crate(root: &Path) -> Graph {
        let mut files = Vec::new();
        collect(root, root, &mut files);
        assert!(!files.is_empty(), "no sources under {}", root.display());
        let modules: BTreeSet<Module> = files.iter().map(|(m, _)| m.clone()).collect();
        let mut graph = Graph::default();
        for (module, code) in &files {
            graph
                .edges
                .insert(module.clone(), edges_of(module, code, &modules));
        }
        graph
    }

    /// The graph of the top-level modules (the crate root stays itself): each file counts as
    /// its top-level module, and imports within one module drop out.
    fn top_level(&self) -> Graph {
        let top = |module: &Module| module.iter().take(1).cloned().collect::<Module>();
        let mut graph = Graph::default();
        for (module, targets) in &self.edges {
            let from = top(module);
            let edges = graph.edges.entry(from.clone()).or_default();
            edges.extend(targets.iter().map(top).filter(|to| *to != from));
        }
        graph
    }

    /// Strongly connected components with more than one module (Tarjan's algorithm).
    fn circles(&self) -> Vec<Vec<Module>> {
        struct Walk<'a> {
            graph: &'a Graph,
            index: BTreeMap<&'a Module, usize>,
            low: BTreeMap<&'a Module, usize>,
            stack: Vec<&'a Module>,
            on_stack: BTreeSet<&'a Module>,
            found: Vec<Vec<Module>>,
        }
        impl<'a> Walk<'a> {
            fn visit(&mut self, node: &'a Module) {
                let n = self.index.len();
                self.index.insert(node, n);
                self.low.insert(node, n);
                self.stack.push(node);
                self.on_stack.insert(node);
                for next in self.graph.edges.get(node).into_iter().flatten() {
                    if !self.index.contains_key(next) {
                        self.visit(next);
                        let low = self.low[node].min(self.low[next]);
                        self.low.insert(node, low);
                    } else if self.on_stack.contains(next) {
                        let low = self.low[node].min(self.index[next]);
                        self.low.insert(node, low);
                    }
                }
                if self.low[node] == self.index[node] {
                    let mut component = Vec::new();
                    while let Some(top) = self.stack.pop() {
                        self.on_stack.remove(top);
                        component.push(top.clone());
                        if top == node {
                            break;
                        }
                    }
                    if component.len() > 1 {
                        self.found.push(component);
                    }
                }
            }
        }
        let mut walk = Walk {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            found: Vec::new(),
        };
        for node in self.edges.keys() {
            if !walk.index.contains_key(node) {
                walk.visit(node);
            }
        }
        walk.found
    }

    fn assert_no_circle(&self, what: &str) {
        let circles = self.circles();
        let shown: Vec<String> = circles.iter().map(|c| show(c)).collect();
        assert!(
            circles.is_empty(),
            "import circles in {what}:\n{}",
            shown.join("\n")
        );
    }

    /// The longest import chain (the graph has no circle), as its length and its modules.
    fn longest_chain(&self) -> (usize, Vec<Module>) {
        fn chain<'a>(
            graph: &'a Graph,
            node: &'a Module,
            memo: &mut BTreeMap<&'a Module, Vec<Module>>,
        ) -> Vec<Module> {
            if let Some(known) = memo.get(node) {
                return known.clone();
            }
            let mut best = Vec::new();
            for next in graph.edges.get(node).into_iter().flatten() {
                let below = chain(graph, next, memo);
                if below.len() > best.len() {
                    best = below;
                }
            }
            best.insert(0, node.clone());
            memo.insert(node, best.clone());
            best
        }
        let mut memo = BTreeMap::new();
        let longest = self
            .edges
            .keys()
            .map(|node| chain(self, node, &mut memo))
            .max_by_key(Vec::len)
            .unwrap_or_default();
        (longest.len(), longest)
    }
}

fn show(modules: &[Module]) -> String {
    let names: Vec<String> = modules
        .iter()
        .map(|m| {
            if m.is_empty() {
                "lib".to_owned()
            } else {
                m.join("::")
            }
        })
        .collect();
    names.join(" -> ")
}

/// Every `.rs` file under `dir` with its module path (`lib.rs` is the root, `a/mod.rs` is `a`).
fn collect(root: &Path, dir: &Path, out: &mut Vec<(Module, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .expect("under root")
            .with_extension("");
        let mut module: Module = relative
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
            module.pop();
        }
        let code = fs::read_to_string(&path).expect("read source");
        out.push((module, code));
    }
}

/// The modules `code` (the file of `module`) refers to, other than itself.
fn edges_of(module: &[String], code: &str, modules: &BTreeSet<Module>) -> BTreeSet<Module> {
    let code = strip_comments_and_strings(code);
    let tokens = tokenize(&code);
    let children: BTreeSet<&str> = modules
        .iter()
        .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
        .map(|m| m[module.len()].as_str())
        .collect();
    let mut edges = BTreeSet::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts_path = i == 0 || tokens[i - 1] != "::";
        let word = tokens[i].as_str();
        let base: Option<Module> = match word {
            "crate" => Some(Vec::new()),
            "super" => Some(module[..module.len().saturating_sub(1)].to_vec()),
            "self" => Some(module.to_vec()),
            _ if children.contains(word) => Some(module.to_vec()),
            _ => None,
        };
        let followed = tokens.get(i + 1).is_some_and(|t| t == "::");
        match base {
            Some(base) if starts_path && followed => {
                // A child's name starts the path itself; the keywords are followed by `::`.
                let start = if matches!(word, "crate" | "super" | "self") {
                    i + 2
                } else {
                    i
                };
                let mut paths = Vec::new();
                i = use_tree(&tokens, start, base, &mut paths);
                for path in paths {
                    if let Some(target) = deepest_module(&path, modules) {
                        if target != module {
                            edges.insert(target);
                        }
                    }
                }
            }
            _ => i += 1,
        }
    }
    edges
}

/// Parses a path or use tree from `tokens[i]`, pushing every full path it names onto `out`;
/// returns the index after it.
fn use_tree(tokens: &[String], mut i: usize, mut prefix: Module, out: &mut Vec<Module>) -> usize {
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                i += 1;
                loop {
                    match tokens.get(i).map(String::as_str) {
                        Some("}") => return i + 1,
                        Some(",") => i += 1,
                        None => return i,
                        Some(_) => i = use_tree(tokens, i, prefix.clone(), out),
                    }
                }
            }
            Some("super") => {
                prefix.pop();
                i += 1;
            }
            Some(word) if is_ident(word) => {
                if word != "self" {
                    prefix.push(word.to_owned());
                }
                i += 1;
            }
            _ => {
                out.push(prefix);
                return i;
            }
        }
        if tokens.get(i).map(String::as_str) == Some("::") {
            i += 1;
        } else {
            out.push(prefix);
            return i;
        }
    }
}

/// The longest prefix of `path` that is a module of the crate.
fn deepest_module(path: &Module, modules: &BTreeSet<Module>) -> Option<Module> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|candidate| modules.contains(candidate))
}

fn is_ident(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Identifiers, `::`, and single punctuation characters.
fn tokenize(code: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push("::".to_owned());
            i += 2;
        } else {
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
            i += 1;
        }
    }
    tokens
}

/// The code without comments and without the text of string and character literals.
fn strip_comments_and_strings(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1)) {
            ('/', Some('/')) => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            ('/', Some('*')) => {
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            ('"', _) => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            // A character literal of a quote or backslash (lifetimes pass through).
            ('\'', Some('"')) | ('\'', Some('\\')) => {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}
