//! Build helper. `cargo xtask build-web` compiles the web app to wasm32 and writes it,
//! with its JS glue, `index.html` and CSS, to `frontend/dist/`, which the server serves.
//!
//! The JS glue comes from the wasm-bindgen library (pinned to the `wasm-bindgen` version
//! the app links), so no separately installed CLI is needed.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

const PROFILE: &str = "wasm-release";
const TARGET: &str = "wasm32-unknown-unknown";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("build-web") => build_web(args.iter().any(|a| a == "--dev")),
        _ => {
            eprintln!(
                "usage: cargo xtask build-web [--dev]\n\n  build-web   build the web app into frontend/dist (--dev: unoptimised, faster)"
            );
            std::process::exit(2);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn build_web(dev: bool) -> anyhow::Result<()> {
    let root = root();
    let profile = if dev { "dev" } else { PROFILE };
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args([
            "build",
            "-p",
            "eil-frontend",
            "--target",
            TARGET,
            "--profile",
            profile,
        ])
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the web app did not compile (is the target installed? rustup target add {TARGET})");
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let out_profile = if dev { "debug" } else { PROFILE };
    let wasm = target_dir
        .join(TARGET)
        .join(out_profile)
        .join("eil-frontend.wasm");
    let dist = root.join("frontend").join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)
            .with_context(|| format!("cannot clear {}", dist.display()))?;
    }
    std::fs::create_dir_all(&dist)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .typescript(false)
        .out_name("eil_frontend")
        // The library's default (true) leaves `init()` without the wasm file's address.
        .omit_default_module_path(false)
        .remove_name_section(!dev)
        .generate(&dist)
        .context("wasm-bindgen failed")?;
    for file in ["index.html", "style.css"] {
        std::fs::copy(root.join("frontend").join(file), dist.join(file))
            .with_context(|| format!("cannot copy {file}"))?;
    }
    let size = |f: &str| {
        std::fs::metadata(dist.join(f))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    println!(
        "web app built in {}: eil_frontend_bg.wasm {} kB, eil_frontend.js {} kB",
        dist.display(),
        size("eil_frontend_bg.wasm") / 1024,
        size("eil_frontend.js") / 1024
    );
    Ok(())
}
