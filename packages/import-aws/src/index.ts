// public API: add with intention

/** Imports a folder of AWS CLI JSON exports (a relative path → text map) into a scenario, with diagnostics. */
export { importAws, type ImportResult, type ImportOptions } from './import.js';
/** Reads an export folder from disk into the map importAws takes, skipping non-JSON files with a warning. */
export { readExportDir, ExportFiles } from './read-export-dir.js';
/** The same in two steps: list the folder by name (never opening a file), then read the files the importer uses, with progress. */
export { listExportDir, readExportFiles, isExportFile, MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_ENTRIES, type ExportListing, type ReadExportOptions } from './read-export-dir.js';
/** Writes a scenario as readable YAML with stable key order and a header naming its source. */
export { scenarioToYaml } from './yaml.js';
/** Classifies an export file by its relative path (what it holds, for which account and region). */
export { classify, type FileKind, type FileScope, EC2_FILES, PER_ID_FOLDERS } from './layout.js';
