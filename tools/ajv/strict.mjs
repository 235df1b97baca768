// Compile an svspec bid schema with ajv, as a consumer would, and print every warning and error
// as JSON: {"warnings": [...], "errors": [...]}. Used by tests/bids/test_schema_strict.py.
//   node strict.mjs SCHEMA DIALECT VOCABULARY (defaults|strict)
// "defaults" is ajv's default options; "strict" is strict: true (every strict check an error).
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, dialectPath, vocabularyPath, mode] = process.argv.slice(2);
const read = (path) => JSON.parse(readFileSync(path, "utf-8"));
const warnings = [];
const errors = [];
const logger = {
  log: () => {},
  warn: (...parts) => warnings.push(parts.map(String).join(" ")),
  error: (...parts) => errors.push(parts.map(String).join(" ")),
};
try {
  const ajv = new Ajv2020(mode === "strict" ? { strict: true, logger } : { logger });
  addFormats(ajv);
  const vocabulary = read(vocabularyPath);
  // The published vocabulary's keywords are annotations: registered, they are known to ajv.
  ajv.addVocabulary(Object.keys(vocabulary.properties));
  ajv.addMetaSchema(vocabulary);
  ajv.addMetaSchema(read(dialectPath));
  ajv.compile(read(schemaPath));
} catch (error) {
  errors.push(String(error && error.message ? error.message : error));
}
process.stdout.write(JSON.stringify({ warnings, errors }) + "\n");
