// Validate bids from JSON text with ajv, for benchmarks/bench_validate.py (issue 12 item 10).
//   node bench.mjs SCHEMA DIALECT VOCABULARY BIDS.jsonl RUNS
// Each line of BIDS.jsonl is one bid's text. For each bid: JSON.parse, then validate with every
// error collected (allErrors, as svspec collects every problem). Prints JSON: the best bids per
// second over RUNS passes and how many bids were valid (so the caller can check the same verdicts).
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, dialectPath, vocabularyPath, bidsPath, runs] = process.argv.slice(2);
const read = (path) => JSON.parse(readFileSync(path, "utf-8"));
const ajv = new Ajv2020({ allErrors: true, logger: false });
addFormats(ajv);
const vocabulary = read(vocabularyPath);
ajv.addVocabulary(Object.keys(vocabulary.properties));
ajv.addMetaSchema(vocabulary);
ajv.addMetaSchema(read(dialectPath));
const validate = ajv.compile(read(schemaPath));
const texts = readFileSync(bidsPath, "utf-8").split("\n").filter((line) => line.length > 0);
let best = Infinity;
let valid = 0;
for (let run = 0; run < Number(runs); run++) {
  valid = 0;
  const start = process.hrtime.bigint();
  for (const text of texts) {
    if (validate(JSON.parse(text))) valid++;
  }
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
process.stdout.write(JSON.stringify({ bids_per_second: texts.length / best, valid, bids: texts.length }) + "\n");
