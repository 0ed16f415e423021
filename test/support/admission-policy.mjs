// Evaluates a ValidatingAdmissionPolicy's CEL the way the API server does, for one object at a
// time: its variables in order (each may use the ones before), then every validation; a
// validation that is false denies, with its messageExpression (or message). The CEL library,
// @marcbachmann/cel-js, is ESM-only, so jest (CommonJS) runs this script as a child process.
//
// Input on stdin: a JSON array of requests { policy, objects: [...] }: one process evaluates every
// request a test file makes (loading the CEL library is most of a run's time).
// Output on stdout: one JSON line, an array with, per request, an array with, per object, the
// messages of the validations that deny it ([] when admitted). A CEL error (an expression that does not parse or cannot be
// evaluated) is a message `error in <expression>: <error>`, so it fails any test that expects
// an object admitted or denied for its rule. Exit status: 0.
import { readFileSync } from 'node:fs';
import { evaluate } from '@marcbachmann/cel-js';

function denials(spec, object) {
  const variables = {};
  const run = (expression) => evaluate(expression, { object, variables });
  const messages = [];
  try {
    for (const v of spec.variables ?? []) variables[v.name] = run(v.expression);
  } catch (e) {
    return [`error in variables: ${e.message}`];
  }
  for (const v of spec.validations ?? []) {
    try {
      if (run(v.expression) === true) continue;
      messages.push(v.messageExpression ? run(v.messageExpression) : (v.message ?? v.expression));
    } catch (e) {
      messages.push(`error in ${v.expression}: ${e.message}`);
    }
  }
  return messages;
}

const requests = JSON.parse(readFileSync(0, 'utf8'));
const answers = requests.map(({ policy, objects }) => objects.map((o) => denials(policy.spec, o)));
process.stdout.write(`${JSON.stringify(answers)}\n`);
