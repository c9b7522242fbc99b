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
    // Split the pages' code out of the first download: `main.wasm` keeps what every page
    // needs; each lazy route's code goes into a chunk that `__wasm_split.js` fetches on the
    // first visit of the page. The chunks import `initSync` from the JS glue, so the glue
    // and the loader keep fixed names (revalidated by ETag); the wasm files are named by
    // their content.
    let raw = std::fs::read(&wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
    let split_dir = target_dir.join("wasm-split");
    if split_dir.exists() {
        std::fs::remove_dir_all(&split_dir)?;
    }
    std::fs::create_dir_all(&split_dir)?;
    let main_wasm = split_dir.join("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut o = wasm_split_cli_support::Options::new(&raw);
        o.output_dir = &dist;
        o.main_out_path = &main_wasm;
        o.main_module = "./eil_frontend.js";
        o.link_name = "./__wasm_split.js";
        o
    })
    .map_err(|e| anyhow::anyhow!("wasm-split failed: {e:?}"))?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&main_wasm)
        .web(true)?
        .typescript(false)
        .out_name("eil_frontend")
        // The library's default (true) leaves `init()` without the wasm file's address.
        .omit_default_module_path(false)
        .remove_name_section(!dev)
        // The page chunks link against the main module's function table.
        .keep_lld_exports(true)
        .generate(&dist)
        .context("wasm-bindgen failed")?;
    std::fs::copy(
        root.join("frontend").join("style.css"),
        dist.join("style.css"),
    )
    .context("cannot copy style.css")?;
    // Content-named assets can be cached for ever; index.html names the current ones.
    let mut index = std::fs::read_to_string(root.join("frontend").join("index.html"))
        .context("cannot read index.html")?;
    let mut report = Vec::new();
    let mut wasm_name = String::new();
    for name in ["eil_frontend_bg.wasm", "style.css"] {
        let hashed = content_name(&dist, name)?;
        index = index.replace(&format!("/{name}"), &format!("/{hashed}"));
        report.push(precompress(&dist.join(&hashed))?);
        if name.ends_with(".wasm") {
            wasm_name = hashed;
        }
    }
    // The server's Content-Security-Policy allows no inline script: the lines that start
    // the app live in a file of their own, which names the current wasm.
    std::fs::write(
        dist.join("boot.js"),
        format!(
            "import init from '/eil_frontend.js';\ninit({{ module_or_path: '/{wasm_name}' }});\n"
        ),
    )?;
    let boot = content_name(&dist, "boot.js")?;
    index = index.replace("/boot.js", &format!("/{boot}"));
    report.push(precompress(&dist.join(&boot))?);
    report.push(precompress(&dist.join("eil_frontend.js"))?);
    report.push(precompress(&dist.join("__wasm_split.js"))?);
    let mut chunks = Vec::new();
    for chunk in &split.split_modules {
        chunks.push(precompress(chunk)?);
    }
    std::fs::write(dist.join("index.html"), &index)?;
    report.push(precompress(&dist.join("index.html"))?);
    println!("web app built in {}", dist.display());
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for (name, r, g, b) in &report {
        println!("  {name:<36} {r:>8} B   gzip {g:>7} B   brotli {b:>7} B");
        (raw, gz, br) = (raw + r, gz + g, br + b);
    }
    println!(
        "  {:<36} {raw:>8} B   gzip {gz:>7} B   brotli {br:>7} B",
        "first visit downloads"
    );
    let chunk_br: usize = chunks.iter().map(|c| c.3).sum();
    println!(
        "  page chunks, fetched as pages open: {} files, brotli {chunk_br} B",
        chunks.len()
    );
    Ok(())
}

/// Renames `dist/name` to `stem-<hash>.ext` and returns the new name.
fn content_name(dist: &Path, name: &str) -> anyhow::Result<String> {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(dist.join(name)).with_context(|| format!("cannot read {name}"))?;
    let hash = hex::encode(&Sha256::digest(&bytes)[..6]);
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let hashed = format!("{stem}-{hash}.{ext}");
    std::fs::rename(dist.join(name), dist.join(&hashed))?;
    Ok(hashed)
}

/// Writes `file.gz` (gzip -9) and `file.br` (brotli 11) beside `file`; the server sends
/// whichever the browser accepts. Returns the name and the three sizes.
fn precompress(file: &Path) -> anyhow::Result<(String, usize, usize, usize)> {
    use std::io::Write;
    let bytes = std::fs::read(file)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    let gz = gz.finish()?;
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(&bytes)?;
    }
    let path = |ext: &str| {
        let mut p = file.as_os_str().to_owned();
        p.push(ext);
        PathBuf::from(p)
    };
    std::fs::write(path(".gz"), &gz)?;
    std::fs::write(path(".br"), &br)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes.len(), gz.len(), br.len()))
}
