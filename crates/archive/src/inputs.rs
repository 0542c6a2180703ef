//! Which files an ingest reads under the paths it is given: the one file walk behind
//! `bayegan ingest` and the Python package's `Archive.ingest`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// True for the text inputs of an ingest: page files (`.txt`, `.md`) and article files
/// (`.jsonl`).
pub fn is_text_input(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md" | "jsonl"))
}

/// True for a file name of a PDF or a scan (`.pdf`, `.png`, `.jpg`, `.jpeg`, `.tif`, `.tiff`),
/// which `bayegan ingest` extracts page by page (the Python package reports them instead).
pub fn is_document_input(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(extension.as_deref(), Some("pdf" | "png" | "jpg" | "jpeg" | "tif" | "tiff"))
}

/// The files to ingest under `paths`, in order: a file is taken as given, a directory is walked
/// in name order (its subdirectories too) for the files `accept` takes. An error names the
/// path that cannot be read.
pub fn input_files(paths: &[PathBuf], accept: &dyn Fn(&Path) -> bool) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: cannot read ({e}; check the path)", path.display())))?;
        if meta.is_dir() {
            walk(path, accept, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, accept: &dyn Fn(&Path) -> bool, files: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: cannot list the directory ({e})", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, accept, files)?;
        } else if accept(&path) {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_walked_in_name_order_and_files_taken_as_given() {
        let root = std::env::temp_dir().join(format!("bayegan-inputs-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("b")).unwrap();
        for name in ["b/2.txt", "a.jsonl", "b/1.md", "notes.pdf", "skip.csv"] {
            fs::write(root.join(name), "").unwrap();
        }
        let given = root.join("skip.csv");
        let files = input_files(&[root.clone(), given.clone()], &is_text_input).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.strip_prefix(&root).unwrap().to_owned()).collect();
        let expected: Vec<PathBuf> = ["a.jsonl", "b/1.md", "b/2.txt", "skip.csv"].iter().map(PathBuf::from).collect();
        assert_eq!(names, expected);

        let missing = input_files(&[root.join("nowhere")], &is_text_input).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        assert!(missing.to_string().contains("nowhere: cannot read"), "{missing}");
        fs::remove_dir_all(&root).unwrap();
    }
}
