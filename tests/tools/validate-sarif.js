// Validates SARIF files against the official SARIF 2.1.0 JSON schema
// (draft-04). Usage: node validate-sarif.js SCHEMA FILE...
// Prints one line per invalid file with its schema errors; exit 1 if any.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');

const [schemaPath, ...files] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore', schemaId: 'auto', logger: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
let bad = 0;
for (const file of files) {
  if (!validate(JSON.parse(fs.readFileSync(file, 'utf8')))) {
    bad++;
    console.log(`${file}: ${ajv.errorsText(validate.errors)}`);
  }
}
console.log(`validated ${files.length} file(s), ${bad} invalid`);
process.exit(bad ? 1 : 0);
