//! Builds C (and C++) programs against sys/include and libsecuretransport exactly as a porter
//! would — only `-I` and `-l` flags — and runs them, under valgrind when it is installed.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_path_buf()
}

/// Where cargo put libsecuretransport.so: beside this test's deps directory.
fn library_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf()
}

/// A scratch directory for generated sources and executables.
pub fn out_dir() -> PathBuf {
    let dir = library_dir().join("c-tests");
    std::fs::create_dir_all(&dir).expect("c-tests dir");
    dir
}

/// The compilers a porter may use; each with every warning an error.
#[derive(Clone, Copy, Debug)]
pub enum Compiler {
    /// `cc -std=c99` (gcc on Debian), the default.
    C99,
    /// `clang -std=c11`, which also checks the nullability annotations.
    Clang,
    /// `c++ -std=c++11`: the headers work from C++ too.
    Cxx,
}

impl Compiler {
    fn command(self) -> Command {
        let (program, flags): (String, &[&str]) = match self {
            Compiler::C99 => (
                std::env::var("CC").unwrap_or_else(|_| "cc".into()),
                &["-std=c99", "-D_DEFAULT_SOURCE"],
            ),
            Compiler::Clang => ("clang".into(), &["-std=c11", "-D_DEFAULT_SOURCE"]),
            Compiler::Cxx => ("c++".into(), &["-std=c++11", "-x", "c++"]),
        };
        let mut command = Command::new(program);
        command
            .args(flags)
            .args(["-Wall", "-Wextra", "-Werror", "-g"]);
        command
    }

    /// Whether the compiler is installed (clang is optional).
    pub fn available(self) -> bool {
        let mut command = self.command();
        command
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command.status().is_ok_and(|s| s.success())
    }
}

/// Compiles `source` into `name` with warnings as errors and links it against our library;
/// panics with the compiler's messages if that fails.
pub fn build_with(compiler: Compiler, source: &Path, name: &str) -> PathBuf {
    let exe = out_dir().join(name);
    let lib = library_dir();
    let output = compiler
        .command()
        .arg("-I")
        .arg(repo().join("sys/include"))
        .arg(source)
        .arg("-o")
        .arg(&exe)
        .arg(format!("-L{}", lib.display()))
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .arg("-lsecuretransport")
        .output()
        .expect("run the compiler");
    assert!(
        output.status.success(),
        "{compiler:?} compiling {}:\n{}",
        source.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    exe
}

/// Builds tests/c/<name>.c with the default compiler.
pub fn build(name: &str) -> PathBuf {
    let source = repo().join("tests/c").join(format!("{name}.c"));
    build_with(Compiler::C99, &source, name)
}

/// Whether runs go through valgrind: when it is installed, unless SECURE_TRANSPORT_VALGRIND=0.
pub fn valgrind() -> bool {
    std::env::var("SECURE_TRANSPORT_VALGRIND").map_or(true, |v| v != "0")
        && Command::new("valgrind")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// What a finished program reported.
pub struct Outcome {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a built program, bounded by `timeout`; under valgrind, any invalid access or leak
/// makes it fail.
pub fn run(exe: &Path, args: &[&str], timeout: Duration) -> Outcome {
    let mut command = if valgrind() {
        let mut c = Command::new("valgrind");
        c.args([
            "-q",
            "--error-exitcode=97",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect",
            "--show-leak-kinds=definite,indirect",
        ])
        .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let mut child = command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the program");
    let deadline = Instant::now() + timeout;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            child.kill().ok();
            let output = child.wait_with_output().expect("output");
            panic!(
                "{} timed out:\n{}",
                exe.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    Outcome {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
