// Validates CycloneDX JSON files against the official JSON schema.
// Usage: node validate-cyclonedx.js SCHEMA_DIR VERSION FILE...
// Prints one line per invalid file with its schema errors; exit 1 if any.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

const [schemaDir, version, ...files] = process.argv.slice(2);
const load = (name) => JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8'));
// Formats this validator does not know (iri-reference, idn-email) are not checked.
const ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore', schemaId: 'auto', logger: false });
ajv.addSchema(load('spdx.schema.json'));
ajv.addSchema(load('jsf-0.82.schema.json'));
const validate = ajv.compile(load(`bom-${version}.schema.json`));
let bad = 0;
for (const file of files) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!validate(doc)) {
    bad++;
    console.log(`${file}: ${ajv.errorsText(validate.errors)}`);
  }
}
console.log(`validated ${files.length} file(s), ${bad} invalid`);
process.exit(bad ? 1 : 0);
