// Checks recorded API responses against the OpenAPI document with a standard validator
// (openapi-response-validator, on ajv). Usage: node validate_responses.js openapi.json log.jsonl
// where each line of the log is {"method","target","status","content_type","body"}. Prints every
// response the document does not describe and exits 1 if there is any.
'use strict';
const fs = require('fs');
const OpenAPIResponseValidator = require('openapi-response-validator').default;

const [docPath, logPath] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));

// Path templates as regular expressions, literal paths first ("/people" before "/{id}").
const routes = Object.keys(doc.paths)
  .map((template) => ({
    template,
    literal: !template.includes('{'),
    regex: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
  }))
  .sort((a, b) => Number(b.literal) - Number(a.literal));

const resolve = (object) =>
  object && object.$ref ? resolve(object.$ref.split('/').slice(1).reduce((o, k) => o[k], doc)) : object;

const formats = {
  int64: { type: 'number', validate: (n) => Number.isInteger(n) },
  int32: { type: 'number', validate: (n) => Number.isInteger(n) },
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};
const validators = new Map();
function validatorFor(template, method) {
  const key = method + ' ' + template;
  if (!validators.has(key)) {
    const responses = {};
    for (const [status, response] of Object.entries(doc.paths[template][method].responses)) {
      const json = (resolve(response).content || {})['application/json'];
      if (json) responses[status] = { schema: json.schema };
    }
    validators.set(key, new OpenAPIResponseValidator({ responses, components: doc.components, customFormats: formats }));
  }
  return validators.get(key);
}

// Before routing the server answers 400 (malformed request line, path or query) or 404 (no
// such path) with the error body of every status.
const beforeRouting = new OpenAPIResponseValidator({
  responses: { 400: { schema: { $ref: '#/components/schemas/Error' } },
               404: { schema: { $ref: '#/components/schemas/Error' } } },
  components: doc.components,
});

function problemOf(r) {
  const path = r.target.split('?')[0];
  const route = routes.find((x) => x.regex.test(path));
  if (!route) {
    if (r.status !== 400 && r.status !== 404) return 'no path of the document matches';
    const errors = beforeRouting.validateResponse(String(r.status), JSON.parse(r.body));
    return errors ? JSON.stringify(errors.errors) : null;
  }
  const method = r.method.toLowerCase();
  const operation = doc.paths[route.template][method];
  if (!operation) return r.status === 405 ? null : `the document has no ${r.method} here`;
  const response = resolve(operation.responses[String(r.status)] || operation.responses.default);
  if (!response) return `status ${r.status} is not documented for ${r.method} ${route.template}`;
  if (r.status === 204) return null;
  const type = (r.content_type || '').split(';')[0].trim();
  const content = response.content || {};
  if (!content[type]) return `content type ${type} is not documented for status ${r.status}`;
  if (type !== 'application/json') return null;
  let body;
  try {
    body = JSON.parse(r.body);
  } catch (e) {
    return 'the body is not JSON';
  }
  const errors = validatorFor(route.template, method).validateResponse(String(r.status), body);
  return errors ? JSON.stringify(errors.errors) : null;
}

let checked = 0;
let failed = 0;
for (const line of fs.readFileSync(logPath, 'utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line);
  ++checked;
  const problem = problemOf(r);
  if (problem) {
    ++failed;
    console.log(`${r.method} ${r.target} -> ${r.status}: ${problem}\n  body: ${r.body.slice(0, 400)}`);
  }
}
console.log(`${checked - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
